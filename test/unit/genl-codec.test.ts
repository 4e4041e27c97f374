import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { fromHex } from '../../src/netlink/codec/bytes.js';
import { parseMessages } from '../../src/netlink/codec/message.js';
import { closeNames, editDistance } from '../../src/netlink/genl/cache.js';
import { AttrArgError, decodeAttrs, encodeAttrArgs, type DecodedAttr } from '../../src/netlink/genl/codec.js';
import {
  decodeFamily,
  decodePolicyMessage,
  encodeGetFamily,
  fixDumpOnlyOps,
  opFlagNames,
  type FamilyPolicy,
} from '../../src/netlink/genl/ctrl.js';
import { decodeGenlPayload, encodeGenlPayload } from '../../src/netlink/genl/message.js';
import { bundledSpec, parseSpecText } from '../../src/netlink/genl/spec.js';
import { attrsText } from '../../src/commands/genl/render.js';
import { attrsToJson } from '../../src/netlink/genl/json.js';
import { type Recording, replyHex } from '../../src/netlink/recording.js';
import { ROOT } from '../support/cli.js';

const GOLDEN = path.join(ROOT, 'test/fixtures/golden/genl');

/** Every kernel message of every reply datagram of a recording, in order. */
function recordedReplies(name: string): { type: number; payload: Uint8Array }[] {
  const rec = JSON.parse(readFileSync(path.join(GOLDEN, `${name}.recording.json`), 'utf8')) as Recording;
  const out: { type: number; payload: Uint8Array }[] = [];
  for (const s of rec.sockets)
    for (const ex of s.exchanges)
      for (const r of ex.replies) for (const m of parseMessages(fromHex(replyHex(r) ?? ''))) out.push(m);
  return out;
}

const byName = (attrs: DecodedAttr[], name: string): DecodedAttr | undefined =>
  attrs.find((a) => a.name === name);

describe('genlmsghdr', () => {
  it('encodes and decodes cmd, version, family header and attributes', () => {
    const attrs = new AttributeEncoder().u32(1, 7).finish();
    const p = encodeGenlPayload(3, 2, attrs, new Uint8Array([9, 9]));
    expect(Array.from(p.subarray(0, 8))).toEqual([3, 2, 0, 0, 9, 9, 0, 0]);
    const g = decodeGenlPayload(p, 2);
    expect(g).toMatchObject({ cmd: 3, version: 2, reserved: 0 });
    expect(Array.from(g.familyHeader)).toEqual([9, 9]);
    expect(g.attrs).toEqual(attrs);
    expect(() => decodeGenlPayload(new Uint8Array(3))).toThrow(/needs 4/);
  });

  it('CTRL_CMD_GETFAMILY requests', () => {
    expect(Array.from(encodeGetFamily({ name: 'ab' }))).toEqual([3, 2, 0, 0, 7, 0, 2, 0, 97, 98, 0, 0]);
    expect(Array.from(encodeGetFamily({ id: 0x10 }))).toEqual([3, 2, 0, 0, 6, 0, 1, 0, 0x10, 0, 0, 0]);
  });
});

