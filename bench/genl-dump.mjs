#!/usr/bin/env node
// Generic netlink dump speed: `nlts -j genl dump` against the kernel's own YNL CLI
// (tools/net/ynl/cli.py of the pinned linux-source tree, --no-schema --output-json) on the same
// namespace, side by side in one run, with the ratio of medians. Issue 15 item 9 asks that the
// speed work elsewhere does not make genl slower: pass --before-cmd to time another nlts tree in
// the same interleaved rounds (e.g. a worktree of the commit before the change).
//
//   sudo node bench/genl-dump.mjs [--pairs 500] [--reps 7] [--nlts-cmd CMD] [--before-cmd CMD] [--json]
//
// It creates the namespace nlgb-<pid> with --pairs veth pairs (2N+1 devices with lo), deletes it
// at the end (also on error and on SIGINT/SIGTERM/SIGHUP), and times each case as
// `ip netns exec NS <command>` for every tool alike, stdout to /dev/null. Before timing, each
// tool's output is checked once: both must print JSON, with as many top-level entries.
// A measurement, not a test: exit 0 when it measured, 1 when it could not (not root, no
// build, no pinned tree, a command failed), 130 when interrupted.
import './clean-env.mjs';
import { nltsCommand } from './nlts-cmd.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : dflt;
};
const pairs = Number(opt('--pairs', '500'));
const reps = Number(opt('--reps', '7'));
const asJson = argv.includes('--json');
const words = (s) => s.split(' ').filter(Boolean);
const nltsCmd = opt('--nlts-cmd', null);
const nlts = nltsCmd ? words(nltsCmd) : nltsCommand(REPO);
const beforeCmd = opt('--before-cmd', null);
const before = beforeCmd ? words(beforeCmd) : null;
if (!(pairs >= 1 && pairs <= 4000) || !(reps >= 1 && reps <= 99)) {
  console.error('genl-dump: --pairs 1..4000, --reps 1..99');
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  console.error('genl-dump: needs root (it creates a network namespace)');
  process.exit(1);
}

const tree = execFileSync(path.join(REPO, 'scripts/fetch-linux-source.sh'), { encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();
const ynlCli = path.join(tree, 'tools/net/ynl/cli.py');
const specs = path.join(tree, 'Documentation/netlink/specs');

/** [label, family, op]: dumps whose size grows with the number of devices, and one that does not. */
const CASES = [
  ['ethtool features-get', 'ethtool', 'features-get'],
  ['ethtool linkinfo-get', 'ethtool', 'linkinfo-get'],
  ['netdev dev-get', 'netdev', 'dev-get'],
  ['nlctrl getfamily', 'nlctrl', 'getfamily'],
];

const ns = `nlgb-${process.pid}`;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nlts-genl-bench-'));
let nsMade = false;
function cleanup() {
  if (nsMade) spawnSync('ip', ['netns', 'del', ns]);
  nsMade = false;
  rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });

function must(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || '').trim() || `exit ${r.status}`}`);
  return r.stdout;
}

/** Top-level entries of a tool's JSON: YNL prints a list for a dump, nlts too. */
function entries(text, who) {
  const start = text.search(/^[[{]/m);
  if (start < 0) throw new Error(`${who} printed no JSON`);
  const v = JSON.parse(text.slice(start));
  return Array.isArray(v) ? v.length : 1;
}

function tools(family, op) {
  const t = [
    [
      'ynl',
      [
        'python3',
        ynlCli,
        '--no-schema',
        '--spec',
        path.join(specs, `${family}.yaml`),
        '--dump',
        op,
        '--output-json',
      ],
    ],
    ['nlts', [...nlts, '-j', 'genl', 'dump', family, op]],
  ];
  if (before) t.push(['before', [...before, '-j', 'genl', 'dump', family, op]]);
  return t;
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

try {
  must('ip', ['netns', 'add', ns]);
  nsMade = true;
  const batch = path.join(tmp, 'batch');
  writeFileSync(
    batch,
    [
      'link set lo up',
      ...Array.from({ length: pairs }, (_, i) => `link add g${i} type veth peer name g${i}p`),
    ].join('\n') + '\n',
  );
  must('ip', ['-n', ns, '-batch', batch]);

  const results = [];
  for (const [label, family, op] of CASES) {
    const ts = tools(family, op);
    const counts = ts.map(([who, cmd]) => [who, entries(must('ip', ['netns', 'exec', ns, ...cmd]), who)]);
    const times = ts.map(() => []);
    for (let r = 0; r < reps; r++)
      for (let k = 0; k < ts.length; k++) {
        const i = (k + r) % ts.length; // rotate the order so drift hits every tool alike
        const t0 = process.hrtime.bigint();
        const res = spawnSync('ip', ['netns', 'exec', ns, ...ts[i][1]], { stdio: 'ignore' });
        if (res.status !== 0) throw new Error(`${ts[i][0]} ${label} exited ${res.status}`);
        times[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    const row = { case: label, entries: Object.fromEntries(counts), ms: {}, samples: {} };
    ts.forEach(([who], i) => {
      row.ms[who] = median(times[i]);
      row.samples[who] = times[i];
    });
    results.push(row);
  }

  const load = os.loadavg()[0].toFixed(2);
  if (asJson) {
    console.log(JSON.stringify({ pairs, reps, load, node: process.version, results }));
  } else {
    console.log(
      `genl dumps in a namespace of ${2 * pairs + 1} devices, median of ${reps} interleaved runs; ` +
        `node ${process.version}; load ${load}`,
    );
    const head = ['case', 'entries (ynl/nlts)', 'ynl ms', 'nlts ms', 'nlts/ynl'];
    if (before) head.push('before ms', 'nlts/before');
    console.log(`| ${head.join(' | ')} |`);
    console.log(`|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`);
    for (const r of results) {
      const cells = [
        r.case,
        `${r.entries.ynl}/${r.entries.nlts}`,
        r.ms.ynl.toFixed(0),
        r.ms.nlts.toFixed(0),
        `${(r.ms.nlts / r.ms.ynl).toFixed(2)}x`,
      ];
      if (before) cells.push(r.ms.before.toFixed(0), `${(r.ms.nlts / r.ms.before).toFixed(2)}x`);
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
} catch (e) {
  console.error(`genl-dump: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  cleanup();
}
