import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { goldenCases, replayCli } from '../support/golden.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/genl');
const { cases } = JSON.parse(readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as {
  cases: { name: string; args: string[] }[];
};

describe('golden: recorded genl exchanges replayed through the CLI', () => {
  goldenCases(DIR, cases);

  it('a replay that sends a different request fails loudly', async () => {
    const r = await replayCli(path.join(DIR, 'do-nlctrl-getfamily.recording.json'), [
      'genl',
      'do',
      'nlctrl',
      'getfamily',
      'family-name=ethtool',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/replay: request #\d+ differs from the recording/);
  });
});
