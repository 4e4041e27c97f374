/**
 * The object registry (src/registry/registry.ts) is the one list of objects: the CLI
 * dispatches on it, usage, monitor, raw, the library and `npm run record`
 * iterate it. These tests hold every consumer and the man page to it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { USAGE, usageObjects } from '../../src/cli/usage.js';
import {
  OBJECTS,
  findObject,
  monitorObjects,
  recordScripts,
  rtnlObjects,
  type ObjectEntry,
} from '../../src/registry/registry.js';
import { MONITOR_HELP } from '../../src/commands/monitor/help.js';
import { OBJECT_WORDS, RTNL_GROUP_NAMES, RTNL_SOURCES } from '../../src/commands/monitor/rtnl.js';
import { typeName } from '../../src/commands/raw/names.js';
import { RTNLGRP } from '../../src/api/route-client.js';
import { RTM_NAMES, RTNLGRP_NAMES } from '../../src/netlink/gen/rtnetlink.js';
import { NETLINK_ROUTE } from '../../src/netlink/gen/netlink.js';
import { StringOutput } from '../../src/output/output.js';
import { ROOT } from '../support/cli.js';

const entries: readonly ObjectEntry[] = OBJECTS;

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const code = await run(args, { stdout, stderr, isTTY: false, env: {} });
  return { code, out: stdout.text + stderr.text };
}

/** How each word resolved before the registry existed (`node bin/nlts.js WORD help`), plus ntable. */
const ABBREVIATIONS: Record<string, string | undefined> = {
  l: 'link',
  li: 'link',
  link: 'link',
  a: 'address',
  ad: 'address',
  addr: 'address',
  r: 'route',
  ro: 'route',
  ru: 'rule',
  n: 'neigh',
  ne: 'neigh',
  nei: 'neigh',
  neighbor: 'neigh',
  neighbour: 'neigh',
  net: 'netns',
  netn: 'netns',
  netc: 'netconf',
  nex: 'nexthop',
  // ip's table has maddress before monitor: "m" is maddress (not provided), as in ip.
  m: 'maddress',
  mo: 'monitor',
  g: 'genl',
  ge: 'genl',
  d: 'dropwatch',
  dr: 'dropwatch',
  ra: 'raw',
  h: 'help',
  he: 'help',
  // New with ntable (ip's table has it after neighbour, before link): nothing that resolved before moved.
  nt: 'ntable',
  ntbl: 'ntable',
  x: 'xfrm',
  t: 'tunnel',
  ta: 'tuntap',
  to: 'token',
  s: 'sr',
  st: 'stats',
  v: 'vrf',
  mp: 'mptcp',
  z: undefined,
  addrl: 'addrlabel',
  '': undefined,
};

/** The first line `nlts OBJECT help` prints, by object. */
const HELP_FIRST_LINE: Record<string, RegExp> = {
  address: /^Usage: nlts address /,
  addrlabel: /^Usage: nlts addrlabel /,
  route: /^Usage: nlts route /,
  rule: /^Usage: nlts rule /,
  neigh: /^Usage: nlts neigh /,
  ntable: /^Usage: nlts ntable change /,
  link: /^Usage: nlts link /,
  monitor: /^Usage: nlts monitor /,
  netns: /^Usage: nlts netns /,
  token: /^Usage: nlts token /,
  netconf: /^Usage: nlts netconf /,
  nexthop: /^Usage: nlts nexthop /,
  genl: /^Usage: nlts genl /,
  raw: /^Usage: nlts raw /,
  dropwatch: /^Usage: nlts dropwatch /,
  help: /^Usage: nlts \[ OPTIONS \]/,
  maddress: /^Usage: nlts maddr \[ add \| del \] /,
  l2tp: /^nlts: "l2tp" is not available; use "ip l2tp"\./,
  fou: /^nlts: "fou" is not available; use "ip fou"\./,
  ila: /^nlts: "ila" is not available; use "ip ila"\./,
  macsec: /^nlts: "macsec" is not available; use "ip macsec"\./,
  tunnel: /^nlts: "tunnel" is not available; use "ip tunnel"\./,
  tuntap: /^Usage: nlts tuntap /,
  tcpmetrics: /^nlts: "tcpmetrics" is not available; use "ip tcpmetrics"\./,
  xfrm: /^nlts: "xfrm" is not available; use "ip xfrm"\./,
  mroute: /^nlts: "mroute" is not available; use "ip mroute"\./,
  mrule: /^nlts: "mrule" is not available; use "ip mrule"\./,
  vrf: /^Usage:\tnlts vrf show /,
  sr: /^nlts: "sr" is not available; use "ip sr"\./,
  mptcp: /^Usage: nlts mptcp /,
  ioam: /^nlts: "ioam" is not available; use "ip ioam"\./,
  stats: /^Usage: nlts stats help/,
};

