import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/netlink/connection.js';
import { fromHex, toHex } from '../../src/netlink/codec/bytes.js';
import { parseMessages } from '../../src/netlink/codec/message.js';

import { Replayer, type Recording, type RecordedExchange, replyHex } from '../../src/netlink/recording.js';
import { encodeGetLinkRequest } from '../../src/netlink/route/link.js';
import { ROOT } from '../support/cli.js';
import { receiveEvents } from '../../src/netlink/events.js';
import { NETLINK_ROUTE, NLM_F_DUMP_INTR } from '../../src/netlink/gen/netlink.js';
import { RTEXT_FILTER_VF, RTM_GETLINK } from '../../src/netlink/gen/rtnetlink.js';

/** A real recorded `link show` dump (kernel bytes), used as the base for the cases below. */
function recordedDump(): Recording {
  const file = path.join(ROOT, 'test/fixtures/golden/link/link-show-json.recording.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Recording;
}

/** The same exchange with NLM_F_DUMP_INTR set on every message of every reply (what the kernel does mid-change). */
function interrupted(ex: RecordedExchange): RecordedExchange {
  return {
    request: ex.request,
    replies: ex.replies.map((r) => {
      const data = fromHex(replyHex(r)!);
      let off = 0;
      for (const m of parseMessages(data)) {
        const flags = data[off + 6]! | (data[off + 7]! << 8);
        const f = flags | NLM_F_DUMP_INTR;
        data[off + 6] = f & 0xff;
        data[off + 7] = f >> 8;
        off += (16 + m.payload.length + 3) & ~3;
      }
      return toHex(data);
    }),
  };
}

function withExchanges(base: Recording, exchanges: RecordedExchange[]): Replayer {
  return new Replayer({ ...base, sockets: [{ ...base.sockets[0]!, exchanges }] });
}

const request = encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF | 8 });

describe('dumps interrupted by the kernel (NLM_F_DUMP_INTR)', () => {
  const base = recordedDump();
  const clean = base.sockets[0]!.exchanges[0]!;

  it('the recorded dump replays cleanly', () => {
    const conn = Connection.open(withExchanges(base, [clean]).factory, NETLINK_ROUTE);
    const r = conn.dumpAll(RTM_GETLINK, request);
    expect(r.inconsistent).toBe(false);
    expect(r.attempts).toBe(1);
    expect(r.messages.length).toBeGreaterThan(5);
  });

  it('an interrupted dump is retried and the clean second attempt is returned', () => {
    const conn = Connection.open(withExchanges(base, [interrupted(clean), clean]).factory, NETLINK_ROUTE);
    const r = conn.dumpAll(RTM_GETLINK, request);
    expect(r).toMatchObject({ inconsistent: false, attempts: 2 });
  });

  it('after the bounded retries it is reported inconsistent, never silently accepted', () => {
    const ex = interrupted(clean);
    const conn = Connection.open(withExchanges(base, [ex, ex, ex, ex]).factory, NETLINK_ROUTE);
    const r = conn.dumpAll(RTM_GETLINK, request);
    expect(r).toMatchObject({ inconsistent: true, attempts: 4 });
    const again = Connection.open(withExchanges(base, [ex, ex, ex, ex]).factory, NETLINK_ROUTE);
    expect(() => again.dumpConsistent(RTM_GETLINK, request)).toThrow(
      /Dump was interrupted and may be inconsistent/,
    );
  });

  it('replies with another sequence number or from another port are ignored and counted', () => {
    const d = clean.replies[0]!;
    const foreign = { data: replyHex(d)!, from: 4242 };
    const conn = Connection.open(
      withExchanges(base, [{ request: clean.request, replies: [foreign, ...clean.replies] }]).factory,
      NETLINK_ROUTE,
    );
    const r = conn.dumpAll(RTM_GETLINK, request);
    expect(r.inconsistent).toBe(false);
    expect(conn.ignored).toBeGreaterThan(0);
  });
});

describe('loss is part of a recording', () => {
  it('an overrun marker replays as OverrunError, which the event stream turns into a lost event', async () => {
    const base = recordedDump();
    const ex = base.sockets[0]!.exchanges[0]!;
    // Events arrive unasked (request null); the overrun sits between two datagrams.
    const events: RecordedExchange = {
      request: null,
      replies: [ex.replies[0]!, { overrun: true }, ex.replies[0]!],
    };
    const replay = new Replayer({ ...base, sockets: [{ ...base.sockets[0]!, exchanges: [events] }] });
    const t = replay.factory(NETLINK_ROUTE);
    const ac = new AbortController();
    const kinds: string[] = [];
    setTimeout(() => ac.abort(), 2000);
    for await (const ev of receiveEvents(t, ac.signal)) {
      kinds.push(ev.kind);
      if (kinds.filter((k) => k === 'lost').length === 1 && kinds.at(-1) === 'message' && kinds.length > 3)
        ac.abort();
    }
    expect(kinds).toContain('lost');
    expect(kinds.indexOf('lost')).toBeGreaterThan(0);
    expect(kinds.lastIndexOf('message')).toBeGreaterThan(kinds.indexOf('lost'));
  });
});
