import { HOST_LITTLE_ENDIAN, align4, cString, view } from './bytes.js';
import { CodecError } from './errors.js';
import { encodeTextLossless } from './text.js';
import { NLA_TYPE_MASK } from '../constants.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN } from '../gen/netlink.js';

/** One struct nlattr (<linux/netlink.h>): type without flag bits, the flag bits, and the value bytes. */
export interface Attribute {
  type: number;
  nested: boolean;
  netByteOrder: boolean;
  /** The value bytes (nla_len - 4 of them), a view into the decoded buffer. */
  data: Uint8Array;
}

/**
 * An attribute that points into the decoded buffer. The value view
 * (`data`) is only made when asked for: a link dump holds hundreds of
 * thousands of attributes, and most are looked up by type and read as a
 * number, which the getters below do straight from the buffer. `data` is a
 * getter: pass the view itself around, do not copy it with object spread.
 */
export class AttributeView implements Attribute {
  readonly type: number;
  readonly nested: boolean;
  readonly netByteOrder: boolean;
  private view: Uint8Array | undefined;
  constructor(
    readonly buf: Uint8Array,
    /** Offset of the value (after the 4-byte header) in buf. */
    readonly start: number,
    /** End of the value (start + nla_len - 4). */
    readonly end: number,
    rawType: number,
  ) {
    this.type = rawType & NLA_TYPE_MASK;
    this.nested = (rawType & NLA_F_NESTED) !== 0;
    this.netByteOrder = (rawType & NLA_F_NET_BYTEORDER) !== 0;
  }
  get data(): Uint8Array {
    return (this.view ??= this.buf.subarray(this.start, this.end));
  }
  toJSON(): object {
    return { type: this.type, nested: this.nested, netByteOrder: this.netByteOrder, data: this.data };
  }
}

/**
 * Walk a run of attributes without allocating per step; `visit` gets the
 * raw type and the value's bounds. A bad length is a CodecError.
 */
function scanAttributes(buf: Uint8Array, visit: (rawType: number, start: number, end: number) => void): void {
  let off = 0;
  const n = buf.length;
  while (off < n) {
    const left = n - off;
    if (left < NLA_HDRLEN) throw new CodecError(`truncated attribute header: ${left} bytes left`, off);
    const len = HOST_LITTLE_ENDIAN ? buf[off]! | (buf[off + 1]! << 8) : (buf[off]! << 8) | buf[off + 1]!;
    if (len < NLA_HDRLEN || len > left)
      throw new CodecError(`bad nla_len ${len} with ${left} bytes left`, off);
    const raw = HOST_LITTLE_ENDIAN
      ? buf[off + 2]! | (buf[off + 3]! << 8)
      : (buf[off + 2]! << 8) | buf[off + 3]!;
    visit(raw, off + NLA_HDRLEN, off + len);
    off += (len + 3) & ~3;
  }
}

/**
 * attributeTable's answer without a Map: the offset of the first attribute
 * of each type is kept in one typed array, and an AttributeView is made only
 * for the types that are looked up. For messages decoded by the thousand
 * (link dumps), this is most of the decoding cost saved.
 */
export class AttributeIndex implements ReadonlyMap<number, Attribute> {
  /**
   * Header offset + 1 of the first attribute of each type (0 or a hole =
   * absent). A plain array filled in one pass: cheaper to make than a typed
   * array, which costs a buffer and two objects per message.
   */
  private readonly first: number[] = [];
  private views: (AttributeView | undefined)[] | undefined;
  readonly size: number;

  constructor(private readonly buf: Uint8Array) {
    const first = this.first;
    let count = 0;
    let off = 0;
    const n = buf.length;
    while (off < n) {
      const left = n - off;
      if (left < NLA_HDRLEN) throw new CodecError(`truncated attribute header: ${left} bytes left`, off);
      const len = HOST_LITTLE_ENDIAN ? buf[off]! | (buf[off + 1]! << 8) : (buf[off]! << 8) | buf[off + 1]!;
      if (len < NLA_HDRLEN || len > left)
        throw new CodecError(`bad nla_len ${len} with ${left} bytes left`, off);
      const t =
        (HOST_LITTLE_ENDIAN ? buf[off + 2]! | (buf[off + 3]! << 8) : (buf[off + 2]! << 8) | buf[off + 3]!) &
        NLA_TYPE_MASK;
      // Fill holes below t with 0 so the array stays packed (fast element access).
      while (first.length < t) first.push(0);
      if (first.length === t) {
        first.push(off + 1);
        count++;
      } else if (first[t] === 0) {
        first[t] = off + 1;
        count++;
      }
      off += (len + 3) & ~3;
    }
    this.size = count;
  }

