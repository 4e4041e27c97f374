import { describe, expect, it } from 'vitest';
import { encodeIfreq, ifreqName } from '../../src/netlink/ifreq.js';
import { IFREQ_FLAGS_OFFSET, IFREQ_HWADDR_OFFSET, IFREQ_LEN } from '../../src/netlink/gen/if.js';
import { HOST_LITTLE_ENDIAN } from '../../src/netlink/codec/bytes.js';

describe('struct ifreq (tuntap, maddress ioctls)', () => {
  it('name, then ifr_flags as a host-order short, the rest zero', () => {
    const b = encodeIfreq({ name: 'tt0', flags: 0x9002 }); // IFF_TUN_EXCL | IFF_TAP: above 0x7fff
    expect(b.length).toBe(IFREQ_LEN);
    expect(ifreqName(b)).toBe('tt0');
    expect([...b.subarray(0, 4)]).toEqual([0x74, 0x74, 0x30, 0]);
    expect(new DataView(b.buffer).getUint16(IFREQ_FLAGS_OFFSET, HOST_LITTLE_ENDIAN)).toBe(0x9002);
    expect(b.subarray(IFREQ_FLAGS_OFFSET + 2).every((x) => x === 0)).toBe(true);
  });

  it('ifr_hwaddr: sa_family left 0 (AF_UNSPEC), sa_data the address', () => {
    const b = encodeIfreq({ name: 'v0', hwaddr: Uint8Array.of(1, 0, 0x5e, 1, 2, 3) });
    expect([...b.subarray(IFREQ_HWADDR_OFFSET, IFREQ_HWADDR_OFFSET + 8)]).toEqual([
      0, 0, 1, 0, 0x5e, 1, 2, 3,
    ]);
  });

  it('a name of IFNAMSIZ bytes or an address beyond sa_data is refused, not cut', () => {
    expect(() => encodeIfreq({ name: 'x'.repeat(16) })).toThrow(RangeError);
    expect(() => encodeIfreq({ name: 'v0', hwaddr: new Uint8Array(15) })).toThrow(RangeError);
    expect(ifreqName(encodeIfreq({ name: 'x'.repeat(15) }))).toBe('x'.repeat(15));
  });
});
