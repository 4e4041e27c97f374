import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../../output/printer.js';
import type { LinkRenderContext } from './context.js';
import {
  be16At,
  be32,
  fixed,
  indexName,
  inet4,
  inet6,
  jsonNumbers,
  print0xhex,
  type AttrTable,
  type KindHandler,
} from './common.js';
import {
  IFLA_VXLAN_AGEING,
  IFLA_VXLAN_COLLECT_METADATA,
  IFLA_VXLAN_DF,
  IFLA_VXLAN_GBP,
  IFLA_VXLAN_GPE,
  IFLA_VXLAN_GROUP,
  IFLA_VXLAN_GROUP6,
  IFLA_VXLAN_ID,
  IFLA_VXLAN_L2MISS,
  IFLA_VXLAN_L3MISS,
  IFLA_VXLAN_LABEL,
  IFLA_VXLAN_LEARNING,
  IFLA_VXLAN_LIMIT,
  IFLA_VXLAN_LINK,
  IFLA_VXLAN_LOCAL,
  IFLA_VXLAN_LOCAL6,
  IFLA_VXLAN_MAX,
  IFLA_VXLAN_PORT,
  IFLA_VXLAN_PORT_RANGE,
  IFLA_VXLAN_PROXY,
  IFLA_VXLAN_REMCSUM_RX,
  IFLA_VXLAN_REMCSUM_TX,
  IFLA_VXLAN_RSC,
  IFLA_VXLAN_TOS,
  IFLA_VXLAN_TTL,
  IFLA_VXLAN_TTL_INHERIT,
  IFLA_VXLAN_UDP_CSUM,
  IFLA_VXLAN_UDP_ZERO_CSUM6_RX,
  IFLA_VXLAN_UDP_ZERO_CSUM6_TX,
  IFLA_VXLAN_VNIFILTER,
  VXLAN_DF_INHERIT,
  VXLAN_DF_SET,
  VXLAN_DF_UNSET,
} from '../../../netlink/gen/if_link.js';

