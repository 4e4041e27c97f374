import { AttributeDecoder, type Attribute } from '../codec/attributes.js';
import type { Connection } from '../connection.js';
import { GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_CMD_CAP_HASPOL } from '../gen/genetlink.js';
import {
  GENL_FAMILY_NAMES,
  GENL_HEADER_VALUES,
  type GenlFamilyNames,
  type GenlNameEnum,
} from '../gen/genl_names.js';
import { policyTypeToYnl } from './codec.js';
import { familyHeaderSize, getPolicy, type AttrPolicy, type FamilyPolicy, type GenlFamily } from './ctrl.js';
import { decodeGenlPayload } from './message.js';
import { opByReplyValue, specFromDocument, type Spec, type SpecAttr, type SpecAttrSet } from './spec.js';
import type { YamlValue } from './yaml-lite.js';

/**
 * A spec for a family nlts ships no YNL spec for, made at run time from two
 * facts: what the running kernel says about the family (its ops from
 * CTRL_CMD_GETFAMILY, the attribute types, nesting and ranges of its
 * policies from CTRL_CMD_GETPOLICY) and the names of its UAPI header's enums
 * (src/netlink/gen/genl_names.ts, generated from <linux/netdev.h>,
 * <linux/ethtool_netlink.h>, ...). The result is an ordinary YNL document
 * run through specFromDocument, so the one genl codec decodes and encodes
 * with it as with any spec: attributes by name, integers as numbers,
 * strings as strings, nests as objects, flags as true.
 *
 * Names follow YNL's rule (tools/net/ynl/ynl-gen-c.py, c_upper in reverse):
 * the C name without its enum's prefix, lower case, '_' as '-'
 * (NETDEV_A_DEV_IFINDEX → ifindex, ETHTOOL_MSG_LINKINFO_GET → linkinfo-get).
 *
 * What neither source tells is guessed as little as possible: the attribute
 * set of an op comes from the command's name (ETHTOOL_MSG_LINKINFO_GET →
 * ETHTOOL_A_LINKINFO_*), a nest's set from the header's comment
 * (`nest - _A_HEADER_*`) or the attribute's name (CTRL_ATTR_OPS →
 * CTRL_ATTR_OP_*), an attribute only replies carry from its header comment
 * (`/* u8 *\/`); what is still unknown is shown as YNL shows unknown data.
 */

/** Where an unspecced spec came from: `spec.source` starts with this. */
export const UNSPECCED_SOURCE = 'kernel policy';

/** The YNL name of a C enum member without its prefix: LINKINFO_GET → linkinfo-get. */
export function ynlName(c: string): string {
  return c.toLowerCase().replace(/_/g, '-');
}

/** Verbs of command names: what is left is the noun that names the op's attribute enum. */
const VERBS = new Set([
  'GET',
  'SET',
  'NEW',
  'DEL',
  'ADD',
  'ACT',
  'NTF',
  'REPLY',
  'DUMP',
  'CHANGE',
  'FLUSH',
  'RESET',
  'CREATE',
  'DESTROY',
  'REMOVE',
]);

interface AttrInfo {
  name: string;
  value: number;
  type?: string;
  /** Name of the set a nest holds. */
  nested?: string;
  subType?: string;
  enum?: string;
  /** Header comment "nest PREFIX_": the enum the nest holds. */
  nestRef?: string;
  multiAttr?: boolean;
  displayHint?: string;
  byteOrder?: 'big-endian';
  /** The value enum the generator's links give it (CTRL_ATTR_OP_FLAGS → GENL_*). */
  enumPrefix?: string;
}

interface SetInfo {
  name: string;
  /** C prefix (NETDEV_A_DEV_), or '' for a set made from a policy alone. */
  prefix: string;
  /** The prefix after the family's attribute prefix, without '_' at the end (DEV, PAGE_POOL); '' for a main set. */
  noun: string;
  /**
   * What a nest holding this set is called: the noun, or for another main
   * set the words its prefix has beyond the family's first one
   * (MPTCP_PM_ADDR_ATTR_ beside MPTCP_PM_ATTR_: ADDR).
   */
  nestNoun?: string;
  attrs: Map<number, AttrInfo>;
}

