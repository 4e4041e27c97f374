/**
 * Typed access to the native socket shim (native/netlink_socket.cc).
 *
 * The addon is deliberately thin: raw netlink socket syscalls, namespace entry,
 * strerror and a libuv readiness poll. It never throws for runtime failures;
 * every call returns a number that is >= 0 on success or -errno on failure
 * (a wrong argument type is reported as -EINVAL).
 */
import { existsSync } from 'node:fs';
import * as ERRNO from './gen/errno.js';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Readiness watcher for one fd (a libuv uv_poll_t watching UV_READABLE). */
export interface NativePoller {
  /** Begin watching for UV_READABLE (idempotent). */
  start(): void;
  /** Stop watching (idempotent); the handle is kept and can be restarted. */
  stop(): void;
  /** uv_close the handle; safe to call twice. Afterwards start() is a no-op. */
  close(): void;
  /** uv_ref the handle: an active poller keeps the event loop alive (the default). */
  ref(): void;
  /** uv_unref the handle: an active poller does not keep the event loop alive. */
  unref(): void;
}

/** Callback of a {@link NativePoller}: status < 0 is a libuv error code (-errno on Linux). */
export type PollCallback = (status: number, events: number) => void;

export interface NativeBinding {
  /**
   * socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, protocol); the socket is blocking
   * (non-blocking reads pass MSG_DONTWAIT). When netnsPath is a string
   * (/run/netns/NAME, /proc/PID/ns/net) the socket is created inside that network
   * namespace: the calling thread enters it with setns() and returns straight
   * after. Returns the fd, or -errno (-ENOENT: no such netns file, -EINVAL: not a
   * netns file, -EPERM: not allowed to enter it).
   */
  open(protocol: number, netnsPath: string | null): number;
  /**
   * socket(domain, type|SOCK_CLOEXEC, protocol), here or (netnsPath a string)
   * inside that network namespace, as open() does. The fd | -errno.
   */
  socket(domain: number, type: number, protocol: number, netnsPath: string | null): number;
  /**
   * open(path, flags|O_CLOEXEC), here or inside a network namespace: a tun
   * device belongs to the namespace /dev/net/tun was opened in (tun_chr_open).
   * The fd | -errno.
   */
  openPath(path: string, flags: number, netnsPath: string | null): number;
  /** ioctl(fd, request, buf): the kernel reads/writes the struct in buf. ioctl's result | -errno. */
  ioctl(fd: number, request: number, buf: Uint8Array): number;
  /** ioctl(fd, request, value) with a number passed by value (TUNSETPERSIST). ioctl's result | -errno. */
  ioctlValue(fd: number, request: number, value: number): number;
  /**
   * Forks a child that enters the named namespace as ip netns exec does
   * (lib/namespace.c netns_switch: setns, a private mount namespace with / made
   * rslave, a sysfs of the namespace, the /etc/netns/NAME binds given as
   * [source, target, ...]) and execs argv[0] from PATH. Returns once the program
   * runs or the child gave up: `records` is a flat [stage, index, errno, ...]
   * list of failed steps (see EXEC_STAGE). pidfd (or -errno) becomes readable
   * when the child ends; then call waitChild. -errno when the namespace file
   * cannot be opened or fork fails. A null netnsPath runs argv here, with no
   * namespace or mount change. With joinProcs, the child first writes its pid to
   * that cgroup.procs file (ip vrf exec), so only the program joins the cgroup.
   */
  spawnInNetns(
    netnsPath: string | null,
    name: string,
    argv: string[],
    binds: string[],
    joinProcs: string | null,
  ): { pid: number; pidfd: number; records: number[] } | number;
  /**
   * waitpid(pid, WNOHANG): 0 while it runs; 1 when it ended, with out[0] = 1
   * (exited, status out[1]) or 2 (killed by signal out[1]); or -errno.
   */
  waitChild(pid: number, out: Int32Array): number;
  /**
   * bpf(BPF_PROG_LOAD) of `insns` (struct bpf_insn[], 8 bytes each) as a program
   * of `type` (enum bpf_prog_type) under `license`. The program fd | -errno.
   */
  bpfProgLoad(type: number, insns: Uint8Array, license: string): number;
  /** bpf(BPF_PROG_ATTACH) of progFd to targetFd (a cgroup directory) as attachType. 0 | -errno. */
  bpfProgAttach(progFd: number, targetFd: number, attachType: number): number;
  /** bpf(BPF_OBJ_GET): the fd of the object pinned at `path` (a bpf filesystem) | -errno. */
  bpfObjGet(path: string): number;
  /** bpf(BPF_OBJ_PIN): pins object `fd` at `path`. 0 | -errno. */
  bpfObjPin(fd: number, path: string): number;
  /**
   * BPF_PROG_GET_FD_BY_ID then BPF_OBJ_GET_INFO_BY_FD: struct bpf_prog_info of
   * program `id` into `out`; the length the kernel filled | -errno.
   */
  bpfProgInfo(id: number, out: Uint8Array): number;
  /** bind() to sockaddr_nl {nl_pid: portId, nl_groups: groups}; portId 0 lets the kernel pick. 0 | -errno. */
  bind(fd: number, portId: number, groups: number): number;
  /** out[0] = nl_pid, out[1] = nl_groups (out.length >= 2). 0 | -errno. */
  getsockname(fd: number, out: Uint32Array): number;
  /** setsockopt with an int value. 0 | -errno. */
  setsockoptInt(fd: number, level: number, name: number, value: number): number;
  /** getsockopt of an int option into out[0] (out.length >= 1). 0 | -errno. */
  getsockoptInt(fd: number, level: number, name: number, out: Int32Array): number;
  /** SO_RCVTIMEO in milliseconds; 0 means no timeout (block forever). 0 | -errno. */
  setReceiveTimeout(fd: number, ms: number): number;
  /** sendto sockaddr_nl {nl_pid: portId, nl_groups: groups}. Bytes sent | -errno. */
  sendto(fd: number, data: Uint8Array, portId: number, groups: number): number;
  /**
   * recvmsg into the whole of buf (its byteOffset/byteLength are honoured) with
   * flags (MSG_PEEK, MSG_TRUNC, MSG_DONTWAIT). Returns what recvmsg returned -
   * with MSG_TRUNC the real datagram length even when larger than buf - or
   * -errno (-EAGAIN, -ENOBUFS, ...). On success info (length >= 4) receives:
   * [0] sender nl_pid, [1] sender nl_groups, [2] destination group from the
   * NETLINK_PKTINFO cmsg or -1, [3] nsid from the NETLINK_LISTEN_ALL_NSID cmsg
   * or NSID_ABSENT.
   */
  recvmsg(fd: number, buf: Uint8Array, flags: number, info: Int32Array): number;
  /** close(fd). 0 | -errno. */
  close(fd: number): number;
  /**
   * Make `dir` (/run/netns) a shared mount, binding it onto itself first when
   * it is not a mount point (ip/ipnetns.c netns_add). 0 | -errno.
   */
  netnsShareDir(dir: string): number;
  /**
   * Bind a network namespace onto the existing file `target`: the one at
   * `source` (/proc/PID/ns/net), or a new one when source is null (unshare on
   * the calling thread, which returns to its own namespace). 0 | -errno;
   * stage[0] names the failed call: 1 unshare, 2 mount, 3 setns back.
   */
  netnsBind(source: string | null, target: string, stage: Int32Array): number;
  /** umount2(target, MNT_DETACH). 0 | -errno. */
  umountDetach(target: string): number;
  /** strerror_r text, e.g. strerror(19) === 'No such device'. A negative errno is accepted too. */
  strerror(errno: number): string;
  /**
   * Watches fd for readability. callback(status, events) runs as a proper async
   * callback (nextTick/microtasks run after it). If it throws, the exception is
   * cleared and passed to onError (a throw there is dropped), or, without
   * onError, reported as one line on stderr; it never terminates the process.
   * If the watch cannot be set up (bad fd, fd already polled), start() reports
   * that as callback(negativeStatus, 0) on the next loop iteration. The poller
   * does not own the fd: call poller.close() before close(fd). A started poller
   * is not garbage-collected until stop()/close(). (A non-function callback
   * cannot be reported anywhere: such a poller never calls back.)
   */
  Poller: new (fd: number, callback: PollCallback, onError?: (err: unknown) => void) => NativePoller;
}

