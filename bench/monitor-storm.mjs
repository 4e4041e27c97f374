#!/usr/bin/env node
// `nlts monitor route` against `ip monitor route` in the same run: both listen
// at once while a storm of route adds and deletes runs in a fresh netns
// (ip -batch). Reports events received by each, overruns (ENOBUFS), and CPU
// time (utime+stime from /proc/PID/stat). Both get a 2 MiB receive buffer.
// Always deletes its namespace. Usage (root):
//   node bench/monitor-storm.mjs [--routes 100000] [--rcvbuf 2097152] [--json] [--nlts-cmd CMD]
import './clean-env.mjs';
import { nltsCommand } from './nlts-cmd.mjs';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : Number(args[i + 1]);
};
const ROUTES = opt('--routes', 100000);
const RCVBUF = opt('--rcvbuf', 2 * 1024 * 1024);
const JSON_OUT = args.includes('--json');
if (process.getuid?.() !== 0) {
  console.error('monitor-storm: must run as root (it creates a network namespace)');
  process.exit(1);
}
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const ns = `nlts-bench-mon-${process.pid}-${randomBytes(2).toString('hex')}`;

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Spawn a listener that counts lines matching `isEvent` on stdout and `isLost` on stdout/stderr. */
function listener(name, cmd, argv, isEvent, isLost) {
  const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const st = {
    name,
    proc: p,
    events: 0,
    lost: 0,
    resyncs: 0,
    bytes: 0,
    partial: { out: '', err: '' },
    errText: '',
  };
  const feed = (which, chunk) => {
    st.bytes += chunk.length;
    const lines = (st.partial[which] + chunk).split('\n');
    st.partial[which] = lines.pop();
    for (const l of lines) {
      if (which === 'out' && isEvent(l)) st.events++;
      if (isLost(l)) st.lost++;
      if (l.includes('"event":"resync-start"')) st.resyncs++;
      if (which === 'err' && !isLost(l) && st.errText.length < 2000) st.errText += l + '\n';
    }
  };
  p.stdout.setEncoding('utf8').on('data', (c) => feed('out', c));
  p.stderr.setEncoding('utf8').on('data', (c) => feed('err', c));
  return st;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** nlts's argv: bin/nlts.js of this tree, or --nlts-cmd CMD (split on spaces) to time another tree. */
function nltsArgv() {
  const common = ['-j', '-n', ns, 'monitor', 'route', '-4', '--rcvbuf', String(RCVBUF)];
  const i = args.indexOf('--nlts-cmd');
  if (i >= 0) {
    const words = String(args[i + 1])
      .split(' ')
      .filter(Boolean);
    return [words[0], [...words.slice(1), ...common]];
  }
  const [node, ...rest] = nltsCommand(root);
  return [node, [...rest, ...common]];
}

function batch(verb) {
  const lines = [];
  for (let i = 0; i < ROUTES; i++)
    lines.push(`route ${verb} blackhole 11.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
  return lines.join('\n') + '\n';
}

async function main() {
  execFileSync('ip', ['netns', 'add', ns]);
  const listeners = [];
  try {
    const [ncmd, nargv] = nltsArgv();
    const nlts = listener(
      'nlts monitor route',
      ncmd,
      nargv,
      (l) => l.includes('"source":"route"'),
      (l) => l.includes('"event":"lost"'),
    );
    const ip = listener(
      'ip monitor route',
      'ip',
      ['-rcvbuf', String(RCVBUF), '-4', '-n', ns, 'monitor', 'route'],
      (l) => l.startsWith('blackhole ') || l.startsWith('Deleted blackhole '),
      (l) => l.includes('No buffer space available'),
    );
    listeners.push(nlts, ip);
    // Wait until both are listening: a marker route must reach both.
    for (let n = 0; ; n++) {
      execFileSync('ip', ['-n', ns, 'route', 'add', 'blackhole', `12.0.0.${n}/32`]);
      await sleep(100);
      if (nlts.bytes > 0 && ip.bytes > 0) break;
      if (n > 100) throw new Error(`listeners did not start: ${nlts.errText}${ip.errText}`);
    }
    const base = { nlts: nlts.events, ip: ip.events };
    const t0 = process.hrtime.bigint();
    for (const verb of ['add', 'del']) {
      const p = spawn('ip', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
      p.stdin.end(batch(verb));
      const code = await new Promise((r) => p.on('exit', r));
      if (code !== 0) throw new Error(`ip -batch ${verb} exited ${code}`);
    }
    const stormSec = Number(process.hrtime.bigint() - t0) / 1e9;
    // Let both drain: stop when neither has read anything for 1.5 s.
    let last = -1;
    while (nlts.bytes + ip.bytes !== last) {
      last = nlts.bytes + ip.bytes;
      await sleep(1500);
    }
    const rows = listeners.map((l) => ({
      listener: l.name,
      events: l.events - (l === nlts ? base.nlts : base.ip),
      expected: 2 * ROUTES,
      enobufs: l.lost,
      resyncs: l.resyncs,
      cpu_s: Number(cpuSeconds(l.proc.pid).toFixed(2)),
    }));
    const result = {
      routes: ROUTES,
      events: 2 * ROUTES,
      rcvbuf: RCVBUF,
      storm_s: Number(stormSec.toFixed(2)),
      kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
      rows,
    };
    if (JSON_OUT) console.log(JSON.stringify(result));
    else {
      console.log(
        `storm: ${ROUTES} route adds + ${ROUTES} deletes in ${result.storm_s}s, rcvbuf ${RCVBUF} bytes each, kernel ${result.kernel}`,
      );
      console.log('| listener | events received | of | ENOBUFS | resyncs | CPU s |');
      console.log('|---|---:|---:|---:|---:|---:|');
      for (const r of rows)
        console.log(
          `| ${r.listener} | ${r.events} | ${r.expected} | ${r.enobufs} | ${r.resyncs} | ${r.cpu_s} |`,
        );
      console.log('nlts counts dumped routes of a resync as events too; with ENOBUFS 0 it is exact.');
    }
  } finally {
    for (const l of listeners) l.proc.kill('SIGTERM');
    try {
      execFileSync('ip', ['netns', 'del', ns]);
    } catch {
      /* gone */
    }
  }
}

process.on('SIGINT', () => {
  try {
    execFileSync('ip', ['netns', 'del', ns]);
  } catch {
    /* gone */
  }
  process.exit(130);
});
main().catch((e) => {
  console.error(`monitor-storm: ${e.message}`);
  process.exitCode = 1;
});
