import { CodecError } from './codec/errors.js';
import { parseMessages, type NetlinkMessage } from './codec/message.js';
import { NetlinkSocketError, OverrunError } from './errors.js';

import { pump, type SenderFilter } from './pump.js';
import type { Datagram, Transport } from './transport.js';
import { NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP } from './gen/netlink.js';
import { SOL_NETLINK, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE } from './gen/socket.js';

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
 * Raise the receive buffer: SO_RCVBUFFORCE (CAP_NET_ADMIN, ignores
 * net.core.rmem_max), else SO_RCVBUF (capped by rmem_max). Returns what the
 * kernel granted (it doubles the value for its own bookkeeping).
 */
export function raiseReceiveBuffer(t: Transport, bytes: number): number {
  try {
    t.setOption(SOL_SOCKET, SO_RCVBUFFORCE, bytes);
  } catch (e) {
    if (!(e instanceof NetlinkSocketError)) throw e;
    t.setOption(SOL_SOCKET, SO_RCVBUF, bytes);
  }
  return t.getOption(SOL_SOCKET, SO_RCVBUF);
}

export interface ReceiveOptions {
  /**
   * Whose datagrams are delivered: 'kernel' (the default: sender port id 0,
   * so no local process can inject forged events), 'any', or a predicate.
   */
  senders?: SenderFilter;
  /** receiveEvents: told about a datagram that does not parse, which is then skipped. */
  onMalformed?: (d: Datagram, error: CodecError) => void;
  /** Bound on bytes read ahead of the consumer (PumpOptions.maxQueueBytes). */
  maxQueueBytes?: number;
  /** When that bound is reached: stop reading ('wait'), or drop and count ('drop'); see PumpOptions. */
  overflow?: 'wait' | 'drop';
}

/**
 * Datagrams as they arrive, on the same bounded receive loop as every
 * listener (./pump.ts), driven by the native readiness poll (no busy loop,
 * no timers). An overrun (ENOBUFS) is yielded as an OverrunError value and
 * the stream continues. Only the kernel's datagrams are delivered unless
 * `options.senders` says otherwise. Ends when `signal` aborts; the poll is
 * always released, also when the consumer stops early.
 */
export async function* receiveDatagrams(
  t: Transport,
  signal?: AbortSignal,
  options: ReceiveOptions = {},
): AsyncGenerator<Datagram | OverrunError> {
  type Item = Datagram | OverrunError;
  const ac = new AbortController();
  const onOuter = (): void => ac.abort();
  if (signal?.aborted) return;
  signal?.addEventListener('abort', onOuter);
  /** The one item the pump offered and the consumer has not taken yet, and how to answer the pump. */
  let offered: { item: Item; answer: (more: boolean) => void } | null = null;
  /** The answer for the item the consumer holds: given when it asks for the next one. */
  let held: ((more: boolean) => void) | null = null;
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: unknown = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const offer = (item: Item): Promise<boolean> =>
    new Promise<boolean>((answer) => {
      offered = { item, answer };
      notify();
    });
  pump(
    t,
    { datagram: offer, lost: offer },
    {
      signal: ac.signal,
      senders: options.senders ?? 'kernel',
      maxQueueBytes: options.maxQueueBytes,
      overflow: options.overflow,
    },
  ).then(
    () => {
      ended = true;
      notify();
    },
    (e: unknown) => {
      failure = e;
      ended = true;
      notify();
    },
  );
  try {
    for (;;) {
      held?.(true);
      held = null;
      if (signal?.aborted) return;
      const o = offered as { item: Item; answer: (more: boolean) => void } | null;
      if (o) {
        offered = null;
        held = o.answer;
        yield o.item;
        continue;
      }
      if (ended) {
        if (failure) throw failure;
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener('abort', onOuter);
    ac.abort();
    held?.(false);
    (offered as { answer: (more: boolean) => void } | null)?.answer(false);
  }
}

/**
 * Every message that arrives on `t` (multicast events, replies) from the
 * kernel (see ReceiveOptions.senders), with explicit `lost` events where the
 * kernel dropped some (ENOBUFS): the caller decides how to resynchronise. A
 * datagram that does not parse is skipped whole (options.onMalformed hears
 * of it); the stream goes on.
 */
export async function* receiveEvents(
  t: Transport,
  signal?: AbortSignal,
  options: ReceiveOptions = {},
): AsyncGenerator<NetlinkEvent> {
  for await (const d of receiveDatagrams(t, signal, options)) {
    if (d instanceof OverrunError) {
      yield { kind: 'lost', error: d };
      continue;
    }
    let messages: NetlinkMessage[];
    try {
      messages = [...parseMessages(d.data)];
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
      options.onMalformed?.(d, e);
      continue;
    }
    for (const message of messages) yield { kind: 'message', message, datagram: d };
  }
}
