#!/usr/bin/env node
// The floor under issue 15's speed targets, measured side by side in one run (ratios of medians):
//
//   node -e 0                  Node's own start and exit
//   ESM entry + addon          the least an ES-module program that loads nlts's .node addon costs
//   C dump                     bench/dump-floor.c: the kernel building the dump and one process reading
//                              it with a 32 KiB buffer, nothing formatted (compiled here with cc)
//   Node dump                  the same dump read by an ES module through nlts's addon into one reused
//                              32 KiB buffer, each message header walked in JS, nothing kept or formatted
//   ip / nlts                  the real commands, -j and text
//   purpose-built (links only) bench/link-json-floor.cjs: a Node program that prints `ip -j link
//                              show` for lo and veths and nothing else, as fast as its author could
//                              make it; timed only when its output is byte for byte ip's
//
// After the timed rounds each case runs 3 more times under GNU time for its minor page faults
// (memory touched for the first time), and a child measures what one such fault costs on this
// machine: on the shared development VM it is ~13 us per 4 KiB page, so every MiB a process touches
// costs ~3 ms, which a C program that touches 15 MiB pays far less of than a Node process (~40 MiB
// for `node -e 0` alone).
//
// "floor" = ESM entry + addon + C dump: what any Node program that prints the dump pays before
// formatting its first byte. When floor / ip already exceeds a target, no Node process started per
// command can meet it; the rest of nlts's time (nlts - floor) is its own decoding and printing.
// The purpose-built program is the other bound: what decoding and printing cost when nothing is
// general (one output, the fields of two link types, no options).
//
//   sudo node bench/floor.mjs [--links 4000] [--routes 100000,1000000] [--reps 7] [--nlts-cmd CMD]
//
// --links N: N veth pairs (2N+1 interfaces); --links 0 or --routes 0 skips that part.
// Namespaces nlts-fbench-<pid>-{links,routes} are always deleted (also on SIGINT/SIGTERM/SIGHUP).
import './clean-env.mjs';
import { nltsCommand } from './nlts-cmd.mjs';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// nlts's own request encoders and wire constants, for the Node dump's request (needs a build).
const dist = (f) => import(path.join(REPO, 'dist', f));
const { encodeMessage } = await dist('netlink/codec/message.js');
const { encodeGetLinkRequest } = await dist('netlink/route/link.js');
const { encodeRouteDumpRequest } = await dist('netlink/route/route.js');
const { NETLINK_ROUTE, NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP, NLM_F_REQUEST } =
  await dist('netlink/gen/netlink.js');
const { RTEXT_FILTER_SKIP_STATS, RTEXT_FILTER_VF, RTM_GETLINK, RTM_GETROUTE, RT_TABLE_MAIN } =
  await dist('netlink/gen/rtnetlink.js');
const { AF_INET } = await dist('netlink/gen/socket.js');
/**
 * The wire constants link-json-floor.cjs reads, from the generated modules (and the codec's
 * NLA_TYPE_MASK), as JSON: the program names them itself (--constants), none is typed there.
 */
async function linkFloorConstants(program) {
  const all = {
    ...(await dist('netlink/gen/if_link.js')),
    ...(await dist('netlink/gen/netlink.js')),
    ...(await dist('netlink/gen/rtnetlink.js')),
    ...(await dist('netlink/gen/if.js')),
    ...(await dist('netlink/gen/if_arp.js')),
    ...(await dist('netlink/codec/attributes.js')),
  };
  const k = {};
  for (const n of sh(process.execPath, [program, '--constants']).trim().split(' ')) {
    if (typeof all[n] !== 'number') throw new Error(`floor bench: no constant ${n} in nlts's modules`);
    k[n] = all[n];
  }
  return JSON.stringify(k);
}
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const pairs = Number(opt('--links', '4000'));
const routeSizes = String(opt('--routes', '100000,1000000'))
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const reps = Number(opt('--reps', '7'));
const nltsCmd = opt('--nlts-cmd', null);
const nlts = nltsCmd ? nltsCmd.split(' ').filter(Boolean) : nltsCommand(REPO);
if (process.getuid?.() !== 0) {
  console.error('floor bench: must run as root (it creates network namespaces)');
  process.exit(1);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nlts-floor-'));
const namespaces = [];
function cleanup() {
  for (const ns of namespaces.splice(0)) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });

