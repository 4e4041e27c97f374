#!/usr/bin/env node
// Benchmark: `nlts link show` against `ip link show` on namespaces holding
// thousands of interfaces, plus nlts start-up against a bare `node -e 0`.
//
// A measurement, not a test: it exits 0 when a target is missed (the line is
// marked MISSED), 1 when it cannot measure (not root, a command fails, setup
// error), 2 on a bad option and 130 when interrupted. See bench/README.md.
//
//   sudo node bench/link-show.mjs [--sizes 1000,4000] [--reps 7] [--json] [--nlts-cmd CMD]
//
// Plain Node ESM, no dependencies. Must run as root: it creates (and always
// deletes) the network namespace nlts-bench-<pid>.

import './clean-env.mjs';
import { nltsCommand } from './nlts-cmd.mjs';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NS = `nlts-bench-${process.pid}`;
const TIME = '/usr/bin/time';
/** Wrapped runs per command used for the peak-RSS columns (never timed). */
const RSS_RUNS = 3;
/** 8,001 interfaces: nlts -j (and text) within 1.5x of ip (issue 15, item 7). */
const BIG_IFACES = 8001;
const BIG_TARGET = 1.5;
/** nlts link show lo within 1.15x of node -e 0. */
const STARTUP_TARGET = 1.15;

const USAGE = `usage: sudo node bench/link-show.mjs [options]

Times 'ip -n NS [-j] link show' against 'nlts -n NS [-j] link show' in a
scratch namespace holding N veth pairs (2N+1 interfaces), and nlts start-up
('nlts link show lo') against 'node -e 0'.

options:
  --sizes LIST     veth pairs per run, comma separated (default 1000,4000)
  --reps N         timed repetitions per command (default 7)
  --json           also print one machine-readable JSON result line at the end
  --nlts-cmd CMD   command used for nlts (default: "${nltsCommand(REPO).join(' ')}", what bin/nlts.js's #! line runs);
                   split on spaces, e.g. --nlts-cmd ip to check the harness
  --before-cmd CMD also time CMD (e.g. "node /tmp/before/bin/nlts.js", an older tree) in the same
                   interleaved runs: columns "before ms" and "before/base"
  -h, --help       this text
`;

class UsageError extends Error {}
class Interrupted extends Error {
  constructor(signal) {
    super(`interrupted by ${signal}`);
    this.signal = signal;
  }
}

function parseArgs(argv) {
  const opts = {
    sizes: [1000, 4000],
    reps: 7,
    json: false,
    nltsCmd: nltsCommand(REPO),
    nltsCmdCustom: false,
    beforeCmd: null,
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const need = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) throw new UsageError(`option ${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--sizes': {
        const list = need()
          .split(',')
          .filter((s) => s.trim() !== '')
          .map((s) => Number(s.trim()));
        if (list.length === 0 || !list.every((n) => Number.isInteger(n) && n > 0)) {
          throw new UsageError('--sizes wants positive integers, e.g. --sizes 1000,4000');
        }
        opts.sizes = list;
        break;
      }
      case '--reps': {
        const n = Number(need());
        if (!Number.isInteger(n) || n < 1) throw new UsageError('--reps wants a positive integer');
        opts.reps = n;
        break;
      }
      case '--json':
        opts.json = true;
        break;
      case '--nlts-cmd': {
        const words = need().trim().split(/\s+/).filter(Boolean);
        if (words.length === 0) throw new UsageError('--nlts-cmd wants a command');
        opts.nltsCmd = words;
        opts.nltsCmdCustom = true;
        break;
      }
      case '--before-cmd': {
        const words = need().trim().split(/\s+/).filter(Boolean);
        if (words.length === 0) throw new UsageError('--before-cmd wants a command');
        opts.beforeCmd = words;
        break;
      }
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${argv[i]}`);
    }
  }
  return opts;
}

// ---------------------------------------------------------------- signals

let interrupted = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupted ??= sig;
  });
}

