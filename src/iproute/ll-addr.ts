/**
 * Link-layer address text to bytes (lib/ll_addr.c ll_addr_a2n, iproute2 6.1):
 * the one parser behind `link … address|broadcast`, `neigh … lladdr`,
 * macvlan's macaddr lists and the kinds' lladdr options.
 */
import { CliError } from './errors.js';
import { parseAddr } from './prefix.js';
import { AF_INET } from '../netlink/gen/socket.js';

/** The size of iplink's abuf (ip/iplink.c), the longest address `link` reads. */
export const LINK_LLADDR_MAX = 32;

/** The size of ipneigh_modify's llabuf (ip/ipneigh.c). */
export const NEIGH_LLADDR_MAX = 20;

/** sscanf("%x"): leading blanks, a sign, an optional 0x and hex digits; undefined when none. */
function scanHex(s: string): number | undefined {
  const m = /^\s*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(s);
  if (!m) return undefined;
  const v = parseInt(m[2]!, 16);
  return m[1] === '-' ? -v : v;
}

/**
 * ll_addr_a2n: a dotted IPv4 address (get_addr_1, 4 bytes) or colon-separated
 * hex bytes, at most `maxLen` of them (the caller's buffer size; pieces past it
 * are ignored as ip ignores them). A bad piece is `"X" is invalid lladdr.`,
 * exit status 1.
 */
export function llAddrA2n(arg: string, maxLen: number = LINK_LLADDR_MAX): Uint8Array {
  if (arg.includes('.')) {
    const a = parseAddr(arg, AF_INET);
    if (!a || a.bytes.length !== 4) throw new CliError(`"${arg}" is invalid lladdr.`, 1);
    return a.bytes;
  }
  const out: number[] = [];
  let rest = arg;
  for (let i = 0; i < maxLen; i++) {
    const colon = rest.indexOf(':');
    const piece = colon >= 0 ? rest.slice(0, colon) : rest;
    const v = scanHex(piece);
    if (v === undefined || v < 0 || v > 255) throw new CliError(`"${piece}" is invalid lladdr.`, 1);
    out.push(v);
    if (colon < 0) break;
    rest = rest.slice(colon + 1);
  }
  return Uint8Array.from(out);
}
