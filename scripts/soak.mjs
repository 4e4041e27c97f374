#!/usr/bin/env node
// `npm run soak`: the library under load, with numbers (issue 14). Root only;
// works in a namespace of its own and always deletes it.
//
// 1. A slow consumer of RouteClient.events(): a storm of route additions and
//    deletions (ip -batch, run at full speed) while the consumer sleeps 10 ms
//    (--sleep-ms) after every 100 events. Reports events delivered and per second, the
//    `lost` events and the messages they count, whether delivered + counted
//    adds up to everything the storm made, and the peak RSS.
// 2. Open/close cycles (test/support/lifecycle-child.mjs): RSS and open fds
//    after a warm-up, half-way and at the end, for an async dump, an events()
//    stream closed while pending, and an abandoned dump.
//
// Usage: node scripts/soak.mjs [--routes 200000] [--cycles 10000] [--sleep-ms 10] [--json]
// Needs `npm run build` (it uses dist/).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i < 0 ? dflt : Number(args[i + 1]);
};
const ROUTES = opt('--routes', 200_000);
const CYCLES = opt('--cycles', 10_000);
/** The consumer sleeps this long after every 100 events. */
const SLEEP_MS = opt('--sleep-ms', 10);
const JSON_OUT = args.includes('--json');
if (process.getuid?.() !== 0) {
  console.error('soak: must run as root (it creates a network namespace)');
  process.exit(1);
}
const { RouteClient } = await import(path.join(root, 'dist', 'index.js'));
const MiB = 1024 * 1024;
const ns = `nlts-soak-${process.pid}-${randomBytes(2).toString('hex')}`;
const ip = (...a) => execFileSync('ip', a, { encoding: 'utf8' });

function writeStorm(file) {
  const dst = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`;
  const lines = [];
  for (let i = 1; i <= ROUTES; i++) lines.push(`route add ${dst(i)} dev v0`);
  for (let i = 1; i <= ROUTES; i++) lines.push(`route del ${dst(i)} dev v0`);
  writeFileSync(file, lines.join('\n') + '\n');
}

async function slowConsumer() {
  ip('netns', 'add', ns);
  const dir = mkdtempSync(path.join(tmpdir(), 'nlts-soak-'));
  try {
    ip('-n', ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ip('-n', ns, 'link', 'set', 'v0', 'up');
    ip('-n', ns, 'link', 'set', 'v1', 'up');
    const batch = path.join(dir, 'storm.batch');
    writeStorm(batch); // in a function of its own: its lines are garbage before the consumer runs
    global.gc?.();
    const expected = 2 * ROUTES;

    const nl = RouteClient.open({ netns: ns });
    const events = nl.events(['ipv4_route']);
    const first = events.next(); // the group is joined once this returns
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 100);
    const t0 = performance.now();
    const storm = spawn('ip', ['-n', ns, '-batch', batch], { stdio: 'ignore' });
    let stormDone = false;
    const stormEnded = new Promise((resolve) =>
      storm.on('exit', (code) => {
        stormDone = true;
        resolve(code);
      }),
    );
    let delivered = 0;
    let lostEvents = 0;
    let queueDropped = 0;
    let kernelLosses = 0;
    let consumed = false;
    // After the storm, the stream is closed once nothing has come for 2 s
    // (when kernel overruns lost an unknown number, the count cannot tell).
    const stop = (async () => {
      await stormEnded;
      for (;;) {
        const before = delivered + queueDropped;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        if (consumed || delivered + queueDropped === before) break;
      }
      nl.close();
    })();
    let r = await first;
    for (; !r.done; r = await events.next()) {
      const ev = r.value;
      if (ev.kind === 'route') delivered++;
      else if (ev.kind === 'lost') {
        lostEvents++;
        if (ev.count === null) kernelLosses++;
        else queueDropped += ev.count;
      }
      if (delivered % 100 === 0) await new Promise((res) => setTimeout(res, SLEEP_MS));
      if (delivered + queueDropped >= expected && stormDone) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    consumed = true;
    nl.close();
    await stop;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return {
      generated: expected,
      delivered,
      deliveredPerSecond: Math.round(delivered / seconds),
      lostEvents,
      queueDropped,
      kernelLosses,
      accountedFor: kernelLosses === 0 ? delivered + queueDropped === expected : 'unknown (kernel losses)',
      seconds: Number(seconds.toFixed(1)),
      startRssMiB: Number((startRss / MiB).toFixed(1)),
      peakRssMiB: Number((peakRss / MiB).toFixed(1)),
      peakHeapMiB: Number((peakHeap / MiB).toFixed(1)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    try {
      ip('netns', 'del', ns);
    } catch {
      /* gone */
    }
  }
}

function lifeCycles() {
  const child = path.join(root, 'test', 'support', 'lifecycle-child.mjs');
  const out = {};
  const cns = `${ns}-c`;
  ip('netns', 'add', cns);
  try {
    for (const mode of ['dump', 'events', 'abandon']) {
      const r = spawnSync(process.execPath, ['--expose-gc', child, mode, String(CYCLES), cns], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`${mode}: ${r.stderr}`);
      const s = JSON.parse(r.stdout);
      out[mode] = {
        cycles: CYCLES,
        fds: `${s.start.fds} -> ${s.mid.fds} -> ${s.end.fds}`,
        rssMiB: [s.start, s.mid, s.end].map((x) => (x.rss / MiB).toFixed(1)).join(' -> '),
        cyclesPerSecond: Math.round(CYCLES / (s.ms / 1000)),
      };
    }
  } finally {
    ip('netns', 'del', cns);
  }
  return out;
}

const report = { slowConsumer: await slowConsumer(), lifeCycles: lifeCycles() };
if (JSON_OUT) console.log(JSON.stringify(report, null, 2));
else {
  const s = report.slowConsumer;
  console.log(`slow consumer (${SLEEP_MS} ms sleep per 100 events), ${s.generated} route events:`);
  console.log(
    `  delivered ${s.delivered} (${s.deliveredPerSecond}/s) in ${s.seconds} s; ` +
      `${s.lostEvents} lost events counting ${s.queueDropped} dropped messages, ` +
      `${s.kernelLosses} kernel overruns; accounted for: ${s.accountedFor}; RSS ${s.startRssMiB} MiB at start, peak ${s.peakRssMiB} MiB; peak JS heap ${s.peakHeapMiB} MiB`,
  );
  for (const [mode, c] of Object.entries(report.lifeCycles))
    console.log(`${mode}: ${c.cycles} cycles, fds ${c.fds}, RSS MiB ${c.rssMiB}, ${c.cyclesPerSecond}/s`);
}
