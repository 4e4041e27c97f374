import { AttributeDecoder, AttributeIndex } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, toHex, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { decodeGenlPayload } from '../genl/message.js';
import { decodePacket, type PacketSummary } from './packet.js';
import {
  NET_DM_ALERT_MODE_PACKET,
  NET_DM_ATTR_ALERT_MODE,
  NET_DM_ATTR_FLOW_ACTION_COOKIE,
  NET_DM_ATTR_HW_DROPS,
  NET_DM_ATTR_HW_ENTRIES,
  NET_DM_ATTR_HW_ENTRY,
  NET_DM_ATTR_HW_STATS,
  NET_DM_ATTR_HW_TRAP_COUNT,
  NET_DM_ATTR_HW_TRAP_GROUP_NAME,
  NET_DM_ATTR_HW_TRAP_NAME,
  NET_DM_ATTR_IN_PORT,
  NET_DM_ATTR_ORIGIN,
  NET_DM_ATTR_ORIG_LEN,
  NET_DM_ATTR_PAD,
  NET_DM_ATTR_PAYLOAD,
  NET_DM_ATTR_PC,
  NET_DM_ATTR_PORT_NETDEV_IFINDEX,
  NET_DM_ATTR_PORT_NETDEV_NAME,
  NET_DM_ATTR_PROTO,
  NET_DM_ATTR_QUEUE_LEN,
  NET_DM_ATTR_REASON,
  NET_DM_ATTR_STATS,
  NET_DM_ATTR_STATS_DROPPED,
  NET_DM_ATTR_SW_DROPS,
  NET_DM_ATTR_SYMBOL,
  NET_DM_ATTR_TIMESTAMP,
  NET_DM_ATTR_TRUNC_LEN,
  NET_DM_ATTR_UNSPEC,
  NET_DM_CMD_ALERT,
  NET_DM_CMD_PACKET_ALERT,
  NET_DM_ORIGIN_HW,
  NET_DM_DROP_POINT_SIZE,
} from '../gen/net_dropmon.js';

/** One entry of a summary alert (struct net_dm_drop_point): where, and how many drops since the last alert. */
export interface DropPoint {
  /** The program counter (return address into the dropping function). */
  pc: bigint;
  count: number;
}

/** A hardware trap in a summary alert (NET_DM_ATTR_HW_ENTRY): its name and how many packets it dropped. */
export interface HwEntry {
  name: string;
  count: number;
}

export interface SummaryAlert {
  kind: 'summary';
  points: DropPoint[];
  /** Hardware drops (NET_DM_ATTR_HW_ENTRIES), when hardware drops are monitored. */
  hw: HwEntry[];
}

export interface PacketAlert {
  kind: 'packet';
  origin: 'sw' | 'hw';
  pc?: bigint;
  /** The kernel's own "%pS" text, e.g. "__udp4_lib_rcv+0x9a2/0xb40". */
  symbol?: string;
  inPort?: { ifindex?: number; name?: string };
  /** Nanoseconds since the epoch (the skb's or the report's real time). */
  timestamp?: bigint;
  /** ETH_P_* of the packet (host order, as the kernel puts it). */
  proto?: number;
  origLen?: number;
  truncLen?: number;
  reason?: string;
  hwTrapGroup?: string;
  hwTrapName?: string;
  flowActionCookie?: string;
  payload?: Uint8Array;
  /** What the payload says at L3/L4, when it could be read. */
  packet?: PacketSummary;
  /** Attribute types this decoder does not know (kept, not dropped). */
  unknown?: { type: number; hex: string }[];
}

export type Alert = SummaryAlert | PacketAlert;

/**
 * A summary alert (NET_DM_CMD_ALERT): one attribute of type NLA_UNSPEC (0)
 * holding struct net_dm_alert_msg { u32 entries; struct net_dm_drop_point
 * points[]; } with each point { u8 pc[8]; u32 count; } in host order.
 */
export function decodeSummaryAttrs(attrs: Uint8Array): SummaryAlert {
  const points: DropPoint[] = [];
  const hw: HwEntry[] = [];
  for (const a of AttributeDecoder.all(attrs)) {
    if (a.type === NET_DM_ATTR_HW_ENTRIES) {
      for (const e of AttributeDecoder.all(a.data)) {
        if (e.type !== NET_DM_ATTR_HW_ENTRY) continue;
        const tb = new AttributeIndex(e.data);
        hw.push({
          name: tb.string(NET_DM_ATTR_HW_TRAP_NAME) ?? '',
          count: tb.u32(NET_DM_ATTR_HW_TRAP_COUNT) ?? 0,
        });
        tb.throwIfError();
      }
      continue;
    }
    if (a.type !== NET_DM_ATTR_UNSPEC) continue;
    const d = a.data;
    if (d.length < 4) throw new CodecError(`net_dm_alert_msg of ${d.length} bytes`, 0);
    const dv = view(d);
    const entries = dv.getUint32(0, HOST_LITTLE_ENDIAN);
    if (4 + entries * NET_DM_DROP_POINT_SIZE > d.length) {
      throw new CodecError(`net_dm_alert_msg says ${entries} entries but holds ${d.length - 4} bytes`, 0);
    }
    for (let i = 0; i < entries; i++) {
      const off = 4 + i * NET_DM_DROP_POINT_SIZE;
      points.push({
        pc: dv.getBigUint64(off, HOST_LITTLE_ENDIAN),
        count: dv.getUint32(off + 8, HOST_LITTLE_ENDIAN),
      });
    }
  }
  return { kind: 'summary', points, hw };
}

