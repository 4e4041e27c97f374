import { AttributeDecoder, type Attribute } from './codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from './codec/bytes.js';
import { encodeMessage, parseMessages, type NetlinkMessage } from './codec/message.js';

import {
  DumpInconsistentError,
  NetlinkKernelError,
  NetlinkTimeoutError,
  OverrunError,
  type ExtendedAck,
} from './errors.js';
import type { Datagram, OpenOptions, Transport, TransportFactory } from './transport.js';
import { cString } from './codec/bytes.js';
import { errnoName, native } from './native.js';
import {
  NETLINK_CAP_ACK,
  NETLINK_EXT_ACK,
  NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLM_F_REQUEST,
} from './gen/netlink.js';
import { SOL_NETLINK } from './gen/socket.js';

/** How many times a dump interrupted by a concurrent change (NLM_F_DUMP_INTR) is retried. */
export const DUMP_RETRIES = 3;

export interface DumpResult {
  messages: NetlinkMessage[];
  /** True when the last attempt was still interrupted: the data may be inconsistent. */
  inconsistent: boolean;
  attempts: number;
}

/** A sequence-checked request/reply layer over a Transport. */
export class Connection {
  private seq: number;
  /** Replies from anyone but the kernel, or to other sequence numbers, are counted and skipped. */
  ignored = 0;

  constructor(readonly transport: Transport) {
    // Like iproute2, start from the clock so that replies to a previous process's
    // requests on a reused port id cannot be mistaken for ours.
    this.seq = Math.floor(Date.now() / 1000) >>> 0;
    try {
      // Ask for extended ACKs (error text) and capped ACKs (no echo of our request).
      transport.setOption(SOL_NETLINK, NETLINK_EXT_ACK, 1);
      transport.setOption(SOL_NETLINK, NETLINK_CAP_ACK, 1);
    } catch {
      // Older kernels lack these options; errors are then reported without text.
    }
  }

  static open(factory: TransportFactory, protocol: number, options?: OpenOptions): Connection {
    return new Connection(factory(protocol, options));
  }

  get protocol(): number {
    return this.transport.protocol;
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    return this.seq;
  }

  close(): void {
    this.transport.close();
  }

  private sendRequest(type: number, flags: number, payload: Uint8Array): { seq: number; bytes: Uint8Array } {
    const seq = this.nextSeq();
    const bytes = encodeMessage({ type, flags: flags | NLM_F_REQUEST, seq, pid: 0, payload });
    this.transport.send(bytes);
    return { seq, bytes };
  }

  private receiveOrTimeout(): Datagram {
    const d = this.transport.receive();
    if (!d) throw new NetlinkTimeoutError('timed out waiting for the kernel');
    return d;
  }

  /**
   * Sort one datagram of a dump's replies: messages for us go to `out`;
   * returns true at the end of the dump (NLMSG_DONE or an ACK) and throws the
   * kernel's error (NLMSG_ERROR, or NLMSG_DONE carrying one). Replies from
   * anyone but the kernel, or to another request, are counted and skipped.
   * Shared by the blocking and the async dump so both obey the same rules.
   */
  private sortDumpReplies(
    d: Datagram,
    req: { seq: number; bytes: Uint8Array },
    type: number,
    state: { interrupted: boolean },
    out: NetlinkMessage[],
  ): boolean {
    if (d.senderPid !== 0) {
      this.ignored++;
      return false;
    }
    for (const m of parseMessages(d.data)) {
      if (m.seq !== req.seq) {
        this.ignored++;
        continue;
      }
      if (m.flags & NLM_F_DUMP_INTR) state.interrupted = true;
      if (m.type === NLMSG_DONE || m.type === NLMSG_ERROR) {
        const err =
          m.type === NLMSG_DONE
            ? decodeDoneError(m, req.bytes, type, this.protocol)
            : decodeError(m, req.bytes, type, this.protocol);
        if (err) throw err;
        return true;
      }
      if (m.type === NLMSG_NOOP || m.type === NLMSG_OVERRUN) continue;
      out.push(m);
    }
    return false;
  }