describe('nlctrl from recorded bytes', () => {
  it('decodes a recorded CTRL_CMD_NEWFAMILY (u16, u32, string, nested arrays)', () => {
    const m = recordedReplies('do-nlctrl-getfamily')
      .filter((x) => x.type === 0x10 && x.payload[0] === 1)
      .at(-1)!;
    const f = decodeFamily(m.payload);
    expect(f.name).toBe('netdev');
    expect(f.id).toBeGreaterThanOrEqual(0x10);
    expect(f.version).toBe(1);
    expect(f.ops.find((o) => o.id === 1)).toEqual({ id: 1, flags: 0x0e });
    expect(f.groups.map((g) => g.name)).toEqual(['mgmt', 'page-pool']);
    expect(opFlagNames(0x0e)).toEqual(['do', 'dump', 'has-policy']);
    expect(opFlagNames(0x11 | 0x40)).toEqual(['admin-perm', 'uns-admin-perm', '0x40']);
  });

  it('the same bytes through the generic codec and the nlctrl data file', () => {
    const m = recordedReplies('do-nlctrl-getfamily')
      .filter((x) => x.type === 0x10 && x.payload[0] === 1)
      .at(-1)!;
    const g = decodeGenlPayload(m.payload);
    const attrs = decodeAttrs(g.attrs, { spec: bundledSpec('nlctrl') }, 'ctrl-attrs', undefined);
    expect(byName(attrs, 'family-name')?.value).toBe('netdev');
    const ops = byName(attrs, 'ops')!;
    expect(ops.type).toBe('indexed-array');
    expect(ops.items?.[0]?.id).toBe(1);
    expect(byName(ops.items![0]!.attrs!, 'flags')?.value).toEqual([
      'cmd-cap-do',
      'cmd-cap-dump',
      'cmd-cap-haspol',
    ]);
    expect(byName(ops.items![0]!.attrs!, 'flags')?.raw).toBe(0x0e);
    const json = attrsToJson(attrs);
    expect(json['mcast-groups']).toEqual([
      { name: 'mgmt', id: expect.any(Number) },
      { name: 'page-pool', id: expect.any(Number) },
    ]);
  });

  it('decodes recorded policies: u64 ranges, uint masks, nested policies, dump-only op keys', () => {
    const fp: FamilyPolicy = { familyId: 0, ops: new Map(), policies: new Map() };
    for (const m of recordedReplies('family-netdev-json'))
      if (m.type === 0x10 && m.payload[0] === 10) decodePolicyMessage(m.payload, fp);
    const all = [...fp.policies.values()].flatMap((t) => [...t.values()]);
    expect(all.some((p) => p.typeName === 'uint' && p.mask === 1n)).toBe(true); // qstats scope
    expect(all.some((p) => p.typeName === 'uint' && p.maxValue === 0xffffffffffffffffn)).toBe(true);
    const nested = all.find((p) => p.typeName === 'nested')!;
    expect(fp.policies.has(nested.policy!)).toBe(true);
    expect(nested.maxtype).toBeGreaterThan(0);
    expect(fp.ops.get(1)?.do).toBeDefined();
  });

  it('gives dump-only ops their entry back (the kernel keys them 0)', () => {
    const fp: FamilyPolicy = {
      familyId: 1,
      ops: new Map([
        [3, { do: 0, dump: 0 }],
        [0, { dump: 1 }],
      ]),
      opOrder: [
        { key: 3, entry: { do: 0, dump: 0 } },
        { key: 0, entry: { dump: 1 } },
      ],
      policies: new Map(),
    };
    fixDumpOnlyOps(fp, undefined, [
      { id: 3, flags: 0x0e },
      { id: 10, flags: 0x0c },
    ]);
    expect([...fp.ops]).toEqual([
      [3, { do: 0, dump: 0 }],
      [10, { dump: 1 }],
    ]);
  });

  it('a recorded ethtool strset reply: nests inside nests, repeated attributes, enums', () => {
    const m = recordedReplies('do-ethtool-strset-veth').find((x) => x.type > 0x10 && x.payload[0] === 1)!;
    const g = decodeGenlPayload(m.payload);
    const attrs = decodeAttrs(g.attrs, { spec: bundledSpec('ethtool') }, 'strset', undefined);
    const json = attrsToJson(attrs) as {
      stringsets: { stringset: { id: string; strings: { string: unknown[] }[] }[] };
    };
    // stringset and strings are multi-attr: lists even with one entry, as YNL prints it (issue 13 item 4).
    expect(json.stringsets.stringset).toHaveLength(1);
    expect(json.stringsets.stringset[0]!.id).toBe('stats');
    expect(json.stringsets.stringset[0]!.strings[0]!.string[0]).toEqual({ index: 0, value: 'peer_ifindex' });
  });

  it('a recorded tcp_metrics dump: big-endian IPv4, u64, nest numbered from 1', () => {
    const m = recordedReplies('dump-tcp-metrics').find((x) => x.type > 0x10 && x.payload[0] === 1)!;
    const attrs = decodeAttrs(
      decodeGenlPayload(m.payload).attrs,
      { spec: bundledSpec('tcp_metrics') },
      'tcp-metrics',
      undefined,
    );
    expect(byName(attrs, 'addr-ipv4')?.value).toBe('127.0.0.1');
    expect(typeof byName(attrs, 'age')?.value).toBe('bigint');
    expect(byName(byName(attrs, 'vals')!.attrs!, 'rtt')?.type).toBe('u32');
  });
});

