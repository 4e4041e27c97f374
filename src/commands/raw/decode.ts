/**
 * Decoding of arbitrary netlink messages for `nlts raw`: no schema is known,
 * so the payload is shown as family header bytes plus attributes, nested
 * attributes as trees where the bytes parse cleanly, and every value as hex
 * with the string and integer readings that look plausible.
 */
import { AttributeDecoder, type Attribute } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, align4, toHex, view } from '../../netlink/codec/bytes.js';
import type { NetlinkMessage } from '../../netlink/codec/message.js';
import { decodeError } from '../../netlink/connection.js';

import { errnoName, native } from '../../netlink/native.js';
import type { Datagram } from '../../netlink/transport.js';
import { defaultHeaderLen, flagNames, typeName } from './names.js';
import {
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
} from '../../netlink/gen/netlink.js';

/** One attribute as shown: JSON-ready (u64 beyond 2^53 is a decimal string). */
export interface DecodedAttribute {
  type: number;
  /** Value bytes (nla_len minus the 4-byte header). */
  len: number;
  /** NLA_F_NESTED was set. */
  nested_flag?: true;
  /** NLA_F_NET_BYTEORDER was set: integers are read big-endian. */
  net_byteorder?: true;
  hex: string;
  string?: string;
  u8?: number;
  u16?: number;
  u32?: number;
  s32?: number;
  u64?: number | string;
  /** The value parsed as a run of attributes (always tried when NLA_F_NESTED is set). */
  attributes?: DecodedAttribute[];
  /** NLA_F_NESTED was set but the value does not parse as attributes. */
  nested_error?: string;
}

export interface DecodedError {
  errno: number;
  code?: string;
  description?: string;
  extack?: { message?: string; offset?: number; attribute?: number[] };
}

/** An nlmsghdr as shown: the message's own, and the request an NLMSG_ERROR echoes. */
export interface DecodedHeader {
  type: number;
  type_name?: string;
  len: number;
  flags: number;
  flag_names: string[];
  seq: number;
  pid: number;
}

export interface DecodedMessage extends DecodedHeader {
  /** Listen only: datagram metadata from recvmsg. */
  sender_pid?: number;
  group?: number | null;
  nsid?: number | null;
  /** NLMSG_ERROR with error 0. */
  ack?: true;
  error?: DecodedError;
  /** Extended ACK TLVs that came with an ACK (a warning). */
  extack?: { message?: string; offset?: number };
  /** NLMSG_DONE's status word (negative: the dump failed). */
  done?: { status: number };
  /** The request header echoed in NLMSG_ERROR. */
  request?: DecodedHeader;
  /** Family header bytes (the first header_len bytes of the payload). */
  header?: string;
  attributes?: DecodedAttribute[];
  /** Payload bytes not shown as attributes (they do not parse as such). */
  payload?: string;
  /** Why the payload was not decoded as attributes. */
  payload_error?: string;
}

export interface DecodeOptions {
  proto: number;
  /** Fixed family header length; undefined: chosen per message type (see defaultHeaderLen). */
  headerLen?: number;
  /** The request we sent, to resolve an extack offset to an attribute. */
  request?: Uint8Array;
  requestType?: number;
  /** Listen: include sender, group and (when asked for) nsid. */
  datagram?: Datagram;
  withNsid?: boolean;
}

const PRINTABLE = /^[\x20-\x7e\t\n\r\u00a0-\uffff]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A C string if the bytes look like one: printable text that is not all blank, then a
 * little NUL padding at most.
 */
export function looksLikeString(data: Uint8Array): string | undefined {
  const nul = data.indexOf(0);
  const body = nul < 0 ? data : data.subarray(0, nul);
  // One character is text only as a whole "c\0" value; in a u32 it is far more likely a number.
  if (body.length === 0 || (body.length < 2 && data.length !== 2)) return undefined;
  if (nul >= 0 && data.subarray(nul).some((b) => b !== 0)) return undefined;
  // "&" and 300 zero bytes is a zeroed struct, not text: allow a little NUL padding only.
  if (data.length - body.length > Math.max(4, body.length)) return undefined;
  let s: string;
  try {
    s = utf8.decode(body);
  } catch {
    return undefined;
  }
  return PRINTABLE.test(s) && /[^\s]/.test(s) ? s : undefined;
}

