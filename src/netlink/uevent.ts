/**
 * NETLINK_KOBJECT_UEVENT datagrams. They are not netlink messages (no
 * nlmsghdr): the kernel (multicast group 1) sends "ACTION@DEVPATH\0" then
 * "KEY=VALUE\0" pairs; udev re-broadcasts processed events on group 2 with a
 * binary "libudev" header (struct udev_monitor_netlink_header in systemd's
 * libudev/sd-device, a public wire format) before its KEY=VALUE\0 pairs.
 */
import { CodecError } from './codec/errors.js';
import type { SenderFilter } from './pump.js';
import type { Datagram } from './transport.js';

/** Multicast groups of NETLINK_KOBJECT_UEVENT (kernel lib/kobject_uevent.c, libudev). */
export const UEVENT_GROUP_KERNEL = 1;
export const UEVENT_GROUP_UDEV = 2;

/** "libudev\0" and the magic 0xfeedcafe (network byte order) that open a udev datagram. */
const LIBUDEV_PREFIX = 'libudev\0';
export const UDEV_MONITOR_MAGIC = 0xfeedcafe;
/** prefix[8], magic, header_size, properties_off, properties_len, 4 filter words: 40 bytes. */
const UDEV_HEADER_MIN = 40;

/** The datagram starts like one of udev's ("libudev\0"). */
export function isLibudev(data: Uint8Array): boolean {
  if (data.length < LIBUDEV_PREFIX.length) return false;
  for (let i = 0; i < LIBUDEV_PREFIX.length; i++) if (data[i] !== LIBUDEV_PREFIX.charCodeAt(i)) return false;
  return true;
}

/**
 * Whose uevent datagrams a listener believes: the kernel's (port 0) only, or
 * with `udev` also udev's re-broadcasts, which come from udevd's port and only
 * in libudev's own format.
 */
export function ueventSenders(udev: boolean): SenderFilter {
  return udev ? (d: Datagram) => d.senderPid === 0 || isLibudev(d.data) : 'kernel';
}

export interface Uevent {
  /** Who sent it: the kernel or udev. */
  origin: 'kernel' | 'udev';
  /** ACTION (add, remove, change, move, online, offline, bind, unbind). */
  action: string;
  /** DEVPATH under /sys. */
  devpath: string;
  /** Every KEY=VALUE pair in datagram order (ACTION, DEVPATH, SUBSYSTEM, SEQNUM...). */
  env: [string, string][];
}

const utf8 = new TextDecoder('utf-8');

function splitPairs(buf: Uint8Array, offset: number): [string, string][] {
  const out: [string, string][] = [];
  let start = offset;
  for (let i = offset; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0) {
      if (i > start) {
        const s = utf8.decode(buf.subarray(start, i));
        const eq = s.indexOf('=');
        if (eq > 0) out.push([s.slice(0, eq), s.slice(eq + 1)]);
      }
      start = i + 1;
    }
  }
  return out;
}

function lookup(env: [string, string][], key: string): string | undefined {
  for (const [k, v] of env) if (k === key) return v;
  return undefined;
}

/** Decode one uevent datagram (kernel or libudev). A datagram that is neither is a CodecError. */
export function parseUevent(data: Uint8Array): Uevent {
  if (data.length >= UDEV_HEADER_MIN && utf8.decode(data.subarray(0, 8)) === LIBUDEV_PREFIX) {
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (dv.getUint32(8, false) !== UDEV_MONITOR_MAGIC)
      throw new CodecError('libudev datagram with a bad magic', 8);
    // The header's own fields are in host byte order.
    const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const off = dv.getUint32(16, le);
    const len = dv.getUint32(20, le);
    if (off < UDEV_HEADER_MIN || off + len > data.length) {
      throw new CodecError(`libudev properties ${off}+${len} overrun ${data.length} bytes`, 16);
    }
    const env = splitPairs(data.subarray(0, off + len), off);
    return {
      origin: 'udev',
      action: lookup(env, 'ACTION') ?? '',
      devpath: lookup(env, 'DEVPATH') ?? '',
      env,
    };
  }
  const nul = data.indexOf(0);
  const head = utf8.decode(nul < 0 ? data : data.subarray(0, nul));
  const at = head.indexOf('@');
  if (at <= 0) throw new CodecError('uevent without an "ACTION@DEVPATH" header', 0);
  const env = nul < 0 ? [] : splitPairs(data, nul + 1);
  return { origin: 'kernel', action: head.slice(0, at), devpath: head.slice(at + 1), env };
}

/** SUBSYSTEM of an event, when it has one. */
export function ueventSubsystem(e: Uevent): string | undefined {
  return lookup(e.env, 'SUBSYSTEM');
}

/** The object: every KEY=VALUE of the event, in the order the kernel sent them. */
export function ueventObject(e: Uevent): Record<string, string> {
  const o: Record<string, string> = {};
  if (!e.env.some(([k]) => k === 'ACTION')) o.ACTION = e.action;
  if (!e.env.some(([k]) => k === 'DEVPATH')) o.DEVPATH = e.devpath;
  for (const [k, v] of e.env) o[k] = v;
  return o;
}