  /**
   * Stream a dump's messages as they arrive (sync generator, one datagram at
   * a time). Throws NetlinkKernelError when the kernel refuses or the dump
   * fails. Sets `state.interrupted` when any part carried NLM_F_DUMP_INTR.
   */
  *dump(
    type: number,
    payload: Uint8Array,
    extraFlags = 0,
    state: { interrupted: boolean } = { interrupted: false },
  ): Generator<NetlinkMessage, void, undefined> {
    const req = this.sendRequest(type, NLM_F_DUMP | extraFlags, payload);
    for (;;) {
      const batch: NetlinkMessage[] = [];
      const done = this.sortDumpReplies(this.receiveOrTimeout(), req, type, state, batch);
      yield* batch;
      if (done) return;
    }
  }

  /**
   * The same dump as an async iterable that never blocks the event loop:
   * datagrams are read when the native poll says the socket is readable.
   * For programs that do other work while a large dump streams in.
   */
  async *dumpAsync(
    type: number,
    payload: Uint8Array,
    extraFlags = 0,
    state: { interrupted: boolean } = { interrupted: false },
  ): AsyncGenerator<NetlinkMessage, void, undefined> {
    const req = this.sendRequest(type, NLM_F_DUMP | extraFlags, payload);
    // Loaded here: the blocking commands never need the poll-driven reader.
    const { receiveDatagrams } = await import('./events.js');
    for await (const d of receiveDatagrams(this.transport)) {
      if (d instanceof OverrunError) throw d; // a dump reply cannot be resent: the dump is incomplete
      const batch: NetlinkMessage[] = [];
      const done = this.sortDumpReplies(d, req, type, state, batch);
      yield* batch;
      if (done) return;
    }
  }

  /** A whole dump, retried while the kernel reports it interrupted (bounded). */
  dumpAll(type: number, payload: Uint8Array, extraFlags = 0, retries = DUMP_RETRIES): DumpResult {
    for (let attempt = 1; ; attempt++) {
      const state = { interrupted: false };
      const messages = [...this.dump(type, payload, extraFlags, state)];
      if (!state.interrupted) return { messages, inconsistent: false, attempts: attempt };
      if (attempt > retries) return { messages, inconsistent: true, attempts: attempt };
    }
  }

  /** Like dumpAll, but an inconsistent result is an error. */
  dumpConsistent(type: number, payload: Uint8Array, extraFlags = 0): NetlinkMessage[] {
    const r = this.dumpAll(type, payload, extraFlags);
    if (r.inconsistent) throw new DumpInconsistentError(r.attempts);
    return r.messages;
  }

  /**
   * Send a request with NLM_F_ACK and collect the replies until the ACK.
   * A non-zero error in the ACK throws NetlinkKernelError with the extack.
   */
  request(type: number, payload: Uint8Array, extraFlags = 0): NetlinkMessage[] {
    const req = this.sendRequest(type, NLM_F_ACK | extraFlags, payload);
    const replies: NetlinkMessage[] = [];
    for (;;) {
      const d = this.receiveOrTimeout();
      if (d.senderPid !== 0) {
        this.ignored++;
        continue;
      }
      for (const m of parseMessages(d.data)) {
        if (m.seq !== req.seq) {
          this.ignored++;
          continue;
        }
        if (m.type === NLMSG_ERROR) {
          const err = decodeError(m, req.bytes, type, this.protocol);
          if (err) throw err;
          return replies;
        }
        if (m.type === NLMSG_DONE) {
          if (!(m.flags & NLM_F_MULTI)) return replies;
          continue;
        }
        if (m.type === NLMSG_NOOP || m.type === NLMSG_OVERRUN) continue;
        replies.push(m);
      }
    }
  }
}

/**
 * Decode an NLMSG_ERROR payload (struct nlmsgerr, <linux/netlink.h>): the
 * error, the echoed request header (and body unless NLM_F_CAPPED), and the
 * extended ACK TLVs when NLM_F_ACK_TLVS is set. Returns null for an ACK.
 */
