import { AttributeDecoder, AttributeEncoder } from '../codec/attributes.js';
import { CodecError } from '../codec/errors.js';

import type { Connection } from '../connection.js';
import { CTRL_VERSION, GENL_OP_FLAG_NAMES, NL_ATTR_TYPE_NAMES } from './constants.js';
import { decodeGenlPayload, encodeGenlPayload } from './message.js';
import { NETLINK_GENERIC } from '../gen/netlink.js';
import {
  CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_FAMILY_NAME,
  CTRL_ATTR_HDRSIZE,
  CTRL_ATTR_MAXATTR,
  CTRL_ATTR_MCAST_GROUPS,
  CTRL_ATTR_MCAST_GRP_ID,
  CTRL_ATTR_MCAST_GRP_NAME,
  CTRL_ATTR_OP,
  CTRL_ATTR_OPS,
  CTRL_ATTR_OP_FLAGS,
  CTRL_ATTR_OP_ID,
  CTRL_ATTR_OP_POLICY,
  CTRL_ATTR_POLICY,
  CTRL_ATTR_POLICY_DO,
  CTRL_ATTR_POLICY_DUMP,
  CTRL_ATTR_VERSION,
  CTRL_CMD_GETFAMILY,
  CTRL_CMD_GETPOLICY,
  GENL_ID_CTRL,
} from '../gen/genetlink.js';
import {
  NL_POLICY_TYPE_ATTR_BITFIELD32_MASK,
  NL_POLICY_TYPE_ATTR_MASK,
  NL_POLICY_TYPE_ATTR_MAX_LENGTH,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_S,
  NL_POLICY_TYPE_ATTR_MAX_VALUE_U,
  NL_POLICY_TYPE_ATTR_MIN_LENGTH,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_S,
  NL_POLICY_TYPE_ATTR_MIN_VALUE_U,
  NL_POLICY_TYPE_ATTR_POLICY_IDX,
  NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE,
  NL_POLICY_TYPE_ATTR_TYPE,
} from '../gen/netlink_policy.js';

/** One operation a family offers (CTRL_ATTR_OPS entry). */
export interface GenlOp {
  id: number;
  /** GENL_* op flags (do, dump, admin-perm, uns-admin-perm, has-policy). */
  flags: number;
}

export interface GenlMcastGroup {
  id: number;
  name: string;
}

/** What CTRL_CMD_GETFAMILY says about a family. */
export interface GenlFamily {
  id: number;
  name: string;
  version: number;
  hdrsize: number;
  maxattr: number;
  ops: GenlOp[];
  groups: GenlMcastGroup[];
}

/**
 * The largest family header (CTRL_ATTR_HDRSIZE) nlts accepts. Real families
 * use a few bytes (openvswitch's is 4); the kernel builds most generic netlink
 * messages in one page (NLMSG_GOODSIZE), so a larger header could not even
 * fit in its replies. A recording or a reply claiming more is corrupt, and
 * trusting it would make nlts allocate up to 4 GiB for every request.
 */
export const MAX_FAMILY_HDRSIZE = 4096;

/** The family header size of `f`, checked: a CodecError when it is beyond MAX_FAMILY_HDRSIZE. */
export function familyHeaderSize(f: Pick<GenlFamily, 'name' | 'hdrsize'>): number {
  const n = f.hdrsize;
  if (!Number.isInteger(n) || n < 0 || n > MAX_FAMILY_HDRSIZE) {
    throw new CodecError(
      `generic netlink family "${f.name}" claims a family header of ${n} bytes (at most ${MAX_FAMILY_HDRSIZE} accepted)`,
      0,
    );
  }
  return n;
}

/** Names of the GENL_* flags set in `flags`, unknown bits as one hex word. */
export function opFlagNames(flags: number): string[] {
  const out: string[] = [];
  let rest = flags;
  for (const [bit, name] of GENL_OP_FLAG_NAMES) {
    if (flags & bit) out.push(name);
    rest &= ~bit;
  }
  if (rest) out.push(`0x${rest.toString(16)}`);
  return out;
}

