export * from './errors.js';
export * from './bytes.js';
export * from './message.js';
export * from './attributes.js';
