export const GENL_HELP = `Usage: nlts genl [ --spec FILE ] { list | family FAMILY | dump FAMILY OP [ ATTR=VALUE ... ] |
                                  do FAMILY OP [ ATTR=VALUE ... | --json JSON ] | help }
       nlts genl [ --spec FILE ] { --list-ops | --list-attrs OP } [ FAMILY ]
       nlts genl ctrl { list | get { name NAME | id ID } }
where  FAMILY := a generic netlink family name or id (nlctrl, netdev, ethtool, 0x10, ...)
       OP     := an operation name from the family's spec (dev-get, strset-get, ...) or its number
       ATTR   := an attribute name (or number); members of a nest as NEST.ATTR=VALUE; repeated
                 attributes indexed as NAME[N] (bits.bit[0].name=A bits.bit[1].name=B: two bits);
                 a name given twice in one nest is refused, not merged
       VALUE  := a number, an enum name, a string, hex bytes or an IPv4 address, by the attribute's type

  list              every family: id, name, version, header size, max attribute, ops, groups
  family FAMILY     one family's ops (names, flags), each op's attribute policy, multicast groups
  dump FAMILY OP    send OP as a dump request and decode the replies
  do FAMILY OP      send OP as a do request and decode the reply
  --spec FILE       names and types from FILE, a YNL spec (YAML subset, or JSON)
  --json JSON       the request's attributes as one JSON object, as YNL's cli.py --json takes them
                    (objects are nests, lists are repeated attributes, true is a flag)
  --list-ops        the spec's operations and their modes (nothing is sent)
  --list-attrs OP   the attributes OP sends and gets back: types, checks, doc (nothing is sent)

Global options: -j[son] -p[retty] -n[etns] NAME, --record FILE, --replay FILE.
Examples:
  nlts genl list
  nlts -j genl family nlctrl
  nlts genl dump netdev dev-get
  nlts genl do ethtool strset-get header.dev-name=eth0 counts-only
  nlts -j genl dump tcp_metrics get
  nlts genl do ethtool features-set --json '{"header":{"dev-name":"eth0"},"wanted":{"bits":{"bit":[{"name":"rx-gro","value":true}]}}}'
  nlts genl --list-attrs features-set ethtool
See nlts-genl(8).
`;
