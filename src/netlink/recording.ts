import { readFileSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { fromHex, toHex } from './codec/bytes.js';
import { parseMessages, setMessageSeq } from './codec/message.js';
import type { Datagram, OpenOptions, Transport, TransportFactory } from './transport.js';
import { OverrunError } from './errors.js';
import { ENOBUFS } from './native.js';

/**
 * A recording: every request a command sent and every datagram the kernel
 * answered, per socket, with the kernel version and the command line. It is
 * written by `nlts --record FILE …` and read back by `nlts --replay FILE …`.
 */
export interface Recording {
  format: 'nlts-netlink-recording';
  version: 1;
  kernel: string;
  command: string;
  sockets: RecordedSocket[];
  /**
   * Facts a command read from the system rather than from a netlink socket
   * it owns (for example which named namespace has which nsid); replay
   * answers them from here instead of looking at the machine.
   */
  facts?: Record<string, unknown>;
}

export interface RecordedSocket {
  protocol: number;
  netns: string | null;
  exchanges: RecordedExchange[];
}

export interface RecordedExchange {
  /** Hex of the bytes sent; null for datagrams that arrived unasked (events). */
  request: string | null;
  /**
   * Each received datagram: hex, or an object when it came from a port other
   * than the kernel or a group; `{ overrun: true }` where the receive failed
   * with ENOBUFS (the kernel dropped messages), so loss replays too.
   */
  replies: (string | RecordedDatagram | RecordedOverrun)[];
}

export interface RecordedOverrun {
  overrun: true;
}

export interface RecordedDatagram {
  data: string;
  from?: number;
  groups?: number;
  group?: number;
  nsid?: number;
}

/** The hex bytes of a recorded reply; null for an overrun marker. */
export function replyHex(r: string | RecordedDatagram | RecordedOverrun): string | null {
  if (typeof r === 'string') return r;
  return 'overrun' in r ? null : r.data;
}

function encodeDatagram(d: Datagram): string | RecordedDatagram {
  const hex = toHex(d.data);
  if (d.senderPid === 0 && d.senderGroups === 0 && d.group < 0 && d.nsid === null) return hex;
  const r: RecordedDatagram = { data: hex };
  if (d.senderPid !== 0) r.from = d.senderPid;
  if (d.senderGroups !== 0) r.groups = d.senderGroups;
  if (d.group >= 0) r.group = d.group;
  if (d.nsid !== null) r.nsid = d.nsid;
  return r;
}

function decodeDatagram(r: string | RecordedDatagram): Datagram {
  const o = typeof r === 'string' ? { data: r } : r;
  return {
    data: fromHex(o.data),
    senderPid: o.from ?? 0,
    senderGroups: o.groups ?? 0,
    group: o.group ?? -1,
    nsid: o.nsid ?? null,
  };
}

/** Wraps a factory so every socket it opens is recorded; save() writes the file. */
export class Recorder {
  private readonly sockets: RecordedSocket[] = [];
  private readonly facts: Record<string, unknown> = {};

  /** Compute a system fact live and keep it in the recording. */
  fact<T>(key: string, compute: () => T): T {
    const v = compute();
    this.facts[key] = v;
    return v;
  }

  constructor(
    private readonly inner: TransportFactory,
    private readonly command: string,
  ) {}

  readonly factory: TransportFactory = (protocol: number, options?: OpenOptions): Transport => {
    const rec: RecordedSocket = { protocol, netns: options?.netns ?? null, exchanges: [] };
    this.sockets.push(rec);
    return new RecordingTransport(this.inner(protocol, options), rec);
  };

  toJSON(): Recording {
    return {
      format: 'nlts-netlink-recording',
      version: 1,
      kernel: release(),
      command: this.command,
      sockets: this.sockets,
      ...(Object.keys(this.facts).length ? { facts: this.facts } : {}),
    };
  }

  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.toJSON(), null, 1) + '\n');
  }
}

class RecordingTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly rec: RecordedSocket,
  ) {}
  get protocol(): number {
    return this.inner.protocol;
  }
  get portId(): number {
    return this.inner.portId;
  }
  private current(): RecordedExchange {
    let ex = this.rec.exchanges.at(-1);
    if (!ex) {
      ex = { request: null, replies: [] };
      this.rec.exchanges.push(ex);
    }
    return ex;
  }
  send(data: Uint8Array, portId?: number, groups?: number): void {
    this.inner.send(data, portId, groups);
    this.rec.exchanges.push({ request: toHex(data), replies: [] });
  }
  private note(read: () => Datagram | null): Datagram | null {
    let d: Datagram | null;
    try {
      d = read();
    } catch (e) {
      if (e instanceof OverrunError) this.current().replies.push({ overrun: true });
      throw e;
    }
    if (d) this.current().replies.push(encodeDatagram(d));
    return d;
  }
  receive(): Datagram | null {
    return this.note(() => this.inner.receive());
  }
  tryReceive(): Datagram | null {
    return this.note(() => this.inner.tryReceive());
  }
  watch(cb: () => void, onError?: (err: unknown) => void): () => void {
    return this.inner.watch(cb, onError);
  }
  setOption(level: number, name: number, value: number): void {
    this.inner.setOption(level, name, value);
  }
  getOption(level: number, name: number): number {
    return this.inner.getOption(level, name);
  }
  setReceiveTimeout(ms: number): void {
    this.inner.setReceiveTimeout(ms);
  }
  close(): void {
    this.inner.close();
  }
}

