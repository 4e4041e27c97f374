#!/usr/bin/env node
// Why nlts keeps its own YNL YAML reader: parse time and load time of
// src/netlink/genl/yaml-lite.ts against the `yaml` package (a devDependency, the
// test oracle) on the kernel's YNL specs, side by side, medians of N runs.
//   npm run build && node bench/yaml-parse.mjs [runs]
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 9);
const fetch = spawnSync(path.join(ROOT, 'scripts/fetch-linux-source.sh'), { encoding: 'utf8' });
if (fetch.status !== 0) {
  console.error(`no kernel specs: ${fetch.stderr.trim()}`);
  process.exit(1);
}
const dir = path.join(fetch.stdout.trim().split('\n').pop(), 'Documentation/netlink/specs');
const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]);

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
function loadMs(mod) {
  const code = `const t=performance.now();await import(${JSON.stringify(mod)});console.log(performance.now()-t)`;
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    ms.push(Number(r.stdout));
  }
  return median(ms);
}
const liteUrl = path.join(ROOT, 'dist/netlink/genl/yaml-lite.js');
const { parseYaml } = await import(liteUrl);
const { parse } = await import('yaml');

console.log(`kernel YNL specs: ${texts.length} files from ${dir}; ${runs} runs, medians`);
console.log('file'.padEnd(22), 'yaml-lite ms'.padStart(13), 'yaml ms'.padStart(9), 'ratio'.padStart(7));
let sumLite = 0;
let sumYaml = 0;
for (const [f, text] of texts) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    parseYaml(text);
    a.push(performance.now() - t);
    t = performance.now();
    parse(text);
    b.push(performance.now() - t);
  }
  const [ma, mb] = [median(a), median(b)];
  sumLite += ma;
  sumYaml += mb;
  console.log(
    f.padEnd(22),
    ma.toFixed(2).padStart(13),
    mb.toFixed(2).padStart(9),
    (mb / ma).toFixed(1).padStart(7),
  );
}
console.log(
  'all'.padEnd(22),
  sumLite.toFixed(1).padStart(13),
  sumYaml.toFixed(1).padStart(9),
  (sumYaml / sumLite).toFixed(1).padStart(7),
);
const [la, lb] = [loadMs(liteUrl), loadMs('yaml')];
console.log(
  `load (import) ms: yaml-lite ${la.toFixed(1)}, yaml ${lb.toFixed(1)}, ratio ${(lb / la).toFixed(1)}`,
);