const TYPES_SPEC = `
name: types
definitions:
  - name: colour
    type: enum
    entries: [ red, green ]
  - name: bits
    type: flags
    entries: [ a, b, c ]
attribute-sets:
  - name: all
    attributes:
      - { }
`;

describe('every attribute type', () => {
  const spec = parseSpecText(
    TYPES_SPEC.replace(
      '      - { }\n',
      [
        ['u8', 'u8'],
        ['u16', 'u16'],
        ['u32', 'u32'],
        ['u64', 'u64'],
        ['s8', 's8'],
        ['s16', 's16'],
        ['s32', 's32'],
        ['s64', 's64'],
        ['uint', 'uint'],
        ['sint', 'sint'],
        ['str', 'string'],
        ['bin', 'binary'],
        ['flag', 'flag'],
        ['nest', 'nest\n        nested-attributes: all'],
        ['arr', 'indexed-array\n        sub-type: nest\n        nested-attributes: all'],
        ['arr32', 'indexed-array\n        sub-type: u32'],
        ['ntv', 'nest-type-value\n        type-value: [ a, b ]\n        nested-attributes: all'],
        ['bf', 'bitfield32'],
        ['pad', 'pad'],
        ['colour', 'u8\n        enum: colour'],
        ['bits', 'u32\n        enum: bits\n        enum-as-flags: true'],
        ['port', 'u16\n        byte-order: big-endian'],
        ['ip4', 'u32\n        byte-order: big-endian\n        display-hint: ipv4'],
        ['ip6', 'binary\n        display-hint: ipv6'],
        ['mac', 'binary\n        display-hint: mac'],
      ]
        .map(([n, t]) => `      - name: ${n}\n        type: ${t}\n`)
        .join(''),
    ),
    'types.yaml',
  );
  const ctx = { spec };
  const id = (n: string): number => spec.attributeSets.get('all')!.byName.get(n)!.value;

  it('decodes each type', () => {
    const e = new AttributeEncoder()
      .u8(id('u8'), 200)
      .u16(id('u16'), 65000)
      .u32(id('u32'), 4000000000)
      .u64(id('u64'), 2n ** 63n)
      .bytes(id('s8'), new Uint8Array([0xff]))
      .bytes(id('s16'), new Uint8Array([0xfe, 0xff]))
      .s32(id('s32'), -5)
      .bytes(id('s64'), new Uint8Array(8).fill(0xff))
      .u32(id('uint'), 7)
      .u64(id('sint'), 2n ** 40n)
      .string(id('str'), 'hello')
      .bytes(id('bin'), new Uint8Array([1, 2, 0xab]))
      .flag(id('flag'))
      .nested(id('nest'), (n) => n.u8(id('u8'), 1).string(id('str'), 'in'))
      .nested(id('arr'), (a) => a.nested(1, (x) => x.u8(id('u8'), 5)).nested(2, (x) => x.u8(id('u8'), 6)))
      .nested(id('arr32'), (a) => a.u32(0, 10).u32(1, 11))
      .nested(id('ntv'), (a) => a.nested(4, (b) => b.nested(9, (c) => c.u16(id('u16'), 3))))
      .bytes(id('bf'), new Uint8Array([1, 0, 0, 0, 3, 0, 0, 0]))
      .u32(id('pad'), 0)
      .u8(id('colour'), 1)
      .u32(id('bits'), 0b101 | 0x100)
      .be16(id('port'), 443)
      .bytes(id('ip4'), new Uint8Array([10, 0, 0, 1]))
      .bytes(id('ip6'), new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))
      .bytes(id('mac'), new Uint8Array([2, 0, 0, 0, 0xa, 1]))
      .u32(900, 42) // not in the spec: kept, raw
      .u8(id('u32'), 1) // wrong size for its type: kept, raw
      .finish();
    const attrs = decodeAttrs(e, ctx, 'all', undefined);
    const json = attrsToJson(attrs);
    expect(json).toEqual({
      u8: 200,
      u16: 65000,
      u32: [4000000000, '01'],
      u64: 2n ** 63n,
      s8: -1,
      s16: -2,
      s32: -5,
      s64: -1n,
      uint: 7,
      sint: 2n ** 40n,
      str: 'hello',
      bin: '0102ab',
      flag: true,
      nest: { u8: 1, str: 'in' },
      arr: [{ u8: 5 }, { u8: 6 }],
      arr32: [10, 11],
      ntv: { '4': { '9': { u16: 3 } } },
      // YNL's shape (ynl.py _decode: {"value", "selector"}).
      bf: { value: 1, selector: 3 },
      colour: 'green',
      bits: ['a', 'c', '0x100'],
      port: 443,
      ip4: '10.0.0.1',
      ip6: '2001:db8::1',
      mac: '02:00:00:00:0a:01',
      '900': '2a000000',
    });
    expect(attrs.find((a) => a.id === 900)).toMatchObject({ name: undefined, type: 'binary' });
    const text = attrsText(attrs);
    expect(text).toContain('nest:\n  u8 1\n  str in\n');
    expect(text).toContain('arr:\n  [1]:\n    u8 5\n');
    expect(text).toContain('arr32:\n  [0] 10\n');
    expect(text).toContain('\nflag\n');
  });

  it('without a spec, types come from the kernel policy; nests from NLA_F_NESTED', () => {
    const fp: FamilyPolicy = {
      familyId: 1,
      ops: new Map(),
      policies: new Map([
        [
          0,
          new Map([
            [1, { type: 4, typeName: 'u32' }],
            [2, { type: 13, typeName: 'nested', policy: 1 }],
            [3, { type: 14, typeName: 'nested-array', policy: 1 }],
          ]),
        ],
        [1, new Map([[1, { type: 12, typeName: 'nul-string' }]])],
      ]),
    };
    const e = new AttributeEncoder()
      .u32(1, 9)
      .nested(2, (n) => n.string(1, 'x'))
      .nested(3, (a) => a.nested(1, (n) => n.string(1, 'y')))
      .nested(7, (n) => n.u32(1, 1))
      .finish();
    expect(attrsToJson(decodeAttrs(e, { spec: null, policy: fp }, undefined, 0))).toEqual({
      '1': 9,
      '2': { '1': 'x' },
      '3': [{ '1': 'y' }],
      '7': { '1': '01000000' },
    });
  });

  it('encodes ATTR=VALUE words by type, enum names, nests as A.B, numbers for unnamed', () => {
    const buf = encodeAttrArgs(
      [
        'u8=0x10',
        's8=-2',
        'u64=18446744073709551615',
        'sint=-5',
        'str=abc',
        'bin=01:02',
        'flag',
        'colour=green',
        'bits=a|c',
        'port=443',
        'ip4=192.0.2.1',
        'nest.u16=7',
        'nest.str=z',
        '900=ff00',
      ],
      ctx,
      'all',
      undefined,
    );
    expect(attrsToJson(decodeAttrs(buf, ctx, 'all', undefined))).toEqual({
      u8: 16,
      s8: -2,
      u64: 18446744073709551615n,
      sint: -5,
      str: 'abc',
      bin: '0102',
      flag: true,
      colour: 'green',
      bits: ['a', 'c'],
      port: 443,
      ip4: '192.0.2.1',
      nest: { u16: 7, str: 'z' },
      '900': 'ff00',
    });
  });

  it('rejects bad words with the reason', () => {
    const bad =
      (w: string): (() => Uint8Array) =>
      () =>
        encodeAttrArgs([w], ctx, 'all', undefined);
    expect(bad('u8=256')).toThrow(AttrArgError);
    expect(bad('u8=256')).toThrow(/does not fit u8/);
    expect(bad('u8=x')).toThrow(/not a number/);
    expect(bad('colour=blue')).toThrow(/not one of red green/);
    expect(bad('nope=1')).toThrow(/unknown attribute "nope"/);
    expect(bad('nest=1')).toThrow(/is a nest/);
    expect(bad('u8')).toThrow(/needs a value/);
    expect(bad('a..b=1')).toThrow(/bad attribute/);
  });
});

describe('close names for unknown families', () => {
  it('suggests by prefix, case and small edits', () => {
    const names = ['nlctrl', 'ethtool', 'netdev', 'tcp_metrics', 'TASKSTATS', 'mptcp_pm'];
    expect(closeNames('ethtoo', names)).toEqual(['ethtool']);
    expect(closeNames('taskstats', names)[0]).toBe('TASKSTATS');
    expect(closeNames('tcp', names)).toContain('tcp_metrics');
    expect(closeNames('zzzzzz', names)).toEqual([]);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
