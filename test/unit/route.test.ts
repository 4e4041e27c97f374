import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { IprouteNames, parseIdNames, routeTypeId } from '../../src/iproute/names.js';
import { parseIpv6 as parseInet6, parsePrefix } from '../../src/iproute/prefix.js';
import {
  RouteMessage,
  decodeMultipath,
  decodeRoute,
  encodeMultipath,
  encodeRouteDumpRequest,
  encodeRtmsg,
  inet6Ntop,
} from '../../src/netlink/route/route.js';
import { parseRouteChange, encodeRouteChange } from '../../src/commands/route/modify.js';
import { renderRoute } from '../../src/commands/route/render.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import { CliError } from '../../src/iproute/errors.js';
import { AF_INET, AF_INET6 } from '../../src/netlink/gen/socket.js';
import { RTA_DST, RTA_MULTIPATH, RTA_OIF, RTA_TABLE, RTM_NEWROUTE } from '../../src/netlink/gen/rtnetlink.js';

const FILES = {
  '/etc/iproute2/rt_tables': '255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n100 blue # comment\n',
  '/etc/iproute2/rt_tables.d/x.conf': '5000 big\n',
  '/etc/iproute2/rt_protos': '99 openr\n',
  '/etc/iproute2/rt_realms': '5 five\n',
};
const DIRS = { '/etc/iproute2/rt_tables.d': ['x.conf'] };
const names = IprouteNames.fromTexts(FILES, false, DIRS);

describe('route codec', () => {
  it('indexes attributes without copying, keeps unknown ones, reads RTA_TABLE over rtm_table', () => {
    const a = new AttributeEncoder()
      .u32(RTA_TABLE, 5000)
      .bytes(RTA_DST, Uint8Array.of(10, 1, 0, 0))
      .u32(99, 7);
    const p = encodeRtmsg({ family: AF_INET, dstLen: 16, table: 0, protocol: 3, type: 1 }, a.finish());
    const r = decodeRoute(p);
    expect([r.family, r.dstLen, r.table, r.protocol, r.type]).toEqual([AF_INET, 16, 5000, 3, 1]);
    expect([...r.attrs.bytes(RTA_DST)!]).toEqual([10, 1, 0, 0]);
    expect(r.attrs.has(RTA_OIF)).toBe(false);
    expect(r.attributes().map((x) => x.type)).toEqual([RTA_TABLE, RTA_DST, 99]);
    // reset() reuses the object for the next message
    r.reset(encodeRtmsg({ family: AF_INET6 }), RTM_NEWROUTE);
    expect(r.attrs.has(RTA_DST)).toBe(false);
    expect(r.table).toBe(0);
  });

  it('rejects a truncated attribute', () => {
    const p = encodeRtmsg({ family: AF_INET }, Uint8Array.of(8, 0, 1, 0, 10));
    expect(() => new RouteMessage().reset(p)).toThrow(/nla_len/);
  });

  it('multipath round trip', () => {
    const buf = encodeMultipath([
      { gateway: Uint8Array.of(192, 0, 2, 1), ifindex: 3, weight: 3 },
      { gateway: Uint8Array.of(192, 0, 2, 2), ifindex: 4, weight: 1, flags: 4 },
    ]);
    const nhs = decodeMultipath(buf);
    expect(nhs.map((n) => [n.ifindex, n.hops + 1, n.flags])).toEqual([
      [3, 3, 0],
      [4, 1, 4],
    ]);
  });

  it('dump request carries RTA_TABLE and RTA_OIF only when asked', () => {
    expect(encodeRouteDumpRequest({ family: AF_INET }).length).toBe(12);
    const r = decodeRoute(encodeRouteDumpRequest({ family: AF_INET, table: 254, oif: 2, protocol: 4 }));
    expect([r.attrs.u32(RTA_TABLE), r.attrs.u32(RTA_OIF), r.protocol]).toEqual([254, 2, 4]);
  });

  it('IPv6 text form as glibc prints it', () => {
    for (const s of [
      '::',
      '::1',
      '2001:db8::1',
      'fe80::1:0:0:1',
      '::ffff:1.2.3.4',
      '1:0:0:1::',
      '1::2:0:0:3',
    ])
      expect(inet6Ntop(parseInet6(s)!)).toBe(s);
    expect(parseInet6('1::2::3')).toBeNull();
  });

  it('prefixes like get_prefix', () => {
    expect(parsePrefix('10.0.0.0/8', 0)).toMatchObject({ family: AF_INET, bitlen: 8 });
    expect(parsePrefix('10', 0)!.bytes).toEqual(Uint8Array.of(10, 0, 0, 0));
    expect(parsePrefix('default', AF_INET)).toMatchObject({ bitlen: 0, bytes: new Uint8Array(4) });
    expect(parsePrefix('10.0.0.0/33', 0)).toBeNull();
    expect(parsePrefix('10.0.0.300', 0)).toBeNull();
    expect(parsePrefix('10.0.0.0/255.255.0.0', 0)!.bitlen).toBe(16);
    expect(parsePrefix('10.0.0.1', AF_INET6)).toBeNull();
  });
});

