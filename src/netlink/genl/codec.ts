import { AttributeDecoder, AttributeEncoder, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, cString, toHex, view } from '../codec/bytes.js';
import type { AttrPolicy, FamilyPolicy } from './ctrl.js';
import type { Spec, SpecAttr, SpecAttrSet } from './spec.js';

/**
 * One generic codec for every family: attribute names and enum names come
 * from the spec (when there is one), types from the spec or else from the
 * kernel's own policy (CTRL_CMD_GETPOLICY), and anything neither knows is
 * kept as its number and raw bytes.
 */

export type DecodedValue = number | bigint | string | boolean | string[] | null;

export interface DecodedAttr {
  id: number;
  /** The spec's name, or undefined when the attribute is not in the spec. */
  name: string | undefined;
  /** The type it was decoded as (YNL spelling). */
  type: string;
  value?: DecodedValue;
  /** The number behind an enum name. */
  raw?: number | bigint;
  /** nest / nest-type-value levels. */
  attrs?: DecodedAttr[];
  /** indexed-array entries (id = the entry's type number, usually its index). */
  items?: DecodedAttr[];
  /** The spec marks it multi-attr: JSON shows it as a list even when it occurs once, as YNL does. */
  multi?: boolean;
}

export interface CodecContext {
  spec: Spec | null;
  policy?: FamilyPolicy;
}

/** A nested policy-type name (NL_ATTR_TYPE_*) as the YNL type of the same meaning. */
export function policyTypeToYnl(p: AttrPolicy | undefined): string | undefined {
  if (!p) return undefined;
  switch (p.typeName) {
    case 'nested':
      return 'nest';
    case 'nested-array':
      return 'indexed-array';
    case 'nul-string':
      return 'string';
    case 'invalid':
      return undefined;
    default:
      return p.typeName;
  }
}

const INT_SIZES: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8 };

function readInt(data: Uint8Array, type: string, bigEndian: boolean): number | bigint | undefined {
  const dv = view(data);
  const le = bigEndian ? false : HOST_LITTLE_ENDIAN;
  const signed = type.startsWith('s');
  let size = INT_SIZES[type];
  if (type === 'uint' || type === 'sint') size = data.length === 8 ? 8 : data.length === 4 ? 4 : undefined;
  if (size === undefined || data.length !== size) return undefined;
  switch (size) {
    case 1:
      return signed ? dv.getInt8(0) : dv.getUint8(0);
    case 2:
      return signed ? dv.getInt16(0, le) : dv.getUint16(0, le);
    case 4:
      return signed ? dv.getInt32(0, le) : dv.getUint32(0, le);
    default:
      return signed ? dv.getBigInt64(0, le) : dv.getBigUint64(0, le);
  }
}

function formatBinary(data: Uint8Array, hint: string | undefined): string {
  if (hint === 'ipv4' && data.length === 4) return Array.from(data).join('.');
  if (hint === 'mac') return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(':');
  if (hint === 'ipv6' && data.length === 16) {
    const words: string[] = [];
    for (let i = 0; i < 16; i += 2) words.push(((data[i]! << 8) | data[i + 1]!).toString(16));
    return words
      .join(':')
      .replace(/(^|:)0(:0)+(:|$)/, '::')
      .replace(/:::+/, '::');
  }
  return toHex(data);
}

/** Map an integer to its enum name(s) when the spec has the enum. */
function applyEnum(
  out: DecodedAttr,
  v: number | bigint,
  attr: SpecAttr | undefined,
  spec: Spec | null,
): void {
  const e = attr?.enum ? spec?.definitions.get(attr.enum) : undefined;
  if (!e) {
    out.value = v;
    return;
  }
  out.raw = v;
  if (e.kind === 'flags' || attr?.enumAsFlags) {
    const names: string[] = [];
    let rest = BigInt(v);
    for (const [bit, name] of [...e.byValue].sort((a, b) => a[0] - b[0])) {
      const b = BigInt(bit);
      if (bit > 0 && (BigInt(v) & b) === b) {
        names.push(name);
        rest &= ~b;
      }
    }
    if (rest) names.push(`0x${rest.toString(16)}`);
    out.value = names;
  } else {
    out.value = e.byValue.get(Number(v)) ?? v;
  }
}

