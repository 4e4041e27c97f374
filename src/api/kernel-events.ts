/**
 * Kernel events beyond rtnetlink, as async iterables with the same rules as
 * RouteClient.events(): only the kernel's messages are believed, memory is
 * bounded (a consumer that falls behind gets `{kind: 'lost', cause:
 * 'queue', count}` where the gap is; a socket overflow is `cause: 'kernel'`),
 * and leaving the loop or aborting `signal` closes the socket. Each event
 * carries the object `nlts -j monitor` prints for it (`object`) and the
 * decoded message.
 *
 * - genlEvents: generic netlink multicast groups, named and decoded by the
 *   family's spec (or, without one, by the UAPI headers and its policy);
 * - procEvents: the process events connector (fork, exec, exit, …; root,
 *   initial namespace only);
 * - uevents: kernel uevents (and udev's, when asked).
 */
import { parseMessages } from '../netlink/codec/message.js';
import { Connection } from '../netlink/connection.js';
import { OverrunError, QueueOverrunError } from '../netlink/errors.js';
import { joinGroup, raiseReceiveBuffer, receiveDatagrams } from '../netlink/events.js';
import {
  NETLINK_CONNECTOR,
  NETLINK_GENERIC,
  NETLINK_KOBJECT_UEVENT,
  NETLINK_PKTINFO,
} from '../netlink/gen/netlink.js';
import { SOL_NETLINK } from '../netlink/gen/socket.js';
import { openNativeTransport } from '../netlink/native-transport.js';
import type { Datagram, Transport, TransportFactory } from '../netlink/transport.js';
import type { SenderFilter } from '../netlink/pump.js';
import { inNetns } from '../netlink/transport.js';
import { resolveFamily } from '../netlink/genl/cache.js';
import type { GenlFamily } from '../netlink/genl/ctrl.js';
import { bundledSpec, type Spec } from '../netlink/genl/spec.js';
import { decodeAttrs, decodeStruct } from '../netlink/genl/codec.js';
import { decodeGenlPayload } from '../netlink/genl/message.js';
import { unspeccedSpecFor } from '../netlink/genl/unspecced.js';
import {
  CN_IDX_PROC,
  CN_VAL_PROC,
  PROC_CN_MCAST_IGNORE,
  PROC_CN_MCAST_LISTEN,
  decodeConnectorMessage,
  decodeProcEvent,
  encodeProcMcastOp,
  type ProcEvent,
} from '../netlink/connector/index.js';
import {
  UEVENT_GROUP_KERNEL,
  UEVENT_GROUP_UDEV,
  parseUevent,
  ueventSenders,
  type Uevent,
} from '../netlink/uevent.js';
import type { LostEvent } from './route-client.js';
// The objects `nlts -j monitor` prints come from beside their decoders.
import { attrsToJson } from '../netlink/genl/json.js';
import { notificationOf } from '../netlink/genl/notification.js';
import { procObject } from '../netlink/connector/proc.js';
import { ueventObject } from '../netlink/uevent.js';

/** Options every kernel event stream takes. */
export interface KernelEventOptions {
  /** Network namespace (name or path); not for procEvents (the kernel sends those to the initial one only). */
  netns?: string;
  /** Ends the stream. */
  signal?: AbortSignal;
  /** Bound on bytes read ahead of a slow consumer; default 1 MiB (then `lost` with a count). */
  queueBytes?: number;
  /** SO_RCVBUF(FORCE), bytes; default 4 MiB. */
  receiveBuffer?: number;
  /** Where sockets come from (a Recorder/Replayer factory in tests). */
  transports?: TransportFactory;
}

/** A generic netlink notification: its family, group, op name and decoded attributes. */
export interface GenlEvent {
  kind: 'genl';
  family: string;
  group: string;
  /** The notification's op (or event) name from the spec; the command number when it has none. */
  event: string;
  /** `{family, cmd, version, attrs}` as `nlts -j monitor genl` prints it. */
  object: { family: string; cmd: string; version: number; attrs: Record<string, unknown> };
}

/** A process event (PROC_EVENT_*). */
export interface ProcEventRecord {
  kind: 'proc';
  event: ProcEvent;
  /** The object `nlts -j monitor proc` prints (without comm, which the monitor reads from /proc). */
  object: Record<string, unknown>;
}

/** A uevent, from the kernel or (when asked) re-broadcast by udev. */
export interface UeventRecord {
  kind: 'uevent';
  event: Uevent;
  /** Its key/value pairs, as `nlts -j monitor uevent` prints them. */
  object: Record<string, string>;
}

const DEFAULT_QUEUE_BYTES = 1024 * 1024;

function openListener(protocol: number, o: KernelEventOptions, groups = 0, netns = o.netns): Transport {
  const factory = o.transports ?? openNativeTransport;
  const t = factory(protocol, { ...inNetns(netns), groups });
  raiseReceiveBuffer(t, o.receiveBuffer ?? 4 * 1024 * 1024);
  return t;
}

/** The datagrams of `t` with losses as LostEvents; the transport is closed when the loop ends. */
async function* datagrams(
  t: Transport,
  o: KernelEventOptions,
  senders: SenderFilter = 'kernel',
): AsyncGenerator<Datagram | LostEvent> {
  try {
    for await (const d of receiveDatagrams(t, o.signal, {
      senders,
      maxQueueBytes: o.queueBytes ?? DEFAULT_QUEUE_BYTES,
      overflow: 'drop',
    })) {
      if (d instanceof QueueOverrunError) yield { kind: 'lost', cause: 'queue', count: d.dropped };
      else if (d instanceof OverrunError) yield { kind: 'lost', cause: 'kernel', count: null };
      else yield d;
    }
  } finally {
    t.close();
  }
}

