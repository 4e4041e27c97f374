/**
 * The one receive loop (src/netlink/pump.ts) and what rides on it: only the
 * kernel's datagrams become events, a datagram that does not decode is
 * reported and skipped, and the monitor, the library's event streams and
 * RouteClient.events() all behave so.
 */
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeTransport, datagram, nlmsg } from '../support/fake-transport.js';
import { ROOT, nlts } from '../support/cli.js';
import { pump, type PumpStats } from '../../src/netlink/pump.js';
import { receiveDatagrams, receiveEvents } from '../../src/netlink/events.js';
import { OverrunError, QueueOverrunError } from '../../src/netlink/errors.js';
import { RouteClient } from '../../src/api/route-client.js';
import type { Recording } from '../../src/netlink/recording.js';
import { parseMessages } from '../../src/netlink/codec/message.js';

const GOLDEN = path.join(ROOT, 'test/fixtures/golden/monitor');

/** A valid RTM_NEWLINK: ifinfomsg (index `index`) + IFLA_IFNAME. */
function newLink(index: number, name: string): Uint8Array {
  const ifname = Buffer.from(name + '\0');
  const attrLen = 4 + ifname.length;
  const p = new Uint8Array(16 + ((attrLen + 3) & ~3));
  const v = new DataView(p.buffer);
  v.setUint16(2, 1, true); // ARPHRD_ETHER
  v.setInt32(4, index, true);
  v.setUint32(8, 0x1043, true);
  v.setUint16(16, attrLen, true);
  v.setUint16(18, 3, true); // IFLA_IFNAME
  p.set(ifname, 20);
  return nlmsg(16, p);
}

const TRUNCATED = Uint8Array.from([0x30, 0, 0, 0, 0x10, 0]); // a header cut short

