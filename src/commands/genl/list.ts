/**
 * `nlts genl --list-ops` and `--list-attrs OP`: what a spec says, without
 * asking the kernel (YNL's tools/net/ynl/cli.py --list-ops prints
 * "name [ do, dump ]" per op; --list-attrs OP the attributes of its modes).
 */
import type { Spec, SpecAttr, SpecOp } from '../../netlink/genl/spec.js';
import type { Json } from '../../netlink/genl/json.js';

function modes(op: SpecOp): string[] {
  const m: string[] = [];
  if (op.hasDo) m.push('do');
  if (op.hasDump) m.push('dump');
  if (op.notify !== undefined) m.push('notify');
  if (op.notification && op.notify === undefined) m.push('event');
  return m;
}

export function listOpsText(spec: Spec): string {
  return spec.ops.map((o) => `${o.name} [ ${modes(o).join(', ')} ]\n`).join('');
}

export function listOpsJson(spec: Spec): Json[] {
  return spec.ops.map((o) => {
    const j: { [key: string]: Json } = { name: o.name, modes: modes(o) };
    if (o.value >= 0) j.request = o.value;
    if (o.replyValue >= 0) j.reply = o.replyValue;
    if (o.notify !== undefined) j.notify = o.notify;
    if (o.doc !== undefined) j.doc = o.doc;
    return j;
  });
}

/** The attribute set of an op: its own, else that of the op it notifies about. */
function setOf(spec: Spec, op: SpecOp): string | undefined {
  return (
    op.attributeSet ?? (op.notify ? spec.ops.find((o) => o.name === op.notify)?.attributeSet : undefined)
  );
}

/** The lists an op's modes give: [label, attribute names]; without lists, the whole set once. */
function sections(spec: Spec, op: SpecOp): [string, string[] | undefined][] {
  const out: [string, string[] | undefined][] = [];
  for (const kind of ['do', 'dump'] as const) {
    const m = op[kind];
    if (m?.request) out.push([`${kind} request`, m.request]);
    if (m?.reply) out.push([`${kind} reply`, m.reply]);
  }
  if (op.eventAttrs) out.push(['event', op.eventAttrs]);
  if (!out.length) out.push([op.notification ? 'notification' : 'attributes', undefined]);
  return out;
}

function attrLine(a: SpecAttr): string {
  let s = a.type;
  if (a.nestedAttributes) s += ` (${a.nestedAttributes})`;
  if (a.struct) s += ` struct ${a.struct}`;
  if (a.subType) s += ` of ${a.subType}`;
  if (a.enum) s += ` enum ${a.enum}`;
  if (a.multiAttr) s += ' multi-attr';
  if (a.checks)
    s +=
      ' ' +
      Object.entries(a.checks)
        .map(([k, v]) => `${k} ${v}`)
        .join(' ');
  if (a.doc) s += ` - ${a.doc.replace(/\s+/g, ' ')}`;
  return s;
}

function attrsOfSection(spec: Spec, op: SpecOp, names: string[] | undefined): SpecAttr[] {
  const set = spec.attributeSets.get(setOf(spec, op) ?? '');
  if (!set) return [];
  const all = [...set.byValue.values()].filter((a) => a.type !== 'pad' && a.type !== 'unused');
  if (!names) return all;
  return names.map((n) => set.byName.get(n) ?? { name: n, value: -1, type: 'unknown' });
}

export function listAttrsText(spec: Spec, op: SpecOp): string {
  let s =
    `${spec.name} ${op.name} [ ${modes(op).join(', ')} ]` +
    (setOf(spec, op) ? ` attribute-set ${setOf(spec, op)}` : '') +
    '\n';
  if (op.doc) s += `  ${op.doc.replace(/\s+/g, ' ')}\n`;
  if (op.fixedHeader)
    s += `  fixed header: struct ${op.fixedHeader} (${
      spec.structs
        .get(op.fixedHeader)
        ?.members.map((m) => m.name)
        .filter((n) => !n.startsWith('pad'))
        .join(', ') ?? '?'
    })\n`;
  for (const [label, names] of sections(spec, op)) {
    const attrs = attrsOfSection(spec, op, names);
    s += `${label}:${attrs.length ? '' : ' none'}\n`;
    for (const a of attrs) s += `  ${a.name}: ${attrLine(a)}\n`;
  }
  return s;
}

export function listAttrsJson(spec: Spec, op: SpecOp): Json {
  const j: { [key: string]: Json } = { name: op.name, modes: modes(op) };
  const set = setOf(spec, op);
  if (set) j['attribute-set'] = set;
  if (op.fixedHeader) j['fixed-header'] = op.fixedHeader;
  for (const [label, names] of sections(spec, op)) {
    j[label] = attrsOfSection(spec, op, names).map((a) => {
      const o: { [key: string]: Json } = { name: a.name, type: a.type };
      if (a.value >= 0) o.value = a.value;
      if (a.nestedAttributes) o['nested-attributes'] = a.nestedAttributes;
      if (a.struct) o.struct = a.struct;
      if (a.enum) o.enum = a.enum;
      if (a.multiAttr) o['multi-attr'] = true;
      if (a.checks) o.checks = { ...a.checks };
      if (a.doc) o.doc = a.doc;
      return o;
    });
  }
  return j;
}
