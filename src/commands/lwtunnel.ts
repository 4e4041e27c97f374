/**
 * Lightweight tunnel encapsulation (RTA_ENCAP_TYPE/RTA_ENCAP of a route, NHA_ENCAP_* of a nexthop):
 * lwt_print_encap of iproute2 6.1.0's ip/iproute_lwtunnel.c for the ip and
 * ip6 types (id, src, dst, ttl/hoplimit, tos/tc); the other types by name
 * only. And the `encap ip|ip6 …` words of ip route add (parse_encap_ip,
 * parse_encap_ip6).
 */
import { AttributeEncoder, AttributeIndex } from '../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../netlink/codec/bytes.js';
import { formatAddress } from '../netlink/inet.js';
import type { IprouteNames } from '../iproute/names.js';
import type { Args } from '../iproute/args.js';
import { CliError } from '../iproute/errors.js';
import { duparg2, getU8, invarg } from '../iproute/parse.js';
import { getAddr } from '../iproute/prefix.js';
import { PRINT_ANY, type Printer } from '../output/printer.js';
import { AF_INET, AF_INET6 } from '../netlink/gen/socket.js';
import {
  LWTUNNEL_ENCAP_IP,
  LWTUNNEL_ENCAP_IP6,
  LWTUNNEL_IP6_DST,
  LWTUNNEL_IP6_HOPLIMIT,
  LWTUNNEL_IP6_ID,
  LWTUNNEL_IP6_SRC,
  LWTUNNEL_IP6_TC,
  LWTUNNEL_IP_DST,
  LWTUNNEL_IP_ID,
  LWTUNNEL_IP_SRC,
  LWTUNNEL_IP_TOS,
  LWTUNNEL_IP_TTL,
} from '../netlink/gen/lwtunnel.js';

/** format_encap_type: LWTUNNEL_ENCAP_* by number (<linux/lwtunnel.h>). */
export const ENCAP_NAMES = [
  'none',
  'mpls',
  'ip',
  'ila',
  'ip6',
  'seg6',
  'bpf',
  'seg6local',
  'rpl',
  'ioam6',
  'xfrm',
];

/** The fields of one IP tunnel type: its attribute numbers, address family and the words ip prints. */
interface IpTunnelFields {
  family: number;
  id: number;
  src: number;
  dst: number;
  /** ttl (ip) / hoplimit (ip6): a u8. */
  hops: [number, string];
  /** tos (ip, printed signed) / tc (ip6). */
  tclass: [number, string, string];
}

/** parse_encap_ip / print_encap_ip: LWTUNNEL_IP_* with ttl and tos (printed signed). */
const IP_FIELDS = tunnel(
  AF_INET,
  LWTUNNEL_IP_ID,
  LWTUNNEL_IP_SRC,
  LWTUNNEL_IP_DST,
  [LWTUNNEL_IP_TTL, 'ttl'],
  [LWTUNNEL_IP_TOS, 'tos', 'tos %d '],
);
/** parse_encap_ip6 / print_encap_ip6: LWTUNNEL_IP6_* with hoplimit and tc. */
const IP6_FIELDS = tunnel(
  AF_INET6,
  LWTUNNEL_IP6_ID,
  LWTUNNEL_IP6_SRC,
  LWTUNNEL_IP6_DST,
  [LWTUNNEL_IP6_HOPLIMIT, 'hoplimit'],
  [LWTUNNEL_IP6_TC, 'tc', 'tc %u '],
);

function tunnel(
  family: number,
  id: number,
  src: number,
  dst: number,
  hops: IpTunnelFields['hops'],
  tclass: IpTunnelFields['tclass'],
): IpTunnelFields {
  return { family, id, src, dst, hops, tclass };
}

function fieldsOf(type: number): IpTunnelFields | undefined {
  return type === LWTUNNEL_ENCAP_IP ? IP_FIELDS : type === LWTUNNEL_ENCAP_IP6 ? IP6_FIELDS : undefined;
}