/**
 * Decode a run of attributes with attribute set `setName` of the spec and
 * policy `policyIdx` of the kernel's policy dump (either may be unknown).
 */
export function decodeAttrs(
  buf: Uint8Array,
  ctx: CodecContext,
  setName: string | undefined,
  policyIdx: number | undefined,
): DecodedAttr[] {
  const set = setName ? ctx.spec?.attributeSets.get(setName) : undefined;
  const table = policyIdx !== undefined ? ctx.policy?.policies.get(policyIdx) : undefined;
  const out: DecodedAttr[] = [];
  for (const a of AttributeDecoder.all(buf)) {
    const d = decodeOne(a, ctx, set, table?.get(a.type));
    if (d) out.push(d);
  }
  return out;
}

function decodeOne(
  a: Attribute,
  ctx: CodecContext,
  set: SpecAttrSet | undefined,
  pol: AttrPolicy | undefined,
): DecodedAttr | null {
  const sa = set?.byValue.get(a.type);
  let type = sa?.type ?? policyTypeToYnl(pol) ?? (a.nested ? 'nest' : 'binary');
  if (type === 'pad') return null;
  const out: DecodedAttr = { id: a.type, name: sa?.name, type };
  if (sa?.multiAttr) out.multi = true;
  const bigEndian = sa?.byteOrder === 'big-endian' || a.netByteOrder;
  switch (type) {
    case 'flag':
      out.value = true;
      return out;
    case 'string':
      out.value = cString(a.data);
      return out;
    case 'nest':
      out.attrs = tryNested(a, ctx, sa?.nestedAttributes, pol?.policy) ?? undefined;
      if (!out.attrs) break;
      return out;
    case 'indexed-array': {
      const sub = sa?.subType ?? (pol ? 'nest' : 'binary');
      let inner: Attribute[];
      try {
        inner = AttributeDecoder.all(a.data);
      } catch {
        break;
      }
      out.items = inner.map((e) => {
        if (sub === 'nest') {
          return {
            id: e.type,
            name: undefined,
            type: 'nest',
            attrs: tryNested(e, ctx, sa?.nestedAttributes, pol?.policy) ?? [],
          };
        }
        const item = decodeOne(e, ctx, undefined, undefined) ?? {
          id: e.type,
          name: undefined,
          type: 'binary',
        };
        const v = readInt(e.data, sub, bigEndian);
        if (v !== undefined) return { id: e.type, name: undefined, type: sub, value: v };
        return item;
      });
      return out;
    }
    case 'nest-type-value': {
      const levels = sa?.typeValue?.length ?? 1;
      const walk = (data: Uint8Array, depth: number): DecodedAttr[] | null => {
        try {
          return AttributeDecoder.all(data).map((e) =>
            depth + 1 < levels
              ? { id: e.type, name: undefined, type: 'nest', attrs: walk(e.data, depth + 1) ?? [] }
              : {
                  id: e.type,
                  name: undefined,
                  type: 'nest',
                  attrs: tryNested(e, ctx, sa?.nestedAttributes, undefined) ?? [],
                },
          );
        } catch {
          return null;
        }
      };
      out.attrs = walk(a.data, 0) ?? undefined;
      if (!out.attrs) break;
      return out;
    }
    case 'bitfield32':
      if (a.data.length === 8) {
        const dv = view(a.data);
        out.value = `0x${dv.getUint32(0, HOST_LITTLE_ENDIAN).toString(16)}/0x${dv.getUint32(4, HOST_LITTLE_ENDIAN).toString(16)}`;
        return out;
      }
      break;
    case 'binary':
      out.value = formatBinary(a.data, sa?.displayHint);
      return out;
    default: {
      const v = readInt(a.data, type, bigEndian);
      if (v === undefined) break;
      if (sa?.displayHint === 'ipv4' && typeof v === 'number' && a.data.length === 4) {
        out.value = formatBinary(a.data, 'ipv4');
        return out;
      }
      applyEnum(out, v, sa, ctx.spec);
      return out;
    }
  }
  // The bytes do not fit the expected type: keep them, raw.
  type = 'binary';
  return {
    id: a.type,
    name: sa?.name,
    type,
    value: toHex(a.data),
    ...(sa?.multiAttr ? { multi: true } : {}),
  };
}

