import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { genlCommand } from '../../src/commands/genl/index.js';
import { describeError } from '../../src/cli/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';
import { Replayer } from '../../src/netlink/recording.js';
import { StringOutput } from '../../src/output/output.js';
import { ROOT } from '../support/cli.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/genl');
const { cases } = JSON.parse(readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as {
  cases: { name: string; args: string[] }[];
};

/** Run the genl handler on a replayed recording, turning errors into stderr + exit like main() does. */
async function replay(
  recording: string,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  let code: number;
  try {
    code = await genlCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: Replayer.load(recording).factory,
      colorize: undefined,
      readFile: () => null,
      fact: <T>(_key: string, compute: () => T): T => compute(),
    });
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify({ error: { kind: d.kind, message: d.message } }) + '\n');
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

describe('golden: recorded genl exchanges replayed through the genl handler', () => {
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

  it('a replay that sends a different request fails loudly', async () => {
    const r = await replay(path.join(DIR, 'do-nlctrl-getfamily.recording.json'), [
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
