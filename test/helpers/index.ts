export * from './temp.js';
export * from './events.js';
export * from './cli.js';