/** Decode one CTRL_CMD_NEWFAMILY message payload (genlmsghdr + CTRL_ATTR_*). */
export function decodeFamily(payload: Uint8Array): GenlFamily {
  const g = decodeGenlPayload(payload);
  const f: GenlFamily = { id: 0, name: '', version: 0, hdrsize: 0, maxattr: 0, ops: [], groups: [] };
  const d = new AttributeDecoder(g.attrs);
  while (d.next()) {
    switch (d.type()) {
      case CTRL_ATTR_FAMILY_ID:
        f.id = d.u16();
        break;
      case CTRL_ATTR_FAMILY_NAME:
        f.name = d.string();
        break;
      case CTRL_ATTR_VERSION:
        f.version = d.u32();
        break;
      case CTRL_ATTR_HDRSIZE:
        f.hdrsize = d.u32();
        break;
      case CTRL_ATTR_MAXATTR:
        f.maxattr = d.u32();
        break;
      case CTRL_ATTR_OPS:
        // An array: each entry's type is its position, its content an op.
        d.nested((arr) => {
          while (arr.next()) {
            const op: GenlOp = { id: 0, flags: 0 };
            arr.nested((o) => {
              while (o.next()) {
                if (o.type() === CTRL_ATTR_OP_ID) op.id = o.u32();
                else if (o.type() === CTRL_ATTR_OP_FLAGS) op.flags = o.u32();
              }
            });
            f.ops.push(op);
          }
        });
        break;
      case CTRL_ATTR_MCAST_GROUPS:
        d.nested((arr) => {
          while (arr.next()) {
            const grp: GenlMcastGroup = { id: 0, name: '' };
            arr.nested((o) => {
              while (o.next()) {
                if (o.type() === CTRL_ATTR_MCAST_GRP_ID) grp.id = o.u32();
                else if (o.type() === CTRL_ATTR_MCAST_GRP_NAME) grp.name = o.string();
              }
            });
            f.groups.push(grp);
          }
        });
        break;
      default:
      // Newer controller attributes: nothing we need for the family record.
    }
  }
  d.throwIfError();
  familyHeaderSize(f);
  return f;
}

/** The request payload of CTRL_CMD_GETFAMILY for one family (by name or id) or for a dump (neither). */
export function encodeGetFamily(by?: { name?: string; id?: number }): Uint8Array {
  const a = new AttributeEncoder();
  if (by?.id !== undefined) a.u16(CTRL_ATTR_FAMILY_ID, by.id);
  if (by?.name !== undefined) a.string(CTRL_ATTR_FAMILY_NAME, by.name);
  return encodeGenlPayload(CTRL_CMD_GETFAMILY, CTRL_VERSION, a.finish());
}

function assertGeneric(conn: Connection): void {
  if (conn.protocol !== NETLINK_GENERIC) {
    throw new TypeError(`generic netlink needs a NETLINK_GENERIC connection, not protocol ${conn.protocol}`);
  }
}

/** Every registered family (CTRL_CMD_GETFAMILY dump), in the kernel's order. */
export function dumpFamilies(conn: Connection): GenlFamily[] {
  assertGeneric(conn);
  return conn.dumpConsistent(GENL_ID_CTRL, encodeGetFamily()).map((m) => decodeFamily(m.payload));
}

/** One family by name or id; throws NetlinkKernelError (ENOENT) when the kernel does not know it. */
export function getFamily(conn: Connection, by: { name?: string; id?: number }): GenlFamily {
  assertGeneric(conn);
  const replies = conn.request(GENL_ID_CTRL, encodeGetFamily(by));
  const m = replies.find((r) => r.type === GENL_ID_CTRL);
  if (!m) throw new Error('the controller answered CTRL_CMD_GETFAMILY without a family');
  return decodeFamily(m.payload);
}

// ---- policies (CTRL_CMD_GETPOLICY) ----

/** One attribute's policy as the kernel describes it (NL_POLICY_TYPE_ATTR_*). */
export interface AttrPolicy {
  /** enum netlink_attribute_type value. */
  type: number;
  /** Its name: u8…u64, s8…s64, uint, sint, binary, string, nul-string, flag, nested, nested-array, bitfield32. */
  typeName: string;
  minValue?: bigint;
  maxValue?: bigint;
  minLength?: number;
  maxLength?: number;
  /** Index of the nested policy (nested and nested-array). */
  policy?: number;
  /** Highest attribute accepted inside the nest. */
  maxtype?: number;
  bitfield32Mask?: number;
  /** Valid bits of an unsigned integer. */
  mask?: bigint;
}

/** Which policy index an op's do and dump use. */
export interface OpPolicy {
  do?: number;
  dump?: number;
}

/** CTRL_CMD_GETPOLICY for a family (optionally one op): the op → policy map and the policy tables. */
export interface FamilyPolicy {
  familyId: number;
  ops: Map<number, OpPolicy>;
  /** The CTRL_ATTR_OP_POLICY entries in the order received: the kernel sends one per op with a policy. */
  opOrder?: { key: number; entry: OpPolicy }[];
  /** policy index → attribute type → policy. */
  policies: Map<number, Map<number, AttrPolicy>>;
}

export function attrTypeName(t: number): string {
  return NL_ATTR_TYPE_NAMES[t] ?? `type-${t}`;
}

