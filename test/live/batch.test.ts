import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';
import { parseBatch } from '../../src/cli/batch.js';

describe('batch file syntax (ip lib/utils.c getcmdline + makeargs)', () => {
  it('comments, continuations, quotes and blank lines', () => {
    const text =
      'link show lo # trailing\n\n# only a comment\nlink set dev x alias "two words" \\\n  mtu 1400\n';
    expect(parseBatch(text)).toEqual([
      { line: 1, words: ['link', 'show', 'lo'] },
      { line: 5, words: ['link', 'set', 'dev', 'x', 'alias', 'two words', 'mtu', '1400'] },
    ]);
  });
  it('an unterminated quote is an error, not a guess', () => {
    expect(() => parseBatch('link set alias "oops\n')).toThrow(/Unterminated quoted string/);
  });
});

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live batch tests: ${skip}`);

describe.skipIf(skip !== null)('live: -batch like ip -batch', () => {
  let ns: { name: string; delete(): void; ip(a: string[]): string };
  let dir: string;
  beforeAll(() => {
    ns = Netns.create('nlts-batch');
    dir = mkdtempSync(path.join(tmpdir(), 'nlts-batch-'));
  });
  afterAll(() => ns?.delete());

  function both(lines: string[], extra: string[] = []): void {
    const file = path.join(dir, `b${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, lines.join('\n') + '\n');
    const theirs = ip(['-n', ns.name, ...extra, '-batch', file]);
    const ours = nlts(['-n', ns.name, ...extra, '-batch', file]);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.code).toBe(theirs.code);
  }

  it('stops at the first failure with "Command failed FILE:LINE"', () =>
    both(['link show lo', 'link show dev nosuch0', 'link show lo']));
  it('-force goes on after failures', () =>
    both(['link show dev nosuch0', 'link show lo', 'link show dev nosuch1'], ['-force']));
  it('all good: exit 0', () => both(['link show lo', '', '# c', 'link show dev lo']));
  it('a missing file', () => {
    const theirs = ip(['-batch', '/nonexistent/batch']);
    const ours = nlts(['-batch', '/nonexistent/batch']);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.code).toBe(theirs.code);
  });
});
