/**
 * Issue 12 item 14: `route|address|rule save` and `restore` in ip's binary
 * format, interchangeable with ip (ip saves and nlts restores, nlts saves
 * and ip restores, in twin namespaces that must end in the same state),
 * `route|address showdump`, `neigh get` and `route flush cache`.
 * These run the real CLI (dist/) as a process: the files go through its
 * standard input and output.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { NLTS, ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';
import { jsonDiff } from '../support/json-diff.js';
import { readInNetns } from '../../src/netlink/netns-proc.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live save/restore tests: ${skip}`);

type Ns = { name: string; delete(): void; ip(a: string[]): string };

interface BinRan {
  code: number;
  stdout: Buffer;
  stderr: string;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'h3obj-save-'));
let files = 0;

/** Standard input is a file, as when a shell redirects one: ip route restore seeks back in it for each pass. */
function runBin(cmd: string, args: string[], input?: Buffer): BinRan {
  const file = path.join(tmp, `in-${files++}`);
  writeFileSync(file, input ?? Buffer.alloc(0));
  const fd = openSync(file, 'r');
  try {
    const r = spawnSync(cmd, args, { stdio: [fd, 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
const ipBin = (args: string[], input?: Buffer): BinRan => runBin('ip', args, input);
const nltsBin = (args: string[], input?: Buffer): BinRan => runBin(process.execPath, [NLTS, ...args], input);

/** A saved file without what changes between two dumps (nlmsg_seq, nlmsg_pid): magic, then type, flags and body of each message. */
function normalized(file: Buffer): string[] {
  const out = [file.subarray(0, 4).toString('hex')];
  let off = 4;
  while (off + 16 <= file.length) {
    const len = file.readUInt32LE(off);
    out.push(
      file.subarray(off + 4, off + 8).toString('hex') + file.subarray(off + 16, off + len).toString('hex'),
    );
    off += (len + 3) & ~3;
  }
  expect(off).toBe(file.length);
  return out;
}

/** The links every namespace of this test has, with fixed MACs so IPv6 link-local addresses agree. */
const LINKS = [
  'link set lo up',
  'link add v0 address 02:00:00:00:10:01 type veth peer name v1 address 02:00:00:00:10:02',
  'link set v0 up',
  'link set v1 up',
];

const ADDRS = [
  'address add 10.1.0.1/24 dev v0',
  'address add 10.1.0.9/24 dev v0 label v0:sec',
  'address add 10.2.0.1/24 brd + dev v1',
  'address add 2001:db8:1::1/64 dev v0 nodad',
  'address add 2001:db8:2::1/64 dev v1 nodad valid_lft forever preferred_lft forever',
];

const ROUTES = [
  'route add default via 10.1.0.3',
  'route add 10.9.0.0/16 via 10.1.0.2 metric 10',
  'route add 10.10.0.0/16 dev v0 table 100',
  'route add 10.11.0.0/16 dev v1 src 10.2.0.1',
  'route add unreachable 10.12.0.0/16',
  'route add 2001:db8:9::/48 via 2001:db8:1::2',
];

const RULES = [
  'rule add from 10.1.0.0/24 table 100 pref 100',
  'rule add to 10.9.0.0/16 fwmark 0x10/0xff table 100 pref 200',
  'rule add iif v0 ipproto tcp dport 80 table 100 pref 300',
];

describe.skipIf(skip !== null)('live: save and restore interchangeable with ip', () => {
  let src: Ns;
  const twins: Ns[] = [];

  function twin(): Ns {
    const ns = Netns.create('h3obj-sv') as Ns;
    twins.push(ns);
    ipBatch(LINKS, ns.name);
    return ns;
  }

  beforeAll(() => {
    src = Netns.create('h3obj-ss') as Ns;
    try {
      ipBatch([...LINKS, ...ADDRS, ...ROUTES, ...RULES], src.name);
    } catch (e) {
      src.delete();
      throw e;
    }
  });
  afterAll(() => {
    src?.delete();
    for (const t of twins) t.delete();
    rmSync(tmp, { recursive: true, force: true });
  });

  function state(ns: Ns, what: string[][]): unknown[] {
    return what.map((a) => JSON.parse(ip(['-n', ns.name, '-j', ...a]).stdout || '[]'));
  }

  /**
   * ip saves from `src`, nlts restores into one twin; nlts saves, ip
   * restores into the other. Both files hold the same messages; both twins
   * end in the same state, the state of `src` unless `likeSrc` is false
   * (restored rules come on top of a namespace's default rules).
   */
  function interchange(
    save: string[],
    restore: string[],
    before: string[],
    what: string[][],
    likeSrc = true,
  ): void {
    const byIp = ipBin(['-n', src.name, ...save]);
    const byNlts = nltsBin(['-n', src.name, ...save]);
    expect(byIp.code).toBe(0);
    expect(byNlts.stderr).toBe('');
    expect(byNlts.code).toBe(0);
    expect(normalized(byNlts.stdout)).toEqual(normalized(byIp.stdout));
    expect(byIp.stdout.length).toBeGreaterThan(4);

    const a = twin();
    const b = twin();
    if (before.length) {
      ipBatch(before, a.name);
      ipBatch(before, b.name);
    }
    const intoA = nltsBin(['-n', a.name, ...restore], byIp.stdout);
    const intoB = ipBin(['-n', b.name, ...restore], byNlts.stdout);
    expect(intoA.stderr).toBe(intoB.stderr);
    expect(intoA.code).toBe(intoB.code);
    const twinDiffs = jsonDiff(state(b, what), state(a, what));
    expect(twinDiffs, twinDiffs.join('\n')).toEqual([]);
    if (likeSrc) {
      const diffs = jsonDiff(state(src, what), state(a, what));
      expect(diffs, diffs.join('\n')).toEqual([]);
    }
  }

  const ADDR_STATE = [
    ['-4', 'address', 'show'],
    ['-6', 'address', 'show', 'scope', 'global'],
  ];

  it('address save | restore', () => {
    interchange(['address', 'save'], ['address', 'restore'], [], ADDR_STATE);
  });

  it('-4 address save dev v0 | restore', () => {
    const byIp = ipBin(['-n', src.name, '-4', 'address', 'save', 'dev', 'v0']);
    const byNlts = nltsBin(['-n', src.name, '-4', 'address', 'save', 'dev', 'v0']);
    expect(normalized(byNlts.stdout)).toEqual(normalized(byIp.stdout));
    expect(normalized(byIp.stdout).length).toBe(3); // the magic and v0's two IPv4 addresses
  });

  it('route save | restore (three passes: local, link, gateway routes)', () => {
    interchange(['route', 'save'], ['route', 'restore'], ADDRS, [['-4', 'route', 'show']]);
  });

  it('route save table all | restore', () => {
    interchange(['-4', 'route', 'save', 'table', 'all'], ['route', 'restore'], ADDRS, [
      ['-4', 'route', 'show', 'table', 'all'],
    ]);
  });

  it('-6 route save | restore', () => {
    interchange(['-6', 'route', 'save'], ['route', 'restore'], ADDRS, [
      ['-6', 'route', 'show', '2001:db8::/32'],
    ]);
  });

  it('rule save | restore', () => {
    interchange(['rule', 'save'], ['rule', 'restore'], [], [['rule', 'show']], false);
    const restored = twins[twins.length - 1]!;
    const text = ip(['-n', restored.name, 'rule', 'show']).stdout;
    expect(text).toContain('100:\tfrom 10.1.0.0/24 lookup 100');
    expect(text).toContain('dport 80');
  });

  it('route and address showdump print what ip prints', () => {
    for (const [save, show] of [
      [
        ['route', 'save', 'table', 'all'],
        ['route', 'showdump'],
      ],
      [
        ['address', 'save'],
        ['address', 'showdump'],
      ],
      [
        ['address', 'save'],
        ['-j', 'address', 'showdump'],
      ],
    ]) {
      const file = ipBin(['-n', src.name, ...save!]).stdout;
      const theirs = ipBin(['-n', src.name, ...show!], file);
      const ours = nltsBin(['-n', src.name, ...show!], file);
      expect(ours.stderr).toBe(theirs.stderr);
      expect(ours.stdout.toString()).toBe(theirs.stdout.toString());
      expect(theirs.stdout.length).toBeGreaterThan(0);
    }
  });

  it("a file that is not ip's: ip's messages and exit statuses", () => {
    const bad = Buffer.from('abcd');
    const truncated = ipBin(['-n', src.name, 'route', 'save']).stdout.subarray(0, 30);
    for (const [args, input] of [
      [['route', 'restore'], bad],
      [['route', 'showdump'], Buffer.alloc(0)],
      [['route', 'showdump'], truncated],
      [['address', 'restore'], bad],
      [['address', 'showdump'], truncated],
      [['rule', 'restore'], bad],
      [['rule', 'save', 'pref', '1'], undefined],
    ] as [string[], Buffer | undefined][]) {
      const theirs = ipBin(['-n', src.name, ...args], input);
      const ours = nltsBin(['-n', src.name, ...args], input);
      expect(ours.stderr, args.join(' ')).toBe(theirs.stderr);
      expect(ours.code, args.join(' ')).toBe(theirs.code);
    }
  });

  it('neigh get: text (also with -j, as ip), -s, and the errors', async () => {
    ipBatch(['neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev v0 nud permanent'], src.name);
    for (const args of [
      ['neigh', 'get', '10.1.0.7', 'dev', 'v0'],
      ['-j', 'neigh', 'get', '10.1.0.7', 'dev', 'v0'],
      ['-s', 'neigh', 'get', 'to', '10.1.0.7', 'dev', 'v0'],
      ['neigh', 'get', '10.1.0.8', 'dev', 'v0'],
      ['neigh', 'get', '10.1.0.7'],
      ['neigh', 'get', '10.1.0.7', 'dev', 'nosuch0'],
      ['neigh', 'get', 'proxy', '10.1.0.7'],
      ['neigh', 'get', '10.1.0.7', '10.1.0.8', 'dev', 'v0'],
    ]) {
      const theirs = ip(['-n', src.name, ...args]);
      const ours = await runCli(['-n', src.name, ...args]);
      expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
      expect(ours.stderr, args.join(' ')).toBe(theirs.stderr);
      expect(ours.code, args.join(' ')).toBe(theirs.code);
    }
    expect(ip(['-n', src.name, 'neigh', 'get', '10.1.0.7', 'dev', 'v0']).stdout).toContain('PERMANENT');
  });

  it('route flush cache: IPv4 through /proc inside the namespace, IPv6 cached routes by netlink', () => {
    for (const args of [
      ['-s', 'route', 'flush', 'cache'],
      ['-4', 'route', 'flush', 'cache'],
      ['-6', '-s', 'route', 'flush', 'cache'],
      ['-6', 'route', 'flush', 'cached'],
    ]) {
      // /proc/sys/net belongs to the namespace of the process that opens it: both tools run inside.
      const theirs = runBin('ip', ['netns', 'exec', src.name, 'ip', ...args]);
      const ours = runBin('ip', ['netns', 'exec', src.name, process.execPath, NLTS, ...args]);
      expect(ours.stdout.toString(), args.join(' ')).toBe(theirs.stdout.toString());
      expect(ours.stderr, args.join(' ')).toBe(theirs.stderr);
      expect(ours.code, args.join(' ')).toBe(theirs.code);
    }
    // With -n, as ip -n: the IPv4 flush file is opened inside the namespace (openInNetns).
    for (const args of [
      ['-s', 'route', 'flush', 'cache'],
      ['-6', '-s', 'route', 'flush', 'cache'],
    ]) {
      const theirs = ipBin(['-n', src.name, ...args]);
      const ours = nltsBin(['-n', src.name, ...args]);
      expect(ours.stdout.toString(), args.join(' ')).toBe(theirs.stdout.toString());
      expect(ours.stderr, args.join(' ')).toBe(theirs.stderr);
      expect(ours.code, args.join(' ')).toBe(theirs.code);
    }
  });

  it("a /proc/sys/net file opened for another namespace is that namespace's (openInNetns)", () => {
    const path = '/proc/sys/net/ipv4/ip_forward';
    const here = readFileSync(path, 'utf8');
    const other = here.trim() === '1' ? '0' : '1';
    runBin('ip', ['netns', 'exec', src.name, 'sh', '-c', `echo ${other} > ${path}`]);
    expect(readInNetns(path, src.name)).toBe(`${other}\n`);
    expect(readInNetns(path, null)).toBe(here);
    expect(readFileSync(path, 'utf8')).toBe(here); // the host's own value is untouched
    // A namespace that is not there: the setns error -n raises, which the CLI words as ip's netns_switch.
    expect(() => readInNetns(path, 'nlts-no-such-ns')).toThrow(
      expect.objectContaining({ syscall: 'setns', code: 'ENOENT', subject: 'nlts-no-such-ns' }),
    );
  });
});
