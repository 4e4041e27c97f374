export const ROUTE_HELP = `Usage: nlts route { list | show | flush } SELECTOR
       nlts route get ADDRESS [ from ADDRESS ] [ iif STRING ] [ oif STRING ] [ mark NUMBER ]
                              [ tos TOS ] [ uid NUMBER ] [ fibmatch ] [ notify ]
       nlts route { add | del | change | append | replace | prepend | test } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
            [ table TABLE_ID ] [ proto RTPROTO ] [ type TYPE ] [ scope SCOPE ]
            [ dev STRING ] [ via [ FAMILY ] PREFIX ] [ src PREFIX ] [ metric NUMBER ]
ROUTE := NODE_SPEC [ INFO_SPEC ]
NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ] [ table TABLE_ID ] [ proto RTPROTO ]
             [ scope SCOPE ] [ metric METRIC ]
INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
NH := [ via [ FAMILY ] ADDRESS ] [ dev STRING ] [ weight NUMBER ] NHFLAGS
OPTIONS := FLAGS [ mtu [ lock ] NUMBER ] [ advmss [ lock ] NUMBER ] [ hoplimit NUMBER ]
           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ] [ initrwnd NUMBER ]
           [ ssthresh NUMBER ] [ reordering NUMBER ] [ features ecn ] [ quickack BOOL ]
           [ congctl NAME ] [ realms REALM ] [ src ADDRESS ] [ pref PREF ] [ expires TIME ]
TYPE := { unicast | local | broadcast | multicast | throw | unreachable | prohibit | blackhole | nat }
TABLE_ID := [ local | main | default | all | NUMBER | NAME from /etc/iproute2/rt_tables ]
SCOPE := [ host | link | global | NUMBER ]
NHFLAGS := [ onlink | pervasive ]
RTPROTO := [ kernel | boot | static | NUMBER ]
PREF := [ low | medium | high ]
`;
