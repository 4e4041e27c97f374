import { writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { fromHex, toHex } from './codec/bytes.js';
import { parseMessages, setMessageSeq } from './codec/message.js';
import type { Datagram, OpenOptions, Transport, TransportFactory } from './transport.js';
import { OverrunError } from './errors.js';

import { InputFileError, MAX_RECORDING_BYTES, readFileBounded } from './bounded-read.js';
import { ENOBUFS } from './gen/errno.js';

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

// Defined in errors.ts, which every reader already loads (names.ts need not load the recorder).
export { ReplayMismatchError } from './errors.js';
import { ReplayMismatchError } from './errors.js';

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

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  EIO: 'Input/output error',
};

class RecordingShapeError extends Error {}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isUint = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

function shape(where: string, what: string): never {
  throw new RecordingShapeError(`${where}: ${what}`);
}

function checkHex(v: unknown, where: string): void {
  if (typeof v !== 'string') shape(where, 'not a hex string');
  if (!HEX.test(v)) shape(where, v.length % 2 ? 'hex of odd length' : 'not hex');
}

function checkReply(r: unknown, where: string): void {
  if (typeof r === 'string') return checkHex(r, where);
  if (!isObject(r)) shape(where, 'not a hex string or an object');
  if ('overrun' in r) {
    if (r.overrun !== true) shape(`${where}.overrun`, 'not true');
    return;
  }
  checkHex(r.data, `${where}.data`);
  if (r.from !== undefined && !isUint(r.from, 0xffffffff)) shape(`${where}.from`, 'not a port id');
  if (r.groups !== undefined && !isUint(r.groups, 0xffffffff)) shape(`${where}.groups`, 'not a group mask');
  if (r.group !== undefined && !isUint(r.group, 0xffffffff)) shape(`${where}.group`, 'not a group number');
  if (r.nsid !== undefined && !(Number.isInteger(r.nsid) && Math.abs(r.nsid as number) <= 2 ** 31))
    shape(`${where}.nsid`, 'not an nsid');
}

const isStringRecord = (v: unknown, ok: (x: unknown) => boolean): boolean =>
  isObject(v) && Object.values(v).every(ok);

/**
 * The facts whose shape nlts knows (the ones its commands store): a value of
 * another shape is a broken recording, said plainly instead of failing later
 * inside a command. Keys nlts does not know are passed through.
 */
function factProblem(key: string, v: unknown): string | null {
  if (key === 'named-netns-by-nsid') {
    const ok =
      Array.isArray(v) &&
      v.every(
        (e) => Array.isArray(e) && e.length === 2 && Number.isInteger(e[0]) && typeof e[1] === 'string',
      );
    return ok ? null : 'not a list of [nsid, name] pairs';
  }
  if (key === 'iproute2-files') {
    const ok =
      isObject(v) &&
      isStringRecord(v.files, (x) => x === null || typeof x === 'string') &&
      isStringRecord(v.dirs, (x) => Array.isArray(x) && x.every((n) => typeof n === 'string'));
    return ok ? null : 'not { files, dirs } of texts and name lists';
  }
  if (key.startsWith('monitor-time:'))
    return typeof v === 'number' && Number.isFinite(v) ? null : 'not a number';
  if (key.startsWith('proc-comm:'))
    return v === null || typeof v === 'string' ? null : 'not a string or null';
  return null;
}

/** The recording's shape, field by field, as Recorder writes it; the first problem names its place. */
function checkRecording(v: unknown): Recording {
  if (!isObject(v)) shape('the file', 'not a JSON object');
  if (v.format !== 'nlts-netlink-recording' || v.version !== 1)
    shape('the file', 'not an nlts recording (format/version)');
  if (v.kernel !== undefined && typeof v.kernel !== 'string') shape('kernel', 'not a string');
  if (v.command !== undefined && typeof v.command !== 'string') shape('command', 'not a string');
  if (v.facts !== undefined && !isObject(v.facts)) shape('facts', 'not an object');
  if (!Array.isArray(v.sockets)) shape('sockets', v.sockets === undefined ? 'missing' : 'not an array');
  v.sockets.forEach((sock: unknown, i: number) => {
    const at = `sockets[${i}]`;
    if (!isObject(sock)) shape(at, 'not an object');
    if (!isUint(sock.protocol, 0xffff))
      shape(`${at}.protocol`, sock.protocol === undefined ? 'missing' : 'not a protocol number');
    if (sock.netns !== undefined && sock.netns !== null && typeof sock.netns !== 'string')
      shape(`${at}.netns`, 'not a string or null');
    if (!Array.isArray(sock.exchanges))
      shape(`${at}.exchanges`, sock.exchanges === undefined ? 'missing' : 'not an array');
    sock.exchanges.forEach((ex: unknown, j: number) => {
      const eat = `${at}.exchanges[${j}]`;
      if (!isObject(ex)) shape(eat, 'not an object');
      if (!('request' in ex)) shape(`${eat}.request`, 'missing');
      if (ex.request !== null) checkHex(ex.request, `${eat}.request`);
      if (!Array.isArray(ex.replies))
        shape(`${eat}.replies`, ex.replies === undefined ? 'missing' : 'not an array');
      ex.replies.forEach((r: unknown, k: number) => checkReply(r, `${eat}.replies[${k}]`));
    });
  });
  return v as unknown as Recording;
}

/** Serves a recording back: sockets in the order they were opened, replies in the order received. */
export class Replayer {
  private next = 0;
  constructor(
    readonly recording: Recording,
    /** The file it came from, for messages. */
    readonly path?: string,
  ) {}

  /**
   * Read and check a recording file. Anything wrong with it (unreadable, too
   * large, not JSON, a field of the wrong shape or type, bad hex) is one
   * InputFileError "cannot replay FILE: …" naming the field, before any
   * command runs, so nothing later trips over a half-valid recording.
   */
  static load(path: string): Replayer {
    const fail = (why: string): never => {
      throw new InputFileError(`cannot replay ${path}: ${why}`);
    };
    let text: string;
    try {
      text = readFileBounded(path, MAX_RECORDING_BYTES, 'recording').toString('utf8');
    } catch (e) {
      if (e instanceof InputFileError) return fail(`larger than ${MAX_RECORDING_BYTES / 2 ** 20} MiB`);
      const err = e as NodeJS.ErrnoException;
      return fail(FILE_ERRORS[err.code ?? ''] ?? err.code ?? err.message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return fail(`not JSON (${(e as Error).message})`);
    }
    try {
      return new Replayer(checkRecording(json), path);
    } catch (e) {
      if (e instanceof RecordingShapeError) return fail(e.message);
      throw e;
    }
  }

  /** A fact as recorded; a fact the recording lacks is a mismatch, not a silent live lookup. */
  fact<T>(key: string): T {
    const facts = this.recording.facts ?? {};
    if (!(key in facts)) throw new ReplayMismatchError(`replay: the recording has no fact "${key}"`);
    const v = facts[key];
    const why = factProblem(key, v);
    if (why) throw new InputFileError(`cannot replay ${this.path ?? 'the recording'}: facts.${key}: ${why}`);
    return v as T;
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
        `replay: request #${this.exchange + 2} differs from the recording (sent ${toHex(data)}, recorded ${ex.request})`,
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
