/**
 * Issue 13 evidence: the main get/dump op of each generic netlink family the
 * host has, decoded with the shipped spec, every key a name (no numbers), and
 * the values equal to what iproute2 (the oracle) or /proc says about the same
 * state, built in a namespace of this test.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/golden.js';
// @ts-expect-error plain JS helpers shared with the record scripts
import { Netns, liveSkipReason } from '../support/scenario.mjs';

const reason: string | null = liveSkipReason();
if (reason) console.log(`skipping live genl family tests: ${reason}`);

type J = null | boolean | number | string | J[] | { [k: string]: J };

/** Keys that are numbers: attributes the spec did not name. */
function numberedKeys(v: J, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => numberedKeys(x, `${at}[${i}]`));
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [
      ...(/^\d+$/.test(k) ? [`${at}.${k}`] : []),
      ...numberedKeys(x, `${at}.${k}`),
    ]);
  return [];
}

describe.skipIf(reason)('genl: each family on the host, by name, equal to iproute2', () => {
  let ns: { name: string; ip(a: string[]): string; delete(): void };
  const families = new Set<string>();

  beforeAll(async () => {
    ns = Netns.create('nlh2');
    ns.ip(['link', 'add', 'v1', 'type', 'veth', 'peer', 'name', 'v2']);
    const r = await runCli(['-j', 'genl', 'list']);
    for (const f of JSON.parse(r.stdout) as { name: string }[]) families.add(f.name);
  });
  afterAll(() => ns?.delete());

  /** nlts -j genl ARGS in the test's namespace (inHost: thermal is not a per-namespace family). */
  async function genl(args: string[], inHost = false): Promise<J[]> {
    const r = await runCli([...(inHost ? [] : ['-n', ns.name]), '-j', 'genl', ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as J[];
    expect(numberedKeys(out), `${args.join(' ')}: attributes without a name`).toEqual([]);
    return out;
  }

  it('netdev dev-get: one entry per interface, the ifindexes of ip link', async (ctx) => {
    if (!families.has('netdev')) return ctx.skip();
    const devs = (await genl(['dump', 'netdev', 'dev-get'])) as { ifindex: number }[];
    const links = JSON.parse(ns.ip(['-j', 'link', 'show'])) as { ifindex: number }[];
    expect(devs.map((d) => d.ifindex).sort()).toEqual(links.map((l) => l.ifindex).sort());
  });

  it('ethtool linkinfo-get: every header names a device of ip link', async (ctx) => {
    if (!families.has('ethtool')) return ctx.skip();
    const infos = (await genl(['dump', 'ethtool', 'linkinfo-get'])) as {
      header: { 'dev-name': string; 'dev-index': number };
    }[];
    const links = JSON.parse(ns.ip(['-j', 'link', 'show'])) as { ifname: string; ifindex: number }[];
    expect(infos.length).toBeGreaterThanOrEqual(2);
    for (const i of infos)
      expect(links).toContainEqual(
        expect.objectContaining({ ifname: i.header['dev-name'], ifindex: i.header['dev-index'] }),
      );
  });

  it('mptcp_pm get-addr and get-limits: the endpoint and limits of ip mptcp', async (ctx) => {
    if (!families.has('mptcp_pm')) return ctx.skip();
    ns.ip(['mptcp', 'endpoint', 'add', '10.9.0.1', 'id', '3', 'signal']);
    ns.ip(['mptcp', 'limits', 'set', 'subflow', '3']);
    const addrs = (await genl(['dump', 'mptcp_pm', 'get-addr'])) as { addr: { id: number; addr4: number } }[];
    const eps = JSON.parse(ns.ip(['-j', 'mptcp', 'endpoint', 'show'])) as { address: string; id: number }[];
    // addr4 is a big-endian u32 (the YNL spec has no display hint): as a dotted quad it is the address.
    const dotted = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
    expect(addrs.map((a) => ({ address: dotted(a.addr.addr4), id: a.addr.id }))).toEqual(
      eps.map((e) => ({ address: e.address, id: e.id })),
    );
    const [limits] = (await genl(['do', 'mptcp_pm', 'get-limits'])) as { subflows: number }[];
    expect(limits!.subflows).toBe(3);
  });

  it('IOAM6 dump-namespaces: the namespace of ip ioam', async (ctx) => {
    if (!families.has('IOAM6')) return ctx.skip();
    ns.ip(['ioam', 'namespace', 'add', '5', 'data', '7', 'wide', '9']);
    const text = ns.ip(['ioam', 'namespace', 'show']);
    const m = /namespace (\d+), data 0x([0-9a-f]+), wide 0x([0-9a-f]+)/.exec(text)!;
    expect(await genl(['dump', 'IOAM6', 'dump-namespaces'])).toEqual([
      { 'ns-id': Number(m[1]), 'ns-data': parseInt(m[2]!, 16), 'ns-data-wide': parseInt(m[3]!, 16) },
    ]);
  });

  it('SEG6 get-tunsrc: the tunnel source of ip sr', async (ctx) => {
    if (!families.has('SEG6')) return ctx.skip();
    const [r] = (await genl(['do', 'SEG6', 'get-tunsrc'])) as { dst: string }[];
    expect(ns.ip(['sr', 'tunsrc', 'show'])).toContain(`tunsrc addr ${r!.dst}`);
  });

  it('TASKSTATS get pid: the stats struct decoded as fields, ac-pid the pid asked for', async (ctx) => {
    if (!families.has('TASKSTATS')) return ctx.skip();
    const [r] = (await genl(['do', 'TASKSTATS', 'get', `pid=${process.pid}`])) as {
      'aggr-pid': { pid: number; stats: { version: number; 'ac-pid': number; 'ac-ppid': number } };
    }[];
    expect(r!['aggr-pid'].pid).toBe(process.pid);
    expect(r!['aggr-pid'].stats['ac-pid']).toBe(process.pid);
    expect(r!['aggr-pid'].stats['ac-ppid']).toBe(process.ppid);
    expect(r!['aggr-pid'].stats.version).toBeGreaterThanOrEqual(14);
  });

  it('thermal tz-get-id: one entry per /sys/class/thermal zone', async (ctx) => {
    if (!families.has('thermal')) return ctx.skip();
    const zones = readdirSync('/sys/class/thermal').filter((n) => n.startsWith('thermal_zone'));
    // A read of the host's zones: the thermal family exists only in the initial namespace.
    const out = await genl(['dump', 'thermal', 'tz-get-id'], true);
    expect(out.length === 0 ? 0 : JSON.stringify(out).match(/"tz-id"/g)?.length).toBe(zones.length);
  });
});
