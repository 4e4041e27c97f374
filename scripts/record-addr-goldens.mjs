#!/usr/bin/env node
// Re-record the `nlts address` golden fixtures from a real kernel (as root, after `npm run prepare`):
//   node scripts/record-addr-goldens.mjs [CASE...]
// (with CASE names, only those cases are re-recorded; the others' fixtures stay as they are)
//
// Builds the address scenario of test/golden/addr-cases.mjs in a fixed-name namespace, runs every
// case through the addr handler with a Recorder around the native transport, and writes per case
// into test/fixtures/golden/addr/:
//   NAME.recording.json  requests + replies, kernel version, command, facts
//   NAME.stdout          what nlts printed
//   NAME.expect.json     argv, exit status and stderr
// The handler is called directly (dist/commands/addr/index.js), so this works before the CLI
// dispatcher knows "address". Review `git diff test/fixtures/golden/addr` before committing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Netns, isRoot, run } from '../test/support/scenario.mjs';
import { ADDR_CASES, ADDR_GOLDEN_NETNS, buildAddrScenario, waitForDad } from '../test/golden/addr-cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'test/fixtures/golden/addr');
if (!isRoot) {
  console.error('record-addr-goldens: must run as root (it creates a network namespace)');
  process.exit(1);
}
const dist = (p) => import(path.join(root, 'dist', p));
const { addrCommand } = await dist('commands/addr/index.js');
const { parseGlobalOptions } = await dist('cli/options.js');
const { describeError, errorJson } = await dist('iproute/describe-error.js');
const { Recorder } = await dist('netlink/recording.js');
const { openNativeTransport } = await dist('netlink/native-transport.js');
const { StringOutput } = await dist('output/output.js');

const readFile = (p) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};

/** Run one case the way main() would: handler, then one stderr line and exit status for errors. */
async function runCase(argv, rec) {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  let code;
  try {
    code = await addrCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: rec.factory,
      colorize: undefined,
      readFile,
      fact: (key, compute) => rec.fact(key, compute),
    });
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify(errorJson(d)) + '\n');
    err.write(d.message.endsWith('\n') ? d.message : d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

try {
  run('ip', ['netns', 'del', ADDR_GOLDEN_NETNS]);
} catch {
  /* not there */
}
const ns = new Netns(ADDR_GOLDEN_NETNS);
let failed = false;
try {
  buildAddrScenario(ns);
  waitForDad(ns);
  mkdirSync(dir, { recursive: true });
  const only = process.argv.slice(2);
  for (const c of ADDR_CASES) {
    if (only.length && !only.includes(c.name)) continue;
    const argv = ['-n', ADDR_GOLDEN_NETNS, ...c.args];
    const rec = new Recorder(openNativeTransport, ['nlts', ...argv].join(' '));
    const r = await runCase(argv, rec);
    rec.save(path.join(dir, `${c.name}.recording.json`));
    writeFileSync(path.join(dir, `${c.name}.stdout`), r.stdout);
    writeFileSync(
      path.join(dir, `${c.name}.expect.json`),
      JSON.stringify({ argv, exit: r.code, stderr: r.stderr }, null, 2) + '\n',
    );
    console.log(`${c.name}: exit ${r.code}, ${r.stdout.length} bytes`);
    const expectFail = /nosuch|exists|missing/.test(c.name);
    if ((r.code !== 0) !== expectFail) failed = true;
  }
} finally {
  ns.delete();
}
process.exit(failed ? 1 : 0);
