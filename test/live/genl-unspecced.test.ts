import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/golden.js';
import { linuxSourceTree } from '../support/linux-source.js';
// @ts-expect-error plain JS helpers shared with the record scripts
import { Netns, isRoot } from '../support/scenario.mjs';

/**
 * `genl --no-spec`: with the bundled specs switched off, families still come
 * out named and typed (names from the UAPI headers, types from the kernel's
 * policy and the replies), checked against `ip -j link` and, where the
 * pinned kernel tree is here, against the kernel's own YNL CLI.
 */

const rootReason = isRoot ? null : 'needs root (creates a network namespace)';
if (rootReason) console.log(`skipping genl --no-spec live tests: ${rootReason}`);

/** The pinned tree with the YNL CLI, or null (the reason printed). */
function ynlTree(): string | null {
  const t = linuxSourceTree();
  if ('reason' in t) {
    console.log(`skipping the YNL comparison: ${t.reason}`);
    return null;
  }
  return existsSync(path.join(t.dir, 'tools/net/ynl/cli.py')) ? t.dir : null;
}

type Obj = { [key: string]: unknown };

/** Lists of scalars sorted: YNL prints flag names from a Python set, in no fixed order. */
function sortFlags(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(sortFlags);
    return items.every((x) => typeof x !== 'object' || x === null) ? [...items].sort() : items;
  }
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortFlags(x)]));
  return v;
}

describe.skipIf(rootReason !== null)('genl --no-spec: named, typed values without a spec', () => {
  let ns: { name: string; ip(args: string[]): string; delete(): void };
  const ifindex = (name: string): number =>
    (JSON.parse(ns.ip(['-j', 'link', 'show', 'dev', name])) as { ifindex: number }[])[0]!.ifindex;
  const noSpec = async (...words: string[]): Promise<unknown> => {
    const r = await runCli(['-n', ns.name, '-j', 'genl', '--no-spec', ...words]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(() => {
    ns = Netns.create('nlh5');
    ns.ip(['link', 'set', 'lo', 'up']);
    ns.ip(['link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']);
    ns.ip(['link', 'set', 'veth0', 'up']);
    ns.ip(['link', 'set', 'veth1', 'up']);
  });
  afterAll(() => ns?.delete());

  it('nlctrl: getfamily without the spec is what the bundled spec gives, op flags named', async () => {
    const fams = (await noSpec('do', 'nlctrl', 'getfamily', 'family-name=netdev')) as Obj[];
    const withSpec = await runCli([
      '-n',
      ns.name,
      '-j',
      'genl',
      'do',
      'nlctrl',
      'getfamily',
      'family-name=netdev',
    ]);
    expect(withSpec.code).toBe(0);
    expect(fams).toEqual(JSON.parse(withSpec.stdout));
    const f = fams[0]!;
    expect(f['family-name']).toBe('netdev');
    expect(typeof f.version).toBe('number');
    for (const op of f.ops as Obj[]) expect(op.flags).toContain('cmd-cap-haspol');
    expect((f['mcast-groups'] as Obj[]).map((g) => g.name)).toContain('mgmt');
  });

  it('netdev: dev-get dump names ifindex and the xdp feature flags', async () => {
    const devs = (await noSpec('dump', 'netdev', 'dev-get')) as Obj[];
    const want = [ifindex('lo'), ifindex('veth0'), ifindex('veth1')].sort((a, b) => a - b);
    expect(devs.map((d) => d.ifindex).sort((a, b) => (a as number) - (b as number))).toEqual(want);
    const veth = devs.find((d) => d.ifindex === ifindex('veth0'))!;
    expect(veth['xdp-features']).toContain('basic');
  });

  it('ethtool: a request by attribute name, the reply header nested and typed', async () => {
    const [r] = (await noSpec('do', 'ethtool', 'linkinfo-get', 'header.dev-name=veth0')) as Obj[];
    expect(r!.header).toEqual({ 'dev-index': ifindex('veth0'), 'dev-name': 'veth0' });
    const chans = (await noSpec('dump', 'ethtool', 'channels-get')) as Obj[];
    const c = chans.find((x) => (x.header as Obj)['dev-name'] === 'veth1')!;
    expect(typeof c['rx-count']).toBe('number');
  });

  const tree = isRoot ? ynlTree() : null;
  it.skipIf(!tree)('equals the kernel YNL CLI for netdev dev-get and ethtool linkinfo-get', async () => {
    const ynl = (spec: string, ...args: string[]): unknown =>
      JSON.parse(
        execFileSync(
          'ip',
          [
            'netns',
            'exec',
            ns.name,
            'python3',
            path.join(tree!, 'tools/net/ynl/cli.py'),
            '--no-schema',
            '--spec',
            path.join(tree!, 'Documentation/netlink/specs', `${spec}.yaml`),
            '--output-json',
            ...args,
          ],
          { encoding: 'utf8' },
        ),
      );
    const ynlDevs = ynl('netdev', '--dump', 'dev-get') as Obj[];
    expect(sortFlags(await noSpec('dump', 'netdev', 'dev-get'))).toEqual(sortFlags(ynlDevs));
    const ynlInfo = ynl('ethtool', '--do', 'linkinfo-get', '--json', '{"header":{"dev-name":"veth0"}}');
    expect(await noSpec('do', 'ethtool', 'linkinfo-get', 'header.dev-name=veth0')).toEqual([ynlInfo]);
  });
});
