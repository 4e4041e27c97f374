/**
 * `nlts nexthop help`: ip nexthop's usage (ip/ipnexthop.c usage()) for what
 * nlts does. ENCAPTYPE lists the lightweight tunnels nlts builds (ip, ip6:
 * commands/lwtunnel.ts parseEncap), not ip's mpls; scripts grep this text
 * for keywords (`resilient`, `fdb`).
 */
export const NEXTHOP_HELP = `Usage: nlts nexthop { list | flush } [ protocol ID ] SELECTOR
       nlts nexthop { add | replace } id ID NH [ protocol ID ]
       nlts nexthop { get | del } id ID
       nlts nexthop bucket list BUCKET_SELECTOR
       nlts nexthop bucket get id ID index INDEX
SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]
            [ groups ] [ fdb ]
BUCKET_SELECTOR := SELECTOR | [ nhid ID ]
NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ]
        [ encap ENCAPTYPE ENCAPHDR ] |
        group GROUP [ fdb ] [ type TYPE [ TYPE_ARGS ] ] }
GROUP := [ <id[,weight]>/<id[,weight]>/... ]
TYPE := { mpath | resilient }
TYPE_ARGS := [ RESILIENT_ARGS ]
RESILIENT_ARGS := [ buckets BUCKETS ] [ idle_timer IDLE ]
                  [ unbalanced_timer UNBALANCED ]
ENCAPTYPE := [ ip | ip6 ]
ENCAPHDR := [ id NUMBER ] [ src ADDRESS ] [ dst ADDRESS ]
            [ ttl NUMBER | hoplimit NUMBER ] [ tos TOS | tc TOS ]
`;
