import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { goldenCases, replayCli } from '../support/golden.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/genl');
const { cases } = JSON.parse(readFileSync(path.join(DIR, 'ipvs-cases.json'), 'utf8')) as {
  cases: { name: string; args: string[] }[];
};

describe('golden: IPVS generic netlink exchanges (recorded in the VM)', () => {
  goldenCases(DIR, cases);

  it('the service ipvsadm added is in the dump: TCP 10.0.0.1:80, scheduler rr', async () => {
    const r = await replayCli(path.join(DIR, 'ipvs-dump-services.recording.json'), [
      '-n',
      'ipvs',
      'genl',
      'dump',
      'IPVS',
      'get-service',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/protocol 6\n/);
    expect(r.stdout).toMatch(/addr 0a000001/);
    expect(r.stdout).toMatch(/port 80\n/);
    expect(r.stdout).toMatch(/sched-name rr\n/);
  });
});
