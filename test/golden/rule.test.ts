import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-neigh-rule-goldens.mjs
import { RULE_CASES } from './rule-cases.mjs';
import { ROOT } from '../support/cli.js';
import type { CommandEnv } from '../../src/cli/env.js';
import { describeError, errorJson } from '../../src/cli/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';
import { Replayer } from '../../src/netlink/recording.js';
import { StringOutput } from '../../src/output/output.js';
import { ruleCommand } from '../../src/commands/rule/index.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/rule');

interface Case {
  name: string;
  args: string[];
}

/** Replays one recording through the handler, as `nlts --replay` will once "rule" is registered. */
async function replay(
  rec: string,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = Replayer.load(rec);
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  const env: CommandEnv = {
    opts,
    out,
    err,
    transports: r.factory,
    colorize: undefined,
    readFile: () => null,
    fact: (key) => r.fact(key),
  };
  let code: number;
  try {
    code = await ruleCommand(rest.slice(1), env);
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify(errorJson(d)) + '\n');
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

describe('golden: recorded rule exchanges replayed through the rule command', () => {
  for (const c of RULE_CASES as Case[]) {
    it(`${c.name}: nlts ${c.args.join(' ')}`, async () => {
      const rec = path.join(DIR, `${c.name}.recording.json`);
      // A missing fixture is a failure: run scripts/record-neigh-rule-goldens.mjs and commit the result.
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
    const first = (RULE_CASES as Case[])[0]!;
    const rec = path.join(DIR, `${first.name}.recording.json`);
    const r = await replay(rec, [
      '-6',
      ...first.args,
      ...(first.args.includes('neigh') ? ['dev', 'lo'] : []),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: /);
  });
});