describe('registry: CLI dispatch', () => {
  it('abbreviations resolve as they did before, in ip order', () => {
    for (const [word, name] of Object.entries(ABBREVIATIONS))
      expect([word, findObject(word)?.name]).toEqual([word, name]);
  });

  it('every word and every prefix of it reaches its object or one ip lists earlier', () => {
    const order = entries.flatMap((o) => o.words.map((w) => ({ w, o })));
    order.forEach(({ w, o }, i) => {
      for (let n = 1; n <= w.length; n++) {
        const hit = findObject(w.slice(0, n))!;
        const first = order.findIndex((x) => x.w.startsWith(w.slice(0, n)));
        expect(first).toBeLessThanOrEqual(i);
        expect(hit).toBe(order[first]!.o);
      }
      expect(findObject(w)).toBe(o);
    });
  });

  it('every object is dispatchable by each of its words and their shortest unique-by-order prefix', async () => {
    expect(Object.keys(HELP_FIRST_LINE).sort()).toEqual(entries.map((o) => o.name).sort());
    for (const o of entries) {
      for (const w of o.words) {
        let short = w;
        while (short.length > 1 && findObject(short.slice(0, -1)) === o) short = short.slice(0, -1);
        for (const word of new Set([w, short])) {
          const r = await cli([word, 'help']);
          expect([word, r.out.split('\n')[0]]).toEqual([
            word,
            expect.stringMatching(HELP_FIRST_LINE[o.name]!),
          ]);
        }
      }
    }
  });

  it('long-running objects are the listeners', () => {
    expect(entries.filter((o) => o.longRunning).map((o) => o.name)).toEqual(['monitor', 'raw', 'dropwatch']);
  });
});

describe('registry: usage and man pages', () => {
  const usageObjectLine = /OBJECT := \{([^}]*)\}/
    .exec(USAGE)![1]!
    .split('|')
    .map((s) => s.trim());

  it('nlts help lists every usage object and nothing else', () => {
    expect(usageObjectLine).toEqual(usageObjects());
    for (const o of entries) expect(usageObjectLine.includes(o.words[0]!)).toBe(o.usage);
  });

  it("every man page the registry names exists and is on usage's See line", () => {
    for (const o of entries) {
      if (!o.man) continue;
      expect(existsSync(path.join(ROOT, 'man', `${o.man}.8`)), o.man).toBe(true);
      expect(USAGE.replace(/\s+/g, ' ')).toContain(`${o.man}(8)`);
    }
    // and no page is left out of the registry
    const pages = readdirSync(path.join(ROOT, 'man')).filter((f) => f.startsWith('nlts-'));
    expect(pages.sort()).toEqual(entries.flatMap((o) => (o.man ? [`${o.man}.8`] : [])).sort());
  });

  /** man/nlts.8 as plain text: roff font escapes and macros stripped, \- made "-". */
  function manText(file: string): string {
    const out: string[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.startsWith('.\\"')) continue;
      const m = /^\.(B|I|BR|RB|BI|IB|IR|RI|SH|SS)\s+(.*)$/.exec(line);
      let text = line;
      if (m) {
        const args = [...m[2]!.matchAll(/"([^"]*)"|(\S+)/g)].map((a) => a[1] ?? a[2]!);
        text = m[1]!.length === 1 || m[1]!.startsWith('S') ? args.join(' ') : args.join('');
      } else if (line.startsWith('.')) continue;
      out.push(text.replace(/\\f[BIRP]/g, '').replace(/\\-/g, '-'));
    }
    return out.join('\n');
  }
  const man = manText(path.join(ROOT, 'man/nlts.8'));
  // "-n[etns]" is how the page spells -netns; "[", "]" dropped makes it findable.
  const manWords = man.replace(/[[\]]/g, '');

  it('man/nlts.8 names every object in its synopsis and its OBJECTS section', () => {
    const synopsis = /OBJECT := \{([^}]*)\}/
      .exec(man)![1]!
      .split('|')
      .map((s) => s.trim());
    expect(synopsis).toEqual(usageObjects());
    const start = man.indexOf('\nOBJECTS\n');
    expect(start).toBeGreaterThan(0);
    const section = man.slice(start, man.indexOf('\nRECORD AND REPLAY\n', start));
    for (const o of entries) {
      for (const w of [o.name, ...o.words])
        expect(section, `man/nlts.8 OBJECTS lacks "${w}"`).toMatch(
          new RegExp(`(^|[\\s,])${w}([\\s,]|$)`, 'm'),
        );
      if (o.man) expect(section).toContain(`${o.man}(8)`);
    }
  });

  it('man/nlts.8 describes every global option src/cli/options.ts accepts', () => {
    const src = readFileSync(path.join(ROOT, 'src/cli/options.ts'), 'utf8');
    const options = new Set<string>();
    for (const m of src.matchAll(/'(--?[A-Za-z0-9][\w-]*)'/g)) options.add(m[1]!);
    expect(options.size).toBeGreaterThan(20);
    for (const o of ['-json', '-netns', '-4', '--record', '--replay', '--help']) expect(options).toContain(o);
    for (const o of options) {
      const re = new RegExp(`(^|[^\\w-])${o.replace(/[-]/g, '\\-')}(?![A-Za-z0-9])`, 'm');
      expect(re.test(manWords), `man/nlts.8 does not mention ${o}`).toBe(true);
    }
  });
});

