import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-neigh-rule-goldens.mjs
import { NEIGH_CASES } from './neigh-cases.mjs';
import { ROOT } from '../support/cli.js';
import { goldenCases, replayCli } from '../support/golden.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/neigh');

describe('golden: recorded neigh exchanges replayed through the CLI', () => {
  goldenCases(DIR, NEIGH_CASES as { name: string; args: string[] }[]);

  it('a replay that sends a different request fails loudly', async () => {
    const r = await replayCli(path.join(DIR, 'neigh-show.recording.json'), [
      '-6',
      'neigh',
      'show',
      'dev',
      'lo',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: /);
  });
});
