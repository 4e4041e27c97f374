/**
 * The library's kernel event streams beyond rtnetlink (src/api/kernel-events.ts):
 * generic netlink groups, uevents and process events, each against a real
 * change this test makes.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { genlEvents, procEvents, uevents } from '../../src/api/kernel-events.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live kernel event stream tests: ${skip}`);

/** The first event `match` accepts, after `act` ran once the stream was subscribed (5 s at most). */
async function firstMatch<T>(
  stream: AsyncGenerator<T>,
  act: () => void,
  match: (x: T) => boolean,
): Promise<T | undefined> {
  const pending = stream.next(); // subscribes
  await new Promise((r) => setTimeout(r, 50));
  act();
  const timer = setTimeout(() => void stream.return(undefined), 5000);
  try {
    for (let r = await pending; !r.done; r = await stream.next()) if (match(r.value)) return r.value;
    return undefined;
  } finally {
    clearTimeout(timer);
    await stream.return(undefined);
  }
}

describe.skipIf(skip !== null)('live: genlEvents, uevents, procEvents', () => {
  let ns: { name: string; ip(args: string[]): string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlts-kev');
  });
  afterAll(() => ns?.delete());

  it('genlEvents: netdev dev-add-ntf for a veth made in the namespace, named by the spec', async () => {
    const ev = await firstMatch(
      genlEvents('netdev', ['mgmt'], { netns: ns.name }),
      () => ns.ip(['link', 'add', 'g0', 'type', 'veth', 'peer', 'name', 'g1']),
      (e) => e.kind === 'genl' && e.event === 'dev-add-ntf',
    );
    if (ev?.kind !== 'genl') throw new Error('no dev-add-ntf');
    const ifindexes = (JSON.parse(ns.ip(['-j', 'link', 'show'])) as { ifindex: number }[]).map(
      (l) => l.ifindex,
    );
    expect(ev.group).toBe('mgmt');
    expect(ifindexes).toContain(ev.object.attrs.ifindex);
  });

  it('uevents: the add uevent of a veth made in the namespace', async () => {
    const ev = await firstMatch(
      uevents({ netns: ns.name }),
      () => ns.ip(['link', 'add', 'u0', 'type', 'veth', 'peer', 'name', 'u1']),
      (e) => e.kind === 'uevent' && e.object.INTERFACE === 'u0',
    );
    if (ev?.kind !== 'uevent') throw new Error('no uevent for u0');
    expect(ev.event.action).toBe('add');
    expect(ev.object.SUBSYSTEM).toBe('net');
  });

  it('procEvents: the exec of a child this test starts', async () => {
    let pid = -1;
    const ev = await firstMatch(
      procEvents(),
      () => {
        pid = spawn('true').pid ?? -1;
      },
      (e) => e.kind === 'proc' && e.event.what === 'exec' && e.object.pid === pid,
    );
    expect(ev?.kind).toBe('proc');
  });
});
