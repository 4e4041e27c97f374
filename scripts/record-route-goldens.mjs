#!/usr/bin/env node
// Re-record the route golden fixtures from a real kernel (as root, after a build):
//   npx tsc -p tsconfig.build.json && sudo node scripts/record-route-goldens.mjs
//
// Builds the route scenario (test/golden/route-cases.mjs) in the fixed-name
// namespace nlts-golden-route, runs every case with a recording transport and
// writes per case, under test/fixtures/golden/route/:
//   NAME.recording.json  requests + replies, kernel version, command, facts
//   NAME.stdout          what nlts printed
//   NAME.expect.json     argv, exit status and stderr
// The namespace is always deleted. Review `git diff test/fixtures` before committing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Netns, ipBatch, isRoot, run } from '../test/support/scenario.mjs';
import {
  ROUTE_BASE,
  ROUTE_CASES,
  ROUTE_CHANGES,
  ROUTE_GOLDEN_NETNS,
  runRoute,
} from '../test/golden/route-cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!isRoot) {
  console.error('record-route-goldens: must run as root (it creates a network namespace)');
  process.exit(1);
}
try {
  run('ip', ['netns', 'del', ROUTE_GOLDEN_NETNS]);
} catch {
  /* not there */
}
const ns = new Netns(ROUTE_GOLDEN_NETNS);
let failed = false;
try {
  ipBatch([...ROUTE_BASE, ...ROUTE_CHANGES], ns.name);
  const dir = path.join(root, 'test/fixtures/golden/route');
  mkdirSync(dir, { recursive: true });
  for (const c of ROUTE_CASES) {
    const argv = ['-n', ROUTE_GOLDEN_NETNS, ...c.args];
    const rec = path.join(dir, `${c.name}.recording.json`);
    const r = await runRoute(argv, { record: rec });
    writeFileSync(path.join(dir, `${c.name}.stdout`), r.stdout);
    writeFileSync(
      path.join(dir, `${c.name}.expect.json`),
      JSON.stringify({ argv, exit: r.code, stderr: r.stderr }, null, 2) + '\n',
    );
    console.log(`${c.name}: exit ${r.code}, ${r.stdout.length} bytes`);
    const expectFail = c.name.includes('nosuch') || c.name === 'route-get-blackhole';
    if ((r.code !== 0) !== expectFail) failed = true;
  }
} finally {
  ns.delete();
}
process.exit(failed ? 1 : 0);
