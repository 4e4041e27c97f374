import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli, type Ran } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live rule change tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(x: string[]): string };

function setup(prefix: string): Ns {
  const ns = Netns.create(prefix) as Ns;
  try {
    ipBatch(['link add r0 type veth peer name r1'], ns.name);
  } catch (e) {
    ns.delete();
    throw e;
  }
  return ns;
}

/** ip -j rule show for IPv4 and IPv6 (-d, so the protocol is always there). */
function state(ns: Ns): string {
  return [[], ['-6']].map((f) => ip(['-n', ns.name, '-j', '-d', ...f, 'rule', 'show']).stdout).join('\n');
}

const SCRIPT: string[][] = [
  ['rule', 'add', 'pref', '100', 'from', '10.0.0.0/8', 'table', '100'],
  ['rule', 'add', 'pref', '100', 'from', '10.0.0.0/8', 'table', '100'], // EEXIST
  ['rule', 'add', 'priority', '101', 'to', '192.168.1.0/24', 'lookup', 'main'],
  ['rule', 'add', 'order', '102', 'fwmark', '0x10/0xff', 'unreachable'],
  ['rule', 'add', 'pref', '103', 'iif', 'r0', 'prohibit'],
  ['rule', 'add', 'pref', '104', 'oif', 'r1', 'type', 'blackhole'],
  ['rule', 'add', 'pref', '105', 'goto', '200'],
  ['rule', 'add', 'pref', '106', 'uidrange', '1000-2000', 'table', '5'],
  ['rule', 'add', 'pref', '107', 'ipproto', 'tcp', 'sport', '80', 'dport', '1000-2000', 'table', '6'],
  ['rule', 'add', 'pref', '108', 'table', 'main', 'suppress_prefixlength', '0'],
  ['rule', 'add', 'pref', '109', 'not', 'from', '10.1.0.0/16', 'tos', '0x10', 'table', 'default'],
  ['rule', 'add', 'pref', '110', 'l3mdev'],
  ['rule', 'add', 'pref', '111', 'table', '7', 'proto', 'static'],
  ['rule', 'add', 'pref', '112', 'realms', '3/4', 'table', '8'],
  ['rule', 'add', 'pref', '113', 'fwmark', '5', 'table', '4000000', 'suppress_ifgroup', '3'],
  ['rule', 'add', 'pref', '114', 'nop'],
  ['rule', 'add', 'pref', '115', 'tun_id', '42', 'table', '9'],
  ['rule', 'add', 'pref', '116', 'nat', '192.0.2.1'],
  ['rule', 'add', 'from', '10.9.0.0/16', 'table', '11'], // no pref: the kernel picks one
  ['rule', 'add', 'from', 'fd00::/64', 'table', '5'], // IPv6 prefix in an IPv4 rule: refused
  ['-6', 'rule', 'add', 'pref', '50', 'from', 'fd00::/64', 'table', '77'],
  ['-6', 'rule', 'add', 'pref', '51', 'to', 'fd00::1', 'unreachable'],
  ['-6', 'rule', 'add', 'pref', '52', 'iif', 'r0', 'fwmark', '0x7/0xf', 'table', 'main'],
  ['rule', 'del', 'pref', '100'],
  ['rule', 'delete', 'pref', '100'], // ENOENT
  ['rule', 'del', 'from', '10.1.0.0/16', 'not', 'tos', '0x10', 'table', 'default'],
  ['rule', 'del', 'table', '6'],
  ['-6', 'rule', 'del', 'pref', '51'],
  ['rule', 'flush', 'table', '5'],
  ['rule', 'flush', 'protocol', 'static'],
  ['-j', 'rule', 'flush', 'pref', '113'],
  ['rule', 'flush'],
  ['-6', 'rule', 'flush'],
  ['-j', '-p', 'rule', 'flush'],
  ['rule', 'add', 'pref', '32766', 'table', 'main'],
];

