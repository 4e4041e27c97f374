/** `nlts netconf help`: ip netconf's usage (usage() of ip/ipnetconf.c). */
export const NETCONF_HELP = `Usage: nlts netconf show [ dev STRING ]
`;
