import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputFileError, MAX_SPEC_BYTES, readFileBounded } from '../bounded-read.js';
import { parseYaml, type YamlValue } from './yaml-lite.js';

/**
 * The part of the kernel's YNL netlink spec format (Documentation/netlink/
 * specs/*.yaml, described in Documentation/userspace-api/netlink/specs.rst)
 * that nlts uses for names: enums and flags, attribute sets with their
 * types, operations with their ids and attribute sets, multicast groups.
 * One generic codec reads every family through it; nothing is per family.
 */

export interface SpecEnum {
  name: string;
  kind: 'enum' | 'flags';
  /** value → entry name (for flags the value is the bit mask 1 << position). */
  byValue: Map<number, string>;
  byName: Map<string, number>;
}

export interface SpecAttr {
  name: string;
  value: number;
  /** YNL type: u8…u64, s8…s64, uint, sint, string, binary, flag, nest, indexed-array, nest-type-value, pad, bitfield32. */
  type: string;
  subType?: string;
  nestedAttributes?: string;
  enum?: string;
  enumAsFlags?: boolean;
  byteOrder?: 'big-endian' | 'little-endian';
  displayHint?: string;
  multiAttr?: boolean;
  /** nest-type-value: what each level of type numbers stands for. */
  typeValue?: string[];
  /** binary holding a C struct of the spec's definitions (YNL `struct:`): decoded as its members. */
  struct?: string;
  /** A short description, when the spec has one. */
  doc?: string;
  /** The spec's `checks` (min, max, min-len, max-len, ...): what the kernel's policy enforces. */
  checks?: { [key: string]: number | string };
}

/** One member of a C struct definition (YNL `type: struct`, `members`). */
export interface SpecStructMember {
  name: string;
  /** u8…u64, s8…s64, pad or binary. */
  type: string;
  /** Bytes, for pad and binary. */
  len?: number;
  byteOrder?: 'big-endian' | 'little-endian';
  displayHint?: string;
  enum?: string;
  enumAsFlags?: boolean;
  /** binary: a nested struct of the definitions. */
  struct?: string;
}

export interface SpecStruct {
  name: string;
  members: SpecStructMember[];
}

/** The request and reply attribute lists of one mode (do or dump) of an operation. */
export interface SpecOpMode {
  request?: string[];
  reply?: string[];
}

export interface SpecAttrSet {
  name: string;
  byValue: Map<number, SpecAttr>;
  byName: Map<string, SpecAttr>;
}

export interface SpecOp {
  name: string;
  /**
   * The command number of requests (do or dump). In the unified enum model
   * every op has one number for both directions, notifications included (a
   * notification's number is then not a request). In the directional model
   * -1 when the op has no request: notify and event ops.
   */
  value: number;
  /**
   * The command number of replies and notifications; in the directional
   * model -1 when the op has none (a do without a reply).
   */
  replyValue: number;
  attributeSet?: string;
  hasDo: boolean;
  hasDump: boolean;
  /** Notification or event only: no request. */
  notification: boolean;
  /** A notify op: the op whose reply it repeats. */
  notify?: string;
  /** The struct every message of this op starts with (genetlink-legacy `fixed-header`). */
  fixedHeader?: string;
  /** The attributes each mode sends and gets back, as the spec lists them. */
  do?: SpecOpMode;
  dump?: SpecOpMode;
  /** Event ops: the attributes the event carries. */
  eventAttrs?: string[];
  /** GENL flags the spec gives (admin-perm, uns-admin-perm). */
  flags?: string[];
  doc?: string;
}

/** Whether `op` can be sent as a request: it has do or dump and a request number. */
export function isRequestOp(op: SpecOp): boolean {
  return !op.notification && (op.hasDo || op.hasDump) && op.value >= 0;
}

export interface Spec {
  name: string;
  protocol: string;
  definitions: Map<string, SpecEnum>;
  /** C struct definitions (YNL `type: struct`). */
  structs: Map<string, SpecStruct>;
  attributeSets: Map<string, SpecAttrSet>;
  ops: SpecOp[];
  mcastGroups: string[];
  /** Where it was read from. */
  source: string;
}

export class SpecError extends Error {
  override readonly name = 'SpecError';
}

type Obj = { [key: string]: YamlValue };

