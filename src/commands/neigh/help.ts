/** `nlts neigh help`: ip neigh's usage (ip/ipneigh.c), for the verbs nlts knows. */
export const NEIGH_HELP = `Usage: nlts neigh { add | del | change | replace }
                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }
                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]
                [ protocol PROTO ]

       nlts neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
                                [ vrf NAME ] [ master DEV ] [ nomaster ] [ unused ]
                                [ protocol PROTO ]

STATE := { delay | failed | incomplete | noarp | none |
           permanent | probe | reachable | stale | all }
"neigh get" is not available yet: use ip neigh get.
`;
