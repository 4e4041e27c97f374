import { closeSync, openSync, readdirSync } from 'node:fs';
import { AttributeEncoder, AttributeIndex } from '../codec/attributes.js';
import { Connection } from '../connection.js';

import { NETNS_RUN_DIR } from '../native-transport.js';
import type { TransportFactory } from '../transport.js';
import { inNetns } from '../transport.js';
import { NETLINK_ROUTE } from '../gen/netlink.js';
import { RTM_GETNSID, RTM_NEWNSID } from '../gen/rtnetlink.js';
import { NETNSA_FD, NETNSA_NSID } from '../gen/net_namespace.js';

/**
 * Names of the namespaces under /run/netns by the nsid they have as seen
 * from the namespace the connection lives in (what iproute2's
 * get_name_from_nsid computes to print "link-netns NAME"). Each name is
 * opened as a file and the kernel is asked its nsid with NETNSA_FD.
 */
export function namedNetnsByNsid(conn: Connection): Map<number, string> {
  const out = new Map<number, string>();
  let names: string[];
  try {
    names = readdirSync(NETNS_RUN_DIR);
  } catch {
    return out;
  }
  for (const name of names) {
    let fd: number;
    try {
      fd = openSync(`${NETNS_RUN_DIR}/${name}`, 'r');
    } catch {
      continue;
    }
    try {
      // struct rtgenmsg is one byte, padded to four (NLMSG_ALIGN).
      const payload = new Uint8Array([0, 0, 0, 0, ...new AttributeEncoder().u32(NETNSA_FD, fd).finish()]);
      for (const m of conn.request(RTM_GETNSID, payload)) {
        if (m.type !== RTM_NEWNSID) continue;
        const tb = new AttributeIndex(m.payload, 4);
        const nsid = tb.s32(NETNSA_NSID);
        tb.throwIfError();
        if (nsid !== undefined && nsid >= 0 && !out.has(nsid)) out.set(nsid, name);
      }
    } catch {
      // Not a namespace, or gone meanwhile: skip it as ip does.
    } finally {
      closeSync(fd);
    }
  }
  return out;
}

/** Open a route socket in `netns` (or here) just for the lookup. */
export function lookupNamedNetns(factory: TransportFactory, netns: string | null): Map<number, string> {
  const conn = Connection.open(factory, NETLINK_ROUTE, inNetns(netns));
  try {
    return namedNetnsByNsid(conn);
  } finally {
    conn.close();
  }
}
