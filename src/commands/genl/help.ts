export const GENL_HELP = `Usage: nlts genl [ --spec FILE ] { list | family FAMILY | dump FAMILY OP [ ATTR=VALUE ... ] |
                                  do FAMILY OP [ ATTR=VALUE ... ] | help }
       nlts genl ctrl { list | get { name NAME | id ID } }
where  FAMILY := a generic netlink family name or id (nlctrl, netdev, ethtool, 0x10, ...)
       OP     := an operation name from the family's spec (dev-get, strset-get, ...) or its number
       ATTR   := an attribute name (or number); members of a nest as NEST.ATTR=VALUE
       VALUE  := a number, an enum name, a string, hex bytes or an IPv4 address, by the attribute's type

  list              every family: id, name, version, header size, max attribute, ops, groups
  family FAMILY     one family's ops (names, flags), each op's attribute policy, multicast groups
  dump FAMILY OP    send OP as a dump request and decode the replies
  do FAMILY OP      send OP as a do request and decode the reply
  --spec FILE       names and types from FILE, a YNL spec (YAML subset, or JSON)

Global options: -j[son] -p[retty] -n[etns] NAME, --record FILE, --replay FILE.
Examples:
  nlts genl list
  nlts -j genl family nlctrl
  nlts genl dump netdev dev-get
  nlts genl do ethtool strset-get header.dev-name=eth0 counts-only
  nlts -j genl dump tcp_metrics get
See nlts-genl(8).
`;
