import { describe, expect, it } from 'vitest';
import { maddrList, parseMaddrArgs } from '../../src/commands/maddr/index.js';
import { parseStatsShow, statsFilters, statsHelp } from '../../src/commands/stats/index.js';
import { flagsFromInfo } from '../../src/commands/tuntap/index.js';
import { vrfOfCgroup } from '../../src/commands/vrf/cgroup.js';
import {
  decodeStats,
  encodeStatsRequest,
  readU64Struct,
  statsFilterBit,
} from '../../src/netlink/route/stats.js';
import { AttributeEncoder, AttributeIndex } from '../../src/netlink/codec/attributes.js';
import { CliError } from '../../src/iproute/errors.js';
import { AF_INET, AF_INET6, AF_PACKET } from '../../src/netlink/gen/socket.js';
import {
  IFLA_OFFLOAD_XSTATS_HW_S_INFO,
  IFLA_OFFLOAD_XSTATS_L3_STATS,
  IFLA_STATS_GET_FILTERS,
  IFLA_STATS_LINK_64,
  IFLA_STATS_LINK_OFFLOAD_XSTATS,
  IFLA_TUN_MULTI_QUEUE,
  IFLA_TUN_PERSIST,
  IFLA_TUN_PI,
  IFLA_TUN_TYPE,
  IFLA_TUN_VNET_HDR,
} from '../../src/netlink/gen/if_link.js';
import {
  IFF_MULTI_QUEUE,
  IFF_NO_PI,
  IFF_PERSIST,
  IFF_TAP,
  IFF_TUN,
  IFF_VNET_HDR,
} from '../../src/netlink/gen/if_tun.js';

describe('maddress: the /proc/net files as ip/ipmaddr.c reads them', () => {
  const files = {
    dev_mcast:
      [
        '2    eth0            1     0     333300000001',
        '2    eth0            2     1     01005e000001',
        '1    lo              1     0     01',
      ].join('\n') + '\n',
    igmp:
      'Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n' +
      '1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n' +
      '2\teth0      :     2      V3\n\t\t\t\t6A0000E0     3 0:00000000\t\t0\n',
    igmp6: '2    eth0            ff020000000000000000000000000001     1 0000000C 0\n',
  };

  it('merges by interface index, each file in its order, and keeps users and static', () => {
    const list = maddrList(files, 0, undefined);
    expect(list.map((m) => [m.index, m.family, m.users, m.features ?? ''])).toEqual([
      [1, AF_PACKET, 1, ''],
      [1, AF_INET, 1, ''],
      [2, AF_PACKET, 1, ''],
      [2, AF_PACKET, 2, 'static'],
      [2, AF_INET, 3, ''],
      [2, AF_INET6, 1, ''],
    ]);
  });

  it('reads an IPv4 group as the host-order "%08X" of its __be32 (224.0.0.106)', () => {
    const g = maddrList(files, AF_INET, 'eth0')[0]!;
    expect([...g.addr]).toEqual([224, 0, 0, 106]);
  });

  it('filters by family and by device name', () => {
    expect(maddrList(files, AF_INET6, undefined)).toHaveLength(1);
    expect(maddrList(files, 0, 'lo').every((m) => m.name === 'lo')).toBe(true);
    expect(maddrList({ dev_mcast: null, igmp: null, igmp6: null }, 0, undefined)).toEqual([]);
  });

  it('takes the device with or without "dev", and twice is ip’s duparg2', () => {
    expect(parseMaddrArgs(['dev', 'eth0'])).toBe('eth0');
    expect(parseMaddrArgs(['eth0'])).toBe('eth0');
    expect(() => parseMaddrArgs(['lo', 'eth0'])).toThrow(/either "dev" is duplicate/);
  });
});

