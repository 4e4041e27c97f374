import { parseMessages, type NetlinkMessage } from './codec/message.js';
import { OverrunError } from './errors.js';
import { NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, SOL_NETLINK } from './native.js';
import type { Datagram, Transport } from './transport.js';

/** What a long-lived listener sees: messages, or an explicit notice that some were lost. */
export type NetlinkEvent =
  { kind: 'message'; message: NetlinkMessage; datagram: Datagram } | { kind: 'lost'; error: OverrunError };

export function joinGroup(t: Transport, group: number): void {
  t.setOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
}

export function leaveGroup(t: Transport, group: number): void {
  t.setOption(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
}

/**
 * Stream everything that arrives on `t` as an async iterable, driven by the
 * native readiness poll (no busy loop, no timers). An overrun (ENOBUFS) is
 * yielded as a `lost` event and the stream continues: the caller decides how
 * to resynchronise. Ends when `signal` aborts; the poll is always released.
 */
export async function* receiveEvents(t: Transport, signal?: AbortSignal): AsyncGenerator<NetlinkEvent> {
  const queue: NetlinkEvent[] = [];
  let wake: (() => void) | null = null;
  let failure: unknown = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const drain = (): void => {
    for (;;) {
      let d: Datagram | null;
      try {
        d = t.tryReceive();
      } catch (e) {
        if (e instanceof OverrunError) {
          queue.push({ kind: 'lost', error: e });
          continue;
        }
        throw e;
      }
      if (!d) break;
      for (const message of parseMessages(d.data)) queue.push({ kind: 'message', message, datagram: d });
    }
    notify();
  };
  const stop = t.watch(drain, (e) => {
    failure = e;
    notify();
  });
  const onAbort = (): void => notify();
  signal?.addEventListener('abort', onAbort);
  try {
    drain(); // anything queued before the watch started
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (failure) throw failure;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop();
  }
}
