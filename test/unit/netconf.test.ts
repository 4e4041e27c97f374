import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/index.js';
import { decodeNetconf, encodeNetconfRequest } from '../../src/netlink/route/netconf.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import { renderNetconf } from '../../src/commands/netconf/render.js';
import { parseNetconfArgs } from '../../src/commands/netconf/index.js';
import { RTNL_SOURCES } from '../../src/commands/monitor/rtnl.js';
import { CodecError } from '../../src/netlink/codec/errors.js';
import {
  NETCONFA_FORWARDING,
  NETCONFA_IFINDEX,
  NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN,
  NETCONFA_INPUT,
  NETCONFA_MC_FORWARDING,
  NETCONFA_PROXY_NEIGH,
  NETCONFA_RP_FILTER,
  NETCONFMSG_LEN,
} from '../../src/netlink/gen/netconf.js';
import {
  RTNLGRP_IPV4_NETCONF,
  RTNLGRP_IPV6_NETCONF,
  RTNLGRP_MPLS_NETCONF,
} from '../../src/netlink/gen/rtnetlink.js';

function ncm(family: number, a: AttributeEncoder): Uint8Array {
  const body = a.finish();
  const out = new Uint8Array(NETCONFMSG_LEN + body.length);
  out[0] = family;
  out.set(body, NETCONFMSG_LEN);
  return out;
}

function render(json: boolean, payload: Uint8Array, deleted = false): string {
  const out = new StringOutput();
  renderNetconf(
    new Printer(out, { json }),
    decodeNetconf(payload),
    (i) => (i === 1 ? 'lo' : `if${i}`),
    deleted,
  );
  return out.text;
}

describe('netconf codec and renderer', () => {
  it('a full IPv4 entry: text and JSON in ip order', () => {
    const m = ncm(
      2,
      new AttributeEncoder()
        .s32(NETCONFA_IFINDEX, 1)
        .u32(NETCONFA_FORWARDING, 1)
        .u32(NETCONFA_RP_FILTER, 2)
        .u32(NETCONFA_MC_FORWARDING, 0)
        .u32(NETCONFA_PROXY_NEIGH, 0)
        .u32(NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, 0),
    );
    expect(render(false, m)).toBe(
      'inet lo forwarding on rp_filter loose mc_forwarding off proxy_neigh off ignore_routes_with_linkdown off ',
    );
    expect(render(true, m)).toBe(
      '{"family":"inet","interface":"lo","forwarding":true,"rp_filter":"loose","mc_forwarding":false,"proxy_neigh":false,"ignore_routes_with_linkdown":false}',
    );
  });

  it('all / default, an rp_filter beyond the names, input, Deleted, unknown family', () => {
    expect(
      render(false, ncm(10, new AttributeEncoder().s32(NETCONFA_IFINDEX, -1).u32(NETCONFA_FORWARDING, 0))),
    ).toBe('inet6 all forwarding off ');
    expect(
      render(false, ncm(2, new AttributeEncoder().s32(NETCONFA_IFINDEX, -2).u32(NETCONFA_RP_FILTER, 7))),
    ).toBe('inet default rp_filter 7 ');
    expect(
      render(true, ncm(2, new AttributeEncoder().s32(NETCONFA_IFINDEX, -2).u32(NETCONFA_RP_FILTER, 7))),
    ).toBe('{"family":"inet","interface":"default","rp_filter":7}');
    expect(
      render(false, ncm(28, new AttributeEncoder().s32(NETCONFA_IFINDEX, 5).u32(NETCONFA_INPUT, 1)), true),
    ).toBe('Deleted mpls if5 input on ');
    expect(render(true, ncm(99, new AttributeEncoder()), true)).toBe('{"deleted":true,"family":"???"}');
  });

  it('a short netconfmsg is a codec error', () => {
    expect(() => decodeNetconf(new Uint8Array(2))).toThrow(CodecError);
  });

  it('requests: a dump is the bare padded header, one device adds NETCONFA_IFINDEX', () => {
    expect([...encodeNetconfRequest(0)]).toEqual([0, 0, 0, 0]);
    expect([...encodeNetconfRequest(2, 3)]).toEqual([2, 0, 0, 0, 8, 0, 1, 0, 3, 0, 0, 0]);
  });

  it('argument parsing: only dev counts, as in ip', () => {
    expect(parseNetconfArgs(['foo', 'dev', 'eth0', 'bar'])).toEqual({ dev: 'eth0' });
    expect(parseNetconfArgs([])).toEqual({});
    expect(() => parseNetconfArgs(['dev'])).toThrow('Command line is not complete');
  });

  it('monitor: the netconf source joins the netconf groups of the family', () => {
    const s = RTNL_SOURCES.find((x) => x.name === 'netconf')!;
    expect(s.label).toBe('[NETCONF]');
    expect(s.groups(0)).toEqual([RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF, RTNLGRP_MPLS_NETCONF]);
    expect(s.groups(2)).toEqual([RTNLGRP_IPV4_NETCONF]);
    expect(s.groups(10)).toEqual([RTNLGRP_IPV6_NETCONF]);
    expect(s.dumps(0).map((d) => [...d.payload])).toEqual([
      [2, 0, 0, 0],
      [10, 0, 0, 0],
    ]);
  });
});
