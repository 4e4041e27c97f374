/**
 * One address as `ip address` and `ip monitor` print it: print_addrinfo() in
 * iproute2 6.1.0's ip/ipaddress.c (the installed `ip` is the reference):
 * same fields, order, formats, JSON keys and types.
 */
import type { Attribute } from '../../netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../../netlink/codec/bytes.js';
import { INFINITY_LIFE_TIME, addrToString, type AddrMessage } from '../../netlink/route/addr.js';
import { familyName } from '../../iproute/prefix.js';
import { PRINT_ANY, PRINT_JSON, type ColorAttr, type Printer } from '../../output/printer.js';
import { IFA_FLAG_DATA } from '../../iproute/ifa-flags.js';
import { AF_INET, AF_INET6 } from '../../netlink/gen/socket.js';
import {
  IFA_ADDRESS,
  IFA_ANYCAST,
  IFA_BROADCAST,
  IFA_CACHEINFO,
  IFA_F_DEPRECATED,
  IFA_F_PERMANENT,
  IFA_F_SECONDARY,
  IFA_LABEL,
  IFA_LOCAL,
  IFA_RT_PRIORITY,
} from '../../netlink/gen/if_addr.js';

/** What print_addrinfo needs besides the message. */
export interface AddrRenderContext {
  /** ip -br: address and prefix length only. */
  brief: boolean;
  /** Print "INDEX: DEV" (JSON index/dev) first: ip -o, flush with -s -s, and ip monitor. */
  showDev: boolean;
  /** ll_index_to_name: the interface name, undefined when unknown ("if<N>" is printed then). */
  nameOf(ifindex: number): string | undefined;
  /** rtnl_rtscope_n2a: scope id to name (rt_scopes, or the number with -N). */
  scopeName(scope: number): string;
}

function familyColor(family: number): ColorAttr | undefined {
  return family === AF_INET ? 'inet' : family === AF_INET6 ? 'inet6' : undefined;
}

/** print_ifa_flags */
function printFlags(p: Printer, family: number, flags: number): void {
  for (const f of IFA_FLAG_DATA) {
    if (f.mask === IFA_F_PERMANENT) {
      if (!(flags & f.mask)) p.bool(PRINT_ANY, 'dynamic', 'dynamic ', true);
    } else if (flags & f.mask) {
      if (f.mask === IFA_F_SECONDARY && family === AF_INET6) {
        p.bool(PRINT_ANY, 'temporary', 'temporary ', true);
      } else {
        p.fp(f.name + ' ');
        p.bool(PRINT_JSON, f.name, '', true);
      }
    }
    flags &= ~f.mask;
  }
  if (flags) {
    const hex = (flags >>> 0).toString(16).padStart(2, '0');
    if (p.json) p.string(PRINT_JSON, 'ifa_flags', '', hex);
    else p.fp(`flags ${hex} `);
  }
}

function sameAddress(a: Attribute, b: Attribute, family: number): boolean {
  const n = family === AF_INET ? 4 : 16;
  for (let i = 0; i < n; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/**
 * The fields of one address (print_addrinfo), without opening or closing a
 * JSON object: `ip address` puts each in an object of addr_info, a monitor
 * wherever it wants. Text ends with a newline (none in brief mode, where
 * addresses share the link's line).
 */
export function renderAddr(p: Printer, msg: AddrMessage, ctx: AddrRenderContext): void {
  const attrs = msg.attrs;
  const family = msg.family;
  const flags = msg.flags;
  const local = attrs.get(IFA_LOCAL) ?? attrs.get(IFA_ADDRESS);
  const address = attrs.get(IFA_ADDRESS) ?? attrs.get(IFA_LOCAL);
  const color = familyColor(family);

  if (msg.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);

  if (!ctx.brief) {
    if (ctx.showDev) {
      const dev = msg.index === 0 ? '*' : (ctx.nameOf(msg.index) ?? `if${msg.index}`);
      if (p.json) {
        p.number(PRINT_JSON, 'index', '', msg.index | 0);
        p.string(PRINT_JSON, 'dev', '', dev);
      } else p.fp(`${msg.index}: ${dev}`);
    }
    const name = familyName(family);
    if (name[0] !== '?') p.string(PRINT_ANY, 'family', '    %s ', name);
    else p.number(PRINT_ANY, 'family_index', '    family %d ', family);
  }

  if (local) {
    p.string(PRINT_ANY, 'local', '%s', addrToString(family, local.data), color);
    if (address && !sameAddress(address, local, family)) {
      p.fp(' peer ');
      p.string(PRINT_ANY, 'address', '%s', addrToString(family, address.data), color);
    }
    p.number(PRINT_ANY, 'prefixlen', '/%d ', msg.prefixlen);
    const metric = attrs.u32(IFA_RT_PRIORITY);
    if (metric !== undefined) p.number(PRINT_ANY, 'metric', 'metric %u ', metric);
  }

  if (ctx.brief) return;

  const brd = attrs.get(IFA_BROADCAST);
  if (brd) {
    p.fp('brd ');
    p.string(PRINT_ANY, 'broadcast', '%s ', addrToString(family, brd.data), color);
  }
  const any = attrs.get(IFA_ANYCAST);
  if (any) {
    p.fp('any ');
    p.string(PRINT_ANY, 'anycast', '%s ', addrToString(family, any.data), color);
  }
  p.string(PRINT_ANY, 'scope', 'scope %s ', ctx.scopeName(msg.scope));
  printFlags(p, family, flags);
  const label = attrs.string(IFA_LABEL);
  if (label !== undefined) p.string(PRINT_ANY, 'label', '%s', label);

  const ci = attrs.get(IFA_CACHEINFO);
  if (ci) {
    const dv = view(ci.data);
    const get = (off: number): number =>
      ci.data.length >= off + 4 ? dv.getUint32(off, HOST_LITTLE_ENDIAN) : 0;
    const preferred = get(0);
    const valid = get(4);
    p.nl();
    p.fp('       valid_lft ');
    if (valid === INFINITY_LIFE_TIME) {
      p.number(PRINT_JSON, 'valid_life_time', '', INFINITY_LIFE_TIME);
      p.fp('forever');
    } else p.number(PRINT_ANY, 'valid_life_time', '%usec', valid);
    p.fp(' preferred_lft ');
    if (preferred === INFINITY_LIFE_TIME) {
      p.number(PRINT_JSON, 'preferred_life_time', '', INFINITY_LIFE_TIME);
      p.fp('forever');
    } else if (flags & IFA_F_DEPRECATED) {
      p.number(PRINT_ANY, 'preferred_life_time', '%dsec', preferred | 0);
    } else p.number(PRINT_ANY, 'preferred_life_time', '%usec', preferred);
  }
  p.fp('\n');
}
