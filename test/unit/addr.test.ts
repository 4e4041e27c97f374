import { describe, expect, it } from 'vitest';
import { addrCommand } from '../../src/commands/addr/index.js';
import { renderAddr, type AddrRenderContext } from '../../src/commands/addr/render.js';
import { fnmatch } from '../../src/commands/addr/show.js';
import { describeError } from '../../src/iproute/describe-error.js';
import { defaultOptions, parseGlobalOptions } from '../../src/cli/options.js';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import {
  decodeAddr,
  encodeAddrLinkRequest,
  encodeGetAddrRequest,
  encodeIfaddrmsg,
  inet6Ntop,
} from '../../src/netlink/route/addr.js';
import { parseIpv4, parseIpv6, parsePrefix } from '../../src/iproute/prefix.js';
import { IprouteNames } from '../../src/iproute/names.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import { AF_INET, AF_INET6 } from '../../src/netlink/gen/socket.js';
import {
  IFA_ADDRESS,
  IFA_BROADCAST,
  IFA_CACHEINFO,
  IFA_FLAGS,
  IFA_F_DEPRECATED,
  IFA_F_NODAD,
  IFA_F_NOPREFIXROUTE,
  IFA_F_PERMANENT,
  IFA_F_SECONDARY,
  IFA_LABEL,
  IFA_LOCAL,
  IFA_RT_PRIORITY,
} from '../../src/netlink/gen/if_addr.js';
import { RTM_DELADDR } from '../../src/netlink/gen/rtnetlink.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const v6 = (s: string): Uint8Array => parseIpv6(s)!;

function cacheinfo(preferred: number, valid: number): Uint8Array {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  dv.setUint32(0, preferred, le);
  dv.setUint32(4, valid, le);
  return b;
}

const ctx: AddrRenderContext = {
  brief: false,
  showDev: false,
  nameOf: (i) => (i === 3 ? 'd0' : undefined),
  scopeName: (s) => ({ 0: 'global', 253: 'link', 254: 'host' })[s] ?? String(s),
};

function render(payload: Uint8Array, json: boolean, c: Partial<AddrRenderContext> = {}, type = 20): string {
  const out = new StringOutput();
  const p = new Printer(out, { json, pretty: false, oneline: false });
  if (json) p.openObject();
  renderAddr(p, decodeAddr(payload, type), { ...ctx, ...c });
  if (json) p.closeObject();
  return out.text;
}

