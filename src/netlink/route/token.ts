/**
 * IPv6 tokenized interface identifiers (RFC 7217's predecessor, draft
 * "tokenised IIDs"; <linux/if_link.h> IFLA_INET6_TOKEN): read from the
 * AF_INET6 link dump's IFLA_PROTINFO, set with RTM_SETLINK
 * IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_TOKEN } }.
 */
import { AttributeEncoder } from '../codec/attributes.js';
import { encodeIfinfomsg } from './link-change.js';
import type { LinkMessage } from './link.js';
import { IFLA_AF_SPEC, IFLA_INET6_TOKEN, IFLA_PROTINFO } from '../gen/if_link.js';
import { AF_INET6 } from '../gen/socket.js';

/** The AF_INET6 RTM_GETLINK dump request (rtnl_linkdump_req with AF_INET6): a bare ifinfomsg. */
export function encodeInet6LinkDump(): Uint8Array {
  return encodeIfinfomsg({ family: AF_INET6, ifindex: 0, flags: 0, change: 0 }, new Uint8Array(0));
}

/** The token bytes of an AF_INET6 link message; undefined when the kernel sent none. */
export function tokenOf(l: LinkMessage): Uint8Array | undefined {
  return l.attrs.nested(IFLA_PROTINFO)?.bytes(IFLA_INET6_TOKEN);
}

/** iptoken_set's request: RTM_SETLINK body for `ifindex` with the 16-byte token. */
export function encodeTokenSet(ifindex: number, token: Uint8Array): Uint8Array {
  const attrs = new AttributeEncoder()
    .nested(IFLA_AF_SPEC, (afs) => afs.nested(AF_INET6, (in6) => in6.bytes(IFLA_INET6_TOKEN, token)))
    .finish();
  return encodeIfinfomsg({ family: AF_INET6, ifindex, flags: 0, change: 0 }, attrs);
}
