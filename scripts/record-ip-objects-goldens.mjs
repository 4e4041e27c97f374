#!/usr/bin/env node
// Re-record the stats, maddress, tuntap, vrf and ntable golden fixtures (as root, after a build):
// builds the scenario of test/golden/ip-objects-cases.mjs in a fixed-name namespace,
// keeps a process in it (nlts reads that namespace's /proc/net through one), runs
// every case with `nlts --record`, and writes per case
//   test/fixtures/golden/{stats,maddr,tuntap,vrf,ntable}/NAME.recording.json, NAME.stdout, NAME.expect.json
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Netns, ipBatch, isRoot, run } from '../test/support/scenario.mjs';
import {
  IPOBJ_CASES,
  IPOBJ_GOLDEN_NETNS,
  IPOBJ_MADDRS,
  IPOBJ_SCENARIO,
} from '../test/golden/ip-objects-cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!isRoot) {
  console.error('record-ip-objects-goldens: must run as root (it creates network namespaces)');
  process.exit(1);
}
try {
  run('ip', ['netns', 'del', IPOBJ_GOLDEN_NETNS]);
} catch {
  /* not there */
}
const ns = new Netns(IPOBJ_GOLDEN_NETNS);
let resident;
let failed = false;
try {
  ipBatch(IPOBJ_SCENARIO, ns.name);
  for (const [addr, dev] of IPOBJ_MADDRS) ns.ip(['maddress', 'add', addr, 'dev', dev]);
  resident = spawn('ip', ['netns', 'exec', ns.name, 'sleep', '600'], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !run('ip', ['netns', 'pids', ns.name]).trim(); i++) spawnSync('sleep', ['0.1']);
  for (const c of IPOBJ_CASES) {
    const dir = path.join(root, 'test/fixtures/golden', c.dir);
    mkdirSync(dir, { recursive: true });
    const argv = ['-n', IPOBJ_GOLDEN_NETNS, ...c.args];
    const rec = path.join(dir, `${c.name}.recording.json`);
    const r = spawnSync(process.execPath, [path.join(root, 'bin/nlts.js'), '--record', rec, ...argv], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    writeFileSync(path.join(dir, `${c.name}.stdout`), r.stdout);
    writeFileSync(
      path.join(dir, `${c.name}.expect.json`),
      JSON.stringify({ argv, exit: r.status, stderr: r.stderr }, null, 2) + '\n',
    );
    console.log(`${c.name}: exit ${r.status}, ${r.stdout.length} bytes`);
    if ((r.status !== 0) !== c.name.endsWith('-99')) failed = true;
  }
} finally {
  resident?.kill();
  ns.delete();
}
process.exit(failed ? 1 : 0);
