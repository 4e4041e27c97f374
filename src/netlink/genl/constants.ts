/**
 * Generic netlink facts that are not header constants (those, GENL_*, CTRL_*,
 * NL_ATTR_TYPE_* and GENL_HDRLEN, are generated into src/netlink/gen/).
 */
import {
  GENL_ADMIN_PERM,
  GENL_CMD_CAP_DO,
  GENL_CMD_CAP_DUMP,
  GENL_CMD_CAP_HASPOL,
  GENL_UNS_ADMIN_PERM,
} from '../gen/genetlink.js';

/** Names of the op flags, lowest bit first, as `genl family` prints them. */
export const GENL_OP_FLAG_NAMES: readonly [number, string][] = [
  [GENL_CMD_CAP_DO, 'do'],
  [GENL_CMD_CAP_DUMP, 'dump'],
  [GENL_ADMIN_PERM, 'admin-perm'],
  [GENL_UNS_ADMIN_PERM, 'uns-admin-perm'],
  [GENL_CMD_CAP_HASPOL, 'has-policy'],
];

/** The controller's fixed id (GENL_ID_CTRL = NLMSG_MIN_TYPE). */
export const CTRL_FAMILY_NAME = 'nlctrl';
/** The controller version we speak (nlctrl reports 2). */
export const CTRL_VERSION = 2;

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
