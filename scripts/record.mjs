#!/usr/bin/env node
// Re-record every golden fixture: `npm run record` (as root, after a build).
//
// The scripts come from the object registry (src/registry/registry.ts, read from
// dist/registry/registry.js): each object names its case file and the script that
// records it; every script runs once, in registry order, in a process of its
// own, and the first failure stops the run (as the chained scripts did).
// Objects recorded inside the qemu VM are left to `npm run record:vm`.
//
//   node scripts/record.mjs          record (rewrites test/fixtures/golden: review the diff)
//   node scripts/record.mjs --list   print what would run, one script per line, and exit
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The registry's record scripts: [{ script, objects, cases, vm }]. */
export async function recordPlan() {
  const registry = path.join(root, 'dist/registry/registry.js');
  if (!existsSync(registry))
    throw new Error('record: dist/registry/registry.js is missing; run `npm run build` first');
  const { recordScripts } = await import(pathToFileURL(registry).href);
  return recordScripts();
}

async function main(argv) {
  const list = argv.includes('--list');
  const unknown = argv.filter((a) => a !== '--list');
  if (unknown.length) {
    console.error(`record: unknown argument "${unknown[0]}" (only --list)`);
    return 2;
  }
  const plan = await recordPlan();
  if (list) {
    for (const s of plan) {
      const what = `${s.objects.join(',')}${s.cases.length ? ` cases=${s.cases.join(',')}` : ''}`;
      console.log(`${s.vm ? 'skip (npm run record:vm)' : 'run'} node ${s.script}  # ${what}`);
    }
    return 0;
  }
  for (const s of plan) {
    if (s.vm) continue;
    console.log(`== node ${s.script} (${s.objects.join(', ')})`);
    const r = spawnSync(process.execPath, [path.join(root, s.script)], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) {
      console.error(`record: ${s.script} failed (${r.signal ?? `exit ${r.status}`})`);
      return 1;
    }
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}
