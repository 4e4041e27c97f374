/**
 * The one receive loop every long-lived netlink listener runs on: the
 * monitors, dropwatch, `raw listen`, the library's event streams and
 * `Connection.dumpAsync` (through receiveDatagrams).
 *
 * Reading and handling are split: each turn first moves everything the
 * socket holds into a bounded queue (cheap: one recv per datagram), then
 * handles a batch (decode, render, write). The kernel's buffer is emptied
 * as fast as it can be, bursts are absorbed in user space, and memory stays
 * bounded: past QUEUE_MAX_BYTES the pump stops reading, the kernel buffer
 * fills and the kernel reports the overrun (ENOBUFS), which becomes an
 * in-order `lost` call, never a crash.
 *
 * Two things never reach the handlers as events:
 * - a datagram from a sender the `senders` filter refuses (by default
 *   anything but the kernel, port id 0: any root process can send to a
 *   multicast group or to our port, and what it forges must not be shown
 *   as the kernel's word). They are counted, like ip, which drops them
 *   silently;
 * - a datagram the handler cannot decode (it throws a CodecError): it goes
 *   to `malformed` and the pump carries on with the next one.
 */
import { CodecError } from './codec/errors.js';
import { NetlinkSocketError, OverrunError, QueueOverrunError } from './errors.js';
import { ENOBUFS } from './gen/errno.js';
import type { Datagram, Transport } from './transport.js';

/** Datagrams handled per turn before the event loop gets its turn (signals, timers). */
export const BATCH = 1024;
/** Bound on datagrams read ahead of handling. */
export const QUEUE_MAX_BYTES = 64 * 1024 * 1024;

/** Consecutive poll errors with no datagram in between before the pump gives up. */
const MAX_POLL_ERRORS = 100;

/** A handler's answer: go on (true), stop (false), or a promise of either (the pump waits for it). */
export type PumpResult = boolean | Promise<boolean>;

export interface PumpHandlers {
  /** One datagram; return false to stop the pump (e.g. --count reached). */
  datagram(d: Datagram): PumpResult;
  /** The socket overflowed: events were dropped by the kernel. Return false to stop. */
  lost(e: OverrunError): PumpResult;
  /**
   * `datagram` threw a CodecError for `d` (truncated header, a length past
   * the end…). Return false to stop. Without this handler the error ends the
   * pump, as any other error a handler throws does.
   */
  malformed?(d: Datagram, error: CodecError): PumpResult;
  /** After each batch: flush output so nothing waits in a buffer while we sleep. */
  idle?(): void;
}

/** Which senders' datagrams are handled: the kernel's only (port id 0), anyone's, or a predicate. */
export type SenderFilter = 'kernel' | 'any' | ((d: Datagram) => boolean);

export interface PumpOptions {
  /** Ends the pump (SIGINT, --duration, the consumer going away). */
  signal?: AbortSignal;
  /** Default 'kernel'. */
  senders?: SenderFilter;
  /** Bound on the bytes of datagrams read ahead of handling (default QUEUE_MAX_BYTES). */
  maxQueueBytes?: number;
  /**
   * What happens when the queue is full. 'wait' (the default): stop reading;
   * a dump then simply pauses, and a multicast listener's socket fills until
   * the kernel drops and reports ENOBUFS (a `lost` with no count). 'drop': go
   * on reading and drop what does not fit, counting the messages; the handler
   * then gets one QueueOverrunError (`lost`) at the place of the gap, carrying
   * the exact count. For listeners whose consumer may be slow.
   */
  overflow?: 'wait' | 'drop';
}

/** What a pump saw besides the events it handed on. */
export interface PumpStats {
  /** Datagrams refused by the sender filter. */
  ignored: number;
  /** Datagrams reported to `malformed`. */
  malformed: number;
}

/** True for the kernel's datagrams (sender port id 0). */
export const fromKernel = (d: Datagram): boolean => d.senderPid === 0;

function senderPredicate(f: SenderFilter | undefined): (d: Datagram) => boolean {
  if (f === undefined || f === 'kernel') return fromKernel;
  if (f === 'any') return () => true;
  return f;
}

/** Netlink messages in a datagram: the nlmsg_len chain, as far as it is sane. */
function countMessages(data: Uint8Array): number {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let n = 0;
  for (let off = 0; off + 16 <= data.length; n++) {
    const len = v.getUint32(off, true);
    if (len < 16) return n + 1;
    off += (len + 3) & ~3;
  }
  return Math.max(n, 1);
}

/** A head index over an array that is reset when empty. */
class Queue {
  private items: (Datagram | OverrunError)[] = [];
  private head = 0;
  bytes = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(x: Datagram | OverrunError): void {
    this.items.push(x);
    if (!(x instanceof OverrunError)) this.bytes += x.data.length;
  }
  shift(): Datagram | OverrunError | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as Datagram;
    if (!(x instanceof OverrunError)) this.bytes -= x.data.length;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 65536) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

const isPromise = (x: PumpResult): x is Promise<boolean> => typeof x === 'object' && x !== null;

/**
 * Run until the signal aborts, a handler returns false, or a handler throws
 * (the promise then rejects with that error). The watch is always released.
 * `stats` (when given) is kept up to date as the pump runs.
 */