/** vxlan_print_opt() in ip/iplink_vxlan.c (iproute2 6.1.0). */
function printVxlan(p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext): void {
  if (!tb) return;
  const set = (type: number): boolean => {
    const a = tb.get(type);
    return a !== undefined && tb.u8(type)! !== 0;
  };
  const flag = (type: number, key: string, text: string): void => {
    if (set(type)) p.bool(PRINT_ANY, key, text, true);
  };

  flag(IFLA_VXLAN_COLLECT_METADATA, 'external', 'external ');
  // ip 6.1.0 prints "vnifilter" without a trailing space.
  flag(IFLA_VXLAN_VNIFILTER, 'vnifilter', 'vnifilter');

  const id = tb.get(IFLA_VXLAN_ID);
  if (id && id.data.length >= 4) p.number(PRINT_ANY, 'id', 'id %u ', tb.u32(IFLA_VXLAN_ID)!);

  const group = tb.get(IFLA_VXLAN_GROUP);
  const group6 = tb.get(IFLA_VXLAN_GROUP6);
  if (group) {
    const addr = fixed(group, 4);
    if (be32(group) !== 0) {
      // IN_MULTICAST: 224.0.0.0/4
      if ((addr[0]! & 0xf0) === 0xe0) p.string(PRINT_ANY, 'group', 'group %s ', inet4(addr));
      else p.string(PRINT_ANY, 'remote', 'remote %s ', inet4(addr));
    }
  } else if (group6) {
    const addr = fixed(group6, 16);
    if (addr.some((b) => b !== 0)) {
      if (addr[0] === 0xff) p.string(PRINT_ANY, 'group6', 'group %s ', inet6(addr));
      else p.string(PRINT_ANY, 'remote6', 'remote %s ', inet6(addr));
    }
  }

  const local = tb.get(IFLA_VXLAN_LOCAL);
  const local6 = tb.get(IFLA_VXLAN_LOCAL6);
  if (local) {
    if (be32(local) !== 0) p.string(PRINT_ANY, 'local', 'local %s ', inet4(fixed(local, 4)));
  } else if (local6) {
    const addr = fixed(local6, 16);
    if (addr.some((b) => b !== 0)) p.string(PRINT_ANY, 'local6', 'local %s ', inet6(addr));
  }

  const link = tb.get(IFLA_VXLAN_LINK);
  if (link) {
    const ifindex = tb.u32(IFLA_VXLAN_LINK)!;
    if (ifindex) p.string(PRINT_ANY, 'link', 'dev %s ', indexName(ctx, ifindex));
  }

  const range = tb.get(IFLA_VXLAN_PORT_RANGE);
  if (range) {
    // struct ifla_vxlan_port_range { __be16 low, high; }
    const low = be16At(range, 0);
    const high = be16At(range, 2);
    if (p.json) jsonNumbers(p, 'port_range', { low, high });
    else p.fp(`srcport ${low} ${high} `);
  }

  const port = tb.get(IFLA_VXLAN_PORT);
  if (port) p.number(PRINT_ANY, 'port', 'dstport %u ', be16At(port));

  const learningAttr = tb.get(IFLA_VXLAN_LEARNING);
  if (learningAttr) {
    const learning = tb.u8(IFLA_VXLAN_LEARNING)! !== 0;
    p.bool(PRINT_JSON, 'learning', '', learning);
    if (!learning) p.bool(PRINT_FP, null, 'nolearning ', true);
  }

  flag(IFLA_VXLAN_PROXY, 'proxy', 'proxy ');
  flag(IFLA_VXLAN_RSC, 'rsc', 'rsc ');
  flag(IFLA_VXLAN_L2MISS, 'l2miss', 'l2miss ');
  flag(IFLA_VXLAN_L3MISS, 'l3miss', 'l3miss ');

  const tosAttr = tb.get(IFLA_VXLAN_TOS);
  const tos = tosAttr ? tb.u8(IFLA_VXLAN_TOS)! : 0;
  if (tos) {
    if (p.json || tos !== 1) print0xhex(p, PRINT_ANY, 'tos', 'tos', tos);
    else p.string(PRINT_FP, null, 'tos %s ', 'inherit');
  }

  const ttlAttr = tb.get(IFLA_VXLAN_TTL);
  if (set(IFLA_VXLAN_TTL_INHERIT)) {
    p.string(PRINT_FP, null, 'ttl %s ', 'inherit');
  } else if (ttlAttr) {
    const ttl = tb.u8(IFLA_VXLAN_TTL)!;
    if (p.json || ttl) p.number(PRINT_ANY, 'ttl', 'ttl %u ', ttl);
    else p.string(PRINT_FP, null, 'ttl %s ', 'auto');
  }

  const dfAttr = tb.get(IFLA_VXLAN_DF);
  if (dfAttr) {
    const df = tb.u8(IFLA_VXLAN_DF)!;
    if (df === VXLAN_DF_UNSET) p.string(PRINT_JSON, 'df', 'df %s ', 'unset');
    else if (df === VXLAN_DF_SET) p.string(PRINT_ANY, 'df', 'df %s ', 'set');
    else if (df === VXLAN_DF_INHERIT) p.string(PRINT_ANY, 'df', 'df %s ', 'inherit');
  }

  const labelAttr = tb.get(IFLA_VXLAN_LABEL);
  if (labelAttr) {
    const label = be32(labelAttr);
    if (label) print0xhex(p, PRINT_ANY, 'label', 'flowlabel', label);
  }

  const ageing = tb.get(IFLA_VXLAN_AGEING);
  if (ageing) {
    const age = tb.u32(IFLA_VXLAN_AGEING)!;
    p.number(PRINT_ANY, 'ageing', age === 0 ? 'ageing none ' : 'ageing %u ', age);
  }

  const limit = tb.get(IFLA_VXLAN_LIMIT);
  if (limit && tb.u32(IFLA_VXLAN_LIMIT)! !== 0)
    p.number(PRINT_ANY, 'limit', 'maxaddr %u ', tb.u32(IFLA_VXLAN_LIMIT)!);

  const csum = (type: number, key: string, word: string): void => {
    const a = tb.get(type);
    if (!a) return;
    const on = tb.u8(type)! !== 0;
    if (p.json) p.bool(PRINT_JSON, key, '', on);
    else p.fp(`${on ? '' : 'no'}${word} `);
  };
  csum(IFLA_VXLAN_UDP_CSUM, 'udp_csum', 'udpcsum');
  csum(IFLA_VXLAN_UDP_ZERO_CSUM6_TX, 'udp_zero_csum6_tx', 'udp6zerocsumtx');
  csum(IFLA_VXLAN_UDP_ZERO_CSUM6_RX, 'udp_zero_csum6_rx', 'udp6zerocsumrx');

  flag(IFLA_VXLAN_REMCSUM_TX, 'remcsum_tx', 'remcsumtx ');
  flag(IFLA_VXLAN_REMCSUM_RX, 'remcsum_rx', 'remcsumrx ');
  // GBP and GPE are flags: present means on.
  if (tb.has(IFLA_VXLAN_GBP)) p.bool(PRINT_ANY, 'gbp', 'gbp ', true);
  if (tb.has(IFLA_VXLAN_GPE)) p.bool(PRINT_ANY, 'gpe', 'gpe ', true);
}

export const vxlanHandler: KindHandler = { maxattr: IFLA_VXLAN_MAX, print: printVxlan };
