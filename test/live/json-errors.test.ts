import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live JSON error tests: ${skip}`);

/** With -j, stdout must parse as JSON whatever happens (the guide's rule 4). */
describe.skipIf(skip !== null)('live: with -j, stdout stays valid JSON when a command fails', () => {
  let ns: { name: string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlts-jerr');
  });
  afterAll(() => ns?.delete());

  it.each([
    [['route', 'show', 'table', '1234'], 2, /FIB table does not exist/],
    [['route', 'get', '10.0.0.1'], 2, /Network is unreachable/],
    [['link', 'show', 'dev', 'nosuch0'], 1, /does not exist/],
    [['address', 'add', '10.0.0.300/24', 'dev', 'lo'], 1, /valid prefix/],
    [['link', 'set', 'dev', 'lo', 'mtu', 'abc'], 255, /Invalid "mtu" value/],
  ])('nlts -j %j', (args, code, message) => {
    const r = nlts(['-j', '-n', ns.name, ...(args as string[])]);
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message as RegExp);
    const out = JSON.parse(r.stdout) as { error?: { message: string } };
    expect(out.error?.message).toMatch(message as RegExp);
  });
});
