import { describe, expect, it } from 'vitest';
import { AttributeEncoder, AttributeIndex, type Attribute } from '../../src/netlink/codec/index.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import { printLinkInfo } from '../../src/commands/link/linkinfo.js';
import { vlanOptions } from '../../src/commands/link/vlan-options.js';
import { bondOptions, bondSlaveOptions } from '../../src/commands/link/bond-options.js';
import type { KindDeps } from '../../src/commands/link/change-kinds.js';
import type { LinkRenderContext } from '../../src/commands/link/kinds/context.js';
import { CliError } from '../../src/iproute/errors.js';
import {
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_INFO_SLAVE_DATA,
  IFLA_INFO_SLAVE_KIND,
} from '../../src/netlink/gen/if_link.js';

/*
 * The vlan/bond option parsers feed the -d printers: what `type vlan|bond
 * OPTIONS` encodes, printed back, reads as ip 6.1 printed the links the
 * kernel made from the same words (the expected text is ip's, from the VM
 * scenario in scripts/vm/guest-suite.sh, minus kernel defaults the request
 * does not carry). The wire bytes themselves are compared with ip in
 * test/live/link-vlan-bond-args.test.ts.
 */

const LINKS: Record<string, number> = { d0: 2, d1: 3 };
const deps = {
  getLink: (name: string) => (name in LINKS ? { index: LINKS[name] } : null),
} as unknown as KindDeps;
const ctx: LinkRenderContext = {
  stats: 0,
  details: 1,
  oneline: false,
  nameOf: (i) => Object.keys(LINKS).find((n) => LINKS[n] === i),
  flagsOf: () => 0,
  netnsNameOf: () => undefined,
};

/** IFLA_LINKINFO with the kind and the data a parser encoded, as the kernel would echo it. */
function linkinfo(kind: string, data: Uint8Array, slave = false): Attribute {
  const enc = new AttributeEncoder()
    .bytes(slave ? IFLA_INFO_SLAVE_KIND : IFLA_INFO_KIND, new TextEncoder().encode(kind))
    .bytes(slave ? IFLA_INFO_SLAVE_DATA : IFLA_INFO_DATA, data)
    .finish();
  const outer = new AttributeEncoder().bytes(18, enc).finish();
  return new AttributeIndex(outer, 0).get(18)!;
}

function render(info: Attribute, json: boolean): string {
  const out = new StringOutput();
  const p = new Printer(out, { json });
  p.openObject();
  printLinkInfo(p, info, ctx);
  p.closeObject();
  return out.text;
}

function refusal(f: () => unknown): { message: string; code: number } {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return { message: e.message, code: e.exitCode };
    throw e;
  }
  throw new Error('not refused');
}

describe('type vlan options, printed back by the vlan -d printer', () => {
  it('802.1ad with every flag and both qos maps reads as ip printed it', () => {
    const words =
      'id 100 protocol 802.1ad reorder_hdr off gvrp on mvrp on loose_binding on bridge_binding on ingress-qos-map 1:2 3:4 egress-qos-map 2:5 6:7';
    const info = linkinfo('vlan', vlanOptions(words.split(' '), deps));
    expect(render(info, false)).toBe(
      '\n    vlan protocol 802.1ad id 100 <GVRP,MVRP,LOOSE_BINDING,BRIDGE_BINDING> \n' +
        '      ingress-qos-map { 1:2 3:4 } \n      egress-qos-map { 2:5 6:7 } ',
    );
    expect(JSON.parse(render(info, true))).toEqual({
      linkinfo: {
        info_kind: 'vlan',
        info_data: {
          protocol: '802.1ad',
          id: 100,
          flags: ['GVRP', 'MVRP', 'LOOSE_BINDING', 'BRIDGE_BINDING'],
          ingress_qos: [
            { from: 1, to: 2 },
            { from: 3, to: 4 },
          ],
          egress_qos: [
            { from: 2, to: 5 },
            { from: 6, to: 7 },
          ],
        },
      },
    });
  });

  it('a qos map ends at the first word without a colon, which is read as the next option', () => {
    const info = linkinfo('vlan', vlanOptions('protocol 802.1Q egress-qos-map 1:2 id 7'.split(' '), deps));
    expect(render(info, false)).toBe('\n    vlan protocol 802.1Q id 7 \n      egress-qos-map { 1:2 } ');
  });

  it('refuses as ip 6.1 does: messages and exit codes', () => {
    expect(refusal(() => vlanOptions(['id', 'x'], deps))).toEqual({
      message: 'Error: argument "x" is wrong: id is invalid',
      code: 255,
    });
    expect(refusal(() => vlanOptions(['gvrp', 'x'], deps))).toEqual({
      message: 'Error: argument of "gvrp" must be "on" or "off", not "x"',
      code: 1,
    });
    // ip cuts the word at the colon before reporting it.
    expect(refusal(() => vlanOptions(['egress-qos-map', '4:5x'], deps)).message).toBe(
      'Error: argument "4" is wrong: invalid egress-qos-map',
    );
    expect(refusal(() => vlanOptions(['ingress-qos-map'], deps)).code).toBe(255);
    expect(refusal(() => vlanOptions(['foo'], deps)).message).toMatch(
      /^vlan: unknown command "foo"\?\nUsage: /,
    );
  });
});