function tryNested(
  a: Attribute,
  ctx: CodecContext,
  setName: string | undefined,
  policyIdx: number | undefined,
): DecodedAttr[] | null {
  try {
    return decodeAttrs(a.data, ctx, setName, policyIdx);
  } catch {
    return null;
  }
}

// ---- encoding ATTR=VALUE words ----

export class AttrArgError extends Error {
  override readonly name = 'AttrArgError';
}

interface ArgNode {
  key: string;
  value?: string;
  children: ArgNode[];
}

/** Parse "a=1", "header.dev-name=eth0", "flag" words into a tree, keeping order. */
export function parseAttrArgs(words: string[]): ArgNode[] {
  const root: ArgNode = { key: '', children: [] };
  for (const w of words) {
    const eq = w.indexOf('=');
    const path = (eq < 0 ? w : w.slice(0, eq)).split('.');
    if (path.some((p) => p === ''))
      throw new AttrArgError(`bad attribute "${w}": expected NAME=VALUE or A.B=VALUE`);
    let node = root;
    path.forEach((key, i) => {
      const last = i === path.length - 1;
      let child = last ? undefined : node.children.find((c) => c.key === key && c.value === undefined);
      if (!child) {
        child = { key, children: [] };
        node.children.push(child);
      }
      if (last && eq >= 0) child.value = w.slice(eq + 1);
      node = child;
    });
  }
  return root.children;
}

function parseIntArg(s: string, what: string): bigint {
  if (!/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(s)) throw new AttrArgError(`${what}: "${s}" is not a number`);
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  const v = BigInt(body);
  return neg ? -v : v;
}

function intBytes(type: string, v: bigint, bigEndian: boolean, what: string): Uint8Array {
  let t = type;
  if (t === 'uint') t = v >= 0n && v <= 0xffffffffn ? 'u32' : 'u64';
  if (t === 'sint') t = v >= -0x80000000n && v <= 0x7fffffffn ? 's32' : 's64';
  const size = INT_SIZES[t]!;
  const bits = BigInt(size * 8);
  const signed = t.startsWith('s');
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (v < min || v > max) throw new AttrArgError(`${what}: ${v} does not fit ${type}`);
  const b = new Uint8Array(size);
  const dv = view(b);
  const le = bigEndian ? false : HOST_LITTLE_ENDIAN;
  if (size === 1) dv.setUint8(0, Number(BigInt.asUintN(8, v)));
  else if (size === 2) dv.setUint16(0, Number(BigInt.asUintN(16, v)), le);
  else if (size === 4) dv.setUint32(0, Number(BigInt.asUintN(32, v)), le);
  else dv.setBigUint64(0, BigInt.asUintN(64, v), le);
  return b;
}

