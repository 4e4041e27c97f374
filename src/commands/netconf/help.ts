/** `nlts netconf help`: ip netconf's usage (ip/ipnetconf.c). */
export const NETCONF_HELP = `Usage: nlts netconf show [ dev STRING ]
`;