/** print_encap_ip / print_encap_ip6 (the tunnel flags and options are not printed yet). */
function printIpTunnel(p: Printer, a: AttributeIndex, f: IpTunnelFields): void {
  const id = a.bytes(f.id);
  // The id is a __be64 (ntohll).
  if (id && id.length >= 8) p.number(PRINT_ANY, 'id', 'id %llu ', view(id).getBigUint64(0, false));
  const color = f.family === AF_INET ? 'inet' : 'inet6';
  for (const [type, key] of [
    [f.src, 'src'],
    [f.dst, 'dst'],
  ] as const) {
    const addr = a.bytes(type);
    if (addr) p.string(PRINT_ANY, key, `${key} %s `, formatAddress(f.family, addr), color);
  }
  const hops = a.u8(f.hops[0]);
  if (hops !== undefined) p.number(PRINT_ANY, f.hops[1], `${f.hops[1]} %u `, hops);
  const tclass = a.u8(f.tclass[0]);
  if (tclass !== undefined) p.number(PRINT_ANY, f.tclass[1], f.tclass[2], tclass);
}

/** lwt_print_encap: " encap TYPE " and the type's fields. */
export function printEncap(p: Printer, encapType: Uint8Array | undefined, encap: Uint8Array): void {
  if (!encapType || encapType.length < 2) return;
  const type = view(encapType).getUint16(0, HOST_LITTLE_ENDIAN);
  p.string(PRINT_ANY, 'encap', ' encap %s ', ENCAP_NAMES[type] ?? 'unknown');
  const fields = fieldsOf(type);
  if (!fields) return;
  const a = new AttributeIndex(encap);
  printIpTunnel(p, a, fields);
  a.throwIfError();
}

/** ip route add's `encap TYPE …`: the type and its RTA_ENCAP nest; `a` is at the word after "encap". */
export interface ParsedEncap {
  type: number;
  attrs: Uint8Array;
}

/**
 * parse_encap_ip / parse_encap_ip6: id, src, dst, ttl|hoplimit, tos|tc
 * until a word that is none of them (left for the route's own parser).
 */
export function parseEncap(a: Args, names: IprouteNames): ParsedEncap {
  const typeWord = a.next();
  const type = ENCAP_NAMES.indexOf(typeWord);
  if (type <= 0) invarg('"encap type" value is invalid\n', typeWord);
  const f = fieldsOf(type);
  if (!f)
    throw new CliError(`nlts: "encap ${typeWord}" is not supported yet (ip and ip6 are).`, 1, 'unsupported');
  const e = new AttributeEncoder();
  const seen = new Set<string>();
  const once = (key: string, v: string): void => {
    if (seen.has(key)) duparg2(key, v);
    seen.add(key);
  };
  for (let w = a.peek(); w !== undefined; w = a.peek()) {
    if (w === 'id') {
      a.i++;
      const v = a.next();
      once('id', v);
      let id: bigint;
      try {
        id = BigInt(v);
      } catch {
        invarg('"id" value is invalid\n', v);
      }
      const b = new Uint8Array(8);
      view(b).setBigUint64(0, BigInt.asUintN(64, id), false);
      e.bytes(f.id, b);
    } else if (w === 'src' || w === 'dst') {
      a.i++;
      const v = a.next();
      once(w, v);
      e.bytes(w === 'src' ? f.src : f.dst, getAddr(v, f.family).bytes);
    } else if (w === f.hops[1]) {
      a.i++;
      const v = a.next();
      once(w, v);
      const n = getU8(v);
      if (n === undefined) invarg(`"${w}" value is invalid\n`, v);
      e.u8(f.hops[0], n);
    } else if (w === f.tclass[1]) {
      a.i++;
      const v = a.next();
      once(w, v);
      const n = names.dsfieldId(v);
      if (n === undefined) invarg(`"${w}" value is invalid\n`, v);
      e.u8(f.tclass[0], n);
    } else break;
  }
  return { type, attrs: e.finish() };
}
