import { AttributeDecoder, type Attribute } from './codec/attributes.js';
import { HOST_LITTLE_ENDIAN, align4, hostU16, hostU32, view } from './codec/bytes.js';
import {
  encodeMessage,
  messageAt,
  messageSpan,
  messageLengthAt,
  parseMessages,
  type NetlinkMessage,
} from './codec/message.js';

import {
  ConnectionBusyError,
  ConnectionClosedError,
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

/** Bytes an async dump reads ahead of its consumer (a few of the kernel's 32 KiB datagrams). */
export const DUMP_READ_AHEAD = 256 * 1024;

export interface DumpResult {
  messages: NetlinkMessage[];
  /** True when the last attempt was still interrupted: the data may be inconsistent. */
  inconsistent: boolean;
  attempts: number;
}

/**
 * A sequence-checked request/reply layer over a Transport.
 *
 * One socket carries one exchange at a time: the kernel runs one dump per
 * socket (a second one fails with EBUSY), and a request sent while a dump
 * streams would have its replies mixed into the dump's. So while a dump on
 * this socket is unfinished (its iterator is suspended between items), any
 * other request or dump runs on a side connection of its own, opened on
 * first need from the same factory and closed with this one. A dump whose
 * consumer stops early is recorded as abandoned; its remaining replies are
 * read and discarded before the socket's next request (the kernel only
 * advances a dump as it is read, so this always ends).
 */
export class Connection {
  private seq: number;
  /** Replies from anyone but the kernel, or to other sequence numbers, are counted and skipped. */
  ignored = 0;
  /** Dumps on this socket whose iterators have started and not yet finished. */
  private inFlight = 0;
  /** The sequence number of a dump given up before its end, whose rest is still queued. */
  private abandoned: { seq: number } | null = null;
  /** The connection that takes requests while this one is busy (see the class comment). */
  private side: Connection | undefined;
  private closed = false;

  constructor(
    readonly transport: Transport,
    private readonly reopen?: () => Transport,
  ) {
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
    const make = (): Transport => factory(protocol, options);
    return new Connection(make(), make);
  }

  get protocol(): number {
    return this.transport.protocol;
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    return this.seq;
  }

  close(): void {
    this.closed = true;
    this.side?.close();
    this.side = undefined;
    this.transport.close();
  }

  /**
   * The connection a new exchange runs on: this one when it is idle, else
   * the side connection (which applies the same rule in turn).
   */
  private free(): Connection {
    if (this.closed) throw new ConnectionClosedError();
    if (this.inFlight === 0) {
      this.discardAbandoned();
      return this;
    }
    if (!this.reopen) throw new ConnectionBusyError();
    this.side ??= new Connection(this.reopen(), this.reopen);
    return this.side.free();
  }

  /** Read and drop what is left of a dump given up early (see the class comment). */
  private discardAbandoned(): void {
    const a = this.abandoned;
    if (!a) return;
    this.abandoned = null;
    for (;;) {
      const d = this.receiveOrTimeout();
      if (d.senderPid !== 0) continue;
      for (const m of parseMessages(d.data)) {
        if (m.seq === a.seq && (m.type === NLMSG_DONE || m.type === NLMSG_ERROR)) return;
      }
    }
  }

  private sendRequest(type: number, flags: number, payload: Uint8Array): { seq: number; bytes: Uint8Array } {
    const seq = this.nextSeq();
    const bytes = encodeMessage({ type, flags: flags | NLM_F_REQUEST, seq, pid: 0, payload });
    this.transport.send(bytes);
    return { seq, bytes };
  }

  /** The next datagram; `transient`: a view the transport reuses (see Transport.receiveTransient). */
  private receiveOrTimeout(transient = false): Datagram {
    const t = this.transport;
    const d = transient && t.receiveTransient ? t.receiveTransient() : t.receive();
    if (!d) throw new NetlinkTimeoutError('timed out waiting for the kernel');
    return d;
  }

  /**
   * Sort one datagram of a dump's replies: messages for us go to `out`;
   * returns true at the end of the dump (NLMSG_DONE or an ACK) and throws the
   * kernel's error (NLMSG_ERROR, or NLMSG_DONE carrying one). Replies from
   * anyone but the kernel, or to another request, are counted and skipped.
   * Shared by the blocking and the async dump so both obey the same rules.
   * Without `out` it only checks and counts (see dump()).
   */
  private sortDumpReplies(
    d: Datagram,
    req: { seq: number; bytes: Uint8Array },
    type: number,
    state: { interrupted: boolean },
    out?: NetlinkMessage[],
  ): boolean {
    if (d.senderPid !== 0) {
      this.ignored++;
      return false;
    }
    // Headers are read in place; a message object is made only for what is kept or decoded.
    const buf = d.data;
    for (let off = 0; off < buf.length;) {
      const at = off;
      off += align4(messageLengthAt(buf, at));
      if (hostU32(buf, at + 8) !== req.seq) {
        this.ignored++;
        continue;
      }
      if (hostU16(buf, at + 6) & NLM_F_DUMP_INTR) state.interrupted = true;
      const mtype = hostU16(buf, at + 4);
      if (mtype === NLMSG_DONE || mtype === NLMSG_ERROR) {
        const m = messageAt(buf, at);
        const err =
          m.type === NLMSG_DONE
            ? decodeDoneError(m, req.bytes, type, this.protocol)
            : decodeError(m, req.bytes, type, this.protocol);
        if (err) throw err;
        return true;
      }
      if (mtype === NLMSG_NOOP || mtype === NLMSG_OVERRUN) continue;
      out?.push(messageAt(buf, at));
    }
    return false;
  }

  /**
   * Send a dump request and yield each datagram of its replies once sortDumpReplies has checked
   * it whole (a bad header or the kernel's error throws before anything of it is handed on).
   * The one request/receive loop of dump() and dumpEach(): it counts the request in flight and,
   * when its consumer leaves before the end, marks the rest of the dump for discarding before
   * this socket's next request. Runs on the socket it is called on (callers pick it with free()).
   */
  private *checkedDumpDatagrams(
    type: number,
    payload: Uint8Array,
    extraFlags: number,
    state: { interrupted: boolean },
    transient: boolean,
  ): Generator<{ data: Uint8Array; seq: number }, void, undefined> {
    const req = this.sendRequest(type, NLM_F_DUMP | extraFlags, payload);
    this.inFlight++;
    let finished = false;
    try {
      for (;;) {
        const d = this.receiveOrTimeout(transient);
        // An error from the kernel ends its dump: nothing is left to discard.
        finished = true;
        const done = this.sortDumpReplies(d, req, type, state);
        finished = done;
        if (d.senderPid === 0) yield { data: d.data, seq: req.seq };
        if (done) return;
      }
    } finally {
      this.inFlight--;
      if (!finished) this.abandoned = { seq: req.seq };
    }
  }

  /**
   * Stream a dump's messages as they arrive (sync generator, one datagram at
   * a time). Throws NetlinkKernelError when the kernel refuses or the dump
   * fails. Sets `state.interrupted` when any part carried NLM_F_DUMP_INTR.
   *
   * `transient`: each message's payload is a view of the transport's receive
   * buffer, valid only until the next message is asked for (the buffer is
   * read into again). For consumers that handle each message as it comes
   * (route show) or copy what they keep (link show): no copy per datagram.
   */
  *dump(
    type: number,
    payload: Uint8Array,
    extraFlags = 0,
    state: { interrupted: boolean } = { interrupted: false },
    transient = false,
  ): Generator<NetlinkMessage, void, undefined> {
    const on = this.free();
    if (on !== this) return yield* on.dump(type, payload, extraFlags, state, transient);
    // Messages are made one at a time as they are reached: a batch of ~500 route objects per
    // datagram would outlive young-generation GCs. The same walk as handOn(), as a generator.
    for (const { data, seq } of this.checkedDumpDatagrams(type, payload, extraFlags, state, transient)) {
      for (let off = 0; off < data.length;) {
        const m = messageAt(data, off);
        off += messageSpan(m);
        if (isDumpData(m, seq)) yield m;
        else if (isDumpEnd(m, seq)) break;
      }
    }
  }

  /**
   * dump() for a consumer that takes each message in a callback: the same
   * request, rules and `transient` contract, without a generator around the
   * per-message loop. V8 does not optimize a generator's body while it runs
   * (no on-stack replacement), and dump() is entered once per dump, so its
   * per-message loop ran unoptimized for a whole 100,000-route dump: 98-122 ms
   * cold against 30 ms warm. Here that loop is handOn, an ordinary function
   * called per datagram, which V8 compiles early. `each` may throw; the rest of
   * the dump is then discarded before this socket's next request, as for an
   * abandoned dump().
   */
  dumpEach(
    type: number,
    payload: Uint8Array,
    each: (m: NetlinkMessage) => void,
    extraFlags = 0,
    state: { interrupted: boolean } = { interrupted: false },
    transient = false,
  ): void {
    const on = this.free();
    if (on !== this) return on.dumpEach(type, payload, each, extraFlags, state, transient);
    for (const { data, seq } of this.checkedDumpDatagrams(type, payload, extraFlags, state, transient))
      handOn(data, seq, each);
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
    // Loaded here: the blocking commands never need the poll-driven reader.
    const { receiveDatagrams } = await import('./events.js');
    const on = this.free();
    if (on !== this) return yield* on.dumpAsync(type, payload, extraFlags, state);
    const req = this.sendRequest(type, NLM_F_DUMP | extraFlags, payload);
    this.inFlight++;
    // A small read-ahead: the kernel fills the next datagram only when one
    // is read, so a consumer that stops for a while holds the dump there
    // instead of the whole dump piling up in memory.
    const datagrams = receiveDatagrams(this.transport, undefined, { maxQueueBytes: DUMP_READ_AHEAD });
    let finished = false;
    try {
      for (let r = await datagrams.next(); !r.done; r = await datagrams.next()) {
        const d = r.value;
        finished = true;
        if (d instanceof OverrunError) throw d; // a dump reply cannot be resent: the dump is incomplete
        const batch: NetlinkMessage[] = [];
        const done = this.sortDumpReplies(d, req, type, state, batch);
        finished = done;
        yield* batch;
        if (done) return;
      }
    } finally {
      // The consumer stopped early: read the rest of the dump here, through
      // the same reader (it may already hold the end of the dump), so that
      // the socket is clean for the next request.
      try {
        while (!finished) {
          const r = await datagrams.next();
          if (r.done || r.value instanceof OverrunError) break;
          finished = this.sortDumpReplies(r.value, req, type, state, []);
        }
      } catch {
        // The dump ended with an error: it is over all the same.
      } finally {
        await datagrams.return(undefined);
        this.inFlight--;
      }
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
    const on = this.free();
    if (on !== this) return on.request(type, payload, extraFlags);
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

/** A data message of the dump with sequence number `seq` (not DONE/ERROR/NOOP/OVERRUN). */
function isDumpData(m: NetlinkMessage, seq: number): boolean {
  return (
    m.seq === seq &&
    m.type !== NLMSG_DONE &&
    m.type !== NLMSG_ERROR &&
    m.type !== NLMSG_NOOP &&
    m.type !== NLMSG_OVERRUN
  );
}

/** The NLMSG_DONE/NLMSG_ERROR that ends the dump with sequence number `seq`. */
function isDumpEnd(m: NetlinkMessage, seq: number): boolean {
  return m.seq === seq && (m.type === NLMSG_DONE || m.type === NLMSG_ERROR);
}

/**
 * Hand the data messages of one checked datagram (see sortDumpReplies) to
 * `each`, in order, up to the dump's end.
 */
function handOn(buf: Uint8Array, seq: number, each: (m: NetlinkMessage) => void): void {
  for (let off = 0; off < buf.length;) {
    const m = messageAt(buf, off);
    off += messageSpan(m);
    if (isDumpData(m, seq)) each(m);
    else if (isDumpEnd(m, seq)) return;
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
