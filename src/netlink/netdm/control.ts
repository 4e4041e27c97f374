import { AttributeEncoder } from '../codec/attributes.js';

import { Connection } from '../connection.js';
import { NetlinkKernelError } from '../errors.js';
import { resolveFamily, UnknownFamilyError } from '../genl/cache.js';
import type { GenlFamily } from '../genl/ctrl.js';
import { encodeGenlPayload } from '../genl/message.js';
import type { TransportFactory } from '../transport.js';
import { NET_DM_EVENTS_GROUP, NET_DM_FAMILY, NET_DM_GENL_VERSION } from './constants.js';
import { decodeConfig, decodeStats, type NetDmConfig, type NetDmStats } from './decode.js';
import { NETLINK_GENERIC } from '../gen/netlink.js';
import {
  NET_DM_ALERT_MODE_PACKET,
  NET_DM_ALERT_MODE_SUMMARY,
  NET_DM_ATTR_ALERT_MODE,
  NET_DM_ATTR_HW_DROPS,
  NET_DM_ATTR_QUEUE_LEN,
  NET_DM_ATTR_SW_DROPS,
  NET_DM_ATTR_TRUNC_LEN,
  NET_DM_CMD_CONFIG,
  NET_DM_CMD_CONFIG_GET,
  NET_DM_CMD_START,
  NET_DM_CMD_STATS_GET,
  NET_DM_CMD_STOP,
} from '../gen/net_dropmon.js';

/** The kernel has no NET_DM family (no CONFIG_NET_DROP_MONITOR, module not loaded). */
export class NoDropMonitorError extends Error {
  override readonly name = 'NoDropMonitorError';
  constructor() {
    super(
      'the kernel has no drop monitor (NET_DM): it needs CONFIG_NET_DROP_MONITOR or `modprobe drop_monitor`',
    );
  }
}

export interface Traced {
  sw: boolean;
  hw: boolean;
}

export interface MonitorConfig {
  mode: 'summary' | 'packet';
  /** Bytes of each packet to copy in packet mode (0 = the whole packet). */
  truncLen?: number;
  /** Packets queued per CPU before alerts are dropped (packet mode). */
  queueLen?: number;
}

/** A generic netlink connection with NET_DM resolved. */
export class DropMonitor {
  private constructor(
    readonly conn: Connection,
    readonly family: GenlFamily,
  ) {}

  /** Open a NETLINK_GENERIC socket and resolve NET_DM; NoDropMonitorError when the kernel has none. */
  static open(transports: TransportFactory): DropMonitor {
    const conn = Connection.open(transports, NETLINK_GENERIC);
    try {
      return new DropMonitor(conn, resolveFamily(conn, NET_DM_FAMILY));
    } catch (e) {
      conn.close();
      if (e instanceof UnknownFamilyError) throw new NoDropMonitorError();
      throw e;
    }
  }

  /** The multicast group alerts are sent to ("events"). */
  eventsGroup(): number {
    const g = this.family.groups.find((x) => x.name === NET_DM_EVENTS_GROUP);
    if (!g) throw new Error(`the NET_DM family has no "${NET_DM_EVENTS_GROUP}" multicast group`);
    return g.id;
  }

  private request(cmd: number, attrs?: Uint8Array): ReturnType<Connection['request']> {
    return this.conn.request(this.family.id, encodeGenlPayload(cmd, NET_DM_GENL_VERSION, attrs));
  }

  /** NET_DM_CMD_CONFIG. The kernel refuses it (EBUSY) while tracing is on. */
  configure(c: MonitorConfig): void {
    const a = new AttributeEncoder().u8(
      NET_DM_ATTR_ALERT_MODE,
      c.mode === 'packet' ? NET_DM_ALERT_MODE_PACKET : NET_DM_ALERT_MODE_SUMMARY,
    );
    if (c.truncLen !== undefined) a.u32(NET_DM_ATTR_TRUNC_LEN, c.truncLen);
    if (c.queueLen !== undefined) a.u32(NET_DM_ATTR_QUEUE_LEN, c.queueLen);
    this.request(NET_DM_CMD_CONFIG, a.finish());
  }

  private traceAttrs(t: Traced): Uint8Array {
    const a = new AttributeEncoder();
    if (t.sw) a.flag(NET_DM_ATTR_SW_DROPS);
    if (t.hw) a.flag(NET_DM_ATTR_HW_DROPS);
    return a.finish();
  }

  start(t: Traced): void {
    this.request(NET_DM_CMD_START, this.traceAttrs(t));
  }

  stop(t: Traced): void {
    this.request(NET_DM_CMD_STOP, this.traceAttrs(t));
  }

  getConfig(): NetDmConfig {
    const m = this.request(NET_DM_CMD_CONFIG_GET).find((r) => r.type === this.family.id);
    if (!m) throw new Error('NET_DM answered CONFIG_GET without a config');
    return decodeConfig(m.payload);
  }

  getStats(): NetDmStats {
    const m = this.request(NET_DM_CMD_STATS_GET).find((r) => r.type === this.family.id);
    if (!m) throw new Error('NET_DM answered STATS_GET without statistics');
    return decodeStats(m.payload);
  }

  /**
   * Whether tracing is on. Kernels that do not report it in CONFIG_GET are
   * asked by sending back the configuration they just reported: NET_DM
   * refuses any CONFIG with EBUSY while it monitors, and otherwise the same
   * values change nothing.
   */
  isTracing(cfg: NetDmConfig): boolean {
    if (cfg.swDrops || cfg.hwDrops) return true;
    try {
      this.configure({
        mode: cfg.mode === 'packet' ? 'packet' : 'summary',
        ...(cfg.truncLen !== undefined ? { truncLen: cfg.truncLen } : {}),
        ...(cfg.queueLen !== undefined ? { queueLen: cfg.queueLen } : {}),
      });
      return false;
    } catch (e) {
      if (e instanceof NetlinkKernelError && e.errno === 16 /* EBUSY */) return true;
      throw e;
    }
  }

  close(): void {
    this.conn.close();
  }
}
