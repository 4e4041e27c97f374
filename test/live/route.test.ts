import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
// @ts-expect-error plain JS module shared with scripts/record-route-goldens.mjs
import { ROUTE_BASE, ROUTE_CHANGES, ROUTE_SHOWS, runRoute } from '../golden/route-cases.mjs';
import { ip } from '../support/cli.js';
import { jsonDiff } from '../support/json-diff.js';

interface Ns {
  name: string;
  delete(): void;
}
type Run = (argv: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
const nlts = runRoute as Run;

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`route live tests skipped: ${skip}`);

/** `ip route get` picks a multipath leg and reports usage: these fields may differ between two reads. */
const volatile = (p: string): boolean => /\.(age|used|users)$/.test(p);

describe.skipIf(skip !== null)('live: nlts route against ip route', () => {
  let ns: Ns;
  beforeAll(() => {
    ns = Netns.create('nlts-rt') as Ns;
    try {
      ipBatch([...ROUTE_BASE, ...ROUTE_CHANGES], ns.name);
    } catch (e) {
      ns.delete();
      throw e;
    }
  });
  afterAll(() => ns?.delete());

  for (const args of ROUTE_SHOWS as string[][]) {
    it(`-j ${args.join(' ')}: same JSON as ip -j, field by field`, async () => {
      const want = ip(['-n', ns.name, '-j', ...args]);
      const got = await nlts(['-n', ns.name, '-j', ...args]);
      expect(got.code).toBe(want.code);
      expect(want.code).toBe(0);
      const diffs = jsonDiff(JSON.parse(want.stdout), JSON.parse(got.stdout), volatile);
      expect(diffs).toEqual([]);
    });
    it(`${args.join(' ')}: same text as ip`, async () => {
      const want = ip(['-n', ns.name, ...args]);
      const got = await nlts(['-n', ns.name, ...args]);
      expect(got.code).toBe(want.code);
      expect(got.stderr).toBe(want.stderr);
      if (args[1] === 'get')
        expect(got.stdout.replace(/ age \d+sec/, '')).toBe(want.stdout.replace(/ age \d+sec/, ''));
      else expect(got.stdout).toBe(want.stdout);
    });
  }

  it('-d -j route show table all: details identical', async () => {
    const want = ip(['-n', ns.name, '-d', '-j', 'route', 'show', 'table', 'all']);
    const got = await nlts(['-n', ns.name, '-d', '-j', 'route', 'show', 'table', 'all']);
    expect(jsonDiff(JSON.parse(want.stdout), JSON.parse(got.stdout))).toEqual([]);
  });
});

/** A route listing in a canonical order (each route's JSON text), for comparing states. */
function routeSet(json: string): unknown[] {
  return (JSON.parse(json) as unknown[])
    .map((r) => [JSON.stringify(r), r] as const)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([, r]) => r);
}

