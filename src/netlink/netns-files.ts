/**
 * Named network namespaces: the files under /run/netns that `ip netns add`,
 * `attach` and `delete` make and remove (iproute2 ip/ipnetns.c netns_add,
 * on_netns_del). A name is a bind mount of a namespace's nsfs file; the
 * kernel keeps the namespace while the mount exists. The mounts and the
 * unshare are the native shim's; the files and the order are here.
 */
import { closeSync, mkdirSync, openSync, unlinkSync } from 'node:fs';
import { errnoName, native } from './native.js';
import { NETNS_RUN_DIR } from './native-transport.js';

/** A named-namespace operation failed; `message` is ip's line for it. */
export class NetnsFileError extends Error {
  override readonly name = 'NetnsFileError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** ip/ipnetns.c is_valid_netns_name: not empty, shorter than NAME_MAX, no '/', not "." or "..". */
export function isValidNetnsName(name: string): boolean {
  return (
    name.length > 0 && Buffer.byteLength(name) < 255 && !name.includes('/') && name !== '.' && name !== '..'
  );
}

function strerror(errno: number): string {
  return native().strerror(errno);
}

function fsErrno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).errno;
  return typeof code === 'number' ? Math.abs(code) : 5; // EIO when Node gives none
}

/**
 * `ip netns add NAME` (pid undefined) or `ip netns attach NAME PID`: make
 * the run directory a shared mount, create the empty file, bind the new (or
 * the process's) namespace onto it. On failure the file is removed again
 * (and, for a new namespace, unmounted), as ip does.
 */
export function addNamedNetns(name: string, pid?: number): string {
  if (!isValidNetnsName(name)) throw new NetnsFileError(`Invalid netns name "${name}"`);
  const b = native();
  try {
    mkdirSync(NETNS_RUN_DIR, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      const n = fsErrno(e);
      throw new NetnsFileError(`mkdir ${NETNS_RUN_DIR} failed: ${strerror(n)}`, errnoName(n));
    }
  }
  const shared = b.netnsShareDir(NETNS_RUN_DIR);
  if (shared < 0)
    throw new NetnsFileError(
      `mount --make-shared ${NETNS_RUN_DIR} failed: ${strerror(shared)}`,
      errnoName(shared),
    );
  const path = `${NETNS_RUN_DIR}/${name}`;
  try {
    closeSync(openSync(path, 'wx', 0));
  } catch (e) {
    const n = fsErrno(e);
    throw new NetnsFileError(`Cannot create namespace file "${path}": ${strerror(n)}`, errnoName(n));
  }
  const source = pid === undefined ? null : `/proc/${pid}/ns/net`;
  const stage = new Int32Array(1);
  const r = b.netnsBind(source, path, stage);
  if (r === 0) return path;
  if (stage[0] === 2) b.umountDetach(path);
  try {
    unlinkSync(path);
  } catch {
    // ip ignores this too: the first error is the one to report.
  }
  if (stage[0] === 1)
    throw new NetnsFileError(
      `Failed to create a new network namespace "${name}": ${strerror(r)}`,
      errnoName(r),
    );
  throw new NetnsFileError(
    `Bind ${source ?? '/proc/self/ns/net'} -> ${path} failed: ${strerror(r)}`,
    errnoName(r),
  );
}

/** `ip netns delete NAME` (on_netns_del): detach the mount, remove the file. */
export function deleteNamedNetns(name: string): void {
  const path = `${NETNS_RUN_DIR}/${name}`;
  native().umountDetach(path);
  try {
    unlinkSync(path);
  } catch (e) {
    const n = fsErrno(e);
    throw new NetnsFileError(`Cannot remove namespace file "${path}": ${strerror(n)}`, errnoName(n));
  }
}
