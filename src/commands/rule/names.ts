import { readdirSync, readFileSync } from 'node:fs';
import type { CommandEnv } from '../../cli/env.js';

/**
 * iproute2's name databases (lib/rt_names.c, lib/inet_proto.c): routing
 * tables, protocols, realms, DS fields, device groups and IP protocol
 * names, read from /etc/iproute2 and /etc/protocols like ip reads them.
 * The files are one system fact: --record keeps them, --replay serves them.
 */

const CONFDIR = '/etc/iproute2';
/** The fact key under which the name files are recorded. */
export const NAME_FILES_FACT = 'iproute2-name-files';

type Files = Record<string, string | null>;

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** `dir/*.conf` in readdir order, as rtnl_rttable_initialize/rtnl_rtprot_initialize scan them. */
function confFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => !n.startsWith('.') && n.length > 5 && n.endsWith('.conf'))
      .map((n) => `${dir}/${n}`);
  } catch {
    return [];
  }
}

/** Read every file the databases use (live; the caller wraps this in env.fact). */
export function readNameFiles(): Files {
  const files: Files = {};
  for (const p of [
    `${CONFDIR}/rt_tables`,
    `${CONFDIR}/rt_protos`,
    `${CONFDIR}/rt_realms`,
    `${CONFDIR}/rt_dsfield`,
    `${CONFDIR}/group`,
    '/etc/protocols',
  ])
    files[p] = readOrNull(p);
  const tablesD = confFiles(`${CONFDIR}/rt_tables.d`);
  const protosD = confFiles(`${CONFDIR}/rt_protos.d`);
  files['rt_tables.d'] = JSON.stringify(tablesD);
  files['rt_protos.d'] = JSON.stringify(protosD);
  for (const p of [...tablesD, ...protosD]) files[p] = readOrNull(p);
  return files;
}

/** fread_id_name's parser is shared with the route tables. */
export { parseIdNames } from '../../netlink/route/names.js';
import { parseIdNames } from '../../netlink/route/names.js';

/** A hash of id -> names with iproute2's chaining: later file entries shadow earlier ones. */
class HashDb {
  private readonly buckets: { id: number; name: string }[][] = Array.from({ length: 256 }, () => []);
  add(id: number, name: string): void {
    if (id < 0) return;
    this.buckets[id & 255]!.unshift({ id, name });
  }
  name(id: number): string | undefined {
    return this.buckets[id & 255]!.find((e) => e.id === id)?.name;
  }
  /** First match scanning buckets 0..255, like rtnl_rttable_a2n / rtnl_group_a2n. */
  id(name: string): number | undefined {
    for (const b of this.buckets) {
      const e = b.find((x) => x.name === name);
      if (e) return e.id;
    }
    return undefined;
  }
  /** rtnl_group_n2a scans every bucket for the id. */
  anyName(id: number): string | undefined {
    for (const b of this.buckets) {
      const e = b.find((x) => x.id === id);
      if (e) return e.name;
    }
    return undefined;
  }
}

/** Routing protocol names (rtnl_rtprot_tab, <linux/rtnetlink.h> RTPROT_*). */
const RTPROT: Record<number, string> = {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  8: 'gated',
  9: 'ra',
  10: 'mrt',
  11: 'zebra',
  12: 'bird',
  13: 'dnrouted',
  14: 'xorp',
  15: 'ntk',
  16: 'dhcp',
  18: 'keepalived',
  42: 'babel',
  186: 'bgp',
  187: 'isis',
  188: 'ospf',
  189: 'rip',
  192: 'eigrp',
};

/** RTN_* names (ip/rtm_map.c rtnl_rtntype_n2a). */
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

export class NameDb {
  private files: Files | undefined;
  private tables: HashDb | undefined;
  private groups: HashDb | undefined;
  private protos: (string | undefined)[] | undefined;
  private realms: (string | undefined)[] | undefined;
  private dsfields: (string | undefined)[] | undefined;
  private ipProtos: { name: string; number: number; aliases: string[] }[] | undefined;

  constructor(
    private readonly load: () => Files,
    readonly numeric: boolean,
  ) {}

  static forEnv(env: CommandEnv): NameDb {
    return new NameDb(() => env.fact(NAME_FILES_FACT, readNameFiles), env.opts.numeric);
  }

  private file(path: string): string | null {
    this.files ??= this.load();
    return this.files[path] ?? null;
  }
  private dir(key: string): string[] {
    const v = this.file(key);
    return v ? (JSON.parse(v) as string[]) : [];
  }

  private tab(path: string, initial: Record<number, string>, extra: string[] = []): (string | undefined)[] {
    const t: (string | undefined)[] = new Array<string | undefined>(256);
    for (const [k, v] of Object.entries(initial)) t[Number(k)] = v;
    for (const p of [path, ...extra]) {
      for (const [id, name] of parseIdNames(this.file(p))) if (id >= 0 && id < 256) t[id] = name;
    }
    return t;
  }

  private tableDb(): HashDb {
    if (!this.tables) {
      const db = new HashDb();
      db.add(253, 'default');
      db.add(254, 'main');
      db.add(255, 'local');
      for (const p of [`${CONFDIR}/rt_tables`, ...this.dir('rt_tables.d')])
        for (const [id, name] of parseIdNames(this.file(p))) db.add(id >>> 0, name);
      this.tables = db;
    }
    return this.tables;
  }

