/**
 * The allocation-free dump path of issue 15 (items 7 and 8): transient
 * datagrams, messages made one at a time, the arena that keeps link payloads,
 * and the in-place readers. Behaviour only; timings are in bench/.
 */
import { describe, expect, it } from 'vitest';
import { ByteArena } from '../../src/netlink/codec/arena.js';
import { cString, cStringAt, hostU16, hostU32 } from '../../src/netlink/codec/bytes.js';
import { CodecError } from '../../src/netlink/codec/errors.js';
import {
  encodeMessage,
  messageAt,
  messageLengthAt,
  messageSpan,
  parseMessages,
} from '../../src/netlink/codec/message.js';
import { Connection } from '../../src/netlink/connection.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import type { Datagram, Transport } from '../../src/netlink/transport.js';
import { NETLINK_ROUTE, NLMSG_DONE, NLMSG_ERROR, NLM_F_MULTI } from '../../src/netlink/gen/netlink.js';
import { RTM_GETROUTE, RTM_NEWROUTE } from '../../src/netlink/gen/rtnetlink.js';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A route-like message with a payload of `n` bytes all equal to `fill`. */
function msg(seq: number, type: number, fill: number, n = 12): Uint8Array {
  return encodeMessage({ type, flags: NLM_F_MULTI, seq, pid: 0, payload: new Uint8Array(n).fill(fill) });
}
function done(seq: number, error = 0): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setInt32(0, error, true);
  return encodeMessage({ type: NLMSG_DONE, flags: NLM_F_MULTI, seq, pid: 0, payload: p });
}

/**
 * A kernel stand-in: answers each request with the datagrams `script` makes
 * for its sequence number. receiveTransient() hands out views of ONE buffer,
 * overwritten by every receive, as NativeTransport's does; receive() copies.
 */
class ScriptedTransport implements Transport {
  readonly protocol = NETLINK_ROUTE;
  readonly portId = 4242;
  private queue: Uint8Array[] = [];
  private readonly shared = new Uint8Array(4096);
  transientReads = 0;
  copyingReads = 0;
  constructor(private readonly script: (seq: number) => Uint8Array[]) {}
  send(data: Uint8Array): void {
    this.queue.push(...this.script(hostU32(data, 8)));
  }
  private next(): Uint8Array {
    const d = this.queue.shift();
    if (!d) throw new Error('no datagram scripted');
    return d;
  }
  receive(): Datagram {
    this.copyingReads++;
    return { data: this.next().slice(), senderPid: 0, senderGroups: 0, group: -1, nsid: null };
  }
  receiveTransient(): Datagram {
    this.transientReads++;
    const d = this.next();
    this.shared.fill(0xee);
    this.shared.set(d);
    return { data: this.shared.subarray(0, d.length), senderPid: 0, senderGroups: 0, group: -1, nsid: null };
  }
  tryReceive(): Datagram | null {
    return null;
  }
  watch(): () => void {
    return () => {};
  }
  setOption(): void {}
  getOption(): number {
    return 0;
  }
  setReceiveTimeout(): void {}
  close(): void {}
}

describe('in-place readers (codec/bytes.ts, codec/message.ts)', () => {
  it('hostU16/hostU32 read host order at any offset, like a DataView', () => {
    const b = Uint8Array.of(9, 0x34, 0x12, 0x78, 0x56, 0x34, 0xf2);
    const dv = new DataView(b.buffer);
    const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    expect(hostU16(b, 1)).toBe(dv.getUint16(1, little));
    expect(hostU32(b, 3)).toBe(dv.getUint32(3, little));
    expect(hostU32(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0)).toBe(0xffffffff);
  });

  it('cStringAt agrees with cString: ASCII, NUL inside, no NUL, non-UTF-8 bytes, long strings', () => {
    const cases = [
      Uint8Array.of(0x76, 0x30, 0x70, 0),
      Uint8Array.of(0x6c, 0x6f, 0, 0x78, 0x78),
      Uint8Array.of(0x65, 0x74, 0x68),
      Uint8Array.of(0x61, 0xff, 0x62, 0),
      Uint8Array.of(0xc3, 0xa9, 0),
      new Uint8Array(100).fill(0x61),
      new Uint8Array(0),
    ];
    for (const c of cases) {
      const framed = concat([Uint8Array.of(1, 2), c, Uint8Array.of(3)]);
      expect(cStringAt(framed, 2, 2 + c.length)).toBe(cString(c));
    }
  });

  it('messageAt/messageSpan walk a datagram as parseMessages does; a bad length is a CodecError', () => {
    const d = concat([msg(7, RTM_NEWROUTE, 1, 5), msg(7, RTM_NEWROUTE, 2, 8), done(7)]);
    const walked = [];
    for (let off = 0; off < d.length;) {
      const m = messageAt(d, off);
      expect(messageLengthAt(d, off)).toBe(16 + m.payload.length);
      walked.push(m);
      off += messageSpan(m);
    }
    expect(walked).toEqual([...parseMessages(d)]);
    expect(walked.map((m) => m.payload.length)).toEqual([5, 8, 4]);
    const bad = d.slice();
    bad[0] = 200; // nlmsg_len past the end
    expect(() => messageAt(bad, 0)).toThrow(CodecError);
    expect(() => messageLengthAt(d, d.length - 8)).toThrow(/truncated nlmsghdr/);
  });
});

