import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
// @ts-expect-error plain JS module shared with scripts/record-addr-goldens.mjs
import { buildAddrScenario, waitForDad } from '../golden/addr-cases.mjs';
import { ip } from '../support/cli.js';
import { jsonDiff } from '../support/json-diff.js';
import { addrCommand } from '../../src/commands/addr/index.js';
import { describeError, errorJson } from '../../src/iproute/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';
import { openNativeTransport } from '../../src/netlink/native-transport.js';
import { StringOutput } from '../../src/output/output.js';

interface Ns {
  name: string;
  delete(): void;
  ip(a: string[]): string;
}
interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `nlts ARGS` through the addr handler in-process (the object is not in
 * main.ts's table yet), turning errors into stderr + exit status as main() does.
 */
async function nltsAddr(argv: string[]): Promise<Ran> {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  let code: number;
  try {
    code = await addrCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: openNativeTransport,
      colorize: undefined,
      readFile: (p) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return null;
        }
      },
      fact: (_k, compute) => compute(),
    });
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify(errorJson(d)) + '\n');
    err.write(d.message.endsWith('\n') ? d.message : d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

/** Lifetimes of finite addresses count down between two reads: only their presence and type must match. */
function finiteLifetimes(expected: unknown): (path: string) => boolean {
  return (path) => {
    const m = /^(.*)\.(valid_life_time|preferred_life_time)$/.exec(path);
    if (!m) return false;
    let v: unknown = expected;
    for (const part of m[1]!.slice(1).match(/\[\d+\]|\.[^.[]+/g) ?? []) {
      v = part.startsWith('[')
        ? (v as unknown[])[Number(part.slice(1, -1))]
        : (v as Record<string, unknown>)[part.slice(1)];
    }
    return (v as Record<string, unknown>)[m[2]!] !== 4294967295;
  };
}

/** ip 6.1 leaves `{}` in its JSON for each link or address its filters drop; nlts leaves nothing. */
function dropEmptyObjects(v: unknown): unknown {
  if (Array.isArray(v))
    return v
      .filter((x) => !(x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0))
      .map(dropEmptyObjects);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dropEmptyObjects(x)]));
  return v;
}

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live addr tests: ${skip}`);

describe.skipIf(skip !== null)('live: nlts address show against ip on the same netns', () => {
  let ns: Ns;
  beforeAll(() => {
    ns = Netns.create('nlts-addr') as Ns;
    try {
      buildAddrScenario(ns);
      waitForDad(ns);
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  async function compareJson(args: string[], ipDropsToEmpty = false): Promise<void> {
    const theirs = ip(['-n', ns.name, ...args]);
    const ours = await nltsAddr(['-n', ns.name, ...args]);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    let expected = JSON.parse(theirs.stdout) as unknown;
    if (ipDropsToEmpty) {
      expect(theirs.stdout).toContain('{}');
      expected = dropEmptyObjects(expected);
    }
    // With -s, a link's counters may tick between the two runs (IPv6 sends MLD/ND on its own).
    const lifetimes = finiteLifetimes(expected);
    const volatile = (path: string): boolean =>
      lifetimes(path) || (args.includes('-s') && /\.stats64\.(rx|tx)\.\w+$/.test(path));
    const diffs = jsonDiff(expected, JSON.parse(ours.stdout), volatile);
    expect(diffs, `nlts ${args.join(' ')} differs from ip:\n${diffs.join('\n')}`).toEqual([]);
  }

  /** Text equality, with the seconds of finite lifetimes (which tick between the two runs) masked. */
  async function compareText(args: string[]): Promise<void> {
    const mask = (s: string): string => s.replace(/\d+sec/g, 'Nsec');
    const theirs = ip(['-n', ns.name, ...args]);
    const ours = await nltsAddr(['-n', ns.name, ...args]);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.code).toBe(theirs.code);
    expect(mask(ours.stdout)).toBe(mask(theirs.stdout));
  }

  it('the scenario has what the issue asks for', () => {
    const all = JSON.parse(ip(['-n', ns.name, '-j', 'addr']).stdout) as {
      ifname: string;
      operstate: string;
      addr_info: Record<string, unknown>[];
    }[];
    const infos = all.flatMap((l) => l.addr_info);
    for (const k of ['secondary', 'nodad', 'noprefixroute', 'deprecated', 'dynamic', 'home', 'mngtmpaddr'])
      expect(infos.some((a) => a[k] === true)).toBe(true);
    expect(infos.some((a) => a.address !== undefined)).toBe(true); // peer
    expect(infos.some((a) => typeof a.label === 'string' && (a.label as string).includes(':'))).toBe(true);
    expect(infos.some((a) => a.valid_life_time !== 4294967295)).toBe(true);
    expect(all.some((l) => l.operstate === 'DOWN' && l.addr_info.length > 0)).toBe(true);
    expect(infos.filter((a) => a.family === 'inet6').length).toBeGreaterThan(3);
  });

  it('-j address show', () => compareJson(['-j', 'address', 'show']));
  it('-j -p a', () => compareJson(['-j', '-p', 'a']));
  it('-j -4 address show', () => compareJson(['-j', '-4', 'address', 'show']));
  it('-j -6 address show (per-family link dump)', () => compareJson(['-j', '-6', 'address', 'show']));
  it('-j -0 address show', () => compareJson(['-j', '-0', 'address', 'show']));
  it('-j -br address show', () => compareJson(['-j', '-br', 'address', 'show']));
  it('-j -o address list', () => compareJson(['-j', '-o', 'address', 'list']));
  it('-j -s address show', () => compareJson(['-j', '-s', 'address', 'show']));
  it('-j -6 -s address show (counters from IFLA_INET6_STATS)', () =>
    compareJson(['-j', '-6', '-s', 'address', 'show']));
  it('-j -d address show', () => compareJson(['-j', '-d', 'address', 'show']));
  it('-j address show dev d0', () => compareJson(['-j', 'address', 'show', 'dev', 'd0']));
  it('-j address show up', () => compareJson(['-j', 'address', 'show', 'up'], true));
  it('-j address show label d0*', () => compareJson(['-j', 'address', 'show', 'label', 'd0*']));
  it('-j address show secondary', () => compareJson(['-j', 'address', 'show', 'secondary'], true));
  it('-j address show primary', () => compareJson(['-j', 'address', 'show', 'primary'], true));
  it('-j address show dynamic', () => compareJson(['-j', 'address', 'show', 'dynamic'], true));
  it('-j address show scope link', () => compareJson(['-j', 'address', 'show', 'scope', 'link'], true));
  it('-j address show to 10.7.0.0/16', () => compareJson(['-j', 'address', 'show', 'to', '10.7.0.0/16']));

  it('text: address show', () => compareText(['address', 'show']));
  it('text: -4 address', () => compareText(['-4', 'address']));
  it('text: -6 address', () => compareText(['-6', 'address']));
  it('text: -br address', () => compareText(['-br', 'address']));
  it('text: -br -6 address', () => compareText(['-br', '-6', 'address']));
  it('text: -o address', () => compareText(['-o', 'address']));
  it('text: -s -s address show dev d0', () => compareText(['-s', '-s', 'address', 'show', 'dev', 'd0']));
  it('text: -d address show dev d0', () => compareText(['-d', 'address', 'show', 'dev', 'd0']));
  it('text: address show up', () => compareText(['address', 'show', 'up']));
  it('text: address show label d0*', () => compareText(['address', 'show', 'label', 'd0*']));
  it('text: address show -tentative deprecated', () =>
    compareText(['address', 'show', '-tentative', 'deprecated']));
  it('text: address show dev nosuch0 (error)', () => compareText(['address', 'show', 'dev', 'nosuch0']));
});

/** The state ip sees, with finite lifetimes reduced to their presence. */
function addrState(ns: Ns): unknown {
  const all = JSON.parse(ns.ip(['-j', 'address', 'show'])) as { addr_info: Record<string, unknown>[] }[];
  for (const l of all) {
    for (const a of l.addr_info) {
      for (const k of ['valid_life_time', 'preferred_life_time'])
        if (a[k] !== undefined && a[k] !== 4294967295) a[k] = 'finite';
    }
  }
  return all;
}

function freshNs(prefix: string): Ns {
  const ns = Netns.create(prefix) as Ns;
  ipBatch(
    [
      'link set lo up',
      'link add d0 address 02:00:00:00:08:01 type veth peer name d1 address 02:00:00:00:08:02',
      'link set d0 up',
    ],
    ns.name,
  );
  return ns;
}

describe.skipIf(skip !== null)('live: changes by nlts leave the state ip leaves', () => {
  const CHANGES: string[][] = [
    ['address', 'add', '10.8.0.1/24', 'dev', 'd0'],
    ['address', 'add', '10.8.0.2/24', 'brd', '+', 'dev', 'd0', 'label', 'd0:two'],
    ['address', 'add', '10.8.0.3/24', 'brd', '-', 'dev', 'd0'],
    ['address', 'add', '10.8.0.4/24', 'broadcast', '10.8.0.77', 'dev', 'd0', 'metric', '12'],
    ['address', 'add', '10.8.1.1', 'peer', '10.8.1.2/32', 'dev', 'd0'],
    ['a', 'add', '10.8.2.1/24', 'dev', 'd0', 'valid_lft', '1000', 'preferred_lft', '500', 'noprefixroute'],
    ['address', 'add', '2001:db8:8::1/64', 'dev', 'd0', 'nodad'],
    ['address', 'add', '2001:db8:8::2/64', 'dev', 'd0', 'nodad', 'home', 'mngtmpaddr', 'noprefixroute'],
    ['address', 'add', '2001:db8:8::3/64', 'dev', 'd0', 'nodad', 'valid_lft', '600', 'preferred_lft', '0'],
    ['address', 'add', '10.8.3.1/255.255.255.0', 'dev', 'd0', 'scope', 'link'],
    ['address', 'add', '127.0.8.1/8', 'dev', 'd1'],
    ['address', 'add', '224.0.0.9/24', 'dev', 'd0', 'autojoin'],
    ['address', 'replace', '10.8.0.1/24', 'dev', 'd0', 'metric', '5'],
    ['address', 'change', '10.8.0.4/24', 'dev', 'd0', 'valid_lft', '3000', 'preferred_lft', '3000'],
    ['address', 'add', '10.8.4.1', 'dev', 'd0'],
    ['address', 'del', '10.8.4.1', 'dev', 'd0'],
    ['address', 'delete', '10.8.0.3/24', 'dev', 'd0'],
    ['address', 'add', '10.8.5.1/24', 'dev', 'd0', 'anycast', '10.8.5.9'],
    ['address', 'add', '0x0a.8.6.01/24', 'dev', 'd0'],
    ['address', 'add', 'local', '10.8.7.1/24', 'dev', 'd0', 'nodad'],
    ['address', 'add', '2001:db8:7::1/64', 'dev', 'd1', 'scope', '100'],
    ['address', 'add', '10.9.0.1/24', 'dev', 'd1'],
    ['address', 'add', '10.9.0.2/24', 'dev', 'd1'],
    ['address', 'add', '10.9.1.2/24', 'dev', 'd1'],
    ['address', 'flush', 'dev', 'd1', 'primary'],
    ['-6', 'address', 'flush', 'dev', 'd0', 'scope', 'global', 'permanent'],
    ['address', 'flush', 'dev', 'd0', 'label', 'd0:two'],
    ['-s', 'address', 'flush', 'dev', 'd0', 'to', '10.8.5.0/24'],
    ['-s', 'address', 'flush', 'dev', 'd0', 'to', '10.99.0.0/16'],
  ];
  let byIp: Ns;
  let byNlts: Ns;
  beforeAll(() => {
    byIp = freshNs('nlts-addr-ip');
    byNlts = freshNs('nlts-addr-nl');
  });
  afterAll(() => {
    byIp?.delete();
    byNlts?.delete();
  });

  it('every change: same exit status, output and warnings as ip, and the same resulting state', async () => {
    for (const args of CHANGES) {
      const theirs = ip(['-n', byIp.name, ...args]);
      const ours = await nltsAddr(['-n', byNlts.name, ...args]);
      const what = `nlts ${args.join(' ')}`;
      expect(ours.code, `${what}: ${ours.stderr}`).toBe(theirs.code);
      expect(ours.stderr, what).toBe(theirs.stderr);
      expect(ours.stdout, what).toBe(theirs.stdout);
      const diffs = jsonDiff(addrState(byIp), addrState(byNlts));
      expect(diffs, `after ${what}:\n${diffs.join('\n')}`).toEqual([]);
    }
  });
});

describe.skipIf(skip !== null)('live: bad input changes nothing', () => {
  let ns: Ns;
  beforeAll(() => {
    ns = freshNs('nlts-addr-bad');
    ns.ip(['address', 'add', '10.1.0.1/24', 'dev', 'd0']);
  });
  afterAll(() => ns?.delete());

  const CASES: { args: string[]; code: number; stderr: string }[] = [
    {
      args: ['address', 'add', '10.0.0.300/24', 'dev', 'd0'],
      code: 1,
      stderr: 'Error: any valid prefix is expected rather than "10.0.0.300/24".\n',
    },
    {
      args: ['-4', 'address', 'add', '2001:db8::1/64', 'dev', 'd0'],
      code: 1,
      stderr: 'Error: inet prefix is expected rather than "2001:db8::1/64".\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/33', 'dev', 'd0'],
      code: 1,
      stderr: 'Error: any valid prefix is expected rather than "10.0.0.1/33".\n',
    },
    {
      args: ['address', 'add', '2001:db8::1/129', 'dev', 'd0'],
      code: 1,
      stderr: 'Error: any valid prefix is expected rather than "2001:db8::1/129".\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/24'],
      code: 1,
      stderr: 'Not enough information: "dev" argument is required.\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/24', 'dev', 'nosuch0'],
      code: 1,
      stderr: 'Cannot find device "nosuch0"\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'garbage'],
      code: 255,
      stderr: 'Error: either "local" is duplicate, or "garbage" is a garbage.\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'scope', 'foo'],
      code: 255,
      stderr: 'Error: argument "foo" is wrong: invalid scope value.\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'valid_lft', '0'],
      code: 1,
      stderr: 'valid_lft is zero\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'valid_lft', '10', 'preferred_lft', '20'],
      code: 1,
      stderr: 'preferred_lft is greater than valid_lft\n',
    },
    {
      args: ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'valid_lft'],
      code: 255,
      stderr: 'Command line is not complete. Try option "help"\n',
    },
    {
      args: ['address', 'add', '2001:db8::1/64', 'dev', 'd0', 'brd', '+'],
      code: 1,
      stderr: 'Broadcast can be set only for IPv4 addresses\n',
    },
    {
      args: ['address', 'add', '10.0.0.5/24', 'dev', 'd0', 'autojoin'],
      code: 1,
      stderr: 'autojoin needs multicast address\n',
    },
    {
      args: ['address', 'add', '10.1.0.1/24', 'dev', 'd0'],
      code: 2,
      stderr: 'Error: ipv4: Address already assigned.\n',
    },
    {
      args: ['address', 'del', '10.9.9.9/24', 'dev', 'd0'],
      code: 2,
      stderr: 'Error: ipv4: Address not found.\n',
    },
    { args: ['address', 'flush'], code: 1, stderr: 'Flush requires arguments.\n' },
    {
      args: ['address', 'flush', 'dev', 'nosuch0'],
      code: 1,
      stderr: 'Device "nosuch0" does not exist.\n',
    },
  ];

  for (const c of CASES) {
    it(`nlts ${c.args.join(' ')} -> exit ${c.code} like ip`, async () => {
      const before = ns.ip(['-j', 'address', 'show']);
      const theirs = ip(['-n', ns.name, ...c.args]);
      expect(theirs.code).toBe(c.code);
      expect(theirs.stderr).toBe(c.stderr);
      const ours = await nltsAddr(['-n', ns.name, ...c.args]);
      expect(ours.stderr).toBe(c.stderr);
      expect(ours.code).toBe(c.code);
      expect(ours.stdout).toBe('');
      expect(ns.ip(['-j', 'address', 'show'])).toBe(before);
    });
  }

  it('a label longer than IFNAMSIZ-1 is refused before anything is sent (ip leaves it to the kernel)', async () => {
    const before = ns.ip(['-j', 'address', 'show']);
    const ours = await nltsAddr([
      '-n',
      ns.name,
      'address',
      'add',
      '10.0.0.1/24',
      'dev',
      'd0',
      'label',
      'd0:abcdefghijklmnop',
    ]);
    expect(ours.stderr).toBe('Error: label "d0:abcdefghijklmnop" is longer than 15 bytes.\n');
    expect(ours.code).toBe(1);
    expect(ns.ip(['-j', 'address', 'show'])).toBe(before);
  });

  it('with -j a failure still leaves valid JSON on stdout', async () => {
    const ours = await nltsAddr(['-n', ns.name, '-j', 'address', 'add', '10.1.0.1/24', 'dev', 'd0']);
    expect(ours.code).toBe(2);
    expect(JSON.parse(ours.stdout)).toMatchObject({ error: { kind: 'kernel', errno: 17 } });
  });
});