describe('type bond / bond_slave options, printed back by the bond -d printers', () => {
  it('802.3ad and active-backup options read as ip printed them', () => {
    const b1 = bondOptions(
      'mode 802.3ad miimon 100 xmit_hash_policy layer3+4 lacp_rate fast min_links 2 ad_select count ad_actor_sys_prio 100 ad_user_port_key 5 ad_actor_system 02:00:00:00:00:01'.split(
        ' ',
      ),
      deps,
    );
    expect(render(linkinfo('bond', b1), false)).toBe(
      '\n    bond mode 802.3ad miimon 100 xmit_hash_policy layer3+4 min_links 2 lacp_rate fast ad_select count ad_actor_sys_prio 100 ad_user_port_key 5 ad_actor_system 02:00:00:00:00:01 ',
    );
    const b2 = bondOptions(
      'mode active-backup arp_interval 100 arp_ip_target 10.0.0.1,10.0.0.2 arp_validate 0 primary d1 num_grat_arp 3'.split(
        ' ',
      ),
      deps,
    );
    expect(render(linkinfo('bond', b2), false)).toBe(
      '\n    bond mode active-backup arp_interval 100 arp_ip_target 10.0.0.1,10.0.0.2 arp_validate none primary d1 num_grat_arp 3 ',
    );
    expect(JSON.parse(render(linkinfo('bond', b2), true))).toEqual({
      linkinfo: {
        info_kind: 'bond',
        info_data: {
          mode: 'active-backup',
          arp_interval: 100,
          arp_ip_target: ['10.0.0.1', '10.0.0.2'],
          arp_validate: null,
          primary: 'd1',
          num_peer_notif: 3,
        },
      },
    });
    const slave = bondSlaveOptions('queue_id 3 prio -5'.split(' '), deps);
    expect(render(linkinfo('bond', slave, true), false)).toBe('\n    bond_slave queue_id 3 prio -5 ');
  });

  it('an abbreviation picks the first option it fits; the newer words must be whole', () => {
    const pri = bondOptions(['pri', 'd0'], deps);
    expect(render(linkinfo('bond', pri), false)).toBe('\n    bond primary d0 ');
    expect(refusal(() => bondOptions(['lacp_a', 'on'], deps)).message).toMatch(
      /^bond: unknown command "lacp_a"\?/,
    );
    expect(refusal(() => bondSlaveOptions(['pri', '3'], deps)).message).toMatch(
      /^bond_slave: unknown option "pri"\?/,
    );
  });

  it('refuses as ip 6.1 does: messages and exit codes', () => {
    expect(refusal(() => bondOptions(['mode', '4x'], deps))).toEqual({
      message: 'Error: argument "4x" is wrong: invalid mode',
      code: 255,
    });
    expect(refusal(() => bondOptions(['num_unsol_na', 'x'], deps)).message).toBe(
      'Error: argument "x" is wrong: invalid num_grat_arp|num_unsol_na',
    );
    expect(refusal(() => bondOptions(['active_slave', 'nope'], deps))).toEqual({
      message: 'Cannot find device "nope"',
      code: 1,
    });
    expect(refusal(() => bondOptions(['arp_ip_target', '1.2.3.x'], deps)).code).toBe(1);
    expect(refusal(() => bondOptions(['help'], deps)).message).toMatch(
      /^Usage: \.\.\. bond \[ mode BONDMODE \]/,
    );
  });
});