describe('stats: selection and request (ip/ipstats.c)', () => {
  const sel = (args: string[]): string[][] => {
    const r = parseStatsShow(args);
    if (r === 'help') throw new Error('help');
    return r.enabled.map((e) => e.sel);
  };

  it('selects every leaf by default, in ip 6.1’s print order', () => {
    expect(sel([]).map((s) => s.join('/'))).toEqual([
      'afstats/mpls',
      'link',
      'offload/l3_stats',
      'offload/hw_stats_info',
      'offload/cpu_hit',
      'xstats_slave/bond/802.3ad',
      'xstats/bond/802.3ad',
      'xstats_slave/bridge/mcast',
      'xstats_slave/bridge/stp',
      'xstats/bridge/mcast',
      'xstats/bridge/stp',
    ]);
  });

  it('a later group adds to an earlier one; a leaf is enabled once', () => {
    expect(sel(['group', 'offload', 'subgroup', 'cpu_hit', 'group', 'link', 'group', 'link'])).toEqual([
      ['link'],
      ['offload', 'cpu_hit'],
    ]);
  });

  it('refuses as ip does, with its messages', () => {
    expect(() => sel(['subgroup', 'x'])).toThrow(
      'Error: subgroup x requested without selecting a group first',
    );
    expect(() => sel(['group', 'link', 'subgroup', 'x'])).toThrow(
      'Error: subgroup x requested inside leaf group link',
    );
    expect(() => sel(['group', 'nope'])).toThrow('Error: no group named nope found inside top-level');
    expect(() => sel(['bogus'])).toThrow(CliError);
  });

  it('filters a nest only when part of it is wanted', () => {
    const part = parseStatsShow(['group', 'offload', 'subgroup', 'l3_stats']);
    if (part === 'help') throw new Error('help');
    const f = statsFilters(part.enabled);
    expect(f.mask).toBe(statsFilterBit(IFLA_STATS_LINK_OFFLOAD_XSTATS));
    expect(f.nests.get(IFLA_STATS_LINK_OFFLOAD_XSTATS)).toBe(
      statsFilterBit(IFLA_OFFLOAD_XSTATS_L3_STATS) | statsFilterBit(IFLA_OFFLOAD_XSTATS_HW_S_INFO),
    );
    const all = parseStatsShow(['group', 'offload']);
    if (all === 'help') throw new Error('help');
    expect(statsFilters(all.enabled).nests.size).toBe(0);
  });

  it('encodes the header and the IFLA_STATS_GET_FILTERS nest, and decodes a reply', () => {
    const body = encodeStatsRequest({
      family: 0,
      ifindex: 7,
      filterMask: statsFilterBit(IFLA_STATS_LINK_64),
      nestFilters: new Map([[IFLA_STATS_LINK_OFFLOAD_XSTATS, 4]]),
    });
    const m = decodeStats(body);
    expect([m.ifindex, m.filterMask]).toEqual([7, 1]);
    expect(m.attrs.nested(IFLA_STATS_GET_FILTERS)?.u32(IFLA_STATS_LINK_OFFLOAD_XSTATS)).toBe(4);
  });

  it('reads a short counter struct zero-filled and a long one truncated', () => {
    const b = new Uint8Array(12);
    new DataView(b.buffer).setBigUint64(0, 5n, true);
    expect(readU64Struct(b, ['a', 'b'] as const)).toEqual({ a: 5n, b: 0n });
  });

  it('help lists the groups and suites from the same table', () => {
    expect(statsHelp()).toContain(
      'xstats SUBGROUP := { bridge [ suite stp ] [ suite mcast ] | bond [ suite 802.3ad ] }',
    );
  });
});

describe('tuntap: tun_flags rebuilt from IFLA_TUN_* (drivers/net/tun.c tun_fill_info)', () => {
  const data = (a: Record<number, number>): AttributeIndex => {
    const e = new AttributeEncoder();
    for (const [t, v] of Object.entries(a)) e.u8(Number(t), v);
    return new AttributeIndex(e.finish(), 0);
  };
  it('tap with pi: no IFF_NO_PI; tun without pi, vnet_hdr, persist, multi_queue', () => {
    expect(flagsFromInfo(data({ [IFLA_TUN_TYPE]: IFF_TAP, [IFLA_TUN_PI]: 1 }))).toBe(IFF_TAP);
    expect(
      flagsFromInfo(
        data({
          [IFLA_TUN_TYPE]: IFF_TUN,
          [IFLA_TUN_PI]: 0,
          [IFLA_TUN_VNET_HDR]: 1,
          [IFLA_TUN_PERSIST]: 1,
          [IFLA_TUN_MULTI_QUEUE]: 1,
        }),
      ),
    ).toBe(IFF_TUN | IFF_NO_PI | IFF_VNET_HDR | IFF_PERSIST | IFF_MULTI_QUEUE);
  });
});

describe('vrf identify: the VRF in /proc/PID/cgroup (vrf_identify)', () => {
  it('takes the controller-less line’s part after /vrf/', () => {
    expect(vrfOfCgroup('12:cpu:/x/vrf/no\n0::/user.slice/vrf/red\n')).toBe('red');
    expect(vrfOfCgroup('0::/\n')).toBe('');
  });
});
