export * from './zone.js';
export * from './range.js';