  /** rtnl_rttable_n2a. */
  tableName(id: number): string {
    if (this.numeric) return String(id >>> 0);
    const builtIn = id === 253 ? 'default' : id === 254 ? 'main' : id === 255 ? 'local' : undefined;
    // ip only reads the files for ids it does not know, but reading them first gives the same answer
    // unless a file renames a built-in table, in which case ip also uses the file's name.
    return this.tableDb().name(id) ?? builtIn ?? String(id >>> 0);
  }

  /** rtnl_rttable_a2n: a name, else a number (strtoul base 0) up to RT_TABLE_MAX. */
  tableId(arg: string): number | undefined {
    const byName = this.tableDb().id(arg);
    if (byName !== undefined) return byName;
    const n = strtoul0(arg);
    return n !== undefined && n <= 0xffffffff ? n : undefined;
  }

  /** rtnl_rtprot_n2a. */
  protoName(id: number): string {
    if (this.numeric || id < 0 || id >= 256) return String(id);
    if (RTPROT[id] !== undefined && !this.protos) return RTPROT[id];
    this.protos ??= this.tab(`${CONFDIR}/rt_protos`, RTPROT, this.dir('rt_protos.d'));
    return this.protos[id] ?? String(id);
  }

  /** rtnl_rtprot_a2n. */
  protoId(arg: string): number | undefined {
    this.protos ??= this.tab(`${CONFDIR}/rt_protos`, RTPROT, this.dir('rt_protos.d'));
    const i = this.protos.indexOf(arg);
    if (i >= 0) return i;
    const n = strtoul0(arg);
    return n !== undefined && n <= 255 ? n : undefined;
  }

  /** rtnl_rtrealm_n2a. */
  realmName(id: number): string {
    if (this.numeric || id < 0 || id >= 256) return String(id);
    if (id === 0 && !this.realms) return 'unknown';
    this.realms ??= this.tab(`${CONFDIR}/rt_realms`, { 0: 'unknown' });
    return this.realms[id] ?? String(id);
  }

  /** rtnl_rtrealm_a2n: a name from rt_realms, else a number (strtoul base 0) up to 255. */
  realmId(arg: string): number | undefined {
    this.realms ??= this.tab(`${CONFDIR}/rt_realms`, { 0: 'unknown' });
    const i = this.realms.indexOf(arg);
    if (i >= 0) return i;
    const n = strtoul0(arg);
    return n !== undefined && n <= 255 ? n : undefined;
  }

  /** rtnl_dsfield_n2a: a name from rt_dsfield, else "0x%02x". */
  dsfieldName(id: number): string {
    if (id < 0 || id >= 256) return String(id);
    if (!this.numeric) {
      if (id === 0 && !this.dsfields) return '0';
      this.dsfields ??= this.tab(`${CONFDIR}/rt_dsfield`, { 0: '0' });
      const n = this.dsfields[id];
      if (n !== undefined) return n;
    }
    return '0x' + id.toString(16).padStart(2, '0');
  }

  /** rtnl_dsfield_a2n: a name, else hex (strtoul base 16) up to 255. */
  dsfieldId(arg: string): number | undefined {
    this.dsfields ??= this.tab(`${CONFDIR}/rt_dsfield`, { 0: '0' });
    const i = this.dsfields.indexOf(arg);
    if (i >= 0) return i;
    if (!/^\s*[+]?(0[xX])?[0-9a-fA-F]+$/.test(arg)) return undefined;
    const n = parseInt(arg.trim().replace(/^\+/, ''), 16);
    return n <= 255 ? n : undefined;
  }

  private groupDb(): HashDb {
    if (!this.groups) {
      const db = new HashDb();
      db.add(0, 'default');
      for (const [id, name] of parseIdNames(this.file(`${CONFDIR}/group`))) db.add(id, name);
      this.groups = db;
    }
    return this.groups;
  }

  /** rtnl_group_a2n: a name from /etc/iproute2/group, else a non-negative number (strtol base 0). */
  groupId(arg: string): number | undefined {
    const byName = this.groupDb().id(arg);
    if (byName !== undefined) return byName;
    const n = strtoul0(arg);
    return n !== undefined && n <= 0x7fffffff ? n : undefined;
  }

  /** rtnl_group_n2a. */
  groupName(id: number): string {
    if (this.numeric) return String(id);
    return this.groupDb().anyName(id) ?? String(id);
  }

  private protocols(): { name: string; number: number; aliases: string[] }[] {
    if (!this.ipProtos) {
      this.ipProtos = [];
      for (const raw of (this.file('/etc/protocols') ?? '').split('\n')) {
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
  ipProtoId(arg: string): number | undefined {
    if (/^\d+$/.test(arg)) {
      const n = Number(arg);
      if (n <= 255) return n;
    }
    const p = this.protocols().find((x) => x.name === arg || x.aliases.includes(arg));
    return p?.number;
  }
}

/** rtnl_rtntype_n2a. */
export function rtnTypeName(id: number, numeric: boolean): string {
  if (numeric) return String(id);
  return RTN_NAMES[id] ?? String(id);
}

/** C strtoul(arg, &end, 0) accepting the whole word only: decimal, 0x hex or 0 octal. */
export function strtoul0(arg: string): number | undefined {
  const s = arg.replace(/^\s+/, '').replace(/^\+/, '');
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = parseInt(s, 8);
  else if (/^[1-9]\d*$/.test(s)) n = Number(s);
  else return undefined;
  return Number.isFinite(n) ? n : undefined;
}
