/**
 * `--attr TYPE[.TYPE…]:KIND[=VALUE]` → attribute bytes. A dotted type path
 * puts the attribute inside nests (NLA_F_NESTED set on each nest): attributes
 * that share a path prefix go into the same nest, in order of first mention.
 */
import { CliError } from '../../iproute/errors.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, fromHex } from '../../netlink/codec/bytes.js';
import { NLA_TYPE_MASK } from '../../netlink/codec/attributes.js';
import { NL_ATTR_TYPE_NAMES } from '../../netlink/genl/constants.js';
import { NLA_F_NESTED } from '../../netlink/gen/netlink.js';
import { NL_ATTR_TYPE_S64, NL_ATTR_TYPE_U8 } from '../../netlink/gen/netlink_policy.js';

/**
 * The fixed-width integer kinds, by the names the kernel's policy dump gives
 * its types (enum netlink_attribute_type, NL_ATTR_TYPE_U8 … NL_ATTR_TYPE_S64:
 * u8 u16 u32 u64 s8 s16 s32 s64), then the big-endian ones.
 */
const INT_KINDS: readonly string[] = [
  ...NL_ATTR_TYPE_NAMES.slice(NL_ATTR_TYPE_U8, NL_ATTR_TYPE_S64 + 1),
  'be16',
  'be32',
];

/** Every --attr KIND, in the order the usage error lists them. */
export const ATTR_KINDS: readonly string[] = [...INT_KINDS, 'string', 'strn', 'hex', 'flag', 'nested'];
export type AttrKind = string;

interface Node {
  type: number;
  value?: Uint8Array;
  /** Raw nested value (kind nested=HEX): the value bytes, type gets NLA_F_NESTED. */
  nestedRaw?: boolean;
  children?: Node[];
}

/** An integer kind's [min, max, bytes]: the width is in its name, "s" is signed. */
function intRange(kind: string): [bigint, bigint, number] {
  const bits = Number(/\d+$/.exec(kind)![0]);
  if (kind.startsWith('s')) return [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n, bits / 8];
  return [0n, (1n << BigInt(bits)) - 1n, bits / 8];
}

function parseBigInt(text: string, spec: string): bigint {
  const t = text.trim();
  if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(t))
    throw new CliError(`nlts raw: --attr ${spec}: "${text}" is not an integer`);
  const neg = t.startsWith('-');
  const v = BigInt(neg ? t.slice(1) : t);
  return neg ? -v : v;
}

function encodeInt(kind: string, text: string, spec: string): Uint8Array {
  const [min, max, size] = intRange(kind);
  const v = parseBigInt(text, spec);
  if (v < min || v > max) throw new CliError(`nlts raw: --attr ${spec}: ${text} does not fit in ${kind}`);
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  const le = kind.startsWith('be') ? false : HOST_LITTLE_ENDIAN;
  if (size === 1) dv.setUint8(0, Number(v & 0xffn));
  else if (size === 2) dv.setUint16(0, Number(v & 0xffffn), le);
  else if (size === 4) dv.setUint32(0, Number(v & 0xffffffffn), le);
  else dv.setBigUint64(0, BigInt.asUintN(64, v), le);
  return b;
}

function encodeValue(kind: AttrKind, value: string | undefined, spec: string): Uint8Array {
  if (kind === 'flag') {
    if (value !== undefined) throw new CliError(`nlts raw: --attr ${spec}: a flag attribute takes no value`);
    return new Uint8Array(0);
  }
  if (value === undefined) throw new CliError(`nlts raw: --attr ${spec}: missing "=VALUE"`);
  if (INT_KINDS.includes(kind)) return encodeInt(kind, value, spec);
  const text = new TextEncoder().encode(value);
  if (kind === 'string') {
    const b = new Uint8Array(text.length + 1);
    b.set(text);
    return b;
  }
  if (kind === 'strn') return text;
  // hex and nested=HEX
  try {
    return fromHex(value);
  } catch {
    throw new CliError(`nlts raw: --attr ${spec}: "${value}" is not hex bytes`);
  }
}

/**
 * Deepest --attr type path (nests plus the attribute). Real families nest a
 * few levels (the kernel's own policy validation gives up on nested policies
 * after a small fixed depth, lib/nlattr.c), so 32 leaves room for testing
 * odd input while keeping a typo'd or generated path from recursing without
 * bound.
 */
export const MAX_ATTR_DEPTH = 32;

/** Parse one --attr spec into a type path, kind and encoded value. */
export function parseAttrSpec(spec: string): { path: number[]; kind: AttrKind; value: Uint8Array } {
  const m = /^([^:=]+):([a-z0-9]+)(?:=(.*))?$/is.exec(spec);
  if (!m)
    throw new CliError(`nlts raw: --attr "${spec}" is not TYPE:KIND=VALUE (e.g. 3:string=eth0, 26.1:u32=5)`);
  const parts = m[1]!.split('.');
  if (parts.length > MAX_ATTR_DEPTH) {
    throw new CliError(
      `nlts raw: --attr: type path of ${parts.length} levels is deeper than ${MAX_ATTR_DEPTH}`,
    );
  }
  const path = parts.map((t) => {
    const s = t.trim();
    if (!/^(0x[0-9a-f]+|\d+)$/i.test(s) || Number(s) > NLA_TYPE_MASK) {
      throw new CliError(
        `nlts raw: --attr ${spec}: attribute type "${t}" is not a number 0-${NLA_TYPE_MASK}`,
      );
    }
    return Number(s);
  });
  const kind = m[2]!.toLowerCase();
  if (!ATTR_KINDS.includes(kind)) {
    throw new CliError(`nlts raw: --attr ${spec}: unknown kind "${m[2]}" (one of ${ATTR_KINDS.join(', ')})`);
  }
  return { path, kind, value: encodeValue(kind, m[3], spec) };
}

/** Build the attribute run for all --attr options, in order. */
export function buildAttributes(specs: string[]): Uint8Array {
  const root: Node = { type: -1, children: [] };
  for (const spec of specs) {
    const { path, kind, value } = parseAttrSpec(spec);
    let parent = root;
    for (const t of path.slice(0, -1)) {
      let nest = parent.children!.find((c) => c.type === t && c.children !== undefined);
      if (!nest) {
        if (parent.children!.some((c) => c.type === t)) {
          throw new CliError(`nlts raw: --attr ${spec}: attribute ${t} is already a value, not a nest`);
        }
        nest = { type: t, children: [] };
        parent.children!.push(nest);
      }
      parent = nest;
    }
    parent.children!.push({ type: path[path.length - 1]!, value, nestedRaw: kind === 'nested' });
  }
  const enc = new AttributeEncoder();
  const emit = (e: AttributeEncoder, n: Node): void => {
    if (n.children) e.nested(n.type, (inner) => n.children!.forEach((c) => emit(inner, c)));
    else e.raw(n.nestedRaw ? n.type | NLA_F_NESTED : n.type, n.value!);
  };
  root.children!.forEach((c) => emit(enc, c));
  return enc.finish();
}
