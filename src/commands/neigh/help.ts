/** `nlts neigh help`: ip neigh's usage (ip/ipneigh.c), for the verbs nlts knows. */
export const NEIGH_HELP = `Usage: nlts neigh { show | list } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
                                [ vrf NAME ] [ master DEV ] [ nomaster ] [ unused ]
                                [ protocol PROTO ]

STATE := { delay | failed | incomplete | noarp | none |
           permanent | probe | reachable | stale | all }
Changing entries (add, del, change, replace, flush, get) is not available yet: use ip neigh.
`;
