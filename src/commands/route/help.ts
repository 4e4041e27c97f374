/**
 * `nlts route help`: ip route's usage (usage() of ip/iproute.c) in its
 * wording, for the keywords nlts takes: ip's `as [ to ] ADDRESS` is left out
 * (nlts refuses it), `encap` has the types and words of
 * commands/lwtunnel.ts (ip's rpl, ioam6, xfrm, seg6 `cleanup` and seg6local
 * `flavors` are left out: nlts refuses them; ila, which nlts takes, is left
 * out as ip's usage leaves it out; bpf, which ip's usage leaves out, is in,
 * with the pinned program form nlts takes: iproute/bpf-prog.ts); the
 * selectors and verbs nlts takes that ip does not list (dev, via, src,
 * metric, mark, iif, realms; prepend, test; get's notify and connected) are added in
 * ip's style.
 */
export const ROUTE_HELP = `Usage: nlts route { list | flush } SELECTOR
       nlts route save SELECTOR
       nlts route restore
       nlts route showdump
       nlts route get [ ROUTE_GET_FLAGS ] ADDRESS
                            [ from ADDRESS iif STRING ]
                            [ oif STRING ] [ tos TOS ]
                            [ mark NUMBER ] [ vrf NAME ]
                            [ uid NUMBER ] [ ipproto PROTOCOL ]
                            [ sport NUMBER ] [ dport NUMBER ]
       nlts route { add | del | change | append | replace | prepend | test } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]
            [ type TYPE ] [ scope SCOPE ]
            [ dev STRING ] [ via [ FAMILY ] PREFIX ] [ src PREFIX ]
            [ metric NUMBER ] [ mark NUMBER ] [ iif STRING ]
            [ realms REALM ] [ tos TOS ] [ cloned ]
ROUTE := NODE_SPEC [ INFO_SPEC ]
NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]
             [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]
             [ scope SCOPE ] [ metric METRIC ]
             [ ttl-propagate { enabled | disabled } ]
INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]
      [ dev STRING ] [ weight NUMBER ] NHFLAGS
FAMILY := [ inet | inet6 | mpls | bridge | link ]
OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ]
           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]
           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]
           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]
           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]
           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]
           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]
TYPE := { unicast | local | broadcast | multicast | throw |
          unreachable | prohibit | blackhole | nat }
TABLE_ID := [ local | main | default | all | NUMBER ]
SCOPE := [ host | link | global | NUMBER ]
NHFLAGS := [ onlink | pervasive ]
RTPROTO := [ kernel | boot | static | NUMBER ]
PREF := [ low | medium | high ]
TIME := NUMBER[s|ms]
BOOL := [1|0]
FEATURES := ecn
ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | bpf ]
ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | BPFHDR ]
            [ id NUMBER ] [ src ADDRESS ] [ dst ADDRESS ]
            [ ttl NUMBER | hoplimit NUMBER ] [ tos TOS | tc TOS ]
            [ key ] [ csum ] [ seq ]
SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID]
SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]
SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]
ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |
            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |
            End.BM | End.S | End.AS | End.AM | End.BPF }
OPTIONS := OPTION [ OPTIONS ]
OPTION := { srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |
            table TABLEID | vrftable TABLEID | endpoint PROGNAME }
BPFHDR := [ in PROGNAME ] [ out PROGNAME ] [ xmit PROGNAME ] [ headroom NUMBER ]
PROGNAME := pinned FILE [ section NAME ] [ verbose ]
ROUTE_GET_FLAGS := [ fibmatch | notify | connected ]
`;
