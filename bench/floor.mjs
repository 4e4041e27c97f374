#!/usr/bin/env node
// The floor under issue 15's speed targets, measured side by side in one run (ratios of medians):
//
//   node -e 0                  Node's own start and exit
//   ESM entry + addon          the least an ES-module program that loads nlts's .node addon costs
//   C dump                     bench/dump-floor.c: the kernel building the dump and one process reading
//                              it with a 32 KiB buffer, nothing formatted (compiled here with cc)
//   ip / nlts                  the real commands, -j and text
//
// "floor" = ESM entry + addon + C dump: what any Node program that prints the dump pays before
// formatting its first byte. When floor / ip already exceeds a target, no Node process started per
// command can meet it; the rest of nlts's time (nlts - floor) is its own decoding and printing.
//
//   sudo node bench/floor.mjs [--links 4000] [--routes 100000,1000000] [--reps 7] [--nlts-cmd CMD]
//
// --links N: N veth pairs (2N+1 interfaces); --links 0 or --routes 0 skips that part.
// Namespaces nlts-fbench-<pid>-{links,routes} are always deleted (also on SIGINT/SIGTERM/SIGHUP).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const pairs = Number(opt('--links', '4000'));
const routeSizes = String(opt('--routes', '100000,1000000'))
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const reps = Number(opt('--reps', '7'));
const nlts = opt('--nlts-cmd', `${process.execPath} ${path.join(REPO, 'bin/nlts.js')}`)
  .split(' ')
  .filter(Boolean);
if (process.getuid?.() !== 0) {
  console.error('floor bench: must run as root (it creates network namespaces)');
  process.exit(1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nlts-floor-'));
const namespaces = [];
function cleanup() {
  for (const ns of namespaces.splice(0)) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });

function sh(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Interleaved timing of `cases` ([name, argv]), `reps` rounds, stdout to /dev/null; medians in ms. */
function time(cases) {
  const samples = cases.map(() => []);
  const devnull = openSync('/dev/null', 'w');
  try {
    for (let r = 0; r < reps; r++)
      cases.forEach(([, argv], i) => {
        const t0 = process.hrtime.bigint();
        const res = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', devnull, 'pipe'] });
        if (res.status !== 0) throw new Error(`${argv.join(' ')} exited ${res.status}: ${res.stderr}`);
        samples[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
      });
  } finally {
    closeSync(devnull);
  }
  return samples.map(median);
}

function report(title, names, ms, ipJson, target) {
  const [node0, entry, cdump] = ms;
  const floor = entry + cdump;
  console.log(`\n${title}`);
  console.log('| case | ms | / ip -j |');
  console.log('|---|---:|---:|');
  names.forEach((n, i) => console.log(`| ${n} | ${ms[i].toFixed(1)} | ${(ms[i] / ipJson).toFixed(2)}x |`));
  console.log(
    `| floor = ESM entry + addon + C dump | ${floor.toFixed(1)} | ${(floor / ipJson).toFixed(2)}x |`,
  );
  console.log(
    `target <= ${target}x ip -j: ${floor / ipJson > target ? 'IMPOSSIBLE for a Node process (floor above it)' : 'the floor is under it'}; ` +
      `node -e 0 alone is ${(node0 / ipJson).toFixed(2)}x`,
  );
}

try {
  const cbin = path.join(tmp, 'dump-floor');
  sh('cc', ['-O2', '-o', cbin, path.join(REPO, 'bench/dump-floor.c')]);
  const entry = path.join(tmp, 'entry.mjs');
  writeFileSync(
    entry,
    `import { createRequire } from 'node:module';\n` +
      `createRequire(import.meta.url)(${JSON.stringify(path.join(REPO, 'build/Release/nlts_native.node'))});\n`,
  );
  console.log(
    `floor bench: node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(2)}, ` +
      `kernel ${os.release()}, ${reps} interleaved reps, median wall ms`,
  );
  const base = (what, ns) => [
    ['node -e 0', [process.execPath, '-e', '0']],
    ['ESM entry + addon', [process.execPath, entry]],
    [`C dump (${what})`, [cbin, what, `/run/netns/${ns}`]],
  ];
  if (pairs > 0) {
    const ns = `nlts-fbench-${process.pid}-links`;
    sh('ip', ['netns', 'add', ns]);
    namespaces.push(ns);
    const batch = path.join(tmp, 'links');
    let lines = '';
    for (let i = 0; i < pairs; i++) lines += `link add v${i} type veth peer name v${i}p\n`;
    writeFileSync(batch, lines);
    sh('ip', ['-n', ns, '-batch', batch]);
    const cases = [
      ...base('link', ns),
      ['ip -j link show', ['ip', '-n', ns, '-j', 'link', 'show']],
      ['nlts -j link show', [...nlts, '-n', ns, '-j', 'link', 'show']],
      ['ip link show', ['ip', '-n', ns, 'link', 'show']],
      ['nlts link show', [...nlts, '-n', ns, 'link', 'show']],
    ];
    const ms = time(cases);
    report(
      `${2 * pairs + 1} interfaces`,
      cases.map(([n]) => n),
      ms,
      ms[3],
      1.5,
    );
  }
  if (routeSizes.length) {
    const ns = `nlts-fbench-${process.pid}-routes`;
    sh('ip', ['netns', 'add', ns]);
    namespaces.push(ns);
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    let have = 0;
    for (const size of routeSizes.sort((a, b) => a - b)) {
      let lines = '';
      for (let i = have; i < size; i++)
        lines += `route add blackhole 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32\n`;
      const batch = path.join(tmp, 'routes');
      writeFileSync(batch, lines);
      sh('ip', ['-n', ns, '-batch', batch]);
      have = size;
      const cases = [
        ...base('route', ns),
        ['ip -j route show', ['ip', '-n', ns, '-j', 'route', 'show']],
        ['nlts -j route show', [...nlts, '-n', ns, '-j', 'route', 'show']],
        ['ip route show', ['ip', '-n', ns, 'route', 'show']],
        ['nlts route show', [...nlts, '-n', ns, 'route', 'show']],
      ];
      const ms = time(cases);
      report(
        `${size.toLocaleString('en')} routes`,
        cases.map(([n]) => n),
        ms,
        ms[3],
        size >= 1000000 ? 0.7 : 1.1,
      );
    }
  }
} finally {
  cleanup();
}
