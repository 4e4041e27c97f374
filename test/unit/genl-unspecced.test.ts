import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_CMD_CAP_HASPOL } from '../../src/netlink/gen/genetlink.js';
import { GENL_FAMILY_NAMES } from '../../src/netlink/gen/genl_names.js';
import {
  NL_ATTR_TYPE_NESTED,
  NL_ATTR_TYPE_NUL_STRING,
  NL_ATTR_TYPE_U16,
  NL_ATTR_TYPE_U32,
} from '../../src/netlink/gen/netlink_policy.js';
import { decodeAttrs } from '../../src/netlink/genl/codec.js';
import {
  attrTypeName,
  type AttrPolicy,
  type FamilyPolicy,
  type GenlFamily,
} from '../../src/netlink/genl/ctrl.js';
import { opByName } from '../../src/netlink/genl/spec.js';
import { attrsToJson } from '../../src/netlink/genl/json.js';
import {
  guessType,
  isUnspecced,
  refineUnspecced,
  unspeccedSpec,
  ynlName,
} from '../../src/netlink/genl/unspecced.js';

/** A value of the generated ethtool tables by its C name (the test types no kernel number). */
function ethtool(prefix: string, name: string): number {
  const t = GENL_FAMILY_NAMES.ethtool!;
  for (const e of [...t.cmds, ...t.sets]) {
    if (!name.startsWith(e.prefix) && e.prefix !== prefix) continue;
    const hit = Object.entries(e.names).find(([, n]) => n === name.slice(prefix.length));
    if (hit && e.prefix === prefix) return Number(hit[0]);
  }
  throw new Error(`no ${name} under ${prefix}`);
}
const ETHTOOL_MSG_LINKINFO_GET = ethtool('ETHTOOL_MSG_USER_', 'ETHTOOL_MSG_USER_LINKINFO_GET');
const ETHTOOL_MSG_LINKINFO_GET_REPLY = ethtool(
  'ETHTOOL_MSG_KERNEL_',
  'ETHTOOL_MSG_KERNEL_LINKINFO_GET_REPLY',
);
const ETHTOOL_A_LINKINFO_HEADER = ethtool('ETHTOOL_A_LINKINFO_', 'ETHTOOL_A_LINKINFO_HEADER');
const ETHTOOL_A_LINKINFO_PORT = ethtool('ETHTOOL_A_LINKINFO_', 'ETHTOOL_A_LINKINFO_PORT');
const ETHTOOL_A_HEADER_DEV_INDEX = ethtool('ETHTOOL_A_HEADER_', 'ETHTOOL_A_HEADER_DEV_INDEX');
const ETHTOOL_A_HEADER_DEV_NAME = ethtool('ETHTOOL_A_HEADER_', 'ETHTOOL_A_HEADER_DEV_NAME');

const CAPS = GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL;

function pol(type: number, extra: Partial<AttrPolicy> = {}): AttrPolicy {
  return { type, typeName: attrTypeName(type), ...extra };
}

function family(name: string, ops: number[]): GenlFamily {
  return {
    id: 99,
    name,
    version: 1,
    hdrsize: 0,
    maxattr: 0,
    ops: ops.map((id) => ({ id, flags: CAPS })),
    groups: [],
  };
}

function policy(ops: [number, number][], tables: [number, [number, AttrPolicy][]][]): FamilyPolicy {
  return {
    familyId: 99,
    ops: new Map(ops.map(([op, idx]) => [op, { do: idx, dump: idx }])),
    policies: new Map(tables.map(([idx, t]) => [idx, new Map(t)])),
  };
}

