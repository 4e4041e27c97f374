import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live iproute parity tests: ${skip}`);

type Ns = { name: string; delete(): void };

function setup(): Ns {
  const ns = Netns.create('nlts-i11') as Ns;
  try {
    ipBatch(['link add d0 type veth peer name d1', 'link set d0 up', 'link set d1 up'], ns.name);
  } catch (e) {
    ns.delete();
    throw e;
  }
  return ns;
}

/** The state both tools are compared on: rules and IPv4 routes of every table (IPv6 link-local addresses are random), as ip -j prints them. */
function state(ns: Ns): string {
  return [
    ['-j', 'rule', 'show'],
    ['-4', '-j', 'route', 'show', 'table', 'all'],
  ]
    .map((a) => ip(['-n', ns.name, ...a]).stdout)
    .join('\n');
}

/**
 * The three divergences of the old per-command parsers, and ip's keywords:
 * each line is run by ip in one namespace and by nlts in its twin.
 */
const SCRIPT: string[][] = [
  ['rule', 'add', 'from', '1.2.3.4/255.255.0.0', 'table', '30'], // nlts used to refuse dotted masks here
  ['route', 'add', '10.40.0.0/+16', 'dev', 'd0'], // and "/+N" here
  ['route', 'add', '10.41.0.0/255.255.0.0', 'dev', 'd0'],
  ['route', 'add', ' 10.42.0.0/16', 'dev', 'd0'],
  ['route', 'add', '1.2.3.4/+8', 'dev', 'd0'], // parsed; the kernel refuses the host bits
  ['rule', 'add', 'from', 'default', 'table', '31'],
  ['rule', 'add', 'to', 'all', 'table', '32'],
  ['rule', 'add', 'from', 'all/8', 'table', '33'], // refused by both
  ['route', 'add', 'all', 'dev', 'd0', 'table', '34'],
  ['route', 'add', '10.12.0.0/16', 'dev', 'd0', 'tos', '0x28'],
  ['route', 'add', '10.13.0.0/16', 'dev', 'd0', 'tos', 'AF12'],
  // issue 12 item 10: dsfield wherever ip takes tos
  ['route', 'add', '10.14.0.0/16', 'dev', 'd0', 'dsfield', '0x10'],
  ['route', 'add', '10.15.0.0/16', 'dev', 'd0', 'ds', 'AF21'],
  ['rule', 'add', 'dsfield', '0x10', 'table', '35'],
  ['rule', 'add', 'from', '10.16.0.0/16', 'dsfield', 'AF11', 'table', '36'],
  ['route', 'del', '10.15.0.0/16', 'dev', 'd0', 'dsfield', 'AF21'],
  ['rule', 'del', 'dsfield', '0x10', 'table', '35'],
];

describe.skipIf(skip !== null)('iproute layer: nlts and ip parse the same way', () => {
  let a: Ns;
  let b: Ns;
  beforeAll(() => {
    a = setup();
    b = setup();
  });
  afterAll(() => {
    a?.delete();
    b?.delete();
  });

  it('each command exits like ip and leaves the same state', () => {
    for (const args of SCRIPT) {
      const byIp = ip(['-n', a.name, ...args]);
      const byNlts = nlts(['-n', b.name, ...args]);
      expect({ args, code: byNlts.code }).toEqual({ args, code: byIp.code });
      if (byIp.code === 1) expect(byNlts.stderr).toBe(byIp.stderr);
    }
    expect(state(b)).toBe(state(a));
    expect(state(a)).toContain('"src":"1.2.3.4","srclen":16');
  });

  it('route show names the TOS from rt_dsfield (tos AF11) as ip does', () => {
    for (const extra of [[], ['-j']]) {
      const args = [...extra, 'route', 'show', '10.12.0.0/16'];
      const byIp = ip(['-n', a.name, ...args]);
      const byNlts = nlts(['-n', a.name, ...args]);
      expect(byNlts.stdout).toBe(byIp.stdout);
    }
    expect(ip(['-n', a.name, 'route', 'show', '10.12.0.0/16']).stdout).toContain('tos AF11');
    const args = ['-j', 'route', 'show', 'tos', 'AF11'];
    expect(nlts(['-n', a.name, ...args]).stdout).toBe(ip(['-n', a.name, ...args]).stdout);
  });
});

describe.skipIf(skip !== null)('dsfield is taken wherever ip takes tos (issue 12 item 10)', () => {
  let a: Ns;
  beforeAll(() => {
    a = setup();
    ipBatch(
      [
        'address add 10.3.0.1/24 dev d0',
        'route add 10.17.0.0/16 dev d0 tos 0x10',
        'rule add from 10.18.0.0/16 tos 0x10 table 37',
      ],
      a.name,
    );
  });
  afterAll(() => a?.delete());

  for (const args of [
    ['route', 'show', 'dsfield', '0x10'],
    ['-j', 'route', 'show', 'dsfield', '0x10'],
    ['route', 'get', '10.17.1.1', 'dsfield', '0x10'],
    ['-j', 'route', 'get', '10.17.1.1', 'dsfield', '0x10'],
    ['rule', 'show', 'dsfield', '0x10'],
    ['-j', 'rule', 'show', 'dsfield', '0x10'],
    ['route', 'flush', 'dsfield', '0x20'],
  ]) {
    it(args.join(' '), () => {
      const byIp = ip(['-n', a.name, ...args]);
      const byNlts = nlts(['-n', a.name, ...args]);
      expect(byNlts.stderr).toBe(byIp.stderr);
      expect(byNlts.code).toBe(byIp.code);
      expect(byNlts.stdout).toBe(byIp.stdout);
    });
  }
});

/**
 * Scripts probe capabilities by grepping help (`ip rule help | grep -q
 * ipproto`): each help of nlts says what nlts takes in ip's words. Every
 * word of nlts's help is a word of ip's help, or one nlts takes that ip
 * does not list (named here), and the words scripts look for are there.
 */
/** Words of nlts route help (and route get help, the same text) that ip's route usage lacks. */
const ROUTE_HELP_EXTRA = [
  'prepend',
  'test',
  'cloned',
  'notify',
  'connected',
  'dev',
  'src',
  'mark',
  'iif',
  'id',
  'dst',
  'ttl',
  'tc',
  'key',
  'csum',
  'seq',
  'bpf',
  'BPFHDR',
  'in',
  'out',
  'xmit',
  'headroom',
  'pinned',
  'FILE',
  'section',
  'verbose',
];

const HELP_CASES: { args: string[]; extra: string[]; has: string[]; lacks: string[] }[] = [
  {
    args: ['link', 'help'],
    extra: [],
    has: [
      'addrgenmode',
      'gso_max_size',
      'gro_max_size',
      'protodown',
      'xdpgeneric',
      'pinned',
      'vxlan',
      'bridge_slave',
      'altname',
    ],
    lacks: ['parentdev', 'link-netns', 'vf NUM', 'afstats', 'protodown_reason', 'object FILE'],
  },
  {
    args: ['nexthop', 'help'],
    // nlts lists every encap type it builds there; ip's usage names only mpls.
    extra: ['ip6', 'seg6', 'seg6local', 'bpf', 'SEG6HDR', 'SEG6LOCAL', 'BPFHDR', 'see', 'route', 'help'],
    has: ['resilient', 'fdb', 'mpls', 'bucket', 'idle_timer', 'unbalanced_timer', 'nhid'],
    lacks: [],
  },
  {
    args: ['rule', 'help'],
    extra: ['tun_id', 'TUN_ID'],
    has: ['ipproto', 'sport', 'dport', 'save', 'restore', 'l3mdev'],
    lacks: [],
  },
  {
    args: ['route', 'help'],
    extra: ROUTE_HELP_EXTRA,
    has: [
      'save',
      'restore',
      'showdump',
      'nhid',
      'ttl-propagate',
      'fibmatch',
      'encap',
      'ip6',
      'vrf',
      'bpf',
      'endpoint',
      'End.BPF',
    ],
    lacks: ['as [ to ]'],
  },
  {
    args: ['route', 'get', 'help'],
    extra: ROUTE_HELP_EXTRA,
    has: ['sport', 'dport', 'ipproto', 'uid', 'vrf', 'connected'],
    lacks: ['as [ to ]'],
  },
  {
    args: ['neigh', 'help'],
    extra: ['master', 'unused', 'all'],
    has: ['get', 'proxy', 'managed', 'extern_learn'],
    lacks: [],
  },
  {
    args: ['address', 'help'],
    extra: [],
    has: ['save', 'restore', 'showdump', 'noprefixroute', 'autojoin', 'vrf'],
    lacks: [],
  },
  { args: ['netconf', 'help'], extra: [], has: ['dev'], lacks: [] },
];

/** The words of a usage text, without the program's own name; the phrases in `lacks` are looked for as text. */
function words(text: string): Set<string> {
  const out = new Set(text.match(/[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z]/g) ?? []);
  out.delete('ip');
  out.delete('nlts');
  return out;
}

describe('help texts say what nlts takes, in ip words (issue 12 item 10)', () => {
  for (const c of HELP_CASES) {
    it(`nlts ${c.args.join(' ')}`, async () => {
      // Most helps go to stdout; netconf's, like ip's, to stderr with status 255.
      const ours = nlts(c.args);
      const text = ours.stdout + ours.stderr;
      expect(text).toMatch(/^Usage: nlts /);
      const mine = words(text);
      for (const w of c.has) expect(mine.has(w), `${w} missing`).toBe(true);
      for (const w of c.lacks) expect(text.includes(w), `${w} listed but not taken`).toBe(false);
      const theirs = ip(c.args);
      if (theirs.stderr === '') return; // no ip to compare with
      const ipWords = words(theirs.stderr);
      const foreign = [...mine].filter((w) => !ipWords.has(w) && !c.extra.includes(w));
      expect(foreign).toEqual([]);
    });
  }
});