function isObj(v: YamlValue | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function list(v: YamlValue | undefined): YamlValue[] {
  return Array.isArray(v) ? v : [];
}
function str(v: YamlValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
function num(v: YamlValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function buildEnum(d: Obj, where: string): SpecEnum {
  const name = str(d.name);
  if (!name) throw new SpecError(`${where}: a definition without a name`);
  const kind = d.type === 'flags' ? 'flags' : 'enum';
  const e: SpecEnum = { name, kind, byValue: new Map(), byName: new Map() };
  let next = num(d['value-start']) ?? 0;
  for (const entry of list(d.entries)) {
    const ename = isObj(entry) ? str(entry.name) : str(entry);
    if (!ename) continue;
    const explicit = isObj(entry) ? num(entry.value) : undefined;
    const pos = explicit ?? next;
    next = pos + 1;
    // For flags, YNL entry values are bit positions.
    const v = kind === 'flags' ? 2 ** pos : pos;
    e.byValue.set(v, ename);
    e.byName.set(ename, v);
  }
  return e;
}

function buildStruct(d: Obj, name: string): SpecStruct {
  const members: SpecStructMember[] = [];
  for (const m of list(d.members)) {
    if (!isObj(m) || !str(m.name)) continue;
    members.push({
      name: str(m.name)!,
      type: str(m.type) ?? 'binary',
      ...(num(m.len) !== undefined ? { len: num(m.len) } : {}),
      ...(str(m['byte-order']) ? { byteOrder: str(m['byte-order']) as SpecStructMember['byteOrder'] } : {}),
      ...(str(m['display-hint']) ? { displayHint: str(m['display-hint']) } : {}),
      ...(str(m.enum) ? { enum: str(m.enum) } : {}),
      ...(m['enum-as-flags'] === true ? { enumAsFlags: true } : {}),
      ...(str(m.struct) ? { struct: str(m.struct) } : {}),
    });
  }
  return { name, members };
}

function checksOf(v: YamlValue | undefined): SpecAttr['checks'] {
  if (!isObj(v)) return undefined;
  const out: { [key: string]: number | string } = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'number' || typeof x === 'string') out[k] = x;
  return Object.keys(out).length ? out : undefined;
}

function buildAttr(a: Obj, value: number, parent?: SpecAttr): SpecAttr {
  const tv = a['type-value'];
  const struct = str(a.struct) ?? parent?.struct;
  const doc = str(a.doc)?.trim() ?? parent?.doc;
  const checks = checksOf(a.checks) ?? parent?.checks;
  return {
    ...(struct !== undefined ? { struct } : {}),
    ...(doc !== undefined ? { doc } : {}),
    ...(checks !== undefined ? { checks } : {}),
    name: str(a.name)!,
    value,
    type: str(a.type) ?? parent?.type ?? 'binary',
    subType: str(a['sub-type']) ?? parent?.subType,
    nestedAttributes: str(a['nested-attributes']) ?? parent?.nestedAttributes,
    enum: str(a.enum) ?? parent?.enum,
    enumAsFlags: a['enum-as-flags'] === true || parent?.enumAsFlags,
    byteOrder: (str(a['byte-order']) as SpecAttr['byteOrder']) ?? parent?.byteOrder,
    displayHint: str(a['display-hint']) ?? parent?.displayHint,
    multiAttr: a['multi-attr'] === true || parent?.multiAttr,
    typeValue: Array.isArray(tv) ? tv.map((x) => String(x)) : parent?.typeValue,
  };
}

/**
 * Number the operations exactly as the kernel's YNL tools do
 * (tools/net/ynl/lib/nlspec.py, SpecFamily._dictify_ops_unified and
 * _dictify_ops_directional; the UAPI headers ynl-gen-c.py writes agree):
 *
 * - unified (the default): one counter from 1; every op takes the next
 *   value, notify/event-only and reserved ops included; an op's `value:`
 *   sets the counter, and the ops after it continue from there. Requests,
 *   replies and notifications of an op share that number.
 * - directional: a request counter and a reply counter, both from 1. An op
 *   with do (else dump) takes the next request value (do.request.value, when
 *   set and not 0, moves the counter) and, when that mode has a reply, the
 *   next reply value (reply.value moves it); without a reply it has none. A
 *   notify or event op takes only a reply value (its `value:` moves the reply
 *   counter): it has no request value and must never be sent.
 */
function modeOf(v: YamlValue | undefined): SpecOpMode | undefined {
  if (!isObj(v)) return v === null ? {} : undefined;
  const names = (m: YamlValue | undefined): string[] | undefined =>
    isObj(m) && Array.isArray(m.attributes) ? m.attributes.map((x) => String(x)) : undefined;
  const request = names(v.request);
  const reply = names(v.reply);
  return { ...(request ? { request } : {}), ...(reply ? { reply } : {}) };
}

function numberOps(ops: Obj, source: string): SpecOp[] {
  const out: SpecOp[] = [];
  const familyHeader = str(ops['fixed-header']);
  const model = ops['enum-model'] ?? 'unified';
  if (model !== 'unified' && model !== 'directional') {
    throw new SpecError(`${source}: operations: enum-model "${String(model)}" is not unified or directional`);
  }
  let req = 1;
  let rsp = 1;
  for (const o of list(ops.list)) {
    if (!isObj(o) || !str(o.name)) continue;
    const name = str(o.name)!;
    const isAsync = 'notify' in o || 'event' in o;
    const isCall = 'do' in o || 'dump' in o;
    const doPart = isObj(o.do) ? o.do : undefined;
    const dumpPart = isObj(o.dump) ? o.dump : undefined;
    let value: number;
    let replyValue: number;
    if (model === 'unified') {
      const explicit = num(o.value);
      if (explicit !== undefined) req = explicit;
      value = replyValue = req;
      req += 1;
    } else if (isAsync) {
      const explicit = num(o.value);
      if (explicit !== undefined) rsp = explicit;
      value = -1;
      replyValue = rsp;
      rsp += 1;
    } else if (isCall) {
      // The kernel reads only the do mode when there is one, else the dump mode.
      const mode: Obj = ('do' in o ? doPart : dumpPart) ?? {};
      const rq = isObj(mode.request) ? num(mode.request.value) : undefined;
      const rp = isObj(mode.reply) ? num(mode.reply.value) : undefined;
      if (rq) req = rq;
      if (rp) rsp = rp;
      value = req;
      req += 1;
      if ('reply' in mode) {
        replyValue = rsp;
        rsp += 1;
      } else replyValue = -1;
    } else {
      throw new SpecError(
        `${source}: operation "${name}" has no do, dump, notify or event (the directional model needs one)`,
      );
    }
    const notify = str(o.notify);
    const fixedHeader = str(o['fixed-header']) ?? familyHeader;
    const doMode = modeOf(o.do);
    const dumpMode = modeOf(o.dump);
    const eventAttrs =
      isObj(o.event) && Array.isArray(o.event.attributes) ? o.event.attributes.map(String) : undefined;
    const doc = str(o.doc)?.trim();
    out.push({
      ...(fixedHeader !== undefined ? { fixedHeader } : {}),
      ...(doMode ? { do: doMode } : {}),
      ...(dumpMode ? { dump: dumpMode } : {}),
      ...(eventAttrs ? { eventAttrs } : {}),
      ...(Array.isArray(o.flags) ? { flags: o.flags.map(String) } : {}),
      ...(doc !== undefined ? { doc } : {}),
      name,
      value,
      replyValue,
      attributeSet: str(o['attribute-set']),
      hasDo: doPart !== undefined || o.do === null,
      hasDump: dumpPart !== undefined || o.dump === null,
      notification: isAsync,
      ...(notify !== undefined ? { notify } : {}),
    });
  }
  return out;
}

/** Build a Spec from a parsed YNL document (YAML or the same structure as JSON). */
export function specFromDocument(doc: YamlValue, source: string): Spec {
  if (!isObj(doc)) throw new SpecError(`${source}: not a YNL spec (expected a mapping at the top)`);
  const name = str(doc.name);
  if (!name) throw new SpecError(`${source}: the spec has no "name"`);
  const spec: Spec = {
    name,
    protocol: str(doc.protocol) ?? 'genetlink',
    definitions: new Map(),
    structs: new Map(),
    attributeSets: new Map(),
    ops: [],
    mcastGroups: [],
    source,
  };
  for (const d of list(doc.definitions)) {
    if (isObj(d) && (d.type === 'enum' || d.type === 'flags')) {
      const e = buildEnum(d, source);
      spec.definitions.set(e.name, e);
    } else if (isObj(d) && d.type === 'struct' && str(d.name)) {
      spec.structs.set(str(d.name)!, buildStruct(d, str(d.name)!));
    }
  }
  const sets = list(doc['attribute-sets']).filter(isObj);
  // Sets that are a subset of another take values and types from it, so build the full ones first.
  const ordered = [...sets.filter((s) => !s['subset-of']), ...sets.filter((s) => s['subset-of'])];
  for (const s of ordered) {
    const sname = str(s.name);
    if (!sname) continue;
    const set: SpecAttrSet = { name: sname, byValue: new Map(), byName: new Map() };
    const parent = str(s['subset-of']) ? spec.attributeSets.get(str(s['subset-of'])!) : undefined;
    let next = 1;
    for (const a of list(s.attributes)) {
      if (!isObj(a) || !str(a.name)) continue;
      const base = parent?.byName.get(str(a.name)!);
      const value = num(a.value) ?? base?.value ?? next;
      next = value + 1;
      const attr = buildAttr(a, value, base);
      set.byValue.set(value, attr);
      set.byName.set(attr.name, attr);
    }
    spec.attributeSets.set(sname, set);
  }
  spec.ops = numberOps(isObj(doc.operations) ? doc.operations : {}, source);
  const groups = isObj(doc['mcast-groups']) ? list(doc['mcast-groups'].list) : [];
  for (const g of groups) {
    const gname = isObj(g) ? str(g.name) : str(g);
    if (gname) spec.mcastGroups.push(gname);
  }
  return spec;
}

/** Parse a spec file: YAML (the YNL subset), or JSON when it ends in .json. */
export function parseSpecText(text: string, source: string): Spec {
  let doc: YamlValue;
  try {
    doc = source.endsWith('.json') ? (JSON.parse(text) as YamlValue) : parseYaml(text);
  } catch (e) {
    throw new SpecError(`${source}: ${(e as Error).message}`);
  }
  return specFromDocument(doc, source);
}

/** Read a spec file's text (at most MAX_SPEC_BYTES: a spec is a few hundred KiB, /dev/zero is endless). */
function readSpecText(path: string): string {
  try {
    return readFileBounded(path, MAX_SPEC_BYTES, 'spec').toString('utf8');
  } catch (e) {
    if (e instanceof InputFileError) throw new SpecError(e.message);
    throw new SpecError(
      `cannot read spec ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Read and parse a spec file. */
export function loadSpecFile(path: string): Spec {
  return parseSpecText(readSpecText(path), path);
}

/** The directory of the bundled data files: <package>/specs (from src/netlink/genl or dist/netlink/genl). */
export const BUNDLED_SPEC_DIR = fileURLToPath(new URL('../../../specs/', import.meta.url));

/**
 * Where the build leaves each bundled spec already parsed (scripts/build-specs.mjs): dist/specs/
 * beside dist/netlink/. Parsing the YAML costs ~50 ms for `genl list` (every family); JSON.parse
 * of the same document a tenth of that. Run from src/ (the tests), the directory does not exist.
 */
export const COMPILED_SPEC_DIR = fileURLToPath(new URL('../../specs/', import.meta.url));

/** What scripts/build-specs.mjs writes per spec: the YAML's digest and its parsed document. */
export interface CompiledSpecDocument {
  digest: string;
  document: YamlValue;
}

/**
 * The length and 32-bit FNV-1a hash of a spec's text, which tie a compiled document to the YAML it
 * came from. Not node:crypto: loading it costs ~14 ms of start-up, more than this saves; what it
 * guards against is a forgotten rebuild, not an adversary.
 */
export function specTextDigest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * The parsed document of `text` from the compiled copy when that copy was made from this very text
 * (an edited YAML without a rebuild is parsed again, never shadowed by a stale copy).
 */
function compiledDocument(compiledFile: string, text: string): YamlValue | undefined {
  let compiled: CompiledSpecDocument;
  try {
    compiled = JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledSpecDocument;
  } catch {
    return undefined; // not built, or unreadable: the YAML is the source
  }
  return compiled.digest === specTextDigest(text) ? compiled.document : undefined;
}

const bundled = new Map<string, Spec | null>();

/**
 * The bundled spec for a family (specs/<lowercase name>.yaml), or null when there is none; read from
 * `compiledDir`/<name>.json when the build left a copy made from the same YAML text.
 */
export function bundledSpec(
  family: string,
  dir = BUNDLED_SPEC_DIR,
  compiledDir: string | undefined = dir === BUNDLED_SPEC_DIR ? COMPILED_SPEC_DIR : undefined,
): Spec | null {
  const key = `${dir}\0${compiledDir ?? ''}\0${family}`;
  if (bundled.has(key)) return bundled.get(key)!;
  const base = family.toLowerCase();
  const file = join(dir, `${base}.yaml`);
  let spec: Spec | null = null;
  if (existsSync(file)) {
    const text = readSpecText(file);
    const doc =
      compiledDir !== undefined ? compiledDocument(join(compiledDir, `${base}.json`), text) : undefined;
    spec = doc !== undefined ? specFromDocument(doc, file) : parseSpecText(text, file);
  }
  bundled.set(key, spec && spec.name === family ? spec : null);
  return bundled.get(key)!;
}

// ---- lookups used by the codec and the commands ----

export function opByValue(spec: Spec | null, cmd: number): SpecOp | undefined {
  return spec?.ops.find((o) => o.value === cmd && !o.notification) ?? spec?.ops.find((o) => o.value === cmd);
}
export function opByReplyValue(spec: Spec | null, cmd: number): SpecOp | undefined {
  return (
    spec?.ops.find((o) => o.replyValue === cmd && !o.notification) ??
    spec?.ops.find((o) => o.replyValue === cmd)
  );
}
export function opByName(spec: Spec | null, name: string): SpecOp | undefined {
  return spec?.ops.find((o) => o.name === name);
}
