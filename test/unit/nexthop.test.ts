import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/index.js';
import {
  decodeNexthop,
  encodeNexthopDumpRequest,
  encodeNexthopGetRequest,
} from '../../src/netlink/route/nexthop.js';
import { IprouteNames } from '../../src/iproute/names.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import { renderNexthop } from '../../src/commands/nexthop/render.js';
import { formatG } from '../../src/commands/common.js';
import { parseNexthopFilter } from '../../src/commands/nexthop/index.js';
import { OBJECT_WORDS, RTNL_SOURCES } from '../../src/commands/monitor/rtnl.js';
import { CodecError } from '../../src/netlink/codec/errors.js';
import {
  NHA_BLACKHOLE,
  NHA_FDB,
  NHA_GATEWAY,
  NHA_GROUP,
  NHA_GROUP_TYPE,
  NHA_ID,
  NHA_OIF,
  NHA_RES_GROUP,
  NHA_RES_GROUP_BUCKETS,
  NHA_RES_GROUP_IDLE_TIMER,
  NHMSG_LEN,
} from '../../src/netlink/gen/nexthop.js';
import { RTNLGRP_NEXTHOP } from '../../src/netlink/gen/rtnetlink.js';

/** ip's built-in names only: no name file exists. */
const names = IprouteNames.fromTexts({});

function nhmsg(
  family: number,
  scope: number,
  protocol: number,
  flags: number,
  a: AttributeEncoder,
): Uint8Array {
  const body = a.finish();
  const out = new Uint8Array(NHMSG_LEN + body.length);
  out[0] = family;
  out[1] = scope;
  out[2] = protocol;
  new DataView(out.buffer).setUint32(4, flags, true);
  out.set(body, NHMSG_LEN);
  return out;
}

function group(...members: [number, number][]): Uint8Array {
  const b = new Uint8Array(members.length * 8);
  const dv = new DataView(b.buffer);
  members.forEach(([id, w], i) => {
    dv.setUint32(i * 8, id, true);
    dv.setUint8(i * 8 + 4, w);
  });
  return b;
}

function render(json: boolean, payload: Uint8Array, deleted = false, details = 0): string {
  const out = new StringOutput();
  const p = new Printer(out, { json });
  renderNexthop(
    p,
    decodeNexthop(payload),
    { details, nameOf: (i) => (i === 3 ? 'v0' : `if${i}`), names },
    deleted,
  );
  return out.text;
}

