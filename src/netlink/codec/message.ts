import { HOST_LITTLE_ENDIAN, align4, view } from './bytes.js';
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
  const dv = view(buf);
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < NLMSG_HDRLEN) {
      throw new CodecError(`truncated nlmsghdr: ${buf.length - off} bytes left`, off);
    }
    const len = dv.getUint32(off, HOST_LITTLE_ENDIAN);
    if (len < NLMSG_HDRLEN || len > buf.length - off) {
      throw new CodecError(`bad nlmsg_len ${len} with ${buf.length - off} bytes left`, off);
    }
    yield {
      type: dv.getUint16(off + 4, HOST_LITTLE_ENDIAN),
      flags: dv.getUint16(off + 6, HOST_LITTLE_ENDIAN),
      seq: dv.getUint32(off + 8, HOST_LITTLE_ENDIAN),
      pid: dv.getUint32(off + 12, HOST_LITTLE_ENDIAN),
      payload: buf.subarray(off + NLMSG_HDRLEN, off + len),
    };
    off += align4(len);
  }
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
