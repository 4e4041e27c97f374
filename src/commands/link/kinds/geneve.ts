import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../../output/printer.js';
import { be16At, be32, fixed, inet4, inet6, print0xhex, type AttrTable, type KindHandler } from './common.js';
import * as gnv from '../../../netlink/gen/if_link.js';

/** geneve_print_opt (ip/iplink_geneve.c, iproute2 6.1). */
function printGeneve(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  if (tb.has(gnv.IFLA_GENEVE_COLLECT_METADATA)) p.bool(PRINT_ANY, 'external', 'external ', true);
  if ((tb.get(gnv.IFLA_GENEVE_ID)?.data.length ?? 0) >= 4)
    p.number(PRINT_ANY, 'id', 'id %u ', tb.u32(gnv.IFLA_GENEVE_ID)!);

  const remote = tb.get(gnv.IFLA_GENEVE_REMOTE);
  const remote6 = tb.get(gnv.IFLA_GENEVE_REMOTE6);
  if (remote) {
    if (be32(remote) !== 0) p.string(PRINT_ANY, 'remote', 'remote %s ', inet4(fixed(remote, 4)));
  } else if (remote6) {
    const addr = fixed(remote6, 16);
    // Neither the unspecified address nor a multicast one is printed.
    if (addr.some((b) => b !== 0) && addr[0] !== 0xff)
      p.string(PRINT_ANY, 'remote6', 'remote %s ', inet6(addr));
  }

  if (tb.u8(gnv.IFLA_GENEVE_TTL_INHERIT)) {
    p.string(PRINT_FP, null, 'ttl %s ', 'inherit');
  } else if (tb.has(gnv.IFLA_GENEVE_TTL)) {
    const ttl = tb.u8(gnv.IFLA_GENEVE_TTL)!;
    if (p.json || ttl) p.number(PRINT_ANY, 'ttl', 'ttl %u ', ttl);
    else p.string(PRINT_FP, null, 'ttl %s ', 'auto');
  }

  const tos = tb.u8(gnv.IFLA_GENEVE_TOS) ?? 0;
  if (tos) {
    if (p.json || tos !== 1) print0xhex(p, PRINT_ANY, 'tos', 'tos', tos);
    else p.string(PRINT_FP, null, 'tos %s ', 'inherit');
  }

  if (tb.has(gnv.IFLA_GENEVE_DF)) {
    const df = tb.u8(gnv.IFLA_GENEVE_DF)!;
    if (df === gnv.GENEVE_DF_UNSET) p.string(PRINT_JSON, 'df', 'df %s ', 'unset');
    else if (df === gnv.GENEVE_DF_SET) p.string(PRINT_ANY, 'df', 'df %s ', 'set');
    else if (df === gnv.GENEVE_DF_INHERIT) p.string(PRINT_ANY, 'df', 'df %s ', 'inherit');
  }

  const label = tb.has(gnv.IFLA_GENEVE_LABEL) ? be32(tb.get(gnv.IFLA_GENEVE_LABEL)) : 0;
  if (label) print0xhex(p, PRINT_ANY, 'label', 'flowlabel', label);

  if (tb.has(gnv.IFLA_GENEVE_PORT))
    p.number(PRINT_ANY, 'port', 'dstport %u ', be16At(tb.get(gnv.IFLA_GENEVE_PORT)));

  const csum = (type: number, key: string, word: string): void => {
    if (!tb.has(type)) return;
    const on = tb.u8(type)! !== 0;
    if (p.json) p.bool(PRINT_JSON, key, '', on);
    else p.fp(`${on ? '' : 'no'}${word} `);
  };
  csum(gnv.IFLA_GENEVE_UDP_CSUM, 'udp_csum', 'udpcsum');
  csum(gnv.IFLA_GENEVE_UDP_ZERO_CSUM6_TX, 'udp_zero_csum6_tx', 'udp6zerocsumtx');
  csum(gnv.IFLA_GENEVE_UDP_ZERO_CSUM6_RX, 'udp_zero_csum6_rx', 'udp6zerocsumrx');
  if (tb.has(gnv.IFLA_GENEVE_INNER_PROTO_INHERIT))
    p.bool(PRINT_ANY, 'inner_proto_inherit', 'innerprotoinherit ', true);
}

export const geneveHandler: KindHandler = { maxattr: gnv.IFLA_GENEVE_MAX, print: printGeneve };
