import path from 'node:path';
import { describe } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-ip-objects-goldens.mjs
import { IPOBJ_CASES } from './ip-objects-cases.mjs';
import { ROOT } from '../support/cli.js';
import { goldenCases } from '../support/golden.js';

type Case = { dir: string; name: string; args: string[] };
const cases = IPOBJ_CASES as Case[];

describe('golden: recorded stats, maddress, tuntap and vrf exchanges replayed through the CLI', () => {
  for (const dir of ['stats', 'maddr', 'tuntap', 'vrf', 'ntable']) {
    describe(dir, () => {
      goldenCases(
        path.join(ROOT, 'test/fixtures/golden', dir),
        cases.filter((c) => c.dir === dir),
      );
    });
  }
});
