export * from './proc.js';
export * from '../gen/connector.js';
