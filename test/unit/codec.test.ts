import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AttributeDecoder,
  AttributeEncoder,
  AttributeIndex,
  CodecError,
  encodeMessage,
  fromHex,
  parseMessages,
  toHex,
  type Attribute,
} from '../../src/netlink/codec/index.js';

import { type Recording, replyHex } from '../../src/netlink/recording.js';
import { ROOT } from '../support/cli.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER } from '../../src/netlink/gen/netlink.js';

/** Every datagram the kernel sent in the checked-in recordings. */
function capturedDatagrams(): { file: string; data: Uint8Array }[] {
  const dir = path.join(ROOT, 'test/fixtures/golden/link');
  const out: { file: string; data: Uint8Array }[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.recording.json'))) {
    const rec = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Recording;
    for (const s of rec.sockets)
      for (const ex of s.exchanges) {
        if (ex.request) out.push({ file: f, data: fromHex(ex.request) });
        for (const r of ex.replies) {
          const hex = replyHex(r);
          if (hex !== null) out.push({ file: f, data: fromHex(hex) });
        }
      }
  }
  return out;
}

/** Re-encode a run of attributes with the same type bits, recursing where the data parses as attributes. */
function reencode(attrs: Attribute[]): Uint8Array {
  const enc = new AttributeEncoder();
  for (const a of attrs) {
    const rawType = a.type | (a.nested ? NLA_F_NESTED : 0) | (a.netByteOrder ? NLA_F_NET_BYTEORDER : 0);
    enc.raw(rawType, a.data);
  }
  return enc.finish();
}

describe('codec on captured kernel bytes', () => {
  const datagrams = capturedDatagrams();

  it('has captured bytes to work on', () => {
    expect(datagrams.length).toBeGreaterThan(20);
  });

  it('parses every datagram into messages and re-emits the same bytes', () => {
    for (const { file, data } of datagrams) {
      const parts: Uint8Array[] = [];
      for (const m of parseMessages(data)) parts.push(encodeMessage(m));
      const joined = Buffer.concat(parts);
      expect(toHex(joined), file).toBe(toHex(data));
    }
  });

  it('parses every RTM_NEWLINK payload (ifinfomsg + attributes) and re-emits it byte for byte', () => {
    let links = 0;
    for (const { data } of datagrams) {
      for (const m of parseMessages(data)) {
        if (m.type !== 16) continue;
        links++;
        const attrs = AttributeDecoder.all(m.payload.subarray(16));
        const again = Buffer.concat([m.payload.subarray(0, 16), reencode(attrs)]);
        expect(toHex(again)).toBe(toHex(m.payload));
        // Nested attributes (IFLA_LINKINFO, IFLA_AF_SPEC...) re-emit too.
        for (const a of attrs.filter((x) => x.nested)) {
          expect(toHex(reencode(AttributeDecoder.all(a.data)))).toBe(toHex(a.data));
        }
      }
    }
    expect(links).toBeGreaterThan(10);
  });
});

