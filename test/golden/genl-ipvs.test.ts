import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { genlCommand } from '../../src/commands/genl/index.js';
import { describeError } from '../../src/cli/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';
import { Replayer } from '../../src/netlink/recording.js';
import { StringOutput } from '../../src/output/output.js';
import { ROOT } from '../support/cli.js';

/** IPVS exchanges recorded in the VM (the development kernel has no ip_vs) replayed through `nlts genl`. */
const DIR = path.join(ROOT, 'test/fixtures/golden/genl');
const { cases } = JSON.parse(readFileSync(path.join(DIR, 'ipvs-cases.json'), 'utf8')) as {
  cases: { name: string; args: string[] }[];
};

async function replay(
  recording: string,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  const r = Replayer.load(recording);
  let code: number;
  try {
    code = await genlCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: r.factory,
      colorize: undefined,
      readFile: () => null,
      fact: <T>(key: string): T => r.fact<T>(key),
    });
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify({ error: { kind: d.kind, message: d.message } }) + '\n');
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

describe('golden: IPVS generic netlink exchanges (recorded in the VM)', () => {
  for (const c of cases) {
    it(`${c.name}: nlts ${c.args.join(' ')}`, async () => {
      const expected = JSON.parse(readFileSync(path.join(DIR, `${c.name}.expect.json`), 'utf8')) as {
        argv: string[];
        exit: number;
        stderr: string;
      };
      const r = await replay(path.join(DIR, `${c.name}.recording.json`), expected.argv);
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(readFileSync(path.join(DIR, `${c.name}.stdout`), 'utf8'));
      expect(r.code).toBe(expected.exit);
    });
  }

  it('the service ipvsadm added is in the dump: TCP 10.0.0.1:80, scheduler rr', async () => {
    const r = await replay(path.join(DIR, 'ipvs-dump-services.recording.json'), [
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
