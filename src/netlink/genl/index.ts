export * from './constants.js';
export * from './message.js';
export * from './ctrl.js';
export * from './cache.js';
export * from './spec.js';
export * from './codec.js';
export { parseYaml, YamlError, type YamlValue } from './yaml-lite.js';
export * from '../gen/genetlink.js';
export * from '../gen/netlink_policy.js';
