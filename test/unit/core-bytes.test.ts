/** Names from the kernel keep bytes that are not UTF-8 (cString) and print them raw, as ip does (jsonString). */
import { describe, expect, it } from 'vitest';
import { cString } from '../../src/netlink/codec/bytes.js';
import { encodeTextLossless } from '../../src/netlink/codec/text.js';
import { jsonString } from '../../src/output/printer.js';

describe('non-UTF-8 names', () => {
  it('cString keeps each invalid byte and stops at NUL', () => {
    const s = cString(Uint8Array.from([0x61, 0xff, 0xfe, 0xc3, 0xa9, 0, 0x62]));
    expect(s).toBe('a\udcff\udcfeé');
    expect([...encodeTextLossless(s)]).toEqual([0x61, 0xff, 0xfe, 0xc3, 0xa9]);
  });

  it('jsonString leaves escaped bytes raw and escapes the rest as JSON.stringify does', () => {
    expect(jsonString('a\udcff"\n')).toBe('"a\udcff\\"\\n"');
    expect(jsonString('\\udcff')).toBe(JSON.stringify('\\udcff'));
    expect(jsonString('é'.repeat(70))).toBe(JSON.stringify('é'.repeat(70)));
    expect(jsonString('eth0')).toBe('"eth0"');
  });
});