/**
 * Every child runs through spawnSync, which blocks the event loop, so a
 * signal handler only gets to run when we yield. Yield between runs.
 */
async function checkpoint() {
  await new Promise((resolve) => setImmediate(resolve));
  if (interrupted) throw new Interrupted(interrupted);
}

// ---------------------------------------------------------------- running commands

const devNull = openSync('/dev/null', 'w');
let workDir;

/**
 * Runs argv to completion. Wall time is measured around spawnSync with no
 * wrapper. stdout goes to /dev/null unless captured.
 */
function run(argv, { capture = false } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    stdio: ['ignore', capture ? 'pipe' : devNull, 'pipe'],
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.signal === 'SIGINT' || r.signal === 'SIGTERM' || r.signal === 'SIGHUP') {
    interrupted ??= r.signal;
    throw new Interrupted(r.signal);
  }
  let error = null;
  if (r.error) error = `${argv[0]}: ${r.error.code ?? r.error.message}`;
  else if (r.signal) error = `killed by ${r.signal}`;
  else if (r.status !== 0) {
    error = `exit ${r.status}${summarizeStderr(r.stderr ?? '')}`;
  }
  return { ms, error, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The line of a failed command's stderr most likely to say what went wrong. */
function summarizeStderr(stderr) {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && l !== '^');
  const line = lines.find((l) => /^(\w*Error\b|Error:)/.test(l)) ?? lines[0];
  const hint = /ERR_MODULE_NOT_FOUND.*\/dist\//.test(stderr) ? ' (build nlts first: npm run build)' : '';
  return line ? `: ${clip(line, 120)}${hint}` : '';
}

/** Peak RSS in KiB via GNU time, or null when it is unavailable or the run failed. */
function peakRss(argv, rssTool) {
  if (!rssTool) return null;
  const out = path.join(workDir, 'rss');
  const r = spawnSync(rssTool, ['-f', '%M', '-o', out, ...argv], { stdio: ['ignore', devNull, 'ignore'] });
  if (r.signal === 'SIGINT' || r.signal === 'SIGTERM' || r.signal === 'SIGHUP') {
    interrupted ??= r.signal;
    throw new Interrupted(r.signal);
  }
  if (r.status !== 0) return null;
  try {
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const kib = Number(lines[lines.length - 1]);
    return Number.isFinite(kib) && kib > 0 ? kib : null;
  } catch {
    return null;
  }
}

/** GNU time with -f/-o, checked by running it once. */
function probeRssTool() {
  if (!existsSync(TIME)) return null;
  const out = path.join(workDir, 'rss-probe');
  const r = spawnSync(TIME, ['-f', '%M', '-o', out, 'true'], { stdio: 'ignore' });
  if (r.status !== 0) return null;
  try {
    return Number(readFileSync(out, 'utf8').trim()) > 0 ? TIME : null;
  } catch {
    return null;
  }
}

function must(argv, what) {
  const r = run(argv, { capture: true });
  if (r.error) throw new Error(`${what} failed (${argv.join(' ')}): ${r.error}`);
  return r.stdout;
}

// ---------------------------------------------------------------- namespace

let nsExists = false;

function createNamespace(pairs) {
  deleteNamespace();
  must(['ip', 'netns', 'add', NS], 'creating namespace');
  nsExists = true;
  const file = path.join(workDir, `batch-${pairs}`);
  const lines = [];
  for (let i = 0; i < pairs; i++) lines.push(`link add v${i} type veth peer name v${i}p`);
  writeFileSync(file, lines.join('\n') + '\n');
  const t0 = Date.now();
  must(['ip', '-n', NS, '-batch', file], `creating ${pairs} veth pairs`);
  return Date.now() - t0;
}

