/** `nlts monitor uevent`: kernel uevents (NETLINK_KOBJECT_UEVENT) as key/value objects. */
import type { CommandEnv } from '../../cli/env.js';
import { NETLINK_KOBJECT_UEVENT } from '../../netlink/constants.js';
import { CodecError } from '../../netlink/codec/errors.js';
import {
  UEVENT_GROUP_KERNEL,
  UEVENT_GROUP_UDEV,
  parseUevent,
  ueventSubsystem,
  type Uevent,
} from '../../netlink/uevent.js';
import { openMonitorSocket, type MonitorRequest } from './socket.js';
import { pump, stopSignal } from './stream.js';
import { EventWriter } from './writer.js';

export interface UeventRequest extends MonitorRequest {
  subsystems: string[];
  /** Also (or only) udev's processed events on group 2. */
  udev: boolean;
  kernel: boolean;
}

/** The object: every KEY=VALUE of the event, in the order the kernel sent them. */
export function ueventObject(e: Uevent): Record<string, string> {
  const o: Record<string, string> = {};
  if (!e.env.some(([k]) => k === 'ACTION')) o.ACTION = e.action;
  if (!e.env.some(([k]) => k === 'DEVPATH')) o.DEVPATH = e.devpath;
  for (const [k, v] of e.env) o[k] = v;
  return o;
}

/** udevadm-like text: "ACTION DEVPATH (SUBSYSTEM)", then the pairs indented. */
export function ueventText(e: Uevent): string {
  const sub = ueventSubsystem(e);
  let s = `${e.origin === 'udev' ? 'UDEV  ' : 'KERNEL'} ${e.action} ${e.devpath}${sub ? ` (${sub})` : ''}\n`;
  for (const [k, v] of e.env) s += `    ${k}=${v}\n`;
  return s;
}

export async function runUevent(req: UeventRequest, env: CommandEnv): Promise<number> {
  const groups =
    (req.kernel ? 1 << (UEVENT_GROUP_KERNEL - 1) : 0) | (req.udev ? 1 << (UEVENT_GROUP_UDEV - 1) : 0);
  const t = openMonitorSocket(env, NETLINK_KOBJECT_UEVENT, req, { groups });
  const stop = stopSignal(env.signal, req.durationMs);
  try {
    const w = new EventWriter(env, {
      json: env.opts.json,
      timestamp: req.timestamp,
      labels: false,
      oneline: false,
    });
    let seen = 0;
    req.onReady?.();
    await pump(
      t,
      {
        datagram(d) {
          let e: Uevent;
          try {
            e = parseUevent(d.data);
          } catch (err) {
            if (!(err instanceof CodecError)) throw err;
            env.err.write(
              `nlts monitor uevent: skipped a malformed datagram (${d.data.length} bytes): ${err.message}\n`,
            );
            return true;
          }
          if (req.subsystems.length && !req.subsystems.includes(ueventSubsystem(e) ?? '')) return true;
          w.plain(
            { source: 'uevent', group: e.origin, event: e.action, label: '' },
            ueventObject(e),
            ueventText(e),
          );
          seen++;
          return req.count === undefined || seen < req.count;
        },
        lost(e) {
          w.lost(e);
          return true;
        },
        idle: () => w.flush(),
      },
      stop.signal,
    );
    return 0;
  } finally {
    stop.dispose();
    t.close();
  }
}
