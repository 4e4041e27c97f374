export const ADDR_HELP = `Usage: nlts address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                        [ CONFFLAG-LIST ]
       nlts address del IFADDR dev IFNAME [mngtmpaddr]
       nlts address flush [ dev IFNAME ] [ scope SCOPE-ID ]
                          [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       nlts address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                           [ nomaster ]
                           [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                           [ label LABEL ] [up] ]
       nlts address help
IFADDR := PREFIX | ADDR peer PREFIX
          [ broadcast ADDR ] [ anycast ADDR ]
          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
SCOPE-ID := [ host | link | global | NUMBER ]
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ permanent | dynamic | secondary | primary |
           [-]tentative | [-]deprecated | [-]dadfailed | temporary |
           CONFFLAG-LIST ]
CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
LFT := forever | SECONDS

Global options that change what is shown:
  -4 | -6 | -0        IPv4 or IPv6 addresses only; -0 the links without addresses
  -j[son] -p[retty]   JSON exactly as ip -j address show prints it
  -br[ief]            one line per interface: name, state, addresses
  -o[neline]          one line per address
  -s[tatistics]       link counters after each link's addresses
  -d[etails]          kind-specific link data
  -n[etns] NAME       look inside network namespace NAME

Examples:
  nlts a
  nlts -br -4 address show up
  nlts -j address show dev eth0 | jq -r '.[0].addr_info[].local'
  nlts address add 192.0.2.1/24 brd + dev eth0 label eth0:web
  nlts address add 2001:db8::1/64 dev eth0 nodad valid_lft 3600 preferred_lft 1800
  nlts address flush dev eth0 scope global
`;
