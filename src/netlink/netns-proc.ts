/**
 * Files of /proc/net and /proc/sys/net as a network namespace sees them. Both
 * follow the namespace of the task that opens them; ip enters the namespace of
 * -n NAME (setns) before it reads /proc/net/igmp or writes a sysctl. nlts
 * opens the file on a thread that enters the namespace for the open only (the
 * native shim's openPath), and reads or writes the fd from here.
 */
import { closeSync, constants as fsConstants, readFileSync, statSync } from 'node:fs';
import { ENOENT } from './gen/errno.js';
import { netnsPath } from './native-transport.js';
import { errnoName, native } from './native.js';
import { NetlinkSocketError } from './errors.js';

/** The identity of a namespace file (device and inode, as ip netns identify compares them); null if unreadable. */
export function nsKey(path: string): string | null {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * The namespace file to enter for `netns` (null: stay here). A namespace that
 * cannot be opened is the same NetlinkSocketError('setns', …) a socket opened
 * with -n raises, so every command reports it as ip's netns_switch does
 * ("Cannot open network namespace", status 255); an empty name is refused by
 * netnsPath, never taken to mean here.
 */
function enterable(netns: string | null): string | null {
  if (netns === null) return null;
  const ns = netnsPath(netns);
  try {
    statSync(ns);
  } catch (e) {
    const errno = Math.abs((e as NodeJS.ErrnoException).errno ?? ENOENT);
    throw new NetlinkSocketError('setns', errno, errnoName(errno), native().strerror(errno), netns);
  }
  return ns;
}

/**
 * Opens `path` as a process in namespace `netns` would (null: this process's
 * own): /proc/self/net/* and /proc/sys/net/* follow the namespace of the task
 * that opens them, and a tun device belongs to the namespace /dev/net/tun was
 * opened in (tun_chr_open), so the calling thread opens the file inside the
 * namespace (the native shim's setns dance). Throws as `enterable` when the
 * namespace cannot be opened; returns -errno when the file cannot be.
 */
export function openInNetns(path: string, flags: number, netns: string | null): number {
  return native().openPath(path, flags, enterable(netns));
}

/** socket(domain, type, protocol) made inside namespace `netns` (see openInNetns). The fd | -errno. */
export function socketInNetns(domain: number, type: number, protocol: number, netns: string | null): number {
  return native().socket(domain, type, protocol, enterable(netns));
}

/** The text of `path` as namespace `netns` sees it (see openInNetns); null when it does not exist there. */
export function readInNetns(path: string, netns: string | null): string | null {
  const fd = openInNetns(path, fsConstants.O_RDONLY, netns);
  if (fd === -ENOENT) return null;
  if (fd < 0) throw Object.assign(new Error(`${path}: ${native().strerror(fd)}`), { errno: fd });
  try {
    return readFileSync(fd, 'latin1');
  } finally {
    closeSync(fd);
  }
}
