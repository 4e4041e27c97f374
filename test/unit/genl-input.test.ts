/**
 * Issue 13 items 5 and 6 without a kernel: request words with indexes,
 * refusal of words that would be merged, --json bodies, fixed headers and
 * structs, extack names.
 */
import { describe, expect, it } from 'vitest';
import { AttributeDecoder, AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import {
  AttrArgError,
  decodeAttrs,
  decodeStruct,
  encodeAttrArgs,
  encodeFixedHeader,
  jsonToArgNodes,
  parseAttrArgs,
  structSize,
  type JsonInput,
} from '../../src/netlink/genl/codec.js';
import { describeExtack } from '../../src/netlink/genl/extack.js';
import { bundledSpec, parseSpecText } from '../../src/netlink/genl/spec.js';
import { attrsToJson } from '../../src/netlink/genl/json.js';

const ethtool = bundledSpec('ethtool')!;
const ctx = { spec: ethtool };
const set = ethtool.attributeSets;
const id = (s: string, a: string): number => set.get(s)!.byName.get(a)!.value;

/** The bit nests of a features-set request, as [name, value flag] pairs. */
function bitsOf(buf: Uint8Array): [string, boolean][] {
  const wanted = AttributeDecoder.all(buf).find((a) => a.type === id('features', 'wanted'))!;
  const bits = AttributeDecoder.all(wanted.data).find((a) => a.type === id('bitset', 'bits'))!;
  return AttributeDecoder.all(bits.data).map((bit) => {
    const inner = AttributeDecoder.all(bit.data);
    const name = inner.find((a) => a.type === id('bitset-bit', 'name'))!;
    return [
      Buffer.from(name.data).toString('utf8').replace(/\0+$/, ''),
      inner.some((a) => a.type === id('bitset-bit', 'value')),
    ];
  });
}

describe('request words', () => {
  it('shares a nest between words with the same path (header.dev-name + header.flags is one header)', () => {
    const buf = encodeAttrArgs(['header.dev-name=v1', 'header.flags=omit-reply'], ctx, 'features', undefined);
    expect(AttributeDecoder.all(buf)).toHaveLength(1);
  });

  it('KEY[N] makes distinct nests: two bits, each with its name and value', () => {
    const buf = encodeAttrArgs(
      ['wanted.bits.bit[0].name=rx-gro', 'wanted.bits.bit[0].value', 'wanted.bits.bit[1].name=tx-gro'],
      ctx,
      'features',
      undefined,
    );
    expect(bitsOf(buf)).toEqual([
      ['rx-gro', true],
      ['tx-gro', false],
    ]);
  });

  it('refuses a leaf given twice in one nest instead of merging (the kernel would keep the last)', () => {
    expect(() =>
      encodeAttrArgs(
        ['wanted.bits.bit.name=rx-gro', 'wanted.bits.bit.name=tx-gro'],
        ctx,
        'features',
        undefined,
      ),
    ).toThrow(/wanted\.bits\.bit\.name is given twice in one nest/);
  });

  it('refuses mixing indexed and plain words for one attribute', () => {
    expect(() => parseAttrArgs(['bits.bit[0].name=a', 'bits.bit.name=b'])).toThrow(AttrArgError);
  });

  it('a repeated multi-attr leaf is several attributes', () => {
    const spec = parseSpecText(
      'name: t\nattribute-sets:\n  - name: s\n    attributes:\n      - name: q\n        type: u32\n        multi-attr: true\n',
      't.yaml',
    );
    const buf = encodeAttrArgs(['q=1', 'q=2'], { spec }, 's', undefined);
    expect(AttributeDecoder.all(buf).map((a) => a.type)).toEqual([1, 1]);
  });
});

describe('--json request bodies (YNL cli.py --json)', () => {
  it('encodes nests, lists of nests and flags exactly as the indexed words do', () => {
    const body: JsonInput = {
      header: { 'dev-name': 'v1' },
      wanted: { bits: { bit: [{ name: 'rx-gro', value: true }, { name: 'tx-gro' }] } },
    };
    const fromJson = encodeAttrArgs(jsonToArgNodes(body), ctx, 'features', undefined);
    const fromWords = encodeAttrArgs(
      [
        'header.dev-name=v1',
        'wanted.bits.bit[0].name=rx-gro',
        'wanted.bits.bit[0].value',
        'wanted.bits.bit[1].name=tx-gro',
      ],
      ctx,
      'features',
      undefined,
    );
    expect(Buffer.from(fromJson).toString('hex')).toBe(Buffer.from(fromWords).toString('hex'));
    expect(bitsOf(fromJson)).toEqual([
      ['rx-gro', true],
      ['tx-gro', false],
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(() => jsonToArgNodes([1, 2] as never)).toThrow(/must be an object/);
  });
});

describe('structs and fixed headers (genetlink-legacy)', () => {
  const ovs = bundledSpec('ovs_datapath')!;

  it('writes and reads the ovs_header fixed header by member name', () => {
    const op = ovs.ops.find((o) => o.name === 'get')!;
    expect(op.fixedHeader).toBe('ovs-header');
    expect(structSize(ovs, 'ovs-header')).toBe(4);
    const { header, rest } = encodeFixedHeader(
      jsonToArgNodes({ 'dp-ifindex': 7, name: 'dp0' }),
      'ovs-header',
      ovs,
    );
    expect(rest.map((n) => n.key)).toEqual(['name']);
    expect(attrsToJson(decodeStruct(header, 'ovs-header', ovs)!)).toEqual({ 'dp-ifindex': 7 });
  });

  it('decodes a struct attribute as its members (ovs datapath stats)', () => {
    const stats = set.get('bitset') ? ovs.attributeSets.get('datapath')!.byName.get('stats')! : undefined;
    expect(stats?.struct).toBeDefined();
    const size = structSize(ovs, stats!.struct!)!;
    const enc = new AttributeEncoder();
    const raw = new Uint8Array(size);
    new DataView(raw.buffer).setBigUint64(0, 42n, true);
    enc.bytes(stats!.value, raw);
    const json = attrsToJson(decodeAttrs(enc.finish(), { spec: ovs }, 'datapath', undefined));
    const first = ovs.structs.get(stats!.struct!)!.members[0]!.name;
    expect((json.stats as Record<string, unknown>)[first]).toBe(42n);
  });
});

describe('extack names (item 6)', () => {
  it('names a missing top-level attribute and says what the nest holds', () => {
    const x = describeExtack({ missingType: id('features', 'header') }, undefined, ethtool, 'features');
    expect(x.missing?.path).toEqual(['header']);
    expect(x.missing?.doc).toMatch(/dev-index, dev-name/);
  });

  it("gives a member's own doc when the spec has one", () => {
    const buf = encodeAttrArgs(['header.dev-index=1'], ctx, 'features', undefined);
    const req = new Uint8Array(16 + 4 + buf.length);
    new DataView(req.buffer).setUint32(0, req.length, true);
    req.set(buf, 20);
    // The kernel points MISS_NEST at the header nest (offset 20) and MISS_TYPE at dev-name.
    const x = describeExtack(
      { missingType: id('header', 'dev-name'), missingNest: 20 },
      req,
      ethtool,
      'features',
    );
    expect(x.missing?.path).toEqual(['header', 'dev-name']);
    expect(x.missing?.doc).toMatch(/Interface name/);
  });
});