describe('attribute cursor', () => {
  const buf = new AttributeEncoder()
    .u8(1, 7)
    .u16(2, 0x1234)
    .u32(3, 0xdeadbeef)
    .u64(4, 0x0102030405060708n)
    .string(5, 'veth0')
    .be16(6, 4789)
    .nested(7, (n) => n.u32(1, 42).string(2, 'vxlan'))
    .flag(8)
    .finish();

  it('reads every type back', () => {
    const d = new AttributeDecoder(buf);
    const seen: unknown[] = [];
    while (d.next()) {
      switch (d.type()) {
        case 1:
          seen.push(d.u8());
          break;
        case 2:
          seen.push(d.u16());
          break;
        case 3:
          seen.push(d.u32());
          break;
        case 4:
          seen.push(d.u64());
          break;
        case 5:
          seen.push(d.string());
          break;
        case 6:
          seen.push(d.u16()); // NLA_F_NET_BYTEORDER makes u16() read big-endian
          break;
        case 7:
          d.nested((n) => {
            while (n.next()) seen.push(n.type() === 1 ? n.u32() : n.string());
          });
          break;
        case 8:
          seen.push(d.bytes().length);
          break;
      }
    }
    expect(d.err()).toBeNull();
    expect(seen).toEqual([7, 0x1234, 0xdeadbeef, 0x0102030405060708n, 'veth0', 4789, 42, 'vxlan', 0]);
  });

  it('keeps unknown attributes and their flags', () => {
    const raw = new AttributeEncoder().raw(0x7fff | NLA_F_NESTED, new Uint8Array([1, 2, 3])).finish();
    const [a] = AttributeDecoder.all(raw);
    expect(a).toMatchObject({ type: 0x3fff, nested: true, netByteOrder: true });
    expect([...a!.data]).toEqual([1, 2, 3]);
    expect(toHex(reencode(AttributeDecoder.all(raw)))).toBe(toHex(raw));
  });

  it('a short value sets the sticky error and getters return zero', () => {
    const d = new AttributeDecoder(new AttributeEncoder().u16(1, 5).u32(2, 9).finish());
    expect(d.next()).toBe(true);
    expect(d.u32()).toBe(0); // only two bytes
    expect(d.err()).toBeInstanceOf(CodecError);
    expect(d.next()).toBe(false); // sticky: no further progress
    expect(() => d.throwIfError()).toThrow(/u32 attribute 1 has 2 bytes, needs 4/);
  });

  it('an attribute length past the buffer is a CodecError with its offset', () => {
    const bad = fromHex('0800010001000000' + 'ff000200');
    expect(() => AttributeDecoder.all(bad)).toThrow(CodecError);
    try {
      AttributeDecoder.all(bad);
    } catch (e) {
      expect((e as CodecError).offset).toBe(8);
    }
  });

  it('AttributeIndex: first of a type wins, absent is undefined, present zero is 0', () => {
    const buf = new AttributeEncoder()
      .u32(1, 0)
      .u32(1, 7)
      .u8(2, 200)
      .u16(3, 0x1234)
      .u64(4, 0x0102030405060708n)
      .string(5, 'veth0')
      .flag(6)
      .be16(7, 4789)
      .s32(8, -2)
      .nested(9, (n) => n.u32(1, 42))
      .raw(0x3000, new Uint8Array([9]))
      .finish();
    const tb = new AttributeIndex(buf);
    expect(tb.u32(1)).toBe(0); // present and zero
    expect(tb.u32(99)).toBeUndefined(); // absent
    expect(tb.u8(2)).toBe(200);
    expect(tb.u16(3)).toBe(0x1234);
    expect(tb.u64(4)).toBe(0x0102030405060708n);
    expect(tb.string(5)).toBe('veth0');
    expect([tb.flag(6), tb.flag(60)]).toEqual([true, false]);
    expect(tb.u16(7)).toBe(4789); // NLA_F_NET_BYTEORDER honoured
    expect(tb.s32(8)).toBe(-2);
    expect(tb.nested(9)?.u32(1)).toBe(42);
    expect(tb.bytes(0x3000)).toEqual(new Uint8Array([9])); // unknown types are kept
    expect([...tb.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0x3000]); // wire order, first of each type
    expect(tb.err()).toBeNull();
  });

  it('AttributeIndex: a short value reads as zero AND records a sticky error', () => {
    const tb = new AttributeIndex(new AttributeEncoder().u16(1, 5).u8(2, 1).finish());
    expect(tb.u32(1)).toBe(0);
    expect(tb.u64(2)).toBe(0n);
    expect(tb.u8(2)).toBe(1); // reads that fit still work
    expect(() => tb.throwIfError()).toThrow(/u32 attribute 1 has 2 bytes, needs 4/); // the first error
    tb.reset(new AttributeEncoder().u32(1, 5).finish());
    expect([tb.u32(1), tb.err()]).toEqual([5, null]); // reset clears it
  });

  it('AttributeIndex: offsets are in the indexed buffer; bad lengths throw unless lenient', () => {
    const payload = new Uint8Array([0xaa, 0xbb, 0xcc, 0xdd, ...new AttributeEncoder().u32(2, 9).finish()]);
    const tb = new AttributeIndex(payload, 4);
    expect([tb.offset(2), tb.length(2), tb.offset(3), tb.length(3)]).toEqual([8, 4, -1, -1]);
    const bad = fromHex('0800010001000000' + 'ff000200');
    expect(() => new AttributeIndex(bad)).toThrow(/bad nla_len 255/);
    const lenient = new AttributeIndex(bad, 0, true);
    expect([lenient.u32(1), lenient.has(2)]).toEqual([1, false]);
    // iproute2's parse_rtattr_nested(tb, max): types above max (and NET_BYTEORDER ones) are not indexed
    const m = new AttributeIndex(new AttributeEncoder().u8(1, 1).u8(5, 5).be16(2, 1).finish(), 0, true, 4);
    expect([m.has(1), m.has(5), m.has(2)]).toEqual([true, false, false]);
  });

  it('a message length past the datagram is a CodecError', () => {
    const msg = encodeMessage({ type: 16, flags: 2, seq: 1, pid: 0, payload: new Uint8Array(8) });
    expect(() => [...parseMessages(msg.subarray(0, msg.length - 4))]).toThrow(/bad nlmsg_len 24/);
    expect(() => [...parseMessages(msg.subarray(0, 10))]).toThrow(/truncated nlmsghdr/);
  });
});
