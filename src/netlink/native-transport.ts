import { NSID_ABSENT, errnoName, native, type NativeBinding, type NativePoller } from './native.js';
import { NetlinkSocketError, OverrunError } from './errors.js';
import type { Datagram, OpenOptions, Transport } from './transport.js';
import { EAGAIN, EBADF, EINVAL, ENOBUFS } from './gen/errno.js';
import { MSG_DONTWAIT, MSG_PEEK, MSG_TRUNC } from './gen/socket.js';

/** Where `ip netns add` puts named namespaces (iproute2's NETNS_RUN_DIR). */
export const NETNS_RUN_DIR = '/run/netns';

/**
 * The file to setns() into for a namespace NAME or path. An empty or blank
 * name names no namespace: it is refused (EINVAL, as ip's setns of
 * "/run/netns/" fails), never taken to mean the caller's own namespace.
 */
export function netnsPath(nameOrPath: string): string {
  if (nameOrPath.trim() === '')
    throw new NetlinkSocketError('setns', EINVAL, 'EINVAL', 'Invalid argument', nameOrPath);
  return nameOrPath.includes('/') ? nameOrPath : `${NETNS_RUN_DIR}/${nameOrPath}`;
}

/** SKB_WITH_OVERHEAD(32768) is the kernel's cap on a dump datagram; see recv(). */
const RECV_BUFFER = 32 * 1024;
const EMPTY = new Uint8Array(0);

export function socketError(
  b: NativeBinding,
  syscall: string,
  ret: number,
  subject?: string,
): NetlinkSocketError {
  const errno = -ret;
  const Ctor = errno === ENOBUFS ? OverrunError : NetlinkSocketError;
  return new Ctor(syscall, errno, errnoName(errno), b.strerror(errno), subject);
}

interface Watcher {
  cb: () => void;
  onError: ((err: unknown) => void) | undefined;
}

/** An AF_NETLINK socket through the native shim. */
export class NativeTransport implements Transport {
  readonly portId: number;
  private readonly b: NativeBinding;
  private fd: number;
  private rbuf = new Uint8Array(RECV_BUFFER);
  private readonly info = new Int32Array(4);
  private poller: NativePoller | undefined;
  private readonly watchers = new Set<Watcher>();

  constructor(
    readonly protocol: number,
    options: OpenOptions = {},
  ) {
    this.b = native();
    const fd = this.b.open(protocol, options.netns === undefined ? null : netnsPath(options.netns));
    if (fd < 0) {
      throw options.netns === undefined
        ? socketError(this.b, 'socket', fd)
        : socketError(this.b, 'setns', fd, options.netns);
    }
    this.fd = fd;
    const rb = this.b.bind(fd, options.portId ?? 0, options.groups ?? 0);
    if (rb < 0) {
      this.b.close(fd);
      throw socketError(this.b, 'bind', rb);
    }
    const name = new Uint32Array(2);
    const rn = this.b.getsockname(fd, name);
    if (rn < 0) {
      this.b.close(fd);
      throw socketError(this.b, 'getsockname', rn);
    }
    this.portId = name[0]!;
  }

  send(data: Uint8Array, portId = 0, groups = 0): void {
    const r = this.b.sendto(this.fd, data, portId, groups);
    if (r < 0) throw socketError(this.b, 'sendto', r);
  }

  /**
   * Peek the next datagram into the socket's reusable buffer with
   * MSG_PEEK|MSG_TRUNC, which reports its true size. When it fits (nearly
   * always), the bytes are already there: copy them out and discard the
   * datagram with a zero-length read. When it does not, grow the buffer and
   * read it whole. No message is ever truncated, and no buffer is allocated
   * per datagram except the exact-size copy handed to the caller.
   *
   * The buffer is at least 32 KiB, as iproute2's is: the kernel sizes the skbs
   * of a dump by the largest buffer the socket reads with (netlink_recvmsg's
   * max_recvmsg_len), so small reads would make it send many small datagrams.
   */
  private recv(extraFlags: number, transient = false): Datagram | null {
    for (;;) {
      const n = this.b.recvmsg(this.fd, this.rbuf, MSG_PEEK | MSG_TRUNC | extraFlags, this.info);
      if (n < 0) {
        if (-n === EAGAIN) return null;
        throw socketError(this.b, 'recvmsg', n);
      }
      const d: Datagram = {
        data: EMPTY,
        senderPid: this.info[0]! >>> 0,
        senderGroups: this.info[1]! >>> 0,
        group: this.info[2]!,
        nsid: this.info[3] === NSID_ABSENT ? null : this.info[3]!,
      };
      let m: number;
      if (n <= this.rbuf.length) {
        d.data = transient ? this.rbuf.subarray(0, n) : this.rbuf.slice(0, n);
        // The datagram is known to be queued: consuming it cannot block.
        m = this.b.recvmsg(this.fd, EMPTY, MSG_DONTWAIT | MSG_TRUNC, this.info);
      } else {
        this.rbuf = new Uint8Array(n);
        m = this.b.recvmsg(this.fd, this.rbuf, MSG_DONTWAIT, this.info);
        if (m >= 0) d.data = transient ? this.rbuf.subarray(0, m) : this.rbuf.slice(0, m);
      }
      if (m < 0) {
        if (-m === EAGAIN) continue;
        throw socketError(this.b, 'recvmsg', m);
      }
      return d;
    }
  }

