/**
 * iproute2's name tables for routes (lib/rt_names.c, ip/rtm_map.c): routing
 * tables (/etc/iproute2/rt_tables + rt_tables.d/*.conf), protocols
 * (rt_protos + rt_protos.d/*.conf), scopes (rt_scopes), realms (rt_realms)
 * and route types, each over ip's built-in defaults. Pure: the file texts
 * come in as data (see readRouteNameFiles), so a replay never reads the
 * machine's files.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const CONFDIR = '/etc/iproute2';

/** The raw texts ip would read; null for a missing file. JSON, so it can be a recorded fact. */
export interface RouteNameFiles {
  rt_tables: string | null;
  rt_tables_d: [string, string][];
  rt_protos: string | null;
  rt_protos_d: [string, string][];
  rt_scopes: string | null;
  rt_realms: string | null;
}

function readDirConf(dir: string, read: (path: string) => string | null): [string, string][] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: [string, string][] = [];
  // Only names ending in ".conf" (and longer than that), not hidden: as rtnl_rttable_initialize.
  for (const n of names.sort()) {
    if (n.startsWith('.') || n.length <= 5 || !n.endsWith('.conf')) continue;
    const t = read(`${dir}/${n}`);
    if (t !== null) out.push([n, t]);
  }
  return out;
}

/** Read the files live (used as the compute function of an env.fact). */
export function readRouteNameFiles(
  read: (path: string) => string | null = (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  },
  confdir = CONFDIR,
): RouteNameFiles {
  return {
    rt_tables: read(`${confdir}/rt_tables`),
    rt_tables_d: readDirConf(`${confdir}/rt_tables.d`, read),
    rt_protos: read(`${confdir}/rt_protos`),
    rt_protos_d: readDirConf(`${confdir}/rt_protos.d`, read),
    rt_scopes: read(`${confdir}/rt_scopes`),
    rt_realms: read(`${confdir}/rt_realms`),
  };
}

/**
 * fread_id_name: lines of "0x<hex> NAME" or "<dec> NAME" (trailing "# ..."
 * allowed), blank and '#' lines skipped; the first line that does not parse
 * ends the file (ip reports the database as corrupted there).
 */
export function parseIdNames(text: string | null): [number, string][] {
  const out: [number, string][] = [];
  if (!text) return out;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:0x([0-9a-fA-F]+)|([-+]?\d+))\s+(\S+)/.exec(line);
    if (!m) break;
    const id = m[1] !== undefined ? parseInt(m[1], 16) | 0 : Number(m[2]) | 0;
    out.push([id, m[3]!]);
  }
  return out;
}

