import { HOST_LITTLE_ENDIAN, align4, cStringAt, hostU16, view } from './bytes.js';
import { CodecError } from './errors.js';
import { encodeTextLossless } from './text.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN } from '../gen/netlink.js';

/** <linux/netlink.h> NLA_TYPE_MASK: the type bits of nla_type, without the NLA_F_* flags. */
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

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

const readU16 = hostU16;

/*
 * Reading attributes: two forms, one set of getters.
 *
 * - AttributeDecoder, a cursor for sequential reads (next(), then typed
 *   getters on the current attribute). Errors are sticky, as in
 *   mdlayher/netlink: a bad length stops next(), a getter on a value that is
 *   too short returns a zero value AND records the error; check err() (or
 *   throwIfError()) once at the end. A walk that never checks err() stops
 *   quietly at the first attribute that does not fit (iproute2's RTA_OK loop).
 *
 * - AttributeIndex, "give me attribute N": one pass records where the first
 *   attribute of each type is (as iproute2's parse_rtattr), nothing is copied,
 *   and it can be reset onto the next message. Its typed getters return
 *   `undefined` when the attribute is absent, so absent is never confused
 *   with zero. A value shorter than its type needs reads as a zero value AND
 *   records a sticky error, as the cursor's getters do: a decoder checks err()
 *   (or calls throwIfError()) once after its reads; a renderer that must print
 *   what it can (ip link) may go on and check later. Longer values are read
 *   from their first bytes, as the kernel's nla_get_*() do.
 *
 * Every attribute is kept: unknown types are indexed like any other, and the
 * cursor visits all of them in order, duplicates included.
 */

/**
 * The first attribute of each type in a run of attributes, indexed in one
 * pass without copying (see above). By default a bad nla_len is a CodecError;
 * a lenient index (for nests that a renderer prints as far as it can) stops
 * quietly at the first attribute that does not fit, as iproute2 does.
 */
export class AttributeIndex implements ReadonlyMap<number, Attribute> {
  /**
   * Header offset + 1 of the first attribute of each type (0 or a hole =
   * absent). A plain array filled in one pass: cheaper to make than a typed
   * array, which costs a buffer and two objects per message.
   */
  private readonly first: number[] = [];
  private views: (AttributeView | undefined)[] | undefined;
  private buf: Uint8Array = EMPTY;
  private start = 0;
  private count = 0;
  private error: CodecError | null = null;

  /**
   * Index buf[start..]; offsets (in errors and offset()) are offsets in buf.
   * With `max` (lenient indexes only, as iproute2's parse_rtattr_nested(tb,
   * max, ...)): only NLA_F_NESTED is masked off the type, so a type with
   * NLA_F_NET_BYTEORDER set is above max, and types above max are not indexed.
   */
  constructor(
    buf?: Uint8Array,
    start = 0,
    private readonly lenient = false,
    private readonly max = -1,
  ) {
    if (buf) this.reset(buf, start);
  }

  /** An index of the value of `a` (a nest), or undefined when `a` is. */
  static of(a: Attribute | undefined, lenient = false, max = -1): AttributeIndex | undefined {
    return a ? new AttributeIndex(a.data, 0, lenient, max) : undefined;
  }

