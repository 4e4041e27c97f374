/**
 * eBPF programs by pin (lib/bpf_legacy.c's "pinned FILE" form, iproute/bpf-prog.ts): `link set … xdp |
 * xdpgeneric | xdpdrv PROGRAM | off`, `route add … encap bpf in|out|xmit PROGRAM headroom N`, and how
 * an attached program shows (xdp_dump, bpf_dump_prog_info; print_encap_bpf). Each change runs with ip
 * in one namespace and with nlts in its twin: same output and status, then the same `ip -j -d link
 * show` and `ip -j route show` in both. Shows run with both tools on one namespace. Everything runs in
 * one `unshare -m` process that mounts its own bpf filesystem and pins the programs
 * (test/support/bpf-pinned.mjs), so nothing is mounted on the host.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ROOT, type Ran } from '../support/cli.js';

function skipReason(): string | null {
  const live = liveSkipReason() as string | null;
  if (live) return live;
  if (spawnSync('unshare', ['-m', 'true']).status !== 0) return 'unshare -m is not available';
  return null;
}
const skip = skipReason();
if (skip) console.warn(`SKIPPED live bpf pinned-program tests: ${skip}`);

const SETUP = [
  'link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02',
  'link set v0 up',
  'link set v1 up',
  'address add 10.9.0.1/24 dev v0',
];

/** Changes, in order; each runs with ip in T and nlts in S. */
const CHANGES: string[][] = [
  ['link', 'set', 'dev', 'v0', 'xdp', 'pinned', '@D/xdp'],
  ['link', 'set', 'dev', 'v0', 'xdp', 'pinned', '@D/xdp'],
  ['link', 'set', 'dev', 'v0', 'xdp', 'off'],
  ['link', 'set', 'dev', 'v0', 'xdpgeneric', 'pinned', '@D/xdp'],
  ['-force', 'link', 'set', 'v0', 'xdpgeneric', 'pin', '@D/xdp', 'section', 'x', 'verbose'],
  ['link', 'set', 'dev', 'v0', 'xdp', 'pinned', '@D/nope'],
  ['link', 'set', 'dev', 'v0', 'xdp', 'off', 'up'],
  ['link', 'set', 'dev', 'v0', 'xdpdrv', 'fd', '@D/lwt_in'],
  ['link', 'set', 'dev', 'v0', 'xdp'],
  [
    'route',
    'add',
    '10.5.0.0/24',
    'encap',
    'bpf',
    'in',
    'pinned',
    '@D/lwt_in',
    'out',
    'pinned',
    '@D/lwt_out',
    'xmit',
    'pinned',
    '@D/lwt_xmit',
    'headroom',
    '10',
    'dev',
    'v0',
  ],
  [
    'route',
    'add',
    '10.6.0.0/24',
    'encap',
    'bpf',
    'xmit',
    'object-pinned',
    '@D/lwt_xmit',
    'headroom',
    '64',
    'headroom',
    '9',
    'dev',
    'v0',
  ],
  ['route', 'add', '10.7.0.0/24', 'encap', 'bpf', 'in', 'pinned', '@D/nope', 'dev', 'v0'],
  ['route', 'add', '10.7.0.0/24', 'encap', 'bpf', 'in', 'foo', '@D/lwt_in', 'dev', 'v0'],
  ['route', 'add', '10.7.0.0/24', 'encap', 'bpf', 'headroom', '0', 'dev', 'v0'],
  ['route', 'add', '10.7.0.0/24', 'encap', 'bpf', 'out', 'pinned', '@D/xdp', 'dev', 'v0'],
  // seg6local's End.BPF endpoint: this kernel has no seg6 lwtunnel, so the kernel's refusal, after the same parse.
  ...['@D/lwt_in', '@D/nope'].map((pin) =>
    `-6 route add 2001:db8:5::/64 encap seg6local action End.BPF endpoint pinned ${pin} dev v0`.split(' '),
  ),
  // The same encap on a nexthop object (ipnexthop.c calls lwt_parse_encap too).
  ['nexthop', 'add', 'id', '7', 'encap', 'bpf', 'xmit', 'pinned', '@D/lwt_xmit', 'dev', 'v0'],
];

/** Shows, run with both tools on S: once with the generic program attached, once with the driver one. */
const SHOWS: string[][] = [
  ['link', 'show', 'v0'],
  ['-d', 'link', 'show', 'v0'],
  ['-j', 'link', 'show', 'v0'],
  ['-d', '-j', 'link', 'show', 'v0'],
  ['-o', 'link', 'show', 'v0'],
  ['route', 'show'],
  ['-d', 'route', 'show'],
  ['-j', 'route', 'show'],
  ['-j', '-d', 'route', 'show', '10.5.0.0/24'],
  ['nexthop', 'show'],
  ['-j', 'nexthop', 'show'],
];

const STATE: string[][] = [
  ['-j', '-d', 'link', 'show', 'v0'],
  ['-j', 'route', 'show'],
  ['-j', 'nexthop', 'show'],
];

interface Step {
  tool: 'ip' | 'nlts';
  args: string[];
}

