import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with scripts/record-monitor-goldens.mjs
import { MONITOR_CASES } from './monitor-cases.mjs';
import { ROOT } from '../support/cli.js';
import { monitor } from '../../src/commands/monitor/index.js';
import { defaultOptions } from '../../src/cli/options.js';
import type { CommandEnv } from '../../src/commands/env.js';
import { StringOutput } from '../../src/output/output.js';
import { Replayer, type Recording } from '../../src/netlink/recording.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/monitor');

interface Case {
  name: string;
  args: string[];
}
interface Expect {
  args: string[];
  json: boolean;
  netns: string | null;
  exit: number;
  stderr: string;
}

function replay(
  recording: Recording,
  e: Expect,
  args = e.args,
): { out: StringOutput; err: StringOutput; done: Promise<number> } {
  const r = new Replayer(recording);
  const out = new StringOutput();
  const err = new StringOutput();
  const env: CommandEnv = {
    opts: { ...defaultOptions(), json: e.json, netns: e.netns },
    out,
    err,
    transports: r.factory,
    colorize: undefined,
    readFile: () => {
      throw new Error('a replay must not read the machine');
    },
    fact: (key) => r.fact(key),
    signal: new AbortController().signal,
  };
  return { out, err, done: monitor(args, env) };
}

describe('golden: nlts monitor replays recorded events', () => {
  process.env.TZ = 'UTC';
  for (const c of MONITOR_CASES as Case[]) {
    it(`${c.name}: nlts monitor ${c.args.join(' ')}`, async () => {
      const rec = path.join(DIR, `${c.name}.recording.json`);
      // A missing fixture is a failure: run scripts/record-monitor-goldens.mjs and commit the result.
      expect(existsSync(rec), `${rec} is missing`).toBe(true);
      const e = JSON.parse(readFileSync(path.join(DIR, `${c.name}.expect.json`), 'utf8')) as Expect;
      const stdout = readFileSync(path.join(DIR, `${c.name}.stdout`), 'utf8');
      const r = replay(JSON.parse(readFileSync(rec, 'utf8')) as Recording, e);
      expect(await r.done).toBe(e.exit);
      expect(r.err.text).toBe(e.stderr);
      expect(r.out.text).toBe(stdout);
      if (e.json)
        for (const line of r.out.text.trimEnd().split('\n')) {
          const rec = JSON.parse(line) as { source?: string; object?: Record<string, unknown> };
          // Objects have the show commands' shape: a deletion is said by "event", not by the object.
          if (rec.object && rec.source !== 'genl') expect(Object.keys(rec.object)).not.toContain('deleted');
        }
    });
  }

  it('a proc replay that sends a different request fails loudly', async () => {
    const name = 'monitor-proc-json';
    const e = JSON.parse(readFileSync(path.join(DIR, `${name}.expect.json`), 'utf8')) as Expect;
    const recording = JSON.parse(readFileSync(path.join(DIR, `${name}.recording.json`), 'utf8')) as Recording;
    // Corrupt the recorded LISTEN op (the last byte group of the request) into IGNORE.
    const ex = recording.sockets[0]!.exchanges.find((x) => x.request !== null)!;
    ex.request = ex.request!.slice(0, -8) + '02000000';
    await expect(replay(recording, e).done).rejects.toThrow(/request #1 differs from the recording/);
  });
});
