import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-addr-goldens.mjs
import { ADDR_CASES } from './addr-cases.mjs';
import { ROOT } from '../support/cli.js';
import { goldenCases, replayCli } from '../support/golden.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/addr');

describe('golden: recorded address exchanges replayed through the CLI', () => {
  goldenCases(DIR, ADDR_CASES as { name: string; args: string[] }[]);

  it('a replay that sends a different request fails loudly', async () => {
    const r = await replayCli(path.join(DIR, 'addr-show.recording.json'), [
      '-n',
      'nlts-golden-addr',
      'address',
      'show',
      'dev',
      'lo',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: /);
  });
});
