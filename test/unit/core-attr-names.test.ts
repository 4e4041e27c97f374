/** Kinds whose IFLA_INFO_DATA tables are generated (IFLA_VLAN_*, IFLA_MACSEC_*, VETH_INFO_*) are named past IFLA_INFO_DATA. */
import { describe, expect, it } from 'vitest';
import { rtnlAttributePath } from '../../src/iproute/attr-names.js';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { encodeMessage } from '../../src/netlink/codec/message.js';
import { attributeAtOffset } from '../../src/netlink/connection.js';
import { encodeIfinfomsg } from '../../src/netlink/route/link-change.js';
import { NETLINK_ROUTE } from '../../src/netlink/gen/netlink.js';
import {
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_LINKINFO,
  IFLA_VLAN_ID,
} from '../../src/netlink/gen/if_link.js';
import { RTM_NEWLINK } from '../../src/netlink/gen/rtnetlink.js';

function linkRequest(kind: string, data: (d: AttributeEncoder) => AttributeEncoder): Uint8Array {
  const attrs = new AttributeEncoder()
    .string(IFLA_IFNAME, 'x0')
    .nested(IFLA_LINKINFO, (li) => li.string(IFLA_INFO_KIND, kind).nested(IFLA_INFO_DATA, data))
    .finish();
  return encodeMessage({
    type: RTM_NEWLINK,
    flags: 0,
    seq: 1,
    pid: 0,
    payload: encodeIfinfomsg({ family: 0, ifindex: 0, flags: 0, change: 0 }, attrs),
  });
}

describe('generated kind tables in extack attribute paths', () => {
  it('vlan_validate points at IFLA_VLAN_ID: named', () => {
    const bytes = linkRequest('vlan', (d) => d.u16(IFLA_VLAN_ID, 5000));
    // A u16 is the last 8 bytes (4-byte header, 2 bytes, 2 of padding).
    const found = attributeAtOffset(bytes, bytes.length - 8)!;
    expect(rtnlAttributePath(NETLINK_ROUTE, RTM_NEWLINK, found.path, bytes)).toEqual([
      'IFLA_LINKINFO',
      'IFLA_INFO_DATA',
      'IFLA_VLAN_ID',
    ]);
  });

  it('macsec and veth use their own tables, not IFLA_VLAN_*', () => {
    const path = [IFLA_LINKINFO, IFLA_INFO_DATA, 1];
    expect(
      rtnlAttributePath(
        NETLINK_ROUTE,
        RTM_NEWLINK,
        path,
        linkRequest('macsec', (d) => d),
      ),
    ).toEqual(['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'IFLA_MACSEC_SCI']);
    expect(
      rtnlAttributePath(
        NETLINK_ROUTE,
        RTM_NEWLINK,
        path,
        linkRequest('veth', (d) => d),
      ),
    ).toEqual(['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'VETH_INFO_PEER']);
  });
});