/** spawnInNetns record stages (native/netlink_socket.cc ExecStage). */
export const EXEC_STAGE = {
  setns: 1,
  unshare: 2,
  makeRslave: 3,
  mountSys: 4,
  bindEtc: 5,
  exec: 6,
  joinOpen: 7,
  joinWrite: 8,
} as const;

/** recvmsg info[3] when no NETLINK_LISTEN_ALL_NSID cmsg came with the message (INT32_MIN). */
export const NSID_ABSENT = -2147483648;

let errnoNames: Map<number, string> | undefined;

/** Symbolic name of an errno (sign ignored), e.g. errnoName(105) === 'ENOBUFS'; `E${n}` when unknown. */
export function errnoName(errno: number): string {
  if (errnoNames === undefined) {
    errnoNames = new Map();
    // From <errno.h> by the generator (not node:os, whose loading cost every start 0.4 ms for
    // an error path). Alphabetical order keeps the first of aliases that share a number
    // (EAGAIN before EWOULDBLOCK, EDEADLK before EDEADLOCK), as node:os's list did.
    for (const [name, value] of Object.entries(ERRNO)) {
      if (typeof value === 'number' && !errnoNames.has(value)) errnoNames.set(value, name);
    }
    // ENOTSUP and EOPNOTSUPP are both 95; the kernel and iproute2 say EOPNOTSUPP.
    errnoNames.set(ERRNO.EOPNOTSUPP, 'EOPNOTSUPP');
  }
  const n = Math.abs(errno);
  return errnoNames.get(n) ?? `E${n}`;
}

/** strerror text of a failed node:fs call ("No such file or directory"), as ip prints it; String(e) without an errno. */
export function fsErrorText(e: unknown): string {
  const errno = (e as NodeJS.ErrnoException | null)?.errno;
  return errno === undefined ? String(e) : native().strerror(errno);
}

// ---- loading ----
// build/Release is two levels up from both src/netlink/ and dist/netlink/.
const ADDON_PATH = '../../build/Release/nlts_native.node';

let binding: NativeBinding | undefined;

/** The native addon, loaded on first use. Throws if it has not been built. */
export function native(): NativeBinding {
  if (binding !== undefined) return binding;
  // import.meta.dirname (Node >= 20.11; the bundle gives it too) spares a URL parse (~0.3 ms of a start).
  const file = import.meta.dirname
    ? join(import.meta.dirname, ADDON_PATH)
    : fileURLToPath(new URL(ADDON_PATH, import.meta.url));
  // process.dlopen, as require() does for a .node file in the end: require() first resolves, stats
  // and realpaths the path (1.4 ms of the 2 ms it took in `nlts link show lo`).
  const module = { exports: {} as NativeBinding };
  try {
    process.dlopen(module, file);
  } catch (err) {
    const message = !existsSync(file)
      ? 'native addon not built: run npm install'
      : `cannot load native addon: ${err instanceof Error ? err.message : String(err)}`;
    throw Object.assign(new Error(message), { cause: err });
  }
  binding = module.exports;
  return binding;
}
