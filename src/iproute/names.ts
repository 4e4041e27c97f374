/**
 * iproute2's name databases (lib/rt_names.c, lib/inet_proto.c, ip/rtm_map.c),
 * in one place: routing tables (rt_tables + rt_tables.d/*.conf), protocols
 * (rt_protos + rt_protos.d/*.conf), scopes (rt_scopes), realms (rt_realms),
 * DS fields (rt_dsfield), device groups (group), protodown reasons
 * (protodown_reasons.d/*.conf), IP protocols (/etc/protocols), the
 * passwd/group accounts `ip -d link` names tun owners with, and route types.
 *
 * ip 6.1 reads them from CONFDIR=/etc/iproute2 only (`strings $(which ip)`),
 * each table on first use. Here the texts come through a `NameFiles` source:
 * `namesForEnv` reads them through ONE recorded fact (FILES_FACT), each file
 * once, so --record stores them and --replay never reads the machine's files;
 * the class itself is pure (see `fromTexts` for tests).
 */
import { readdirSync } from 'node:fs';
import { ReplayMismatchError } from '../netlink/errors.js';
import { strtoul, strtoul0 } from './parse.js';
import { isAsciiDigit } from '../netlink/codec/text.js';

export const CONFDIR = '/etc/iproute2';

/** The one fact key every name file is recorded under. */
export const FILES_FACT = 'iproute2-files';

/** The fact's value: file texts by path (null: missing) and `*.conf` names by directory. */
export interface RecordedFiles {
  files: Record<string, string | null>;
  dirs: Record<string, string[]>;
}

/** Where the texts come from. */
export interface NameFiles {
  /** The text of a file; null when it does not exist. */
  file(path: string): string | null;
  /** The `*.conf` file names in a directory, in the order ip reads them. */
  dir(path: string): string[];
}

/** The part of a command environment the database needs (structurally CommandEnv). */
export interface NamesEnv {
  opts: { numeric: boolean };
  readFile(path: string): string | null;
  fact<T>(key: string, compute: () => T): T;
}

/**
 * rtnl_rttable_initialize's directory scan: names ending in ".conf" (and
 * longer than that), not hidden. Sorted, so the order is the same on every
 * file system (ip takes readdir's).
 */
export function listConfDir(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => !n.startsWith('.') && n.length > 5 && n.endsWith('.conf'))
      .sort();
  } catch {
    return [];
  }
}

/**
 * fread_id_name: lines of "0x<hex> NAME" or "<dec> NAME" (a trailing "# ..."
 * allowed; sscanf, so the space may match nothing), blank and '#' lines
 * skipped; the first line that does not parse ends the file (ip reports the
 * database as corrupted there). Negative ids are returned; callers drop them.
 */
export function parseIdNames(text: string | null | undefined): [number, string][] {
  const out: [number, string][] = [];
  if (!text) return out;
  for (const raw of text.split('\n')) {
    let start = 0;
    while (raw[start] === ' ' || raw[start] === '\t') start++;
    const line = start ? raw.slice(start) : raw;
    if (line === '' || line.startsWith('#')) continue;
    const entry = idNameLine(line);
    if (!entry) break;
    out.push(entry);
  }
  return out;
}

/**
 * One line of parseIdNames: "0x<hex>" (all its hex digits) or "[+-]<dec>",
 * then optional white space, then the name (up to white space); else
 * undefined. "0x" with no hex digit, or with no name after them, reads as the
 * number 0 and a name starting with "x", as sscanf's "%d %s" does. A scanner
 * rather than a regular expression, whose compilation was part of every
 * start that prints a link's group (issue 15 item 6); white space is
 * JavaScript's \s, which the expression used.
 */