/** The replayed command sent something other than what was recorded. */
export class ReplayMismatchError extends Error {
  override readonly name = 'ReplayMismatchError';
}

/** Requests are compared with nlmsg_seq and nlmsg_pid blanked: those differ between runs by design. */
function normaliseRequest(bytes: Uint8Array): string {
  const copy = new Uint8Array(bytes);
  let off = 0;
  for (const m of parseMessages(copy)) {
    copy.fill(0, off + 8, off + 16);
    off += (16 + m.payload.length + 3) & ~3;
  }
  return toHex(copy);
}

/** Serves a recording back: sockets in the order they were opened, replies in the order received. */
export class Replayer {
  private next = 0;
  constructor(readonly recording: Recording) {}

  static load(path: string): Replayer {
    const rec = JSON.parse(readFileSync(path, 'utf8')) as Recording;
    if (rec.format !== 'nlts-netlink-recording' || rec.version !== 1) {
      throw new Error(`${path}: not an nlts recording (format/version)`);
    }
    return new Replayer(rec);
  }

  /** A fact as recorded; a fact the recording lacks is a mismatch, not a silent live lookup. */
  fact<T>(key: string): T {
    const facts = this.recording.facts ?? {};
    if (!(key in facts)) throw new ReplayMismatchError(`replay: the recording has no fact "${key}"`);
    return facts[key] as T;
  }

  readonly factory: TransportFactory = (protocol: number): Transport => {
    const rec = this.recording.sockets[this.next++];
    if (!rec) throw new ReplayMismatchError(`replay: the recording has no socket #${this.next}`);
    if (rec.protocol !== protocol) {
      throw new ReplayMismatchError(
        `replay: socket #${this.next} is protocol ${rec.protocol}, not ${protocol}`,
      );
    }
    return new ReplayTransport(rec);
  };
}

class ReplayTransport implements Transport {
  readonly portId = 0x4e4c5453 >>> 0; // fixed, so replayed output never depends on the run
  private exchange = -1;
  private reply = 0;
  private liveSeq: number | null = null;

  constructor(private readonly rec: RecordedSocket) {
    // Datagrams received before any request (events) are served first.
    if (rec.exchanges[0]?.request === null) this.exchange = 0;
  }
  get protocol(): number {
    return this.rec.protocol;
  }
  send(data: Uint8Array): void {
    const ex = this.rec.exchanges[this.exchange + 1];
    if (!ex || ex.request === null) {
      throw new ReplayMismatchError('replay: the command sent more requests than were recorded');
    }
    if (normaliseRequest(data) !== normaliseRequest(fromHex(ex.request))) {
      throw new ReplayMismatchError(
        `replay: request #${this.exchange + 2} differs from the recording\n  sent:     ${toHex(data)}\n  recorded: ${ex.request}`,
      );
    }
    this.exchange++;
    this.reply = 0;
    const first = parseMessages(data).next();
    this.liveSeq = first.done ? null : first.value.seq;
  }
  private take(): Datagram | null {
    const ex = this.rec.exchanges[this.exchange];
    const raw = ex?.replies[this.reply];
    if (raw === undefined) return null;
    this.reply++;
    if (typeof raw !== 'string' && 'overrun' in raw) {
      throw new OverrunError('recvmsg', ENOBUFS, 'ENOBUFS', 'No buffer space available');
    }
    const d = decodeDatagram(raw);
    if (this.liveSeq !== null && d.senderPid === 0) {
      // Answer the live sequence number, as the kernel would have.
      let off = 0;
      for (const m of parseMessages(d.data)) {
        if (m.seq !== 0) setMessageSeq(d.data, off, this.liveSeq);
        off += (16 + m.payload.length + 3) & ~3;
      }
    }
    return d;
  }
  receive(): Datagram | null {
    return this.take();
  }
  tryReceive(): Datagram | null {
    return this.receive();
  }
  watch(cb: () => void): () => void {
    let stopped = false;
    const tick = (): void => {
      if (stopped) return;
      cb();
      if (this.hasMore()) setImmediate(tick);
    };
    setImmediate(tick);
    return () => {
      stopped = true;
    };
  }
  private hasMore(): boolean {
    const ex = this.rec.exchanges[this.exchange];
    return ex !== undefined && this.reply < ex.replies.length;
  }
  setOption(): void {}
  getOption(): number {
    return 0;
  }
  setReceiveTimeout(): void {}
  close(): void {}
}