/** Idempotent; also runs from the 'exit' handler. */
function deleteNamespace() {
  if (!nsExists && !existsSync(`/run/netns/${NS}`)) return;
  const r = spawnSync('ip', ['netns', 'del', NS], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0 && existsSync(`/run/netns/${NS}`)) {
    process.stderr.write(`bench: could not delete namespace ${NS}: ${(r.stderr ?? '').trim()}\n`);
    process.stderr.write(`bench: remove it by hand: ip netns del ${NS}\n`);
    return;
  }
  nsExists = false;
}

function cleanup() {
  deleteNamespace();
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
    workDir = undefined;
  }
}
process.on('exit', cleanup);

/** Leftovers of runs that were killed with SIGKILL: reported, not touched. */
function warnStale() {
  let names = [];
  try {
    names = readdirSync('/run/netns').filter((n) => /^nlts-bench-\d+$/.test(n) && n !== NS);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice('nlts-bench-'.length));
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (e) {
      alive = e.code !== 'ESRCH';
    }
    if (!alive)
      process.stderr.write(`bench: stale namespace ${name} (its run is gone): ip netns del ${name}\n`);
  }
}

// ---------------------------------------------------------------- statistics and output checks

function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function clip(s, n = 90) {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

/** First place where two parsed `-j` outputs differ, as a short note. */
function jsonDifference(a, b, where = '') {
  if (isDeepStrictEqual(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) return `${where}[${i}] only in nlts`;
      if (i >= b.length) return `${where}[${i}] missing in nlts`;
      const d = jsonDifference(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    for (const k of ka) if (!(k in b)) return `${where}.${k} missing in nlts`;
    for (const k of kb) if (!(k in a)) return `${where}.${k} only in nlts`;
    for (const k of ka) {
      const d = jsonDifference(a[k], b[k], `${where}.${k}`);
      if (d) return d;
    }
    if (!isDeepStrictEqual(ka, kb)) return `${where} key order differs`;
  }
  return clip(`${where}: ip ${JSON.stringify(a)}, nlts ${JSON.stringify(b)}`);
}

function textDifference(a, b) {
  if (a === b) return null;
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      return `line ${i + 1}: ip ${JSON.stringify(clip(la[i] ?? '<end>', 60))}, nlts ${JSON.stringify(clip(lb[i] ?? '<end>', 60))}`;
    }
  }
  return 'differs';
}

/** Number of interfaces in an output, or an error string. */
function countInterfaces(form, stdout) {
  if (form === 'json') {
    let v;
    try {
      v = JSON.parse(stdout);
    } catch (e) {
      return { error: `stdout is not JSON (${e.message})` };
    }
    if (!Array.isArray(v)) return { error: 'stdout is not a JSON array' };
    return { count: v.length, parsed: v };
  }
  return { count: stdout.split('\n').filter((l) => /^\d+: /.test(l)).length };
}

// ---------------------------------------------------------------- measurements

/**
 * Times a set of commands interleaved: each repetition runs every command
 * once, in an order rotated by one per repetition, so drift (thermal, page
 * cache, other load) spreads over all of them.
 */
async function timeInterleaved(cmds, reps, label) {
  for (let rep = 0; rep < reps; rep++) {
    if (process.stderr.isTTY) process.stderr.write(`\rbench: ${label}: repetition ${rep + 1}/${reps}   `);
    else if (rep === 0) process.stderr.write(`bench: ${label}: ${reps} interleaved repetition(s)`);
    const live = cmds.filter((c) => !c.error);
    for (let k = 0; k < live.length; k++) {
      const c = live[(k + rep) % live.length];
      await checkpoint();
      const r = run(c.argv);
      if (r.error) c.error = r.error;
      else c.samples.push(r.ms);
    }
  }
  process.stderr.write('\n');
}

async function measureRss(cmds, reps, rssTool, label) {
  if (!rssTool) return;
  const runs = Math.min(reps, RSS_RUNS);
  process.stderr.write(
    `bench: ${label}: peak RSS (${runs} run${runs > 1 ? 's' : ''} each under ${rssTool})\n`,
  );
  for (let k = 0; k < runs; k++) {
    for (const c of cmds) {
      if (c.error) continue;
      await checkpoint();
      const kib = peakRss(c.argv, rssTool);
      if (kib !== null) c.rssKiB = Math.max(c.rssKiB ?? 0, kib);
    }
  }
}