describe('pump', () => {
  it("overflow 'drop': what does not fit is counted, and the count stands where the gap is", async () => {
    const t = new FakeTransport(0);
    // Ten datagrams of 2 + 1 + 1 + … messages, all queued before the first is handled.
    const two = new Uint8Array([...nlmsg(16, new Uint8Array(16)), ...nlmsg(16, new Uint8Array(16))]);
    t.push(datagram(two), ...Array.from({ length: 9 }, () => datagram(nlmsg(16, new Uint8Array(16)))));
    const seen: string[] = [];
    let handled = 0;
    await pump(
      t,
      {
        // A slow consumer: each datagram takes a turn of the event loop.
        datagram: async () => {
          seen.push('d');
          await new Promise((r) => setImmediate(r));
          return ++handled < 10;
        },
        lost: (e) => {
          seen.push(e instanceof QueueOverrunError ? `lost ${e.dropped}` : 'kernel');
          return false;
        },
      },
      { maxQueueBytes: 64, overflow: 'drop' },
    );
    // 64 bytes hold the first datagram (64) alone: the other nine (9 messages) are
    // dropped while it is handled; nothing came after the gap.
    expect(seen).toEqual(['d', 'lost 9']);
  });

  it("overflow 'wait' (the default) never drops: the socket is read as the queue empties", async () => {
    const t = new FakeTransport(0);
    t.push(...Array.from({ length: 10 }, () => datagram(nlmsg(16, new Uint8Array(16)))));
    let n = 0;
    await pump(
      t,
      { datagram: async () => (await new Promise((r) => setImmediate(r)), ++n < 10), lost: () => false },
      { maxQueueBytes: 32 },
    );
    expect(n).toBe(10);
  });

  it('hands on only the kernel datagrams by default, counting the rest', async () => {
    const t = new FakeTransport(0);
    const seen: number[] = [];
    const stats: PumpStats = { ignored: 0, malformed: 0 };
    t.push(datagram(Uint8Array.of(1), 0), datagram(Uint8Array.of(2), 1234), datagram(Uint8Array.of(3), 0));
    await pump(t, { datagram: (d) => (seen.push(d.data[0]!), seen.length < 2), lost: () => true }, {}, stats);
    expect(seen).toEqual([1, 3]);
    expect(stats.ignored).toBe(1);
  });

  it("senders: 'any' hands on every datagram", async () => {
    const t = new FakeTransport(0);
    const seen: number[] = [];
    t.push(datagram(Uint8Array.of(1), 7), datagram(Uint8Array.of(2), 8));
    await pump(
      t,
      { datagram: (d) => (seen.push(d.senderPid), seen.length < 2), lost: () => true },
      {
        senders: 'any',
      },
    );
    expect(seen).toEqual([7, 8]);
  });

  it('a CodecError from the handler goes to malformed and the next datagram is handled', async () => {
    const t = new FakeTransport(0);
    const bad: string[] = [];
    const good: string[] = [];
    t.push(datagram(TRUNCATED), datagram(newLink(5, 'ok0')));
    await pump(
      t,
      {
        datagram(d) {
          for (const m of receiveParse(d.data)) good.push(String(m));
          return false;
        },
        lost: () => true,
        malformed: (d, e) => (bad.push(`${d.data.length}:${e.name}`), true),
      },
      {},
    );
    expect(bad).toEqual(['6:CodecError']);
    expect(good).toEqual(['16']);
  });

  it('without a malformed handler a CodecError ends the pump (as any handler error does)', async () => {
    const t = new FakeTransport(0);
    t.push(datagram(TRUNCATED));
    await expect(
      pump(t, { datagram: (d) => receiveParse(d.data).length > 0, lost: () => true }),
    ).rejects.toThrow(/at byte/);
  });

  it('waits for an async handler before handling the next datagram, and releases the watch', async () => {
    const t = new FakeTransport(0);
    const order: string[] = [];
    t.push(datagram(Uint8Array.of(1)), datagram(Uint8Array.of(2)));
    await pump(
      t,
      {
        datagram: async (d) => {
          order.push(`start ${d.data[0]}`);
          await new Promise((r) => setTimeout(r, 5));
          order.push(`end ${d.data[0]}`);
          return d.data[0] !== 2;
        },
        lost: () => true,
      },
      {},
    );
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});

/** The message types of a datagram, through the real codec (a CodecError when it does not parse). */
function receiveParse(data: Uint8Array): number[] {
  return [...parseMessages(data)].map((m) => m.type);
}

describe('receiveDatagrams / receiveEvents', () => {
  it('deliver only the kernel datagrams by default', async () => {
    const t = new FakeTransport(0);
    t.push(datagram(newLink(1, 'forged'), 31337), datagram(newLink(2, 'real'), 0));
    const ac = new AbortController();
    const got: number[] = [];
    for await (const ev of receiveEvents(t, ac.signal)) {
      if (ev.kind === 'message') got.push(ev.datagram.senderPid);
      ac.abort();
    }
    expect(got).toEqual([0]);
    expect(t.closed).toBe(false);
  });

  it("senders: 'any' delivers a process's datagrams too, and an overrun stays in order", async () => {
    const t = new FakeTransport(0);
    t.push(datagram(Uint8Array.of(1), 99), 'overrun', datagram(Uint8Array.of(2), 0));
    const ac = new AbortController();
    const got: string[] = [];
    for await (const d of receiveDatagrams(t, ac.signal, { senders: 'any' })) {
      got.push(d instanceof OverrunError ? 'lost' : String(d.senderPid));
      if (got.length === 3) ac.abort();
    }
    expect(got).toEqual(['99', 'lost', '0']);
  });

  it('a datagram that does not parse is skipped (onMalformed hears of it) and the stream goes on', async () => {
    const t = new FakeTransport(0);
    t.push(datagram(TRUNCATED), datagram(newLink(2, 'real')));
    const bad: number[] = [];
    const types: number[] = [];
    const ac = new AbortController();
    for await (const ev of receiveEvents(t, ac.signal, { onMalformed: (d) => bad.push(d.data.length) })) {
      if (ev.kind === 'message') types.push(ev.message.type);
      ac.abort();
    }
    expect(bad).toEqual([6]);
    expect(types).toEqual([16]);
  });

  it('a consumer that stops early releases the loop', async () => {
    const t = new FakeTransport(0);
    t.push(datagram(newLink(2, 'a')), datagram(newLink(3, 'b')));
    for await (const ev of receiveEvents(t)) {
      expect(ev.kind).toBe('message');
      break;
    }
    await new Promise((r) => setImmediate(r));
    expect(t.pending).toBeGreaterThanOrEqual(0);
  });
});

describe('RouteClient.events()', () => {
  it('ignores what a process sends to the group or to its port; the kernel’s events arrive', async () => {
    const sockets: FakeTransport[] = [];
    const nl = RouteClient.open({
      transports: (protocol) => {
        const t = new FakeTransport(protocol, { kernel: true });
        sockets.push(t);
        return t;
      },
    });
    const ac = new AbortController();
    const names: string[] = [];
    const stream = nl.events(['link'], { signal: ac.signal });
    const first = stream.next();
    await new Promise((r) => setImmediate(r));
    const ev = sockets[1]!;
    ev.push(
      datagram(newLink(7, 'forged0'), 4321, { senderGroups: 1 }),
      datagram(TRUNCATED, 0),
      datagram(newLink(8, 'real0'), 0, { senderGroups: 1 }),
    );
    const r = await first;
    if (!r.done && r.value.kind === 'link') names.push(r.value.link.ifname);
    ac.abort();
    await stream.return(undefined);
    nl.close();
    expect(names).toEqual(['real0']);
  });
});

describe('nlts monitor --replay of a recording with a malformed kernel datagram and an impostor', () => {
  /** monitor-all-*: a truncated datagram from the kernel after the 2nd event, a forged link from port 4242 after the 4th. */
  function edited(name: string, dir: string): string {
    const rec = JSON.parse(readFileSync(path.join(GOLDEN, `${name}.recording.json`), 'utf8')) as Recording;
    const replies = rec.sockets[0]!.exchanges[0]!.replies;
    replies.splice(2, 0, Buffer.from(TRUNCATED).toString('hex'));
    replies.splice(5, 0, {
      data: Buffer.from(newLink(99, 'forged0')).toString('hex'),
      from: 4242,
      groups: 1,
    });
    const file = path.join(dir, `${name}.recording.json`);
    writeFileSync(file, JSON.stringify(rec));
    return file;
  }

  it('-j: a {"malformed":…} record where the bad datagram was, every real event, no forged one, exit 0', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nlts-m10-'));
    try {
      const file = edited('monitor-all-json', dir);
      const r = nlts(['--replay', file, '-j', '-n', 'nlts-golden-mon', 'monitor', 'all', '--count', '22']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      const golden = readFileSync(path.join(GOLDEN, 'monitor-all-json.stdout'), 'utf8').trimEnd().split('\n');
      expect(JSON.parse(lines[2]!)).toEqual({
        malformed: {
          reason: expect.stringMatching(/at byte/),
          length: 6,
          hex: '300000001000',
          truncated: false,
        },
      });
      expect([...lines.slice(0, 2), ...lines.slice(3)]).toEqual(golden);
      expect(r.stdout).not.toContain('forged0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('text: a [MALFORMED] line with the reason and the hex', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nlts-m10-'));
    try {
      const file = edited('monitor-all-text', dir);
      const r = nlts(['--replay', file, '-n', 'nlts-golden-mon', 'monitor', 'all', '--count', '22']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\[MALFORMED\] .*at byte.* 300000001000$/m);
      const golden = readFileSync(path.join(GOLDEN, 'monitor-all-text.stdout'), 'utf8');
      expect(r.stdout.replace(/^\[MALFORMED\].*\n/m, '')).toBe(golden);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
