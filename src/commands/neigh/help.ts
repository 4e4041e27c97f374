/**
 * `nlts neigh help`: ip neigh's usage (usage() of ip/ipneigh.c) in its
 * wording, every keyword nlts takes: ip's list plus the show/flush
 * selectors ip parses but does not list (master, unused, protocol, nud all).
 */
export const NEIGH_HELP = `Usage: nlts neigh { add | del | change | replace }
                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }
                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]
                [ protocol PROTO ]

	nlts neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
				  [ vrf NAME ] [ master DEV ] [ nomaster ] [ unused ]
				  [ protocol PROTO ]
	nlts neigh get { ADDR | proxy ADDR } dev DEV

STATE := { delay | failed | incomplete | noarp | none |
           permanent | probe | reachable | stale | all }
`;
