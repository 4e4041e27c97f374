// raw, dropwatch, genl and monitor parse their --long options with one parser
// (src/commands/gnu-options.ts): a bad option is one line on stderr in one wording,
// exit 255, and with -j a JSON error object on stdout; --help goes to stdout.
// Run as the real CLI inside a namespace of the test's own (nothing reaches the kernel).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nlts, ROOT } from '../support/cli.js';
// @ts-expect-error plain JS helpers shared with the record scripts
import { Netns, liveSkipReason } from '../support/scenario.mjs';

const built = existsSync(path.join(ROOT, 'dist/commands/gnu-options.js'));
const skipReason = (liveSkipReason() as string | null) ?? (built ? null : 'dist/ is not built');
if (skipReason) console.warn(`skipping live GNU-option tests: ${skipReason}`);

/** Each command with its help hint, as a user would type it. */
const COMMANDS: [string[], string][] = [
  [['raw', 'send', '--proto', 'route'], 'nlts raw send --help'],
  [['raw', 'listen', '--proto', 'route'], 'nlts raw listen --help'],
  [['dropwatch', '--mode', 'packet'], 'nlts dropwatch help'],
  [['genl', 'list'], 'nlts genl help'],
  [['monitor', 'link'], 'nlts monitor help'],
  [['monitor', 'proc'], 'nlts monitor help'],
];

describe.skipIf(skipReason !== null)('live: one wording for bad long options', () => {
  let ns: { name: string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlts-c11');
  });
  afterAll(() => ns?.delete());

  for (const [words, hint] of COMMANDS) {
    const shown = words.join(' ');
    it(`nlts ${shown} --bogus-opt=1: one line, exit 255; -j adds a JSON error object`, () => {
      const line = `Option "--bogus-opt" is unknown, try "${hint}".\n`;
      const r = nlts(['-n', ns.name, ...words, '--bogus-opt=1']);
      expect(r.code).toBe(255);
      expect(r.stderr).toBe(line);
      expect(r.stdout).toBe('');
      const j = nlts(['-j', '-n', ns.name, ...words, '--bogus-opt', '1']);
      expect(j.code).toBe(255);
      expect(j.stderr).toBe(line);
      expect(JSON.parse(j.stdout)).toEqual({ error: { kind: 'usage', message: line.trimEnd() } });
    });
  }

  it('a missing value and a bad number read the same in every command', () => {
    const missing = [
      [['raw', 'listen', '--proto'], '--proto'],
      [['dropwatch', '--count'], '--count'],
      [['genl', '--spec'], '--spec'],
      [['monitor', '--count'], '--count'],
    ] as const;
    for (const [argv, opt] of missing) {
      const r = nlts(['-n', ns.name, ...argv]);
      expect([r.code, r.stderr]).toEqual([255, `Option "${opt}" requires an argument\n`]);
    }
    for (const argv of [
      ['raw', 'listen', '--proto', 'route', '--count', 'x'],
      ['dropwatch', '--count', 'x'],
      ['monitor', '--count', 'x'],
    ]) {
      const r = nlts(['-n', ns.name, ...argv]);
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(/^Invalid value "x" for "--count": expected a whole number( >= 1)?\n$/);
    }
  });

  it('--help writes the help to stdout and exits 0', () => {
    for (const argv of [
      ['raw', 'send', '--help'],
      ['raw', 'listen', '-h'],
      ['dropwatch', '--help'],
      ['genl', '--help'],
      ['monitor', '--help'],
    ]) {
      const r = nlts(['-n', ns.name, ...argv]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/^Usage: nlts /);
    }
  });
});
