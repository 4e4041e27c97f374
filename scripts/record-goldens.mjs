#!/usr/bin/env node
// Re-record the golden fixtures from a real kernel: `npm run record` (as root).
//
// Builds the link scenario in two fixed-name namespaces, runs every case of
// test/golden/cases.mjs with `nlts --record`, and writes per case:
//   test/fixtures/golden/link/NAME.recording.json  requests + replies, kernel version, command
//   test/fixtures/golden/link/NAME.stdout          what nlts printed (text or JSON)
//   test/fixtures/golden/link/NAME.expect.json     argv, exit status and stderr
// Review `git diff test/fixtures` before committing. CI never runs this.
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Netns, buildLinkScenario, isRoot, run, waitForSettle } from '../test/support/scenario.mjs';
import { GOLDEN_NETNS, GOLDEN_PEER_NETNS, LINK_CASES } from '../test/golden/cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!isRoot) {
  console.error('record-goldens: must run as root (it creates network namespaces)');
  process.exit(1);
}

for (const n of [GOLDEN_NETNS, GOLDEN_PEER_NETNS]) {
  try {
    run('ip', ['netns', 'del', n]);
  } catch {
    /* not there */
  }
}
const main = new Netns(GOLDEN_NETNS);
const peer = new Netns(GOLDEN_PEER_NETNS);
let failed = false;
try {
  buildLinkScenario(main, peer);
  waitForSettle(main);
  const dir = path.join(root, 'test/fixtures/golden/link');
  mkdirSync(dir, { recursive: true });
  for (const c of LINK_CASES) {
    const argv = ['-n', GOLDEN_NETNS, ...c.args];
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
    if (r.status !== 0 && !c.name.includes('nosuch')) failed = true;
  }
} finally {
  main.delete();
  peer.delete();
}
process.exit(failed ? 1 : 0);