function idNameLine(line: string): [number, string] | undefined {
  if (line.startsWith('0x')) {
    let i = 2;
    while (i < line.length && isHexDigit(line.charCodeAt(i))) i++;
    const name = i > 2 ? nameAt(line, i) : undefined;
    if (name !== undefined) return [parseInt(line.slice(2, i), 16) | 0, name];
  }
  let i = line[0] === '+' || line[0] === '-' ? 1 : 0;
  const digits = i;
  while (i < line.length && isAsciiDigit(line.charCodeAt(i))) i++;
  if (i === digits) return undefined;
  const name = nameAt(line, i);
  return name === undefined ? undefined : [Number(line.slice(0, i)) | 0, name];
}

/** The run of non-space characters after any white space from `i`; undefined when there is none. */
function nameAt(line: string, i: number): string | undefined {
  while (i < line.length && isJsSpace(line.charCodeAt(i))) i++;
  let end = i;
  while (end < line.length && !isJsSpace(line.charCodeAt(end))) end++;
  return end > i ? line.slice(i, end) : undefined;
}

const isHexDigit = (c: number): boolean =>
  isAsciiDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** A UTF-16 unit in JavaScript's \s: ASCII white space, NBSP, the Unicode space separators, LS, PS, BOM. */
function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A whole word of strtoul(…, 0) at most `max`; undefined otherwise. */
function numberArg(s: string, max: number): number | undefined {
  const n = strtoul0(s);
  return n !== undefined && n <= max ? n : undefined;
}

const BUILTIN_PROTOS: [number, string][] = [
  [0, 'unspec'],
  [1, 'redirect'],
  [2, 'kernel'],
  [3, 'boot'],
  [4, 'static'],
  [8, 'gated'],
  [9, 'ra'],
  [10, 'mrt'],
  [11, 'zebra'],
  [12, 'bird'],
  [13, 'dnrouted'],
  [14, 'xorp'],
  [15, 'ntk'],
  [16, 'dhcp'],
  [18, 'keepalived'],
  [42, 'babel'],
  [186, 'bgp'],
  [187, 'isis'],
  [188, 'ospf'],
  [189, 'rip'],
  [192, 'eigrp'],
];
const BUILTIN_SCOPES: [number, string][] = [
  [0, 'global'],
  [255, 'nowhere'],
  [254, 'host'],
  [253, 'link'],
  [200, 'site'],
];

const RTN_NAMES = [
  'none',
  'unicast',
  'local',
  'broadcast',
  'anycast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'xresolve',
];

/**
 * A 256-slot table (rtnl_tab_initialize) over built-in names. As in ip, the
 * files are read only when an id without a built-in name is asked for (or
 * any name is looked up), so until then a built-in name wins over a file's.
 */
class SmallTable {
  private tab: (string | undefined)[] | undefined;
  private readonly builtin: (string | undefined)[] = new Array<string | undefined>(256);
  constructor(
    builtin: [number, string][],
    private readonly texts: () => (string | null)[],
  ) {
    for (const [id, n] of builtin) this.builtin[id] = n;
  }
  private loaded(): (string | undefined)[] {
    if (!this.tab) {
      const t = [...this.builtin];
      for (const f of this.texts()) for (const [id, n] of parseIdNames(f)) if (id >= 0 && id < 256) t[id] = n;
      this.tab = t;
    }
    return this.tab;
  }
  n2a(id: number): string | undefined {
    if (id < 0 || id >= 256) return undefined;
    if (!this.tab && this.builtin[id] !== undefined) return this.builtin[id];
    return this.loaded()[id];
  }
  a2n(
    name: string,
    numeric: (s: string) => number | undefined = (s) => numberArg(s, 255),
  ): number | undefined {
    const t = this.loaded();
    for (let i = 0; i < 256; i++) if (t[i] === name) return i;
    return numeric(name);
  }
}