interface Build {
  names: GenlFamilyNames | undefined;
  sets: Map<string, SetInfo>;
  /** policy index → set name it was walked as. */
  policySet: Map<number, string>;
  policy: FamilyPolicy;
  definitions: Map<string, { kind: 'enum' | 'flags'; entries: { name: string; value: number }[] }>;
}

function setNameOf(prefix: string): string {
  return ynlName(prefix.replace(/_$/, ''));
}

function nestNounOf(prefix: string, attrPrefixes: readonly string[]): string {
  const main = new Set((attrPrefixes[0] ?? '').split('_'));
  return prefix
    .split('_')
    .filter((t) => t && !main.has(t))
    .join('_');
}

function nounOf(prefix: string, attrPrefixes: readonly string[]): string {
  const base = attrPrefixes
    .filter((p) => prefix.startsWith(p) && p !== prefix)
    .sort((a, b) => b.length - a.length)[0];
  return base ? prefix.slice(base.length).replace(/_$/, '') : '';
}

/** A header comment's type as the YNL type; "bitset" and "nest REF" are nests. */
function commentType(t: string | undefined): { type?: string; nestRef?: string } {
  if (!t) return {};
  if (t.startsWith('nest ')) return { type: 'nest', nestRef: t.slice(5) };
  if (t === 'bitset') return { type: 'nest', nestRef: 'BITSET_' };
  if (t === 'nest') return { type: 'nest' };
  return { type: t };
}

function headerSets(names: GenlFamilyNames): Map<string, SetInfo> {
  const sets = new Map<string, SetInfo>();
  for (const e of names.sets) {
    const name = setNameOf(e.prefix);
    const attrs = new Map<number, AttrInfo>();
    for (const [v, n] of Object.entries(e.names)) {
      const value = Number(v);
      const info: AttrInfo = { name: ynlName(n), value, ...commentType(e.types?.[value]) };
      // The alignment attribute of 64-bit values (NETDEV_A_DEV_PAD, ..._PAD): YNL's "pad", never shown.
      if (n === 'PAD' || n.endsWith('_PAD')) info.type = 'pad';
      // Addresses by name (TCP_METRICS_ATTR_ADDR_IPV4): shown as YNL's ipv4/ipv6 display hints show them;
      // an IPv4 address in a u32 is in network byte order (MPTCP_PM_ADDR_ATTR_ADDR4).
      const ip = /(^|_)IPV([46])$/.exec(n);
      if (ip) info.displayHint = `ipv${ip[2]}`;
      if (/(^|_)(IPV4|ADDR4)$/.test(n)) info.byteOrder = 'big-endian';
      const link = names.links?.[`${e.prefix}${n}`];
      if (link && names.sets.some((x) => x.prefix === link)) info.nestRef = link;
      else if (link) info.enumPrefix = link;
      attrs.set(value, info);
    }
    // A set of one attribute named like the set without its plural s holds a list of it
    // (ETHTOOL_A_STRINGSETS_STRINGSET, ETHTOOL_A_BITSET_BITS_BIT): YNL's multi-attr.
    const only = [...attrs.values()].filter((a) => a.type !== 'pad');
    const noun = nounOf(e.prefix, names.attrPrefixes);
    if (only.length === 1 && noun.endsWith(`${only[0]!.name.toUpperCase().replace(/-/g, '_')}S`)) {
      only[0]!.multiAttr = true;
    }
    const nestNoun = noun || nestNounOf(e.prefix, names.attrPrefixes);
    sets.set(name, { name, prefix: e.prefix, noun, nestNoun, attrs });
  }
  return sets;
}

/** The family's main attribute set: that of its first attribute prefix (CTRL_ATTR_, MPTCP_PM_ATTR_), if it has one. */
function mainSet(b: Build): SetInfo | undefined {
  const first = b.names?.attrPrefixes[0];
  return [...b.sets.values()].find((s) => s.prefix === first);
}

/** The attribute set of a command by its noun: ETHTOOL_MSG_PLCA_GET_CFG → PLCA; else the main set. */
function opSet(b: Build, cmd: string): SetInfo | undefined {
  const tokens = cmd.split('_').filter((t) => !VERBS.has(t));
  const nouned = [...b.sets.values()].filter((s) => s.noun !== '');
  for (let n = tokens.length; n > 0; n--) {
    const want = tokens.slice(0, n).join('_');
    const hit = nouned.find((s) => s.noun === want);
    if (hit) return hit;
  }
  return mainSet(b);
}

