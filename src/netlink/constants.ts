/**
 * Netlink protocol constants. Values from <linux/netlink.h> unless noted.
 */
import {
  NETLINK_AUDIT,
  NETLINK_CONNECTOR,
  NETLINK_CRYPTO,
  NETLINK_DNRTMSG,
  NETLINK_ECRYPTFS,
  NETLINK_FIB_LOOKUP,
  NETLINK_GENERIC,
  NETLINK_IP6_FW,
  NETLINK_ISCSI,
  NETLINK_KOBJECT_UEVENT,
  NETLINK_NETFILTER,
  NETLINK_NFLOG,
  NETLINK_RDMA,
  NETLINK_ROUTE,
  NETLINK_SCSITRANSPORT,
  NETLINK_SELINUX,
  NETLINK_SMC,
  NETLINK_SOCK_DIAG,
  NETLINK_USERSOCK,
  NETLINK_XFRM,
  NLA_F_NESTED,
  NLA_F_NET_BYTEORDER,
} from './gen/netlink.js';

/** Attribute type flags (<linux/netlink.h> NLA_F_*). */
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

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
