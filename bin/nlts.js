#!/usr/bin/env node
// Thin entry: everything lives in dist/ (built from src/ by `npm install`).
//
// Start-up (issue 15): when dist/cli.bundle.js (scripts/build-bundle.mjs) is there
// and was made from the dist/ that is there now, the CLI runs from that script
// (and the chunks it reads on demand), compiled with V8 code caches; otherwise
// from dist/'s ES modules.
// Builtins come from process.getBuiltinModule: an `import ... from 'node:fs'`
// would build fs's ES module facade, which loads all of node:stream (~4 ms).
// NLTS_BUNDLE=0 forces the ES modules (tests compare both paths).
const { main } = (globalThis.process.getBuiltinModule && bundled()) || (await import('../dist/cli/main.js'));
await main();

function bundled() {
  if (process.env.NLTS_BUNDLE === '0') return null;
  const fs = process.getBuiltinModule('node:fs');
  const dist = new URL('../dist/', import.meta.url);
  const { fileURLToPath } = process.getBuiltinModule('node:url');
  const dir = fileURLToPath(dist);
  let source;
  try {
    // Made from this dist/: not older than its main.js (tsc rewrites that on every build), and
    // stamped with its size. An installed package passes too (npm gives all files one mtime).
    const main = fs.statSync(dir + 'cli/main.js');
    if (fs.statSync(dir + 'cli.bundle.js').mtimeMs < main.mtimeMs) return null;
    // ASCII by construction: latin1 is the cheapest exact decoding.
    source = fs.readFileSync(dir + 'cli.bundle.js', 'latin1');
    if (!source.startsWith(`// nlts-bundle ${main.size}\n`)) return null;
  } catch {
    return null;
  }
  let cachedData;
  try {
    cachedData = fs.readFileSync(dir + 'cli.bundle.cache');
  } catch {
    /* no cache: compile from source */
  }
  const vm = process.getBuiltinModule('node:vm');
  const { createRequire } = process.getBuiltinModule('node:module');
  // A cache made by another Node (or other V8 flags) is rejected by V8 and the source compiled as usual.
  const script = new vm.Script(source, { filename: dir + 'cli.bundle.js', cachedData });
  const load = script.runInThisContext()(createRequire(dir + 'cli.bundle.js'), dist.href);
  return load('cli/main.js');
}