function sh(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Interleaved timing of `cases` ([name, argv]), `reps` rounds, stdout to /dev/null; medians in ms. */
function time(cases) {
  const samples = cases.map(() => []);
  const devnull = openSync('/dev/null', 'w');
  try {
    for (let r = 0; r < reps; r++)
      cases.forEach(([, argv], i) => {
        const t0 = process.hrtime.bigint();
        const res = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', devnull, 'pipe'] });
        if (res.status !== 0) throw new Error(`${argv.join(' ')} exited ${res.status}: ${res.stderr}`);
        samples[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
      });
  } finally {
    closeSync(devnull);
  }
  return samples.map(median);
}

/** Minor page faults (GNU time %R) of each case, median of 3 untimed runs; null without /usr/bin/time. */
function faults(cases) {
  if (!existsSync('/usr/bin/time')) return cases.map(() => null);
  const out = path.join(tmp, 'faults');
  return cases.map(([, argv]) => {
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const r = spawnSync('/usr/bin/time', ['-f', '%R', '-o', out, ...argv], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (r.status === 0) seen.push(Number(readFileSync(out, 'utf8').trim().split('\n').pop()));
    }
    return seen.length ? median(seen) : null;
  });
}

/** Microseconds one first-touch page fault costs here: a child touches 64 MiB of fresh memory. */
function faultCost() {
  const script =
    'const n = 64 << 20, t = process.hrtime.bigint();' +
    'Buffer.allocUnsafeSlow(n).fill(1);' +
    'console.log(Number(process.hrtime.bigint() - t) / 1e3 / (n / 4096));';
  const costs = [1, 2, 3].map(() => Number(sh(process.execPath, ['-e', script]).trim()));
  return median(costs);
}

function report(title, names, ms, flt, ipJson, target, built = -1) {
  const [node0, entry, cdump, jsdump] = ms;
  const floor = entry + cdump;
  console.log(`\n${title}`);
  console.log('| case | ms | / ip -j | minor faults |');
  console.log('|---|---:|---:|---:|');
  names.forEach((n, i) =>
    console.log(`| ${n} | ${ms[i].toFixed(1)} | ${(ms[i] / ipJson).toFixed(2)}x | ${flt[i] ?? 'n/a'} |`),
  );
  console.log(
    `| floor = ESM entry + addon + C dump | ${floor.toFixed(1)} | ${(floor / ipJson).toFixed(2)}x | |`,
  );
  console.log(
    `target <= ${target}x ip -j: ${floor / ipJson > target ? 'IMPOSSIBLE for a Node process (floor above it)' : 'the floor is under it'}; ` +
      `node -e 0 alone is ${(node0 / ipJson).toFixed(2)}x; the dump read in JS (Node dump) is ${(jsdump / ipJson).toFixed(2)}x, ` +
      `leaving ${Math.max(0, target * ipJson - jsdump).toFixed(1)} ms to decode and print at the target`,
  );
  if (built >= 0) {
    const nltsJson = ms[names.indexOf('nlts -j link show')];
    console.log(
      `the purpose-built program is ${(ms[built] / ipJson).toFixed(2)}x ip -j ` +
        `(${ms[built] / ipJson > target ? 'above' : 'within'} the target); nlts -j is ${(nltsJson / ms[built]).toFixed(2)}x it`,
    );
  }
}

try {
  const cbin = path.join(tmp, 'dump-floor');
  sh('cc', ['-O2', '-o', cbin, path.join(REPO, 'bench/dump-floor.c')]);
  const entry = path.join(tmp, 'entry.mjs');
  writeFileSync(
    entry,
    `import { createRequire } from 'node:module';\n` +
      `createRequire(import.meta.url)(${JSON.stringify(path.join(REPO, 'build/Release/nlts_native.node'))});\n`,
  );
  console.log(
    `floor bench: node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(2)}, ` +
      `kernel ${os.release()}, ${reps} interleaved reps, median wall ms`,
  );
  // The Node dump: the same request as dump-floor.c, made with nlts's own encoders (dist/).
  const jsdump = path.join(tmp, 'jsdump.mjs');
  writeFileSync(
    jsdump,
    `import { createRequire } from 'node:module';\n` +
      `const b = createRequire(import.meta.url)(${JSON.stringify(path.join(REPO, 'build/Release/nlts_native.node'))});\n` +
      `const [req, ns] = process.argv.slice(2);\n` +
      `const fd = b.open(${NETLINK_ROUTE}, ns);\n` +
      `if (fd < 0 || b.bind(fd, 0, 0) < 0 || b.sendto(fd, Buffer.from(req, 'hex'), 0, 0) < 0) process.exit(1);\n` +
      `const buf = new Uint8Array(32768), info = new Int32Array(4);\n` +
      `for (let done = false; !done; ) {\n` +
      `  const n = b.recvmsg(fd, buf, 0, info);\n` +
      `  if (n < 0) process.exit(1);\n` +
      `  for (let off = 0; off + 16 <= n; ) {\n` +
      `    const len = buf[off] | (buf[off + 1] << 8) | (buf[off + 2] << 16) | (buf[off + 3] << 24);\n` +
      `    const type = buf[off + 4] | (buf[off + 5] << 8);\n` +
      `    if (type === ${NLMSG_DONE} || type === ${NLMSG_ERROR}) done = true;\n` +
      `    off += (len + 3) & ~3;\n` +
      `  }\n` +
      `}\n`,
  );
  const dumpRequest = (what) =>
    Buffer.from(
      what === 'link'
        ? encodeMessage({
            type: RTM_GETLINK,
            flags: NLM_F_REQUEST | NLM_F_DUMP,
            seq: 1,
            pid: 0,
            payload: encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS }),
          })
        : encodeMessage({
            type: RTM_GETROUTE,
            flags: NLM_F_REQUEST | NLM_F_DUMP,
            seq: 1,
            pid: 0,
            payload: encodeRouteDumpRequest({ family: AF_INET, table: RT_TABLE_MAIN }),
          }),
    ).toString('hex');
  const base = (what, ns) => [
    ['node -e 0', [process.execPath, '-e', '0']],
    ['ESM entry + addon', [process.execPath, entry]],
    [`C dump (${what})`, [cbin, what, `/run/netns/${ns}`]],
    [`Node dump (${what})`, [process.execPath, jsdump, dumpRequest(what), `/run/netns/${ns}`]],
  ];
  console.log(`first-touch page fault: ${faultCost().toFixed(1)} us per 4 KiB page on this machine`);
  if (pairs > 0) {
    const ns = `nlts-fbench-${process.pid}-links`;
    sh('ip', ['netns', 'add', ns]);
    namespaces.push(ns);
    const batch = path.join(tmp, 'links');
    let lines = '';
    for (let i = 0; i < pairs; i++) lines += `link add v${i} type veth peer name v${i}p\n`;
    writeFileSync(batch, lines);
    sh('ip', ['-n', ns, '-batch', batch]);
    const cases = [
      ...base('link', ns),
      ['ip -j link show', ['ip', '-n', ns, '-j', 'link', 'show']],
      ['nlts -j link show', [...nlts, '-n', ns, '-j', 'link', 'show']],
      ['ip link show', ['ip', '-n', ns, 'link', 'show']],
      ['nlts link show', [...nlts, '-n', ns, 'link', 'show']],
    ];
    // With the node options of nlts's own #! line (--v8-pool-size=1), which help any Node program here.
    const program = path.join(REPO, 'bench/link-json-floor.cjs');
    const built = [
      ...nltsCommand(REPO).slice(0, -1),
      program,
      path.join(REPO, 'build/Release/nlts_native.node'),
      dumpRequest('link'),
      `/run/netns/${ns}`,
      await linkFloorConstants(program),
    ];
    // Timed only when it prints exactly what ip prints: a faster program that printed less would prove nothing.
    const same = spawnSync(built[0], built.slice(1), { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
    const ipOut = spawnSync('ip', ['-n', ns, '-j', 'link', 'show'], {
      encoding: 'latin1',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (same.status === 0 && same.stdout === ipOut.stdout) cases.push(['purpose-built -j link show', built]);
    else
      console.log(
        `purpose-built program left out: ${same.status !== 0 ? same.stderr.trim() : 'its output differs from ip -j'}`,
      );
    const ms = time(cases);
    report(
      `${2 * pairs + 1} interfaces`,
      cases.map(([n]) => n),
      ms,
      faults(cases),
      ms[4],
      1.5,
      cases.length > 8 ? 8 : -1,
    );
  }
  if (routeSizes.length) {
    const ns = `nlts-fbench-${process.pid}-routes`;
    sh('ip', ['netns', 'add', ns]);
    namespaces.push(ns);
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    let have = 0;
    for (const size of routeSizes.sort((a, b) => a - b)) {
      let lines = '';
      for (let i = have; i < size; i++)
        lines += `route add blackhole 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32\n`;
      const batch = path.join(tmp, 'routes');
      writeFileSync(batch, lines);
      sh('ip', ['-n', ns, '-batch', batch]);
      have = size;
      const cases = [
        ...base('route', ns),
        ['ip -j route show', ['ip', '-n', ns, '-j', 'route', 'show']],
        ['nlts -j route show', [...nlts, '-n', ns, '-j', 'route', 'show']],
        ['ip route show', ['ip', '-n', ns, 'route', 'show']],
        ['nlts route show', [...nlts, '-n', ns, 'route', 'show']],
      ];
      const ms = time(cases);
      report(
        `${size.toLocaleString('en')} routes`,
        cases.map(([n]) => n),
        ms,
        faults(cases),
        ms[4],
        size >= 1000000 ? 0.7 : 1.1,
      );
    }
  }
} finally {
  cleanup();
}