describe('registry: rtnetlink objects', () => {
  it("every rtnetlink object's groups and message types are in the generated tables", () => {
    for (const { object, rtnl } of rtnlObjects()) {
      for (const g of rtnl.groups)
        expect(RTNLGRP_NAMES[g.group], `${object.name} group ${g.group}`).toMatch(/^RTNLGRP_/);
      for (const [kind, t] of Object.entries(rtnl.types)) {
        // RTM_NEWLINK shares its value with RTM_BASE, the name the generated table keeps.
        expect(RTM_NAMES[t], `${object.name} ${kind}`).toMatch(/^RTM_/);
        expect(typeName(NETLINK_ROUTE, t)).toMatch(new RegExp(`^RTM_${kind.toUpperCase()}`));
      }
    }
  });

  it('monitor sources, words, labels and help follow the registry in ipmonitor.c order', () => {
    const mons = monitorObjects();
    expect(RTNL_SOURCES.map((s) => s.name)).toEqual(mons.map((m) => m.source));
    expect(OBJECT_WORDS).toEqual(mons.map((m) => [m.rtnl.monitor.word, m.source]));
    expect(OBJECT_WORDS.map(([w]) => w)).toEqual([
      'link',
      'address',
      'route',
      'neigh',
      'netconf',
      'rule',
      'nsid',
      'nexthop',
    ]);
    expect(RTNL_SOURCES.map((s) => s.label)).toEqual([
      '[LINK]',
      '[ADDR]',
      '[ROUTE]',
      '[NEIGH]',
      '[NETCONF]',
      '[RULE]',
      '[NSID]',
      '[NEXTHOP]',
    ]);
    expect(MONITOR_HELP).toContain(`OBJECTS := { ${mons.map((m) => m.rtnl.monitor.word).join(' | ')} }...`);
    for (const s of RTNL_SOURCES) {
      const spec = mons.find((m) => m.source === s.name)!.rtnl;
      expect([s.newType, s.delType]).toEqual([spec.types.new, spec.types.del]);
      expect(new Set(s.groups(0))).toEqual(new Set(spec.groups.map((g) => g.group)));
      for (const fam of [0, 2, 10, 28, 7]) {
        for (const g of s.groups(fam)) expect(spec.groups.map((x) => x.group)).toContain(g);
        expect(spec.groups.map((x) => x.group)).toContain(
          s.groupOf({ type: s.newType, flags: 0, seq: 0, pid: 0, payload: new Uint8Array([fam, 0, 0, 0]) }),
        );
      }
    }
  });

  it('group names: JSON records and the library both spell them from the generated table', () => {
    expect(Object.fromEntries(RTNL_GROUP_NAMES)).toEqual({
      1: 'link',
      3: 'neigh',
      5: 'ipv4-ifaddr',
      7: 'ipv4-route',
      8: 'ipv4-rule',
      9: 'ipv6-ifaddr',
      11: 'ipv6-route',
      19: 'ipv6-rule',
      24: 'ipv4-netconf',
      25: 'ipv6-netconf',
      27: 'mpls-route',
      28: 'nsid',
      29: 'mpls-netconf',
      32: 'nexthop',
    });
    const lib = RTNLGRP as Readonly<Record<string, number>>;
    for (const { rtnl } of rtnlObjects())
      for (const g of rtnl.groups) expect(lib[RTNLGRP_NAMES[g.group]!.slice(8).toLowerCase()]).toBe(g.group);
  });
});

describe('registry: golden recordings', () => {
  it('every case file exists and a golden test replays it', () => {
    const tests = readdirSync(path.join(ROOT, 'test/golden'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(path.join(ROOT, 'test/golden', f), 'utf8'))
      .join('\n');
    for (const s of recordScripts()) {
      expect(existsSync(path.join(ROOT, s.script)), s.script).toBe(true);
      for (const c of s.cases) {
        expect(existsSync(path.join(ROOT, c)), c).toBe(true);
        expect(tests).toContain(`from './${path.basename(c)}'`);
      }
    }
  });

  it('scripts/record.mjs --list prints each record script once, VM ones as skipped', () => {
    if (!existsSync(path.join(ROOT, 'dist/registry.js'))) return; // needs a build (npm test builds first)
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/record.mjs'), '--list'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(recordScripts().length);
    for (const s of recordScripts()) {
      const line = lines.find((l) => l.includes(`node ${s.script} `))!;
      expect(line).toMatch(s.vm ? /^skip / : /^run /);
    }
    // The scripts npm run record chained by hand before: all still there.
    for (const old of [
      'record-goldens',
      'record-addr-goldens',
      'record-route-goldens',
      'record-neigh-rule-goldens',
      'record-genl-goldens',
      'record-raw-goldens',
      'record-monitor-goldens',
      'record-nexthop-netconf-goldens',
    ])
      expect(r.stdout).toContain(`run node scripts/${old}.mjs`);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.record).toBe('npm run build && node scripts/record.mjs');
  });
});