describe('address parsing like iproute2 get_prefix', () => {
  it('IPv4 in C notation, partial forms, netmasks', () => {
    expect(parseIpv4('10.0.0.1')).toEqual(bytes(10, 0, 0, 1));
    expect(parseIpv4('0x0a.8.6.01')).toEqual(bytes(10, 8, 6, 1));
    expect(parseIpv4('10.1')).toEqual(bytes(10, 1, 0, 0));
    expect(parseIpv4('10.0.0.300')).toBeNull();
    expect(parseIpv4('1.2.3.4.5')).toBeNull();
    expect(parseIpv4('')).toBeNull();
    expect(parsePrefix('10.0.0.1/24', 0)).toMatchObject({ family: AF_INET, bitlen: 24, lenSpecified: true });
    expect(parsePrefix('10.0.0.1/255.255.255.0', 0)?.bitlen).toBe(24);
    expect(parsePrefix('10.0.0.1/255.0.255.0', 0)).toBeNull();
    expect(parsePrefix('10.0.0.1', 0)).toMatchObject({ bitlen: 32, lenSpecified: false });
    expect(parsePrefix('10.0.0.1/33', 0)).toBeNull();
    expect(parsePrefix('10.0.0.1/24', AF_INET6)).toBeNull();
  });

  it('IPv6 like inet_pton, printed like glibc inet_ntop', () => {
    expect(inet6Ntop(v6('2001:db8::1'))).toBe('2001:db8::1');
    expect(inet6Ntop(v6('::'))).toBe('::');
    expect(inet6Ntop(v6('::1'))).toBe('::1');
    expect(inet6Ntop(v6('fe80:0:0:0:ff:fe00:701:0'))).toBe('fe80::ff:fe00:701:0');
    expect(inet6Ntop(v6('::ffff:10.0.0.1'))).toBe('::ffff:10.0.0.1');
    expect(inet6Ntop(v6('1:0:1:0:1:0:1:0'))).toBe('1:0:1:0:1:0:1:0');
    expect(parseIpv6('1::2::3')).toBeNull();
    expect(parseIpv6('12345::1')).toBeNull();
    expect(parseIpv6('1:2:3:4:5:6:7')).toBeNull();
    expect(parsePrefix('2001:db8::1/129', 0)).toBeNull();
    expect(parsePrefix('2001:db8::1/64', AF_INET)).toBeNull();
    expect(parsePrefix('2001:db8::1/64', 0)).toMatchObject({ family: AF_INET6, bitlen: 64 });
  });

  it('scope names and numbers like rtnl_rtscope_a2n', () => {
    const db = IprouteNames.fromTexts({});
    expect(db.scopeId('link')).toBe(253);
    expect(db.scopeId('0x10')).toBe(16);
    expect(db.scopeId('255')).toBe(255);
    expect(db.scopeId('256')).toBeUndefined();
    expect(db.scopeId('foo')).toBeUndefined();
  });

  it('label patterns like fnmatch(3)', () => {
    expect(fnmatch('d0*', 'd0:sec')).toBe(true);
    expect(fnmatch('d0', 'd0:sec')).toBe(false);
    expect(fnmatch('d?:*', 'd0:x')).toBe(true);
    expect(fnmatch('d[!1]', 'd0')).toBe(true);
    expect(fnmatch('d[!0]', 'd0')).toBe(false);
    expect(fnmatch('a.b', 'axb')).toBe(false);
  });
});

describe('ifaddrmsg encoding and decoding', () => {
  it('a dump request is a bare ifaddrmsg with family and index', () => {
    expect([...encodeGetAddrRequest({ family: AF_INET6, ifindex: 7 })].slice(0, 5)).toEqual([10, 0, 0, 0, 7]);
  });

  it('a per-family link dump carries no attributes, an unspec one IFLA_EXT_MASK', () => {
    expect(encodeAddrLinkRequest({ family: AF_INET6, extMask: 9 }).length).toBe(16);
    expect(encodeAddrLinkRequest({ family: 0, extMask: 9 }).length).toBe(24);
  });

  it('decodes header, IFA_FLAGS over the u8 flags, and keeps unknown attributes', () => {
    const attrs = new AttributeEncoder()
      .bytes(IFA_ADDRESS, bytes(10, 0, 0, 1))
      .u32(IFA_FLAGS, IFA_F_NOPREFIXROUTE | IFA_F_PERMANENT)
      .bytes(99, bytes(1, 2, 3, 4))
      .finish();
    const m = decodeAddr(
      encodeIfaddrmsg({ family: AF_INET, prefixlen: 24, flags: 0x80, scope: 0, index: 3 }, attrs),
    );
    expect(m).toMatchObject({ family: AF_INET, prefixlen: 24, scope: 0, index: 3, deleted: false });
    expect(m.flags).toBe(IFA_F_NOPREFIXROUTE | IFA_F_PERMANENT);
    expect(m.local).toEqual(bytes(10, 0, 0, 1));
    expect(m.attrs.get(99)?.data).toEqual(bytes(1, 2, 3, 4));
  });

  it('a short payload is a codec error, not a crash', () => {
    expect(() => decodeAddr(bytes(2, 24, 0))).toThrow(/ifaddrmsg/);
  });
});