function binaryArg(s: string, hint: string | undefined, what: string): Uint8Array {
  if ((hint === 'ipv4' || /^\d+\.\d+\.\d+\.\d+$/.test(s)) && /^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    return new Uint8Array(s.split('.').map(Number));
  }
  const clean = s.replace(/^0x/i, '').replace(/[:\s]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean))
    throw new AttrArgError(`${what}: "${s}" is not hex bytes`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/**
 * Encode ATTR=VALUE words for attribute set `setName` / policy `policyIdx`.
 * Names come from the spec, numbers are accepted for anything; types from
 * the spec, else the kernel policy. A nest is written as A.B=VALUE.
 */
export function encodeAttrArgs(
  words: string[],
  ctx: CodecContext,
  setName: string | undefined,
  policyIdx: number | undefined,
): Uint8Array {
  const enc = new AttributeEncoder();
  encodeNodes(enc, parseAttrArgs(words), ctx, setName, policyIdx, '');
  return enc.finish();
}

function encodeNodes(
  enc: AttributeEncoder,
  nodes: ArgNode[],
  ctx: CodecContext,
  setName: string | undefined,
  policyIdx: number | undefined,
  prefix: string,
): void {
  const set = setName ? ctx.spec?.attributeSets.get(setName) : undefined;
  const table = policyIdx !== undefined ? ctx.policy?.policies.get(policyIdx) : undefined;
  for (const n of nodes) {
    const what = prefix + n.key;
    const sa = /^\d+$/.test(n.key) ? set?.byValue.get(Number(n.key)) : set?.byName.get(n.key);
    const id = sa?.value ?? (/^\d+$/.test(n.key) ? Number(n.key) : undefined);
    if (id === undefined) {
      const known = set ? [...set.byName.keys()].join(' ') : '';
      throw new AttrArgError(
        `unknown attribute "${what}"` +
          (known ? ` (known: ${known})` : ' (no spec: use the attribute number)'),
      );
    }
    const pol = table?.get(id);
    const type = sa?.type ?? policyTypeToYnl(pol) ?? (n.children.length ? 'nest' : 'binary');
    if (n.children.length || type === 'nest') {
      if (n.value !== undefined)
        throw new AttrArgError(`${what} is a nest: give its members as ${what}.NAME=VALUE`);
      enc.nested(id, (inner) =>
        encodeNodes(inner, n.children, ctx, sa?.nestedAttributes, pol?.policy, what + '.'),
      );
      continue;
    }
    const v = n.value;
    if (type === 'flag') {
      if (v === undefined || /^(1|true|yes|on)$/.test(v)) enc.flag(id);
      else if (!/^(0|false|no|off)$/.test(v))
        throw new AttrArgError(`${what} is a flag: give it alone or as ${what}=1`);
      continue;
    }
    if (v === undefined) throw new AttrArgError(`${what} needs a value (${what}=VALUE)`);
    const bigEndian = sa?.byteOrder === 'big-endian';
    if (type === 'string') enc.string(id, v);
    else if (INT_SIZES[type] !== undefined || type === 'uint' || type === 'sint') {
      if (/^\d+\.\d+\.\d+\.\d+$/.test(v) && (type === 'u32' || sa?.displayHint === 'ipv4')) {
        // A dotted quad is the address in network order, whatever the host order.
        const b = v.split('.').map(Number);
        if (b.some((x) => x > 255)) throw new AttrArgError(`${what}: "${v}" is not an IPv4 address`);
        enc.bytes(id, new Uint8Array(b));
        continue;
      }
      enc.bytes(id, intBytes(type, enumArg(v, sa, ctx.spec, what), bigEndian, what));
    } else if (type === 'binary') enc.bytes(id, binaryArg(v, sa?.displayHint, what));
    else if (type === 'bitfield32') {
      const [val, sel] = v.split('/');
      const b = new Uint8Array(8);
      view(b).setUint32(0, Number(parseIntArg(val ?? '', what)), HOST_LITTLE_ENDIAN);
      view(b).setUint32(4, Number(parseIntArg(sel ?? val ?? '', what)), HOST_LITTLE_ENDIAN);
      enc.bytes(id, b);
    } else throw new AttrArgError(`${what}: cannot write a ${type} from the command line`);
  }
}

/** A number, or enum entry name(s) ("a|b" for flags). */
function enumArg(v: string, sa: SpecAttr | undefined, spec: Spec | null, what: string): bigint {
  const e = sa?.enum ? spec?.definitions.get(sa.enum) : undefined;
  if (e && !/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(v)) {
    let total = 0n;
    for (const part of v.split(/[|,]/)) {
      const n = e.byName.get(part);
      if (n === undefined)
        throw new AttrArgError(`${what}: "${part}" is not one of ${[...e.byName.keys()].join(' ')}`);
      total |= BigInt(n);
    }
    return total;
  }
  return parseIntArg(v, what);
}

/** Spec names for a path of attribute types (as an extack points at it), numbers where unknown. */
export function attrPathNames(path: number[], spec: Spec | null, setName: string | undefined): string[] {
  const out: string[] = [];
  let set = setName ? spec?.attributeSets.get(setName) : undefined;
  for (const t of path) {
    const a = set?.byValue.get(t);
    out.push(a?.name ?? String(t));
    set = a?.nestedAttributes ? spec?.attributeSets.get(a.nestedAttributes) : undefined;
  }
  return out;
}
