#!/usr/bin/env node
// Re-record the NET_DM and IPVS golden fixtures from a real kernel (as root, after `npm run build`):
//   node scripts/vm/record-goldens.mjs            boots the VM once and runs scripts/vm/guest-suite.sh
//   node scripts/vm/record-goldens.mjs OUTDIR     uses the files of an earlier guest-suite run
// Copies each case's recording (test/fixtures/golden/dropwatch/cases.json, genl/ipvs-cases.json) into
// the fixtures and writes NAME.stdout / NAME.expect.json by replaying it (fixed fake clock). Review
// `git diff test/fixtures/golden` before committing.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayCase } from './golden-replay.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let out = process.argv[2];
if (!out) {
  out = mkdtempSync(path.join(tmpdir(), 'nlts-vm-'));
  execFileSync(path.join(root, 'scripts/vm/run-in-vm.sh'), [`bash scripts/vm/guest-suite.sh ${out}`], {
    cwd: root,
    env: { ...process.env, RUNVM_OUTDIR: out },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function record(kind, dir, casesFile, scenarioOf) {
  const { cases } = JSON.parse(readFileSync(path.join(dir, casesFile), 'utf8'));
  for (const c of cases) {
    const src = path.join(out, `${scenarioOf(c)}.recording.json`);
    if (!existsSync(src)) throw new Error(`${src}: no recording (did the guest suite run?)`);
    const rec = path.join(dir, `${c.name}.recording.json`);
    copyFileSync(src, rec);
    const pcapOut = path.join(tmpdir(), `nlts-golden-${process.pid}.pcapng`);
    const argv = c.args.map((a) => (a === '@PCAP@' ? pcapOut : a));
    const r = await replayCase(kind, rec, argv);
    if (c.pcap) copyFileSync(pcapOut, path.join(dir, `${c.name}.pcapng`));
    writeFileSync(path.join(dir, `${c.name}.stdout`), r.stdout);
    writeFileSync(
      path.join(dir, `${c.name}.expect.json`),
      JSON.stringify({ argv: c.args, exit: r.code, stderr: r.stderr }, null, 2) + '\n',
    );
    console.log(`${c.name}: exit ${r.code}, ${r.stdout.length} bytes`);
  }
}

await record('dropwatch', path.join(root, 'test/fixtures/golden/dropwatch'), 'cases.json', (c) => c.scenario);
await record('genl', path.join(root, 'test/fixtures/golden/genl'), 'ipvs-cases.json', (c) => c.name);
