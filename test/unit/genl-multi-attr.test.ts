/**
 * Issue 13 item 4: a multi-attr is a JSON list even when it occurs once, as
 * YNL shows it, for every multi-attr attribute of every shipped spec, in
 * `genl` replies and `monitor genl` events alike (both print attrsToJson).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { decodeAttrs, structSize } from '../../src/netlink/genl/codec.js';
import { loadSpecFile, type Spec, type SpecAttr } from '../../src/netlink/genl/spec.js';
import { attrsToJson } from '../../src/netlink/genl/json.js';
import { ROOT } from '../support/cli.js';

const SIZES: Record<string, number> = {
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  s8: 1,
  s16: 2,
  s32: 4,
  s64: 8,
  uint: 4,
  sint: 4,
};

/** One well-formed instance of `a`: an empty nest, a zero integer, an empty string, the struct's bytes. */
function payload(a: SpecAttr, spec: Spec): Uint8Array | null {
  if (a.type === 'nest' || a.type === 'indexed-array' || a.type === 'nest-type-value')
    return new Uint8Array(0);
  if (a.type === 'string') return new Uint8Array([0]);
  if (a.type === 'flag') return new Uint8Array(0);
  if (a.type === 'binary') return new Uint8Array(a.struct ? (structSize(spec, a.struct) ?? 0) : 4);
  if (a.type === 'bitfield32') return new Uint8Array(8);
  if (SIZES[a.type]) return new Uint8Array(SIZES[a.type]!);
  return null;
}

const files = readdirSync(path.join(ROOT, 'specs')).filter((f) => f.endsWith('.yaml'));

describe('multi-attr attributes are JSON lists even when they occur once', () => {
  let total = 0;
  for (const file of files) {
    const spec = loadSpecFile(path.join(ROOT, 'specs', file));
    const multi = [...spec.attributeSets.values()].flatMap((s) =>
      [...s.byValue.values()].filter((a) => a.multiAttr).map((a) => [s.name, a] as const),
    );
    if (!multi.length) continue;
    it(`${file}: ${multi.length} multi-attr attributes`, () => {
      for (const [set, a] of multi) {
        const data = payload(a, spec);
        if (!data) continue;
        const enc = new AttributeEncoder();
        enc.bytes(a.value, data);
        const json = attrsToJson(decodeAttrs(enc.finish(), { spec }, set, undefined));
        expect(Array.isArray(json[a.name]), `${set}.${a.name} (${a.type})`).toBe(true);
        expect((json[a.name] as unknown[]).length).toBe(1);
        total++;
      }
    });
  }
  it('covers the multi-attrs of the specs (ethtool stringset, bits.bit among them)', () => {
    expect(total).toBeGreaterThan(50);
  });
});