/**
 * Notifications of generic netlink `family` on `groups` (all of its groups
 * when none are named).
 *
 * @example
 *   for await (const ev of genlEvents('nlctrl', ['notify'])) {
 *     if (ev.kind === 'genl') console.log(ev.event, ev.object.attrs['family-name']);
 *   }
 */
export async function* genlEvents(
  family: string,
  groups: string[] = [],
  options: KernelEventOptions = {},
): AsyncGenerator<GenlEvent | LostEvent> {
  const factory = options.transports ?? openNativeTransport;
  const query = Connection.open(factory, NETLINK_GENERIC, inNetns(options.netns));
  let f: GenlFamily;
  let spec: Spec;
  try {
    f = resolveFamily(query, family);
    spec = bundledSpec(f.name) ?? unspeccedSpecFor(query, f);
  } finally {
    query.close();
  }
  const chosen = groups.length ? f.groups.filter((g) => groups.includes(g.name)) : f.groups;
  const missing = groups.filter((g) => !f.groups.some((x) => x.name === g));
  if (missing.length || chosen.length === 0)
    throw new Error(
      `generic netlink family "${f.name}" has no multicast group ${missing.length ? `"${missing[0]}"` : 'at all'}`,
    );
  const names = new Map(chosen.map((g) => [g.id, g.name]));
  const t = openListener(NETLINK_GENERIC, options);
  for (const g of chosen) joinGroup(t, g.id);
  try {
    t.setOption(SOL_NETLINK, NETLINK_PKTINFO, 1);
  } catch {
    // without it every notification is named after the first group
  }
  for await (const d of datagrams(t, options)) {
    if ('kind' in d) {
      yield d;
      continue;
    }
    for (const m of parseMessages(d.data)) {
      if (m.type !== f.id) continue;
      const gm = decodeGenlPayload(m.payload, f.hdrsize);
      const group = names.get(d.group) ?? chosen[0]!.name;
      const ntf = notificationOf(spec, f.name, gm.cmd, group);
      const attrs = decodeAttrs(gm.attrs, { spec }, ntf.attributeSet, undefined);
      if (ntf.fixedHeader) attrs.unshift(...(decodeStruct(gm.familyHeader, ntf.fixedHeader, spec) ?? []));
      yield {
        kind: 'genl',
        family: f.name,
        group,
        event: ntf.name,
        object: { family: f.name, cmd: ntf.name, version: gm.version, attrs: attrsToJson(attrs) },
      };
    }
  }
}

/**
 * Process events (fork, exec, exit, uid, gid, sid, comm, ptrace, coredump)
 * from the proc connector. Needs CAP_NET_ADMIN; the kernel sends them to the
 * initial network namespace only, so there is no netns option.
 *
 * @example
 *   for await (const ev of procEvents()) if (ev.kind === 'proc') console.log(ev.event.what);
 */
export async function* procEvents(
  options: Omit<KernelEventOptions, 'netns'> = {},
): AsyncGenerator<ProcEventRecord | LostEvent> {
  const t = openListener(NETLINK_CONNECTOR, options, CN_IDX_PROC, undefined);
  let listening = false;
  try {
    t.send(encodeProcMcastOp(PROC_CN_MCAST_LISTEN, t.portId));
    listening = true;
    for await (const d of datagrams(t, options)) {
      if ('kind' in d) {
        yield d;
        continue;
      }
      for (const m of parseMessages(d.data)) {
        const cn = decodeConnectorMessage(m.payload);
        if (cn.idx !== CN_IDX_PROC || cn.val !== CN_VAL_PROC) continue;
        const e = decodeProcEvent(cn.data);
        if (e.what === 'none') {
          // The kernel's answer to PROC_CN_MCAST_LISTEN: non-zero is a refusal.
          if (e.err !== 0) throw new Error(`the kernel refused to send process events (error ${e.err})`);
          continue;
        }
        yield { kind: 'proc', event: e, object: procObject(e, undefined) };
      }
    }
  } finally {
    if (listening) {
      try {
        t.send(encodeProcMcastOp(PROC_CN_MCAST_IGNORE, t.portId));
      } catch {
        // the socket may be closed already; the kernel forgets the listener with it
      }
    }
    t.close();
  }
}

/**
 * Kernel uevents; with `udev: true` also udev's re-broadcasts (in libudev's
 * format, from udevd's port).
 *
 * @example
 *   for await (const ev of uevents()) if (ev.kind === 'uevent') console.log(ev.event.action, ev.object.DEVPATH);
 */
export async function* uevents(
  options: KernelEventOptions & { udev?: boolean } = {},
): AsyncGenerator<UeventRecord | LostEvent> {
  const groups = (1 << (UEVENT_GROUP_KERNEL - 1)) | (options.udev ? 1 << (UEVENT_GROUP_UDEV - 1) : 0);
  const t = openListener(NETLINK_KOBJECT_UEVENT, options, groups);
  for await (const d of datagrams(t, options, ueventSenders(options.udev === true))) {
    if ('kind' in d) {
      yield d;
      continue;
    }
    const e = parseUevent(d.data);
    if (e.origin === 'kernel' && d.senderPid !== 0) continue;
    yield { kind: 'uevent', event: e, object: ueventObject(e) };
  }
}
