/**
 * The nsid objects of `nlts monitor nsid`: print_nsid of iproute2 6.1.0's
 * ip/ipnetns.c as ip monitor calls it, "[Deleted ]nsid N [(iproute2 netns
 * name: X)]", and the JSON object {nsid, name} (`ip -j netns list-id`'s).
 */
import { CodecError } from '../../netlink/codec/errors.js';
import { decodeNsid } from '../../netlink/route/netns.js';
import type { Printer } from '../../output/printer.js';
import { printNsid } from '../netns/index.js';
import { RTGENMSG_LEN } from '../../netlink/gen/rtnetlink.js';
import type { NetnsNameCache } from '../../iproute/netns-map.js';

/**
 * struct rtgenmsg + NETNSA_*: "nsid N" ("Deleted " first in text for
 * RTM_DELNSID), then the name ip's cache gives (`names`; none without one).
 */
export function renderNsid(p: Printer, payload: Uint8Array, deleted: boolean, names?: NetnsNameCache): void {
  if (payload.length < RTGENMSG_LEN)
    throw new CodecError(`rtgenmsg needs ${RTGENMSG_LEN} bytes, got ${payload.length}`, 0);
  const { nsid } = decodeNsid(payload);
  const name = nsid === undefined ? undefined : names?.forEvent(nsid, !deleted);
  if (deleted) p.fp('Deleted ');
  printNsid(p, nsid, undefined, name === undefined ? null : new Map([[nsid!, name]]));
}
