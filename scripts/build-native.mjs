#!/usr/bin/env node
// Builds native/ with node-gyp against the headers of the Node that runs us.
// No download: Node's own headers are used (Debian/NodeSource ship them under
// <prefix>/include/node); node-gyp only fetches when no nodedir is given and
// nothing is cached, which a machine without internet access cannot do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const prefix = path.dirname(path.dirname(process.execPath));
const args = ['rebuild'];
if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  console.error('nlts: node-gyp is not installed; run npm install');
  process.exit(1);
}
const result = spawnSync(process.execPath, [gyp, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
