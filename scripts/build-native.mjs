#!/usr/bin/env node
// The package's install step: put the native addon at build/Release/nlts_native.node,
// where src/netlink/native.ts loads it.
//
// 1. A prebuilt that fits (prebuilds/linux-<arch>/nlts_native.node, made by
//    scripts/prebuild.mjs, shipped in the npm package) is copied there after a
//    test load, so installing needs no compiler, make or python. N-API is
//    ABI-stable: one build serves every Node >= 20 of that architecture.
// 2. Otherwise (another architecture, a libc the prebuilt does not load on,
//    or `--from-source`) it is built with node-gyp against the headers of
//    the Node that runs us. No download: Node's own headers are used
//    (Debian/NodeSource ship them under <prefix>/include/node); node-gyp only
//    fetches when no nodedir is given and nothing is cached, which a machine
//    without internet access cannot do.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const target = path.join(root, 'build', 'Release', 'nlts_native.node');
const fromSource = process.argv.includes('--from-source') || process.env.NLTS_BUILD_FROM_SOURCE === '1';

/** Whether `file` loads in this Node (a prebuilt for another libc or CPU does not). */
function loads(file) {
  const r = spawnSync(process.execPath, ['-e', 'require(process.argv[1])', file], { stdio: 'ignore' });
  return r.status === 0;
}

const prebuilt = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'nlts_native.node');
if (!fromSource && existsSync(prebuilt)) {
  if (loads(prebuilt)) {
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(prebuilt, target);
    console.log(`nlts: using the prebuilt addon for ${process.platform}-${process.arch}`);
    process.exit(0);
  }
  console.error(
    `nlts: the prebuilt addon for ${process.platform}-${process.arch} does not load here; building from source`,
  );
}

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
const result = spawnSync(process.execPath, [gyp, ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
