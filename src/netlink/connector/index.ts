export * from './proc.js';
