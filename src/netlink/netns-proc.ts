/**
 * Files of /proc/net as a network namespace sees them. /proc/net follows the
 * reading task's namespace; ip enters the namespace of -n NAME (setns) before
 * it reads /proc/net/igmp and the like. nlts enters namespaces only to open
 * its netlink sockets (native/netlink_socket.cc), so for another namespace it
 * reads /proc/PID/net of a process that lives in it: the same files, with no
 * namespace switch. When no process lives there, it says so.
 */
import {
  closeSync,
  constants as fsConstants,
  existsSync,
  opendirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { constants as osConstants } from 'node:os';
import { netnsPath } from './native-transport.js';
import { native } from './native.js';

/** The identity of a namespace file (device and inode, as ip netns identify compares them); null if unreadable. */
export function nsKey(path: string): string | null {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** Why /proc/net of a namespace could not be read. */
export class NetnsProcError extends Error {
  override readonly name = 'NetnsProcError';
  constructor(
    message: string,
    /** 'no-netns': the namespace file does not exist (ip's netns_switch message); else 'no-process'. */
    readonly reason: 'no-netns' | 'no-process',
  ) {
    super(message);
  }
}

/**
 * The /proc/net directory to read for namespace `netns` (a name under
 * /run/netns or a path; null: this process's own): /proc/self/net when that
 * is the namespace, else /proc/PID/net of the first process found in it.
 */
export function procNetDir(netns: string | null): string {
  if (netns === null) return '/proc/self/net';
  const path = netnsPath(netns);
  const target = nsKey(path);
  if (target === null)
    throw new NetnsProcError(
      `Cannot open network namespace "${netns}": No such file or directory`,
      'no-netns',
    );
  if (nsKey('/proc/self/ns/net') === target) return '/proc/self/net';
  const dir = opendirSync('/proc');
  try {
    for (let e = dir.readSync(); e !== null; e = dir.readSync()) {
      if (/^[0-9]+$/.test(e.name) && nsKey(`/proc/${e.name}/ns/net`) === target) return `/proc/${e.name}/net`;
    }
  } finally {
    dir.closeSync();
  }
  throw new NetnsProcError(
    `no process runs in network namespace "${netns}", and nlts reads its /proc/net through one (it does not enter namespaces)`,
    'no-process',
  );
}

/**
 * The text of /proc/net/NAME in that namespace, or null when the file does
 * not exist there (ip's fopen failing: the protocol is not built or loaded).
 */
export function readProcNet(dir: string, name: string): string | null {
  try {
    return readFileSync(`${dir}/${name}`, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    // The process procNetDir found has exited since: its files are gone, not empty.
    if (!existsSync(dir))
      throw new NetnsProcError(`${dir} is gone (its process exited); try again`, 'no-process');
    return null;
  }
}

/**
 * Opens `path` as a process in namespace `netns` would (null: this process's
 * own): /proc/self/net/* and /proc/sys/net/* follow the namespace of the task
 * that opens them, so the calling thread opens the file inside the namespace
 * (the native shim's setns dance) and the fd keeps that view. Throws
 * NetnsProcError when the namespace does not exist; returns -errno when the
 * file cannot be opened.
 */
export function openInNetns(path: string, flags: number, netns: string | null): number {
  const ns = netns === null ? null : netnsPath(netns);
  if (ns !== null && nsKey(ns) === null)
    throw new NetnsProcError(
      `Cannot open network namespace "${netns}": No such file or directory`,
      'no-netns',
    );
  return native().openPath(path, flags, ns);
}

/** The text of `path` as namespace `netns` sees it (see openInNetns); null when it does not exist there. */
export function readInNetns(path: string, netns: string | null): string | null {
  const fd = openInNetns(path, fsConstants.O_RDONLY, netns);
  if (fd === -osConstants.errno.ENOENT) return null;
  if (fd < 0) throw Object.assign(new Error(`${path}: ${native().strerror(fd)}`), { errno: fd });
  try {
    return readFileSync(fd, 'latin1');
  } finally {
    closeSync(fd);
  }
}
