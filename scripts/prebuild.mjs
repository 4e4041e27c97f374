#!/usr/bin/env node
// Builds the N-API addon for each shipped Linux architecture into
// prebuilds/linux-<arch>/nlts_native.node (prebuildify's layout), so that
// installing the npm package needs no compiler (scripts/build-native.mjs
// installs the prebuilt that fits and builds from source only when none does).
//
// Usage: node scripts/prebuild.mjs [x64] [arm64]   (default: both)
// arm64 on an x64 machine needs Debian's cross compiler (apt-get install
// g++-aarch64-linux-gnu). N-API is ABI-stable, so one build serves every Node >= 20.
// Each build runs in a scratch copy of native/ + binding.gyp so the working
// tree's build/ (used by the tests) is never touched.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { nativeSourceHash } from './native-source-hash.mjs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const prefix = path.dirname(path.dirname(process.execPath));

/** The toolchain for each target when building on this machine's architecture. */
const CROSS = {
  arm64: { CC: 'aarch64-linux-gnu-gcc', CXX: 'aarch64-linux-gnu-g++', LINK: 'aarch64-linux-gnu-g++' },
  x64: { CC: 'x86_64-linux-gnu-gcc', CXX: 'x86_64-linux-gnu-g++', LINK: 'x86_64-linux-gnu-g++' },
};

function onPath(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

const archs = process.argv.slice(2).length ? process.argv.slice(2) : ['x64', 'arm64'];
let failed = 0;
for (const arch of archs) {
  const env = { ...process.env, NODE_PATH: path.join(root, 'node_modules') };
  if (arch !== process.arch) {
    const tools = CROSS[arch];
    if (!tools || !onPath(tools.CXX)) {
      console.error(
        `prebuild: skipping linux-${arch}: no cross compiler (${tools?.CXX ?? 'unknown arch'}) on PATH`,
      );
      failed++;
      continue;
    }
    Object.assign(env, tools);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), `nlts-prebuild-${arch}-`));
  try {
    cpSync(path.join(root, 'native'), path.join(work, 'native'), { recursive: true });
    copyFileSync(path.join(root, 'binding.gyp'), path.join(work, 'binding.gyp'));
    const args = [gyp, 'rebuild', `--arch=${arch}`];
    if (existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
    const r = spawnSync(process.execPath, args, { cwd: work, env, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`prebuild: linux-${arch} failed`);
      failed++;
      continue;
    }
    const dest = path.join(root, 'prebuilds', `linux-${arch}`);
    mkdirSync(dest, { recursive: true });
    copyFileSync(
      path.join(work, 'build', 'Release', 'nlts_native.node'),
      path.join(dest, 'nlts_native.node'),
    );
    // Symbols and debug info are not needed at run time; strip them when the matching strip exists.
    const strip = arch === process.arch ? 'strip' : `${env.CXX.replace(/g\+\+$/, '')}strip`;
    if (onPath(strip)) spawnSync(strip, ['--strip-unneeded', path.join(dest, 'nlts_native.node')]);
    console.log(`prebuild: prebuilds/linux-${arch}/nlts_native.node`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
// The prebuilts are only right for the source they were built from: record it, so
// test/unit/prebuilds.test.ts fails when native/ or binding.gyp changes without a rebuild.
if (!failed) writeFileSync(path.join(root, 'prebuilds', 'SOURCE.sha256'), nativeSourceHash(root) + '\n');
process.exit(failed ? 1 : 0);
