import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-nexthop-netconf-goldens.mjs
import { NH_CASES } from './nexthop-cases.mjs';
import { ROOT } from '../support/cli.js';
import { goldenCases, replayCli } from '../support/golden.js';

type Case = { dir: string; name: string; args: string[] };
const cases = NH_CASES as Case[];

describe('golden: recorded nexthop and netconf exchanges replayed through the CLI', () => {
  for (const dir of ['nexthop', 'netconf']) {
    describe(dir, () => {
      goldenCases(
        path.join(ROOT, 'test/fixtures/golden', dir),
        cases.filter((c) => c.dir === dir),
      );
    });
  }

  it('a replay that sends a different request fails loudly', async () => {
    const rec = path.join(ROOT, 'test/fixtures/golden/nexthop/nexthop-show.recording.json');
    const r = await replayCli(rec, ['-n', 'nlts-golden-nh', 'nexthop', 'show', 'id', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: /);
  });
});
