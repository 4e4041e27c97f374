/**
 * rtnetlink extack offsets named (issue 11): the kernel's vxlan_validate
 * rejects a reversed source port range with NL_SET_ERR_MSG_ATTR on
 * IFLA_VXLAN_PORT_RANGE, so its NLMSG_ERROR carries NLMSGERR_ATTR_OFFS. ip
 * prints only the extack text; nlts prints the same line plus the attribute
 * path, and puts the path in the JSON error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts, withoutAttributeName } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live extack attribute tests: ${skip}`);

const BAD_VXLAN = [
  'link',
  'add',
  'vx0',
  'type',
  'vxlan',
  'id',
  '42',
  'srcport',
  '200',
  '100',
  'dstport',
  '4789',
];
const PATH = 'IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_VXLAN_PORT_RANGE';

describe.skipIf(skip !== null)('live: extack offsets of rtnetlink requests name the attribute', () => {
  let ns: { name: string; delete(): void; ip(args: string[]): string };
  let ipRan: { code: number; stderr: string };
  beforeAll(() => {
    ns = Netns.create('h4core');
    ipRan = ip(['-n', ns.name, ...BAD_VXLAN]);
  });
  afterAll(() => ns?.delete());

  it('text: ip line plus the attribute path, same exit code', (ctx) => {
    if (!/Invalid source port range/.test(ipRan.stderr)) {
      console.warn(`SKIPPED: this kernel does not reject the range as expected: ${ipRan.stderr.trim()}`);
      ctx.skip();
    }
    const r = nlts(['-n', ns.name, ...BAD_VXLAN]);
    expect(r.code).toBe(ipRan.code);
    expect(r.stderr).toBe(`Error: Invalid source port range (attribute ${PATH}).\n`);
    expect(withoutAttributeName(r.stderr)).toBe(ipRan.stderr);
  });

  it('JSON: stdout is one valid error object with the attribute as a field', (ctx) => {
    if (!/Invalid source port range/.test(ipRan.stderr)) ctx.skip();
    const r = nlts(['-j', '-n', ns.name, ...BAD_VXLAN]);
    expect(r.code).toBe(ipRan.code);
    const out = JSON.parse(r.stdout) as { error: Record<string, unknown> };
    expect(out.error).toMatchObject({ kind: 'kernel', code: 'EINVAL', attribute: PATH });
    expect(out.error.message).toBe(`Error: Invalid source port range (attribute ${PATH}).`);
  });

  it('an extack without an offset stays exactly ip’s line', () => {
    ns.ip(['link', 'add', 've0', 'type', 'veth', 'peer', 'name', 've1']);
    // dev_validate_mtu: NL_SET_ERR_MSG_MOD without an attribute.
    const args = ['link', 'set', 'dev', 've0', 'mtu', '70000'];
    const want = ip(['-n', ns.name, ...args]);
    const r = nlts(['-n', ns.name, ...args]);
    expect(want.stderr).toMatch(/^Error: /);
    expect(r.stderr).toBe(want.stderr);
    expect(r.code).toBe(want.code);
  });
});
