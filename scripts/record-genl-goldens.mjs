#!/usr/bin/env node
// Re-record the `nlts genl` golden fixtures from a real kernel (as root, after `npm run prepare`):
//   node scripts/record-genl-goldens.mjs [CASE ...]
// With CASE names only those cases are recorded (the others' fixtures stay byte-identical).
//
// Builds a namespace (fixed name, deleted at the end) with a veth pair and some cached TCP metrics,
// runs every case of test/fixtures/golden/genl/cases.json through the genl handler with a Recorder
// around the native transport, and writes per case:
//   NAME.recording.json  requests + replies, kernel version, command
//   NAME.stdout          what nlts printed
//   NAME.expect.json     argv, exit status and stderr
// The genl handler is called directly (dist/commands/genl/index.js), so this works before the CLI
// dispatcher knows "genl". Review `git diff test/fixtures/golden/genl` before committing.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'test/fixtures/golden/genl');
const { netns, cases: allCases } = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8'));
const only = process.argv.slice(2);
const unknownCases = only.filter((n) => !allCases.some((c) => c.name === n));
if (unknownCases.length) {
  console.error(`record-genl-goldens: no such case: ${unknownCases.join(' ')}`);
  process.exit(2);
}
const cases = only.length ? allCases.filter((c) => only.includes(c.name)) : allCases;

if (process.getuid?.() !== 0) {
  console.error('record-genl-goldens: must run as root (it creates a network namespace)');
  process.exit(1);
}
const dist = (p) => import(path.join(root, 'dist', p));
const { genlCommand } = await dist('commands/genl/index.js');
const { parseGlobalOptions } = await dist('cli/options.js');
const { describeError } = await dist('iproute/describe-error.js');
const { Recorder } = await dist('netlink/recording.js');
const { openNativeTransport } = await dist('netlink/native-transport.js');
const { StringOutput } = await dist('output/output.js');

const sh = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
const delNetns = () => {
  try {
    sh('ip', ['netns', 'del', netns]);
  } catch {
    /* not there */
  }
};

/** Run one case the way main() would: handler, then one stderr line and exit status for errors. */
async function runCase(argv, factory) {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  let code;
  try {
    code = await genlCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: factory,
      colorize: undefined,
      readFile: () => null,
      fact: (_key, compute) => compute(),
    });
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify({ error: { kind: d.kind, message: d.message } }) + '\n');
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

delNetns();
sh('ip', ['netns', 'add', netns]);
let failed = false;
try {
  sh('ip', ['-n', netns, '-batch', '-'], {
    input:
      [
        'link set lo up',
        'link add veth0 address 02:00:00:00:0a:01 type veth peer name veth1 address 02:00:00:00:0a:02',
        'link set veth0 up',
        'link set veth1 up',
        'addr add 10.77.0.1/24 dev veth0',
        'addr add 10.77.0.2/24 dev veth1',
        // One MPTCP endpoint and limits, for the mptcp_pm get-addr / get-limits cases.
        'mptcp endpoint add 10.77.0.1 id 1 signal',
        'mptcp limits set subflow 2 add_addr_accepted 2',
        // An IOAM namespace with a schema, for the IOAM6 dump cases.
        'ioam namespace add 123 data 0xdead',
        'ioam schema add 7 abcd',
        'ioam namespace set 123 schema 7',
      ].join('\n') + '\n',
  });
  // One short TCP conversation over lo leaves a tcp_metrics entry for 127.0.0.1.
  sh('ip', [
    'netns',
    'exec',
    netns,
    'python3',
    '-c',
    [
      'import socket',
      's=socket.socket(); s.bind(("127.0.0.1",0)); s.listen()',
      'c=socket.create_connection(s.getsockname()); a,_=s.accept()',
      'c.sendall(b"x"*1000); a.recv(2000); c.close(); a.close(); s.close()',
    ].join('\n'),
  ]);
  const kernel = sh('uname', ['-r']).trim();
  for (const c of cases) {
    const argv = c.args.map((a) => a.replace('@NETNS@', netns));
    const rec = new Recorder(openNativeTransport, ['nlts', ...argv].join(' '));
    const r = await runCase(argv, rec.factory);
    rec.save(path.join(dir, `${c.name}.recording.json`));
    writeFileSync(path.join(dir, `${c.name}.stdout`), r.stdout);
    writeFileSync(
      path.join(dir, `${c.name}.expect.json`),
      JSON.stringify({ argv, exit: r.code, stderr: r.stderr }, null, 2) + '\n',
    );
    console.log(`${c.name}: exit ${r.code}, ${r.stdout.length} bytes (kernel ${kernel})`);
    const expectFail =
      c.name.includes('unknown') || c.name.includes('out-of-range') || c.name.includes('missing');
    if ((r.code !== 0) !== expectFail) failed = true;
  }
} finally {
  delNetns();
}
process.exit(failed ? 1 : 0);
