/**
 * Files of /proc/net and /proc/sys/net as a network namespace sees them. Both
 * follow the namespace of the task that opens them; ip enters the namespace of
 * -n NAME (setns) before it reads /proc/net/igmp or writes a sysctl. nlts
 * opens the file on a thread that enters the namespace for the open only (the
 * native shim's openPath), and reads or writes the fd from here.
 */
import { closeSync, constants as fsConstants, readFileSync, statSync } from 'node:fs';
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
    /** 'no-netns': the namespace file does not exist (ip's netns_switch message). */
    readonly reason: 'no-netns',
  ) {
    super(message);
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
