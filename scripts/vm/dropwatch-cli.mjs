#!/usr/bin/env node
// `nlts dropwatch` before the CLI dispatcher (src/cli/main.ts) registers it:
//   node scripts/vm/dropwatch-cli.mjs [GLOBAL OPTIONS] dropwatch ARGS...
// Same global options, --record/--replay, SIGINT/SIGTERM handling, error lines and exit codes as
// bin/nlts.js (it reuses dist/cli/*). Once `nlts help` lists dropwatch, the VM suite uses bin/nlts.js.
import path from 'node:path';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => import(path.join(root, 'dist', p));
const { parseGlobalOptions, colorEnabled } = await dist('cli/options.js');
const { describeError, errorJson } = await dist('iproute/describe-error.js');
const { commandLineWithoutRecord } = await dist('cli/main.js');
const { FdOutput, BrokenPipeError } = await dist('output/output.js');
const { dropwatchCommand } = await dist('commands/dropwatch/index.js');
const { openNativeTransport } = await dist('netlink/native-transport.js');
const { Recorder, Replayer } = await dist('netlink/recording.js');

const argv = process.argv.slice(2);
const stdout = new FdOutput(1);
const stderr = new FdOutput(2);
let code = 0;
let finish = () => {};
let opts;
try {
  const parsed = parseGlobalOptions(argv);
  opts = parsed.opts;
  if (parsed.rest[0] !== 'dropwatch') throw new Error('this shim runs "dropwatch" only');
  let factory = openNativeTransport;
  let fact = (_k, c) => c();
  if (opts.replay) {
    const r = Replayer.load(opts.replay);
    factory = r.factory;
    fact = (k) => r.fact(k);
  } else if (opts.record) {
    const rec = new Recorder(openNativeTransport, commandLineWithoutRecord(argv));
    factory = rec.factory;
    fact = (k, c) => rec.fact(k, c);
    finish = () => rec.save(opts.record);
  }
  const ac = new AbortController();
  const stop = (sig) => ac.abort(sig);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let colorize;
  if (colorEnabled(opts, isatty(1), process.env)) colorize = (await dist('output/color.js')).colorize;
  code = await dropwatchCommand(parsed.rest.slice(1), {
    opts,
    out: stdout,
    err: stderr,
    transports: factory,
    colorize,
    readFile: () => null,
    fact,
    signal: ac.signal,
  });
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
} catch (e) {
  if (!(e instanceof BrokenPipeError)) {
    const d = describeError(e);
    if (opts?.json) stdout.write(JSON.stringify(errorJson(d)) + '\n');
    stderr.write(d.message + '\n');
    code = d.exitCode;
  }
} finally {
  try {
    finish();
  } catch (e) {
    stderr.write(`nlts: cannot write the recording: ${e.message}\n`);
  }
}
try {
  stdout.flush();
} catch {
  /* reader gone */
}
try {
  stderr.flush();
} catch {
  /* nothing */
}
process.exitCode = code;