describe('route names', () => {
  it('reads rt_tables like ip, with the built-ins', () => {
    expect(names.tableId('blue')).toBe(100);
    expect(names.tableId('big')).toBe(5000);
    expect(names.tableId('main')).toBe(254);
    expect(names.tableId('0x10')).toBe(16);
    expect(names.tableId('nosuch')).toBeUndefined();
    expect(names.tableName(100)).toBe('blue');
    expect(names.tableName(77)).toBe('77');
    expect(IprouteNames.fromTexts(FILES, true, DIRS).tableName(254)).toBe('254');
  });
  it('protocols, scopes, realms, types', () => {
    expect(names.protocolName(99)).toBe('openr');
    expect(names.protocolName(2)).toBe('kernel');
    expect(names.protocolName(77)).toBe('77');
    expect(names.scopeName(253)).toBe('link');
    expect(names.realmName(5)).toBe('five');
    expect(routeTypeId('bl')).toBe(6);
    expect(routeTypeId('throw')).toBe(9);
    expect(routeTypeId('thr')).toBeUndefined();
    expect(parseIdNames('# x\n  7 seven\nbroken line\n8 eight\n')).toEqual([[7, 'seven']]);
  });
});

describe('route change parsing (nothing sent)', () => {
  const parse = (line: string): ReturnType<typeof parseRouteChange> =>
    parseRouteChange(line.split(' '), RTM_NEWROUTE, 0, 0, names);
  it('defaults as iproute_modify: scope link without a gateway, local table for local routes', () => {
    expect(parse('10.0.0.0/24 dev x')).toMatchObject({ scope: 253, table: 254, protocol: 3, type: 1 });
    expect(parse('10.0.0.0/24 via 1.2.3.4')).toMatchObject({ scope: 0 });
    expect(parse('local 10.0.0.1')).toMatchObject({ scope: 254, table: 255, type: 2, dstLen: 32 });
    expect(parse('blackhole default')).toMatchObject({ type: 6, dstLen: 0 });
    expect(parse('10.0.0.0/24 via 1.2.3.4 table big')).toMatchObject({ table: 0 });
  });
  it('encodes multipath with resolved devices', () => {
    const c = parse('10.0.0.0/24 nexthop via 1.2.3.4 dev a weight 2 nexthop via 1.2.3.5 dev b');
    const r = decodeRoute(encodeRouteChange(c, { require: (n) => (n === 'a' ? 7 : 8) }));
    expect(decodeMultipath(r.attrs.bytes(RTA_MULTIPATH)!).map((n) => [n.ifindex, n.hops])).toEqual([
      [7, 1],
      [8, 0],
    ]);
  });
  it('bad input is a CliError with ip message and status', () => {
    const bad: [string, RegExp, number][] = [
      ['10.0.0.0/24 table nosuch', /"table" value is invalid/, 255],
      ['10.0.0.300/24', /any valid prefix is expected rather than "10.0.0.300\/24"/, 1],
      ['10.0.0.0/24 garbage', /is a garbage/, 255],
      ['10.0.0.0/24 x', /Command line is not complete/, 255],
      ['10.0.0.0/24 mtu', /Command line is not complete/, 255],
      ['via 1.2.3.4', /destination prefix is required/, 255],
    ];
    for (const [line, msg, code] of bad) {
      let err: unknown;
      try {
        parse(line);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).message).toMatch(msg);
      expect((err as CliError).exitCode).toBe(code);
    }
  });
});

describe('renderRoute', () => {
  const msg = (): RouteMessage =>
    decodeRoute(
      encodeRtmsg(
        { family: AF_INET, dstLen: 24, table: 100, protocol: 4, scope: 253, type: 1, flags: 4 },
        new AttributeEncoder()
          .bytes(RTA_DST, Uint8Array.of(10, 0, 0, 0))
          .u32(RTA_OIF, 2)
          .finish(),
      ),
    );
  const ctx = { details: 0, stats: 0, names, nameOf: (i: number) => (i === 2 ? 'eth0' : `if${i}`) };
  it('text as ip route', () => {
    const out = new StringOutput();
    renderRoute(new Printer(out, { json: false }), msg(), { ...ctx, color: false });
    expect(out.text).toBe('10.0.0.0/24 dev eth0 table blue proto static scope link onlink \n');
  });
  it('JSON as ip -j route, same with the colour path', () => {
    const out = new StringOutput();
    const p = new Printer(out, { json: true });
    p.startDocument();
    renderRoute(p, msg(), ctx);
    p.endDocument();
    expect(JSON.parse(out.text)).toEqual([
      {
        dst: '10.0.0.0/24',
        dev: 'eth0',
        table: 'blue',
        protocol: 'static',
        scope: 'link',
        flags: ['onlink'],
      },
    ]);
    const t = new StringOutput();
    renderRoute(new Printer(t, { json: false }), msg(), ctx);
    expect(t.text).toBe('10.0.0.0/24 dev eth0 table blue proto static scope link onlink \n');
  });
});