function cmd(role, argv) {
  return { role, argv, samples: [], error: null, rssKiB: null };
}

async function measureSize(pairs, opts, rssTool) {
  const ifaces = 2 * pairs + 1;
  process.stderr.write(`bench: namespace ${NS}: creating ${pairs} veth pairs (${ifaces} interfaces)...\n`);
  await checkpoint();
  const setupMs = createNamespace(pairs);
  process.stderr.write(`bench: created in ${(setupMs / 1000).toFixed(1)} s\n`);

  const forms = [
    { form: 'json', flag: ['-j'] },
    { form: 'text', flag: [] },
  ];
  const rows = [];
  const all = [];
  for (const f of forms) {
    const ip = cmd('ip', ['ip', '-n', NS, ...f.flag, 'link', 'show']);
    const nlts = cmd('nlts', [...opts.nltsCmd, '-n', NS, ...f.flag, 'link', 'show']);
    const before = opts.beforeCmd
      ? cmd('before', [...opts.beforeCmd, '-n', NS, ...f.flag, 'link', 'show'])
      : null;
    const row = { form: f.form, pairs, interfaces: ifaces, ip, nlts, before, output: null, note: null };

    // One captured run each: warms caches and checks that both print what we expect.
    await checkpoint();
    const ri = run(ip.argv, { capture: true });
    if (ri.error) throw new Error(`${ip.argv.join(' ')} failed: ${ri.error}`);
    const ci = countInterfaces(f.form, ri.stdout);
    if (ci.error || ci.count !== ifaces) {
      throw new Error(`ip printed ${ci.error ?? `${ci.count} interfaces`}, expected ${ifaces}`);
    }
    await checkpoint();
    const rn = run(nlts.argv, { capture: true });
    if (rn.error) {
      nlts.error = rn.error;
      row.output = 'failed';
      row.note = rn.error;
    } else {
      const cn = countInterfaces(f.form, rn.stdout);
      if (cn.error) {
        nlts.error = cn.error;
        row.output = 'failed';
        row.note = cn.error;
      } else if (cn.count !== ifaces) {
        row.output = 'differs';
        row.note = `nlts printed ${cn.count} interfaces, ip ${ifaces}`;
      } else {
        row.note =
          f.form === 'json' ? jsonDifference(ci.parsed, cn.parsed) : textDifference(ri.stdout, rn.stdout);
        row.output = row.note ? 'differs' : 'same';
      }
    }
    rows.push(row);
    all.push(ip, nlts);
    if (before) all.push(before);
  }
  await timeInterleaved(all, opts.reps, `${ifaces} interfaces`);
  await measureRss(all, opts.reps, rssTool, `${ifaces} interfaces`);
  deleteNamespace();
  for (const row of rows) {
    if (row.nlts.error && row.output !== 'failed') {
      row.output = 'failed';
      row.note = row.nlts.error;
    }
  }
  return { setupMs, rows };
}

async function measureStartup(opts, rssTool) {
  const base = cmd('node', [process.execPath, '-e', '0']);
  const nlts = cmd('nlts', [...opts.nltsCmd, 'link', 'show', 'lo']);
  const before = opts.beforeCmd ? cmd('before', [...opts.beforeCmd, 'link', 'show', 'lo']) : null;
  const row = { form: 'startup', ip: base, nlts, before, output: 'ok', note: null };
  await checkpoint();
  run(base.argv);
  const r = run(nlts.argv, { capture: true });
  if (r.error) {
    nlts.error = r.error;
    row.output = 'failed';
    row.note = r.error;
  } else if (!/^1: lo: /.test(r.stdout)) {
    row.output = 'differs';
    row.note = `unexpected output: ${JSON.stringify(clip(r.stdout.split('\n')[0] ?? '', 60))}`;
  }
  const cmds = before ? [base, nlts, before] : [base, nlts];
  await timeInterleaved(cmds, opts.reps, 'start-up');
  await measureRss(cmds, opts.reps, rssTool, 'start-up');
  if (nlts.error && row.output !== 'failed') {
    row.output = 'failed';
    row.note = nlts.error;
  }
  return row;
}

