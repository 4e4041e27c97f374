// Every op number nlts computes from the kernel's own YNL spec files must be
// the number the kernel uses: the value of the op's enum constant in the UAPI
// header of the same linux-source tree, and the number the kernel's own
// tools/net/ynl/lib/nlspec.py computes. The tree comes from the pinned Debian
// linux-source package, fetched by scripts/fetch-linux-source.sh into a cache.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledSpec,
  loadSpecFile,
  parseYaml,
  type Spec,
  type YamlValue,
} from '../../src/netlink/genl/index.js';
import { ROOT } from '../support/cli.js';
import { linuxSourceTree } from '../support/linux-source.js';
import { parseUapiHeader } from '../support/uapi-enums.mjs';

const tree = linuxSourceTree();
const TREE = 'dir' in tree ? tree.dir : '';
if ('reason' in tree) console.warn(`skipping the kernel YNL numbering test: ${tree.reason}`);
const SPECS = TREE ? path.join(TREE, 'Documentation/netlink/specs') : '';
const specFiles = TREE ? readdirSync(SPECS).filter((f) => f.endsWith('.yaml')) : [];

type Obj = { [key: string]: YamlValue };
const isObj = (v: YamlValue | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** ynl-gen-c.py's c_upper. */
const cUpper = (s: string): string => s.toUpperCase().replace(/-/g, '_');

const headers = new Map<string, Map<string, number> | null>();
function headerConstants(rel: string): Map<string, number> | null {
  if (!headers.has(rel)) {
    const file = path.join(TREE, 'include/uapi', rel);
    headers.set(rel, existsSync(file) ? parseUapiHeader(file).constants : null);
  }
  return headers.get(rel)!;
}

interface Check {
  op: string;
  what: 'request' | 'reply' | 'notification';
  constant: string;
  nlts: number;
  header: number | undefined;
}

/**
 * The enum constants YNL names for each op (ynl-gen-c.py: op_prefix =
 * operations.name-prefix or "<family>-cmd-", async_op_prefix =
 * operations.async-prefix or op_prefix; constant = prefix + c_upper(op name)),
 * looked up in the spec's uapi-header (default linux/<family>.h). ethtool's
 * header is hand-written (linux/ethtool_netlink.h, not the default name) and
 * numbers replies as <prefix><OP>_REPLY in its kernel→user enum; the reply
 * numbers of other directional families (devlink, nlctrl) are the numbers of
 * differently named commands and are checked against nlspec.py only.
 */
function headerChecks(spec: Spec, doc: Obj): { checks: Check[]; header: string } {
  const ident = spec.name.replace(/-/g, '_');
  const ops = isObj(doc.operations) ? doc.operations : {};
  const directional = ops['enum-model'] === 'directional';
  let header = typeof doc['uapi-header'] === 'string' ? doc['uapi-header'] : `linux/${ident}.h`;
  let prefix = cUpper(typeof ops['name-prefix'] === 'string' ? ops['name-prefix'] : `${spec.name}-cmd-`);
  if (doc.protocol === 'netlink-raw') {
    // Classic rtnetlink message types: RTM_<OP> in <linux/rtnetlink.h>.
    header = 'linux/rtnetlink.h';
    prefix = 'RTM_';
  }
  const asyncPrefix = typeof ops['async-prefix'] === 'string' ? cUpper(ops['async-prefix']) : prefix;
  let consts = headerConstants(header);
  const firstName = spec.ops[0] ? prefix + cUpper(spec.ops[0].name) : '';
  if (!consts?.has(firstName) && headerConstants(`linux/${ident}_netlink.h`)?.has(firstName)) {
    header = `linux/${ident}_netlink.h`;
    consts = headerConstants(header);
  }
  if (!consts) throw new Error(`${spec.name}: no header include/uapi/${header}`);
  const checks: Check[] = [];
  for (const op of spec.ops) {
    const base = (op.notification ? asyncPrefix : prefix) + cUpper(op.name);
    if (op.notification && directional) {
      checks.push({
        op: op.name,
        what: 'notification',
        constant: base,
        nlts: op.replyValue,
        header: consts.get(base),
      });
      continue;
    }
    checks.push({
      op: op.name,
      what: op.notification ? 'notification' : 'request',
      constant: base,
      nlts: op.value,
      header: consts.get(base),
    });
    if (directional && op.replyValue >= 0 && consts.has(`${base}_REPLY`)) {
      checks.push({
        op: op.name,
        what: 'reply',
        constant: `${base}_REPLY`,
        nlts: op.replyValue,
        header: consts.get(`${base}_REPLY`),
      });
    }
  }
  return { checks, header };
}

/** nftables numbers its messages (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_*: no YNL-named constant holds them. */
const NOT_HEADER_CHECKED = new Set(['nftables']);

/** req_value and rsp_value of every op as the tree's own tools/net/ynl/lib/nlspec.py computes them. */
function nlspecNumbers():
  { numbers: Record<string, Record<string, [number | null, number | null]>> } | { reason: string } {
  const lib = path.join(TREE, 'tools/net/ynl/lib/nlspec.py');
  if (!existsSync(lib)) return { reason: `no ${lib}` };
  const py = `
import importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location('nlspec', sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
out = {}
for f in sorted(os.listdir(sys.argv[2])):
    if not f.endswith('.yaml'): continue
    fam = m.SpecFamily(os.path.join(sys.argv[2], f), schema_path='')
    out[f] = {op.name: [op.req_value, op.rsp_value] for op in fam.msgs.values()}
print(json.dumps(out))
`;
  try {
    const text = execFileSync('python3', ['-c', py, lib, SPECS], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { numbers: JSON.parse(text) };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return {
      reason: `python3 could not run nlspec.py: ${(err.stderr || err.message).trim().split('\n').pop()}`,
    };
  }
}

describe.skipIf(!TREE)('kernel YNL specs: nlts numbers ops as the kernel does', () => {
  it('finds the kernel spec files, with ethtool among them', () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(10);
    expect(specFiles).toContain('ethtool.yaml');
    expect(specFiles).toContain('netdev.yaml');
  });

  for (const file of specFiles) {
    it(`${file}: every op number equals its enum constant in the UAPI header`, () => {
      const spec = loadSpecFile(path.join(SPECS, file));
      if (NOT_HEADER_CHECKED.has(spec.name)) {
        console.warn(
          `${file}: not checked against a header (${spec.name} message numbers have no YNL-named constant)`,
        );
        return;
      }
      const doc = parseYaml(readFileSync(path.join(SPECS, file), 'utf8')) as Obj;
      const { checks, header } = headerChecks(spec, doc);
      expect(checks.length, `${file}: nothing to check`).toBeGreaterThan(0);
      const missing = checks.filter((c) => c.header === undefined).map((c) => c.constant);
      expect(missing, `${file}: constants missing from include/uapi/${header}`).toEqual([]);
      const wrong = checks
        .filter((c) => c.header !== c.nlts)
        .map((c) => `${c.op} ${c.what}: nlts ${c.nlts}, ${c.constant} = ${c.header}`);
      expect(wrong, `${file}: numbers that differ from include/uapi/${header}`).toEqual([]);
    });
  }

  it('ethtool: requests, replies and notifications are all checked against ethtool_netlink.h', () => {
    const file = path.join(SPECS, 'ethtool.yaml');
    const spec = loadSpecFile(file);
    const { checks, header } = headerChecks(spec, parseYaml(readFileSync(file, 'utf8')) as Obj);
    expect(header).toBe('linux/ethtool_netlink.h');
    const count = (w: Check['what']): number => checks.filter((c) => c.what === w).length;
    expect(count('request')).toBe(spec.ops.filter((o) => !o.notification).length);
    expect(count('notification')).toBe(spec.ops.filter((o) => o.notification).length);
    expect(count('reply')).toBe(spec.ops.filter((o) => !o.notification && o.replyValue >= 0).length);
    const channels = spec.ops.find((o) => o.name === 'channels-get')!;
    const consts = headerConstants(header)!;
    expect(channels.value).toBe(consts.get('ETHTOOL_MSG_CHANNELS_GET'));
    expect(channels.replyValue).toBe(consts.get('ETHTOOL_MSG_CHANNELS_GET_REPLY'));
    for (const o of spec.ops.filter((x) => x.notification)) expect(o.value).toBe(-1);
  });

  it("every op's request and reply numbers equal those of the tree's own nlspec.py", (ctx) => {
    const r = nlspecNumbers();
    if ('reason' in r) {
      console.warn(`skipping the nlspec.py comparison: ${r.reason}`);
      ctx.skip();
      return;
    }
    const wrong: string[] = [];
    for (const file of specFiles) {
      const ours = loadSpecFile(path.join(SPECS, file));
      const theirs = r.numbers[file] ?? {};
      expect(Object.keys(theirs).sort(), file).toEqual(ours.ops.map((o) => o.name).sort());
      for (const op of ours.ops) {
        const [req, rsp] = theirs[op.name]!;
        const mine: [number | null, number | null] = [
          op.value >= 0 ? op.value : null,
          op.replyValue >= 0 ? op.replyValue : null,
        ];
        if (mine[0] !== req || mine[1] !== rsp) {
          wrong.push(
            `${file} ${op.name}: nlts ${JSON.stringify(mine)}, nlspec.py ${JSON.stringify([req, rsp])}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

// ---- the specs nlts ships (specs/*.yaml) against the same tree's UAPI headers ----

const SHIPPED = path.join(ROOT, 'specs');
const shippedFiles = readdirSync(SHIPPED).filter((f) => f.endsWith('.yaml'));

/** Op names a spec's overlay adds for kernels newer than the tree: not in its headers yet. */
function newerThanTree(family: string): Set<string> {
  const file = path.join(SHIPPED, 'overlay', `${family}.yaml`);
  if (!existsSync(file)) return new Set();
  const ov = parseYaml(readFileSync(file, 'utf8')) as Obj;
  const ops = isObj(ov.operations) && Array.isArray(ov.operations.list) ? ov.operations.list : [];
  return new Set(ops.filter(isObj).map((o) => String(o.name)));
}

/**
 * Enum and attribute numbers that have a constant in the header: the spec's
 * name-prefix, else YNL's default (<family>-a-<set>- for attribute sets,
 * <family>-<enum>- for enums); ethtool's string sets are ETH_SS_* of
 * <linux/ethtool.h>. Returns "name: spec N, CONST = M" for each that differs.
 */
function valueChecks(
  spec: Spec,
  doc: Obj,
  consts: Map<string, number>,
): { checked: number; wrong: string[] } {
  const wrong: string[] = [];
  let checked = 0;
  const check = (constant: string, mine: number, what: string): void => {
    const theirs = consts.get(constant) ?? headerConstants('linux/ethtool.h')?.get(constant);
    if (theirs === undefined) return;
    checked++;
    if (theirs !== mine) wrong.push(`${what}: spec ${mine}, ${constant} = ${theirs}`);
  };
  for (const s of Array.isArray(doc['attribute-sets']) ? doc['attribute-sets'] : []) {
    if (!isObj(s) || s['subset-of']) continue;
    const set = spec.attributeSets.get(String(s.name))!;
    const prefix = cUpper(
      typeof s['name-prefix'] === 'string' ? s['name-prefix'] : `${spec.name}-a-${set.name}-`,
    );
    for (const a of set.byValue.values()) check(prefix + cUpper(a.name), a.value, `${set.name}.${a.name}`);
  }
  for (const d of Array.isArray(doc.definitions) ? doc.definitions : []) {
    if (!isObj(d) || d.type !== 'enum') continue;
    const e = spec.definitions.get(String(d.name))!;
    const prefix =
      spec.name === 'ethtool' && e.name === 'stringset'
        ? 'ETH_SS_'
        : cUpper(typeof d['name-prefix'] === 'string' ? d['name-prefix'] : `${spec.name}-${e.name}-`);
    for (const [v, n] of e.byValue) check(prefix + cUpper(n), v, `enum ${e.name}.${n}`);
  }
  return { checked, wrong };
}

describe.skipIf(!TREE)('shipped specs (specs/*.yaml): every number equals the UAPI header', () => {
  it('ships the families of the tree and the hand-written ones', () => {
    for (const f of ['ethtool', 'netdev', 'nlctrl', 'mptcp_pm', 'devlink', 'dpll', 'team', 'ovs_flow'])
      expect(shippedFiles).toContain(`${f}.yaml`);
    for (const f of ['net_dm', 'ipvs', 'taskstats', 'thermal']) expect(shippedFiles).toContain(`${f}.yaml`);
  });

  for (const file of shippedFiles) {
    it(`${file}: op, attribute and enum numbers equal include/uapi constants`, () => {
      const spec = loadSpecFile(path.join(SHIPPED, file));
      const doc = parseYaml(readFileSync(path.join(SHIPPED, file), 'utf8')) as Obj;
      const { checks, header } = headerChecks(spec, doc);
      const newer = newerThanTree(spec.name);
      const missing = checks.filter((c) => c.header === undefined && !newer.has(c.op)).map((c) => c.constant);
      expect(missing, `${file}: constants missing from include/uapi/${header}`).toEqual([]);
      const wrong = checks
        .filter((c) => c.header !== undefined && c.header !== c.nlts)
        .map((c) => `${c.op} ${c.what}: nlts ${c.nlts}, ${c.constant} = ${c.header}`);
      expect(wrong, `${file}: op numbers that differ from include/uapi/${header}`).toEqual([]);
      const values = valueChecks(spec, doc, headerConstants(header)!);
      expect(values.wrong, `${file}: attribute/enum numbers that differ from include/uapi/${header}`).toEqual(
        [],
      );
      if (newer.size) console.warn(`${file}: ops newer than the tree, not checked: ${[...newer].join(' ')}`);
    });
  }

  it('the attribute and enum comparison reaches most of the shipped names', () => {
    let checked = 0;
    let names = 0;
    for (const file of shippedFiles) {
      const spec = loadSpecFile(path.join(SHIPPED, file));
      const doc = parseYaml(readFileSync(path.join(SHIPPED, file), 'utf8')) as Obj;
      checked += valueChecks(
        spec,
        doc,
        headerChecks(spec, doc).header ? headerConstants(headerChecks(spec, doc).header)! : new Map(),
      ).checked;
      for (const s of spec.attributeSets.values()) names += s.byName.size;
    }
    console.warn(
      `shipped specs: ${checked} attribute/enum numbers compared with UAPI constants (${names} attributes in all sets)`,
    );
    expect(checked).toBeGreaterThan(names / 2);
  });

  it('the known wrong numbers are right: mptcp events, nlctrl policy pad/mask, ethtool string sets', () => {
    const mptcp = bundledSpec('mptcp_pm')!;
    const events = headerConstants('linux/mptcp_pm.h')!;
    const ev = mptcp.definitions.get('event-type')!;
    for (const n of ['announced', 'removed', 'sub-established', 'sub-priority', 'listener-closed'])
      expect(ev.byName.get(n), n).toBe(events.get(`MPTCP_EVENT_${cUpper(n)}`));
    const policy = bundledSpec('nlctrl')!.attributeSets.get('policy-attrs')!;
    const nl = headerConstants('linux/netlink.h')!;
    expect(policy.byName.get('pad')!.value).toBe(nl.get('NL_POLICY_TYPE_ATTR_PAD'));
    expect(policy.byName.get('mask')!.value).toBe(nl.get('NL_POLICY_TYPE_ATTR_MASK'));
    const ss = bundledSpec('ethtool')!.definitions.get('stringset')!;
    expect(ss.byName.get('features')).toBe(headerConstants('linux/ethtool.h')!.get('ETH_SS_FEATURES'));
  });
});