/** How much of a and b agree from the start, in characters. */
function sharedStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The set a nest attribute holds, from the header: its comment's reference
 * (`nest - _A_HEADER_*`, bitset), else a set named like the attribute
 * (ETHTOOL_A_STRSET_STRINGSETS → ETHTOOL_A_STRINGSETS_, CTRL_ATTR_OPS →
 * CTRL_ATTR_OP_, CTRL_ATTR_MCAST_GROUPS → CTRL_ATTR_MCAST_GRP_).
 */
function nestedSetByName(b: Build, parent: SetInfo, attr: AttrInfo): SetInfo | undefined {
  const sets = [...b.sets.values()].filter((s) => s.prefix !== '');
  const short = attr.name.toUpperCase().replace(/-/g, '_');
  const full = parent.noun ? `${parent.noun}_${short}` : short;
  const candidates = sets.filter((s) => s !== parent && (s.nestNoun ?? s.noun) !== '');
  const nounOfSet = (s: SetInfo): string => s.nestNoun ?? s.noun;
  // A set named exactly like the attribute first: comments can be loose
  // (<linux/ethtool_netlink.h> says ETHTOOL_A_STRINGS_STRING holds "_A_STRINGS_*").
  for (const want of [full, short]) {
    const hit = candidates.find((s) => nounOfSet(s) === want);
    if (hit) return hit;
  }
  if (attr.nestRef) {
    const hit = sets.find((s) => s.prefix.endsWith(attr.nestRef!));
    if (hit) return hit;
  }
  const single = candidates.find((s) => nounOfSet(s) === short.replace(/S$/, ''));
  if (single) return single;
  // An abbreviation (MCAST_GROUPS → MCAST_GRP): most of the shorter name agrees from the start.
  let best: SetInfo | undefined;
  let bestScore = 0;
  for (const s of candidates) {
    const n = sharedStart(short, nounOfSet(s));
    if (n >= 4 && n >= 0.75 * Math.min(short.length, nounOfSet(s).length) && n > bestScore) {
      best = s;
      bestScore = n;
    }
  }
  return best;
}

/** A set made for a nested policy nothing in the header names: its attributes by number. */
function policyOnlySet(b: Build, idx: number): SetInfo {
  const name = `policy-${idx}`;
  let s = b.sets.get(name);
  if (!s) {
    s = { name, prefix: '', noun: '', attrs: new Map() };
    b.sets.set(name, s);
  }
  return s;
}

/** Give the attributes of policy `idx` their kernel types in set `set`, following nests. */
function walkPolicy(b: Build, idx: number, set: SetInfo): void {
  if (b.policySet.has(idx)) return;
  b.policySet.set(idx, set.name);
  const table = b.policy.policies.get(idx);
  if (!table) return;
  for (const [t, pol] of [...table].sort((x, y) => x[0] - y[0])) {
    let attr = set.attrs.get(t);
    if (!attr) {
      attr = { name: String(t), value: t };
      set.attrs.set(t, attr);
    }
    const type = policyTypeToYnl(pol);
    if (type) attr.type = type;
    if (type === 'nest' || type === 'indexed-array') {
      if (type === 'indexed-array') attr.subType = 'nest';
      walkNested(b, set, attr, pol);
    }
  }
}

function walkNested(b: Build, set: SetInfo, attr: AttrInfo, pol: AttrPolicy): void {
  const idx = pol.policy;
  let inner: SetInfo | undefined = attr.nested ? b.sets.get(attr.nested) : undefined;
  if (!inner && idx !== undefined && b.policySet.has(idx)) inner = b.sets.get(b.policySet.get(idx)!);
  inner ??= nestedSetByName(b, set, attr);
  if (!inner && idx !== undefined) inner = policyOnlySet(b, idx);
  if (!inner) return;
  attr.nested = inner.name;
  if (idx !== undefined) walkPolicy(b, idx, inner);
}

