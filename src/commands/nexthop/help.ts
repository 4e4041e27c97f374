/** `nlts nexthop help`: ip nexthop's usage (ip/ipnexthop.c), for the verbs nlts knows. */
export const NEXTHOP_HELP = `Usage: nlts nexthop { list | show } [ protocol ID ] SELECTOR
SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]
            [ groups ] [ fdb ]
add, replace, get, delete, flush and bucket are not available yet: use ip nexthop.
`;
