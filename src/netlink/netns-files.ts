/**
 * Named network namespaces: the files under /run/netns that `ip netns add`,
 * `attach` and `delete` make and remove (iproute2 ip/ipnetns.c netns_add,
 * on_netns_del). A name is a bind mount of a namespace's nsfs file; the
 * kernel keeps the namespace while the mount exists. The mounts and the
 * unshare are the native shim's; the files and the order are here.
 */
import { closeSync, mkdirSync, openSync, readdirSync, unlinkSync, watch, type FSWatcher } from 'node:fs';
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

/** create_netns_dir (ip/ipnetns.c): /run/netns, 0755, unless it is there. */
export function makeNetnsRunDir(): void {
  try {
    mkdirSync(NETNS_RUN_DIR, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      const n = fsErrno(e);
      throw new NetnsFileError(`mkdir ${NETNS_RUN_DIR} failed: ${strerror(n)}`, errnoName(n));
    }
  }
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
  makeNetnsRunDir();
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

/** One change under /run/netns, as `ip netns monitor` prints it. */
export interface NamedNetnsEvent {
  what: 'add' | 'delete';
  name: string;
}

/**
 * netns_monitor (ip/ipnetns.c): the names created in and deleted from /run/netns, in order, until
 * `signal` aborts (then the promise resolves). ip reads inotify's IN_CREATE and IN_DELETE; node:fs
 * watch reads the same inotify events but calls both "rename", so each name's state is tracked from
 * a listing taken once the watch is set: an event for a name not present is its creation, one for a
 * present name its deletion. Every event toggles, so an add and a delete that come before nlts looks
 * are still both reported, in order. Renames into or out of the directory (which ip does not watch)
 * count as creation and deletion. (A name made in the microseconds between setting the watch and
 * listing the directory is reported as deleted.)
 */
export function watchNamedNetns(onEvent: (e: NamedNetnsEvent) => void, signal?: AbortSignal): Promise<void> {
  makeNetnsRunDir();
  return new Promise<void>((resolve, reject) => {
    let watcher: FSWatcher;
    try {
      watcher = watch(NETNS_RUN_DIR, { persistent: true, encoding: 'utf8' });
    } catch (e) {
      const n = fsErrno(e);
      reject(new NetnsFileError(`inotify_add_watch failed: ${strerror(n)}`, errnoName(n)));
      return;
    }
    const present = new Set(readdirSync(NETNS_RUN_DIR));
    const stop = (): void => {
      watcher.close();
      resolve();
    };
    signal?.addEventListener('abort', stop, { once: true });
    watcher.on('error', (e) => {
      signal?.removeEventListener('abort', stop);
      watcher.close();
      const n = fsErrno(e);
      reject(new NetnsFileError(`inotify read failed: ${strerror(n)}`, errnoName(n)));
    });
    watcher.on('change', (type, file) => {
      if (type !== 'rename' || !file) return; // IN_MODIFY/IN_ATTRIB: not a creation or deletion
      const name = typeof file === 'string' ? file : file.toString('utf8');
      if (present.delete(name)) onEvent({ what: 'delete', name });
      else {
        present.add(name);
        onEvent({ what: 'add', name });
      }
    });
    if (signal?.aborted) stop();
  });
}