describe.skipIf(skip !== null)('live: nlts rule add|del|flush against ip', () => {
  let theirs: Ns;
  let ours: Ns;
  beforeAll(() => {
    theirs = setup('nlts-rc-ip');
    ours = setup('nlts-rc-us');
  });
  afterAll(() => {
    theirs?.delete();
    ours?.delete();
  });

  it('the two namespaces start alike', () => {
    expect(state(ours)).toBe(state(theirs));
  });

  for (const [i, args] of SCRIPT.entries()) {
    it(`step ${i}: ${args.join(' ')}: same output, exit and resulting rules`, async () => {
      const a = ip(['-n', theirs.name, ...args]);
      const b: Ran = await runCli(['-n', ours.name, ...args]);
      expect(b.stderr).toBe(a.stderr);
      expect(b.stdout).toBe(a.stdout);
      expect(b.code).toBe(a.code);
      expect(state(ours)).toBe(state(theirs));
    });
  }

  it('a difference between the namespaces is seen (the comparison can fail)', () => {
    theirs.ip(['rule', 'add', 'pref', '999', 'table', '99']);
    try {
      expect(state(ours)).not.toBe(state(theirs));
    } finally {
      theirs.ip(['rule', 'del', 'pref', '999']);
    }
    expect(state(ours)).toBe(state(theirs));
  });

  describe('bad input: ip message and exit status, nothing changed, valid JSON with -j', () => {
    const bad: [string[], number, string][] = [
      [['rule', 'add'], 1, '"ip rule add" requires arguments.\n'],
      [['rule', 'del'], 1, '"ip rule del" requires arguments.\n'],
      [['rule', 'add', 'table', 'nosuch'], 255, 'Error: argument "nosuch" is wrong: invalid table ID\n\n'],
      [
        ['rule', 'add', 'pref', 'abc'],
        255,
        'Error: argument "abc" is wrong: preference value is invalid\n\n',
      ],
      [
        ['rule', 'add', 'from', '10.0.0.0/33'],
        1,
        'Error: any valid prefix is expected rather than "10.0.0.0/33".\n',
      ],
      [['rule', 'add', 'bogus'], 255, 'Error: argument "bogus" is wrong: Failed to parse rule type\n'],
      [['rule', 'add', 'fwmark', '1/zz'], 255, 'Error: argument "zz" is wrong: fwmask value is invalid\n\n'],
      [['rule', 'add', 'realms', 'foo'], 255, 'Error: argument "foo" is wrong: invalid realms\n\n'],
      [['rule', 'add', 'uidrange', '5'], 255, 'Error: argument "5" is wrong: invalid UID range\n\n'],
      [
        ['rule', 'add', 'suppress_prefixlength', '-1'],
        255,
        'Error: argument "-1" is wrong: suppress_prefixlength value is invalid\n\n',
      ],
      [
        ['rule', 'add', 'protocol', 'foo'],
        255,
        'Error: argument "foo" is wrong: "protocol" value is invalid\n\n',
      ],
      [['rule', 'add', 'goto', 'x'], 255, 'Error: argument "x" is wrong: invalid target\n\n'],
      [
        ['rule', 'add', 'iif', 'a/b'],
        255,
        'Error: argument "a/b" is wrong: "iif"/"dev" not a valid ifname\n',
      ],
      [['rule', 'add', 'l3mdev', 'table', '5'], 22, 'table can not be specified for l3mdev rules\n'],
      [
        ['rule', 'add', 'nat', '1.2.3.999'],
        1,
        'Warning: route NAT is deprecated\nError: an IP address is expected rather than "1.2.3.999"\n',
      ],
      [['rule', 'add', 'pref'], 255, 'Command line is not complete. Try option "help"\n'],
      [['rule', 'del', 'pref', '12345'], 2, 'RTNETLINK answers: No such file or directory\n'],
      [['rule', 'add', 'from', 'fd00::/64', 'table', '5'], 2, 'Error: Invalid source address.\n'],
    ];
    for (const [args, code, message] of bad) {
      it(`nlts ${args.join(' ')}`, async () => {
        const before = state(ours);
        const theirsRan = ip(['-n', theirs.name, ...args]);
        expect(theirsRan.stderr).toBe(message);
        expect(theirsRan.code).toBe(code);
        const r = await runCli(['-n', ours.name, ...args]);
        expect(r.stderr).toBe(message);
        expect(r.code).toBe(code);
        expect(r.stdout).toBe('');
        const j = await runCli(['-j', '-n', ours.name, ...args]);
        expect(j.code).toBe(code);
        const parsed = JSON.parse(j.stdout) as { error: { message: string } };
        expect(parsed.error.message.trimEnd()).toBe(message.replace(/^Warning: .*\n/, '').trimEnd());
        expect(state(ours)).toBe(before);
      });
    }
  });
});