describe('renderAddr (print_addrinfo)', () => {
  const v4 = encodeIfaddrmsg(
    { family: AF_INET, prefixlen: 24, flags: IFA_F_SECONDARY | IFA_F_PERMANENT, scope: 0, index: 3 },
    new AttributeEncoder()
      .bytes(IFA_ADDRESS, bytes(10, 7, 0, 2))
      .bytes(IFA_LOCAL, bytes(10, 7, 0, 2))
      .bytes(IFA_BROADCAST, bytes(10, 7, 0, 255))
      .string(IFA_LABEL, 'd0:sec')
      .u32(IFA_RT_PRIORITY, 77)
      .u32(IFA_FLAGS, IFA_F_SECONDARY | IFA_F_PERMANENT)
      .bytes(IFA_CACHEINFO, cacheinfo(0xffffffff, 0xffffffff))
      .finish(),
  );

  it('text', () => {
    expect(render(v4, false)).toBe(
      '    inet 10.7.0.2/24 metric 77 brd 10.7.0.255 scope global secondary d0:sec\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('JSON: keys in ip order, forever as 4294967295', () => {
    expect(JSON.parse(render(v4, true))).toEqual({
      family: 'inet',
      local: '10.7.0.2',
      prefixlen: 24,
      metric: 77,
      broadcast: '10.7.0.255',
      scope: 'global',
      secondary: true,
      label: 'd0:sec',
      valid_life_time: 4294967295,
      preferred_life_time: 4294967295,
    });
    expect(Object.keys(JSON.parse(render(v4, true)) as object)).toEqual([
      'family',
      'local',
      'prefixlen',
      'metric',
      'broadcast',
      'scope',
      'secondary',
      'label',
      'valid_life_time',
      'preferred_life_time',
    ]);
  });

  it('brief and one-line forms, and Deleted for RTM_DELADDR', () => {
    expect(render(v4, false, { brief: true })).toBe('10.7.0.2/24 metric 77 ');
    expect(render(v4, false, { showDev: true })).toMatch(/^3: d0 {4}inet 10\.7\.0\.2\/24 /);
    expect(render(v4, false, {}, RTM_DELADDR)).toMatch(/^Deleted {5}inet /);
  });

  it('IPv6: peer-less, dynamic and deprecated lifetimes, secondary shown as temporary', () => {
    const m = encodeIfaddrmsg(
      { family: AF_INET6, prefixlen: 64, flags: 0, scope: 0, index: 3 },
      new AttributeEncoder()
        .bytes(IFA_ADDRESS, v6('2001:db8:7::3'))
        .bytes(IFA_CACHEINFO, cacheinfo(0, 900))
        .u32(IFA_FLAGS, IFA_F_NODAD | IFA_F_DEPRECATED | IFA_F_SECONDARY | 0x1000)
        .finish(),
    );
    expect(render(m, false)).toBe(
      '    inet6 2001:db8:7::3/64 scope global temporary nodad deprecated dynamic flags 1000 \n' +
        '       valid_lft 900sec preferred_lft 0sec\n',
    );
    expect(JSON.parse(render(m, true))).toMatchObject({
      temporary: true,
      nodad: true,
      deprecated: true,
      dynamic: true,
      ifa_flags: '1000',
      valid_life_time: 900,
      preferred_life_time: 0,
    });
  });

  it('point-to-point: local and peer address', () => {
    const m = encodeIfaddrmsg(
      { family: AF_INET, prefixlen: 32, flags: IFA_F_PERMANENT, scope: 0, index: 3 },
      new AttributeEncoder()
        .bytes(IFA_ADDRESS, bytes(10, 7, 2, 2))
        .bytes(IFA_LOCAL, bytes(10, 7, 2, 1))
        .finish(),
    );
    expect(render(m, false)).toBe('    inet 10.7.2.1 peer 10.7.2.2/32 scope global \n');
  });
});

describe('nlts address: bad input is refused before any socket is opened', () => {
  async function run(argv: string[]): Promise<{ code: number; stderr: string; opened: number }> {
    const { opts, rest } = parseGlobalOptions(argv);
    const err = new StringOutput();
    let opened = 0;
    try {
      const code = await addrCommand(rest.slice(1), {
        opts: { ...defaultOptions(), ...opts },
        out: new StringOutput(),
        err,
        transports: () => {
          opened++;
          throw new Error('no socket may be opened for bad input');
        },
        colorize: undefined,
        readFile: () => null,
        fact: (_k, c) => c(),
      });
      return { code, stderr: err.text, opened };
    } catch (e) {
      const d = describeError(e);
      return { code: d.exitCode, stderr: err.text + d.message + '\n', opened };
    }
  }

  const CASES: [string[], number, string][] = [
    [
      ['address', 'add', '10.0.0.300/24', 'dev', 'd0'],
      1,
      'Error: any valid prefix is expected rather than "10.0.0.300/24".\n',
    ],
    [
      ['-6', 'address', 'add', '10.0.0.1/24', 'dev', 'd0'],
      1,
      'Error: inet6 prefix is expected rather than "10.0.0.1/24".\n',
    ],
    [
      ['-0', 'address', 'add', '10.0.0.1/24', 'dev', 'd0'],
      1,
      'Error: "10.0.0.1/24" may be inet prefix, but it is not allowed in this context.\n',
    ],
    [['address', 'add', '10.0.0.1/24'], 1, 'Not enough information: "dev" argument is required.\n'],
    [
      ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'x', 'y'],
      255,
      'Error: either "local" is duplicate, or "x" is a garbage.\n',
    ],
    [
      ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'metric', '-1'],
      255,
      'Error: argument "-1" is wrong: "metric" value is invalid\n',
    ],
    [
      ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'scope', '256'],
      255,
      'Error: argument "256" is wrong: invalid scope value.\n',
    ],
    [
      ['address', 'add', '10.0.0.1/24', 'peer', '1.1.1.1', 'peer', '2.2.2.2', 'dev', 'd0'],
      255,
      'Error: duplicate "peer": "2.2.2.2" is the second value.\n',
    ],
    [
      ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'brd', '1.2.3.999'],
      1,
      'Error: inet address is expected rather than "1.2.3.999".\n',
    ],
    [
      ['address', 'add', '2001:db8::1/64', 'dev', 'd0', 'brd', '+'],
      1,
      'Broadcast can be set only for IPv4 addresses\n',
    ],
    [
      ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'label', 'a-very-long-label'],
      1,
      'Error: label "a-very-long-label" is longer than 15 bytes.\n',
    ],
    [
      ['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'preferred_lft'],
      255,
      'Command line is not complete. Try option "help"\n',
    ],
    [['address', 'flush'], 1, 'Flush requires arguments.\n'],
    [['-0', 'address', 'flush', 'dev', 'd0'], 1, 'Cannot flush link addresses.\n'],
    [
      ['address', 'show', 'scope', 'nowhere-near'],
      255,
      'Error: argument "nowhere-near" is wrong: invalid "scope"\n',
    ],
    [
      ['address', 'show', 'to', '1.2.3.400'],
      1,
      'Error: any valid prefix is expected rather than "1.2.3.400".\n',
    ],
    [['address', 'show', 'd0', 'd1'], 255, 'Error: either "dev" is duplicate, or "d1" is a garbage.\n'],
    [['address', 'frob'], 255, 'Command "frob" is unknown, try "nlts address help".\n'],
  ];
  for (const [argv, code, stderr] of CASES) {
    it(`nlts ${argv.join(' ')}`, async () => {
      const r = await run(argv);
      expect(r.stderr).toBe(stderr);
      expect(r.code).toBe(code);
      expect(r.opened).toBe(0);
    });
  }

  it('a flag ip cannot set is a warning, like ip (then the device lookup needs a socket)', async () => {
    const r = await run(['address', 'add', '10.0.0.1/24', 'dev', 'd0', 'nodad', 'secondary']);
    expect(r.opened).toBe(1);
    expect(r.stderr).toBe(
      'Warning: nodad option can be set only for IPv6 addresses\n' +
        'Warning: secondary option is not mutable from userspace\n' +
        'nlts: no socket may be opened for bad input\n',
    );
  });
});