  receive(): Datagram | null {
    return this.recv(0);
  }

  /**
   * receive() without the copy: the data is a view of the socket's own
   * buffer, overwritten by the next receive. A dump that handles each
   * datagram before reading the next (route show: 1,000,000 routes are
   * ~60 MB of datagrams) then allocates nothing per datagram; on the
   * development VM a fresh 32 KiB copy cost ~90 us (first-touch page faults),
   * a third of a link dump's time.
   */
  receiveTransient(): Datagram | null {
    return this.recv(0, true);
  }

  tryReceive(): Datagram | null {
    return this.recv(MSG_DONTWAIT);
  }

  /**
   * Call `cb` whenever the socket becomes readable. Any number of watchers
   * may be active at once (two dumps on one client, a listener and a dump):
   * the transport owns ONE native poller for its fd, because libuv allows
   * only one poll handle per fd (a second uv_poll_init fails with EEXIST).
   * The poller runs while at least one watcher is registered and is closed
   * with the socket, before the fd is released (see close()).
   */
  watch(cb: () => void, onError?: (err: unknown) => void): () => void {
    const watcher: Watcher = { cb, onError };
    this.watchers.add(watcher);
    this.pollerFor().start();
    return () => {
      if (!this.watchers.delete(watcher)) return;
      if (this.watchers.size === 0) this.poller?.stop();
    };
  }

  /** The transport's poller, made on first use. */
  private pollerFor(): NativePoller {
    if (this.poller) return this.poller;
    if (this.fd < 0) throw socketError(this.b, 'poll', -EBADF);
    const poller = new this.b.Poller(this.fd, (status) => {
      if (status === -EBADF && this.fd >= 0) {
        // An overrun sets the socket error, epoll reports EPOLLERR, and
        // libuv stops the poll and says UV_EBADF although the fd is fine.
        // Watch again and let the watchers read (tryReceive raises the
        // OverrunError each owner must see).
        poller.start();
        status = 0;
      }
      // A copy: a watcher may stop itself (or another) while being called.
      for (const w of [...this.watchers]) {
        if (!this.watchers.has(w)) continue;
        try {
          // Any other negative status is a libuv error: the watch itself failed.
          if (status < 0) throw socketError(this.b, 'poll', status);
          w.cb();
        } catch (e) {
          // Never let an error escape into the native callback: hand it to the owner.
          if (w.onError) w.onError(e);
          else throw e;
        }
      }
    });
    this.poller = poller;
    return poller;
  }

  setOption(level: number, name: number, value: number): void {
    const r = this.b.setsockoptInt(this.fd, level, name, value);
    if (r < 0) throw socketError(this.b, 'setsockopt', r);
  }

  getOption(level: number, name: number): number {
    const out = new Int32Array(1);
    const r = this.b.getsockoptInt(this.fd, level, name, out);
    if (r < 0) throw socketError(this.b, 'getsockopt', r);
    return out[0]!;
  }

  setReceiveTimeout(ms: number): void {
    const r = this.b.setReceiveTimeout(this.fd, ms);
    if (r < 0) throw socketError(this.b, 'setsockopt', r);
  }

  /**
   * Close the poller first, then the fd: a poll handle left on a closed fd
   * stays registered with libuv under that number, and the next socket that
   * gets the same fd could not be watched (EEXIST).
   */
  close(): void {
    this.watchers.clear();
    this.poller?.close();
    this.poller = undefined;
    if (this.fd >= 0) {
      this.b.close(this.fd);
      this.fd = -1;
    }
  }
}

export const openNativeTransport = (protocol: number, options?: OpenOptions): Transport =>
  new NativeTransport(protocol, options);