describe('ByteArena', () => {
  /** push, keep `n` bytes, and return the kept range's number. */
  const keepFirst = (arena: ByteArena, src: Uint8Array, n: number): number => {
    arena.keep(arena.push(src), n);
    return arena.count - 1;
  };

  it('keeps pushed bytes intact across chunks, and keep() gives back the rest of a push', () => {
    const arena = new ByteArena(64);
    const kept: [number, number[]][] = [];
    for (let i = 0; i < 40; i++) {
      const src = Uint8Array.from({ length: 5 + (i % 13) }, (_, j) => (i * 7 + j) & 0xff);
      const at = arena.push(src);
      expect(Array.from(arena.buffer.subarray(at, at + src.length))).toEqual(Array.from(src));
      // Keep only the first 3 bytes: the next push may reuse the rest.
      arena.keep(at, 3);
      kept.push([arena.count - 1, Array.from(src.subarray(0, 3))]);
    }
    expect(arena.count).toBe(40);
    for (const [n, want] of kept) {
      expect(Array.from(arena.view(n))).toEqual(want);
      // The same bytes read in place, without a view.
      expect(arena.endOf(n) - arena.startOf(n)).toBe(3);
      expect(Array.from(arena.chunkOf(n).subarray(arena.startOf(n), arena.endOf(n)))).toEqual(want);
    }
  });

  it('a record larger than the chunk size gets a chunk of its own', () => {
    const arena = new ByteArena(16);
    const small = keepFirst(arena, Uint8Array.of(1, 2, 3), 3);
    const big = Uint8Array.from({ length: 100 }, (_, i) => i);
    const kept = keepFirst(arena, big, 100);
    expect(Array.from(arena.view(kept))).toEqual(Array.from(big));
    expect(Array.from(arena.view(small))).toEqual([1, 2, 3]);
    expect(arena.chunkOf(kept)).not.toBe(arena.chunkOf(small));
  });

  it('a rewritten prefix is what is kept (compaction in place, as link show does)', () => {
    const arena = new ByteArena();
    const at = arena.push(Uint8Array.of(1, 2, 9, 9, 3, 4));
    arena.buffer.copyWithin(at + 2, at + 4, at + 6);
    arena.keep(at, 4);
    expect(Array.from(arena.view(0))).toEqual([1, 2, 3, 4]);
    const next = keepFirst(arena, Uint8Array.of(7, 7), 2);
    expect(Array.from(arena.view(next))).toEqual([7, 7]);
  });

  it('holds more ranges than its first table (the table grows)', () => {
    const arena = new ByteArena(1024);
    for (let i = 0; i < 1000; i++) keepFirst(arena, Uint8Array.of(i & 0xff, i >> 8), 2);
    expect(arena.count).toBe(1000);
    for (const i of [0, 255, 256, 999]) expect(Array.from(arena.view(i))).toEqual([i & 0xff, i >> 8]);
  });
});

