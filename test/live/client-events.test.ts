/**
 * RouteClient.events() carries the objects reads give: each object event's
 * `object` is the element `ip -j … show` prints for the same state, for
 * links and for nexthops (a group the first release delivered raw).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { RouteClient, type RouteEvent } from '../../src/api/route-client.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live client events tests: ${skip}`);

describe.skipIf(skip !== null)('live: events() objects equal ip -j show', () => {
  let ns: { name: string; ip(args: string[]): string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlts-cev');
    ns.ip(['link', 'set', 'lo', 'up']);
  });
  afterAll(() => ns?.delete());

  /** Events until `done` says stop (or 5 s pass). */
  async function collect(
    groups: Parameters<RouteClient['events']>[0],
    act: () => void,
    done: (evs: RouteEvent[]) => boolean,
  ): Promise<RouteEvent[]> {
    const nl = RouteClient.open({ netns: ns.name });
    const evs: RouteEvent[] = [];
    const timer = setTimeout(() => nl.close(), 5000);
    try {
      const it = nl.events(groups);
      const first = it.next(); // subscribed once this returns
      act();
      for (let r = await first; !r.done; r = await it.next()) {
        evs.push(r.value);
        if (done(evs)) break;
      }
      await it.return(undefined);
    } finally {
      clearTimeout(timer);
      nl.close();
    }
    return evs;
  }

  it('a link event object is the `ip -j link show` element', async () => {
    const evs = await collect(
      ['link'],
      () => ns.ip(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']),
      (e) => e.filter((x) => x.kind === 'link').length >= 2,
    );
    // Let the kernel settle, then compare the last v0 event with ip's view.
    const v0 = evs.filter((e) => e.kind === 'link' && e.link.ifname === 'v0');
    expect(v0.length).toBeGreaterThan(0);
    const last = v0[v0.length - 1]!;
    if (last.kind !== 'link') throw new Error('not a link event');
    const shown = (JSON.parse(ns.ip(['-j', 'link', 'show', 'dev', 'v0'])) as unknown[])[0];
    expect(JSON.parse(JSON.stringify(last.object))).toEqual(shown);
    expect(last.object.raw.ifname).toBe('v0');
  });

  it('nexthop events come decoded, with the `ip -j nexthop show` element', async () => {
    const evs = await collect(
      ['nexthop'],
      () => ns.ip(['nexthop', 'add', 'id', '7', 'blackhole']),
      (e) => e.some((x) => x.kind === 'nexthop'),
    );
    const ev = evs.find((e) => e.kind === 'nexthop');
    if (ev?.kind !== 'nexthop')
      throw new Error(`no nexthop event in ${JSON.stringify(evs.map((e) => e.kind))}`);
    expect(ev.event).toBe('new');
    const shown = (JSON.parse(ns.ip(['-j', 'nexthop', 'show', 'id', '7'])) as unknown[])[0];
    expect(JSON.parse(JSON.stringify(ev.object))).toEqual(shown);
  });
});
