import { byValue } from './by-value.js';

/** `max_by(acc)`: the whole item with the largest value (ties: first seen). */
export const max_by = () => byValue('max_by');
