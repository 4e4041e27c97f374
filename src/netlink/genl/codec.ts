import { AttributeDecoder, AttributeEncoder, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, cString, toHex, view } from '../codec/bytes.js';
import type { AttrPolicy, FamilyPolicy } from './ctrl.js';
import { inet4Ntop, inet6Ntop } from '../inet.js';
import type { Spec, SpecAttr, SpecAttrSet, SpecStructMember } from './spec.js';

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

/**
 * Bytes as text by the spec's display hint, the way the kernel's YNL library
 * prints them (tools/net/ynl/lib/ynl.py, _formatted_string): mac "aa:bb:…",
 * hex "01 02 …", ipv4/ipv6 as addresses, uuid; anything else as plain hex.
 */
export function formatBinary(data: Uint8Array, hint: string | undefined): string {
  if (hint === 'ipv4' && data.length === 4) return inet4Ntop(data);
  if (hint === 'ipv6' && data.length === 16) return inet6Ntop(data);
  if (hint === 'mac') return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(':');
  if (hint === 'hex') return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ');
  if (hint === 'uuid' && data.length === 16) {
    const h = toHex(data);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return toHex(data);
}

/** Byte size of a struct of the spec's definitions (YNL _struct_size), or undefined when it is not known. */
export function structSize(spec: Spec | null, name: string, depth = 0): number | undefined {
  const st = spec?.structs.get(name);
  if (!st || depth > 8) return undefined;
  let size = 0;
  for (const m of st.members) {
    const n =
      m.type === 'pad' || m.type === 'binary'
        ? m.struct
          ? structSize(spec, m.struct, depth + 1)
          : m.len
        : INT_SIZES[m.type];
    if (n === undefined) return undefined;
    size += n;
  }
  return size;
}

/**
 * A C struct of the spec's definitions as named members, in order (YNL
 * _decode_struct): integers by their byte order, enums by name, display
 * hints applied, pad skipped. Null when the bytes are shorter than the struct.
 */
export function decodeStruct(
  data: Uint8Array,
  structName: string,
  spec: Spec | null,
  depth = 0,
): DecodedAttr[] | null {
  const st = spec?.structs.get(structName);
  const size = structSize(spec, structName);
  if (!st || size === undefined || data.length < size || depth > 8) return null;
  const out: DecodedAttr[] = [];
  let off = 0;
  st.members.forEach((m, i) => {
    const len =
      m.type === 'pad' || m.type === 'binary'
        ? m.struct
          ? structSize(spec, m.struct)!
          : m.len!
        : INT_SIZES[m.type]!;
    const bytes = data.subarray(off, off + len);
    off += len;
    if (m.type === 'pad') return;
    const d: DecodedAttr = { id: i, name: m.name, type: m.type };
    if (m.type === 'binary') {
      if (m.struct) d.attrs = decodeStruct(bytes, m.struct, spec, depth + 1) ?? [];
      else d.value = formatBinary(bytes, m.displayHint);
    } else {
      const v = readInt(bytes, m.type, m.byteOrder === 'big-endian')!;
      applyScalar(d, v, bytes, m, spec);
    }
    out.push(d);
  });
  return out;
}

/** An integer by its enum or display hint (YNL: enum first, else the hint). */
function applyScalar(
  out: DecodedAttr,
  v: number | bigint,
  bytes: Uint8Array,
  attr: Pick<SpecAttr, 'enum' | 'enumAsFlags' | 'displayHint'> | SpecStructMember | undefined,
  spec: Spec | null,
): void {
  if (!attr?.enum && attr?.displayHint) {
    if (attr.displayHint === 'hex') {
      out.value = '0x' + v.toString(16);
      return;
    }
    if (attr.displayHint === 'ipv4' && bytes.length === 4) {
      // The bytes as they are on the wire: a be32 address reads in order.
      out.value = inet4Ntop(bytes);
      return;
    }
  }
  applyEnum(out, v, attr as SpecAttr | undefined, spec);
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
        // YNL shows {value, selector}, each by the enum when there is one.
        const dv = view(a.data);
        out.attrs = (['value', 'selector'] as const).map((name, i) => {
          const d: DecodedAttr = { id: i, name, type: 'u32' };
          applyEnum(d, dv.getUint32(i * 4, HOST_LITTLE_ENDIAN), sa, ctx.spec);
          return d;
        });
        return out;
      }
      break;
    case 'binary':
      if (sa?.struct) {
        // A struct of the spec's definitions (YNL `struct:`), e.g. TASKSTATS stats, ovs stats.
        const members = decodeStruct(a.data, sa.struct, ctx.spec);
        if (members) {
          out.attrs = members;
          return out;
        }
      } else if (sa?.subType && INT_SIZES[sa.subType] !== undefined) {
        // A C array of one integer type (YNL as_c_array).
        const size = INT_SIZES[sa.subType]!;
        if (a.data.length % size === 0) {
          out.items = [];
          for (let off = 0, i = 0; off < a.data.length; off += size, i++) {
            const v = readInt(a.data.subarray(off, off + size), sa.subType, bigEndian)!;
            out.items.push({ id: i, name: undefined, type: sa.subType, value: v });
          }
          return out;
        }
      }
      out.value = formatBinary(a.data, sa?.displayHint);
      return out;
    default: {
      const v = readInt(a.data, type, bigEndian);
      if (v === undefined) break;
      applyScalar(out, v, a.data, sa, ctx.spec);
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

/** One attribute to write: a leaf with a value (undefined for a flag) or a nest with members. */
export interface ArgNode {
  key: string;
  value?: string;
  children: ArgNode[];
  /** Written as KEY[N]: the N-th instance of a repeated attribute (distinct N, distinct attributes). */
  index?: number;
  /** The same leaf was given twice in one nest without an index (refused unless it is multi-attr). */
  repeated?: boolean;
  /** Built from a JSON object (bitfield32 {value, selector}, struct members). */
  object?: boolean;
}

const SEGMENT_RE = /^([^[\]]+)(?:\[(\d+)\])?$/;

/**
 * Parse "a=1", "header.dev-name=eth0", "flag", "bits.bit[0].name=x" words into
 * a tree, keeping order. Words that share a path prefix share its nests
 * (header.dev-name=… header.flags=… is one header); KEY[N] names the N-th of
 * repeated attributes, so bit[0].name=a bit[1].name=b are two bit nests. A
 * leaf given twice in one nest is marked `repeated`: the encoder refuses it
 * unless the spec makes it multi-attr, instead of sending both in one nest
 * (where the kernel would keep only the last).
 */
export function parseAttrArgs(words: string[]): ArgNode[] {
  const root: ArgNode = { key: '', children: [] };
  for (const w of words) {
    const eq = w.indexOf('=');
    const segs = (eq < 0 ? w : w.slice(0, eq)).split('.');
    const parsed = segs.map((p) => SEGMENT_RE.exec(p));
    if (parsed.some((m) => !m))
      throw new AttrArgError(`bad attribute "${w}": expected NAME=VALUE, A.B=VALUE or A[N].B=VALUE`);
    let node = root;
    parsed.forEach((m, i) => {
      const key = m![1]!;
      const index = m![2] !== undefined ? Number(m![2]) : undefined;
      const last = i === parsed.length - 1;
      const same = node.children.filter((c) => c.key === key);
      if (same.some((c) => (c.index === undefined) !== (index === undefined))) {
        throw new AttrArgError(
          `"${w}": ${key} is given both with and without an index; index every ${key} (${key}[0], ${key}[1], ...)`,
        );
      }
      let child = last
        ? undefined
        : same.find((c) => c.index === index && c.value === undefined && c.children.length);
      if (!child) {
        const dup = last && same.some((c) => c.index === index);
        child = {
          key,
          children: [],
          ...(index !== undefined ? { index } : {}),
          ...(dup ? { repeated: true } : {}),
        };
        node.children.push(child);
      }
      if (last && eq >= 0) child.value = w.slice(eq + 1);
      node = child;
    });
  }
  return root.children;
}

export type JsonInput = null | boolean | number | string | JsonInput[] | { [key: string]: JsonInput };

/**
 * A request body written as JSON, the way the kernel's YNL CLI takes it
 * (tools/net/ynl/cli.py --json): objects are nests, arrays are repeated
 * (multi-attr) attributes or indexed-array entries, true is a flag,
 * numbers and strings are values; {"value", "selector"} for bitfield32 and
 * an object of members for a struct.
 */
export function jsonToArgNodes(body: JsonInput, where = ''): ArgNode[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AttrArgError(`--json: ${where || 'the request'} must be an object of attributes`);
  const out: ArgNode[] = [];
  const one = (key: string, v: JsonInput, index?: number): ArgNode | null => {
    const at = where + key + (index !== undefined ? `[${index}]` : '');
    const base = { key, ...(index !== undefined ? { index } : {}) };
    if (v === false) return null;
    if (v === true || v === null) return { ...base, children: [] };
    if (typeof v === 'number' || typeof v === 'string') return { ...base, value: String(v), children: [] };
    if (Array.isArray(v)) throw new AttrArgError(`--json: ${at}: a list inside a list`);
    return { ...base, children: jsonToArgNodes(v, at + '.'), object: true };
  };
  for (const [key, v] of Object.entries(body)) {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        const n = one(key, x, i);
        if (n) out.push(n);
      });
    } else {
      const n = one(key, v);
      if (n) out.push(n);
    }
  }
  return out;
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
  words: string[] | ArgNode[],
  ctx: CodecContext,
  setName: string | undefined,
  policyIdx: number | undefined,
): Uint8Array {
  const nodes =
    words.length && typeof words[0] === 'string' ? parseAttrArgs(words as string[]) : (words as ArgNode[]);
  const enc = new AttributeEncoder();
  encodeNodes(enc, nodes, ctx, setName, policyIdx, '');
  return enc.finish();
}

