#!/usr/bin/env node
// Start-up floor of a Node CLI like nlts, measured side by side in one run:
//   node -e 0                       Node itself
//   ESM entry + native addon        the least an ESM program that loads a .node addon can cost
//   CommonJS entry + native addon   the same for a CommonJS entry (bin/nlts.js is one)
//   nlts -V                         nlts's entry, option parser and object registry
//   nlts link show lo               a full command: one socket, one RTM_GETLINK, one line out
//   bin/nlts.js link show lo        the same run as a program, through its #! line (/usr/bin/env
//     (through #!)                  -S node --v8-pool-size=1): what an installed `nlts` costs
// and the ratio of each to `node -e 0` (issue 15's target for the last row is 1.15x).
// The CommonJS row is the floor no JavaScript program of this shape can go under. The nlts rows
// run what the #! line runs (bench/nlts-cmd.mjs), without env's own exec, as all earlier figures.
//
//   node bench/startup.mjs [--runs 40] [--nlts-cmd CMD] [--before-cmd CMD]
//
// --before-cmd CMD adds the same two nlts rows for another tree (e.g. "node /tmp/before/bin/nlts.js"),
// timed in the same interleaved rounds.
import './clean-env.mjs';
import { nltsCommand } from './nlts-cmd.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 40) || 40;
const cmdAt = args.indexOf('--nlts-cmd');
const nlts = cmdAt >= 0 ? args[cmdAt + 1].split(' ').filter(Boolean) : nltsCommand(REPO);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nlts-startup-'));
const floor = path.join(tmp, 'floor.mjs');
writeFileSync(
  floor,
  `import { createRequire } from 'node:module';\n` +
    `createRequire(import.meta.url)(${JSON.stringify(path.join(REPO, 'build/Release/nlts_native.node'))});\n`,
);
// The same in CommonJS, which is what bin/nlts.js is: no ESM loader at start.
const floorCjs = path.join(tmp, 'floor.cjs');
writeFileSync(floorCjs, `require(${JSON.stringify(path.join(REPO, 'build/Release/nlts_native.node'))});\n`);
const beforeAt = args.indexOf('--before-cmd');
const before = beforeAt >= 0 ? args[beforeAt + 1].split(' ').filter(Boolean) : null;
const cases = [
  ['node -e 0', [process.execPath, '-e', '0']],
  ['ESM entry + native addon', [process.execPath, floor]],
  ['CommonJS entry + native addon (floor)', [process.execPath, floorCjs]],
  ['nlts -V', [...nlts, '-V']],
  ['nlts link show lo', [...nlts, 'link', 'show', 'lo']],
  // The file run as a program: the kernel reads its #! line and starts /usr/bin/env, which starts node.
  ...(cmdAt >= 0
    ? []
    : [['bin/nlts.js link show lo (through #!)', [path.join(REPO, 'bin/nlts.js'), 'link', 'show', 'lo']]]),
  ...(before
    ? [
        ['before: nlts -V', [...before, '-V']],
        ['before: nlts link show lo', [...before, 'link', 'show', 'lo']],
      ]
    : []),
];
const times = cases.map(() => []);
try {
  for (let r = 0; r < runs; r++)
    cases.forEach(([, argv], i) => {
      const t0 = process.hrtime.bigint();
      const res = spawnSync(argv[0], argv.slice(1), { stdio: 'ignore' });
      if (res.status !== 0) throw new Error(`${argv.join(' ')} exited ${res.status}`);
      times[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const base = median(times[0]);
console.log(
  `start-up, median of ${runs} interleaved runs; node ${process.version}; ${os.cpus().length} CPU(s); load ${os.loadavg()[0].toFixed(2)}`,
);
console.log('| case | ms | ratio to node -e 0 |');
console.log('|---|---:|---:|');
cases.forEach(([name], i) => {
  const m = median(times[i]);
  console.log(`| ${name} | ${m.toFixed(1)} | ${(m / base).toFixed(2)}x |`);
});
