/**
 * struct ifreq (<linux/if.h>), the argument of the interface ioctls nlts makes
 * where netlink has no request: TUNSETIFF (ifr_name, ifr_flags) and
 * SIOCADDMULTI/SIOCDELMULTI (ifr_name, ifr_hwaddr). Pure: the sizes and
 * offsets come from the generator, the bytes are host-endian as the kernel
 * reads them.
 */
import { HOST_LITTLE_ENDIAN } from './codec/bytes.js';
import { encodeTextLossless } from './codec/text.js';
import {
  IFNAMSIZ,
  IFREQ_FLAGS_OFFSET,
  IFREQ_HWADDR_DATA_LEN,
  IFREQ_HWADDR_OFFSET,
  IFREQ_LEN,
} from './gen/if.js';

export interface IfreqFields {
  /** ifr_name: at most IFNAMSIZ - 1 bytes (the caller checks it as check_ifname does). */
  name: string;
  /** ifr_flags (short). */
  flags?: number;
  /** ifr_hwaddr.sa_data, with sa_family AF_UNSPEC (0): at most 14 bytes. */
  hwaddr?: Uint8Array;
}

/** A zeroed struct ifreq with the given fields set. Throws RangeError for a name or address too long. */
export function encodeIfreq(f: IfreqFields): Uint8Array {
  const b = new Uint8Array(IFREQ_LEN);
  const name = encodeTextLossless(f.name);
  if (name.length >= IFNAMSIZ) throw new RangeError(`interface name longer than ${IFNAMSIZ - 1} bytes`);
  b.set(name, 0);
  const v = new DataView(b.buffer);
  if (f.flags !== undefined) v.setInt16(IFREQ_FLAGS_OFFSET, (f.flags << 16) >> 16, HOST_LITTLE_ENDIAN);
  if (f.hwaddr !== undefined) {
    if (f.hwaddr.length > IFREQ_HWADDR_DATA_LEN)
      throw new RangeError(`link-layer address longer than ${IFREQ_HWADDR_DATA_LEN} bytes`);
    // struct sockaddr: sa_family (u16, left 0 = AF_UNSPEC, as ip leaves it), then sa_data.
    b.set(f.hwaddr, IFREQ_HWADDR_OFFSET + 2);
  }
  return b;
}

/** ifr_name of a struct ifreq the kernel filled in (TUNSETIFF writes the name it chose). */
export function ifreqName(b: Uint8Array): string {
  const end = b.subarray(0, IFNAMSIZ).indexOf(0);
  return new TextDecoder().decode(b.subarray(0, end < 0 ? IFNAMSIZ : end));
}
