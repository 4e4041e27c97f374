/**
 * `nlts addrlabel` against `ip addrlabel`: listings of the same namespace
 * are equal; each change run by nlts in one namespace and by ip in a twin
 * leaves equal tables; bad input gets ip's message and exit status and
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip, withoutAttributeName } from '../support/cli.js';
import { runCli } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live addrlabel tests: ${skip}`);

describe.skipIf(skip !== null)('live: nlts addrlabel against ip addrlabel', () => {
  let ours: { name: string; delete(): void };
  let theirs: { name: string; delete(): void };
  const setup = ['link set lo up', 'link add v0 type veth peer name v1', 'link set v0 up'];

  beforeAll(() => {
    ours = Netns.create('laddrlbl-n');
    theirs = Netns.create('laddrlbl-i');
    ipBatch(setup, ours.name);
    ipBatch(setup, theirs.name);
  });
  afterAll(() => {
    ours?.delete();
    theirs?.delete();
  });

  const table = (ns: string): string => ip(['-n', ns, '-j', 'addrlabel', 'list']).stdout;

  it('list: text and JSON equal to ip on the same table', async () => {
    for (const flags of [[], ['-j'], ['-j', '-p']]) {
      const a = ip(['-n', ours.name, ...flags, 'addrlabel', 'list']);
      const b = await runCli(['-n', ours.name, ...flags, 'addrlabel', 'list']);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    }
    const bare = await runCli(['-n', ours.name, 'addrlabel']);
    expect(bare.stdout).toBe(ip(['-n', ours.name, 'addrlabel']).stdout);
  });

  const changes: string[][] = [
    ['add', 'prefix', '2001:db8::/32', 'label', '100'],
    ['add', 'prefix', '2001:db9::/48', 'dev', 'v0', 'label', '101'],
    ['add', 'prefix', '2001:dba::1', 'label', '0x20'],
    ['del', 'prefix', '2001:db8::/32', 'label', '100'],
    ['delete', 'prefix', '::/96', 'label', '3'],
  ];
  for (const words of changes) {
    it(`${words.join(' ')}: the same table as ip's in a twin namespace`, async () => {
      const b = await runCli(['-n', ours.name, 'addrlabel', ...words]);
      const a = ip(['-n', theirs.name, 'addrlabel', ...words]);
      expect([b.code, b.stderr]).toEqual([a.code, a.stderr]);
      expect(table(ours.name)).toBe(table(theirs.name));
      // and the text listing of nlts equals ip's of the twin
      expect((await runCli(['-n', ours.name, 'addrlabel', 'list'])).stdout).toBe(
        ip(['-n', theirs.name, 'addrlabel', 'list']).stdout,
      );
    });
  }

  for (const [what, words] of [
    ['an existing label', ['add', 'prefix', '2001:db9::/48', 'dev', 'v0', 'label', '101']],
    ['an IPv4 prefix', ['add', 'prefix', '10.0.0.0/8', 'label', '7']],
    ['no label', ['add', 'prefix', '2001:dbb::/32']],
    ['no prefix', ['add', 'label', '5']],
    ['label 0xffffffff', ['add', 'prefix', '2001:dbb::/32', 'label', '4294967295']],
    ['a word for a label', ['add', 'prefix', '2001:dbb::/32', 'label', 'foo']],
    ['an unknown device', ['add', 'prefix', '2001:dbb::/32', 'dev', 'nosuch', 'label', '3']],
    ['a bad prefix', ['add', 'prefix', 'foo', 'label', '3']],
    ['a missing value', ['add', 'prefix']],
    ['a label that is not there', ['del', 'prefix', '2001:dbf::/32', 'label', '100']],
    ['an unknown command', ['frob']],
    ['-4 list', ['-4', 'list']],
  ] as [string, string[]][]) {
    it(`${what}: ip's message and exit status, nothing changed`, async () => {
      const flags = words.filter((w) => w === '-4');
      const rest = words.filter((w) => w !== '-4');
      const before = table(ours.name);
      const b = await runCli(['-n', ours.name, ...flags, 'addrlabel', ...rest]);
      const a = ip(['-n', theirs.name, ...flags, 'addrlabel', ...rest]);
      expect(b.code).toBe(a.code);
      expect(withoutAttributeName(b.stderr)).toBe(
        a.stderr.replace('ip addrlabel help', 'nlts addrlabel help'),
      );
      expect(b.stdout).toBe(a.stdout);
      expect(table(ours.name)).toBe(before);
    });
  }

  it("the kernel's extack offset is named: an IPv4 prefix fails on IFAL_ADDRESS", async () => {
    const b = await runCli(['-n', ours.name, 'addrlabel', 'add', 'prefix', '10.0.0.0/8', 'label', '7']);
    expect(b.stderr).toBe('Error: Attribute failed policy validation (attribute IFAL_ADDRESS).\n');
    const j = await runCli(['-n', ours.name, '-j', 'addrlabel', 'add', 'prefix', '10.0.0.0/8', 'label', '7']);
    expect(JSON.parse(j.stdout).error.attribute).toBe('IFAL_ADDRESS');
  });

  it('flush: every label goes, the kernel defaults too, as with ip', async () => {
    const b = await runCli(['-n', ours.name, 'addrlabel', 'flush']);
    const a = ip(['-n', theirs.name, 'addrlabel', 'flush']);
    expect([b.code, b.stderr, b.stdout]).toEqual([a.code, a.stderr, a.stdout]);
    expect(table(ours.name)).toBe(table(theirs.name));
    expect(JSON.parse(table(ours.name))).toEqual([]);
  });
});
