import { byValue } from './by-value.js';

/** `min_by(acc)`: the whole item with the smallest value (ties: first seen). */
export const min_by = () => byValue('min_by');
