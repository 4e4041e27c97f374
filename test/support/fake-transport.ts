/**
 * A Transport fed by the test: datagrams are queued with push() and served
 * to tryReceive()/receive() and the watch, as a socket would. Requests sent
 * are kept in `sent`; with `kernel: true` each request is answered like the
 * kernel does for an object that is gone (NLMSG_ERROR ENODEV, or NLMSG_DONE
 * for a dump), so name lookups of the monitors get a clean "unknown".
 */
import { parseMessages } from '../../src/netlink/codec/message.js';
import type { Datagram, Transport } from '../../src/netlink/transport.js';
import { OverrunError } from '../../src/netlink/errors.js';

export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
const NLM_F_DUMP = 0x300;

export function datagram(data: Uint8Array, senderPid = 0, extra: Partial<Datagram> = {}): Datagram {
  return { data, senderPid, senderGroups: 0, group: -1, nsid: null, ...extra };
}

/** nlmsghdr + payload, little-endian, padded to 4. */
export function nlmsg(type: number, payload: Uint8Array, flags = 0, seq = 0, pid = 0): Uint8Array {
  const len = 16 + payload.length;
  const b = new Uint8Array((len + 3) & ~3);
  const v = new DataView(b.buffer);
  v.setUint32(0, len, true);
  v.setUint16(4, type, true);
  v.setUint16(6, flags, true);
  v.setUint32(8, seq, true);
  v.setUint32(12, pid, true);
  b.set(payload, 16);
  return b;
}

export class FakeTransport implements Transport {
  readonly portId: number;
  readonly sent: Uint8Array[] = [];
  private readonly queue: (Datagram | 'overrun')[] = [];
  private cb: (() => void) | null = null;
  closed = false;

  constructor(
    readonly protocol: number,
    private readonly opts: { kernel?: boolean; portId?: number } = {},
  ) {
    this.portId = opts.portId ?? 4242;
  }

  push(...ds: (Datagram | 'overrun')[]): void {
    this.queue.push(...ds);
    this.kick();
  }

  get pending(): number {
    return this.queue.length;
  }

  private kick(): void {
    if (this.cb && this.queue.length) {
      const cb = this.cb;
      setImmediate(() => {
        if (this.cb === cb && this.queue.length) cb();
        this.kick();
      });
    }
  }

  send(data: Uint8Array): void {
    this.sent.push(data);
    if (!this.opts.kernel) return;
    for (const m of parseMessages(data)) {
      if (m.flags & NLM_F_DUMP) {
        this.queue.push(datagram(nlmsg(NLMSG_DONE, new Uint8Array(4), 0, m.seq, this.portId)));
        continue;
      }
      const err = new Uint8Array(4 + 16);
      new DataView(err.buffer).setInt32(0, -19, true); // ENODEV
      err.set(data.subarray(0, 16), 4);
      this.queue.push(datagram(nlmsg(NLMSG_ERROR, err, 0, m.seq, this.portId)));
    }
  }
  receive(): Datagram | null {
    return this.tryReceive();
  }
  tryReceive(): Datagram | null {
    const x = this.queue.shift();
    if (x === undefined) return null;
    if (x === 'overrun') throw new OverrunError('recvmsg', 105, 'ENOBUFS', 'No buffer space available');
    return x;
  }
  watch(cb: () => void): () => void {
    this.cb = cb;
    this.kick();
    return () => {
      if (this.cb === cb) this.cb = null;
    };
  }
  setOption(): void {}
  getOption(): number {
    return 0;
  }
  setReceiveTimeout(): void {}
  close(): void {
    this.closed = true;
    this.cb = null;
  }
}
