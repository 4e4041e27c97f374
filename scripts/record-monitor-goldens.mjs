#!/usr/bin/env node
// Re-record the `nlts monitor` golden fixtures (as root, after `npx tsc -p tsconfig.build.json`).
//
// Each case of test/golden/monitor-cases.mjs runs the monitor in-process on a
// Recorder (the same recorder `nlts --record` uses: unsolicited datagrams are
// stored as exchanges with request null, system facts such as the clock and
// /proc/PID/comm as facts), while the scenario makes events. Writes per case:
//   test/fixtures/golden/monitor/NAME.recording.json, NAME.stdout, NAME.expect.json
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Netns, ipBatch, isRoot, run } from '../test/support/scenario.mjs';
import { MONITOR_CASES, MONITOR_NETNS, MONITOR_SCENARIO } from '../test/golden/monitor-cases.mjs';

// Timestamps (-t/-ts) print local time: record in UTC so replays are the same everywhere.
process.env.TZ = 'UTC';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { monitor } = await import(path.join(root, 'dist/commands/monitor/index.js'));
const { defaultOptions } = await import(path.join(root, 'dist/cli/options.js'));
const { StringOutput } = await import(path.join(root, 'dist/output/output.js'));
const { Recorder } = await import(path.join(root, 'dist/netlink/recording.js'));
const { openNativeTransport } = await import(path.join(root, 'dist/netlink/native-transport.js'));

if (!isRoot) {
  console.error('record-monitor-goldens: must run as root (it creates a network namespace)');
  process.exit(1);
}
const dir = path.join(root, 'test/fixtures/golden/monitor');
mkdirSync(dir, { recursive: true });
let failed = false;
for (const c of MONITOR_CASES) {
  try {
    run('ip', ['netns', 'del', MONITOR_NETNS]);
  } catch {
    /* not there */
  }
  const ns = new Netns(MONITOR_NETNS);
  try {
    const argv = [...(c.json ? ['-j'] : []), ...(c.netns ? ['-n', MONITOR_NETNS] : []), 'monitor', ...c.args];
    const rec = new Recorder(openNativeTransport, `nlts ${argv.join(' ')}`);
    const out = new StringOutput();
    const err = new StringOutput();
    const ac = new AbortController();
    const env = {
      opts: { ...defaultOptions(), json: Boolean(c.json), netns: c.netns ? MONITOR_NETNS : null },
      out,
      err,
      transports: rec.factory,
      colorize: undefined,
      readFile: (p) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return null;
        }
      },
      fact: (k, compute) => rec.fact(k, compute),
      signal: ac.signal,
    };
    let ready;
    const isReady = new Promise((r) => (ready = r));
    const done = monitor(c.args, env, { onReady: ready });
    await isReady;
    if (c.netns) ipBatch(MONITOR_SCENARIO, MONITOR_NETNS);
    else {
      // Process events: children that exec and exit with known codes.
      for (const code of [3, 4, 5])
        await new Promise((r) => spawn('/bin/sh', ['-c', `exit ${code}`]).on('exit', r));
    }
    const timer = setTimeout(() => ac.abort(), 10_000);
    const exit = await done;
    clearTimeout(timer);
    rec.save(path.join(dir, `${c.name}.recording.json`));
    writeFileSync(path.join(dir, `${c.name}.stdout`), out.text);
    writeFileSync(
      path.join(dir, `${c.name}.expect.json`),
      JSON.stringify(
        {
          argv,
          args: c.args,
          json: Boolean(c.json),
          netns: c.netns ? MONITOR_NETNS : null,
          exit,
          stderr: err.text,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`${c.name}: exit ${exit}, ${out.text.length} bytes`);
    if (exit !== 0 || ac.signal.aborted) failed = true;
  } finally {
    ns.delete();
  }
}
process.exit(failed ? 1 : 0);
