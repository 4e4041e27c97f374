/**
 * Generic netlink constants. Values from <linux/genetlink.h> (genlmsghdr,
 * GENL_*, CTRL_*) and <linux/netlink.h> (NL_ATTR_TYPE_*, NL_POLICY_TYPE_ATTR_*).
 */

/** struct genlmsghdr { u8 cmd; u8 version; u16 reserved; } is 4 bytes (GENL_HDRLEN). */
export const GENL_HDRLEN = 4;

/** Operation flags reported in CTRL_ATTR_OP_FLAGS. */
export const GENL_ADMIN_PERM = 0x01;
export const GENL_CMD_CAP_DO = 0x02;
export const GENL_CMD_CAP_DUMP = 0x04;
export const GENL_CMD_CAP_HASPOL = 0x08;
export const GENL_UNS_ADMIN_PERM = 0x10;

/** Names of the op flags, lowest bit first, as `genl family` prints them. */
export const GENL_OP_FLAG_NAMES: readonly [number, string][] = [
  [GENL_CMD_CAP_DO, 'do'],
  [GENL_CMD_CAP_DUMP, 'dump'],
  [GENL_ADMIN_PERM, 'admin-perm'],
  [GENL_UNS_ADMIN_PERM, 'uns-admin-perm'],
  [GENL_CMD_CAP_HASPOL, 'has-policy'],
];

/** The controller's fixed id (GENL_ID_CTRL = NLMSG_MIN_TYPE). */
export const GENL_ID_CTRL = 0x10;
export const CTRL_FAMILY_NAME = 'nlctrl';
/** The controller version we speak (nlctrl reports 2). */
export const CTRL_VERSION = 2;

/** Controller commands (enum CTRL_CMD_*). */
export const CTRL_CMD_NEWFAMILY = 1;
export const CTRL_CMD_DELFAMILY = 2;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_CMD_NEWMCAST_GRP = 7;
export const CTRL_CMD_DELMCAST_GRP = 8;
export const CTRL_CMD_GETPOLICY = 10;

/** Controller attributes (enum CTRL_ATTR_*). */
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;
export const CTRL_ATTR_VERSION = 3;
export const CTRL_ATTR_HDRSIZE = 4;
export const CTRL_ATTR_MAXATTR = 5;
export const CTRL_ATTR_OPS = 6;
export const CTRL_ATTR_MCAST_GROUPS = 7;
export const CTRL_ATTR_POLICY = 8;
export const CTRL_ATTR_OP_POLICY = 9;
export const CTRL_ATTR_OP = 10;

/** Inside each CTRL_ATTR_OPS entry (enum CTRL_ATTR_OP_*). */
export const CTRL_ATTR_OP_ID = 1;
export const CTRL_ATTR_OP_FLAGS = 2;

/** Inside each CTRL_ATTR_MCAST_GROUPS entry (enum CTRL_ATTR_MCAST_GRP_*). */
export const CTRL_ATTR_MCAST_GRP_NAME = 1;
export const CTRL_ATTR_MCAST_GRP_ID = 2;

/** Inside each CTRL_ATTR_OP_POLICY entry (enum CTRL_ATTR_POLICY_*). */
export const CTRL_ATTR_POLICY_DO = 1;
export const CTRL_ATTR_POLICY_DUMP = 2;

/** enum netlink_attribute_type (<linux/netlink.h>); SINT/UINT since Linux 6.7. */
export const NL_ATTR_TYPE_INVALID = 0;
export const NL_ATTR_TYPE_FLAG = 1;
export const NL_ATTR_TYPE_U8 = 2;
export const NL_ATTR_TYPE_U16 = 3;
export const NL_ATTR_TYPE_U32 = 4;
export const NL_ATTR_TYPE_U64 = 5;
export const NL_ATTR_TYPE_S8 = 6;
export const NL_ATTR_TYPE_S16 = 7;
export const NL_ATTR_TYPE_S32 = 8;
export const NL_ATTR_TYPE_S64 = 9;
export const NL_ATTR_TYPE_BINARY = 10;
export const NL_ATTR_TYPE_STRING = 11;
export const NL_ATTR_TYPE_NUL_STRING = 12;
export const NL_ATTR_TYPE_NESTED = 13;
export const NL_ATTR_TYPE_NESTED_ARRAY = 14;
export const NL_ATTR_TYPE_BITFIELD32 = 15;
export const NL_ATTR_TYPE_SINT = 16;
export const NL_ATTR_TYPE_UINT = 17;

/** Names for enum netlink_attribute_type, index = value (as the YNL nlctrl spec spells them). */
export const NL_ATTR_TYPE_NAMES: readonly string[] = [
  'invalid',
  'flag',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  'binary',
  'string',
  'nul-string',
  'nested',
  'nested-array',
  'bitfield32',
  'sint',
  'uint',
];

/** enum netlink_policy_type_attr (<linux/netlink.h>). */
export const NL_POLICY_TYPE_ATTR_TYPE = 1;
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_S = 2;
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_S = 3;
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_U = 4;
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_U = 5;
export const NL_POLICY_TYPE_ATTR_MIN_LENGTH = 6;
export const NL_POLICY_TYPE_ATTR_MAX_LENGTH = 7;
export const NL_POLICY_TYPE_ATTR_POLICY_IDX = 8;
export const NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE = 9;
export const NL_POLICY_TYPE_ATTR_BITFIELD32_MASK = 10;
export const NL_POLICY_TYPE_ATTR_PAD = 11;
export const NL_POLICY_TYPE_ATTR_MASK = 12;