/** Nests the policies did not reach (reply-only attributes): their sets from the header. */
function linkHeaderNests(b: Build): void {
  for (const set of b.sets.values()) {
    for (const attr of set.attrs.values()) {
      if (attr.type !== 'nest' || attr.nested) continue;
      let inner = nestedSetByName(b, set, attr);
      if (!inner) {
        // A nest the header names no enum for (TCP_METRICS_ATTR_VALS): its members by number, typed by the replies.
        const name = `${set.name}-${attr.name}`;
        inner = { name, prefix: '', noun: '', attrs: new Map() };
        b.sets.set(name, inner);
      }
      attr.nested = inner.name;
    }
  }
}

/**
 * The value enum an integer attribute takes its names from: the generator's
 * link where the header's names do not say (CTRL_ATTR_OP_FLAGS → GENL_*),
 * else by name: the enum whose noun is the attribute's name, or that name
 * without a trailing _FEATURES/_FLAGS/_TYPE/..., or that plus exactly one
 * word (NETDEV_A_DEV_XDP_FEATURES → NETDEV_XDP_ACT_*, NETDEV_A_DEV_XSK_FEATURES
 * → NETDEV_XSK_FLAGS_*). Only a single candidate is taken; otherwise the
 * value stays a number.
 */
function linkValueEnums(b: Build): void {
  const names = b.names;
  const values = names ? (GENL_HEADER_VALUES[names.header] ?? []) : [];
  if (!names || !values.length) return;
  const stem = /^([A-Z0-9]+_)/.exec(names.attrPrefixes[0] ?? '')?.[1] ?? '';
  const enums = values.map((e) => ({ e, noun: e.prefix.slice(stem.length).replace(/_$/, '') }));
  for (const set of b.sets.values()) {
    for (const attr of set.attrs.values()) {
      const linked = attr.enumPrefix ? values.find((e) => e.prefix === attr.enumPrefix) : undefined;
      if (linked) {
        attr.enum = defineEnum(b, linked);
        continue;
      }
      // Integers, and attributes whose type only the replies will tell.
      if (attr.type && !/^(u8|u16|u32|u64|uint)$/.test(attr.type)) continue;
      const short = attr.name.toUpperCase().replace(/-/g, '_');
      const full = set.noun ? `${set.noun}_${short}` : short;
      const base = short.replace(/_(FEATURES|FLAGS|TYPE|STATE|MODE|STATUS)$/, '');
      const exact = enums.filter((x) => x.noun === full || x.noun === short || x.noun === base);
      const plusOne = enums.filter(
        (x) => x.noun.startsWith(`${base}_`) && !x.noun.slice(base.length + 1).includes('_'),
      );
      const pick =
        exact.length === 1 ? exact[0] : exact.length === 0 && plusOne.length === 1 ? plusOne[0] : undefined;
      if (pick) attr.enum = defineEnum(b, pick.e);
    }
  }
}

/** A value enum as a YNL definition: flags when its values are distinct single bits. */
function defineEnum(b: Build, e: GenlNameEnum): string {
  const name = setNameOf(e.prefix);
  if (b.definitions.has(name)) return name;
  const members = Object.entries(e.names)
    .map(([v, n]) => ({ value: Number(v), name: n }))
    .filter((m) => !/(^|_)(MASK|ALL)$/.test(m.name));
  const isBit = (v: number): boolean => v > 0 && (v & (v - 1)) === 0;
  const flags = members.length > 1 && members.every((m) => isBit(m.value));
  b.definitions.set(name, {
    kind: flags ? 'flags' : 'enum',
    entries: members.map((m) => ({ name: ynlName(m.name), value: flags ? Math.log2(m.value) : m.value })),
  });
  return name;
}

interface OpPlan {
  name: string;
  value: number;
  set: SetInfo | undefined;
  doCap: boolean;
  dumpCap: boolean;
  kernel: boolean;
  /** Directional model: the command number of its replies. */
  reply?: number;
  /** A notification (no request). */
  event?: boolean;
}