/** strtoul(arg, &end, 0) over the whole word, with an upper bound; NaN when it is not a number. */
function numberArg(s: string, max: number): number {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = s.length === 1 ? 0 : parseInt(s.slice(1), 8);
  else if (/^[1-9]\d*$/.test(s)) n = Number(s);
  else return NaN;
  return n <= max ? n : NaN;
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
  [42, 'babel'],
  [13, 'dnrouted'],
  [14, 'xorp'],
  [15, 'ntk'],
  [16, 'dhcp'],
  [18, 'keepalived'],
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

/** A 256-slot table (rtnl_tab_initialize): later file lines replace earlier names. */
class SmallTable {
  readonly tab: (string | undefined)[] = new Array<string | undefined>(256);
  constructor(builtin: [number, string][], ...files: (string | null)[]) {
    for (const [id, n] of builtin) this.tab[id] = n;
    for (const f of files) for (const [id, n] of parseIdNames(f)) if (id >= 0 && id < 256) this.tab[id] = n;
  }
  n2a(id: number): string | undefined {
    return id >= 0 && id < 256 ? this.tab[id] : undefined;
  }
  a2n(name: string): number {
    for (let i = 0; i < 256; i++) if (this.tab[i] === name) return i;
    return numberArg(name, 255);
  }
}

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

/** All the route name tables, with ip -N (numeric) honoured by the n2a side. */
export class RouteNames {
  private readonly protos: SmallTable;
  private readonly scopes: SmallTable;
  private readonly realms: SmallTable;
  /** id -> name for tables; the later definition of an id wins (it heads ip's hash chain). */
  private readonly tables = new Map<number, string>();
  /** Table definitions in ip's a2n search order (bucket id & 255, newest first). */
  private readonly tableOrder: [number, string][];
  private readonly protoCache = new Array<string | undefined>(256);
  private readonly scopeCache = new Array<string | undefined>(256);

  constructor(
    files: RouteNameFiles,
    readonly numeric = false,
  ) {
    this.protos = new SmallTable(BUILTIN_PROTOS, files.rt_protos, ...files.rt_protos_d.map((f) => f[1]));
    this.scopes = new SmallTable(BUILTIN_SCOPES, files.rt_scopes);
    this.realms = new SmallTable([[0, 'unknown']], files.rt_realms);
    const defs: [number, string, number][] = [
      [253, 'default', -3],
      [254, 'main', -2],
      [255, 'local', -1],
    ];
    let order = 0;
    for (const text of [files.rt_tables, ...files.rt_tables_d.map((f) => f[1])])
      for (const [id, n] of parseIdNames(text)) if (id >= 0) defs.push([id >>> 0, n, order++]);
    for (const [id, n] of [...defs].sort((a, b) => a[2] - b[2])) this.tables.set(id, n);
    this.tableOrder = defs
      .sort((a, b) => (a[0] & 255) - (b[0] & 255) || b[2] - a[2])
      .map(([id, n]) => [id, n] as [number, string]);
  }

  /** rtnl_rttable_n2a */
  tableName(id: number): string {
    if (this.numeric) return String(id >>> 0);
    return this.tables.get(id >>> 0) ?? String(id >>> 0);
  }
  /** rtnl_rttable_a2n: a name, or a number up to 2^32-1; NaN when neither. */
  tableId(name: string): number {
    for (const [id, n] of this.tableOrder) if (n === name) return id;
    return numberArg(name, 0xffffffff);
  }
  /** rtnl_rtprot_n2a */
  protocolName(id: number): string {
    if (this.numeric) return String(id);
    let s = this.protoCache[id];
    if (s === undefined) s = this.protoCache[id] = this.protos.n2a(id) ?? String(id);
    return s;
  }
  protocolId(name: string): number {
    return this.protos.a2n(name);
  }
  /** rtnl_rtscope_n2a */
  scopeName(id: number): string {
    if (this.numeric) return String(id);
    let s = this.scopeCache[id];
    if (s === undefined) s = this.scopeCache[id] = this.scopes.n2a(id) ?? String(id);
    return s;
  }
  scopeId(name: string): number {
    return this.scopes.a2n(name);
  }
  /** rtnl_rtrealm_n2a */
  realmName(id: number): string {
    if (this.numeric) return String(id);
    return this.realms.n2a(id) ?? String(id);
  }
  realmId(name: string): number {
    return this.realms.a2n(name);
  }
  /** rtnl_rtntype_n2a */
  typeName(type: number): string {
    if (this.numeric) return String(type);
    return RTN_NAMES[type] ?? String(type);
  }
}

/** rtnl_rtntype_a2n: exact "local"/"nat"/"throw"/"brd", prefixes of the others, or a number <= 255. */
export function routeTypeId(arg: string): number {
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

/** get_rt_realms_or_raw: "FROM/TO" or "TO" (names or numbers <= 255), else a raw u32; NaN when invalid. */
export function parseRealms(names: RouteNames, arg: string): number {
  const slash = arg.indexOf('/');
  let from = 0;
  let to = 0;
  let ok = true;
  if (slash >= 0) {
    from = names.realmId(arg.slice(0, slash));
    if (Number.isNaN(from)) ok = false;
  }
  const rest = slash >= 0 ? arg.slice(slash + 1) : arg;
  if (ok && rest !== '') {
    to = names.realmId(rest);
    if (Number.isNaN(to)) ok = false;
  }
  if (ok) return ((from << 16) | to) >>> 0;
  return numberArg(arg, 0xffffffff);
}
