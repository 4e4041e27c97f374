/**
 * `nlts nexthop help`: ip nexthop's usage (ip/ipnexthop.c usage()) for what
 * nlts does; scripts grep it for keywords (`resilient`, `fdb`). A nexthop's
 * encap is lwt_parse_encap's, as for a route (commands/lwtunnel.ts
 * parseEncap): ENCAPTYPE lists every type nlts builds where ip's usage names
 * only mpls, and ENCAPHDR points at route help's words for them.
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
ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | bpf ]
ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | BPFHDR ] (see nlts route help)
`;