/** A packet alert (NET_DM_CMD_PACKET_ALERT): one dropped packet and its metadata. */
export function decodePacketAttrs(attrs: Uint8Array): PacketAlert {
  const alert: PacketAlert = { kind: 'packet', origin: 'sw' };
  const d = new AttributeDecoder(attrs);
  while (d.next()) {
    switch (d.type()) {
      case NET_DM_ATTR_ORIGIN:
        alert.origin = d.u16() === NET_DM_ORIGIN_HW ? 'hw' : 'sw';
        break;
      case NET_DM_ATTR_PC:
        alert.pc = d.u64();
        break;
      case NET_DM_ATTR_SYMBOL:
        alert.symbol = d.string();
        break;
      case NET_DM_ATTR_IN_PORT: {
        const port: { ifindex?: number; name?: string } = {};
        d.nested((p) => {
          while (p.next()) {
            if (p.type() === NET_DM_ATTR_PORT_NETDEV_IFINDEX) port.ifindex = p.u32();
            else if (p.type() === NET_DM_ATTR_PORT_NETDEV_NAME) port.name = p.string();
          }
        });
        alert.inPort = port;
        break;
      }
      case NET_DM_ATTR_TIMESTAMP:
        alert.timestamp = d.u64();
        break;
      case NET_DM_ATTR_PROTO:
        alert.proto = d.u16();
        break;
      case NET_DM_ATTR_ORIG_LEN:
        alert.origLen = d.u32();
        break;
      case NET_DM_ATTR_TRUNC_LEN:
        alert.truncLen = d.u32();
        break;
      case NET_DM_ATTR_REASON:
        alert.reason = d.string();
        break;
      case NET_DM_ATTR_HW_TRAP_GROUP_NAME:
        alert.hwTrapGroup = d.string();
        break;
      case NET_DM_ATTR_HW_TRAP_NAME:
        alert.hwTrapName = d.string();
        break;
      case NET_DM_ATTR_FLOW_ACTION_COOKIE:
        alert.flowActionCookie = toHex(d.bytes());
        break;
      case NET_DM_ATTR_PAYLOAD:
        alert.payload = d.bytes();
        break;
      case NET_DM_ATTR_PAD:
        break;
      default:
        (alert.unknown ??= []).push({ type: d.type(), hex: toHex(d.bytes()) });
    }
  }
  d.throwIfError();
  if (alert.payload) alert.packet = decodePacket(alert.payload, alert.proto);
  return alert;
}

/** Any NET_DM event message payload (genlmsghdr + attributes); null for commands that are not alerts. */
export function decodeAlert(payload: Uint8Array): Alert | null {
  const g = decodeGenlPayload(payload);
  if (g.cmd === NET_DM_CMD_ALERT) return decodeSummaryAttrs(g.attrs);
  if (g.cmd === NET_DM_CMD_PACKET_ALERT) return decodePacketAttrs(g.attrs);
  return null;
}

/** NET_DM_CMD_CONFIG_NEW: the kernel's current settings. */
export interface NetDmConfig {
  mode: 'summary' | 'packet' | number;
  truncLen?: number;
  queueLen?: number;
  /** Present on kernels that report the tracing state (SW_DROPS / HW_DROPS flags). */
  swDrops: boolean;
  hwDrops: boolean;
}

export function decodeConfig(payload: Uint8Array): NetDmConfig {
  const tb = new AttributeIndex(decodeGenlPayload(payload).attrs);
  const m = tb.u8(NET_DM_ATTR_ALERT_MODE) ?? 0;
  const cfg: NetDmConfig = {
    mode: m === 0 ? 'summary' : m === NET_DM_ALERT_MODE_PACKET ? 'packet' : m,
    swDrops: tb.flag(NET_DM_ATTR_SW_DROPS),
    hwDrops: tb.flag(NET_DM_ATTR_HW_DROPS),
  };
  const t = tb.u32(NET_DM_ATTR_TRUNC_LEN);
  if (t !== undefined) cfg.truncLen = t;
  const q = tb.u32(NET_DM_ATTR_QUEUE_LEN);
  if (q !== undefined) cfg.queueLen = q;
  tb.throwIfError();
  return cfg;
}

/** NET_DM_CMD_STATS_NEW: alerts the kernel could not queue (per-CPU queue full), software and hardware. */
export interface NetDmStats {
  dropped?: bigint;
  hwDropped?: bigint;
}

export function decodeStats(payload: Uint8Array): NetDmStats {
  const tb = new AttributeIndex(decodeGenlPayload(payload).attrs);
  const out: NetDmStats = {};
  const dropped = (nest: Uint8Array): bigint | undefined => {
    const t = new AttributeIndex(nest);
    const v = t.u64(NET_DM_ATTR_STATS_DROPPED);
    t.throwIfError();
    return v;
  };
  const sw = tb.get(NET_DM_ATTR_STATS);
  if (sw) {
    const v = dropped(sw.data);
    if (v !== undefined) out.dropped = v;
  }
  const hw = tb.get(NET_DM_ATTR_HW_STATS);
  if (hw) {
    const v = dropped(hw.data);
    if (v !== undefined) out.hwDropped = v;
  }
  return out;
}
