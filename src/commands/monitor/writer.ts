/**
 * How monitor records are written: ip monitor's text lines (optional
 * timestamp header, optional "[LINK]"-style label), or one JSON object per
 * line (NDJSON): {time, source, group, event, object}.
 */
import type { CommandEnv } from '../env.js';
import type { OverrunError } from '../../netlink/errors.js';
import { datagramHex } from '../../netlink/pump.js';
import { StringOutput, type Output } from '../../output/output.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer } from '../../output/printer.js';

export interface WriterOptions {
  json: boolean;
  /** ip -t: a "Timestamp: ..." line before each event; ip -ts: a "[...] " prefix. */
  timestamp: 'none' | 'long' | 'short';
  /** Print "[LINK]"-style labels (ip monitor all / label). */
  labels: boolean;
  oneline: boolean;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Wall-clock time in microseconds since the epoch (gettimeofday's resolution). */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** iproute2's print_timestamp (lib/utils.c): asctime(localtime) and usec, or the short ISO-like form. */
export function timestampText(us: number, short: boolean): string {
  const d = new Date(Math.floor(us / 1000));
  const usec = us % 1_000_000;
  if (short) {
    const t =
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
      `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    return `[${t}.${pad(usec, 6)}] `;
  }
  return `Timestamp: ${asctime(d)} ${usec} usec\n`;
}

/** asctime(localtime(d)) without its newline ("%.3s %.3s%3d %.2d:%.2d:%.2d %d"). */
export function asctime(d: Date): string {
  return (
    `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]}${String(d.getDate()).padStart(3, ' ')} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getFullYear()}`
  );
}

/** RFC 3339 UTC with microseconds, for the JSON "time" field. */
export function isoMicros(us: number): string {
  const iso = new Date(Math.floor(us / 1000)).toISOString(); // ...ss.mmmZ
  return `${iso.slice(0, 19)}.${pad(us % 1_000_000, 6)}Z`;
}

export interface EventMeta {
  source: string;
  group: string | null;
  /** "new" | "del" for rtnetlink; the event's own name for proc, uevent and genl. */
  event: string;
  /** Text label with `all` (e.g. "[LINK]"). */
  label: string;
}

type Flushable = Output & { flush?: () => void };

/**
 * Every record goes through the print path: `text` writes ip monitor's lines,
 * `record` writes one JSON document per record (NDJSON) straight to the
 * output, and an rtnetlink object is rendered by `object` (a JSON printer
 * reused for every event) into a buffer first, so an object that fails to
 * render half-way leaves nothing on stdout and does not consume a clock
 * reading.
 */
export class EventWriter {
  private readonly text: Printer;
  private readonly record: Printer;
  private readonly objectOut = new StringOutput();
  private readonly object: Printer;
  private tick = 0;
  /** Records dropped because the reader of stdout fell behind, not yet reported. */
  private dropped = 0;
  /**
   * The time of a record. The clock is a system fact: --record stores each
   * reading and --replay serves it back, so replayed output is identical.
   */
  readonly clock = (): number => this.env.fact(`monitor-time:${this.tick++}`, nowMicros);

  constructor(
    private readonly env: CommandEnv,
    readonly opts: WriterOptions,
  ) {
    this.text = new Printer(env.out, { json: false, oneline: opts.oneline, colorize: env.colorize });
    this.record = new Printer(env.out, { json: true });
    this.object = new Printer(this.objectOut, { json: true });
  }

  private header(label: string): void {
    if (this.opts.timestamp !== 'none')
      this.text.fp(timestampText(this.clock(), this.opts.timestamp === 'short'));
    if (this.opts.labels && label) this.text.fp(label);
  }

  /** The fields every event record starts with. */
  private startEvent(meta: EventMeta, time: number): Printer {
    const r = this.record;
    r.startRecord();
    r.string(PRINT_JSON, 'time', '', isoMicros(time));
    r.string(PRINT_JSON, 'source', '', meta.source);
    if (meta.group === null) r.null(PRINT_JSON, 'group', '', '');
    else r.string(PRINT_JSON, 'group', '', meta.group);
    r.string(PRINT_JSON, 'event', '', meta.event);
    return r;
  }

  /** One event: `render` writes the object through the printer it is given (text or a JSON printer). */
  event(meta: EventMeta, render: (p: Printer) => void): void {
    if (!this.admit()) return;
    if (!this.opts.json) {
      this.header(meta.label);
      render(this.text);
      return;
    }
    const o = this.object;
    o.reset();
    this.objectOut.text = '';
    render(o);
    const body = this.objectOut.text;
    this.objectOut.text = '';
    const r = this.startEvent(meta, this.clock());
    r.literal(PRINT_JSON, 'object', '', body === '' ? '{}' : body);
    r.endRecord();
  }

  /** One event whose object is plain data (proc, uevent, genl); `text` is its text form, newline included. */
  plain(meta: EventMeta, object: unknown, text: string): void {
    if (!this.admit()) return;
    if (!this.opts.json) {
      this.header(meta.label);
      this.text.fp(text);
      return;
    }
    const r = this.startEvent(meta, this.clock());
    if (object !== undefined) r.value('object', object);
    r.endRecord();
  }

  /** A monitor record that is not an event: lost, resync-start, resync-end. */
  notice(event: 'lost' | 'resync-start' | 'resync-end', fields: Record<string, unknown>, text: string): void {
    if (!this.admit()) return;
    this.write(event, fields, text);
  }

  /**
   * A saved stream's NLMSG_TSTAMP (rtmon writes one first): print_nlmsg_timestamp's
   * "Timestamp: <asctime of local time> N us" line, with no -t prefix as in ip;
   * in JSON a "timestamp" record whose "at" is that moment.
   */
  savedTimestamp(secs: number, usecs: number): void {
    if (!this.admit()) return;
    if (this.opts.json) this.write('timestamp', { at: isoMicros(secs * 1e6 + usecs) }, '');
    else this.text.fp(`Timestamp: ${asctime(new Date(secs * 1000))} ${usecs} us\n`);
  }

  private write(event: string, fields: Record<string, unknown>, text: string): void {
    if (!this.opts.json) {
      if (this.opts.timestamp !== 'none')
        this.text.fp(timestampText(this.clock(), this.opts.timestamp === 'short'));
      this.text.fp(text + '\n');
      return;
    }
    const r = this.record;
    r.startRecord();
    r.string(PRINT_JSON, 'time', '', isoMicros(this.clock()));
    r.string(PRINT_JSON, 'event', '', event);
    for (const k of Object.keys(fields)) if (k !== 'time' && k !== 'event') r.value(k, fields[k]);
    r.endRecord();
  }

  /** The kernel dropped events (ENOBUFS): say so at once, in text and JSON alike. */
  lost(e: OverrunError): void {
    this.notice(
      'lost',
      { errno: e.errno, code: e.code, message: e.description },
      `[LOST] ${e.code}: ${e.description}: the receive queue overflowed, events were dropped`,
    );
    this.flush();
  }

  /**
   * Whether a record may be written now. While stdout's reader lags (the
   * output is congested) records are dropped and counted; the first record
   * written after that is preceded by a `lost` record with the count, so
   * memory stays bounded and the loss is explicit, as for ENOBUFS.
   */
  private admit(): boolean {
    if (this.env.out.congested?.()) {
      this.dropped++;
      return false;
    }
    if (this.dropped > 0) {
      const n = this.dropped;
      this.dropped = 0;
      this.write(
        'lost',
        { cause: 'output', dropped: n, message: 'the reader of the output fell behind' },
        `[LOST] ${n} record${n === 1 ? '' : 's'} dropped: the reader of the output fell behind`,
      );
    }
    return true;
  }

  /**
   * A datagram that could not be decoded, reported and skipped: text
   * `[MALFORMED] reason hex`, JSON {"malformed":{reason,length,hex,truncated}}
   * (hex of at most the first 256 bytes).
   */
  malformed(data: Uint8Array, reason: string): void {
    if (!this.admit()) return;
    const h = datagramHex(data);
    const r = this.opts.json ? this.record : this.text;
    r.startRecord();
    r.openObject('malformed');
    r.string(PRINT_ANY, 'reason', '[MALFORMED] %s', reason);
    r.number(PRINT_JSON, 'length', '', h.length);
    r.string(PRINT_ANY, 'hex', ' %s', h.hex);
    r.bool(PRINT_JSON, 'truncated', '', h.truncated);
    if (h.truncated) r.number(PRINT_FP, null, '... (%u bytes)', h.length);
    r.closeObject();
    r.fp('\n');
    r.endRecord();
    this.flush();
  }

  /** Push everything written so far to the file descriptor. */
  flush(): void {
    (this.env.out as Flushable).flush?.();
  }
}
