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
 * Datagrams as they arrive, driven by the native readiness poll (no busy
 * loop, no timers). An overrun (ENOBUFS) is yielded as an OverrunError value
 * and the stream continues. Ends when `signal` aborts; the poll is always
 * released, also when the consumer stops early.
 */
export async function* receiveDatagrams(
  t: Transport,
  signal?: AbortSignal,
): AsyncGenerator<Datagram | OverrunError> {
  const queue: (Datagram | OverrunError)[] = [];
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
          queue.push(e);
          continue;
        }
        throw e;
      }
      if (!d) break;
      queue.push(d);
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

/**
 * Every message that arrives on `t` (multicast events, replies), with
 * explicit `lost` events where the kernel dropped some (ENOBUFS): the caller
 * decides how to resynchronise.
 */
export async function* receiveEvents(t: Transport, signal?: AbortSignal): AsyncGenerator<NetlinkEvent> {
  for await (const d of receiveDatagrams(t, signal)) {
    if (d instanceof OverrunError) {
      yield { kind: 'lost', error: d };
      continue;
    }
    for (const message of parseMessages(d.data)) yield { kind: 'message', message, datagram: d };
  }
}
