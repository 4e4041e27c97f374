import type { CommandEnv } from '../env.js';
import { NetlinkSocketError } from '../../netlink/errors.js';

import type { Transport } from '../../netlink/transport.js';
import { inNetns } from '../../netlink/transport.js';
import { SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE } from '../../netlink/gen/socket.js';

/** Options every monitor source shares. */
export interface MonitorRequest {
  count: number | undefined;
  durationMs: number | undefined;
  timestamp: 'none' | 'long' | 'short';
  /** Receive buffer in bytes (--rcvbuf). */
  rcvbuf: number;
  /** Called once the socket is subscribed and events can no longer be missed (tests, embedders). */
  onReady?: () => void;
}

/** 4 MiB: four times ip's default (1 MiB), enough for bursts of ~10,000 route events. */
export const DEFAULT_RCVBUF = 4 * 1024 * 1024;

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

/** A monitor socket in the selected namespace with its receive buffer raised. */
export function openMonitorSocket(
  env: CommandEnv,
  protocol: number,
  req: MonitorRequest,
  options: { groups?: number; netns?: boolean } = {},
): Transport {
  const netns = options.netns === false ? null : env.opts.netns;
  const t = env.transports(protocol, {
    ...inNetns(netns),
    ...(options.groups ? { groups: options.groups } : {}),
  });
  try {
    raiseReceiveBuffer(t, req.rcvbuf);
  } catch (e) {
    t.close();
    throw e;
  }
  return t;
}
