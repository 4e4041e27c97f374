// Shared by scripts/vm/record-goldens.mjs: replay one recording through a handler the way main() runs it
// (errors → one stderr line + exit status, -j error object), with a fixed fake clock for dropwatch.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => import(path.join(root, 'dist', p));

/** A clock that advances 250 ms per reading: rates and durations come out the same on every replay. */
export function fakeClock() {
  let t = 0;
  return () => (t += 250);
}

export async function replayCase(kind, recordingPath, argv) {
  const { parseGlobalOptions } = await dist('cli/options.js');
  const { describeError } = await dist('iproute/describe-error.js');
  const { Replayer } = await dist('netlink/recording.js');
  const { StringOutput } = await dist('output/output.js');
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  const r = Replayer.load(recordingPath);
  const env = {
    opts,
    out,
    err,
    transports: r.factory,
    colorize: undefined,
    readFile: () => null,
    fact: (key) => r.fact(key),
  };
  let code;
  try {
    if (kind === 'dropwatch') {
      const { runDropwatch } = await dist('commands/dropwatch/index.js');
      code = await runDropwatch(rest.slice(1), env, { now: fakeClock(), isTTY: () => false });
    } else {
      const { genlCommand } = await dist('commands/genl/index.js');
      code = await genlCommand(rest.slice(1), env);
    }
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify({ error: { kind: d.kind, message: d.message } }) + '\n');
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}
