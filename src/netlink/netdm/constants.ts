/**
 * The drop monitor's generic netlink protocol. Every number here is from
 * <linux/net_dropmon.h> (kernel uapi): NET_DM_CMD_*, NET_DM_ATTR_*,
 * NET_DM_ATTR_PORT_*, NET_DM_ATTR_STATS_*, enum net_dm_alert_mode and
 * enum net_dm_origin, and struct net_dm_alert_msg / net_dm_drop_point.
 */

/** CTRL family name and its multicast group (drop_monitor.c registers "events"). */
export const NET_DM_FAMILY = 'NET_DM';
export const NET_DM_EVENTS_GROUP = 'events';
/** The legacy fixed group number (NET_DM_GRP_ALERT); the group is resolved by name instead. */
export const NET_DM_GRP_ALERT = 1;

export const NET_DM_CMD_UNSPEC = 0;
export const NET_DM_CMD_ALERT = 1;
export const NET_DM_CMD_CONFIG = 2;
export const NET_DM_CMD_START = 3;
export const NET_DM_CMD_STOP = 4;
export const NET_DM_CMD_PACKET_ALERT = 5;
export const NET_DM_CMD_CONFIG_GET = 6;
export const NET_DM_CMD_CONFIG_NEW = 7;
export const NET_DM_CMD_STATS_GET = 8;
export const NET_DM_CMD_STATS_NEW = 9;

export const NET_DM_ATTR_UNSPEC = 0;
export const NET_DM_ATTR_ALERT_MODE = 1; /* u8 */
export const NET_DM_ATTR_PC = 2; /* u64 */
export const NET_DM_ATTR_SYMBOL = 3; /* string */
export const NET_DM_ATTR_IN_PORT = 4; /* nested */
export const NET_DM_ATTR_TIMESTAMP = 5; /* u64 */
export const NET_DM_ATTR_PROTO = 6; /* u16 */
export const NET_DM_ATTR_PAYLOAD = 7; /* binary */
export const NET_DM_ATTR_PAD = 8;
export const NET_DM_ATTR_TRUNC_LEN = 9; /* u32 */
export const NET_DM_ATTR_ORIG_LEN = 10; /* u32 */
export const NET_DM_ATTR_QUEUE_LEN = 11; /* u32 */
export const NET_DM_ATTR_STATS = 12; /* nested */
export const NET_DM_ATTR_HW_STATS = 13; /* nested */
export const NET_DM_ATTR_ORIGIN = 14; /* u16 */
export const NET_DM_ATTR_HW_TRAP_GROUP_NAME = 15; /* string */
export const NET_DM_ATTR_HW_TRAP_NAME = 16; /* string */
export const NET_DM_ATTR_HW_ENTRIES = 17; /* nested */
export const NET_DM_ATTR_HW_ENTRY = 18; /* nested */
export const NET_DM_ATTR_HW_TRAP_COUNT = 19; /* u32 */
export const NET_DM_ATTR_SW_DROPS = 20; /* flag */
export const NET_DM_ATTR_HW_DROPS = 21; /* flag */
export const NET_DM_ATTR_FLOW_ACTION_COOKIE = 22; /* binary */
export const NET_DM_ATTR_REASON = 23; /* string */

/** Nested in NET_DM_ATTR_IN_PORT: note these start at 0. */
export const NET_DM_ATTR_PORT_NETDEV_IFINDEX = 0; /* u32 */
export const NET_DM_ATTR_PORT_NETDEV_NAME = 1; /* string */

/** Nested in NET_DM_ATTR_STATS / NET_DM_ATTR_HW_STATS: starts at 0 too. */
export const NET_DM_ATTR_STATS_DROPPED = 0; /* u64 */

export const NET_DM_ALERT_MODE_SUMMARY = 0;
export const NET_DM_ALERT_MODE_PACKET = 1;

export const NET_DM_ORIGIN_SW = 0;
export const NET_DM_ORIGIN_HW = 1;

/** sizeof(struct net_dm_drop_point): u8 pc[8] + u32 count, 4-byte aligned. */
export const NET_DM_DROP_POINT_SIZE = 12;

/** The family speaks genl version 2 (drop_monitor.c: .version = 2). */
export const NET_DM_GENL_VERSION = 2;