describe('unspecced spec: kernel policy + UAPI header names', () => {
  it('names follow YNL: prefix off, lower case, - for _', () => {
    expect(ynlName('XDP_RX_METADATA_FEATURES')).toBe('xdp-rx-metadata-features');
    expect(ynlName('LINKINFO_GET')).toBe('linkinfo-get');
  });

  it('a u16 the policy types comes out as a number, not bytes (no header names: named by number)', () => {
    const spec = unspeccedSpec(
      family('nlh5-nonesuch', [1]),
      policy([[1, 0]], [[0, [[1, pol(NL_ATTR_TYPE_U16)]]]]),
      undefined,
    );
    const op = opByName(spec, 'cmd-1')!;
    expect(op.value).toBe(1);
    const buf = new AttributeEncoder().u16(1, 123).finish();
    const [a] = decodeAttrs(buf, { spec }, op.attributeSet, undefined);
    expect(a).toMatchObject({ name: '1', type: 'u16', value: 123 });
  });

  it('netdev: op and attribute names from <linux/netdev.h>, reply-only types and flag names from the replies', () => {
    const names = GENL_FAMILY_NAMES.netdev!;
    const devGet = Number(Object.entries(names.cmds[0]!.names).find(([, n]) => n === 'DEV_GET')![0]);
    const spec = unspeccedSpec(
      family('netdev', [devGet]),
      policy([[devGet, 0]], [[0, [[1, pol(NL_ATTR_TYPE_U32, { minValue: 1n })]]]]),
    );
    expect(isUnspecced(spec)).toBe(true);
    const op = opByName(spec, 'dev-get')!;
    expect(op).toMatchObject({ value: devGet, hasDo: true, hasDump: true });
    // A reply as the kernel sends it: ifindex (policy-typed), xdp-features u64 (no policy: the reply tells).
    const reply = new AttributeEncoder().u32(1, 2).u64(3, 0x23n).finish();
    refineUnspecced(spec, [{ set: op.attributeSet, attrs: reply }]);
    const json = attrsToJson(decodeAttrs(reply, { spec }, op.attributeSet, undefined));
    expect(json).toEqual({ ifindex: 2, 'xdp-features': ['basic', 'redirect', 'rx-sg'] });
  });

  it('ethtool (directional): the header nest from its comment, a reply-only u8 typed by the header', () => {
    const spec = unspeccedSpec(
      family('ethtool', [ETHTOOL_MSG_LINKINFO_GET]),
      policy(
        [[ETHTOOL_MSG_LINKINFO_GET, 0]],
        [
          [0, [[ETHTOOL_A_LINKINFO_HEADER, pol(NL_ATTR_TYPE_NESTED, { policy: 1 })]]],
          [
            1,
            [
              [ETHTOOL_A_HEADER_DEV_INDEX, pol(NL_ATTR_TYPE_U32)],
              [ETHTOOL_A_HEADER_DEV_NAME, pol(NL_ATTR_TYPE_NUL_STRING)],
            ],
          ],
        ],
      ),
    );
    const op = opByName(spec, 'linkinfo-get')!;
    expect(op).toMatchObject({ value: ETHTOOL_MSG_LINKINFO_GET, replyValue: ETHTOOL_MSG_LINKINFO_GET_REPLY });
    const reply = new AttributeEncoder()
      .nested(ETHTOOL_A_LINKINFO_HEADER, (h) =>
        h.u32(ETHTOOL_A_HEADER_DEV_INDEX, 3).string(ETHTOOL_A_HEADER_DEV_NAME, 'v0'),
      )
      .u8(ETHTOOL_A_LINKINFO_PORT, 0)
      .finish();
    const json = attrsToJson(decodeAttrs(reply, { spec }, op.attributeSet, undefined));
    expect(json).toEqual({ header: { 'dev-index': 3, 'dev-name': 'v0' }, port: 0 });
  });

  it('guesses a reply-only type only when every value fits it', () => {
    const u32 = (v: number): Uint8Array => new Uint8Array(new Uint32Array([v]).buffer);
    expect(guessType([new Uint8Array(0)])).toBe('flag');
    expect(guessType([new TextEncoder().encode('lo\0')])).toBe('string');
    expect(guessType([u32(2), u32(0)])).toBe('u32');
    expect(guessType([u32(2), new Uint8Array(8)])).toBe('uint');
    // "\0\0\0\0" is the number 0, not an empty string with junk after it.
    expect(guessType([u32(0)])).toBe('u32');
    const entry = (i: number): Uint8Array =>
      new AttributeEncoder().nested(i, (e) => e.u32(1, i).u32(2, 14)).finish();
    const array = new Uint8Array([...entry(1), ...entry(2)]);
    expect(guessType([array])).toBe('indexed-array');
    const nest = new AttributeEncoder().u32(1, 5).string(2, 'abc').finish();
    expect(guessType([nest, new AttributeEncoder().u32(1, 5).finish()])).toBe('nest');
    expect(guessType([new Uint8Array([1, 2, 3])])).toBe('binary');
  });
});