  /** Point this index at another run of attributes (reuses its storage). */
  reset(buf: Uint8Array, start = 0): this {
    const first = this.first;
    for (let i = 0; i < first.length; i++) first[i] = 0;
    this.views = undefined;
    this.error = null;
    this.buf = buf;
    this.start = start;
    let count = 0;
    let off = start;
    const n = buf.length;
    while (off < n) {
      const left = n - off;
      if (left < NLA_HDRLEN) {
        if (this.lenient) break;
        throw new CodecError(`truncated attribute header: ${left} bytes left`, off);
      }
      const len = readU16(buf, off);
      if (len < NLA_HDRLEN || len > left) {
        if (this.lenient) break;
        throw new CodecError(`bad nla_len ${len} with ${left} bytes left`, off);
      }
      let t = readU16(buf, off + 2);
      if (this.max >= 0) {
        t &= ~NLA_F_NESTED;
        if (t > this.max) {
          off += (len + 3) & ~3;
          continue;
        }
      } else t &= NLA_TYPE_MASK;
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
    this.count = count;
    return this;
  }

  /** Number of distinct types present. */
  get size(): number {
    return this.count;
  }
  has(type: number): boolean {
    const at = this.first[type];
    return at !== undefined && at !== 0;
  }
  /** Offset in the indexed buffer of the attribute's value, or -1 when absent. */
  offset(type: number): number {
    const at = this.first[type];
    return at === undefined || at === 0 ? -1 : at - 1 + NLA_HDRLEN;
  }
  /** Length of the attribute's value, or -1 when absent. */
  length(type: number): number {
    const at = this.first[type];
    return at === undefined || at === 0 ? -1 : readU16(this.buf, at - 1) - NLA_HDRLEN;
  }
  /** The indexed buffer (the one offset() is relative to). */
  get buffer(): Uint8Array {
    return this.buf;
  }

  get(type: number): Attribute | undefined {
    const at = this.first[type];
    if (at === undefined || at === 0) return undefined;
    const views = (this.views ??= []);
    let v = views[type];
    if (!v) {
      const off = at - 1;
      const b = this.buf;
      v = new AttributeView(b, off + NLA_HDRLEN, off + readU16(b, off), readU16(b, off + 2));
      views[type] = v;
    }
    return v;
  }

  /** The value bytes (a view into the buffer), or undefined. */
  bytes(type: number): Uint8Array | undefined {
    return this.get(type)?.data;
  }
  /** True when the attribute is present (NLA_FLAG). */
  flag(type: number): boolean {
    return this.has(type);
  }
  /** An index of a nested attribute's value, or undefined when absent. */
  nested(type: number, lenient = this.lenient): AttributeIndex | undefined {
    const at = this.first[type];
    if (at === undefined || at === 0) return undefined;
    const off = at - 1;
    return new AttributeIndex(this.buf.subarray(off + NLA_HDRLEN, off + readU16(this.buf, off)), 0, lenient);
  }

  /** The first error a getter met (a value too short for its type), or null. Cleared by reset(). */
  err(): CodecError | null {
    return this.error;
  }
  throwIfError(): void {
    if (this.error) throw this.error;
  }

  /**
   * Offset of the value after checking it has at least n bytes; -1 when
   * absent, -2 when too short (the error is recorded).
   */
  private sized(type: number, n: number, what: string): number {
    const at = this.first[type];
    if (at === undefined || at === 0) return -1;
    const off = at - 1;
    const len = readU16(this.buf, off) - NLA_HDRLEN;
    if (len < n) {
      this.error ??= new CodecError(`${what} attribute ${type} has ${len} bytes, needs ${n}`, off);
      return -2;
    }
    return off + NLA_HDRLEN;
  }
  private hostOrder(type: number): boolean {
    return HOST_LITTLE_ENDIAN && (readU16(this.buf, this.first[type]! + 1) & NLA_F_NET_BYTEORDER) === 0;
  }

  u8(type: number): number | undefined {
    const o = this.sized(type, 1, 'u8');
    return o < 0 ? (o === -1 ? undefined : 0) : this.buf[o]!;
  }
  u16(type: number): number | undefined {
    const o = this.sized(type, 2, 'u16');
    if (o < 0) return o === -1 ? undefined : 0;
    const b = this.buf;
    return this.hostOrder(type) ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
  }
  u32(type: number): number | undefined {
    const o = this.sized(type, 4, 'u32');
    if (o < 0) return o === -1 ? undefined : 0;
    const b = this.buf;
    return this.hostOrder(type)
      ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
      : ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }
  s32(type: number): number | undefined {
    const v = this.u32(type);
    return v === undefined ? undefined : v | 0;
  }
  u64(type: number): bigint | undefined {
    const o = this.sized(type, 8, 'u64');
    if (o < 0) return o === -1 ? undefined : 0n;
    const b = this.buf;
    return view(b).getBigUint64(o, (readU16(b, o - 2) & NLA_F_NET_BYTEORDER) === 0 && HOST_LITTLE_ENDIAN);
  }
  /** NUL-terminated string (the NUL is optional, as the kernel's NLA_STRING allows). */
  string(type: number): string | undefined {
    const at = this.first[type];
    if (at === undefined || at === 0) return undefined;
    const off = at - 1;
    const start = off + NLA_HDRLEN;
    const end = off + readU16(this.buf, off);
    return cStringAt(this.buf, start, end);
  }

  /** The types present, in the order of their first attribute on the wire (as a Map's insertion order). */
  *keys(): MapIterator<number> {
    const b = this.buf;
    const first = this.first;
    let seen = 0;
    for (let off = this.start; seen < this.count && b.length - off >= NLA_HDRLEN;) {
      const len = readU16(b, off);
      if (len < NLA_HDRLEN) break;
      const raw = readU16(b, off + 2);
      const t = this.max >= 0 ? raw & ~NLA_F_NESTED : raw & NLA_TYPE_MASK;
      if (first[t] === off + 1) {
        seen++;
        yield t;
      }
      off += (len + 3) & ~3;
    }
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

const EMPTY = new Uint8Array(0);

/**
 * A cursor over a run of attributes with typed getters and a sticky error, in
 * the manner of mdlayher/netlink's AttributeDecoder: after the first problem
 * next() returns false and getters return zero values, and err() tells what
 * went wrong. Callers check once at the end instead of after every getter.
 */
export class AttributeDecoder {
  private off = 0;
  /** Header offset of the current attribute, -1 before the first. */
  private curOffset = -1;
  private curEnd = 0;
  private curRaw = 0;
  private cur: Attribute | null = null;
  private error: CodecError | null = null;

  constructor(private readonly buf: Uint8Array) {}

  /** Every attribute of `buf` in order, duplicates and unknown types included; a bad length is a CodecError. */
  static all(buf: Uint8Array): Attribute[] {
    const out: Attribute[] = [];
    const d = new AttributeDecoder(buf);
    while (d.next()) out.push(d.attribute());
    d.throwIfError();
    return out;
  }

  /** Advance to the next attribute; false at the end or after an error. Allocates nothing. */
  next(): boolean {
    if (this.error) return false;
    const b = this.buf;
    const off = this.off;
    if (off >= b.length) return false;
    const left = b.length - off;
    if (left < NLA_HDRLEN) {
      // The kernel pads with zeros; fewer than four trailing bytes cannot hold an attribute.
      this.fail(`truncated attribute header: ${left} bytes left`);
      return false;
    }
    const len = readU16(b, off);
    if (len < NLA_HDRLEN || len > left) {
      this.fail(`bad nla_len ${len} with ${left} bytes left`);
      return false;
    }
    this.curOffset = off;
    this.curEnd = off + len;
    this.curRaw = readU16(b, off + 2);
    this.cur = null;
    this.off = off + ((len + 3) & ~3);
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
    if (this.curOffset < 0) throw new CodecError('no current attribute', this.off);
    return (this.cur ??= new AttributeView(this.buf, this.curOffset + NLA_HDRLEN, this.curEnd, this.curRaw));
  }

  type(): number {
    return this.curOffset < 0 ? 0 : this.curRaw & NLA_TYPE_MASK;
  }

  bytes(): Uint8Array {
    return this.curOffset < 0 ? EMPTY : this.buf.subarray(this.curOffset + NLA_HDRLEN, this.curEnd);
  }

  /**
   * Offset of the value in buf after checking it has at least n bytes; -1
   * (and the sticky error) when it is shorter. Getters read the bytes
   * straight from buf: a DataView per read was an allocation per field.
   */
  private sized(n: number, what: string): number {
    const len = this.curOffset < 0 ? 0 : this.curEnd - this.curOffset - NLA_HDRLEN;
    if (len < n) {
      this.fail(`${what} attribute ${this.type()} has ${len} bytes, needs ${n}`, Math.max(this.curOffset, 0));
      return -1;
    }
    return this.curOffset + NLA_HDRLEN;
  }

  /** Little-endian reads: host order on a little-endian host unless NLA_F_NET_BYTEORDER says big. */
  private little(): boolean {
    return (this.curRaw & NLA_F_NET_BYTEORDER) !== 0 ? false : HOST_LITTLE_ENDIAN;
  }
  private read16(o: number, little: boolean): number {
    const b = this.buf;
    return little ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
  }
  private read32(o: number, little: boolean): number {
    const b = this.buf;
    return little
      ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
      : ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  u8(): number {
    const o = this.sized(1, 'u8');
    return o < 0 ? 0 : this.buf[o]!;
  }
  u16(): number {
    const o = this.sized(2, 'u16');
    return o < 0 ? 0 : this.read16(o, this.little());
  }
  u32(): number {
    const o = this.sized(4, 'u32');
    return o < 0 ? 0 : this.read32(o, this.little());
  }
  u64(): bigint {
    const o = this.sized(8, 'u64');
    return o < 0 ? 0n : view(this.buf).getBigUint64(o, this.little());
  }
  s8(): number {
    const o = this.sized(1, 's8');
    return o < 0 ? 0 : (this.buf[o]! << 24) >> 24;
  }
  s16(): number {
    const o = this.sized(2, 's16');
    return o < 0 ? 0 : (this.read16(o, this.little()) << 16) >> 16;
  }
  s32(): number {
    const o = this.sized(4, 's32');
    return o < 0 ? 0 : this.read32(o, this.little()) | 0;
  }
  s64(): bigint {
    const o = this.sized(8, 's64');
    return o < 0 ? 0n : view(this.buf).getBigInt64(o, this.little());
  }
  /** u16 in network byte order whatever the flag says (ports, ethertypes). */
  be16(): number {
    const o = this.sized(2, 'be16');
    return o < 0 ? 0 : this.read16(o, false);
  }
  be32(): number {
    const o = this.sized(4, 'be32');
    return o < 0 ? 0 : this.read32(o, false);
  }
  /** NUL-terminated string (the NUL is optional, as the kernel's NLA_STRING allows). */
  string(): string {
    if (this.curOffset < 0) return '';
    return cStringAt(this.buf, this.curOffset + NLA_HDRLEN, this.curEnd);
  }
  /** True: the attribute is present (NLA_FLAG). */
  flag(): boolean {
    return this.curOffset >= 0;
  }
  /** A nested run of attributes; errors inside propagate to this cursor. */
  nested(fn: (inner: AttributeDecoder) => void): void {
    if (this.error || this.curOffset < 0) return;
    const inner = new AttributeDecoder(this.bytes());
    fn(inner);
    const e = inner.err();
    if (e && !this.error)
      this.error = new CodecError(`in nested attribute ${this.type()}: ${e.message}`, this.curOffset);
  }
  /** An index of the current attribute's value (a nest). */
  index(lenient = false): AttributeIndex {
    return new AttributeIndex(this.bytes(), 0, lenient);
  }
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
