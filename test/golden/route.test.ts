import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-route-goldens.mjs
import { ROUTE_CASES, runRoute } from './route-cases.mjs';
import { ROOT } from '../support/cli.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/route');

interface Case {
  name: string;
  args: string[];
}
type Run = (argv: string[], mode: unknown) => Promise<{ code: number; stdout: string; stderr: string }>;
const run = runRoute as Run;

describe('golden: recorded route exchanges replayed through the route command', () => {
  for (const c of ROUTE_CASES as Case[]) {
    it(`${c.name}: nlts ${c.args.join(' ')}`, async () => {
      const rec = path.join(DIR, `${c.name}.recording.json`);
      // A missing fixture is a failure: run scripts/record-route-goldens.mjs and commit the result.
      expect(existsSync(rec), `${rec} is missing`).toBe(true);
      const expected = JSON.parse(readFileSync(path.join(DIR, `${c.name}.expect.json`), 'utf8')) as {
        argv: string[];
        exit: number;
        stderr: string;
      };
      const stdout = readFileSync(path.join(DIR, `${c.name}.stdout`), 'utf8');
      const r = await run(expected.argv, { replay: rec });
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(stdout);
      expect(r.code).toBe(expected.exit);
    });
  }

  it('a replay whose command sends a different request fails loudly', async () => {
    const rec = path.join(DIR, 'route-show.recording.json');
    const r = await run(['route', 'show', 'table', '100'], { replay: rec });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: request #\d+ differs from the recording/);
  });
});