describe.skipIf(skip)('eBPF programs by pin: xdp and encap bpf (live, against ip)', () => {
  let s: { name: string; delete(): void };
  let t: { name: string; delete(): void };
  let results: Ran[] = [];
  const steps: Step[] = [];
  const changeAt: number[] = [];
  const showAt: number[] = [];

  beforeAll(() => {
    s = Netns.create('nlbp');
    t = Netns.create('nlbp');
    for (const ns of [s, t]) ipBatch(SETUP, ns.name);
    const shows = (): void => {
      showAt.push(steps.length);
      for (const a of SHOWS)
        steps.push({ tool: 'ip', args: ['-n', s.name, ...a] }, { tool: 'nlts', args: ['-n', s.name, ...a] });
    };
    for (const c of CHANGES) {
      changeAt.push(steps.length);
      steps.push({ tool: 'ip', args: ['-n', t.name, ...c] }, { tool: 'nlts', args: ['-n', s.name, ...c] });
      for (const a of STATE)
        steps.push({ tool: 'ip', args: ['-n', t.name, ...a] }, { tool: 'ip', args: ['-n', s.name, ...a] });
    }
    shows();
    // The driver mode (veth has native XDP), and nlts's refusal of an ELF object leaves it as it is.
    for (const c of [
      ['link', 'set', 'dev', 'v0', 'xdpgeneric', 'off'],
      ['link', 'set', 'dev', 'v0', 'xdpdrv', 'pinned', '@D/xdp'],
    ])
      steps.push({ tool: 'nlts', args: ['-n', s.name, ...c] });
    steps.push({
      tool: 'nlts',
      args: ['-n', s.name, 'link', 'set', 'dev', 'v0', 'xdp', 'obj', '/nonexistent.o'],
    });
    steps.push({
      tool: 'nlts',
      args: ['-n', s.name, 'route', 'add', '10.8.0.0/24', 'encap', 'bpf', 'in', 'obj', '/x.o', 'dev', 'v0'],
    });
    shows();
    const r = spawnSync(
      'unshare',
      ['-m', '--propagation', 'private', process.execPath, path.join(ROOT, 'test/support/bpf-pinned.mjs')],
      {
        input: JSON.stringify(steps),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (r.status !== 0) throw new Error(`bpf-pinned.mjs: ${r.stderr}`);
    results = JSON.parse(r.stdout) as Ran[];
  }, 120_000);
  afterAll(() => {
    s?.delete();
    t?.delete();
  });

  CHANGES.forEach((c, n) => {
    it(`change ${n + 1}: ${c.join(' ')}: ip's output and status, and the same links and routes`, () => {
      const at = changeAt[n]!;
      const [theirs, ours] = [results[at]!, results[at + 1]!];
      expect(ours).toEqual(theirs);
      for (let k = 0; k < STATE.length; k++) {
        const [inT, inS] = [results[at + 2 + 2 * k]!, results[at + 3 + 2 * k]!];
        expect(inS.code).toBe(0);
        expect(JSON.parse(inS.stdout)).toEqual(JSON.parse(inT.stdout));
      }
    });
  });

  it('the changes did something: a program attached, routes with bpf encap, and the errors seen', () => {
    const after = (n: number): Ran => results[changeAt[n]! + 1]!;
    expect(after(0).code).toBe(0);
    expect(after(1).stderr).toContain('already attached');
    expect(after(5).stderr).toMatch(
      /^Couldn't retrieve pinned program '@D\/nope': No such file or directory\n$/,
    );
    expect(after(6).stderr).toBe('What mode is "off"?\n');
    expect(after(11).stderr).toContain('Failed to parse eBPF program: Operation not permitted');
    const linkState = JSON.parse(results[changeAt[4]! + 3]!.stdout) as { xdp?: { mode: number } }[];
    expect(linkState[0]!.xdp?.mode).toBe(2); // XDP_ATTACHED_SKB
    const routes = JSON.parse(results[changeAt[10]! + 5]!.stdout) as { dst: string; encap?: string }[];
    expect(routes.filter((r) => r.encap === 'bpf').map((r) => r.dst)).toEqual(['10.5.0.0/24', '10.6.0.0/24']);
  });

  for (const phase of [0, 1]) {
    SHOWS.forEach((a, n) => {
      it(`${phase ? 'driver' : 'generic'} program: ${a.join(' ')} prints what ip prints`, () => {
        const at = showAt[phase]! + 2 * n;
        const [theirs, ours] = [results[at]!, results[at + 1]!];
        expect(ours).toEqual(theirs);
        if (a.includes('link') && a.includes('-d'))
          expect(ours.stdout).toMatch(/prog\/xdp|"prog":\{"id":\d+,"name":"","tag":"[0-9a-f]{16}"/);
      });
    });
  }

  it('obj FILE (an ELF object, which needs a loader nlts lacks) is refused in one line, nothing changed', () => {
    const base = showAt[0]! + 2 * SHOWS.length;
    const [off, drv, xdpObj, lwtObj] = results.slice(base, base + 4) as Ran[];
    expect(off!.code).toBe(0);
    expect(drv!.code).toBe(0);
    for (const r of [xdpObj!, lwtObj!]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/needs an eBPF ELF loader.*"pinned \/sys\/fs\/bpf\/NAME"\.\n$/);
    }
    // Still the driver program, and no 10.8.0.0/24 route.
    const link = results[showAt[1]! + 2 * 2 + 1]!;
    expect(JSON.parse(link.stdout)[0].xdp.mode).toBe(1); // XDP_ATTACHED_DRV
    expect(results[showAt[1]! + 2 * 5 + 1]!.stdout).not.toContain('10.8.0.0');
  });
});
