import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/netlink/codec/bytes.js';
import type { Recording } from '../../src/netlink/recording.js';
import { replyHex } from '../../src/netlink/recording.js';
import { ROOT } from '../support/cli.js';
import { replayCli } from '../support/golden.js';

/** A small seeded PRNG (mulberry32), so a failure names a reproducible seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Corrupt one reply datagram of a real recording: flip bytes after the first
 * nlmsghdr (attribute lengths, types and values), or cut it short. The
 * command is then replayed as recorded.
 */
function corrupt(rec: Recording, rnd: () => number): Recording {
  const copy = JSON.parse(JSON.stringify(rec)) as Recording;
  const slots: { ex: (string | object)[]; i: number }[] = [];
  for (const s of copy.sockets)
    for (const ex of s.exchanges)
      ex.replies.forEach((_r, i) => slots.push({ ex: ex.replies as (string | object)[], i }));
  if (!slots.length) return copy;
  const slot = slots[Math.floor(rnd() * slots.length)]!;
  const hex = replyHex(slot.ex[slot.i] as never);
  if (hex === null) return copy;
  const data = fromHex(hex);
  if (data.length > 20) {
    if (rnd() < 0.3) {
      slot.ex[slot.i] = toHex(data.subarray(0, 16 + Math.floor(rnd() * (data.length - 16))));
      return copy;
    }
    const flips = 1 + Math.floor(rnd() * 8);
    for (let k = 0; k < flips; k++)
      data[16 + Math.floor(rnd() * (data.length - 16))] = Math.floor(rnd() * 256);
  }
  slot.ex[slot.i] = toHex(data);
  return copy;
}

// Request/reply commands; listeners (monitor, dropwatch, raw listen) wait for events by design.
const DIRS = ['link', 'addr', 'route', 'neigh', 'rule', 'genl', 'nexthop', 'netconf'];
const PER_RECORDING = 20;

describe('corrupted kernel replies never crash a command', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nlts-fuzz-'));
  for (const dir of DIRS) {
    it(`${dir}: every recording, corrupted ${PER_RECORDING} ways, ends in output or one clear error`, async () => {
      const base = path.join(ROOT, 'test/fixtures/golden', dir);
      const files = readdirSync(base).filter((f) => f.endsWith('.recording.json'));
      expect(files.length).toBeGreaterThan(0);
      let seed = dir.length * 7919;
      for (const f of files) {
        const rec = JSON.parse(readFileSync(path.join(base, f), 'utf8')) as Recording;
        const expect_ = path.join(base, f.replace('.recording.json', '.expect.json'));
        let argv: string[];
        try {
          argv = (JSON.parse(readFileSync(expect_, 'utf8')) as { argv: string[] }).argv;
        } catch {
          continue; // a recording without the argv it was made with (another layout): skip it
        }
        for (let n = 0; n < PER_RECORDING; n++) {
          const rnd = prng(++seed);
          const file = path.join(work, `${dir}-${seed}.json`);
          writeFileSync(file, JSON.stringify(corrupt(rec, rnd)));
          // Text mode: output or one clear line, never a stack trace.
          const r = await replayCli(file, argv);
          const where = `${f} seed ${seed}: exit ${r.code}\n${r.stderr}`;
          expect(r.stderr, where).not.toMatch(/\n\s+at /);
          if (r.code !== 0) expect(r.stderr.trim().length, where).toBeGreaterThan(0);
          // JSON mode: stdout parses, and a failure is a known kind of error, not an internal one.
          const j = await replayCli(file, ['-j', ...argv]);
          const out = j.stdout.trim().split('\n').filter(Boolean);
          for (const line of out.length > 1 && !j.stdout.trimStart().startsWith('[') ? out : [j.stdout]) {
            if (line.trim()) expect(() => JSON.parse(line), `${where}\n${j.stdout}`).not.toThrow();
          }
          expect(j.stdout, `${where}\n${j.stdout}`).not.toMatch(/"kind":"internal"/);
          // To see one case: NLTS_FUZZ_DEBUG=<seed> npx vitest run test/unit/robustness.test.ts
          if (process.env.NLTS_FUZZ_DEBUG === String(seed))
            console.log(JSON.stringify({ argv, text: r, json: j }));
        }
      }
    });
  }
});