// ---------------------------------------------------------------- report

function summarize(row) {
  const baseMs = median(row.ip.samples);
  const nltsMs = row.nlts.error ? null : median(row.nlts.samples);
  const ratio = baseMs && nltsMs ? nltsMs / baseMs : null;
  let target = null;
  if (row.form === 'startup') target = STARTUP_TARGET;
  else if (row.interfaces === BIG_IFACES) target = BIG_TARGET;
  const met = target === null || ratio === null ? null : ratio <= target;
  return { baseMs, nltsMs, ratio, target, met };
}

function fmtMs(ms) {
  return ms === null ? 'n/a' : ms.toFixed(1);
}
function fmtRss(kib) {
  return kib === null ? 'n/a' : `${(kib / 1024).toFixed(1)} MiB`;
}

function printTable(meta, sizeResults, startup) {
  const out = [];
  out.push(`nlts link show benchmark  ${meta.date}`);
  out.push(
    `kernel ${meta.kernel}, node ${meta.node}, ${meta.ip}, ${meta.cpus} CPU(s), ${meta.reps} rep(s), wall = median`,
  );
  const busy = meta.loadavg[0] > meta.cpus / 2;
  out.push(
    `load average at start ${meta.loadavg.join(' ')}${busy ? ' (busy machine: expect noisy numbers)' : ''}`,
  );
  out.push(`nlts: ${meta.nltsCmd}`);
  out.push(
    meta.rssTool
      ? `peak RSS: ${meta.rssTool} -f %M, highest of ${Math.min(meta.reps, RSS_RUNS)} extra (untimed) run(s)`
      : `peak RSS: n/a (GNU time not found at ${TIME}; install it with: apt-get install -y time)`,
  );
  out.push('');
  const head = [
    'case',
    'interfaces',
    'base ms',
    'nlts ms',
    'nlts/base',
    'target',
    'base RSS',
    'nlts RSS',
    'output',
    'before ms',
    'before/base',
    'before RSS',
  ];
  const lines = [];
  const notes = [];
  const add = (name, ifaces, row) => {
    const s = summarize(row);
    let target = '-';
    if (s.target !== null) target = `<=${s.target}x ${s.ratio === null ? 'n/a' : s.met ? 'ok' : 'MISSED'}`;
    lines.push([
      name,
      ifaces,
      fmtMs(s.baseMs),
      row.nlts.error ? 'FAILED' : fmtMs(s.nltsMs),
      s.ratio === null ? 'n/a' : `${s.ratio.toFixed(2)}x`,
      target,
      fmtRss(row.ip.rssKiB),
      fmtRss(row.nlts.rssKiB),
      row.output ?? 'same',
      row.before ? fmtMs(median(row.before.samples)) : '-',
      row.before && s.baseMs ? `${(median(row.before.samples) / s.baseMs).toFixed(2)}x` : '-',
      row.before ? fmtRss(row.before.rssKiB) : '-',
    ]);
    if (row.note) notes.push(`  ${name}${ifaces === '-' ? '' : `, ${ifaces} interfaces`}: ${row.note}`);
  };
  for (const sr of sizeResults) {
    for (const row of sr.rows) {
      add(row.form === 'json' ? 'link show -j' : 'link show', row.interfaces.toLocaleString('en-US'), row);
    }
  }
  if (startup) add('start-up', '-', startup);
  const rowsAll = [head, ...lines];
  const widths = head.map((_, i) => Math.max(...rowsAll.map((r) => String(r[i]).length)));
  const right = new Set([1, 2, 3, 4, 6, 7, 9, 10, 11]);
  for (const r of rowsAll) {
    out.push(
      r
        .map((c, i) => (right.has(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    );
  }
  out.push('');
  out.push('base: ip -n NS [-j] link show (link show rows), node -e 0 (start-up row);');
  out.push('nlts: nlts -n NS [-j] link show, nlts link show lo. "output" compares nlts with ip.');
  if (notes.length) {
    out.push('notes:');
    out.push(...notes);
  }
  process.stdout.write(out.join('\n') + '\n');
}

function jsonResult(meta, sizeResults, startup) {
  const side = (c) => ({
    argv: c.argv,
    medianMs: c.error ? null : median(c.samples),
    samplesMs: c.samples.map((x) => Math.round(x * 1000) / 1000),
    peakRssKiB: c.rssKiB,
    error: c.error,
  });
  const entry = (row, extra) => {
    const s = summarize(row);
    return {
      ...extra,
      base: side(row.ip),
      nlts: side(row.nlts),
      ratio: s.ratio,
      target: s.target,
      targetMet: s.met,
      output: row.output ?? 'same',
      note: row.note,
    };
  };
  const results = [];
  for (const sr of sizeResults) {
    for (const row of sr.rows) {
      results.push(
        entry(row, {
          case: 'link-show',
          form: row.form,
          pairs: row.pairs,
          interfaces: row.interfaces,
          setupMs: sr.setupMs,
        }),
      );
    }
  }
  const all = [...results, ...(startup ? [entry(startup, { case: 'startup' })] : [])];
  return {
    bench: 'nlts-link-show',
    ...meta,
    results,
    startup: startup ? all[all.length - 1] : null,
    targetsMissed: all.filter((r) => r.targetMet === false).length,
  };
}

// ---------------------------------------------------------------- main

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (process.getuid() !== 0) {
    process.stderr.write(
      'bench: must run as root: it creates a network namespace and veth pairs.\n' +
        '       sudo node bench/link-show.mjs\n',
    );
    return 1;
  }
  const ipv = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (ipv.error || ipv.status !== 0) {
    process.stderr.write('bench: ip (iproute2) is not installed or does not run\n');
    return 1;
  }
  if (!opts.nltsCmdCustom && !existsSync(opts.nltsCmd.at(-1))) {
    process.stderr.write(`bench: ${opts.nltsCmd.at(-1)} not found\n`);
    return 1;
  }
  workDir = mkdtempSync(path.join(os.tmpdir(), 'nlts-bench-'));
  const rssTool = probeRssTool();
  if (!rssTool) {
    process.stderr.write(
      `bench: GNU time (${TIME}) is missing, so peak RSS is not measured.\n` +
        '       Install it with: apt-get install -y time   (timings are unaffected)\n',
    );
  }
  warnStale();

  const meta = {
    date: new Date().toISOString(),
    kernel: os.release(),
    node: process.version,
    ip: (ipv.stdout.match(/iproute2-[\w.-]+/) ?? [ipv.stdout.trim()])[0],
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    reps: opts.reps,
    namespace: NS,
    nltsCmd: opts.nltsCmd.join(' '),
    rssTool,
  };

  const sizeResults = [];
  for (const pairs of opts.sizes) sizeResults.push(await measureSize(pairs, opts, rssTool));
  const startup = await measureStartup(opts, rssTool);

  printTable(meta, sizeResults, startup);
  if (opts.json) process.stdout.write(JSON.stringify(jsonResult(meta, sizeResults, startup)) + '\n');
  const failed = [...sizeResults.flatMap((s) => s.rows), startup].some((r) => r.output === 'failed');
  return failed ? 1 : 0;
}

let code;
try {
  code = await main();
} catch (e) {
  if (e instanceof Interrupted) {
    process.stderr.write(`\nbench: ${e.message}; cleaning up\n`);
    code = 130;
  } else {
    process.stderr.write(`\nbench: ${e.stack ?? e}\n`);
    code = 1;
  }
} finally {
  cleanup();
  closeSync(devNull);
}
process.exit(code);