/** iproute2's rtnl_hash: id -> names, chained per bucket (id & 255), the later definition first. */
class HashTable {
  private readonly buckets: { id: number; name: string }[][] = Array.from({ length: 256 }, () => []);
  add(id: number, name: string): void {
    this.buckets[id & 255]!.unshift({ id, name });
  }
  /** The bucket's chain (rtnl_rttable_n2a). */
  name(id: number): string | undefined {
    return this.buckets[id & 255]!.find((e) => e.id === id)?.name;
  }
  /** Every bucket scanned for the id (rtnl_group_n2a). */
  anyName(id: number): string | undefined {
    for (const b of this.buckets) {
      const e = b.find((x) => x.id === id);
      if (e) return e.name;
    }
    return undefined;
  }
  /** The first entry with that name scanning buckets 0..255 (rtnl_rttable_a2n, rtnl_group_a2n). */
  id(name: string): number | undefined {
    for (const b of this.buckets) {
      const e = b.find((x) => x.name === name);
      if (e) return e.id;
    }
    return undefined;
  }
}

interface IpProto {
  name: string;
  number: number;
  aliases: string[];
}

/** Every name table ip reads, with ip -N (numeric) honoured by the n2a side. */
export class IprouteNames {
  private readonly protos: SmallTable;
  private readonly scopes: SmallTable;
  private readonly realms: SmallTable;
  private readonly dsfields: SmallTable;
  private tables: HashTable | undefined;
  private groups: HashTable | undefined;
  private reasons: Map<number, string> | undefined;
  private ipProtos: IpProto[] | undefined;
  private readonly accounts = new Map<string, AccountTable>();

  constructor(
    private readonly src: NameFiles,
    readonly numeric = false,
  ) {
    const confd = (name: string): (string | null)[] => [
      src.file(`${CONFDIR}/${name}`),
      ...src.dir(`${CONFDIR}/${name}.d`).map((f) => src.file(`${CONFDIR}/${name}.d/${f}`)),
    ];
    this.protos = new SmallTable(BUILTIN_PROTOS, () => confd('rt_protos'));
    this.scopes = new SmallTable(BUILTIN_SCOPES, () => [src.file(`${CONFDIR}/rt_scopes`)]);
    this.realms = new SmallTable([[0, 'unknown']], () => [src.file(`${CONFDIR}/rt_realms`)]);
    this.dsfields = new SmallTable([[0, '0']], () => [src.file(`${CONFDIR}/rt_dsfield`)]);
  }

  /** The database over given texts (path -> text; `dirs`: directory -> *.conf names). */
  static fromTexts(
    files: Record<string, string | null>,
    numeric = false,
    dirs: Record<string, string[]> = {},
  ): IprouteNames {
    return new IprouteNames({ file: (p) => files[p] ?? null, dir: (d) => dirs[d] ?? [] }, numeric);
  }

  /** The database of a command: its files through the one recorded fact. */
  static forEnv(env: NamesEnv): IprouteNames {
    return new IprouteNames(envFiles(env), env.opts.numeric);
  }

  // ---- routing tables ----

  private tableDb(): HashTable {
    if (!this.tables) {
      const db = new HashTable();
      db.add(253, 'default');
      db.add(254, 'main');
      db.add(255, 'local');
      const texts = [
        this.src.file(`${CONFDIR}/rt_tables`),
        ...this.src.dir(`${CONFDIR}/rt_tables.d`).map((f) => this.src.file(`${CONFDIR}/rt_tables.d/${f}`)),
      ];
      for (const t of texts) for (const [id, n] of parseIdNames(t)) if (id >= 0) db.add(id >>> 0, n);
      this.tables = db;
    }
    return this.tables;
  }

  /**
   * The *_n2a rule of iproute2's rt_names.c: with -N (numeric) the number,
   * without reading any file; else the table's name, else the number.
   */
  private n2a(id: number, lookup: (id: number) => string | undefined): string {
    return this.numeric ? String(id) : (lookup(id) ?? String(id));
  }

