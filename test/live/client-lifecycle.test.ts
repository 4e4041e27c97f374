/**
 * The library's resource rules (issue 14, items 3 and 4), against the real
 * kernel in a namespace of the test's own:
 * - every socket and native poller is released by close(), also with an
 *   events() stream pending (10,000 cycles: RSS and fd count stay flat);
 * - concurrent dumps, and requests made while a dump streams, each get a
 *   socket of their own instead of failing;
 * - an abandoned dump does not break the next request (EBUSY);
 * - a slow consumer of events() gets `lost` with the exact count of what
 *   the bounded queue dropped, and a resync when asked.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ROOT } from '../support/cli.js';
import { RouteClient, type RouteEvent } from '../../src/api/route-client.js';
import { Connection } from '../../src/netlink/connection.js';
import { openNativeTransport } from '../../src/netlink/native-transport.js';
import { NETLINK_ROUTE } from '../../src/netlink/gen/netlink.js';
import { RTM_GETLINK } from '../../src/netlink/gen/rtnetlink.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live client life-cycle tests: ${skip}`);

const CHILD = path.join(ROOT, 'test', 'support', 'lifecycle-child.mjs');
const MiB = 1024 * 1024;

interface Sample {
  rss: number;
  fds: number;
}

function cycles(mode: string, n: number, netns: string): { start: Sample; mid: Sample; end: Sample } {
  const r = spawnSync(process.execPath, ['--expose-gc', CHILD, mode, String(n), netns], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { start: Sample; mid: Sample; end: Sample };
}

const ifinfomsg = (): Uint8Array => new Uint8Array(16);

describe.skipIf(skip !== null)('live: library sockets, pollers and streams are bounded', () => {
  let ns: { name: string; ip(args: string[]): string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlts-life');
    ipBatch(['link add v0 type veth peer name v1', 'link set lo up'], ns.name);
  });
  afterAll(() => ns?.delete());

  // Before the fix each cycle kept its poller, its callback and what that
  // closed over: about 40 KiB, so 5,000 cycles grew RSS by ~200 MB.
  for (const mode of ['dump', 'events', 'abandon']) {
    it(`${mode}: 10,000 open/close cycles keep RSS and fd count flat`, () => {
      const s = cycles(mode, 10_000, ns.name);
      expect(s.end.fds).toBe(s.start.fds);
      expect(s.mid.fds).toBe(s.start.fds);
      // The first half may still raise the allocator's high-water mark; the
      // second half must not keep growing as the leak did (~40 KiB a cycle,
      // ~200 MiB per 5,000). Under a loaded CI run, GC timing alone moved
      // this by up to ~32 MiB; 64 MiB is well above that and well below a leak.
      expect((s.end.rss - s.mid.rss) / MiB).toBeLessThan(64);
    }, 180_000);
  }

  it('close() ends a pending events() stream and the process exits by itself', () => {
    const script = `
      import { RouteClient } from ${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))};
      const c = RouteClient.open({ netns: ${JSON.stringify(ns.name)} });
      setTimeout(() => c.close(), 100);
      let n = 0;
      for await (const ev of c.events(['link', 'ipv4_ifaddr'])) n++;
      console.log('ended', n);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(r.error).toBeUndefined(); // a timeout would mean the process never exited
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('ended 0');
  });

  it('two concurrent async dumps on one client both complete', async () => {
    const nl = RouteClient.open({ netns: ns.name });
    try {
      const all = async (): Promise<string[]> => {
        const names: string[] = [];
        for await (const l of nl.links()) names.push(String(l.ifname));
        return names;
      };
      const [a, b] = await Promise.all([all(), all()]);
      const expected = (JSON.parse(ns.ip(['-j', 'link', 'show'])) as { ifname: string }[]).map(
        (l) => l.ifname,
      );
      expect(a).toEqual(expected);
      expect(b).toEqual(expected);
    } finally {
      nl.close();
    }
  });

  it('a request made while a dump streams gets its answer, and the dump is complete', async () => {
    const nl = RouteClient.open({ netns: ns.name });
    try {
      const seen: string[] = [];
      for await (const l of nl.links()) {
        const again = nl.link({ index: l.index });
        seen.push(`${String(l.ifname)}=${String(again?.ifname)}`);
      }
      const expected = (JSON.parse(ns.ip(['-j', 'link', 'show'])) as { ifname: string }[]).map(
        (l) => `${l.ifname}=${l.ifname}`,
      );
      expect(seen).toEqual(expected);
    } finally {
      nl.close();
    }
  });

  it('a dump abandoned early does not make the next one fail (EBUSY)', async () => {
    const conn = Connection.open(openNativeTransport, NETLINK_ROUTE, { netns: ns.name });
    try {
      for (const m of conn.dump(RTM_GETLINK, ifinfomsg())) {
        void m;
        break;
      }
      expect(conn.dumpConsistent(RTM_GETLINK, ifinfomsg())).toHaveLength(3);
      for await (const m of conn.dumpAsync(RTM_GETLINK, ifinfomsg())) {
        void m;
        break;
      }
      expect(conn.dumpConsistent(RTM_GETLINK, ifinfomsg())).toHaveLength(3);
    } finally {
      conn.close();
    }
  });

  it('a closed watched transport does not break the next socket on the same fd', async () => {
    const fdOf = (t: unknown): number => (t as { fd: number }).fd;
    const a = openNativeTransport(NETLINK_ROUTE, { netns: ns.name });
    const fd = fdOf(a);
    a.watch(() => {});
    a.close();
    const b = openNativeTransport(NETLINK_ROUTE, { netns: ns.name });
    try {
      expect(fdOf(b)).toBe(fd);
      const readable = new Promise<void>((resolve, reject) => {
        const stop = b.watch(
          () => {
            stop();
            resolve();
          },
          (e) => reject(e instanceof Error ? e : new Error(String(e))),
        );
      });
      new Connection(b).nextSeq();
      const req = new Uint8Array(32);
      const v = new DataView(req.buffer);
      v.setUint32(0, 32, true);
      v.setUint16(4, RTM_GETLINK, true);
      v.setUint16(6, 0x301, true); // NLM_F_REQUEST | NLM_F_DUMP
      b.send(req);
      await readable;
    } finally {
      b.close();
    }
  });

  /**
   * ADDRESSES address additions make as many RTM_NEWADDR notifications. They
   * are queued in the kernel while `ip` runs (the event loop is blocked), then
   * read at once into a queue of a few KiB: what does not fit is dropped and
   * counted. Delivered plus counted must be exactly all of them.
   */
  const ADDRESSES = 3000;
  const addAddresses = (base: number): void =>
    void ipBatch(
      Array.from(
        { length: ADDRESSES },
        (_, i) => `address add 10.${base}.${(i + 1) >> 8}.${(i + 1) & 255}/32 dev v0`,
      ),
      ns.name,
    );

  it('a slow consumer gets `lost` with the exact count of what was dropped', async () => {
    const nl = RouteClient.open({ netns: ns.name });
    try {
      const it = nl.events(['ipv4_ifaddr'], { queueBytes: 16 * 1024, receiveBuffer: 64 * MiB });
      const first = it.next(); // joins the group
      addAddresses(1);
      let delivered = 0;
      let dropped = 0;
      const lost: RouteEvent[] = [];
      for (let r = await first; !r.done; r = await it.next()) {
        const ev = r.value;
        if (ev.kind === 'address') delivered++;
        else if (ev.kind === 'lost') {
          lost.push(ev);
          dropped += ev.count ?? Number.NaN;
        }
        if (delivered + dropped >= ADDRESSES) break;
        // The consumer is slow: the queue fills while it sleeps.
        if (delivered % 100 === 0) await new Promise((res) => setTimeout(res, 5));
      }
      await it.return(undefined);
      expect(lost.length).toBeGreaterThan(0);
      expect(lost.every((e) => e.kind === 'lost' && e.cause === 'queue')).toBe(true);
      expect(delivered + dropped).toBe(ADDRESSES);
      expect(delivered).toBeLessThan(ADDRESSES);
    } finally {
      nl.close();
    }
  });

  it('with resync, a loss is followed by a re-listing between resync markers', async () => {
    const nl = RouteClient.open({ netns: ns.name });
    try {
      const it = nl.events(['ipv4_ifaddr'], { queueBytes: 16 * 1024, receiveBuffer: 64 * MiB, resync: true });
      const first = it.next();
      addAddresses(2);
      const kinds: string[] = [];
      let relisted = 0;
      for (let r = await first; !r.done; r = await it.next()) {
        const ev = r.value;
        if (ev.kind === 'address' && ev.resync) relisted++;
        else kinds.push(ev.kind);
        if (ev.kind === 'resync-end') break;
      }
      await it.return(undefined);
      expect(kinds).toContain('lost');
      expect(kinds.indexOf('resync-start')).toBeGreaterThan(kinds.indexOf('lost'));
      // Both batches of this file are in place by now (the resync lists all of them).
      expect(relisted).toBeGreaterThanOrEqual(2 * ADDRESSES);
    } finally {
      nl.close();
    }
  });
});
