import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-goldens.mjs
import { LINK_CASES } from './cases.mjs';
import { nlts, ROOT } from '../support/cli.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/link');

interface Case {
  name: string;
  args: string[];
}

describe('golden: recorded kernel exchanges replayed through the real CLI', () => {
  for (const c of LINK_CASES as Case[]) {
    it(`${c.name}: nlts ${c.args.join(' ')}`, () => {
      const rec = path.join(DIR, `${c.name}.recording.json`);
      // A missing fixture is a failure, not a skip: run `npm run record` and commit the result.
      expect(existsSync(rec), `${rec} is missing`).toBe(true);
      const expected = JSON.parse(readFileSync(path.join(DIR, `${c.name}.expect.json`), 'utf8')) as {
        argv: string[];
        exit: number;
        stderr: string;
      };
      const stdout = readFileSync(path.join(DIR, `${c.name}.stdout`), 'utf8');
      const r = nlts(['--replay', rec, ...expected.argv]);
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(stdout);
      expect(r.code).toBe(expected.exit);
    });
  }

  it('a replay that sends a different request fails loudly', () => {
    const rec = path.join(DIR, 'link-show.recording.json');
    const r = nlts(['--replay', rec, 'link', 'show', 'dev', 'lo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: request #1 differs from the recording/);
  });
});
