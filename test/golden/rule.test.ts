import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-neigh-rule-goldens.mjs
import { RULE_CASES } from './rule-cases.mjs';
import { ROOT } from '../support/cli.js';
import { goldenCases, replayCli } from '../support/golden.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/rule');

describe('golden: recorded rule exchanges replayed through the CLI', () => {
  goldenCases(DIR, RULE_CASES as { name: string; args: string[] }[]);

  it('a replay that sends a different request fails loudly', async () => {
    const r = await replayCli(path.join(DIR, 'rule-show.recording.json'), ['-6', 'rule', 'show']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: /);
  });
});
