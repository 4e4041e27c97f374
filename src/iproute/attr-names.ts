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
import { RTAX_NAMES, RTA_NAMES } from '../netlink/gen/rtnetlink.js';
import { FRA_NAMES } from '../netlink/gen/fib_rules.js';
import { LWTUNNEL_IP6_NAMES, LWTUNNEL_IP_NAMES } from '../netlink/gen/lwtunnel.js';
import {
  IFLA_BOND_NAMES,
  IFLA_BOND_SLAVE_NAMES,
  IFLA_BRPORT_NAMES,
  IFLA_BR_NAMES,
  IFLA_GENEVE_NAMES,
  IFLA_INET6_NAMES,
  IFLA_INET_NAMES,
  IFLA_INFO_NAMES,
  IFLA_IPVLAN_NAMES,
  IFLA_MACVLAN_NAMES,
  IFLA_NAMES,
  IFLA_TUN_NAMES,
  IFLA_VRF_NAMES,
  IFLA_VXLAN_NAMES,
  IFLA_XDP_NAMES,
} from '../netlink/gen/if_link.js';
import { NETNSA_NAMES } from '../netlink/gen/net_namespace.js';
import { NDA_NAMES, NDTA_NAMES, NDTPA_NAMES } from '../netlink/gen/neighbour.js';
import { MPLS_IPTUNNEL_NAMES, SEG6_IPTUNNEL_NAMES, SEG6_LOCAL_NAMES } from '../netlink/gen/lwt_encap.js';
import { IFAL_NAMES } from '../netlink/gen/if_addrlabel.js';
import { IFA_NAMES } from '../netlink/gen/if_addr.js';
import { NHA_NAMES, NHA_RES_GROUP_NAMES } from '../netlink/gen/nexthop.js';
import { NETCONFA_NAMES } from '../netlink/gen/netconf.js';
import {
  IFLA_AF_SPEC,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_DATA,
  IFLA_INFO_SLAVE_KIND,
  IFLA_LINKINFO,
  IFLA_PROP_LIST,
  IFLA_XDP,
} from '../netlink/gen/if_link.js';
import { FIB_RULE_HDR_LEN } from '../netlink/gen/fib_rules.js';
import { IFADDRLBLMSG_LEN } from '../netlink/gen/if_addrlabel.js';
import {
  LWTUNNEL_ENCAP_IP,
  LWTUNNEL_ENCAP_IP6,
  LWTUNNEL_ENCAP_MPLS,
  LWTUNNEL_ENCAP_SEG6,
  LWTUNNEL_ENCAP_SEG6_LOCAL,
} from '../netlink/gen/lwtunnel.js';
import { NDMSG_LEN, NDTA_PARMS } from '../netlink/gen/neighbour.js';
import { NETCONFMSG_LEN } from '../netlink/gen/netconf.js';
import { NETLINK_ROUTE, NLMSG_HDRLEN } from '../netlink/gen/netlink.js';
import { NHA_RES_GROUP, NHMSG_LEN } from '../netlink/gen/nexthop.js';
import { IFADDRMSG_LEN } from '../netlink/gen/if_addr.js';
import {
  IFINFOMSG_LEN,
  RTA_ENCAP,
  RTA_ENCAP_TYPE,
  RTA_METRICS,
  RTGENMSG_LEN,
  RTMSG_LEN,
  RTM_NEWADDR,
  RTM_NEWADDRLABEL,
  RTM_NEWLINK,
  RTM_NEWLINKPROP,
  RTM_NEWNEIGH,
  RTM_NEWNEIGHTBL,
  RTM_NEWNETCONF,
  RTM_NEWNEXTHOP,
  RTM_NEWNSID,
  RTM_NEWROUTE,
  RTM_NEWRULE,
} from '../netlink/gen/rtnetlink.js';
import { AF_INET, AF_INET6 } from '../netlink/gen/socket.js';

type Names = Readonly<Record<number, string>>;

/** A table of names and, for nests, how to pick the table of an attribute's content. */
interface Table {
  readonly names: Names;
  readonly nested?: (type: number, top: AttributeIndex) => Table | undefined;
}

const flat = (names: Names): Table => ({ names });

/** IFLA_INFO_DATA by IFLA_INFO_KIND (the kind's rtnl_link_ops policy). */
const KIND_DATA: Readonly<Record<string, Names>> = {
  bridge: IFLA_BR_NAMES,
  vxlan: IFLA_VXLAN_NAMES,
  macvlan: IFLA_MACVLAN_NAMES,
  macvtap: IFLA_MACVLAN_NAMES,
  ipvlan: IFLA_IPVLAN_NAMES,
  ipvtap: IFLA_IPVLAN_NAMES,
  geneve: IFLA_GENEVE_NAMES,
  vrf: IFLA_VRF_NAMES,
  bond: IFLA_BOND_NAMES,
  tun: IFLA_TUN_NAMES,
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
  bridge: IFLA_BRPORT_NAMES,
  bond: IFLA_BOND_SLAVE_NAMES,
};