  get(type: number): Attribute | undefined {
    const at = this.first[type];
    if (at === undefined || at === 0) return undefined;
    const views = (this.views ??= []);
    let v = views[type];
    if (!v) {
      const off = at - 1;
      const b = this.buf;
      const len = HOST_LITTLE_ENDIAN ? b[off]! | (b[off + 1]! << 8) : (b[off]! << 8) | b[off + 1]!;
      const raw = HOST_LITTLE_ENDIAN ? b[off + 2]! | (b[off + 3]! << 8) : (b[off + 2]! << 8) | b[off + 3]!;
      v = new AttributeView(b, off + NLA_HDRLEN, off + len, raw);
      views[type] = v;
    }
    return v;
  }
  has(type: number): boolean {
    const at = this.first[type];
    return at !== undefined && at !== 0;
  }
  *keys(): MapIterator<number> {
    for (let t = 0; t < this.first.length; t++) if (this.first[t] !== 0) yield t;
  }
  *values(): MapIterator<Attribute> {
    for (const t of this.keys()) yield this.get(t)!;
  }
  *entries(): MapIterator<[number, Attribute]> {
    for (const t of this.keys()) yield [t, this.get(t)!];
  }
  [Symbol.iterator](): MapIterator<[number, Attribute]> {
    return this.entries();
  }
  forEach(fn: (value: Attribute, key: number, map: ReadonlyMap<number, Attribute>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/** Decode every attribute in `buf`; a bad length is a CodecError. Order and duplicates are kept. */
export function parseAttributes(buf: Uint8Array): Attribute[] {
  const out: Attribute[] = [];
  scanAttributes(buf, (raw, start, end) => out.push(new AttributeView(buf, start, end, raw)));
  return out;
}

/**
 * iproute2's parse_rtattr: index attributes by type, the first one of a type
 * wins. Unknown types are indexed like any other, so nothing is lost; the
 * full ordered list (duplicates included) is what parseAttributes returns.
 */
export function attributeTable(buf: Uint8Array): Map<number, Attribute> {
  const tb = new Map<number, Attribute>();
  scanAttributes(buf, (raw, start, end) => {
    const type = raw & NLA_TYPE_MASK;
    if (!tb.has(type)) tb.set(type, new AttributeView(buf, start, end, raw));
  });
  return tb;
}

/**
 * A cursor over a run of attributes with typed getters and a sticky error, in
 * the manner of mdlayher/netlink's AttributeDecoder: after the first problem
 * next() returns false and getters return zero values, and err() tells what
 * went wrong. Callers check once at the end instead of after every getter.
 */
export class AttributeDecoder {
  private readonly dv: DataView;
  private off = 0;
  private cur: Attribute | null = null;
  private curOffset = 0;
  private error: CodecError | null = null;

  constructor(private readonly buf: Uint8Array) {
    this.dv = view(buf);
  }

  /** Advance to the next attribute; false at the end or after an error. */
  next(): boolean {
    if (this.error) return false;
    if (this.off >= this.buf.length) return false;
    const left = this.buf.length - this.off;
    if (left < NLA_HDRLEN) {
      // The kernel pads with zeros; fewer than four trailing bytes cannot hold an attribute.
      this.fail(`truncated attribute header: ${left} bytes left`);
      return false;
    }
    const len = this.dv.getUint16(this.off, HOST_LITTLE_ENDIAN);
    const rawType = this.dv.getUint16(this.off + 2, HOST_LITTLE_ENDIAN);
    if (len < NLA_HDRLEN || len > left) {
      this.fail(`bad nla_len ${len} with ${left} bytes left`);
      return false;
    }
    this.curOffset = this.off;
    this.cur = {
      type: rawType & NLA_TYPE_MASK,
      nested: (rawType & NLA_F_NESTED) !== 0,
      netByteOrder: (rawType & NLA_F_NET_BYTEORDER) !== 0,
      data: this.buf.subarray(this.off + NLA_HDRLEN, this.off + len),
    };
    this.off += align4(len);
    return true;
  }

  /** Record the first error only; later ones would be consequences of it. */
  private fail(message: string, offset = this.off): void {
    if (!this.error) this.error = new CodecError(message, offset);
  }

  err(): CodecError | null {
    return this.error;
  }

  throwIfError(): void {
    if (this.error) throw this.error;
  }

  attribute(): Attribute {
    if (!this.cur) throw new CodecError('no current attribute', this.off);
    return this.cur;
  }

  type(): number {
    return this.cur?.type ?? 0;
  }

  bytes(): Uint8Array {
    return this.cur?.data ?? new Uint8Array(0);
  }

  private sized(n: number, what: string): DataView | null {
    const d = this.cur?.data;
    if (!d || d.length < n) {
      this.fail(`${what} attribute ${this.type()} has ${d?.length ?? 0} bytes, needs ${n}`, this.curOffset);
      return null;
    }
    return new DataView(d.buffer, d.byteOffset, n);
  }

  private order(): boolean {
    return this.cur?.netByteOrder ? false : HOST_LITTLE_ENDIAN;
  }

  u8(): number {
    return this.sized(1, 'u8')?.getUint8(0) ?? 0;
  }
  u16(): number {
    return this.sized(2, 'u16')?.getUint16(0, this.order()) ?? 0;
  }
  u32(): number {
    return this.sized(4, 'u32')?.getUint32(0, this.order()) ?? 0;
  }
  u64(): bigint {
    return this.sized(8, 'u64')?.getBigUint64(0, this.order()) ?? 0n;
  }
  s8(): number {
    return this.sized(1, 's8')?.getInt8(0) ?? 0;
  }
  s16(): number {
    return this.sized(2, 's16')?.getInt16(0, this.order()) ?? 0;
  }
  s32(): number {
    return this.sized(4, 's32')?.getInt32(0, this.order()) ?? 0;
  }
  s64(): bigint {
    return this.sized(8, 's64')?.getBigInt64(0, this.order()) ?? 0n;
  }
  /** u16 in network byte order whatever the flag says (ports, ethertypes). */
  be16(): number {
    return this.sized(2, 'be16')?.getUint16(0, false) ?? 0;
  }
  be32(): number {
    return this.sized(4, 'be32')?.getUint32(0, false) ?? 0;
  }
  /** NUL-terminated string (the NUL is optional, as the kernel's NLA_STRING allows). */
  string(): string {
    return cString(this.bytes());
  }
  /** A nested run of attributes; errors inside propagate to this cursor. */
  nested(fn: (inner: AttributeDecoder) => void): void {
    if (this.error || !this.cur) return;
    const inner = new AttributeDecoder(this.cur.data);
    fn(inner);
    const e = inner.err();
    if (e && !this.error)
      this.error = new CodecError(`in nested attribute ${this.type()}: ${e.message}`, this.curOffset);
  }
}

/*
 * Read helpers for a value slice, used where a table lookup replaced the
 * cursor; short values read as 0. An AttributeView is read straight from its
 * buffer (no value view, no temporaries): these run for every field of every
 * link in a dump.
 */
export function u8(a: Attribute | undefined): number {
  if (!a) return 0;
  if (a instanceof AttributeView) return a.end - a.start >= 1 ? a.buf[a.start]! : 0;
  const d = a.data;
  return d.length >= 1 ? d[0]! : 0;
}
export function u16(a: Attribute | undefined): number {
  if (!a) return 0;
  let b: Uint8Array, s: number, e: number;
  if (a instanceof AttributeView) {
    b = a.buf;
    s = a.start;
    e = a.end;
  } else {
    b = a.data;
    s = 0;
    e = b.length;
  }
  if (e - s < 2) return 0;
  return HOST_LITTLE_ENDIAN && !a.netByteOrder ? b[s]! | (b[s + 1]! << 8) : (b[s]! << 8) | b[s + 1]!;
}
export function u32(a: Attribute | undefined): number {
  if (!a) return 0;
  let b: Uint8Array, s: number, e: number;
  if (a instanceof AttributeView) {
    b = a.buf;
    s = a.start;
    e = a.end;
  } else {
    b = a.data;
    s = 0;
    e = b.length;
  }
  if (e - s < 4) return 0;
  return HOST_LITTLE_ENDIAN && !a.netByteOrder
    ? (b[s]! | (b[s + 1]! << 8) | (b[s + 2]! << 16) | (b[s + 3]! << 24)) >>> 0
    : ((b[s]! << 24) | (b[s + 1]! << 16) | (b[s + 2]! << 8) | b[s + 3]!) >>> 0;
}
export function s32(a: Attribute | undefined): number {
  return u32(a) | 0;
}
export function u64(a: Attribute | undefined): bigint {
  return a && a.data.length >= 8
    ? view(a.data).getBigUint64(0, a.netByteOrder ? false : HOST_LITTLE_ENDIAN)
    : 0n;
}
export function str(a: Attribute | undefined): string {
  if (!a) return '';
  if (a instanceof AttributeView) {
    const s = asciiCString(a.buf, a.start, a.end);
    if (s !== null) return s;
  }
  return cString(a.data);
}

/**
 * A short C string of plain ASCII read from buf[start, end) without a view
 * or a TextDecoder call (interface names, qdiscs, kinds); null when it is not
 * one, for the caller to decode the general way.
 */
export function asciiCString(buf: Uint8Array, start: number, end: number): string | null {
  if (end - start > 64) return null;
  let out = '';
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0) return out;
    if (c >= 0x80) return null;
    out += String.fromCharCode(c);
  }
  return out;
}

/** Builds a run of attributes. Values are written in host order unless the caller asks otherwise. */
export class AttributeEncoder {
  private chunks: Uint8Array[] = [];
  private length = 0;