describe('nexthop codec and renderer', () => {
  it('a gateway nexthop: text and JSON in ip order', () => {
    const m = nhmsg(
      2,
      253,
      4,
      4,
      new AttributeEncoder()
        .u32(NHA_ID, 1)
        .bytes(NHA_GATEWAY, Uint8Array.of(10, 0, 0, 2))
        .u32(NHA_OIF, 3),
    );
    expect(render(false, m)).toBe('id 1 via 10.0.0.2 dev v0 scope link proto static onlink ');
    expect(render(true, m)).toBe(
      '{"id":1,"gateway":"10.0.0.2","dev":"v0","scope":"link","protocol":"static","flags":["onlink"]}',
    );
    expect(render(false, m, true)).toBe('Deleted id 1 via 10.0.0.2 dev v0 scope link proto static onlink ');
  });

  it('blackhole, fdb and -d (scope and protocol even when 0)', () => {
    const bh = nhmsg(0, 0, 0, 0, new AttributeEncoder().u32(NHA_ID, 2).flag(NHA_BLACKHOLE));
    expect(render(false, bh)).toBe('id 2 blackhole ');
    expect(render(true, bh)).toBe('{"id":2,"blackhole":null,"flags":[]}');
    expect(render(false, bh, false, 1)).toBe('id 2 scope global blackhole proto unspec ');
    const fdb = nhmsg(
      2,
      253,
      0,
      0,
      new AttributeEncoder()
        .u32(NHA_ID, 5)
        .bytes(NHA_GATEWAY, Uint8Array.of(10, 0, 0, 5))
        .flag(NHA_FDB),
    );
    expect(render(false, fdb)).toBe('id 5 via 10.0.0.5 scope link fdb');
    expect(render(true, fdb)).toBe('{"id":5,"gateway":"10.0.0.5","scope":"link","flags":[],"fdb":null}');
  });

  it('groups: weights are printed +1 and only when not 0; resilient arguments in seconds', () => {
    const g = nhmsg(
      0,
      0,
      0,
      0,
      new AttributeEncoder().u32(NHA_ID, 10).bytes(NHA_GROUP, group([1, 0], [3, 4])),
    );
    expect(render(false, g)).toBe('id 10 group 1/3,5 ');
    expect(render(true, g)).toBe('{"id":10,"group":[{"id":1},{"id":3,"weight":5}],"flags":[]}');
    const r = nhmsg(
      0,
      0,
      0,
      0,
      new AttributeEncoder()
        .u32(NHA_ID, 11)
        .bytes(NHA_GROUP, group([1, 0]))
        .u16(NHA_GROUP_TYPE, 1)
        .nested(NHA_RES_GROUP, (n) => n.u16(NHA_RES_GROUP_BUCKETS, 8).u32(NHA_RES_GROUP_IDLE_TIMER, 12050)),
    );
    expect(render(false, r)).toBe(
      'id 11 group 1 type resilient buckets 8 idle_timer 120.5 unbalanced_timer 0 unbalanced_time 0 ',
    );
    expect(render(true, r)).toBe(
      '{"id":11,"group":[{"id":1}],"type":"resilient","resilient_args":{"buckets":8,"idle_timer":120.5,"unbalanced_timer":0,"unbalanced_time":0},"flags":[]}',
    );
  });

  it('an IPv6 gateway, and an unknown device as if<N>', () => {
    const gw = new Uint8Array(16);
    gw.set([0x20, 0x01, 0x0d, 0xb8]);
    gw[15] = 2;
    const m = nhmsg(
      10,
      253,
      0,
      0,
      new AttributeEncoder().u32(NHA_ID, 4).bytes(NHA_GATEWAY, gw).u32(NHA_OIF, 9),
    );
    expect(render(false, m)).toBe('id 4 via 2001:db8::2 dev if9 scope link ');
  });

  it('a short nhmsg is a codec error, not a crash', () => {
    expect(() => decodeNexthop(new Uint8Array(4))).toThrow(CodecError);
  });

  it('requests: the dump filter attributes and the get by id', () => {
    expect([...encodeNexthopDumpRequest({ family: 2 })]).toEqual([2, 0, 0, 0, 0, 0, 0, 0]);
    const d = encodeNexthopDumpRequest({ family: 0, ifindex: 3, groups: true, fdb: true });
    // NHA_OIF u32, NHA_GROUPS flag, NHA_FDB flag
    expect([...d.subarray(8)]).toEqual([8, 0, 5, 0, 3, 0, 0, 0, 4, 0, 9, 0, 4, 0, 11, 0]);
    expect([...encodeNexthopGetRequest(10, 7).subarray(0, 1)]).toEqual([10]);
    expect(decodeNexthop(encodeNexthopGetRequest(10, 7)).id).toBe(7);
  });

  it('%g formatting', () => {
    expect(formatG(0)).toBe('0');
    expect(formatG(120)).toBe('120');
    expect(formatG(0.01)).toBe('0.01');
    expect(formatG(1234567)).toBe('1.23457e+06');
    expect(formatG(42949672.95)).toBe('4.29497e+07');
  });

  it("selector parsing: `id` ends it, bad words are ip's invarg", () => {
    expect(parseNexthopFilter(['id', '5', 'garbage'])).toMatchObject({ id: 5 });
    expect(parseNexthopFilter(['g', 'f', 'proto', '4'])).toMatchObject({
      groups: true,
      fdb: true,
      protocol: 4,
    });
    expect(() => parseNexthopFilter(['bogus'])).toThrow('Error: argument "bogus" is wrong: ');
    expect(() => parseNexthopFilter(['id', 'x'])).toThrow('invalid id value');
  });

  it('monitor: the nexthop source joins RTNLGRP_NEXTHOP whatever the family, `nex` is nexthop', () => {
    const s = RTNL_SOURCES.find((x) => x.name === 'nexthop')!;
    expect(s.label).toBe('[NEXTHOP]');
    expect(s.groups(2)).toEqual([RTNLGRP_NEXTHOP]);
    expect(s.groups(0)).toEqual([RTNLGRP_NEXTHOP]);
    expect(OBJECT_WORDS.map(([w]) => w)).toEqual([
      'link',
      'address',
      'route',
      'neigh',
      'netconf',
      'rule',
      'nsid',
      'nexthop',
    ]);
  });
});
