/**
 * The datagram pump every monitor source runs on.
 *
 * Reading and handling are split: each turn first moves everything the
 * socket holds into a bounded queue (cheap: one recv per datagram), then
 * handles a batch (decode, render, write). The kernel's buffer is emptied
 * as fast as it can be, bursts are absorbed in user space, and memory stays
 * bounded: past QUEUE_MAX_BYTES the pump stops reading, the kernel buffer
 * fills and the kernel reports the overrun (ENOBUFS), which becomes an
 * in-order `lost` call, never a crash.
 */
import { NetlinkSocketError, OverrunError } from '../../netlink/errors.js';
import type { Datagram, Transport } from '../../netlink/transport.js';

/** Datagrams handled per turn before the event loop gets its turn (signals, timers). */
export const BATCH = 1024;
/** Bound on datagrams read ahead of handling. */
export const QUEUE_MAX_BYTES = 64 * 1024 * 1024;

/** Consecutive poll errors with no datagram in between before the pump gives up. */
const MAX_POLL_ERRORS = 100;

export interface PumpHandlers {
  /** One datagram; return false to stop the pump (e.g. --count reached). */
  datagram(d: Datagram): boolean;
  /** The socket overflowed: events were dropped by the kernel. Return false to stop. */
  lost(e: OverrunError): boolean;
  /** After each batch: flush output so nothing waits in a buffer while we sleep. */
  idle(): void;
}

/** A fixed-capacity ring would do too; a head index over an array that is reset when empty is enough. */
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

/**
 * Run until `signal` aborts, a handler returns false, or a handler throws
 * (the promise then rejects with that error). The watch is always released.
 */
export function pump(t: Transport, handlers: PumpHandlers, signal: AbortSignal | undefined): Promise<void> {
  let h = handlers;
  return new Promise<void>((resolve, reject) => {
    let done = false;
    let stopWatch: (() => void) | undefined;
    let scheduled = false;
    const queue = new Queue();
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
        h.idle();
        finish();
      } catch (e) {
        finish(e);
      }
    };
    /** Move what the socket holds into the queue, up to the memory bound. */
    const readAll = (): void => {
      while (queue.bytes < QUEUE_MAX_BYTES) {
        let d: Datagram | null;
        try {
          d = t.tryReceive();
        } catch (e) {
          if (e instanceof OverrunError) {
            queue.push(e);
            continue;
          }
          throw e;
        }
        if (!d) return;
        queue.push(d);
      }
    };
    const turn = (): void => {
      scheduled = false;
      if (done) return;
      try {
        readAll();
        for (let i = 0; i < BATCH && !done; i++) {
          const x = queue.shift();
          if (x === undefined) break;
          const go = x instanceof OverrunError ? h.lost(x) : h.datagram(x);
          if (!go) {
            h.idle();
            return finish();
          }
          // Keep the kernel buffer empty while a long batch is handled.
          if ((i & 127) === 127) readAll();
        }
        h.idle();
        if (queue.size > 0 && !scheduled) {
          // More is queued: come back after the event loop has had its turn.
          scheduled = true;
          setImmediate(turn);
        }
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
    let pollErrors = 0;
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
    const progress = h.datagram;
    h = { ...h, datagram: (d) => ((pollErrors = 0), progress(d)) };
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