  /** rtnl_rttable_n2a */
  tableName(id: number): string {
    return this.n2a(id >>> 0, (u) => this.tableDb().name(u));
  }
  /** rtnl_rttable_a2n: a name, or a number (strtoul base 0) up to 2^32-1. */
  tableId(name: string): number | undefined {
    return this.tableDb().id(name) ?? numberArg(name, 0xffffffff);
  }

  // ---- protocols, scopes, realms, DS fields ----

  /** rtnl_rtprot_n2a */
  protocolName(id: number): string {
    return this.n2a(id, (i) => this.protos.n2a(i));
  }
  /** rtnl_rtprot_a2n: a name, or a number up to 255. */
  protocolId(name: string): number | undefined {
    return this.protos.a2n(name);
  }
  /** rtnl_rtscope_n2a */
  scopeName(id: number): string {
    return this.n2a(id, (i) => this.scopes.n2a(i));
  }
  /** rtnl_rtscope_a2n */
  scopeId(name: string): number | undefined {
    return this.scopes.a2n(name);
  }
  /** rtnl_rtrealm_n2a */
  realmName(id: number): string {
    return this.n2a(id, (i) => this.realms.n2a(i));
  }
  /** rtnl_rtrealm_a2n */
  realmId(name: string): number | undefined {
    return this.realms.a2n(name);
  }
  /** rtnl_dsfield_n2a: a name from rt_dsfield, else "0x%02x" (always that with -N). */
  dsfieldName(id: number): string {
    if (id < 0 || id >= 256) return String(id);
    if (!this.numeric) {
      const n = this.dsfields.n2a(id);
      if (n !== undefined) return n;
    }
    return '0x' + id.toString(16).padStart(2, '0');
  }
  /** rtnl_dsfield_a2n: a name, else strtoul base 16 up to 255. */
  dsfieldId(name: string): number | undefined {
    return this.dsfields.a2n(name, (s) => {
      const { value, end } = strtoul(s, 16);
      return end > 0 && end === s.length && value <= 255 ? value : undefined;
    });
  }

  /** rtnl_rtntype_n2a */
  typeName(type: number): string {
    return this.n2a(type, (t) => RTN_NAMES[t]);
  }

  // ---- device groups, protodown reasons ----

  private groupDb(): HashTable {
    if (!this.groups) {
      const db = new HashTable();
      db.add(0, 'default');
      for (const [id, n] of parseIdNames(this.src.file(`${CONFDIR}/group`))) if (id >= 0) db.add(id, n);
      this.groups = db;
    }
    return this.groups;
  }
  /** rtnl_group_n2a */
  groupName(id: number): string {
    return this.n2a(id, (i) => this.groupDb().anyName(i));
  }
  /** The file's (or the built-in) name of a group; undefined when it has none. */
  groupNameOrUndefined(id: number): string | undefined {
    return this.groupDb().anyName(id);
  }
  /** rtnl_group_a2n: a name, else a non-negative number (strtol base 0). */
  groupId(name: string): number | undefined {
    return this.groupDb().id(name) ?? numberArg(name, 0x7fffffff);
  }
  /** protodown_reason_n2a: a name from protodown_reasons.d/*.conf for bits 0..31. */
  protodownReasonName(bit: number): string | undefined {
    if (!this.reasons) {
      this.reasons = new Map();
      const dir = `${CONFDIR}/protodown_reasons.d`;
      for (const f of this.src.dir(dir))
        for (const [id, n] of parseIdNames(this.src.file(`${dir}/${f}`)))
          if (id >= 0 && id < 32) this.reasons.set(id, n);
    }
    return this.reasons.get(bit);
  }

  // ---- IP protocols (/etc/protocols), accounts (/etc/passwd, /etc/group) ----

