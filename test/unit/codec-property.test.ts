import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AttributeDecoder,
  AttributeEncoder,
  CodecError,
  encodeMessage,
  AttributeIndex,
  parseMessages,
} from '../../src/netlink/codec/index.js';
import { decodeError } from '../../src/netlink/connection.js';

/** Run `fn`; anything thrown must be the codec's own error. */
function onlyCodecErrors(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
  }
}

describe('codec properties', () => {
  it('random bytes: parseMessages/AttributeDecoder.all/AttributeIndex throw only CodecError and terminate', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        onlyCodecErrors(() => {
          for (const m of parseMessages(bytes)) AttributeDecoder.all(m.payload);
        });
        onlyCodecErrors(() => AttributeDecoder.all(bytes));
        // The index throws only CodecError while indexing, its getters never throw,
        // and it agrees with the cursor: the first attribute of each type.
        let tb: AttributeIndex | undefined;
        onlyCodecErrors(() => (tb = new AttributeIndex(bytes)));
        if (tb) {
          const first = new Map<number, Uint8Array>();
          for (const a of AttributeDecoder.all(bytes)) if (!first.has(a.type)) first.set(a.type, a.data);
          expect([...tb.keys()].sort((x, y) => x - y)).toEqual([...first.keys()].sort((x, y) => x - y));
          for (const [t, data] of first) {
            expect(tb.bytes(t)).toEqual(data);
            tb.u8(t);
            tb.u16(t);
            tb.u32(t);
            tb.u64(t);
            tb.string(t);
            expect(tb.u32(t)).not.toBeUndefined();
          }
          expect(tb.err() !== null).toBe([...first.values()].some((d) => d.length < 8));
        }
        // The cursor never throws; it records the error.
        const d = new AttributeDecoder(bytes);
        let steps = 0;
        while (d.next()) {
          d.u8();
          d.u16();
          d.u32();
          d.u64();
          d.string();
          d.nested((n) => {
            while (n.next()) n.u32();
          });
          steps++;
          expect(steps).toBeLessThanOrEqual(bytes.length / 4 + 1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('truncating a valid message anywhere gives a CodecError or a clean shorter parse, never a crash', () => {
    const arbAttrs = fc.array(
      fc.record({ type: fc.integer({ min: 1, max: 0x3fff }), value: fc.uint8Array({ maxLength: 40 }) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arbAttrs, fc.nat(), (attrs, cut) => {
        const enc = new AttributeEncoder();
        for (const a of attrs) enc.bytes(a.type, a.value);
        const msg = encodeMessage({ type: 16, flags: 2, seq: 9, pid: 0, payload: enc.finish() });
        // Whole message: round-trips.
        const [m] = [...parseMessages(msg)];
        expect(AttributeDecoder.all(m!.payload).map((a) => [a.type, [...a.data]])).toEqual(
          attrs.map((a) => [a.type, [...a.value]]),
        );
        // Truncated: only CodecError.
        const n = cut % (msg.length + 1);
        onlyCodecErrors(() => {
          for (const mm of parseMessages(msg.subarray(0, n))) AttributeDecoder.all(mm.payload);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('NLMSG_ERROR payloads of any shape decode without throwing', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 0, max: 0xffff }),
        (payload, flags) => {
          const r = decodeError({ type: 2, flags, seq: 1, pid: 0, payload }, null, 18);
          expect(r === null || r.name === 'NetlinkKernelError').toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
