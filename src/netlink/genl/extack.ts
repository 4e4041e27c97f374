import { AttributeDecoder } from '../codec/attributes.js';
import { attributeAtOffset } from '../connection.js';
import type { ExtendedAck } from '../errors.js';
import { NLMSGERR_ATTR_POLICY } from '../gen/netlink.js';
import { attrPathNames } from './codec.js';
import { decodeAttrPolicy, type AttrPolicy } from './ctrl.js';
import type { Spec } from './spec.js';

/** What an extended ACK says about a generic netlink request, with the spec's names. */
export interface ExtackNames {
  /** The attribute the kernel points at (NLMSGERR_ATTR_OFFS), as a path of names. */
  at?: string[];
  /** NLMSGERR_ATTR_MISS_TYPE (inside NLMSGERR_ATTR_MISS_NEST when given): the attribute it wanted. */
  missing?: { path: string[]; doc?: string };
  /** NLMSGERR_ATTR_POLICY: the policy of the attribute it refused (range, length, mask). */
  policy?: AttrPolicy;
}

/**
 * Name what the kernel's extack points at (<linux/netlink.h> enum
 * nlmsgerr_attrs; lib/nlattr.c sets MISS_TYPE/MISS_NEST in
 * NL_SET_ERR_ATTR_MISS and POLICY in nla_validate's range checks) against the
 * request as sent and the attribute set `setName` of `spec`.
 */
export function describeExtack(
  extack: ExtendedAck,
  request: Uint8Array | undefined,
  spec: Spec | null,
  setName: string | undefined,
): ExtackNames {
  const out: ExtackNames = {};
  if (extack.attribute) out.at = attrPathNames(extack.attribute.path, spec, setName);
  if (extack.missingType !== undefined) {
    const nest =
      extack.missingNest !== undefined && request
        ? attributeAtOffset(request, extack.missingNest)
        : undefined;
    const path = [...(nest?.path ?? []), extack.missingType];
    const names = attrPathNames(path, spec, setName);
    // The set the missing attribute belongs to: walk the nest path through the spec.
    let set = setName ? spec?.attributeSets.get(setName) : undefined;
    for (const t of nest?.path ?? []) {
      const a = set?.byValue.get(t);
      set = a?.nestedAttributes ? spec?.attributeSets.get(a.nestedAttributes) : undefined;
    }
    const attr = set?.byValue.get(extack.missingType);
    let doc = attr?.doc;
    if (!doc && attr?.nestedAttributes) {
      const members = spec?.attributeSets.get(attr.nestedAttributes);
      if (members)
        doc = `a nest of ${[...members.byName.keys()].filter((n) => n !== 'unspec' && n !== 'pad').join(', ')}`;
    }
    out.missing = { path: names, ...(doc ? { doc: doc.replace(/\s+/g, ' ').trim() } : {}) };
  }
  const pol = extack.other?.find((a) => a.type === NLMSGERR_ATTR_POLICY);
  if (pol) {
    try {
      out.policy = decodeAttrPolicy(new AttributeDecoder(pol.data));
    } catch {
      // A policy we cannot read must not hide the error itself.
    }
  }
  return out;
}
