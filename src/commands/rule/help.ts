/** `nlts rule help`: ip rule's usage (ip/iprule.c), for the verbs nlts knows. */
export const RULE_HELP = `Usage: nlts rule [ list [ SELECTOR ]]
SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]
            [ fwmark FWMARK[/MASK] ]
            [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ l3mdev ]
            [ uidrange NUMBER-NUMBER ]
            [ ipproto PROTOCOL ]
            [ sport [ NUMBER | NUMBER-NUMBER ]
            [ dport [ NUMBER | NUMBER-NUMBER ] ]
            [ table TABLE_ID ] [ protocol PROTO ]
TABLE_ID := [ local | main | default | NUMBER | NAME ]
Changing rules (add, del, flush, save, restore) is not available yet: use ip rule.
`;
