#!/usr/bin/env node
// Re-record the neigh and rule golden fixtures from a real kernel (as root,
// after `npx tsc -p tsconfig.build.json`): builds fixed-name namespaces, runs
// every case of test/golden/{neigh,rule}-cases.mjs through the command
// handlers with a Recorder, and writes per case
//   test/fixtures/golden/{neigh,rule}/NAME.recording.json  requests + replies (+ facts)
//   test/fixtures/golden/{neigh,rule}/NAME.stdout          what nlts printed
//   test/fixtures/golden/{neigh,rule}/NAME.expect.json     argv, exit status and stderr
// The handlers run in-process because `neigh`/`rule` are not yet registered in
// src/cli/main.ts; once they are, `nlts --record` writes the same files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Netns, ipBatch, isRoot, run } from '../test/support/scenario.mjs';
import { NEIGH_CASES, NEIGH_GOLDEN_NETNS, NEIGH_GOLDEN_PEER_NETNS } from '../test/golden/neigh-cases.mjs';
import { RULE6_SCENARIO, RULE_CASES, RULE_GOLDEN_NETNS, RULE_SCENARIO } from '../test/golden/rule-cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { parseGlobalOptions } = await dist('cli/options.js');
const { describeError, errorJson } = await dist('iproute/describe-error.js');
const { openNativeTransport } = await dist('netlink/native-transport.js');
const { Recorder } = await dist('netlink/recording.js');
const { neighCommand } = await dist('commands/neigh/index.js');
const { ruleCommand } = await dist('commands/rule/index.js');

if (!isRoot) {
  console.error('record-neigh-rule-goldens: must run as root (it creates network namespaces)');
  process.exit(1);
}

async function record(handler, argv, recPath) {
  const rec = new Recorder(openNativeTransport, ['nlts', ...argv].join(' '));
  const { opts, rest } = parseGlobalOptions(argv);
  let stdout = '';
  let stderr = '';
  const env = {
    opts,
    out: { write: (s) => (stdout += s) },
    err: { write: (s) => (stderr += s) },
    transports: rec.factory,
    colorize: undefined,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    },
    fact: (k, c) => rec.fact(k, c),
  };
  let code;
  try {
    code = await handler(rest.slice(1), env);
  } catch (e) {
    const d = describeError(e);
    if (opts.json) stdout += JSON.stringify(errorJson(d)) + '\n';
    stderr += d.message + '\n';
    code = d.exitCode;
  }
  rec.save(recPath);
  return { code, stdout, stderr };
}

async function recordAll(dir, cases, handler, netns) {
  mkdirSync(dir, { recursive: true });
  let failed = false;
  for (const c of cases) {
    const argv = ['-n', netns, ...c.args];
    const r = await record(handler, argv, path.join(dir, `${c.name}.recording.json`));
    writeFileSync(path.join(dir, `${c.name}.stdout`), r.stdout);
    writeFileSync(
      path.join(dir, `${c.name}.expect.json`),
      JSON.stringify({ argv, exit: r.code, stderr: r.stderr }, null, 2) + '\n',
    );
    console.log(`${c.name}: exit ${r.code}, ${r.stdout.length} bytes`);
    if (r.code !== 0 && !c.name.includes('nosuch')) failed = true;
  }
  return failed;
}

for (const n of [NEIGH_GOLDEN_NETNS, NEIGH_GOLDEN_PEER_NETNS, RULE_GOLDEN_NETNS]) {
  try {
    run('ip', ['netns', 'del', n]);
  } catch {
    /* not there */
  }
}
const a = new Netns(NEIGH_GOLDEN_NETNS);
const b = new Netns(NEIGH_GOLDEN_PEER_NETNS);
const r = new Netns(RULE_GOLDEN_NETNS);
let failed = false;
try {
  ipBatch(
    [
      `link add v0 address 02:00:00:00:01:01 type veth peer name v1 address 02:00:00:00:01:02 netns ${b.name}`,
      'link set lo up',
      'link set v0 up',
      'addr add 10.9.0.1/24 dev v0',
      'addr add fd00::1/64 dev v0 nodad',
      'neigh add 10.9.0.50 lladdr 02:11:22:33:44:55 dev v0 nud permanent',
      'neigh add 10.9.0.51 lladdr 02:11:22:33:44:56 dev v0 nud stale',
      'neigh add 10.9.0.52 lladdr 02:11:22:33:44:5a dev v0 nud noarp',
      'neigh add proxy 10.9.0.77 dev v0',
      'neigh add fd00::50 lladdr 02:11:22:33:44:57 dev v0 router nud permanent',
      'neigh add fd00::51 lladdr 02:11:22:33:44:58 dev v0 nud stale',
    ],
    a.name,
  );
  ipBatch(['link set v1 up', 'addr add 10.9.0.2/24 dev v1', 'addr add fd00::2/64 dev v1 nodad'], b.name);
  const send = `const d=require('dgram');for(const [f,h] of [['udp4','10.9.0.2'],['udp6','fd00::2']]){const s=d.createSocket(f);s.send('x',9,h,()=>s.close())}`;
  execFileSync('ip', ['netns', 'exec', a.name, process.execPath, '-e', send]);
  execFileSync('sleep', ['0.5']);
  failed =
    (await recordAll(path.join(root, 'test/fixtures/golden/neigh'), NEIGH_CASES, neighCommand, a.name)) ||
    failed;

  for (const rule of RULE_SCENARIO) r.ip(['rule', 'add', ...rule]);
  for (const rule of RULE6_SCENARIO) r.ip(['-6', 'rule', 'add', ...rule]);
  failed =
    (await recordAll(path.join(root, 'test/fixtures/golden/rule'), RULE_CASES, ruleCommand, r.name)) ||
    failed;
} finally {
  a.delete();
  b.delete();
  r.delete();
}
process.exit(failed ? 1 : 0);
