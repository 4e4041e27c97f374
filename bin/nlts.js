#!/usr/bin/env -S node --v8-pool-size=1
// Thin entry: everything lives in dist/ (built from src/ by `npm install`).
//
// --v8-pool-size=1 (issue 15, measured in session 9): V8's background threads (TurboFan compile
// jobs, GC helpers) are four by default whatever the machine. A one-shot command spends most of
// its run in code V8 is still compiling in the background (60 jobs, ~270 ms of compile work for an
// 8,001-link `-j link show`), and on two cores four such threads take turns with the main thread.
// With one: that listing 0.81x the time, 1,000,000 routes 0.96x, `link show lo` 0.98x (paired
// runs, bench/README.md "Results of session 9"). It is a Node option, not a V8 flag, so the code
// caches made without it still match. `env -S` (GNU coreutils 8.30, 2018; every glibc 2.28
// distribution Node 20 runs on has it) splits the line into node's arguments. Run as
// `node bin/nlts.js` (as the tests do) the option is simply absent.
//
// This file is CommonJS (bin/package.json says so): an ES-module entry makes Node start its ESM
// loader, which reads the file through fs/promises and readline (~8 ms of a ~70 ms start, measured
// with bench/startup.mjs), before a line of nlts runs.
//
// Start-up (issue 15): when dist/cli.bundle.js (scripts/build-bundle.mjs) is there
// and was made from the dist/ that is there now, the CLI runs from that script
// (and the chunks it reads on demand), compiled with V8 code caches; otherwise
// from dist/'s ES modules, through import().
// NLTS_BUNDLE=0 forces the ES modules (tests compare both paths).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist') + path.sep;
const cli = bundled();
// main() has written everything (synchronously, to fds 1 and 2) and awaited all it started when it
// resolves; its status is in process.exitCode. process.exit() then skips the teardown of a process
// whose loop merely drained (freeing the environment and the heap one object at a time): ~3.5 ms of
// `nlts link show lo`, 1.22x -> 1.15x `node -e 0` (60 paired runs, session 8).
(cli ? Promise.resolve(cli) : import('../dist/cli/main.js')).then((m) => m.main()).then(() => process.exit());

function bundled() {
  if (process.env.NLTS_BUNDLE === '0') return null;
  let source;
  try {
    // Made from this dist/: not older than its main.js (tsc rewrites that on every build), and
    // stamped with its size. An installed package passes too (npm gives all files one mtime).
    const main = fs.statSync(dist + 'cli/main.js');
    if (fs.statSync(dist + 'cli.bundle.js').mtimeMs < main.mtimeMs) return null;
    // ASCII by construction: latin1 is the cheapest exact decoding.
    source = fs.readFileSync(dist + 'cli.bundle.js', 'latin1');
    if (!source.startsWith(`// nlts-bundle ${main.size}\n`)) return null;
  } catch {
    return null;
  }
  let cachedData;
  try {
    cachedData = fs.readFileSync(dist + 'cli.bundle.cache');
  } catch {
    /* no cache: compile from source */
  }
  const vm = require('node:vm');
  // A cache made by another Node (or other V8 flags) is rejected by V8 and the source compiled as usual.
  const script = new vm.Script(source, { filename: dist + 'cli.bundle.js', cachedData });
  // This file's own require finds the bundle's packages (chalk, …) as one made for dist/ would: both
  // look in the package's node_modules. (node:module's createRequire was ~0.5 ms of the start.)
  const load = script.runInThisContext()(require, dist);
  return load('cli/main.js');
}