describe.skipIf(skip !== null)('live: route changes by nlts leave the state ip leaves', () => {
  let byIp: Ns;
  let byNlts: Ns;
  beforeAll(() => {
    byIp = Netns.create('nlts-rti') as Ns;
    byNlts = Netns.create('nlts-rtn') as Ns;
    try {
      ipBatch(ROUTE_BASE, byIp.name);
      ipBatch(ROUTE_BASE, byNlts.name);
    } catch (e) {
      byIp.delete();
      byNlts.delete();
      throw e;
    }
  });
  afterAll(() => {
    byIp?.delete();
    byNlts?.delete();
  });

  it('every change command: same exit status, and the same final ip -j route show table all', async () => {
    for (const line of ROUTE_CHANGES as string[]) {
      const words = line.split(' ');
      const a = ip(['-n', byIp.name, ...words]);
      const b = await nlts(['-n', byNlts.name, ...words]);
      expect({ line, code: b.code, stderr: b.stderr }).toEqual({ line, code: a.code, stderr: a.stderr });
      // The same routes, every field: compared as sets, because routes that differ only in their
      // device (ff00::/8 on d0 and on d0p) are listed in the order the kernel's asynchronous
      // carrier events created them, which can differ between two namespaces built alike.
      const sa = routeSet(ip(['-n', byIp.name, '-j', 'route', 'show', 'table', 'all']).stdout);
      const sb = routeSet(ip(['-n', byNlts.name, '-j', 'route', 'show', 'table', 'all']).stdout);
      expect({ line, diffs: jsonDiff(sa, sb) }).toEqual({ line, diffs: [] });
    }
  });

  it('kernel refusals: extack text, exit 2, no change', async () => {
    const before = ip(['-n', byNlts.name, '-j', 'route', 'show', 'table', 'all']).stdout;
    const cases: [string, RegExp][] = [
      // The gateway is not reachable on d1 and the kernel says so.
      ['route add 10.40.0.0/16 via 192.0.2.77 dev d1', /^Error: Nexthop has invalid gateway\.\n$/],
      ['route add 10.1.0.0/16 via 192.0.2.254', /^RTNETLINK answers: File exists\n$/],
      ['route del 10.99.0.0/16', /^RTNETLINK answers: No such process\n$/],
    ];
    for (const [line, msg] of cases) {
      const want = ip(['-n', byIp.name, ...line.split(' ')]);
      const got = await nlts(['-n', byNlts.name, ...line.split(' ')]);
      expect({ line, code: got.code }).toEqual({ line, code: 2 });
      expect(got.stderr).toMatch(msg);
      expect(got.stderr).toBe(want.stderr);
    }
    expect(ip(['-n', byNlts.name, '-j', 'route', 'show', 'table', 'all']).stdout).toBe(before);
  });

  it('bad input is refused before anything is sent: message, exit status, state unchanged', async () => {
    const before = ip(['-n', byNlts.name, '-j', 'route', 'show', 'table', 'all']).stdout;
    const cases: [string, string, number][] = [
      [
        'route add 10.0.0.300/24 dev d0',
        'Error: any valid prefix is expected rather than "10.0.0.300/24".',
        1,
      ],
      ['route add 10.0.0.0/33 dev d0', 'Error: any valid prefix is expected rather than "10.0.0.0/33".', 1],
      [
        'route add 10.0.0.0/24 table nosuchtable dev d0',
        'Error: argument "nosuchtable" is wrong: "table" value is invalid',
        255,
      ],
      ['route add 10.0.0.0/24 dev nosuch0', 'Cannot find device "nosuch0"', 1],
      ['route add 10.0.0.0/24 dev', 'Command line is not complete. Try option "help"', 255],
      [
        'route add 10.0.0.0/24 dev d0 garbage',
        'Error: either "to" is duplicate, or "garbage" is a garbage.',
        255,
      ],
      [
        'route add 10.0.0.0/24 via 192.0.2.1 via 192.0.2.2',
        'Error: argument "via" is wrong: use nexthop syntax to specify multiple via',
        255,
      ],
      [
        'route add 10.0.0.0/24 nexthop via 192.0.2.1 weight 0',
        'Error: argument "0" is wrong: "weight" is invalid',
        255,
      ],
      [
        'route add 10.0.0.0/24 metric abc dev d0',
        'Error: argument "abc" is wrong: "metric" value is invalid',
        255,
      ],
      [
        'route add 10.0.0.0/24 scope bogus dev d0',
        'Error: argument "bogus" is wrong: invalid "scope" value',
        255,
      ],
      [
        'route add 10.0.0.0/24 via 2001:db8::1',
        'Error: inet address is expected rather than "2001:db8::1".',
        1,
      ],
      [
        'route add 10.0.0.0/24 nexthop via 192.0.2.9 bogus',
        'Error: "nexthop" or end of line is expected instead of "bogus"',
        255,
      ],
      ['route show table nosuch', 'Error: argument "nosuch" is wrong: table id value is invalid', 255],
      ['route get 300.1.1.1', 'Error: any valid prefix is expected rather than "300.1.1.1".', 1],
      ['route get', 'need at least a destination address', 1],
      ['route flush', '"ip route flush" requires arguments.', 1],
    ];
    for (const [line, msg, code] of cases) {
      const words = line.split(' ');
      const got = await nlts(['-n', byNlts.name, ...words]);
      expect({ line, code: got.code, stderr: got.stderr }).toEqual({ line, code, stderr: msg + '\n' });
      const want = ip(['-n', byIp.name, ...words]);
      expect({ line, code: want.code }).toEqual({ line, code });
      // ip's own message is the same, though invarg adds an empty line after it.
      expect(want.stderr.trimEnd()).toContain(msg);
      const j = await nlts(['-n', byNlts.name, '-j', ...words]);
      expect(() => JSON.parse(j.stdout) as unknown).not.toThrow();
    }
    expect(ip(['-n', byNlts.name, '-j', 'route', 'show', 'table', 'all']).stdout).toBe(before);
  });
});
