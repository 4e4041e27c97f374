import type { CommandEnv } from '../env.js';

import type { Transport } from '../../netlink/transport.js';
import { inNetns } from '../../netlink/transport.js';
import { raiseReceiveBuffer } from '../../netlink/events.js';

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
