// Every op number nlts computes from the kernel's own YNL spec files must be
// the number the kernel uses: the value of the op's enum constant in the UAPI
// header of the same linux-source tree, and the number the kernel's own
// tools/net/ynl/lib/nlspec.py computes. The tree comes from the pinned Debian
// linux-source package, fetched by scripts/fetch-linux-source.sh into a cache.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecFile, parseYaml, type Spec, type YamlValue } from '../../src/netlink/genl/index.js';
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