/**
 * Take the members of a fixed header struct (genetlink-legacy `fixed-header`,
 * e.g. ovs_header's dp-ifindex) out of the top-level nodes and write the
 * struct; members not given are zero, as YNL writes them.
 */
export function encodeFixedHeader(
  nodes: ArgNode[],
  structName: string,
  spec: Spec | null,
): { header: Uint8Array; rest: ArgNode[] } {
  const st = spec?.structs.get(structName);
  const size = structSize(spec, structName);
  if (!st || size === undefined)
    throw new AttrArgError(`the spec's fixed header "${structName}" is not a struct it defines`);
  const names = new Set(st.members.map((m) => m.name));
  const given = nodes.filter((n) => names.has(n.key));
  return { header: encodeStruct(given, structName, spec, ''), rest: nodes.filter((n) => !names.has(n.key)) };
}

function encodeStruct(nodes: ArgNode[], structName: string, spec: Spec | null, prefix: string): Uint8Array {
  const st = spec!.structs.get(structName)!;
  const out = new Uint8Array(structSize(spec, structName)!);
  const known = new Set(st.members.map((m) => m.name));
  for (const n of nodes)
    if (!known.has(n.key))
      throw new AttrArgError(
        `unknown member "${prefix}${n.key}" of struct ${structName} (members: ${[...known].join(' ')})`,
      );
  let off = 0;
  for (const m of st.members) {
    const len =
      m.type === 'pad' || m.type === 'binary'
        ? m.struct
          ? structSize(spec, m.struct)!
          : m.len!
        : INT_SIZES[m.type]!;
    const n = nodes.find((x) => x.key === m.name);
    const what = prefix + m.name;
    if (n && m.type !== 'pad') {
      let b: Uint8Array;
      if (m.struct) b = encodeStruct(n.children, m.struct, spec, what + '.');
      else if (m.type === 'binary') b = binaryArg(n.value ?? '', m.displayHint, what);
      else
        b = intBytes(
          m.type,
          enumArg(n.value ?? '', m as SpecAttr, spec, what),
          m.byteOrder === 'big-endian',
          what,
        );
      if (b.length !== len)
        throw new AttrArgError(`${what}: ${b.length} bytes, the struct member has ${len}`);
      out.set(b, off);
    }
    off += len;
  }
  return out;
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
    if (n.repeated && !sa?.multiAttr) {
      throw new AttrArgError(
        `${what} is given twice in one nest; the kernel would keep only the last. ` +
          `To send several, index the nest that repeats (e.g. bits.bit[0].name=A bits.bit[1].name=B), or use --json`,
      );
    }
    if (type === 'bitfield32' && n.children.length) {
      const part = (k: string): bigint => {
        const c = n.children.find((x) => x.key === k);
        if (c?.value === undefined)
          throw new AttrArgError(`${what} is a bitfield32: give ${what}.value and ${what}.selector`);
        return enumArg(c.value, sa, ctx.spec, `${what}.${k}`);
      };
      const b = new Uint8Array(8);
      view(b).setUint32(0, Number(BigInt.asUintN(32, part('value'))), HOST_LITTLE_ENDIAN);
      view(b).setUint32(4, Number(BigInt.asUintN(32, part('selector'))), HOST_LITTLE_ENDIAN);
      enc.bytes(id, b);
      continue;
    }
    if (type === 'binary' && sa?.struct && n.children.length) {
      enc.bytes(id, encodeStruct(n.children, sa.struct, ctx.spec, what + '.'));
      continue;
    }
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