  private protocols(): IpProto[] {
    if (!this.ipProtos) {
      this.ipProtos = [];
      for (const raw of (this.src.file('/etc/protocols') ?? '').split('\n')) {
        const line = raw.replace(/#.*/, '').trim();
        if (!line) continue;
        const [name, num, ...aliases] = line.split(/\s+/);
        if (name === undefined || num === undefined || !/^\d+$/.test(num)) continue;
        this.ipProtos.push({ name, number: Number(num), aliases });
      }
    }
    return this.ipProtos;
  }
  /** inet_proto_n2a: getprotobynumber's name, else "ipproto-N". */
  ipProtoName(n: number): string {
    if (!this.numeric) {
      const p = this.protocols().find((x) => x.number === n);
      if (p) return p.name;
    }
    return `ipproto-${n}`;
  }
  /** inet_proto_a2n: a decimal u8, else getprotobyname (name or alias). */
  ipProtoId(name: string): number | undefined {
    if (/^\d+$/.test(name)) {
      const n = Number(name);
      if (n <= 255) return n;
    }
    return this.protocols().find((x) => x.name === name || x.aliases.includes(name))?.number;
  }
  /** /etc/passwd or /etc/group (name:x:id:...): the first entry of each id and of each name. */
  private accountTable(kind: 'user' | 'group'): AccountTable {
    const path = kind === 'user' ? '/etc/passwd' : '/etc/group';
    let t = this.accounts.get(path);
    if (!t) {
      t = { byId: new Map(), byName: new Map() };
      for (const line of (this.src.file(path) ?? '').split('\n')) {
        const f = line.split(':');
        if (f.length < 3 || f[0] === '' || line.startsWith('#')) continue;
        const n = Number(f[2]);
        if (!Number.isInteger(n)) continue;
        if (!t.byId.has(n)) t.byId.set(n, f[0]!);
        if (!t.byName.has(f[0]!)) t.byName.set(f[0]!, n);
      }
      this.accounts.set(path, t);
    }
    return t;
  }
  /** getpwuid / getgrgid over /etc/passwd and /etc/group: the first entry with the id. */
  accountName(kind: 'user' | 'group', id: number): string | undefined {
    return this.accountTable(kind).byId.get(id);
  }
  /** getpwnam / getgrnam over /etc/passwd and /etc/group: the id of the first entry with the name. */
  accountId(kind: 'user' | 'group', name: string): number | undefined {
    return this.accountTable(kind).byName.get(name);
  }
}

/** An account file's two directions (getpwuid/getpwnam). */
interface AccountTable {
  byId: Map<number, string>;
  byName: Map<string, number>;
}

/** rtnl_rtntype_a2n: exact "local"/"nat"/"throw"/"brd", prefixes of the others, or a number <= 255. */
export function routeTypeId(arg: string): number | undefined {
  const pre = (full: string): boolean => arg.length > 0 && full.startsWith(arg);
  if (arg === 'local') return 2;
  if (arg === 'nat') return 10;
  if (pre('broadcast') || arg === 'brd') return 3;
  if (pre('anycast')) return 4;
  if (pre('multicast')) return 5;
  if (pre('prohibit')) return 8;
  if (pre('unreachable')) return 7;
  if (pre('blackhole')) return 6;
  if (pre('xresolve')) return 11;
  if (pre('unicast')) return 1;
  if (arg === 'throw') return 9;
  return numberArg(arg, 255);
}

/** get_rt_realms_or_raw: "FROM/TO" or "TO" (names or numbers <= 255), else a raw u32; undefined when invalid. */
export function parseRealms(names: IprouteNames, arg: string): number | undefined {
  const slash = arg.indexOf('/');
  let from: number | undefined = 0;
  let to: number | undefined = 0;
  if (slash >= 0) from = names.realmId(arg.slice(0, slash));
  const rest = slash >= 0 ? arg.slice(slash + 1) : arg;
  if (from !== undefined && rest !== '') to = names.realmId(rest);
  if (from !== undefined && to !== undefined) return ((from << 16) | to) >>> 0;
  return numberArg(arg, 0xffffffff);
}

// ---- the recorded fact ----

/** The fact keys older recordings kept the same files under (replayed as a fallback). */
interface OldRouteNameFiles {
  rt_tables: string | null;
  rt_tables_d: [string, string][];
  rt_protos: string | null;
  rt_protos_d: [string, string][];
  rt_scopes: string | null;
  rt_realms: string | null;
}

function fromOldRecordings(fact: NamesEnv['fact']): RecordedFiles {
  const out: RecordedFiles = { files: {}, dirs: {} };
  const tryFact = <T>(key: string): T | undefined => {
    try {
      return fact<T>(key, () => {
        throw new ReplayMismatchError(`no fact "${key}"`);
      });
    } catch (e) {
      if (e instanceof ReplayMismatchError) return undefined;
      throw e;
    }
  };
  const nameFiles = tryFact<Record<string, string | null>>('iproute2-name-files');
  if (nameFiles) {
    for (const [k, v] of Object.entries(nameFiles)) {
      if (k === 'rt_tables.d' || k === 'rt_protos.d') {
        const dir = `${CONFDIR}/${k}`;
        out.dirs[dir] = (v ? (JSON.parse(v) as string[]) : []).map((p) => p.slice(dir.length + 1));
      } else out.files[k] = v;
    }
  }
  const route = tryFact<OldRouteNameFiles>('iproute2-route-names');
  if (route) {
    for (const k of ['rt_tables', 'rt_protos', 'rt_scopes', 'rt_realms'] as const)
      out.files[`${CONFDIR}/${k}`] = route[k];
    for (const [k, list] of [
      ['rt_tables.d', route.rt_tables_d],
      ['rt_protos.d', route.rt_protos_d],
    ] as const) {
      out.dirs[`${CONFDIR}/${k}`] = list.map((f) => f[0]);
      for (const [n, t] of list) out.files[`${CONFDIR}/${k}/${n}`] = t;
    }
  }
  for (const f of ['rt_scopes', 'group']) {
    const t = tryFact<string | null>(`file:${CONFDIR}/${f}`);
    if (t !== undefined) out.files[`${CONFDIR}/${f}`] = t;
  }
  return out;
}

/** One recorded file set per command run (keyed by its fact function), shared by every database. */
const sources = new WeakMap<NamesEnv['fact'], NameFiles>();

/**
 * The files of a command, read live on first use of each and kept in the
 * FILES_FACT fact (which grows as files are read, so the recording holds
 * every file the command read, once). A replay answers from the recording;
 * a recording made before FILES_FACT existed is read from its old keys, and
 * a file it lacks is missing (so a replay never reads this machine's files).
 */
export function envFiles(env: NamesEnv): NameFiles {
  let src = sources.get(env.fact);
  if (src) return src;
  let state: RecordedFiles = { files: {}, dirs: {} };
  let fallback = false;
  const asked = new Set<string>();
  const ask = (key: string, add: (s: RecordedFiles) => void): void => {
    if (fallback || asked.has(key)) return;
    asked.add(key);
    try {
      state = env.fact<RecordedFiles>(FILES_FACT, () => {
        const next: RecordedFiles = { files: { ...state.files }, dirs: { ...state.dirs } };
        add(next);
        return next;
      });
    } catch (e) {
      if (!(e instanceof ReplayMismatchError)) throw e;
      state = fromOldRecordings(env.fact);
      fallback = true;
    }
  };
  src = {
    file(path) {
      if (!(path in state.files)) ask(path, (s) => (s.files[path] = env.readFile(path)));
      return state.files[path] ?? null;
    },
    dir(path) {
      if (!(path in state.dirs)) ask(`${path}/`, (s) => (s.dirs[path] = listConfDir(path)));
      return state.dirs[path] ?? [];
    },
  };
  sources.set(env.fact, src);
  return src;
}

/** rtnl_rtntype_n2a without a database at hand. */
export function rtnTypeName(type: number, numeric: boolean): string {
  if (numeric) return String(type);
  return RTN_NAMES[type] ?? String(type);
}
