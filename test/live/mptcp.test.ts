/**
 * `nlts mptcp` against `ip mptcp`: listings of the same namespace are
 * equal; each change run by nlts in one namespace and by ip in a twin leaves
 * the same endpoints and limits; bad input gets ip's message and exit status
 * and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';

let skip = liveSkipReason() as string | null;
if (!skip && ip(['mptcp', 'limits']).code !== 0) skip = 'the kernel has no MPTCP path manager';
if (skip) console.warn(`SKIPPED live mptcp tests: ${skip}`);

describe.skipIf(skip !== null)('live: nlts mptcp against ip mptcp', () => {
  let ours: { name: string; delete(): void };
  let theirs: { name: string; delete(): void };
  const setup = ['link set lo up', 'link add m0 type veth peer name m1', 'link set m0 up'];

  beforeAll(() => {
    ours = Netns.create('lmptcp-n');
    theirs = Netns.create('lmptcp-i');
    ipBatch(setup, ours.name);
    ipBatch(setup, theirs.name);
  });
  afterAll(() => {
    ours?.delete();
    theirs?.delete();
  });

  const state = (ns: string): string =>
    ip(['-n', ns, '-j', 'mptcp', 'endpoint', 'show']).stdout + ip(['-n', ns, 'mptcp', 'limits']).stdout;

  const sameListings = async (): Promise<void> => {
    for (const args of [
      ['mptcp', 'endpoint'],
      ['-j', 'mptcp', 'endpoint', 'show'],
      ['-j', '-p', 'mptcp', 'endpoint', 'show'],
      ['mptcp', 'limits'],
      ['mptcp', 'limits', 'show'],
    ]) {
      const a = ip(['-n', ours.name, ...args]);
      const b = await runCli(['-n', ours.name, ...args]);
      expect([b.code, b.stderr, b.stdout]).toEqual([a.code, a.stderr, a.stdout]);
    }
  };

  const changes: string[][] = [
    ['endpoint', 'add', '10.0.0.1', 'dev', 'm0', 'id', '3', 'signal'],
    ['endpoint', 'add', '10.0.0.2', 'subflow', 'backup'],
    ['endpoint', 'add', '2001:db8::2', 'subflow', 'fullmesh'],
    ['endpoint', 'add', '10.0.0.3', '10.0.0.4'],
    ['endpoint', 'change', 'id', '3', 'backup'],
    ['endpoint', 'change', '10.0.0.2', 'nobackup'],
    ['endpoint', 'delete', 'id', '4'],
    ['limits', 'set', 'subflows', '3', 'add_addr_accepted', '2'],
    ['limits', 'set', 'subflow', '5'],
  ];
  for (const words of changes) {
    it(`${words.join(' ')}: the same state as ip's in a twin namespace`, async () => {
      const b = await runCli(['-n', ours.name, 'mptcp', ...words]);
      const a = ip(['-n', theirs.name, 'mptcp', ...words]);
      expect([b.code, b.stderr]).toEqual([a.code, a.stderr]);
      expect(state(ours.name)).toBe(state(theirs.name));
      await sameListings();
    });
  }

  it('endpoint show id N and an address, text and JSON', async () => {
    for (const args of [
      ['endpoint', 'show', 'id', '3'],
      ['endpoint', 'show', '10.0.0.2'],
    ])
      for (const flags of [[], ['-j']]) {
        const a = ip(['-n', ours.name, ...flags, 'mptcp', ...args]);
        const b = await runCli(['-n', ours.name, ...flags, 'mptcp', ...args]);
        expect([b.code, b.stderr]).toEqual([a.code, a.stderr]);
        // On an error ip -j prints nothing; nlts keeps stdout JSON with an error object.
        if (a.code !== 0 && flags.length) expect(JSON.parse(b.stdout)).toHaveProperty('error');
        else expect(b.stdout).toBe(a.stdout);
      }
  });

  it('-j limits is one JSON object (ip 6.1 prints its text line here)', async () => {
    const b = await runCli(['-n', ours.name, '-j', 'mptcp', 'limits']);
    expect(JSON.parse(b.stdout)).toEqual({ add_addr_accepted: 2, subflows: 5 });
  });

  for (const [what, words] of [
    ['add without an address', ['endpoint', 'add']],
    ['an id out of range', ['endpoint', 'add', '10.0.0.9', 'id', '300']],
    ['a word for an id', ['endpoint', 'add', '10.0.0.9', 'id', 'foo']],
    ['an unknown device', ['endpoint', 'add', '10.0.0.9', 'dev', 'nosuch']],
    ['a port without signal', ['endpoint', 'add', '10.0.0.9', 'port', '80']],
    ['a word that is no address', ['endpoint', 'add', '10.0.0.9', 'bogus']],
    ['signal and fullmesh', ['endpoint', 'add', '10.0.0.9', 'fullmesh', 'signal']],
    ['a duplicate', ['endpoint', 'add', '10.0.0.1', 'signal']],
    ['delete without id', ['endpoint', 'delete']],
    ['delete of a missing id', ['endpoint', 'delete', 'id', '77']],
    ['delete by id and address', ['endpoint', 'delete', 'id', '3', '10.0.0.1']],
    ['delete id 0 without an address', ['endpoint', 'delete', 'id', '0']],
    ['change to signal', ['endpoint', 'change', 'id', '3', 'signal']],
    ['show of a missing id', ['endpoint', 'show', 'id', '77']],
    ['a limit over the maximum', ['limits', 'set', 'subflows', '9']],
    ['an unknown limit', ['limits', 'set', 'foo', '1']],
    ['a missing value', ['endpoint', 'add', '10.0.0.9', 'id']],
    ['an unknown endpoint verb', ['endpoint', 'frob']],
    ['an unknown limits verb', ['limits', 'frob']],
    ['an unknown object', ['frob']],
  ] as [string, string[]][]) {
    it(`${what}: ip's message and exit status, nothing changed`, async () => {
      const before = state(ours.name);
      const b = await runCli(['-n', ours.name, 'mptcp', ...words]);
      const a = ip(['-n', theirs.name, 'mptcp', ...words]);
      expect(b.code).toBe(a.code);
      expect(b.stderr).toBe(a.stderr.replace('ip mptcp help', 'nlts mptcp help'));
      expect(b.stdout).toBe(a.stdout);
      expect(state(ours.name)).toBe(before);
    });
  }

  it('flush: no endpoints left, as with ip', async () => {
    const b = await runCli(['-n', ours.name, 'mptcp', 'endpoint', 'flush']);
    const a = ip(['-n', theirs.name, 'mptcp', 'endpoint', 'flush']);
    expect([b.code, b.stderr]).toEqual([a.code, a.stderr]);
    expect(state(ours.name)).toBe(state(theirs.name));
    expect(ip(['-n', ours.name, '-j', 'mptcp', 'endpoint']).stdout.trim()).toBe('[]');
  });
});
