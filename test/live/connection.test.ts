import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { Connection } from '../../src/netlink/connection.js';
import { openNativeTransport } from '../../src/netlink/native-transport.js';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';

import { NetlinkKernelError, NetlinkSocketError } from '../../src/netlink/errors.js';
import { joinGroup, receiveEvents } from '../../src/netlink/events.js';

import { Recorder, Replayer } from '../../src/netlink/recording.js';
import { execFileSync } from 'node:child_process';
import {
  NETLINK_GET_STRICT_CHK,
  NETLINK_ROUTE,
  NLM_F_CREATE,
  NLM_F_EXCL,
} from '../../src/netlink/gen/netlink.js';
import { SOL_NETLINK, SOL_SOCKET, SO_RCVBUF } from '../../src/netlink/gen/socket.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live connection tests: ${skip}`);

/** struct ifinfomsg (<linux/rtnetlink.h>): family, pad, type, index, flags, change. */
function ifinfomsg(index = 0): Uint8Array {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setInt32(4, index, true);
  return b;
}

describe.skipIf(skip !== null)('live: connection against the kernel in a fresh netns', () => {
  let ns: { name: string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlts-conn');
  });
  afterAll(() => ns?.delete());

  it('dumps links inside the namespace (only lo)', () => {
    const conn = Connection.open(openNativeTransport, NETLINK_ROUTE, { netns: ns.name });
    try {
      const msgs = conn.dumpConsistent(18, ifinfomsg());
      expect(msgs).toHaveLength(1);
      expect(conn.ignored).toBe(0);
    } finally {
      conn.close();
    }
  });

  it('reports the kernel extended ACK: message, offset and the attribute it points at', () => {
    const conn = Connection.open(openNativeTransport, NETLINK_ROUTE, { netns: ns.name });
    try {
      // RTM_NEWLINK with IFLA_IFNAME (3) longer than IFNAMSIZ fails policy validation (<linux/if_link.h>).
      const payload = new Uint8Array([
        ...ifinfomsg(),
        ...new AttributeEncoder().string(3, 'x'.repeat(20)).finish(),
      ]);
      let err: unknown;
      try {
        conn.request(16, payload, NLM_F_CREATE | NLM_F_EXCL);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NetlinkKernelError);
      const k = err as NetlinkKernelError;
      expect(k.errno).toBe(34); // ERANGE: NLA_STRING longer than its policy allows
      expect(k.extack.message).toMatch(/Attribute failed policy validation/);
      expect(k.extack.offset).toBe(32); // nlmsghdr 16 + ifinfomsg 16: the first attribute
      expect(k.extack.attribute?.type).toBe(3);
    } finally {
      conn.close();
    }
  });

  it('a dump that fails inside the kernel ends in NLMSG_DONE with an error: reported, not an empty result', () => {
    const t = openNativeTransport(NETLINK_ROUTE, { netns: ns.name });
    t.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
    const conn = new Connection(t);
    try {
      // Strict checking refuses a link dump filtered by index (rtnetlink.c valid_dump_ifinfo_req).
      let err: unknown;
      try {
        for (const m of conn.dump(18, ifinfomsg(1))) void m;
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NetlinkKernelError);
      expect((err as NetlinkKernelError).errno).toBe(22);
      expect((err as NetlinkKernelError).extack.message).toMatch(/Filter by device index not supported/);
    } finally {
      conn.close();
    }
  });

  it('an unknown index is ENODEV with no extack text', () => {
    const conn = Connection.open(openNativeTransport, NETLINK_ROUTE, { netns: ns.name });
    try {
      expect(() => conn.request(18, ifinfomsg(999))).toThrow(NetlinkKernelError);
    } finally {
      conn.close();
    }
  });

  it('opening in a namespace that does not exist is a socket error naming it', () => {
    expect(() => openNativeTransport(NETLINK_ROUTE, { netns: 'nlts-nope-nope' })).toThrow(NetlinkSocketError);
  });

  it('multicast: a link event arrives through the async stream, then the stream ends on abort', async () => {
    const t = openNativeTransport(NETLINK_ROUTE, { netns: ns.name });
    joinGroup(t, 1); // RTNLGRP_LINK (<linux/rtnetlink.h>)
    const ac = new AbortController();
    const seen: number[] = [];
    const consumer = (async () => {
      for await (const ev of receiveEvents(t, ac.signal)) {
        if (ev.kind === 'message') {
          seen.push(ev.message.type);
          if (ev.message.type === 16) ac.abort();
        }
      }
    })();
    execFileSync('ip', ['-n', ns.name, 'link', 'add', 'evt0', 'type', 'veth', 'peer', 'name', 'evt1']);
    const timeout = setTimeout(() => ac.abort(), 5000);
    await consumer;
    clearTimeout(timeout);
    t.close();
    expect(seen).toContain(16); // RTM_NEWLINK
  });

  it('an overrun (ENOBUFS) is a lost event and the stream goes on', async () => {
    const t = openNativeTransport(NETLINK_ROUTE, { netns: ns.name });
    t.setOption(SOL_SOCKET, SO_RCVBUF, 4096); // the kernel doubles it; still tiny
    joinGroup(t, 7); // RTNLGRP_IPV4_ROUTE (<linux/rtnetlink.h>)
    execFileSync('ip', ['-n', ns.name, 'link', 'add', 'ovr0', 'type', 'veth', 'peer', 'name', 'ovr1']);
    execFileSync('ip', ['-n', ns.name, 'link', 'set', 'ovr0', 'up']);
    const ac = new AbortController();
    const kinds: string[] = [];
    const consumer = (async () => {
      for await (const ev of receiveEvents(t, ac.signal)) {
        kinds.push(ev.kind);
        // After the loss, a new event must still arrive: the stream survived.
        if (kinds.includes('lost') && ev.kind === 'message' && kinds.indexOf('lost') < kinds.length - 1) {
          if (kinds.filter((k) => k === 'message').length > 0) ac.abort();
        }
      }
    })();
    // Let the consumer start watching, then queue 2,000 route events while the
    // event loop is blocked (nobody reads): far more than 8 KiB holds, so the
    // overrun happens under an active poll (EPOLLERR), the case that matters.
    await new Promise((r) => setTimeout(r, 100));
    const batch = Array.from({ length: 2000 }, (_, i) => `route add 10.77.${i >> 8}.${i & 255}/32 dev ovr0`);
    execFileSync('ip', ['-n', ns.name, '-batch', '-'], { input: batch.join('\n') + '\n' });
    await new Promise((r) => setTimeout(r, 200));
    execFileSync('ip', ['-n', ns.name, 'route', 'add', '10.78.0.1/32', 'dev', 'ovr0']);
    const timeout = setTimeout(() => ac.abort(), 5000);
    await consumer;
    clearTimeout(timeout);
    t.close();
    expect(kinds).toContain('lost');
    expect(kinds.lastIndexOf('message')).toBeGreaterThan(kinds.indexOf('lost'));
  });

  it('record then replay gives the same messages', () => {
    const rec = new Recorder(openNativeTransport, 'test');
    const live = Connection.open(rec.factory, NETLINK_ROUTE, { netns: ns.name });
    const a = live.dumpConsistent(18, ifinfomsg()).map((m) => Buffer.from(m.payload).toString('hex'));
    live.close();
    const replay = new Replayer(JSON.parse(JSON.stringify(rec.toJSON())));
    const again = Connection.open(replay.factory, NETLINK_ROUTE);
    const b = again.dumpConsistent(18, ifinfomsg()).map((m) => Buffer.from(m.payload).toString('hex'));
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(0);
  });
});