export function decodeError(
  m: NetlinkMessage,
  request: Uint8Array | null,
  requestType: number,
  protocol?: number,
): NetlinkKernelError | null {
  if (m.payload.length < 4) {
    return new NetlinkKernelError(0, 'EBADMSG', 'truncated NLMSG_ERROR', {}, requestType);
  }
  const error = view(m.payload).getInt32(0, HOST_LITTLE_ENDIAN);
  if (error === 0) return null;
  const errno = -error;
  let tlvOffset = 4 + NLMSG_HDRLEN;
  if (!(m.flags & NLM_F_CAPPED) && m.payload.length >= 4 + NLMSG_HDRLEN) {
    const echoedLen = view(m.payload).getUint32(4, HOST_LITTLE_ENDIAN);
    tlvOffset = 4 + ((echoedLen + 3) & ~3);
  }
  const extack: ExtendedAck = {};
  if (m.flags & NLM_F_ACK_TLVS && tlvOffset < m.payload.length) {
    const other: Attribute[] = [];
    try {
      for (const a of AttributeDecoder.all(m.payload.subarray(tlvOffset))) {
        if (a.type === NLMSGERR_ATTR_MSG) extack.message = cString(a.data);
        else if (a.type === NLMSGERR_ATTR_OFFS && a.data.length >= 4)
          extack.offset = view(a.data).getUint32(0, HOST_LITTLE_ENDIAN);
        else if (a.type === NLMSGERR_ATTR_MISS_TYPE && a.data.length >= 4)
          extack.missingType = view(a.data).getUint32(0, HOST_LITTLE_ENDIAN);
        else if (a.type === NLMSGERR_ATTR_MISS_NEST && a.data.length >= 4)
          extack.missingNest = view(a.data).getUint32(0, HOST_LITTLE_ENDIAN);
        else other.push(a);
      }
    } catch {
      // A malformed extack must not hide the errno itself.
    }
    if (other.length) extack.other = other;
    if (extack.offset !== undefined && request) {
      const found = attributeAtOffset(request, extack.offset);
      if (found) extack.attribute = found;
    }
  }
  let description: string;
  try {
    description = native().strerror(errno);
  } catch {
    description = `error ${errno}`;
  }
  return new NetlinkKernelError(
    errno,
    errnoName(errno),
    description,
    extack,
    requestType,
    protocol,
    request ?? undefined,
  );
}

/**
 * A dump that fails after it started ends with NLMSG_DONE carrying a
 * negative error (and, with NLM_F_ACK_TLVS, extended ACK TLVs right after
 * it) instead of an NLMSG_ERROR (netlink_dump_done in net/netlink/af_netlink.c).
 */
export function decodeDoneError(
  m: NetlinkMessage,
  request: Uint8Array | null,
  requestType: number,
  protocol?: number,
): NetlinkKernelError | null {
  if (m.payload.length < 4) return null;
  const error = view(m.payload).getInt32(0, HOST_LITTLE_ENDIAN);
  if (error >= 0) return null;
  // Reuse the NLMSG_ERROR decoder: same int, no echoed request, TLVs after it.
  const asError = new Uint8Array(4 + NLMSG_HDRLEN + (m.payload.length - 4));
  asError.set(m.payload.subarray(0, 4), 0);
  asError.set(m.payload.subarray(4), 4 + NLMSG_HDRLEN);
  return decodeError(
    { ...m, flags: m.flags | NLM_F_CAPPED, payload: asError },
    request,
    requestType,
    protocol,
  );
}

/**
 * Find the attribute of `request` that starts at byte `offset` (as the
 * kernel's NLMSGERR_ATTR_OFFS reports it), descending into nested
 * attributes. The family header's length is unknown here, so every 4-byte
 * aligned start after the nlmsghdr is tried until a run of attributes parses
 * cleanly to the end and contains the offset.
 */
export function attributeAtOffset(
  request: Uint8Array,
  offset: number,
): { type: number; path: number[]; attr: Attribute } | undefined {
  const len = Math.min(request.length, view(request).getUint32(0, HOST_LITTLE_ENDIAN));
  for (let start = NLMSG_HDRLEN; start < len; start += 4) {
    const found = searchRun(request, start, len, offset, []);
    if (found) return found;
  }
  return undefined;
}

function searchRun(
  buf: Uint8Array,
  start: number,
  end: number,
  offset: number,
  path: number[],
): { type: number; path: number[]; attr: Attribute } | undefined {
  let attrs: Attribute[];
  try {
    attrs = AttributeDecoder.all(buf.subarray(start, end));
  } catch {
    return undefined;
  }
  let pos = start;
  for (const a of attrs) {
    const attrLen = a.data.length + 4;
    if (pos === offset) return { type: a.type, path: [...path, a.type], attr: a };
    if (offset > pos && offset < pos + attrLen && a.data.length >= 4) {
      const inner = searchRun(buf, pos + 4, pos + attrLen, offset, [...path, a.type]);
      if (inner) return inner;
    }
    pos += (attrLen + 3) & ~3;
  }
  return undefined;
}
