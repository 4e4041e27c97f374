/**
 * The start-up bundle (scripts/build-bundle.mjs; used by bin/nlts.js when
 * it was made from the dist/ that is there) behaves exactly as dist/'s ES
 * modules: golden recordings replayed both ways give the same stdout,
 * stderr and exit code, and the bundle really is what runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NLTS, ROOT } from '../support/cli.js';

const BUNDLE = path.join(ROOT, 'dist', 'cli.bundle.js');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden');
const skip = existsSync(BUNDLE)
  ? null
  : 'dist/cli.bundle.js not built (npm test builds it: node scripts/build-bundle.mjs)';
if (skip) console.warn(`SKIPPED bundle tests: ${skip}`);

/** Two recordings of each golden folder whose command has no quoting, as argv. */
function cases(): { file: string; argv: string[] }[] {
  const out: { file: string; argv: string[] }[] = [];
  for (const dir of readdirSync(GOLDEN).sort()) {
    const recs = readdirSync(path.join(GOLDEN, dir))
      .filter((f) => f.endsWith('.recording.json'))
      .sort();
    let n = 0;
    for (const f of recs) {
      const file = path.join(GOLDEN, dir, f);
      const command = (JSON.parse(readFileSync(file, 'utf8')) as { command?: string }).command ?? '';
      if (!command.startsWith('nlts ') || /["'\\]/.test(command)) continue;
      out.push({ file, argv: command.split(' ').slice(1) });
      if (++n === 2) break;
    }
  }
  return out;
}

function run(argv: string[], bundle: boolean, extra: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [NLTS, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NLTS_BUNDLE: bundle ? '' : '0', ...extra },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(skip !== null)('start-up bundle', () => {
  it('is what bin/nlts.js runs (no dist/ ES module is loaded)', () => {
    const esm = (bundle: boolean): number =>
      (run(['-V'], bundle, { NODE_DEBUG: 'esm' }).stderr.match(/dist\//g) ?? []).length;
    expect(esm(true)).toBe(0);
    expect(esm(false)).toBeGreaterThan(10);
  });

  it('replays golden recordings exactly as the ES modules do', () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(10);
    let printed = 0;
    for (const c of all) {
      const argv = ['--replay', c.file, ...c.argv];
      const a = run(argv, true);
      const b = run(argv, false);
      expect({ file: c.file, ...a }).toEqual({ file: c.file, ...b });
      if (a.code === 0 && a.stdout.length > 0) printed++;
    }
    // The replays really ran the commands (most of the recordings print something).
    expect(printed).toBeGreaterThan(all.length / 2);
  }, 300_000);
});
