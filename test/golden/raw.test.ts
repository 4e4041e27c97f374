import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandEnv } from '../../src/commands/env.js';
import { describeError, errorJson } from '../../src/iproute/describe-error.js';
import { defaultOptions } from '../../src/cli/options.js';
import { rawCommand } from '../../src/commands/raw/index.js';
import { Replayer } from '../../src/netlink/recording.js';
import { StringOutput } from '../../src/output/output.js';
import { ROOT } from '../support/cli.js';

const DIR = path.join(ROOT, 'test/fixtures/golden/raw');

interface Expect {
  command: string;
  json: boolean;
  netns: string;
  args: string[];
  exit: number;
  stderr: string;
}

/** As main() does: a thrown error is one stderr line (and a JSON error object with -j). */
async function replay(
  name: string,
  args?: string[],
): Promise<{ exit: number; stdout: string; stderr: string }> {
  const x = JSON.parse(readFileSync(path.join(DIR, `${name}.expect.json`), 'utf8')) as Expect;
  const opts = defaultOptions();
  opts.json = x.json;
  opts.netns = x.netns;
  const env: CommandEnv & { out: StringOutput; err: StringOutput } = {
    opts,
    out: new StringOutput(),
    err: new StringOutput(),
    transports: Replayer.load(path.join(DIR, `${name}.recording.json`)).factory,
    colorize: undefined,
    readFile: () => null,
    fact: <T>(_key: string, compute: () => T): T => compute(),
  };
  let exit: number;
  try {
    exit = await rawCommand(args ?? x.args, env);
  } catch (e) {
    const d = describeError(e);
    if (opts.json) env.out.write(JSON.stringify(errorJson(d)) + '\n');
    env.err.write(d.message + '\n');
    exit = d.exitCode;
  }
  return { exit, stdout: env.out.text, stderr: env.err.text };
}

const names = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.expect.json'))
      .map((f) => f.slice(0, -'.expect.json'.length))
      .sort()
  : [];

describe('golden: nlts raw replayed from recorded kernel exchanges', () => {
  it('the fixtures are there (scripts/record-raw-goldens.mjs writes them)', () => {
    expect(names).toEqual(['getlink-dump', 'getlink-dump-json', 'getlink-enodev', 'newlink-extack-json']);
  });

  for (const name of names) {
    it(name, async () => {
      const x = JSON.parse(readFileSync(path.join(DIR, `${name}.expect.json`), 'utf8')) as Expect;
      const r = await replay(name);
      expect(r.stderr).toBe(x.stderr);
      expect(r.stdout).toBe(readFileSync(path.join(DIR, `${name}.stdout`), 'utf8'));
      expect(r.exit).toBe(x.exit);
    });
  }

  it('the JSON dump is one object per message, ending in NLMSG_DONE', () => {
    const lines = readFileSync(path.join(DIR, 'getlink-dump-json.stdout'), 'utf8').trimEnd().split('\n');
    const msgs = lines.map(
      (l) => JSON.parse(l) as { type_name?: string; attributes?: { type: number; string?: string }[] },
    );
    expect(msgs.at(-1)!.type_name).toBe('NLMSG_DONE');
    const ifnames = msgs.slice(0, -1).map((m) => m.attributes!.find((a) => a.type === 3)!.string);
    expect(ifnames).toEqual(['lo', 'v1', 'v0', 'br0']);
  });

  it('a replay that sends a different request fails loudly', async () => {
    const x = JSON.parse(readFileSync(path.join(DIR, 'getlink-enodev.expect.json'), 'utf8')) as Expect;
    const args = x.args.map((a) => (a.startsWith('00000000e703') ? '00000000e8030000' + '00'.repeat(8) : a));
    const r = await replay('getlink-enodev', args);
    expect(r.exit).toBe(1);
    expect(r.stderr).toMatch(/^nlts: replay: request #1 differs from the recording/);
  });
});
