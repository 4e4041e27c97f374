#!/usr/bin/env node
// Benchmark: `nlts route show` against `ip route show` on namespaces holding
// 100,000 and 1,000,000 IPv4 routes, JSON against JSON and text against text,
// interleaved in the same run. A measurement, not a test. See bench/ROUTES.md.
//
//   sudo node bench/route-show.mjs [--sizes 100000,1000000] [--reps 5] [--json]
//
// Exit 0 when it measured (a missed target is marked MISSED, not an error),
// 1 when it could not measure, 2 on a bad option, 130 when interrupted.
// It always deletes its namespace nlts-rbench-<pid>.

import './clean-env.mjs';
import { nltsCommand } from './nlts-cmd.mjs';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NS = `nlts-rbench-${process.pid}`;
const TIME = '/usr/bin/time';
// Issue 15 targets: -j route show at 100k routes <= 1.1x ip -j, at 1M <= 0.7x with peak RSS <= 64 MiB.
const TARGETS = { 100000: 1.1, 1000000: 0.7 };
const RSS_TARGET_KB = 64 * 1024;

const USAGE = `usage: sudo node bench/route-show.mjs [--sizes 100000,1000000] [--reps 5] [--json] [--nlts-cmd CMD]
  --nlts-cmd CMD  command used for nlts, split on spaces (default: what bin/nlts.js's #! line runs, of this tree),
                  e.g. "node /tmp/before/bin/nlts.js" to compare an older tree in the same run
  --before-cmd CMD  also time CMD (e.g. an older tree) interleaved with ip and nlts: columns "before"`;

function parseArgs(argv) {
  const o = { sizes: [100000, 1000000], reps: 5, json: false, nltsCmd: null, beforeCmd: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--sizes') o.sizes = String(argv[++i]).split(',').map(Number);
    else if (a === '--json') o.json = true;
    else if (a === '--nlts-cmd') o.nltsCmd = String(argv[++i]).split(' ').filter(Boolean);
    else if (a === '--before-cmd') o.beforeCmd = String(argv[++i]).split(' ').filter(Boolean);
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown option ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(o.reps) || o.reps < 1 || !o.sizes.every((n) => Number.isInteger(n) && n > 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  return o;
}

function sh(cmd, args, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

let nsExists = false;
function cleanup() {
  if (nsExists) {
    spawnSync('ip', ['netns', 'del', NS]);
    nsExists = false;
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One run: wall time (hrtime around the wrapped process) and peak RSS in KiB. */
function timed(argv, tmp) {
  const rssFile = path.join(tmp, 'rss');
  const devnull = openSync('/dev/null', 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%M', '-o', rssFile, ...argv], { stdio: ['ignore', devnull, 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(devnull);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, rss: Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) {
    console.error('route-show bench: must run as root (it creates a network namespace)');
    return 1;
  }
  if (!existsSync(TIME)) {
    console.error(`route-show bench: ${TIME} (GNU time) is needed for peak RSS: apt-get install -y time`);
    return 1;
  }
  const nltsCmd = o.nltsCmd ?? nltsCommand(REPO);
  if (!o.nltsCmd && !existsSync(path.join(REPO, 'dist/cli/main.js'))) {
    console.error('route-show bench: build first: npx tsc -p tsconfig.build.json');
    return 1;
  }

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nlts-rbench-'));
  const results = [];
  try {
    sh('ip', ['netns', 'add', NS]);
    nsExists = true;
    sh('ip', ['-n', NS, 'link', 'set', 'lo', 'up']);
    let have = 0;
    for (const size of [...o.sizes].sort((a, b) => a - b)) {
      // Routes are added incrementally: blackhole /32s, 10.x.y.z, one ip -batch call per size.
      let lines = '';
      for (let i = have; i < size; i++)
        lines += `route add blackhole 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32\n`;
      const file = path.join(tmp, 'batch');
      writeFileSync(file, lines);
      process.stderr.write(`building ${size} routes...\n`);
      sh('ip', ['-n', NS, '-batch', file]);
      have = size;
      // Same output check, once, before timing.
      for (const mode of [['-j'], []]) {
        const a = sh('ip', ['-n', NS, ...mode, 'route', 'show']);
        const b = sh(nltsCmd[0], [...nltsCmd.slice(1), '-n', NS, ...mode, 'route', 'show']);
        if (a !== b) throw new Error(`nlts ${mode.join(' ')} route show differs from ip at ${size} routes`);
      }
      for (const mode of [['-j'], []]) {
        const ipRuns = [];
        const nlRuns = [];
        const bfRuns = [];
        for (let r = 0; r < o.reps; r++) {
          ipRuns.push(timed(['ip', '-n', NS, ...mode, 'route', 'show'], tmp));
          nlRuns.push(timed([...nltsCmd, '-n', NS, ...mode, 'route', 'show'], tmp));
          if (o.beforeCmd) bfRuns.push(timed([...o.beforeCmd, '-n', NS, ...mode, 'route', 'show'], tmp));
        }
        const ipWall = median(ipRuns.map((x) => x.wall));
        const nlWall = median(nlRuns.map((x) => x.wall));
        const before = o.beforeCmd
          ? {
              wall: median(bfRuns.map((x) => x.wall)),
              ratio: median(bfRuns.map((x) => x.wall)) / ipWall,
              rssKiB: Math.max(...bfRuns.map((x) => x.rss)),
            }
          : undefined;
        results.push({
          before,
          routes: size,
          mode: mode.length ? 'json' : 'text',
          ipWall,
          nltsWall: nlWall,
          ratio: nlWall / ipWall,
          ipRssKiB: Math.max(...ipRuns.map((x) => x.rss)),
          nltsRssKiB: Math.max(...nlRuns.map((x) => x.rss)),
        });
      }
    }
  } finally {
    cleanup();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`reps ${o.reps}, median wall time, peak RSS (max over reps); kernel ${os.release()}`);
  const bf = o.beforeCmd !== null;
  console.log(
    `| routes | output | ip | nlts | ratio | target | ip RSS | nlts RSS | RSS target |${bf ? ' before | before ratio | before RSS |' : ''}`,
  );
  console.log(`|---:|---|---:|---:|---:|---|---:|---:|---|${bf ? '---:|---:|---:|' : ''}`);
  for (const r of results) {
    const t = TARGETS[r.routes];
    const timeMark =
      t === undefined || r.mode === 'text' ? '' : `${r.ratio <= t ? 'ok' : 'MISSED'} (<= ${t}x ip -j)`;
    const rssMark =
      r.routes >= 1000000 ? `${r.nltsRssKiB <= RSS_TARGET_KB ? 'ok' : 'MISSED'} (<= 64 MiB)` : '';
    console.log(
      `| ${r.routes.toLocaleString('en')} | ${r.mode} | ${r.ipWall.toFixed(3)} s | ${r.nltsWall.toFixed(3)} s | ${r.ratio.toFixed(2)}x | ${timeMark} | ${(r.ipRssKiB / 1024).toFixed(1)} MiB | ${(r.nltsRssKiB / 1024).toFixed(1)} MiB | ${rssMark} |` +
        (r.before
          ? ` ${r.before.wall.toFixed(3)} s | ${r.before.ratio.toFixed(2)}x | ${(r.before.rssKiB / 1024).toFixed(1)} MiB |`
          : ''),
    );
  }
  if (o.json) console.log(JSON.stringify({ kernel: os.release(), reps: o.reps, results }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    cleanup();
    console.error(`route-show bench: ${e.message}`);
    process.exit(1);
  },
);
