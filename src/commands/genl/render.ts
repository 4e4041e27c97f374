import type { DecodedAttr, DecodedValue } from '../../netlink/genl/codec.js';
import type { Json } from '../../netlink/genl/json.js';
import type { AttrPolicy, FamilyPolicy } from '../../netlink/genl/ctrl.js';
import type { Spec } from '../../netlink/genl/spec.js';
import { PRINT_JSON, type Printer } from '../../output/printer.js';

/** Stream a plain value through the Printer (so -j -p indents like everything else). */
export function emitJson(p: Printer, key: string | null, v: Json): void {
  if (v === null) p.null(PRINT_JSON, key, '%s', 'null');
  else if (typeof v === 'boolean') p.bool(PRINT_JSON, key, '%s', v);
  else if (typeof v === 'number' || typeof v === 'bigint') p.number(PRINT_JSON, key, '%s', v);
  else if (typeof v === 'string') p.string(PRINT_JSON, key, '%s', v);
  else if (Array.isArray(v)) {
    p.openArray(key);
    for (const x of v) emitJson(p, null, x);
    p.closeArray();
  } else {
    p.openObject(key);
    for (const [k, x] of Object.entries(v)) emitJson(p, k, x);
    p.closeObject();
  }
}

function valueText(v: DecodedValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.length ? v.join(',') : '(none)';
  return String(v);
}

/** ynl-style text: "name value" lines, nests as "name:" with their members indented. */
export function attrsText(attrs: DecodedAttr[], indent = 0): string {
  const pad = ' '.repeat(indent);
  let s = '';
  for (const a of attrs) {
    const label = a.name ?? String(a.id);
    if (a.attrs) {
      s += `${pad}${label}:\n` + attrsText(a.attrs, indent + 2);
    } else if (a.items) {
      s += `${pad}${label}:\n`;
      for (const i of a.items) {
        if (i.attrs) s += `${pad}  [${i.id}]:\n` + attrsText(i.attrs, indent + 4);
        else s += `${pad}  [${i.id}] ${valueText(i.value)}\n`;
      }
    } else if (a.type === 'flag') s += `${pad}${label}\n`;
    else s += `${pad}${label} ${valueText(a.value)}\n`;
  }
  return s;
}

// ---- policies ----

export interface PolicyNode {
  id: number;
  name?: string;
  policy: AttrPolicy;
  /** Members of a nested / nested-array policy. */
  attributes?: PolicyNode[];
  /** The nested policy is one of its own ancestors: not expanded again. */
  recursive?: boolean;
}

/** The tree of policy `idx`, names from attribute set `setName`; a policy that contains itself is cut. */
export function policyTree(
  fp: FamilyPolicy,
  idx: number,
  spec: Spec | null,
  setName: string | undefined,
  stack: number[] = [],
): PolicyNode[] {
  const table = fp.policies.get(idx);
  if (!table) return [];
  const set = setName ? spec?.attributeSets.get(setName) : undefined;
  const out: PolicyNode[] = [];
  for (const [id, policy] of [...table].sort((a, b) => a[0] - b[0])) {
    const sa = set?.byValue.get(id);
    const node: PolicyNode = { id, policy };
    if (sa) node.name = sa.name;
    if (policy.policy !== undefined) {
      if (stack.includes(policy.policy) || policy.policy === idx) node.recursive = true;
      else node.attributes = policyTree(fp, policy.policy, spec, sa?.nestedAttributes, [...stack, idx]);
    }
    out.push(node);
  }
  return out;
}

function hex(v: number | bigint): string {
  return '0x' + v.toString(16);
}

/** "u32 range 1..255", "string max-length 15", "nested policy 3 maxtype 4"… */
export function policyText(p: AttrPolicy): string {
  const parts = [p.typeName];
  if (p.minValue !== undefined || p.maxValue !== undefined) {
    parts.push(`range ${p.minValue ?? ''}..${p.maxValue ?? ''}`);
  }
  if (p.minLength !== undefined && p.maxLength !== undefined) {
    parts.push(
      p.minLength === p.maxLength ? `length ${p.minLength}` : `length ${p.minLength}..${p.maxLength}`,
    );
  } else if (p.minLength !== undefined) parts.push(`min-length ${p.minLength}`);
  else if (p.maxLength !== undefined) parts.push(`max-length ${p.maxLength}`);
  if (p.mask !== undefined) parts.push(`mask ${hex(p.mask)}`);
  if (p.bitfield32Mask !== undefined) parts.push(`bitfield32-mask ${hex(p.bitfield32Mask)}`);
  if (p.policy !== undefined) parts.push(`policy ${p.policy}`);
  if (p.maxtype !== undefined) parts.push(`maxtype ${p.maxtype}`);
  return parts.join(' ');
}

export function policyTreeText(nodes: PolicyNode[], indent: number): string {
  const pad = ' '.repeat(indent);
  let s = '';
  for (const n of nodes) {
    s += `${pad}${n.id} ${n.name ?? '-'} ${policyText(n.policy)}${n.recursive ? ' (recursive)' : ''}\n`;
    if (n.attributes) s += policyTreeText(n.attributes, indent + 2);
  }
  return s;
}

export function policyJson(p: AttrPolicy): { [key: string]: Json } {
  const o: { [key: string]: Json } = { type: p.typeName };
  if (p.minValue !== undefined) o.min_value = p.minValue;
  if (p.maxValue !== undefined) o.max_value = p.maxValue;
  if (p.minLength !== undefined) o.min_length = p.minLength;
  if (p.maxLength !== undefined) o.max_length = p.maxLength;
  if (p.mask !== undefined) o.mask = hex(p.mask);
  if (p.bitfield32Mask !== undefined) o.bitfield32_mask = hex(p.bitfield32Mask);
  if (p.policy !== undefined) o.policy = p.policy;
  if (p.maxtype !== undefined) o.maxtype = p.maxtype;
  return o;
}

export function policyTreeJson(nodes: PolicyNode[]): Json[] {
  return nodes.map((n) => {
    const o: { [key: string]: Json } = { id: n.id };
    if (n.name !== undefined) o.name = n.name;
    Object.assign(o, policyJson(n.policy));
    if (n.recursive) o.recursive = true;
    if (n.attributes) o.attributes = policyTreeJson(n.attributes);
    return o;
  });
}
