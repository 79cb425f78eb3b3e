import { nullReducer } from './null.js';

/** `noop()`: used by real scripts, not in the hosted reference; the same as `null()`. */
export const noop = () => nullReducer('noop');
