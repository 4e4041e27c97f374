#!/usr/bin/env node
// Any protocol, no helpers: a hand-built RTM_GETLINK dump over the core
// (encode, stream the replies, walk the attributes).
// Usage: node examples/raw-dump.mjs [NETNS]
import { Connection, NETLINK_ROUTE, openNativeTransport, AttributeDecoder, AttributeEncoder } from 'nlts';

const RTM_GETLINK = 18; // <linux/rtnetlink.h>
const IFLA_IFNAME = 3; // <linux/if_link.h>
const IFLA_EXT_MASK = 29;
const conn = Connection.open(
  openNativeTransport,
  NETLINK_ROUTE,
  process.argv[2] ? { netns: process.argv[2] } : {},
);
try {
  // struct ifinfomsg (16 bytes, family AF_PACKET) followed by IFLA_EXT_MASK.
  const header = new Uint8Array(16);
  header[0] = 17;
  const payload = new Uint8Array([...header, ...new AttributeEncoder().u32(IFLA_EXT_MASK, 1).finish()]);
  for await (const msg of conn.dumpAsync(RTM_GETLINK, payload)) {
    const cur = new AttributeDecoder(msg.payload.subarray(16));
    while (cur.next()) if (cur.type() === IFLA_IFNAME) console.log(cur.string());
    cur.throwIfError();
  }
} finally {
  conn.close();
}
