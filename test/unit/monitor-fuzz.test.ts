/**
 * Fuzz of the monitor path (not only the codec): random and mutated
 * datagrams, based on the real ones in the golden monitor recordings, fed
 * through the real `nlts monitor` handlers on a fake socket. The monitor must
 * never throw out, and after the garbage it must still handle the real
 * stream exactly as it does on its own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeTransport, datagram } from '../support/fake-transport.js';
import { ROOT } from '../support/cli.js';
import { monitor } from '../../src/commands/monitor/index.js';
import { defaultOptions } from '../../src/cli/options.js';
import type { CommandEnv } from '../../src/commands/env.js';
import { StringOutput } from '../../src/output/output.js';
import { Replayer, replyHex, type Recording } from '../../src/netlink/recording.js';
import type { TransportFactory } from '../../src/netlink/transport.js';

const GOLDEN = path.join(ROOT, 'test/fixtures/golden/monitor');

interface Case {
  name: string;
  args: string[];
  json: boolean;
  /** Index of the recorded socket that carries the events (the others are replayed as recorded). */
  events: number;
}

const CASES: Case[] = [
  { name: 'monitor-all-json', args: ['all'], json: true, events: 0 },
  { name: 'monitor-all-text', args: ['all'], json: false, events: 0 },
  { name: 'monitor-uevent-json', args: ['uevent', '--subsystem', 'net'], json: true, events: 0 },
  { name: 'monitor-genl-json', args: ['genl', 'netdev:mgmt'], json: true, events: 1 },
];

function load(name: string): { rec: Recording; datagrams: Uint8Array[] } {
  const rec = JSON.parse(readFileSync(path.join(GOLDEN, `${name}.recording.json`), 'utf8')) as Recording;
  return { rec, datagrams: [] };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Run the monitor over `garbage`, then over the recorded events; returns what the recorded part printed. */
async function run(c: Case, garbage: Uint8Array[]): Promise<{ code: number; tail: string; all: string }> {
  const { rec } = load(c.name);
  const replayer = new Replayer(rec);
  const recorded = rec.sockets[c.events]!.exchanges.flatMap((e) => e.replies.map(replyHex));
  let fake: FakeTransport | undefined;
  let n = 0;
  const transports: TransportFactory = (protocol, options) => {
    const i = n++;
    if (i < c.events) return replayer.factory(protocol, options);
    if (i === c.events) {
      replayer.factory(protocol, options); // keep the replayer's socket order
      fake = new FakeTransport(protocol);
      return fake;
    }
    return new FakeTransport(protocol, { kernel: true }); // name lookups: "no such device"
  };
  const out = new StringOutput();
  const ac = new AbortController();
  const env: CommandEnv = {
    opts: { ...defaultOptions(), json: c.json, netns: 'nlts-golden-mon' },
    out,
    err: new StringOutput(),
    transports,
    colorize: undefined,
    readFile: () => null,
    fact: (_k, compute) => compute(),
    signal: ac.signal,
  };
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const done = monitor(c.args, env, { onReady: ready });
  await Promise.race([isReady, done]);
  const drain = async (): Promise<void> => {
    for (let i = 0; i < 1000 && fake!.pending > 0; i++) await tick();
    await tick();
    await tick();
  };
  fake!.push(...garbage.map((g) => datagram(g)));
  await drain();
  const mark = out.text.length;
  fake!.push(...recorded.filter((h): h is string => h !== null).map((h) => datagram(Buffer.from(h, 'hex'))));
  await drain();
  ac.abort();
  const code = await done;
  return { code, tail: out.text.slice(mark), all: out.text };
}

/** The shape of a run's records: JSON (source, event) pairs, or the text lines with times stripped. */
function shape(c: Case, text: string): string[] {
  if (!c.json) return text.split('\n').filter((l) => !l.startsWith('[MALFORMED]'));
  return text
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { source?: string; event?: string; malformed?: unknown })
    .filter((o) => !o.malformed)
    .map((o) => `${o.source}/${o.event}`);
}

/** A real datagram of the case, mutated: bytes flipped, cut short, extended, lengths rewritten. */
function mutated(base: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      pick: fc.nat(),
      flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      extra: fc.uint8Array({ maxLength: 16 }),
      len: fc.option(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 0xffff }) }), {
        nil: undefined,
      }),
    })
    .map(({ pick, flips, cut, extra, len }) => {
      const src = base[pick % base.length]!;
      let b = Uint8Array.from(src);
      for (const f of flips) if (b.length) b[f.at % b.length] = f.value;
      if (len && b.length >= 2) {
        const at = (len.at % Math.max(1, b.length - 1)) & ~1;
        b[at] = len.value & 0xff;
        b[at + 1] = len.value >> 8;
      }
      if (cut !== undefined) b = b.subarray(0, cut % (b.length + 1));
      if (extra.length) b = Uint8Array.from([...b, ...extra]);
      return b;
    });
}

describe('fuzz: the monitor survives random and mutated datagrams and handles the next ones', () => {
  for (const c of CASES) {
    it(`${c.name}: nlts monitor ${c.args.join(' ')}`, async () => {
      const rec = load(c.name).rec;
      const base = rec.sockets[c.events]!.exchanges.flatMap((e) =>
        e.replies.map(replyHex).filter((h): h is string => h !== null),
      ).map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
      const clean = await run(c, []);
      expect(clean.code).toBe(0);
      const want = shape(c, clean.tail);
      expect(want.length).toBeGreaterThan(0);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(mutated(base), fc.uint8Array({ maxLength: 96 })), {
            minLength: 1,
            maxLength: 12,
          }),
          async (garbage) => {
            const r = await run(c, garbage);
            expect(r.code).toBe(0);
            expect(shape(c, r.tail)).toEqual(want);
          },
        ),
        { numRuns: 60 },
      );
    }, 60_000);
  }
});
