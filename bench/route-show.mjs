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

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NS = `nlts-rbench-${process.pid}`;
const TIME = '/usr/bin/time';
const TARGETS = { 100000: 1.5, 1000000: 1.0 };
const RSS_TARGET_KB = 100 * 1024;

// ---- --direct: run `nlts ARGS` in-process (the route object is not registered in main.ts yet) ----
if (process.argv[2] === '--direct') {
  const d = (p) => import(path.join(REPO, 'dist', p));
  const { routeCommand } = await d('commands/route/index.js');
  const { parseGlobalOptions } = await d('cli/options.js');
  const { openNativeTransport } = await d('netlink/native-transport.js');
  const { FdOutput } = await d('output/output.js');
  const { describeError } = await d('iproute/describe-error.js');
  const { opts, rest } = parseGlobalOptions(process.argv.slice(3));
  const out = new FdOutput(1);
  const err = new FdOutput(2);
  try {
    process.exitCode = await routeCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: openNativeTransport,
      colorize: undefined,
      readFile: (p) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return null;
        }
      },
      fact: (_k, c) => c(),
    });
  } catch (e) {
    err.write(describeError(e).message + '\n');
    process.exitCode = describeError(e).exitCode;
  }
  out.flush();
  err.flush();
  process.exit();
}

const USAGE = `usage: sudo node bench/route-show.mjs [--sizes 100000,1000000] [--reps 5] [--json]`;

function parseArgs(argv) {
  const o = { sizes: [100000, 1000000], reps: 5, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--sizes') o.sizes = String(argv[++i]).split(',').map(Number);
    else if (a === '--json') o.json = true;
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
  if (!existsSync(path.join(REPO, 'dist/commands/route/index.js'))) {
    console.error('route-show bench: build first: npx tsc -p tsconfig.build.json');
    return 1;
  }
  const node = process.execPath;
  const viaCli = spawnSync(node, [path.join(REPO, 'bin/nlts.js'), 'route', 'help'], { encoding: 'utf8' });
  const nltsCmd =
    viaCli.status === 0
      ? [node, path.join(REPO, 'bin/nlts.js')]
      : [node, fileURLToPath(import.meta.url), '--direct'];
  if (viaCli.status !== 0)
    console.error(
      'note: "route" is not registered in src/cli/main.ts yet; timing the handler in-process (--direct)',
    );

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
        for (let r = 0; r < o.reps; r++) {
          ipRuns.push(timed(['ip', '-n', NS, ...mode, 'route', 'show'], tmp));
          nlRuns.push(timed([...nltsCmd, '-n', NS, ...mode, 'route', 'show'], tmp));
        }
        const ipWall = median(ipRuns.map((x) => x.wall));
        const nlWall = median(nlRuns.map((x) => x.wall));
        results.push({
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
  console.log('| routes | output | ip | nlts | ratio | target | ip RSS | nlts RSS | RSS target |');
  console.log('|---:|---|---:|---:|---:|---|---:|---:|---|');
  for (const r of results) {
    const t = TARGETS[r.routes];
    const timeMark =
      t === undefined || r.mode === 'text' ? '' : `${r.ratio <= t ? 'ok' : 'MISSED'} (<= ${t}x ip -j)`;
    const rssMark =
      r.routes >= 1000000 ? `${r.nltsRssKiB < RSS_TARGET_KB ? 'ok' : 'MISSED'} (< 100 MiB)` : '';
    console.log(
      `| ${r.routes.toLocaleString('en')} | ${r.mode} | ${r.ipWall.toFixed(3)} s | ${r.nltsWall.toFixed(3)} s | ${r.ratio.toFixed(2)}x | ${timeMark} | ${(r.ipRssKiB / 1024).toFixed(1)} MiB | ${(r.nltsRssKiB / 1024).toFixed(1)} MiB | ${rssMark} |`,
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