function safe(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/**
 * The attributes of `data` with the cursor: all of them when the run parses
 * cleanly to its end (`error` null), else the reason it does not.
 */
function readAttributes(data: Uint8Array): { attrs: Attribute[]; error: string | null } {
  const d = new AttributeDecoder(data);
  const attrs: Attribute[] = [];
  while (d.next()) attrs.push(d.attribute());
  const e = d.err();
  return e ? { attrs: [], error: e.message } : { attrs, error: null };
}

/** A run of attributes if `data` parses cleanly to its end, else undefined. */
function tryAttributes(data: Uint8Array): Attribute[] | undefined {
  const r = readAttributes(data);
  return r.error === null ? r.attrs : undefined;
}

/**
 * Without NLA_F_NESTED (most older attributes never set it), a value is
 * taken as nested when it is at least 8 bytes, parses cleanly, and is not
 * text: short integers rarely survive that by chance.
 */
function looksNested(data: Uint8Array, attrs: Attribute[] | undefined): boolean {
  return attrs !== undefined && attrs.length > 0 && data.length >= 8 && looksLikeString(data) === undefined;
}

export function decodeAttribute(a: Attribute): DecodedAttribute {
  const d: DecodedAttribute = {
    type: a.type,
    len: a.data.length,
    ...(a.nested ? { nested_flag: true as const } : {}),
    ...(a.netByteOrder ? { net_byteorder: true as const } : {}),
    hex: toHex(a.data),
  };
  const inner = tryAttributes(a.data);
  if (a.nested) {
    if (inner) d.attributes = inner.map(decodeAttribute);
    else d.nested_error = describeParse(a.data);
    return d;
  }
  const s = looksLikeString(a.data);
  if (s !== undefined) d.string = s;
  const le = a.netByteOrder ? false : HOST_LITTLE_ENDIAN;
  const dv = view(a.data);
  if (a.data.length === 1) d.u8 = a.data[0]!;
  else if (a.data.length === 2) d.u16 = dv.getUint16(0, le);
  else if (a.data.length === 4) {
    d.u32 = dv.getUint32(0, le);
    const s32 = dv.getInt32(0, le);
    if (s32 < 0) d.s32 = s32;
  } else if (a.data.length === 8) d.u64 = safe(dv.getBigUint64(0, le));
  if (looksNested(a.data, inner)) d.attributes = inner!.map(decodeAttribute);
  return d;
}

/** Why `data` is not a run of attributes ('' when it is one). */
function describeParse(data: Uint8Array): string {
  return readAttributes(data).error ?? '';
}

/** Payload after `skip` bytes of family header: attributes when it parses, raw hex otherwise. */
function decodeBody(out: DecodedMessage, payload: Uint8Array, skip: number): void {
  if (skip > payload.length) {
    out.payload = toHex(payload);
    out.payload_error = `shorter than the ${skip}-byte family header`;
    return;
  }
  if (skip > 0) out.header = toHex(payload.subarray(0, skip));
  const rest = payload.subarray(skip);
  if (rest.length === 0) return;
  const attrs = tryAttributes(rest);
  if (attrs) out.attributes = attrs.map(decodeAttribute);
  else {
    out.payload = toHex(rest);
    out.payload_error = `not attributes: ${describeParse(rest)}`;
  }
}

function errnoText(errno: number): { code: string; description: string } {
  let description: string;
  try {
    description = native().strerror(errno);
  } catch {
    description = `error ${errno}`;
  }
  return { code: errnoName(errno), description };
}

function decodeExtack(out: DecodedError, tlvs: Uint8Array): void {
  let message: string | undefined;
  let offset: number | undefined;
  const d = new AttributeDecoder(tlvs);
  while (d.next()) {
    if (d.type() === NLMSGERR_ATTR_MSG) message = d.string();
    // A too-short offset is left out rather than read as 0.
    else if (d.type() === NLMSGERR_ATTR_OFFS && d.bytes().length >= 4) offset = d.u32();
  }
  // TLVs that do not parse to their end carry nothing we can trust.
  if (d.err()) return;
  // Always message, then offset (whatever the TLV order): the order raw's printer writes them in.
  if (message !== undefined) (out.extack ??= {}).message = message;
  if (offset !== undefined) (out.extack ??= {}).offset = offset;
}

/** The nlmsghdr fields as shown, with the protocol's names for the type and flags. */
function decodeHeader(
  proto: number,
  h: { type: number; len: number; flags: number; seq: number; pid: number },
): DecodedHeader {
  const name = typeName(proto, h.type);
  return {
    type: h.type,
    ...(name ? { type_name: name } : {}),
    len: h.len,
    flags: h.flags,
    flag_names: flagNames(proto, h.type, h.flags),
    seq: h.seq,
    pid: h.pid,
  };
}

export function decodeMessage(m: NetlinkMessage, o: DecodeOptions): DecodedMessage {
  const out: DecodedMessage = decodeHeader(o.proto, {
    type: m.type,
    len: NLMSG_HDRLEN + m.payload.length,
    flags: m.flags,
    seq: m.seq,
    pid: m.pid,
  });
  if (o.datagram) {
    out.sender_pid = o.datagram.senderPid;
    out.group = o.datagram.group >= 0 ? o.datagram.group : null;
    if (o.withNsid) out.nsid = o.datagram.nsid;
  }
  if (m.type === NLMSG_ERROR && m.payload.length >= 4) {
    const errno = -view(m.payload).getInt32(0, HOST_LITTLE_ENDIAN);
    if (m.payload.length >= 4 + NLMSG_HDRLEN) {
      const dv = view(m.payload);
      out.request = decodeHeader(o.proto, {
        type: dv.getUint16(8, HOST_LITTLE_ENDIAN),
        len: dv.getUint32(4, HOST_LITTLE_ENDIAN),
        flags: dv.getUint16(10, HOST_LITTLE_ENDIAN),
        seq: dv.getUint32(12, HOST_LITTLE_ENDIAN),
        pid: dv.getUint32(16, HOST_LITTLE_ENDIAN),
      });
    }
    if (errno === 0) {
      out.ack = true;
      if (m.flags & NLM_F_ACK_TLVS) {
        // An ACK may carry a warning in NLMSGERR_ATTR_MSG.
        const capped = (m.flags & NLM_F_CAPPED) !== 0 || !out.request;
        const at = 4 + (capped ? NLMSG_HDRLEN : align4(out.request?.len ?? 0));
        const e: DecodedError = { errno: 0 };
        decodeExtack(e, m.payload.subarray(Math.min(at, m.payload.length)));
        if (e.extack) out.extack = e.extack;
      }
      return out;
    }
    const k = decodeError(m, o.request ?? null, o.requestType ?? out.request?.type ?? 0);
    const e: DecodedError = { errno };
    if (k) {
      e.code = k.code;
      e.description = k.description;
      const x = k.extack;
      if (x.message !== undefined || x.offset !== undefined) {
        e.extack = {};
        if (x.message !== undefined) e.extack.message = x.message;
        if (x.offset !== undefined) e.extack.offset = x.offset;
        if (x.attribute) e.extack.attribute = x.attribute.path;
      }
    }
    out.error = e;
    return out;
  }
  if (m.type === NLMSG_DONE && m.payload.length >= 4) {
    const status = view(m.payload).getInt32(0, HOST_LITTLE_ENDIAN);
    out.done = { status };
    if (status < 0) {
      const e: DecodedError = { errno: -status, ...errnoText(-status) };
      if (m.flags & NLM_F_ACK_TLVS) decodeExtack(e, m.payload.subarray(4));
      out.error = e;
    }
    return out;
  }
  decodeBody(out, m.payload, o.headerLen ?? defaultHeaderLen(o.proto, m.type));
  return out;
}