const LINKINFO: Table = {
  names: IFLA_INFO_NAMES,
  nested(type, top) {
    const info = top.nested(IFLA_LINKINFO, true);
    if (type === IFLA_INFO_DATA) {
      const kind = info?.string(IFLA_INFO_KIND);
      return kind !== undefined && KIND_DATA[kind] ? flat(KIND_DATA[kind]) : undefined;
    }
    if (type === IFLA_INFO_SLAVE_DATA) {
      const kind = info?.string(IFLA_INFO_SLAVE_KIND);
      return kind !== undefined && SLAVE_DATA[kind] ? flat(SLAVE_DATA[kind]) : undefined;
    }
    return undefined;
  },
};

const LINK: Table = {
  names: IFLA_NAMES,
  nested(type) {
    if (type === IFLA_LINKINFO) return LINKINFO;
    if (type === IFLA_XDP) return flat(IFLA_XDP_NAMES);
    if (type === IFLA_PROP_LIST) return flat(IFLA_NAMES);
    // IFLA_AF_SPEC holds one nest per address family, typed by the family number.
    if (type === IFLA_AF_SPEC)
      return {
        names: { [AF_INET]: 'AF_INET', [AF_INET6]: 'AF_INET6' },
        nested: (family) =>
          family === AF_INET
            ? flat(IFLA_INET_NAMES)
            : family === AF_INET6
              ? flat(IFLA_INET6_NAMES)
              : undefined,
      };
    return undefined;
  },
};

/** RTA_ENCAP by RTA_ENCAP_TYPE (lwtunnel_valid_encap_type). */
const ENCAP_DATA: Readonly<Record<number, Names>> = {
  [LWTUNNEL_ENCAP_IP]: LWTUNNEL_IP_NAMES,
  [LWTUNNEL_ENCAP_IP6]: LWTUNNEL_IP6_NAMES,
  [LWTUNNEL_ENCAP_MPLS]: MPLS_IPTUNNEL_NAMES,
  [LWTUNNEL_ENCAP_SEG6]: SEG6_IPTUNNEL_NAMES,
  [LWTUNNEL_ENCAP_SEG6_LOCAL]: SEG6_LOCAL_NAMES,
};

const ROUTE: Table = {
  names: RTA_NAMES,
  nested(type, top) {
    if (type === RTA_METRICS) return flat(RTAX_NAMES);
    if (type === RTA_ENCAP) {
      const names = ENCAP_DATA[top.u16(RTA_ENCAP_TYPE) ?? -1];
      return names ? flat(names) : undefined;
    }
    return undefined;
  },
};

/** By RTM_* block (NEW, DEL, GET, SET of one object are four consecutive types): the fixed header and the table. */
const OBJECTS = new Map<number, { header: number; table: Table }>([
  [RTM_NEWLINK, { header: IFINFOMSG_LEN, table: LINK }],
  [RTM_NEWLINKPROP, { header: IFINFOMSG_LEN, table: LINK }],
  [RTM_NEWADDR, { header: IFADDRMSG_LEN, table: flat(IFA_NAMES) }],
  [RTM_NEWROUTE, { header: RTMSG_LEN, table: ROUTE }],
  [RTM_NEWNEIGH, { header: NDMSG_LEN, table: flat(NDA_NAMES) }],
  [RTM_NEWRULE, { header: FIB_RULE_HDR_LEN, table: flat(FRA_NAMES) }],
  [
    RTM_NEWNEIGHTBL,
    {
      // struct ndtmsg is rtgenmsg-sized plus padding: 4 bytes.
      header: RTGENMSG_LEN,
      table: { names: NDTA_NAMES, nested: (t) => (t === NDTA_PARMS ? flat(NDTPA_NAMES) : undefined) },
    },
  ],
  [RTM_NEWADDRLABEL, { header: IFADDRLBLMSG_LEN, table: flat(IFAL_NAMES) }],
  [RTM_NEWNETCONF, { header: NETCONFMSG_LEN, table: flat(NETCONFA_NAMES) }],
  [RTM_NEWNSID, { header: RTGENMSG_LEN, table: flat(NETNSA_NAMES) }],
  [
    RTM_NEWNEXTHOP,
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
