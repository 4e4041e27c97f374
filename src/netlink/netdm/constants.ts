/**
 * The drop monitor's generic netlink facts that are not header constants.
 * The numbers (NET_DM_CMD_*, NET_DM_ATTR_*, enum net_dm_alert_mode and
 * net_dm_origin, sizeof(struct net_dm_drop_point)) are generated from
 * <linux/net_dropmon.h> into src/netlink/gen/net_dropmon.ts.
 */

/** CTRL family name and its multicast group (drop_monitor.c registers "events"). */
export const NET_DM_FAMILY = 'NET_DM';
export const NET_DM_EVENTS_GROUP = 'events';

/** The family speaks genl version 2 (drop_monitor.c: .version = 2). */
export const NET_DM_GENL_VERSION = 2;