function planOps(b: Build, family: GenlFamily): { directional: boolean; ops: OpPlan[] } {
  const cmds = b.names?.cmds ?? [];
  const requests: GenlNameEnum | undefined = cmds[0];
  const replies: GenlNameEnum | undefined = cmds.length > 1 ? cmds[1] : undefined;
  const ops: OpPlan[] = [];
  const named = new Set<number>();
  for (const k of family.ops) {
    const c = requests?.names[k.id];
    named.add(k.id);
    const plan: OpPlan = {
      name: c ? ynlName(c) : `cmd-${k.id}`,
      value: k.id,
      set: c ? opSet(b, c) : mainSet(b),
      doCap: (k.flags & GENL_CMD_CAP_DO) !== 0,
      dumpCap: (k.flags & GENL_CMD_CAP_DUMP) !== 0,
      kernel: true,
    };
    if (replies && c) {
      const r = Object.entries(replies.names).find(([, n]) => n === `${c}_REPLY` || n === c);
      if (r) plan.reply = Number(r[0]);
    }
    ops.push(plan);
  }
  // Directional: kernel-to-user messages that answer no request (ETHTOOL_MSG_LINKINFO_NTF).
  // Unified: commands the kernel does not list as ops, notifications (NETDEV_CMD_DEV_ADD_NTF)
  // or ops this kernel lacks.
  const others = replies ?? requests;
  const taken = replies ? new Set(ops.map((o) => o.reply)) : named;
  for (const [v, n] of Object.entries(others?.names ?? {})) {
    const value = Number(v);
    if (value === 0 || taken.has(value)) continue;
    ops.push({
      name: ynlName(n),
      value,
      set: opSet(b, n),
      doCap: false,
      dumpCap: false,
      kernel: false,
      event: true,
    });
  }
  return { directional: replies !== undefined, ops };
}

/**
 * The YNL document of an unspecced family: header names joined with the
 * kernel's policy. `names` defaults to the generated table of the family's
 * UAPI header; without one, attributes are named by number but still typed
 * by the policy.
 */
export function unspeccedDocument(
  family: GenlFamily,
  policy: FamilyPolicy,
  names: GenlFamilyNames | undefined = GENL_FAMILY_NAMES[family.name],
): YamlValue {
  const b: Build = {
    names,
    sets: names ? headerSets(names) : new Map(),
    policySet: new Map(),
    policy,
    definitions: new Map(),
  };
  return buildDocument(b, family);
}

function buildDocument(b: Build, family: GenlFamily): YamlValue {
  const { names, policy } = b;
  const { directional, ops } = planOps(b, family);
  // Kernel policies first, op by op: the set of each op's policy is known from the op's name.
  for (const op of ops) {
    const entry = policy.ops.get(op.value);
    if (!op.kernel || !entry) continue;
    let set = op.set;
    if (!set) {
      // An op the header does not name (a kernel newer than it) or whose attributes it does not say: numbers only.
      set = { name: `${op.name}-attrs`, prefix: '', noun: '', attrs: new Map() };
      b.sets.set(set.name, set);
      op.set = set;
    }
    for (const idx of [entry.do, entry.dump]) if (idx !== undefined) walkPolicy(b, idx, set);
  }
  linkHeaderNests(b);
  linkValueEnums(b);
  const attributeSets: YamlValue[] = [...b.sets.values()].map((s) => ({
    name: s.name,
    attributes: [...s.attrs.values()]
      .sort((x, y) => x.value - y.value)
      .map((a) => {
        const o: { [key: string]: YamlValue } = { name: a.name, value: a.value, type: a.type ?? 'binary' };
        if (a.nested) o['nested-attributes'] = a.nested;
        if (a.subType) o['sub-type'] = a.subType;
        if (a.enum) o.enum = a.enum;
        if (a.multiAttr) o['multi-attr'] = true;
        if (a.displayHint) o['display-hint'] = a.displayHint;
        if (a.byteOrder) o['byte-order'] = a.byteOrder;
        return o;
      }),
  }));
  const definitions: YamlValue[] = [...b.definitions].map(([name, d]) => ({
    name,
    type: d.kind,
    entries: d.entries.map((e) => ({ name: e.name, value: e.value })),
  }));
  const list: YamlValue[] = ops.map((op) => {
    const o: { [key: string]: YamlValue } = { name: op.name };
    if (op.set) o['attribute-set'] = op.set.name;
    if (op.event) {
      o.value = op.value;
      o.event = { attributes: [] };
      return o;
    }
    if (!directional) o.value = op.value;
    const mode = (): { [key: string]: YamlValue } => {
      const m: { [key: string]: YamlValue } = { request: directional ? { value: op.value } : {} };
      if (!directional) m.reply = {};
      else if (op.reply !== undefined) m.reply = { value: op.reply };
      return m;
    };
    if (op.doCap) o.do = mode();
    if (op.dumpCap) o.dump = mode();
    if (!op.doCap && !op.dumpCap) o.do = mode();
    return o;
  });
  return {
    name: family.name,
    protocol: 'genetlink',
    doc: `Made by nlts from the kernel's policy dump${names ? ` and <${names.header}>` : ''}: no YNL spec.`,
    definitions,
    'attribute-sets': attributeSets,
    operations: { ...(directional ? { 'enum-model': 'directional' } : {}), list },
    'mcast-groups': { list: family.groups.map((g) => ({ name: g.name })) },
  };
}

