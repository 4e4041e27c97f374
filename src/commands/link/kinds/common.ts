import { inet4Ntop, inet6Ntop } from '../../../netlink/inet.js';
import { AttributeIndex, type Attribute } from '../../../netlink/codec/index.js';
import { PRINT_ANY, PRINT_JSON, type PrintKind, type Printer } from '../../../output/printer.js';
import type { LinkRenderContext } from './context.js';

/**
 * Attributes of one nested run indexed by type, as iproute2's
 * parse_rtattr_nested() builds its `tb[]` (lib/libnetlink.c):
 *  - the FIRST attribute of a type wins (`if (!tb[type]) tb[type] = rta`);
 *  - only NLA_F_NESTED is masked off the type, so an attribute that carries
 *    NLA_F_NET_BYTEORDER has a type above `max` and is ignored;
 *  - types above `max` (the table size iproute2 6.1.0 was built with) are ignored;
 *  - a malformed length ends the walk (RTA_OK fails) and what came before is kept.
 * Never throws.
 */
export type AttrTable = AttributeIndex;

export function parseNested(data: Uint8Array, max: number): AttrTable {
  return new AttributeIndex(data, 0, true, max);
}

/** A kind's print_opt: `tb` is undefined when the kind's IFLA_INFO_*DATA was absent. */
export type KindPrinter = (p: Printer, tb: AttrTable | undefined, ctx: LinkRenderContext) => void;

export interface KindHandler {
  /** The table size iproute2 6.1.0 parses the kind's data with (lu->maxattr). */
  maxattr: number;
  print: KindPrinter;
}

/** Value bytes zero-padded (or cut) to `n`, for C code that reads a fixed-size struct out of RTA_DATA. */
export function fixed(a: Attribute | undefined, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (a) out.set(a.data.subarray(0, n));
  return out;
}

/** u16 in network byte order from the first two value bytes (ntohs(rta_getattr_u16)). */
export function be16At(a: Attribute | undefined, offset = 0): number {
  const d = fixed(a, offset + 2);
  return (d[offset]! << 8) | d[offset + 1]!;
}

/** u32 in network byte order (ntohl(rta_getattr_u32)). */
export function be32(a: Attribute | undefined): number {
  const d = fixed(a, 4);
  return ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
}

/** printf("%#llx"): "0" for zero, else "0x" and lowercase hex digits. */
export function altHex(v: number | bigint): string {
  return v === 0 || v === 0n ? '0' : '0x' + v.toString(16);
}

/**
 * print_0xhex(PRINT_ANY, key, "<label> %#llx ", v): JSON the string "%#llx"
 * (so "0", not "0x0"), text the same digits.
 */
export function print0xhex(
  p: Printer,
  kind: PrintKind,
  key: string,
  label: string,
  v: number | bigint,
): void {
  p.string(kind, key, `${label} %s `, altHex(v));
}

/**
 * A bare JSON value written with jsonw_printf (not quoted, not a JSON
 * number as json_print would format it), such as the bridge timers' "0.00".
 * The Printer writes number values with String(), so the literal passes through unchanged.
 */
export function jsonLiteral(p: Printer, key: string, literal: string): void {
  p.number(PRINT_JSON, key, '', literal as unknown as number);
}

/**
 * The bridge timers (a u64 of clock_t centiseconds): __jiffies_to_tv() then
 * "%i.%.2i" in JSON and "<name> %4i.%.2i " in text, with C's integer
 * arithmetic (the u64 product wraps, the seconds are cast to int).
 */
export function printTimer(p: Printer, name: string, j: bigint): void {
  const usecTotal = BigInt.asUintN(64, 10000n * j);
  const sec = usecTotal / 1000000n;
  const usec = usecTotal - 1000000n * sec;
  const secInt = Number(BigInt.asIntN(32, sec));
  const cs = Number(usec) / 10000;
  const frac = String(Math.trunc(cs)).padStart(2, '0');
  if (p.json) jsonLiteral(p, name, `${secInt}.${frac}`);
  else p.fp(`${name} ${String(secInt).padStart(4, ' ')}.${frac} `);
}

/**
 * struct ifla_bridge_id as br_dump_bridge_id() prints it: the two priority
 * bytes "%.2x%.2x", a dot, then glibc's ether_ntoa_r() form of the address
 * ("%x:%x:..." without zero padding).
 */
export function bridgeId(a: Attribute | undefined): string {
  const d = fixed(a, 8);
  const prio = hex2(d[0]!) + hex2(d[1]!);
  const addr = Array.from(d.subarray(2, 8), (b) => b.toString(16)).join(':');
  return `${prio}.${addr}`;
}

export function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/**
 * ll_addr_n2a() for an Ethernet-type address: "%02x" bytes joined by ':'.
 * iproute2 prints addr[0] even for an empty value (reading past it); "00" stands in for that byte.
 */
export function llAddr(data: Uint8Array): string {
  if (data.length === 0) return '00';
  return Array.from(data, hex2).join(':');
}

/** ll_index_to_name(): "*" for 0, the name when known, else "if<N>". */
export function indexName(ctx: LinkRenderContext, ifindex: number): string {
  if (ifindex === 0) return '*';
  return ctx.nameOf(ifindex) ?? `if${ifindex}`;
}

/** inet_ntop(AF_INET) of four bytes in network order. */
export function inet4(d: Uint8Array): string {
  return inet4Ntop(d);
}

/** glibc's inet_ntop(AF_INET6) (shared implementation in src/netlink/inet.ts). */
export function inet6(d: Uint8Array): string {
  return inet6Ntop(d);
}

/** A JSON object of numbers under `key`, in the fields' order (open_json_object, print_uint(PRINT_JSON…)…). */
export function jsonNumbers(p: Printer, key: string, fields: Readonly<Record<string, number>>): void {
  p.openObject(key);
  for (const [name, v] of Object.entries(fields)) p.number(PRINT_JSON, name, '', v);
  p.closeObject();
}

/** _print_onoff of a u8 attribute when present: "<key> on|off " in text, a JSON bool. */
export function printOnOffAttr(p: Printer, tb: AttrTable, type: number, key: string): void {
  if (tb.has(type)) p.onOff(PRINT_ANY, key, `${key} %s `, tb.u8(type)! !== 0);
}
