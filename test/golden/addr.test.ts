import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-addr-goldens.mjs
import { ADDR_CASES } from './addr-cases.mjs';
import { ROOT } from '../support/cli.js';
import { addrCommand } from '../../src/commands/addr/index.js';
import { describeError, errorJson } from '../../src/cli/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';
import { Replayer } from '../../src/netlink/recording.js';
import { StringOutput } from '../../src/output/output.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/addr');

interface Case {
  name: string;
  args: string[];
}

/** Run the addr handler on a replayed recording, turning errors into stderr + exit like main() does. */
async function replay(
  recording: string,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { opts, rest } = parseGlobalOptions(argv);
  const r = Replayer.load(recording);
  const out = new StringOutput();
  const err = new StringOutput();
  let code: number;
  try {
    code = await addrCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: r.factory,
      colorize: undefined,
      // Every system file the command reads comes from the recording, never from this machine.
      readFile: () => {
        throw new Error('readFile outside a fact during replay');
      },
      fact: <T>(key: string): T => r.fact(key) as T,
    });
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify(errorJson(d)) + '\n');
    err.write(d.message.endsWith('\n') ? d.message : d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

describe('golden: recorded `nlts address` exchanges replayed through the addr handler', () => {
  for (const c of ADDR_CASES as Case[]) {
    it(`${c.name}: nlts ${c.args.join(' ')}`, async () => {
      const rec = path.join(DIR, `${c.name}.recording.json`);
      // A missing fixture is a failure, not a skip: run scripts/record-addr-goldens.mjs.
      expect(existsSync(rec), `${rec} is missing`).toBe(true);
      const expected = JSON.parse(readFileSync(path.join(DIR, `${c.name}.expect.json`), 'utf8')) as {
        argv: string[];
        exit: number;
        stderr: string;
      };
      const stdout = readFileSync(path.join(DIR, `${c.name}.stdout`), 'utf8');
      const r = await replay(rec, expected.argv);
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(stdout);
      expect(r.code).toBe(expected.exit);
    });
  }

  it('a replay that sends a different request fails loudly', async () => {
    const rec = path.join(DIR, 'addr-show.recording.json');
    const r = await replay(rec, ['-n', 'nlts-golden-addr', 'address', 'show', 'dev', 'lo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: request #\d+ differs from the recording/);
  });
});
