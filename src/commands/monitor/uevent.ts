/** `nlts monitor uevent`: kernel uevents (NETLINK_KOBJECT_UEVENT) as key/value objects. */
import type { CommandEnv } from '../env.js';

import {
  UEVENT_GROUP_KERNEL,
  UEVENT_GROUP_UDEV,
  parseUevent,
  ueventSubsystem,
  type Uevent,
  ueventObject,
  ueventSenders,
} from '../../netlink/uevent.js';
import { openMonitorSocket, type MonitorRequest } from './socket.js';
import { counter, runMonitorSource } from './runner.js';
import { NETLINK_KOBJECT_UEVENT } from '../../netlink/gen/netlink.js';

export interface UeventRequest extends MonitorRequest {
  subsystems: string[];
  /** Also (or only) udev's processed events on group 2. */
  udev: boolean;
  kernel: boolean;
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
  return runMonitorSource(env, req, t, {
    start(w) {
      const more = counter(req.count);
      return {
        datagram(d) {
          const e = parseUevent(d.data);
          // The kernel's events come from port 0 only; udev's from udevd (a process) in libudev form.
          if (e.origin === 'kernel' ? d.senderPid !== 0 : !req.udev) return true;
          if (req.subsystems.length && !req.subsystems.includes(ueventSubsystem(e) ?? '')) return true;
          w.plain(
            { source: 'uevent', group: e.origin, event: e.action, label: '' },
            ueventObject(e),
            ueventText(e),
          );
          return more();
        },
        // udev's re-broadcasts come from udevd's port, not the kernel's: they are let through
        // when asked for (--udev, --udev-only), and only in libudev's own format.
        senders: ueventSenders(req.udev),
      };
    },
  });
}