/** What an unspecced spec was built from, for refineUnspecced: its sets' header facts and which types are guesses. */
interface Made {
  b: Build;
  /** Attributes neither the policy nor the header types: `set\0value`. */
  untyped: Set<string>;
}
const made = new WeakMap<Spec, Made>();

/** The unspecced family's spec (see unspeccedDocument). */
export function unspeccedSpec(
  family: GenlFamily,
  policy: FamilyPolicy,
  names: GenlFamilyNames | undefined = GENL_FAMILY_NAMES[family.name],
): Spec {
  const source = `${UNSPECCED_SOURCE}${names ? ` + <${names.header}>` : ''}`;
  const b: Build = {
    names,
    sets: names ? headerSets(names) : new Map(),
    policySet: new Map(),
    policy,
    definitions: new Map(),
  };
  const spec = specFromDocument(buildDocument(b, family), source);
  const untyped = new Set<string>();
  for (const set of b.sets.values())
    for (const a of set.attrs.values()) if (!a.type) untyped.add(`${set.name}\0${a.value}`);
  made.set(spec, { b, untyped });
  return spec;
}

/** Whether `spec` was made by unspeccedSpec (its types may still be refined by the replies). */
export function isUnspecced(spec: Spec | null): boolean {
  return spec !== null && made.has(spec);
}

function isCString(d: Uint8Array): boolean {
  if (d.length < 2 || d[d.length - 1] !== 0) return false;
  for (let i = 0; i < d.length - 1; i++) if (d[i]! < 0x20 || d[i] === 0x7f) return false;
  return true;
}

function attrsOf(d: Uint8Array): Attribute[] | null {
  if (d.length < 4) return null;
  try {
    return AttributeDecoder.all(d);
  } catch {
    return null;
  }
}

const INT_BY_SIZE: Record<number, string> = { 1: 'u8', 2: 'u16', 4: 'u32', 8: 'u64' };

/**
 * The type every one of an attribute's values fits, as YNL would have it
 * typed: no bytes a flag; a NUL-terminated text a string; one size of 1, 2,
 * 4 or 8 bytes an integer (4 or 8: a uint); attributes inside a nest, or an
 * indexed-array when they are nests numbered 0..n-1 or 1..n; else binary.
 */
export function guessType(samples: Uint8Array[]): string {
  if (samples.every((d) => d.length === 0)) return 'flag';
  if (samples.every(isCString)) return 'string';
  const sizes = new Set(samples.map((d) => d.length));
  if (sizes.size === 1 && INT_BY_SIZE[samples[0]!.length]) return INT_BY_SIZE[samples[0]!.length]!;
  if ([...sizes].every((n) => n === 4 || n === 8)) return 'uint';
  const parsed = samples.map(attrsOf);
  if (parsed.every((x) => x !== null && x.length > 0)) {
    const lists = parsed as Attribute[][];
    const indexed = lists.every(
      (l) =>
        l.every((e) => attrsOf(e.data) !== null) &&
        l.every((e, i) => e.type === i + 1 || e.type === i) &&
        new Set(l.map((e) => e.type - l.indexOf(e))).size === 1,
    );
    return indexed && lists.some((l) => l.length > 1) ? 'indexed-array' : 'nest';
  }
  return 'binary';
}

/**
 * Types for attributes that neither the kernel's policy nor the header
 * types (reply-only ones, such as CTRL_ATTR_VERSION or CTRL_ATTR_OPS), from
 * the replies themselves: every value an attribute has in them must fit the
 * type chosen (guessType). `replies` are the messages' attribute bytes with
 * the attribute set each starts in. Nothing happens to a spec not made by
 * unspeccedSpec.
 */
