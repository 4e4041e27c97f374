/**
 * Netlink protocol constants. Values from <linux/netlink.h> unless noted.
 */

/** Netlink protocol numbers (<linux/netlink.h> NETLINK_*). */
export const NETLINK_ROUTE = 0;
export const NETLINK_USERSOCK = 2;
export const NETLINK_SOCK_DIAG = 4;
export const NETLINK_NFLOG = 5;
export const NETLINK_XFRM = 6;
export const NETLINK_SELINUX = 7;
export const NETLINK_ISCSI = 8;
export const NETLINK_AUDIT = 9;
export const NETLINK_FIB_LOOKUP = 10;
export const NETLINK_CONNECTOR = 11;
export const NETLINK_NETFILTER = 12;
export const NETLINK_IP6_FW = 13;
export const NETLINK_DNRTMSG = 14;
export const NETLINK_KOBJECT_UEVENT = 15;
export const NETLINK_GENERIC = 16;
export const NETLINK_SCSITRANSPORT = 18;
export const NETLINK_ECRYPTFS = 19;
export const NETLINK_RDMA = 20;
export const NETLINK_CRYPTO = 21;
export const NETLINK_SMC = 22;

/** struct nlmsghdr is 16 bytes; messages and attributes align to 4 bytes (NLMSG_ALIGNTO, NLA_ALIGNTO). */
export const NLMSG_HDRLEN = 16;
export const NLMSG_ALIGNTO = 4;
export const NLA_HDRLEN = 4;

/** Control message types below NLMSG_MIN_TYPE (0x10). */
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;
export const NLMSG_MIN_TYPE = 0x10;

/** nlmsghdr flags. */
export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;
/** GET request modifiers. */
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_ATOMIC = 0x400;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
/** NEW request modifiers. */
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLM_F_APPEND = 0x800;
/** DELETE request modifiers. */
export const NLM_F_NONREC = 0x100;
export const NLM_F_BULK = 0x200;
/** ACK flags. */
export const NLM_F_CAPPED = 0x100;
export const NLM_F_ACK_TLVS = 0x200;

/** Attribute type flags (<linux/netlink.h> NLA_F_*). */
export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** Extended ACK TLVs (enum nlmsgerr_attrs). */
export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;
export const NLMSGERR_ATTR_COOKIE = 3;
export const NLMSGERR_ATTR_POLICY = 4;
export const NLMSGERR_ATTR_MISS_TYPE = 5;
export const NLMSGERR_ATTR_MISS_NEST = 6;

/** Protocol names as in iproute2's /etc/iproute2/nl_protos and the kernel header. */
export const PROTOCOL_NAMES: Readonly<Record<string, number>> = {
  route: NETLINK_ROUTE,
  rtnl: NETLINK_ROUTE,
  usersock: NETLINK_USERSOCK,
  sock_diag: NETLINK_SOCK_DIAG,
  inet_diag: NETLINK_SOCK_DIAG,
  nflog: NETLINK_NFLOG,
  xfrm: NETLINK_XFRM,
  selinux: NETLINK_SELINUX,
  iscsi: NETLINK_ISCSI,
  audit: NETLINK_AUDIT,
  fib_lookup: NETLINK_FIB_LOOKUP,
  connector: NETLINK_CONNECTOR,
  netfilter: NETLINK_NETFILTER,
  nft: NETLINK_NETFILTER,
  ip6_fw: NETLINK_IP6_FW,
  dnrtmsg: NETLINK_DNRTMSG,
  kobject_uevent: NETLINK_KOBJECT_UEVENT,
  uevent: NETLINK_KOBJECT_UEVENT,
  generic: NETLINK_GENERIC,
  genl: NETLINK_GENERIC,
  scsitransport: NETLINK_SCSITRANSPORT,
  ecryptfs: NETLINK_ECRYPTFS,
  rdma: NETLINK_RDMA,
  crypto: NETLINK_CRYPTO,
  smc: NETLINK_SMC,
};