describe('Connection.dump with transient datagrams', () => {
  it('reads through receiveTransient, and every message is intact when it is handed on', () => {
    const t = new ScriptedTransport((seq) => [
      concat([msg(seq, RTM_NEWROUTE, 1), msg(seq, RTM_NEWROUTE, 2)]),
      concat([msg(seq, RTM_NEWROUTE, 3), done(seq)]),
    ]);
    const conn = new Connection(t);
    const seen: number[][] = [];
    for (const m of conn.dump(RTM_GETROUTE, new Uint8Array(12), 0, undefined, true))
      seen.push(Array.from(m.payload));
    expect(seen).toEqual([Array(12).fill(1), Array(12).fill(2), Array(12).fill(3)]);
    expect(t.transientReads).toBe(2);
    expect(t.copyingReads).toBe(0);
  });

  it('a transient payload is overwritten by the next datagram: the contract callers must copy under', () => {
    const t = new ScriptedTransport((seq) => [
      msg(seq, RTM_NEWROUTE, 1),
      concat([msg(seq, RTM_NEWROUTE, 2), done(seq)]),
    ]);
    const conn = new Connection(t);
    const held: Uint8Array[] = [];
    const copies: Uint8Array[] = [];
    for (const m of conn.dump(RTM_GETROUTE, new Uint8Array(12), 0, undefined, true)) {
      held.push(m.payload);
      copies.push(m.payload.slice());
    }
    expect(Array.from(copies[0]!)).toEqual(Array(12).fill(1));
    expect(Array.from(held[0]!)).not.toEqual(Array(12).fill(1));
  });

  it('without transient, the copying receive is used and payloads stay valid', () => {
    const t = new ScriptedTransport((seq) => [
      msg(seq, RTM_NEWROUTE, 1),
      concat([msg(seq, RTM_NEWROUTE, 2), done(seq)]),
    ]);
    const conn = new Connection(t);
    const held = [...conn.dump(RTM_GETROUTE, new Uint8Array(12))].map((m) => m.payload);
    expect(held.map((p) => p[0])).toEqual([1, 2]);
    expect(t.transientReads).toBe(0);
  });

  it("the kernel's error in a datagram is thrown before any message of that datagram is handed on", () => {
    const t = new ScriptedTransport((seq) => [concat([msg(seq, RTM_NEWROUTE, 1), done(seq, -95)])]);
    const conn = new Connection(t);
    const seen: number[] = [];
    expect(() => {
      for (const m of conn.dump(RTM_GETROUTE, new Uint8Array(12), 0, undefined, true))
        seen.push(m.payload[0]!);
    }).toThrow(NetlinkKernelError);
    expect(seen).toEqual([]);
  });

  it('NLMSG_ERROR with errno ends the dump as an error; replies to other requests are skipped and counted', () => {
    const errPayload = new Uint8Array(4 + 16);
    new DataView(errPayload.buffer).setInt32(0, -22, true);
    const t = new ScriptedTransport((seq) => [
      concat([msg(seq + 1000, RTM_NEWROUTE, 5), msg(seq, RTM_NEWROUTE, 1)]),
      encodeMessage({ type: NLMSG_ERROR, flags: 0, seq, pid: 0, payload: errPayload }),
    ]);
    const conn = new Connection(t);
    const seen: number[] = [];
    expect(() => {
      for (const m of conn.dump(RTM_GETROUTE, new Uint8Array(12), 0, undefined, true))
        seen.push(m.payload[0]!);
    }).toThrow(/EINVAL|Invalid argument/);
    expect(seen).toEqual([1]);
    expect(conn.ignored).toBe(1);
  });

  it('dumpEach hands on the same messages as dump(), through the same checks', () => {
    const script = (seq: number): Uint8Array[] => [
      concat([msg(seq + 1000, RTM_NEWROUTE, 9), msg(seq, RTM_NEWROUTE, 1), msg(seq, RTM_NEWROUTE, 2)]),
      concat([msg(seq, RTM_NEWROUTE, 3), done(seq)]),
    ];
    const viaGenerator = new Connection(new ScriptedTransport(script));
    const want = [...viaGenerator.dump(RTM_GETROUTE, new Uint8Array(12))].map((m) => Array.from(m.payload));
    const t = new ScriptedTransport(script);
    const conn = new Connection(t);
    const got: number[][] = [];
    conn.dumpEach(
      RTM_GETROUTE,
      new Uint8Array(12),
      (m) => got.push(Array.from(m.payload)),
      0,
      undefined,
      true,
    );
    expect(got).toEqual(want);
    expect(got.map((p) => p[0])).toEqual([1, 2, 3]);
    expect(conn.ignored).toBe(1);
    expect(t.transientReads).toBe(2);
  });

  it("dumpEach: the kernel's error is thrown before the datagram's messages are handed on", () => {
    const conn = new Connection(
      new ScriptedTransport((seq) => [concat([msg(seq, RTM_NEWROUTE, 1), done(seq, -95)])]),
    );
    const seen: number[] = [];
    expect(() =>
      conn.dumpEach(RTM_GETROUTE, new Uint8Array(12), (m) => seen.push(m.payload[0]!), 0, undefined, true),
    ).toThrow(NetlinkKernelError);
    expect(seen).toEqual([]);
  });

  it('dumpEach: when the callback throws, the rest of that dump is read and dropped before the next request', () => {
    let dumps = 0;
    const t = new ScriptedTransport((seq) =>
      dumps++ === 0
        ? [msg(seq, RTM_NEWROUTE, 1), concat([msg(seq, RTM_NEWROUTE, 2), done(seq)])]
        : [concat([msg(seq, RTM_NEWROUTE, 7), done(seq)])],
    );
    const conn = new Connection(t);
    expect(() =>
      conn.dumpEach(
        RTM_GETROUTE,
        new Uint8Array(12),
        () => {
          throw new Error('renderer failed');
        },
        0,
        undefined,
        true,
      ),
    ).toThrow('renderer failed');
    const next: number[] = [];
    conn.dumpEach(RTM_GETROUTE, new Uint8Array(12), (m) => next.push(m.payload[0]!), 0, undefined, true);
    expect(next).toEqual([7]);
  });
});