export function refineUnspecced(
  spec: Spec | null,
  replies: { set: string | undefined; attrs: Uint8Array }[],
): void {
  const m = spec ? made.get(spec) : undefined;
  if (!spec || !m) return;
  // A nest decided in one round shows its members to the next.
  for (let round = 0; round < 6; round++) {
    const samples = new Map<string, { set: SpecAttrSet; attr: SpecAttr; data: Uint8Array[] }>();
    const visit = (buf: Uint8Array, setName: string | undefined, depth: number): void => {
      const set = setName ? spec.attributeSets.get(setName) : undefined;
      const list = set && depth < 16 ? attrsOf(buf) : null;
      if (!set || !list) return;
      const seen = new Set<number>();
      for (const a of list) {
        let sa = set.byValue.get(a.type);
        // Twice in one nest: a list (YNL multi-attr), shown as one in every message.
        if (seen.has(a.type) && sa) sa.multiAttr = true;
        seen.add(a.type);
        if (!sa) {
          // A number the header does not name (a kernel newer than it): typed all the same.
          sa = { name: String(a.type), value: a.type, type: 'binary' };
          set.byValue.set(a.type, sa);
          set.byName.set(sa.name, sa);
          m.untyped.add(`${set.name}\0${a.type}`);
        }
        const key = `${set.name}\0${a.type}`;
        if (m.untyped.has(key)) {
          const s = samples.get(key) ?? { set, attr: sa, data: [] };
          if (s.data.length < 256) s.data.push(a.data);
          samples.set(key, s);
        } else if (sa.type === 'nest') visit(a.data, sa.nestedAttributes, depth + 1);
        else if (sa.type === 'indexed-array')
          for (const e of attrsOf(a.data) ?? []) visit(e.data, sa.nestedAttributes, depth + 1);
      }
    };
    for (const r of replies) visit(r.attrs, r.set, 0);
    if (samples.size === 0) return;
    for (const [key, s] of samples) {
      m.untyped.delete(key);
      const type = guessType(s.data);
      s.attr.type = type;
      if (type === 'indexed-array') s.attr.subType = 'nest';
      if (type === 'nest' || type === 'indexed-array')
        s.attr.nestedAttributes = nestFor(spec, m, s.set, s.attr);
    }
  }
}

/** The set of a nest found in the replies: one the header names like it, else a new set of numbered attributes. */
function nestFor(spec: Spec, m: Made, parent: SpecAttrSet, attr: SpecAttr): string {
  const parentInfo = m.b.sets.get(parent.name) ?? {
    name: parent.name,
    prefix: '',
    noun: '',
    attrs: new Map(),
  };
  const named = nestedSetByName(m.b, parentInfo, { name: attr.name, value: attr.value });
  if (named && spec.attributeSets.has(named.name)) return named.name;
  const name = `${parent.name}-${attr.name}`;
  if (!spec.attributeSets.has(name)) {
    spec.attributeSets.set(name, { name, byValue: new Map(), byName: new Map() });
    m.b.sets.set(name, { name, prefix: '', noun: '', attrs: new Map() });
  }
  return name;
}

/**
 * The unspecced spec of a live family: its whole policy dump (every op's, so
 * a reply attribute a set-op's policy types is typed for the get-op too)
 * joined with its header names.
 */
export function unspeccedSpecFor(conn: Connection, family: GenlFamily): Spec {
  const policy: FamilyPolicy = family.ops.some((o) => o.flags & GENL_CMD_CAP_HASPOL)
    ? getPolicy(conn, family.id, undefined, family.ops)
    : { familyId: family.id, ops: new Map(), policies: new Map() };
  return unspeccedSpec(family, policy);
}

/**
 * refineUnspecced for the messages a request got back: each reply of the
 * family starts in its reply op's attribute set (else `requestSet`).
 */
export function refineUnspeccedReplies(
  spec: Spec | null,
  family: GenlFamily,
  requestSet: string | undefined,
  messages: readonly { type: number; payload: Uint8Array }[],
): void {
  if (!isUnspecced(spec)) return;
  const replies = messages
    .filter((m) => m.type === family.id)
    .map((m) => {
      const g = decodeGenlPayload(m.payload, familyHeaderSize(family));
      return { set: opByReplyValue(spec, g.cmd)?.attributeSet ?? requestSet, attrs: g.attrs };
    });
  refineUnspecced(spec, replies);
}