/** Decode the NL_POLICY_TYPE_ATTR_* run describing one attribute. */
export function decodeAttrPolicy(d: AttributeDecoder): AttrPolicy {
  const p: AttrPolicy = { type: 0, typeName: '' };
  while (d.next()) {
    switch (d.type()) {
      case NL_POLICY_TYPE_ATTR_TYPE:
        p.type = d.u32();
        break;
      case NL_POLICY_TYPE_ATTR_MIN_VALUE_S:
        p.minValue = d.s64();
        break;
      case NL_POLICY_TYPE_ATTR_MAX_VALUE_S:
        p.maxValue = d.s64();
        break;
      case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
        p.minValue = d.u64();
        break;
      case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
        p.maxValue = d.u64();
        break;
      case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
        p.minLength = d.u32();
        break;
      case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
        p.maxLength = d.u32();
        break;
      case NL_POLICY_TYPE_ATTR_POLICY_IDX:
        p.policy = d.u32();
        break;
      case NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE:
        p.maxtype = d.u32();
        break;
      case NL_POLICY_TYPE_ATTR_BITFIELD32_MASK:
        p.bitfield32Mask = d.u32();
        break;
      case NL_POLICY_TYPE_ATTR_MASK:
        p.mask = d.u64();
        break;
      default:
      // NL_POLICY_TYPE_ATTR_PAD and anything newer
    }
  }
  p.typeName = attrTypeName(p.type);
  return p;
}

/** Fold one CTRL_CMD_GETPOLICY reply into `out`. */
export function decodePolicyMessage(payload: Uint8Array, out: FamilyPolicy): void {
  const g = decodeGenlPayload(payload);
  const d = new AttributeDecoder(g.attrs);
  while (d.next()) {
    if (d.type() === CTRL_ATTR_FAMILY_ID) out.familyId = d.u16();
    else if (d.type() === CTRL_ATTR_OP_POLICY) {
      // [op id] → { CTRL_ATTR_POLICY_DO: idx, CTRL_ATTR_POLICY_DUMP: idx }
      d.nested((ops) => {
        while (ops.next()) {
          const op = ops.type();
          const entry = out.ops.get(op) ?? {};
          ops.nested((x) => {
            while (x.next()) {
              if (x.type() === CTRL_ATTR_POLICY_DO) entry.do = x.u32();
              else if (x.type() === CTRL_ATTR_POLICY_DUMP) entry.dump = x.u32();
            }
          });
          out.ops.set(op, entry);
          (out.opOrder ??= []).push({ key: op, entry });
        }
      });
    } else if (d.type() === CTRL_ATTR_POLICY) {
      // [policy idx] → [attr type] → NL_POLICY_TYPE_ATTR_*
      d.nested((pols) => {
        while (pols.next()) {
          const idx = pols.type();
          const table = out.policies.get(idx) ?? new Map<number, AttrPolicy>();
          out.policies.set(idx, table);
          pols.nested((attrs) => {
            while (attrs.next()) {
              const t = attrs.type();
              attrs.nested((x) => table.set(t, decodeAttrPolicy(x)));
            }
          });
        }
      });
    }
  }
  d.throwIfError();
}

export function encodeGetPolicy(familyId: number, op?: number): Uint8Array {
  const a = new AttributeEncoder().u16(CTRL_ATTR_FAMILY_ID, familyId);
  if (op !== undefined) a.u32(CTRL_ATTR_OP, op);
  return encodeGenlPayload(CTRL_CMD_GETPOLICY, CTRL_VERSION, a.finish());
}

/**
 * Dump a family's policies (all ops, or one). A family without any policy
 * makes the kernel answer ENODATA; that is returned as an empty result.
 *
 * The kernel keys each CTRL_ATTR_OP_POLICY entry by the op's do command,
 * which is 0 for a dump-only op. Such entries are given back their op: the
 * one asked for, or, for a whole-family dump, the op at the same position
 * among `familyOps` that have a policy (the kernel walks ops in the order
 * CTRL_CMD_GETFAMILY lists them).
 */
export function getPolicy(
  conn: Connection,
  familyId: number,
  op?: number,
  familyOps?: GenlOp[],
): FamilyPolicy {
  assertGeneric(conn);
  const out: FamilyPolicy = { familyId, ops: new Map(), policies: new Map() };
  try {
    for (const m of conn.dumpConsistent(GENL_ID_CTRL, encodeGetPolicy(familyId, op))) {
      if (m.type === GENL_ID_CTRL) decodePolicyMessage(m.payload, out);
    }
  } catch (e) {
    if ((e as { errno?: number }).errno === 61 /* ENODATA */) return out;
    throw e;
  }
  fixDumpOnlyOps(out, op, familyOps);
  return out;
}

export function fixDumpOnlyOps(out: FamilyPolicy, op?: number, familyOps?: GenlOp[]): void {
  const order = out.opOrder ?? [];
  if (!order.some((o) => o.key === 0)) return;
  out.ops.delete(0);
  if (op !== undefined) {
    for (const o of order) if (o.key === 0) out.ops.set(op, { ...out.ops.get(op), ...o.entry });
    return;
  }
  const withPolicy = (familyOps ?? []).filter((o) => o.flags & 0x08 /* GENL_CMD_CAP_HASPOL */);
  if (withPolicy.length !== order.length) return;
  order.forEach((o, i) => {
    if (o.key === 0) out.ops.set(withPolicy[i]!.id, o.entry);
  });
}
