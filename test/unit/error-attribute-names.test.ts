/**
 * rtnetlink errors name the attribute the kernel's extack points at
 * (issue 11): the path of types from attributeAtOffset, named with the
 * generated tables, nests chosen as the kernel parses them.
 */
import { describe, expect, it } from 'vitest';
import { rtnlAttributePath } from '../../src/iproute/attr-names.js';
import { describeError, errorJson } from '../../src/iproute/describe-error.js';
import { NetlinkKernelError } from '../../src/netlink/errors.js';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { encodeMessage } from '../../src/netlink/codec/message.js';
import { attributeAtOffset } from '../../src/netlink/connection.js';
import { encodeIfinfomsg } from '../../src/netlink/route/link-change.js';
import { NETLINK_GENERIC, NETLINK_ROUTE } from '../../src/netlink/gen/netlink.js';
import {
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_LINKINFO,
  IFLA_MTU,
  IFLA_VXLAN_TTL,
} from '../../src/netlink/gen/if_link.js';
import { RTM_NEWADDRLABEL, RTM_NEWLINK, RTM_NEWROUTE, RTM_SETLINK } from '../../src/netlink/gen/rtnetlink.js';
import { RTA_METRICS } from '../../src/netlink/gen/rtnetlink.js';

/** An RTM_NEWLINK for a vxlan with a TTL, as bytes on the wire, and the offset of IFLA_VXLAN_TTL. */
function vxlanRequest(): { bytes: Uint8Array; ttlOffset: number } {
  const attrs = new AttributeEncoder()
    .string(IFLA_IFNAME, 'vx0')
    .nested(IFLA_LINKINFO, (li) =>
      li.string(IFLA_INFO_KIND, 'vxlan').nested(IFLA_INFO_DATA, (d) => d.u8(IFLA_VXLAN_TTL, 7)),
    )
    .finish();
  const bytes = encodeMessage({
    type: RTM_NEWLINK,
    flags: 0,
    seq: 1,
    pid: 0,
    payload: encodeIfinfomsg({ family: 0, ifindex: 0, flags: 0, change: 0 }, attrs),
  });
  // The TTL attribute is the last 8 bytes (a u8 padded to 4 after a 4-byte header).
  return { bytes, ttlOffset: bytes.length - 8 };
}

describe('rtnetlink attribute names for extack offsets', () => {
  it("follows IFLA_LINKINFO into the kind's own table", () => {
    const { bytes, ttlOffset } = vxlanRequest();
    const found = attributeAtOffset(bytes, ttlOffset)!;
    expect(found.path).toEqual([IFLA_LINKINFO, IFLA_INFO_DATA, IFLA_VXLAN_TTL]);
    expect(rtnlAttributePath(NETLINK_ROUTE, RTM_NEWLINK, found.path, bytes)).toEqual([
      'IFLA_LINKINFO',
      'IFLA_INFO_DATA',
      'IFLA_VXLAN_TTL',
    ]);
  });

  it('names top-level attributes of every message type of an object, numbers what it cannot name', () => {
    expect(rtnlAttributePath(NETLINK_ROUTE, RTM_SETLINK, [IFLA_MTU], undefined)).toEqual(['IFLA_MTU']);
    expect(rtnlAttributePath(NETLINK_ROUTE, RTM_NEWADDRLABEL, [1], undefined)).toEqual(['IFAL_ADDRESS']);
    expect(rtnlAttributePath(NETLINK_ROUTE, RTM_NEWROUTE, [RTA_METRICS, 2], undefined)).toEqual([
      'RTA_METRICS',
      'RTAX_MTU',
    ]);
    // IFLA_INFO_DATA without a request to read the kind from: its number.
    expect(
      rtnlAttributePath(NETLINK_ROUTE, RTM_NEWLINK, [IFLA_LINKINFO, IFLA_INFO_DATA, 5], undefined),
    ).toEqual(['IFLA_LINKINFO', 'IFLA_INFO_DATA', '5']);
  });

  it('does not name what is not rtnetlink (a genl family id can equal an RTM_ type)', () => {
    expect(rtnlAttributePath(NETLINK_GENERIC, RTM_NEWLINK, [IFLA_MTU], undefined)).toBeUndefined();
    expect(rtnlAttributePath(undefined, RTM_NEWLINK, [IFLA_MTU], undefined)).toBeUndefined();
  });

  it('describeError puts the name in the line and in the JSON error', () => {
    const { bytes, ttlOffset } = vxlanRequest();
    const attribute = attributeAtOffset(bytes, ttlOffset)!;
    const e = new NetlinkKernelError(
      34,
      'ERANGE',
      'Numerical result out of range',
      { message: 'Attribute failed policy validation', offset: ttlOffset, attribute },
      RTM_NEWLINK,
      NETLINK_ROUTE,
      bytes,
    );
    const d = describeError(e);
    expect(d.message).toBe(
      'Error: Attribute failed policy validation (attribute IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_VXLAN_TTL).',
    );
    expect(errorJson(d).error.attribute).toBe('IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_VXLAN_TTL');
    // Without an offset the line is ip's.
    const plain = new NetlinkKernelError(
      22,
      'EINVAL',
      'Invalid argument',
      { message: 'mtu less than device minimum' },
      RTM_SETLINK,
      NETLINK_ROUTE,
    );
    expect(describeError(plain).message).toBe('Error: mtu less than device minimum.');
  });
});
