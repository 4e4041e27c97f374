import { closeSync, openSync } from 'node:fs';
import { entriesInDirectoryOrder } from '../dir.js';
import { nsKey } from '../netns-proc.js';
import { AttributeEncoder, AttributeIndex } from '../codec/attributes.js';
import { Connection } from '../connection.js';

import { NETNS_RUN_DIR } from '../native-transport.js';
import type { TransportFactory } from '../transport.js';
import { inNetns } from '../transport.js';
import { NETLINK_ROUTE } from '../gen/netlink.js';
import { RTGENMSG_LEN, RTM_GETNSID, RTM_NEWNSID } from '../gen/rtnetlink.js';
import { NETNSA_CURRENT_NSID, NETNSA_FD, NETNSA_NSID, NETNSA_TARGET_NSID } from '../gen/net_namespace.js';

/**
 * Names of the namespaces under /run/netns by the nsid they have as seen
 * from the namespace the connection lives in (what iproute2's
 * get_name_from_nsid computes to print "link-netns NAME"). Each name is
 * opened as a file and the kernel is asked its nsid with NETNSA_FD.
 */
export function namedNetnsByNsid(conn: Connection): Map<number, string> {
  const out = new Map<number, string>();
  for (const name of namedNetns()) {
    const nsid = nsidOfName(conn, name);
    if (nsid !== undefined && nsid >= 0 && !out.has(nsid)) out.set(nsid, name);
  }
  return out;
}

/** The names under /run/netns in directory order (as ip's readdir loop sees them). */
export function namedNetns(): string[] {
  return entriesInDirectoryOrder(NETNS_RUN_DIR);
}

/**
 * netns_identify_pid (ip/ipnetns.c): the names under /run/netns bound to the
 * namespace at `nsPath` (/proc/PID/ns/net, a name's file), in directory order;
 * null when that file cannot be read.
 */
export function namesOfNetns(nsPath: string): string[] | null {
  const target = nsKey(nsPath);
  if (target === null) return null;
  return namedNetns().filter((n) => nsKey(`${NETNS_RUN_DIR}/${n}`) === target);
}

/** struct rtgenmsg (one byte, padded to four by NLMSG_ALIGN) followed by `attrs`. */
function nsidPayload(attrs: AttributeEncoder): Uint8Array {
  const body = attrs.finish();
  const out = new Uint8Array(RTGENMSG_LEN + body.length);
  out.set(body, RTGENMSG_LEN);
  return out;
}

/**
 * iproute2's get_netnsid_from_name: the nsid the namespace bound at
 * /run/netns/NAME has as seen from the connection's namespace (-1 when none is
 * assigned); undefined when the name cannot be opened or is not a namespace.
 */
export function nsidOfName(conn: Connection, name: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(`${NETNS_RUN_DIR}/${name}`, 'r');
  } catch {
    return undefined;
  }
  try {
    for (const m of conn.request(RTM_GETNSID, nsidPayload(new AttributeEncoder().u32(NETNSA_FD, fd)))) {
      if (m.type !== RTM_NEWNSID) continue;
      const nsid = decodeNsid(m.payload).nsid;
      if (nsid !== undefined) return nsid;
    }
    return undefined;
  } catch {
    // Not a namespace, or gone meanwhile: skip it as ip does.
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * `ip netns set`: RTM_NEWNSID for the namespace open as `fd`, with `nsid`
 * (-1: let the kernel choose, ip's "auto"). Kernel errors are thrown.
 */
export function setNsid(conn: Connection, fd: number, nsid: number): void {
  const attrs = new AttributeEncoder().u32(NETNSA_FD, fd).s32(NETNSA_NSID, nsid);
  // ip's set_netnsid_from_name sends a plain NLM_F_REQUEST (+ ACK), no create flags.
  conn.request(RTM_NEWNSID, nsidPayload(attrs));
}

/** One RTM_NEWNSID: the nsid, and with a target-nsid dump the current-nsid. */
export interface NsidMessage {
  nsid?: number;
  currentNsid?: number;
}

export function decodeNsid(payload: Uint8Array): NsidMessage {
  const tb = new AttributeIndex(payload, RTGENMSG_LEN);
  const msg: NsidMessage = { nsid: tb.s32(NETNSA_NSID), currentNsid: tb.s32(NETNSA_CURRENT_NSID) };
  tb.throwIfError();
  return msg;
}

/**
 * `ip netns list-id [target-nsid N] [nsid N]` (ipnetns_list_id): with `nsid`
 * one RTM_GETNSID request for that id (the kernel refuses NETNSA_NSID in a
 * strict dump), else the RTM_GETNSID dump; `targetNsid` asks for the ids as
 * seen from that namespace (each reply then carries current-nsid).
 */
export function listNsids(conn: Connection, filter: { targetNsid?: number; nsid?: number }): NsidMessage[] {
  const attrs = new AttributeEncoder();
  if (filter.targetNsid !== undefined) attrs.s32(NETNSA_TARGET_NSID, filter.targetNsid);
  if (filter.nsid !== undefined) attrs.s32(NETNSA_NSID, filter.nsid);
  const replies =
    filter.nsid !== undefined
      ? conn.request(RTM_GETNSID, nsidPayload(attrs))
      : conn.dumpConsistent(RTM_GETNSID, nsidPayload(attrs));
  return replies.filter((m) => m.type === RTM_NEWNSID).map((m) => decodeNsid(m.payload));
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
