/**
 * Names of rtnetlink attributes, for errors: when the kernel's extack points
 * at an attribute of our request (NLMSGERR_ATTR_OFFS), say which one
 * (`IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_VXLAN_ID`), as genl errors do from the
 * spec. The tables are the generated *_NAMES of src/netlink/gen; which table
 * a nest uses follows the kernel's own parsing (the link kind picks
 * IFLA_INFO_DATA's, the family picks IFLA_AF_SPEC's, RTA_ENCAP_TYPE picks
 * RTA_ENCAP's).
 */
import { AttributeIndex } from '../netlink/codec/attributes.js';
import { IFLA_GRE_NAMES, IFLA_IPTUN_NAMES, IFLA_VTI_NAMES } from '../netlink/gen/if_tunnel.js';
import { FIB_RULE_HDR_LEN, FRA_NAMES } from '../netlink/gen/fib_rules.js';
import * as lwt from '../netlink/gen/lwtunnel.js';
import * as link from '../netlink/gen/if_link.js';
import { NETNSA_NAMES } from '../netlink/gen/net_namespace.js';
import { NDA_NAMES, NDMSG_LEN, NDTA_NAMES, NDTA_PARMS, NDTPA_NAMES } from '../netlink/gen/neighbour.js';
import { MPLS_IPTUNNEL_NAMES, SEG6_IPTUNNEL_NAMES, SEG6_LOCAL_NAMES } from '../netlink/gen/lwt_encap.js';
import { IFADDRLBLMSG_LEN, IFAL_NAMES } from '../netlink/gen/if_addrlabel.js';
import { IFADDRMSG_LEN, IFA_NAMES } from '../netlink/gen/if_addr.js';
import { NHA_NAMES, NHA_RES_GROUP, NHA_RES_GROUP_NAMES, NHMSG_LEN } from '../netlink/gen/nexthop.js';
import { NETCONFA_NAMES, NETCONFMSG_LEN } from '../netlink/gen/netconf.js';
import { NETLINK_ROUTE, NLMSG_HDRLEN } from '../netlink/gen/netlink.js';
import * as rt from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6 } from '../netlink/gen/socket.js';
import { VETH_INFO_NAMES } from '../netlink/gen/veth.js';

type Names = Readonly<Record<number, string>>;

/** A table of names and, for nests, how to pick the table of an attribute's content. */
interface Table {
  readonly names: Names;
  readonly nested?: (type: number, top: AttributeIndex) => Table | undefined;
}

const flat = (names: Names): Table => ({ names });

/** IFLA_INFO_DATA by IFLA_INFO_KIND (the kind's rtnl_link_ops policy). */
const KIND_DATA: Readonly<Record<string, Names>> = {
  bridge: link.IFLA_BR_NAMES,
  vxlan: link.IFLA_VXLAN_NAMES,
  macvlan: link.IFLA_MACVLAN_NAMES,
  macvtap: link.IFLA_MACVLAN_NAMES,
  ipvlan: link.IFLA_IPVLAN_NAMES,
  ipvtap: link.IFLA_IPVLAN_NAMES,
  geneve: link.IFLA_GENEVE_NAMES,
  vrf: link.IFLA_VRF_NAMES,
  bond: link.IFLA_BOND_NAMES,
  tun: link.IFLA_TUN_NAMES,
  vlan: link.IFLA_VLAN_NAMES,
  macsec: link.IFLA_MACSEC_NAMES,
  veth: VETH_INFO_NAMES,
  gre: IFLA_GRE_NAMES,
  gretap: IFLA_GRE_NAMES,
  ip6gre: IFLA_GRE_NAMES,
  ip6gretap: IFLA_GRE_NAMES,
  erspan: IFLA_GRE_NAMES,
  ip6erspan: IFLA_GRE_NAMES,
  ipip: IFLA_IPTUN_NAMES,
  sit: IFLA_IPTUN_NAMES,
  ip6tnl: IFLA_IPTUN_NAMES,
  vti: IFLA_VTI_NAMES,
  vti6: IFLA_VTI_NAMES,
};
const SLAVE_DATA: Readonly<Record<string, Names>> = {
  bridge: link.IFLA_BRPORT_NAMES,
  bond: link.IFLA_BOND_SLAVE_NAMES,
};

const LINKINFO: Table = {
  names: link.IFLA_INFO_NAMES,
  nested(type, top) {
    const info = top.nested(link.IFLA_LINKINFO, true);
    if (type === link.IFLA_INFO_DATA) {
      const kind = info?.string(link.IFLA_INFO_KIND);
      return kind !== undefined && KIND_DATA[kind] ? flat(KIND_DATA[kind]) : undefined;
    }
    if (type === link.IFLA_INFO_SLAVE_DATA) {
      const kind = info?.string(link.IFLA_INFO_SLAVE_KIND);
      return kind !== undefined && SLAVE_DATA[kind] ? flat(SLAVE_DATA[kind]) : undefined;
    }
    return undefined;
  },
};

