#!/usr/bin/env node
// Compares `nlts -j genl` with the kernel's own YNL CLI (tools/net/ynl/cli.py of
// the pinned linux-source tree, scripts/fetch-linux-source.sh) on the same
// kernel state: for each safe read op of the families this host has a kernel
// YNL spec for, the share of YNL's leaf values that nlts shows equal, at the
// same place, once with nlts's bundled specs and once with them switched off
// (`genl --no-spec`: names from the kernel's policy and the UAPI headers).
//
//   sudo node scripts/ynl-compare.mjs [--json] [--verbose]
//
// Runs in a network namespace it creates (nlh5cmp-<random>: lo, a veth pair
// with addresses, an MPTCP endpoint, a TCP connection for tcp_metrics) and
// deletes at the end. Needs root and a built dist/ (npx tsc -p tsconfig.build.json).
//
// Leaves: every scalar of YNL's JSON by its path (object keys, list
// positions). A list of scalars is one leaf compared as a set (YNL prints
// flags from a Python set, in no fixed order). YNL 6.12 prints an
// indexed-array entry as {"<index>": {...}}; that wrapper is taken off, as
// nlts prints the entry itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
const verbose = process.argv.includes('--verbose');

const tree = execFileSync(path.join(ROOT, 'scripts/fetch-linux-source.sh'), { encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();
const YNL = path.join(tree, 'tools/net/ynl/cli.py');
const SPECS = path.join(tree, 'Documentation/netlink/specs');

/** [family, verb, op, YNL --json body or null, nlts ATTR=VALUE words]. */
const ETHTOOL_DUMPS = [
  'strset-get',
  'linkinfo-get',
  'linkmodes-get',
  'linkstate-get',
  'debug-get',
  'features-get',
  'privflags-get',
  'rings-get',
  'channels-get',
  'coalesce-get',
  'pause-get',
  'eee-get',
  'tsinfo-get',
  'fec-get',
  'module-get',
  'rss-get',
  'mm-get',
  'tunnel-info-get',
  'phc-vclocks-get',
];
const CASES = [
  ['nlctrl', 'dump', 'getfamily', null, []],
  ['nlctrl', 'do', 'getfamily', { 'family-name': 'netdev' }, ['family-name=netdev']],
  ['nlctrl', 'dump', 'getpolicy', { 'family-name': 'nlctrl' }, ['family-name=nlctrl']],
  ['netdev', 'dump', 'dev-get', null, []],
  ['netdev', 'do', 'dev-get', { ifindex: 1 }, ['ifindex=1']],
  ['netdev', 'dump', 'page-pool-get', null, []],
  ['netdev', 'dump', 'queue-get', null, []],
  ['netdev', 'dump', 'napi-get', null, []],
  ['netdev', 'dump', 'qstats-get', null, []],
  ...ETHTOOL_DUMPS.map((op) => ['ethtool', 'dump', op, null, []]),
  ['ethtool', 'do', 'linkinfo-get', { header: { 'dev-name': 'v0' } }, ['header.dev-name=v0']],
  ['tcp_metrics', 'dump', 'get', null, []],
  ['mptcp_pm', 'dump', 'get-addr', null, []],
  ['mptcp_pm', 'do', 'get-limits', null, []],
];

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

const ns = `nlh5cmp-${randomBytes(3).toString('hex')}`;
function setup() {
  const run = (...a) => {
    const r = sh('ip', ['-n', ns, ...a]);
    if (r.code !== 0) throw new Error(`ip -n ${ns} ${a.join(' ')}: ${r.err.trim()}`);
  };
  if (sh('ip', ['netns', 'add', ns]).code !== 0) throw new Error(`cannot create netns ${ns} (root?)`);
  run('link', 'set', 'lo', 'up');
  run('link', 'add', 'v0', 'type', 'veth', 'peer', 'v1');
  run('addr', 'add', '10.71.0.1/24', 'dev', 'v0');
  run('addr', 'add', '10.71.0.2/24', 'dev', 'v1');
  run('link', 'set', 'v0', 'up');
  run('link', 'set', 'v1', 'up');
  sh('ip', ['-n', ns, 'mptcp', 'endpoint', 'add', '10.71.0.1', 'dev', 'v0', 'signal']);
  sh('ip', ['-n', ns, 'mptcp', 'limits', 'set', 'subflow', '2', 'add_addr_accepted', '2']);
  // One TCP connection over the veth pair, so tcp_metrics has an entry to dump.
  const py =
    'import socket\n' +
    's=socket.socket();s.bind(("10.71.0.1",0));s.listen(1);p=s.getsockname()[1]\n' +
    'c=socket.create_connection(("10.71.0.1",p),source_address=("10.71.0.2",0));a,_=s.accept()\n' +
    'c.sendall(b"x"*100000);a.recv(100000);a.sendall(b"y"*1000);c.recv(1000);c.close();a.close()\n';
  sh('ip', ['netns', 'exec', ns, 'python3', '-c', py]);
}

function ynl(family, verb, op, body) {
  const args = [
    YNL,
    '--no-schema',
    '--spec',
    path.join(SPECS, `${family}.yaml`),
    `--${verb}`,
    op,
    '--output-json',
  ];
  if (body) args.push('--json', JSON.stringify(body));
  const r = sh('ip', ['netns', 'exec', ns, 'python3', ...args]);
  const text = r.out.trim();
  if (!text) return { error: (r.err.trim().split('\n').pop() ?? '') || `exit ${r.code}` };
  try {
    return {
      value: JSON.parse(
        text
          .split('\n')
          .filter((l) => /^[[{]/.test(l))
          .join('\n'),
      ),
    };
  } catch {
    return { error: 'YNL printed no JSON' };
  }
}

function nlts(family, verb, op, words, noSpec) {
  const args = [path.join(ROOT, 'bin/nlts.js'), '-n', ns, '-j', 'genl', ...(noSpec ? ['--no-spec'] : [])];
  const r = sh('node', [...args, verb, family, op, ...words]);
  if (r.code !== 0) return { error: r.err.trim() };
  try {
    return { value: JSON.parse(r.out) };
  } catch {
    return { error: 'not JSON' };
  }
}

const isScalar = (v) => v === null || typeof v !== 'object';

/** YNL's leaves: path → value (see the head of this file). */
function leaves(v, at = '', out = new Map()) {
  if (isScalar(v)) out.set(at, v);
  else if (Array.isArray(v)) {
    if (v.every(isScalar)) out.set(at, JSON.stringify([...v].map(String).sort()));
    else
      v.forEach((x, i) => {
        const keys = x && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x) : [];
        const inner = keys.length === 1 && /^\d+$/.test(keys[0]) ? x[keys[0]] : x;
        leaves(inner, `${at}[${i}]`, out);
      });
  } else for (const [k, x] of Object.entries(v)) leaves(x, `${at}.${k}`, out);
  return out;
}

/** A do reply is one object: as a list of one, like a dump. */
const asList = (v) => (Array.isArray(v) ? v : [v]);

function compare(ynlValue, nltsValue) {
  const want = leaves(asList(ynlValue));
  const have = nltsValue === undefined ? new Map() : leaves(asList(nltsValue));
  let equal = 0;
  const diffs = [];
  for (const [p, v] of want) {
    if (have.has(p) && have.get(p) === v) equal++;
    else if (diffs.length < 5)
      diffs.push(`${p}: ynl ${JSON.stringify(v)} nlts ${JSON.stringify(have.get(p))}`);
  }
  return { total: want.size, equal, diffs };
}

/** The share of nlts's keys that are names, not attribute numbers. */
function namedShare(v) {
  let keys = 0;
  let named = 0;
  const walk = (x) => {
    if (isScalar(x)) return;
    if (Array.isArray(x)) return x.forEach(walk);
    for (const [k, y] of Object.entries(x)) {
      keys++;
      if (!/^\d+$/.test(k)) named++;
      walk(y);
    }
  };
  walk(v);
  return keys ? named / keys : 1;
}

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');

const rows = [];
try {
  setup();
  for (const [family, verb, op, body, words] of CASES) {
    const y = ynl(family, verb, op, body);
    const withSpec = nlts(family, verb, op, words, false);
    const noSpec = nlts(family, verb, op, words, true);
    const row = { family, op: `${verb} ${op}` };
    if (y.error) {
      rows.push({ ...row, skipped: `YNL: ${y.error}` });
      continue;
    }
    row.spec = compare(y.value, withSpec.value);
    row.nospec = compare(y.value, noSpec.value);
    row.namedSpec = withSpec.value === undefined ? 0 : namedShare(withSpec.value);
    row.namedNoSpec = noSpec.value === undefined ? 0 : namedShare(noSpec.value);
    if (withSpec.error) row.specError = withSpec.error;
    if (noSpec.error) row.nospecError = noSpec.error;
    rows.push(row);
  }
} finally {
  sh('ip', ['netns', 'del', ns]);
}

const counted = rows.filter((r) => !r.skipped);
const sum = (k, f) => counted.reduce((n, r) => n + r[k][f], 0);
const total = {
  spec: { equal: sum('spec', 'equal'), total: sum('spec', 'total') },
  nospec: { equal: sum('nospec', 'equal'), total: sum('nospec', 'total') },
};
if (json) {
  console.log(JSON.stringify({ tree, rows, total }, null, 2));
} else {
  const table = [
    ['family', 'op', 'values', 'named w/ spec', 'named w/o spec', 'equal w/ spec', 'equal w/o spec'],
  ];
  for (const r of rows) {
    if (r.skipped) {
      table.push([r.family, r.op, '-', '-', '-', '-', r.skipped.slice(0, 60)]);
      continue;
    }
    table.push([
      r.family,
      r.op,
      String(r.nospec.total),
      pct(r.namedSpec, 1),
      pct(r.namedNoSpec, 1),
      pct(r.spec.equal, r.spec.total),
      pct(r.nospec.equal, r.nospec.total) + (r.nospecError ? ` (${r.nospecError.slice(0, 40)})` : ''),
    ]);
  }
  table.push([
    'all',
    `${counted.length} ops`,
    String(total.nospec.total),
    '',
    '',
    pct(total.spec.equal, total.spec.total),
    pct(total.nospec.equal, total.nospec.total),
  ]);
  const w = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  for (const r of table)
    console.log(
      r
        .map((c, i) => String(c).padEnd(w[i]))
        .join('  ')
        .trimEnd(),
    );
  console.log(`\nYNL: ${YNL} (--no-schema), specs ${SPECS}`);
  if (verbose)
    for (const r of counted)
      if (r.nospec.diffs.length)
        console.log(`\n${r.family} ${r.op} (no spec):\n  ${r.nospec.diffs.join('\n  ')}`);
}