  private push(type: number, value: Uint8Array): this {
    const len = NLA_HDRLEN + value.length;
    const out = new Uint8Array(align4(len));
    const dv = view(out);
    dv.setUint16(0, len, HOST_LITTLE_ENDIAN);
    dv.setUint16(2, type, HOST_LITTLE_ENDIAN);
    out.set(value, NLA_HDRLEN);
    this.chunks.push(out);
    this.length += out.length;
    return this;
  }

  private int(type: number, size: number, set: (dv: DataView) => void): this {
    const b = new Uint8Array(size);
    set(view(b));
    return this.push(type, b);
  }

  u8(type: number, v: number): this {
    return this.int(type, 1, (d) => d.setUint8(0, v));
  }
  u16(type: number, v: number): this {
    return this.int(type, 2, (d) => d.setUint16(0, v, HOST_LITTLE_ENDIAN));
  }
  u32(type: number, v: number): this {
    return this.int(type, 4, (d) => d.setUint32(0, v >>> 0, HOST_LITTLE_ENDIAN));
  }
  u64(type: number, v: bigint): this {
    return this.int(type, 8, (d) => d.setBigUint64(0, v, HOST_LITTLE_ENDIAN));
  }
  s32(type: number, v: number): this {
    return this.int(type, 4, (d) => d.setInt32(0, v, HOST_LITTLE_ENDIAN));
  }
  be16(type: number, v: number): this {
    return this.int(type | NLA_F_NET_BYTEORDER, 2, (d) => d.setUint16(0, v, false));
  }
  /**
   * NUL-terminated string, as NLA_NUL_STRING and iproute2's addattr_l(..., strlen+1) send it.
   * UTF-8, except that bytes carried as U+DC80..U+DCFF (a name that is not UTF-8,
   * see codec/text.ts) go out as those bytes.
   */
  string(type: number, s: string): this {
    const enc = encodeTextLossless(s);
    const b = new Uint8Array(enc.length + 1);
    b.set(enc);
    return this.push(type, b);
  }
  bytes(type: number, b: Uint8Array): this {
    return this.push(type, b);
  }
  flag(type: number): this {
    return this.push(type, new Uint8Array(0));
  }
  nested(type: number, fn: (inner: AttributeEncoder) => void, setNestedFlag = true): this {
    const inner = new AttributeEncoder();
    fn(inner);
    return this.push(setNestedFlag ? type | NLA_F_NESTED : type, inner.finish());
  }
  /** Raw attribute with exactly this type field (flags included) and value. */
  raw(rawType: number, value: Uint8Array): this {
    return this.push(rawType, value);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}