const LINK: Table = {
  names: link.IFLA_NAMES,
  nested(type) {
    if (type === link.IFLA_LINKINFO) return LINKINFO;
    if (type === link.IFLA_XDP) return flat(link.IFLA_XDP_NAMES);
    if (type === link.IFLA_PROP_LIST) return flat(link.IFLA_NAMES);
    // IFLA_AF_SPEC holds one nest per address family, typed by the family number.
    if (type === link.IFLA_AF_SPEC)
      return {
        names: { [AF_INET]: 'AF_INET', [AF_INET6]: 'AF_INET6' },
        nested: (family) =>
          family === AF_INET
            ? flat(link.IFLA_INET_NAMES)
            : family === AF_INET6
              ? flat(link.IFLA_INET6_NAMES)
              : undefined,
      };
    return undefined;
  },
};

/** RTA_ENCAP by RTA_ENCAP_TYPE (lwtunnel_valid_encap_type). */
const ENCAP_DATA: Readonly<Record<number, Names>> = {
  [lwt.LWTUNNEL_ENCAP_IP]: lwt.LWTUNNEL_IP_NAMES,
  [lwt.LWTUNNEL_ENCAP_IP6]: lwt.LWTUNNEL_IP6_NAMES,
  [lwt.LWTUNNEL_ENCAP_MPLS]: MPLS_IPTUNNEL_NAMES,
  [lwt.LWTUNNEL_ENCAP_SEG6]: SEG6_IPTUNNEL_NAMES,
  [lwt.LWTUNNEL_ENCAP_SEG6_LOCAL]: SEG6_LOCAL_NAMES,
};

const ROUTE: Table = {
  names: rt.RTA_NAMES,
  nested(type, top) {
    if (type === rt.RTA_METRICS) return flat(rt.RTAX_NAMES);
    if (type === rt.RTA_ENCAP) {
      const names = ENCAP_DATA[top.u16(rt.RTA_ENCAP_TYPE) ?? -1];
      return names ? flat(names) : undefined;
    }
    return undefined;
  },
};

/** By RTM_* block (NEW, DEL, GET, SET of one object are four consecutive types): the fixed header and the table. */
const OBJECTS = new Map<number, { header: number; table: Table }>([
  [rt.RTM_NEWLINK, { header: rt.IFINFOMSG_LEN, table: LINK }],
  [rt.RTM_NEWLINKPROP, { header: rt.IFINFOMSG_LEN, table: LINK }],
  [rt.RTM_NEWADDR, { header: IFADDRMSG_LEN, table: flat(IFA_NAMES) }],
  [rt.RTM_NEWROUTE, { header: rt.RTMSG_LEN, table: ROUTE }],
  [rt.RTM_NEWNEIGH, { header: NDMSG_LEN, table: flat(NDA_NAMES) }],
  [rt.RTM_NEWRULE, { header: FIB_RULE_HDR_LEN, table: flat(FRA_NAMES) }],
  [
    rt.RTM_NEWNEIGHTBL,
    {
      // struct ndtmsg is rtgenmsg-sized plus padding: 4 bytes.
      header: rt.RTGENMSG_LEN,
      table: { names: NDTA_NAMES, nested: (t) => (t === NDTA_PARMS ? flat(NDTPA_NAMES) : undefined) },
    },
  ],
  [rt.RTM_NEWADDRLABEL, { header: IFADDRLBLMSG_LEN, table: flat(IFAL_NAMES) }],
  [rt.RTM_NEWNETCONF, { header: NETCONFMSG_LEN, table: flat(NETCONFA_NAMES) }],
  [rt.RTM_NEWNSID, { header: rt.RTGENMSG_LEN, table: flat(NETNSA_NAMES) }],
  [
    rt.RTM_NEWNEXTHOP,
    {
      header: NHMSG_LEN,
      table: {
        names: NHA_NAMES,
        nested: (t) => (t === NHA_RES_GROUP ? flat(NHA_RES_GROUP_NAMES) : undefined),
      },
    },
  ],
]);

/**
 * The names along `path` (attribute types from the top of the request
 * down), or undefined when the request is not an rtnetlink one nlts can
 * name; a type without a name is written as its number.
 */
export function rtnlAttributePath(
  protocol: number | undefined,
  requestType: number,
  path: readonly number[],
  request: Uint8Array | undefined,
): string[] | undefined {
  if (protocol !== NETLINK_ROUTE || path.length === 0) return undefined;
  const object = OBJECTS.get(requestType & ~3);
  if (!object) return undefined;
  const top =
    request && request.length >= NLMSG_HDRLEN + object.header
      ? new AttributeIndex(request, NLMSG_HDRLEN + object.header, true)
      : new AttributeIndex(new Uint8Array(0));
  const out: string[] = [];
  let table: Table | undefined = object.table;
  for (const type of path) {
    out.push(table?.names[type] ?? String(type));
    table = table?.nested?.(type, top);
  }
  return out;
}
