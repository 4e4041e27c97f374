#!/usr/bin/env node
// Re-record the nexthop and netconf golden fixtures (as root, after a build):
// builds the scenario of test/golden/nexthop-cases.mjs in a fixed-name
// namespace, runs every case with `nlts --record`, and writes per case
//   test/fixtures/golden/{nexthop,netconf}/NAME.recording.json, NAME.stdout, NAME.expect.json
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Netns, ipBatch, isRoot, run } from '../test/support/scenario.mjs';
import { NH_CASES, NH_GOLDEN_NETNS, NH_SCENARIO, NH_SYSCTLS } from '../test/golden/nexthop-cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!isRoot) {
  console.error('record-nexthop-netconf-goldens: must run as root (it creates network namespaces)');
  process.exit(1);
}
try {
  run('ip', ['netns', 'del', NH_GOLDEN_NETNS]);
} catch {
  /* not there */
}
const ns = new Netns(NH_GOLDEN_NETNS);
let failed = false;
try {
  ipBatch(NH_SCENARIO, ns.name);
  for (const s of NH_SYSCTLS) execFileSync('ip', ['netns', 'exec', ns.name, 'sysctl', '-q', '-w', s]);
  for (const c of NH_CASES) {
    const dir = path.join(root, 'test/fixtures/golden', c.dir);
    mkdirSync(dir, { recursive: true });
    const argv = ['-n', NH_GOLDEN_NETNS, ...c.args];
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
  ns.delete();
}
process.exit(failed ? 1 : 0);
