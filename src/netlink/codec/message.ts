import { HOST_LITTLE_ENDIAN, align4, hostU16, hostU32, view } from './bytes.js';
import { CodecError } from './errors.js';
import { NLMSG_HDRLEN } from '../gen/netlink.js';

/** One netlink message: struct nlmsghdr (<linux/netlink.h>) and its payload. */
export interface NetlinkMessage {
  type: number;
  flags: number;
  seq: number;
  /** nlmsg_pid: the sender's port id (0 for the kernel) or the requester's in replies. */
  pid: number;
  /** Everything after the 16-byte header, exactly nlmsg_len - 16 bytes (a view, not a copy). */
  payload: Uint8Array;
}

/**
 * Split a datagram into its messages. Pure: no copies, views into `buf`.
 * A header that overruns the datagram is a CodecError, never a silent stop.
 */
export function* parseMessages(buf: Uint8Array): Generator<NetlinkMessage> {
  for (let off = 0; off < buf.length;) {
    const m = messageAt(buf, off);
    yield m;
    off += messageSpan(m);
  }
}

/** Bytes from the start of `m` to the next message in its datagram (nlmsg_len padded to 4). */
export function messageSpan(m: NetlinkMessage): number {
  return align4(m.payload.length + NLMSG_HDRLEN);
}

/**
 * The message whose header starts at buf[off]; a header that overruns buf is
 * a CodecError. The next one starts at off + messageSpan(m).
 */
export function messageAt(buf: Uint8Array, off: number): NetlinkMessage {
  const len = messageLengthAt(buf, off);
  return {
    type: hostU16(buf, off + 4),
    flags: hostU16(buf, off + 6),
    seq: hostU32(buf, off + 8),
    pid: hostU32(buf, off + 12),
    payload: buf.subarray(off + NLMSG_HDRLEN, off + len),
  };
}

/**
 * nlmsg_len of the header at buf[off], checked as messageAt checks it, for
 * loops that look at headers without making message objects.
 */
export function messageLengthAt(buf: Uint8Array, off: number): number {
  const left = buf.length - off;
  if (left < NLMSG_HDRLEN) throw new CodecError(`truncated nlmsghdr: ${left} bytes left`, off);
  const len = hostU32(buf, off);
  if (len < NLMSG_HDRLEN || len > left)
    throw new CodecError(`bad nlmsg_len ${len} with ${left} bytes left`, off);
  return len;
}

/** Encode one message: header plus payload, padded to 4 bytes. */
export function encodeMessage(msg: Omit<NetlinkMessage, 'payload'> & { payload?: Uint8Array }): Uint8Array {
  const payload = msg.payload ?? new Uint8Array(0);
  const len = NLMSG_HDRLEN + payload.length;
  const out = new Uint8Array(align4(len));
  const dv = view(out);
  dv.setUint32(0, len, HOST_LITTLE_ENDIAN);
  dv.setUint16(4, msg.type, HOST_LITTLE_ENDIAN);
  dv.setUint16(6, msg.flags, HOST_LITTLE_ENDIAN);
  dv.setUint32(8, msg.seq >>> 0, HOST_LITTLE_ENDIAN);
  dv.setUint32(12, msg.pid >>> 0, HOST_LITTLE_ENDIAN);
  out.set(payload, NLMSG_HDRLEN);
  return out;
}

/** Rewrite nlmsg_seq in place (the replayer uses it to answer a live sequence number). */
export function setMessageSeq(buf: Uint8Array, offset: number, seq: number): void {
  view(buf).setUint32(offset + 8, seq >>> 0, HOST_LITTLE_ENDIAN);
}
