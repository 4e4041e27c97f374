import {
  EAGAIN,
  EBADF,
  ENOBUFS,
  MSG_DONTWAIT,
  MSG_PEEK,
  MSG_TRUNC,
  NSID_ABSENT,
  errnoName,
  native,
  type NativeBinding,
} from './native.js';
import { NetlinkSocketError, OverrunError } from './errors.js';
import type { Datagram, OpenOptions, Transport } from './transport.js';

/** Where `ip netns add` puts named namespaces (iproute2's NETNS_RUN_DIR). */
export const NETNS_RUN_DIR = '/run/netns';

export function netnsPath(nameOrPath: string): string {
  return nameOrPath.includes('/') ? nameOrPath : `${NETNS_RUN_DIR}/${nameOrPath}`;
}

/** With MSG_TRUNC the peek reports the true length whatever the buffer size, so a header's worth will do. */
const PEEK_BYTES = 16;
/** SKB_WITH_OVERHEAD(32768) is the kernel's cap on a dump datagram; see recv(). */
const RECV_BUFFER = 32 * 1024;

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

/** An AF_NETLINK socket through the native shim. */
export class NativeTransport implements Transport {
  readonly portId: number;
  private readonly b: NativeBinding;
  private fd: number;
  private readonly peekBuf = new Uint8Array(PEEK_BYTES);
  private readonly info = new Int32Array(4);

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
   * Peek at the next datagram's true size (MSG_PEEK|MSG_TRUNC), then read it
   * into a buffer of exactly that size, so no message is ever truncated.
   */
  private recv(extraFlags: number): Datagram | null {
    for (;;) {
      const n = this.b.recvmsg(this.fd, this.peekBuf, MSG_PEEK | MSG_TRUNC | extraFlags, this.info);
      if (n < 0) {
        if (-n === EAGAIN) return null;
        throw socketError(this.b, 'recvmsg', n);
      }
      // Read into at least 32 KiB even for a small datagram, as iproute2 does:
      // the kernel sizes the skbs of a dump by the largest buffer the socket
      // has read with (netlink_recvmsg's max_recvmsg_len), so reading with
      // exactly-sized buffers would make it send many small datagrams.
      const buf = new Uint8Array(Math.max(n, RECV_BUFFER));
      // The datagram is now known to be queued; this read cannot block.
      const m = this.b.recvmsg(this.fd, buf, MSG_DONTWAIT, this.info);
      if (m < 0) {
        if (-m === EAGAIN) continue;
        throw socketError(this.b, 'recvmsg', m);
      }
      return {
        // Small replies (ACKs, single objects) are copied out so they do not pin 32 KiB each.
        data: m * 2 < buf.length ? buf.slice(0, m) : buf.subarray(0, m),
        senderPid: this.info[0]! >>> 0,
        senderGroups: this.info[1]! >>> 0,
        group: this.info[2]!,
        nsid: this.info[3] === NSID_ABSENT ? null : this.info[3]!,
      };
    }
  }

  receive(): Datagram | null {
    return this.recv(0);
  }

  tryReceive(): Datagram | null {
    return this.recv(MSG_DONTWAIT);
  }

  watch(cb: () => void, onError?: (err: unknown) => void): () => void {
    const poller = new this.b.Poller(
      this.fd,
      (status) => {
        try {
          if (status === -EBADF && this.fd >= 0) {
            // An overrun sets the socket error, epoll reports EPOLLERR, and
            // libuv stops the poll and says UV_EBADF although the fd is fine.
            // Read (tryReceive raises the OverrunError the owner must see),
            // then watch again.
            poller.start();
            cb();
            return;
          }
          // Any other negative status is a libuv error: the watch itself failed.
          if (status < 0) throw socketError(this.b, 'poll', status);
          cb();
        } catch (e) {
          // Never let an error escape into the native callback: hand it to the owner.
          if (onError) onError(e);
          else throw e;
        }
      },
      onError,
    );
    poller.start();
    return () => poller.close();
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

  close(): void {
    if (this.fd >= 0) {
      this.b.close(this.fd);
      this.fd = -1;
    }
  }
}

export const openNativeTransport = (protocol: number, options?: OpenOptions): Transport =>
  new NativeTransport(protocol, options);