export function pump(
  t: Transport,
  handlers: PumpHandlers,
  options: PumpOptions | AbortSignal | undefined = {},
  stats: PumpStats = { ignored: 0, malformed: 0 },
): Promise<void> {
  const opts: PumpOptions = options instanceof AbortSignal ? { signal: options } : (options ?? {});
  const signal = opts.signal;
  const accept = senderPredicate(opts.senders);
  const h = handlers;
  return new Promise<void>((resolve, reject) => {
    let done = false;
    let stopWatch: (() => void) | undefined;
    let scheduled = false;
    /** A handler's promise is pending: read on, handle nothing. */
    let busy = false;
    let pollErrors = 0;
    const queue = new Queue();
    const maxBytes = opts.maxQueueBytes ?? QUEUE_MAX_BYTES;
    const dropWhenFull = opts.overflow === 'drop';
    /** The marker at the end of the queue that counts what is being dropped, while it is there. */
    let gap: QueueOverrunError | null = null;
    const idle = (): void => h.idle?.();
    const finish = (err?: unknown): void => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      stopWatch?.();
      if (err === undefined) resolve();
      else reject(err instanceof Error ? err : new Error(String(err)));
    };
    const onAbort = (): void => {
      try {
        idle();
        finish();
      } catch (e) {
        finish(e);
      }
    };
    /**
     * Move what the socket holds into the queue, up to the memory bound (or,
     * with overflow 'drop', read all and count what does not fit).
     */
    const readAll = (): void => {
      while (dropWhenFull || queue.bytes < maxBytes) {
        let d: Datagram | null;
        try {
          d = t.tryReceive();
        } catch (e) {
          if (e instanceof OverrunError) {
            queue.push(e);
            gap = null;
            continue;
          }
          throw e;
        }
        if (!d) return;
        if (!dropWhenFull || queue.bytes + d.data.length <= maxBytes || queue.size === 0) {
          queue.push(d);
          gap = null;
          continue;
        }
        if (!accept(d)) {
          stats.ignored++;
          continue;
        }
        if (!gap) {
          gap = new QueueOverrunError(ENOBUFS);
          queue.push(gap);
        }
        gap.dropped += countMessages(d.data);
      }
    };
    const schedule = (): void => {
      if (scheduled || done) return;
      scheduled = true;
      setImmediate(turn);
    };
    /** Hand one queued item on; a promise when the handler answered with one. */
    const handle = (x: Datagram | OverrunError): PumpResult => {
      if (x instanceof OverrunError) return h.lost(x);
      pollErrors = 0;
      if (!accept(x)) {
        stats.ignored++;
        return true;
      }
      const bad = (e: unknown): PumpResult => {
        if (!(e instanceof CodecError) || !h.malformed) throw e;
        stats.malformed++;
        return h.malformed(x, e);
      };
      let r: PumpResult;
      try {
        r = h.datagram(x);
      } catch (e) {
        return bad(e);
      }
      return isPromise(r) ? r.catch(bad) : r;
    };
    const turn = (): void => {
      scheduled = false;
      if (done) return;
      try {
        readAll();
        if (busy) return;
        for (let i = 0; i < BATCH && !done; i++) {
          const x = queue.shift();
          if (x === undefined) break;
          if (x === gap) gap = null; // handed on: later drops start a new gap
          const go = handle(x);
          if (isPromise(go)) {
            busy = true;
            go.then(
              (more) => {
                busy = false;
                if (done) return;
                if (!more) return finish();
                schedule();
              },
              (e: unknown) => finish(e),
            );
            return;
          }
          if (!go) {
            idle();
            return finish();
          }
          // Keep the kernel buffer empty while a long batch is handled.
          if ((i & 127) === 127) readAll();
        }
        idle();
        // More is queued: come back after the event loop has had its turn.
        if (queue.size > 0) schedule();
      } catch (e) {
        finish(e);
      }
    };
    /**
     * An overrun sets the socket's error (sk_err = ENOBUFS), which epoll reports as
     * EPOLLERR; libuv then stops the poll and calls back with UV_EBADF although the
     * socket is fine. Read on (tryReceive turns the pending error into `lost`) and
     * watch again. A poll error that repeats without any datagram arriving in
     * between is real and ends the pump.
     */
    const onWatchError = (e: unknown): void => {
      if (done) return;
      if (!(e instanceof NetlinkSocketError && e.syscall === 'poll') || ++pollErrors > MAX_POLL_ERRORS)
        return finish(e);
      stopWatch?.();
      stopWatch = undefined;
      setImmediate(() => {
        if (done) return;
        turn();
        if (!done) stopWatch = t.watch(turn, onWatchError);
      });
    };
    if (signal?.aborted) return finish();
    signal?.addEventListener('abort', onAbort);
    stopWatch = t.watch(turn, onWatchError);
    if (done) stopWatch();
    else turn(); // anything queued before the watch started
  });
}

/** An AbortSignal that fires on the outer signal or after `ms` (when given); `dispose` clears the timer. */
export function stopSignal(
  outer: AbortSignal | undefined,
  ms: number | undefined,
): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const onOuter = (): void => ac.abort();
  if (outer?.aborted) ac.abort();
  outer?.addEventListener('abort', onOuter);
  const timer = ms === undefined ? undefined : setTimeout(() => ac.abort(), ms);
  return {
    signal: ac.signal,
    dispose: () => {
      if (timer) clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** The datagram as a bounded report: its length, the hex of its first `max` bytes, whether that was all. */
export function datagramHex(
  data: Uint8Array,
  max = 256,
): { length: number; hex: string; truncated: boolean } {
  const head = data.subarray(0, max);
  return {
    length: data.length,
    hex: Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('hex'),
    truncated: data.length > max,
  };
}
