import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live iproute parity tests: ${skip}`);

type Ns = { name: string; delete(): void };

function setup(): Ns {
  const ns = Netns.create('nlts-i11') as Ns;
  try {
    ipBatch(['link add d0 type veth peer name d1', 'link set d0 up', 'link set d1 up'], ns.name);
  } catch (e) {
    ns.delete();
    throw e;
  }
  return ns;
}

/** The state both tools are compared on: rules and IPv4 routes of every table (IPv6 link-local addresses are random), as ip -j prints them. */
function state(ns: Ns): string {
  return [
    ['-j', 'rule', 'show'],
    ['-4', '-j', 'route', 'show', 'table', 'all'],
  ]
    .map((a) => ip(['-n', ns.name, ...a]).stdout)
    .join('\n');
}

/**
 * The three divergences of the old per-command parsers, and ip's keywords:
 * each line is run by ip in one namespace and by nlts in its twin.
 */
const SCRIPT: string[][] = [
  ['rule', 'add', 'from', '1.2.3.4/255.255.0.0', 'table', '30'], // nlts used to refuse dotted masks here
  ['route', 'add', '10.40.0.0/+16', 'dev', 'd0'], // and "/+N" here
  ['route', 'add', '10.41.0.0/255.255.0.0', 'dev', 'd0'],
  ['route', 'add', ' 10.42.0.0/16', 'dev', 'd0'],
  ['route', 'add', '1.2.3.4/+8', 'dev', 'd0'], // parsed; the kernel refuses the host bits
  ['rule', 'add', 'from', 'default', 'table', '31'],
  ['rule', 'add', 'to', 'all', 'table', '32'],
  ['rule', 'add', 'from', 'all/8', 'table', '33'], // refused by both
  ['route', 'add', 'all', 'dev', 'd0', 'table', '34'],
  ['route', 'add', '10.12.0.0/16', 'dev', 'd0', 'tos', '0x28'],
  ['route', 'add', '10.13.0.0/16', 'dev', 'd0', 'tos', 'AF12'],
];

describe.skipIf(skip !== null)('iproute layer: nlts and ip parse the same way', () => {
  let a: Ns;
  let b: Ns;
  beforeAll(() => {
    a = setup();
    b = setup();
  });
  afterAll(() => {
    a?.delete();
    b?.delete();
  });

  it('each command exits like ip and leaves the same state', () => {
    for (const args of SCRIPT) {
      const byIp = ip(['-n', a.name, ...args]);
      const byNlts = nlts(['-n', b.name, ...args]);
      expect({ args, code: byNlts.code }).toEqual({ args, code: byIp.code });
      if (byIp.code === 1) expect(byNlts.stderr).toBe(byIp.stderr);
    }
    expect(state(b)).toBe(state(a));
    expect(state(a)).toContain('"src":"1.2.3.4","srclen":16');
  });

  it('route show names the TOS from rt_dsfield (tos AF11) as ip does', () => {
    for (const extra of [[], ['-j']]) {
      const args = [...extra, 'route', 'show', '10.12.0.0/16'];
      const byIp = ip(['-n', a.name, ...args]);
      const byNlts = nlts(['-n', a.name, ...args]);
      expect(byNlts.stdout).toBe(byIp.stdout);
    }
    expect(ip(['-n', a.name, 'route', 'show', '10.12.0.0/16']).stdout).toContain('tos AF11');
    const args = ['-j', 'route', 'show', 'tos', 'AF11'];
    expect(nlts(['-n', a.name, ...args]).stdout).toBe(ip(['-n', a.name, ...args]).stdout);
  });
});
