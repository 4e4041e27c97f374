/**
 * `nlts nexthop add|replace|delete`: ipnh_modify (ip/ipnexthop.c, iproute2
 * 6.1) word for word, building the request with netlink/route/nexthop.ts.
 */
import type { IprouteNames } from '../../iproute/names.js';
import { Args } from '../../iproute/args.js';
import { CliError } from '../../iproute/errors.js';
import { EXIT_USAGE, getU16, getU32, invarg, matches, nodev } from '../../iproute/parse.js';
import { getAddr } from '../../iproute/prefix.js';
import {
  encodeNexthopChange,
  type NexthopGroupMember,
  type NexthopSpec,
} from '../../netlink/route/nexthop.js';
import { encapAttrs, parseEncap } from '../lwtunnel.js';
import { NEXTHOP_HELP } from './help.js';
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES } from '../../netlink/gen/nexthop.js';
import { RTNH_F_ONLINK } from '../../netlink/gen/rtnetlink.js';
import { AF_INET } from '../../netlink/gen/socket.js';

/** usage(): ip prints its help on stderr and exits 255. */
export function nexthopUsage(): never {
  throw new CliError(NEXTHOP_HELP.trimEnd(), EXIT_USAGE, 'help');
}

/** ipnh_parse_id */
export function parseNexthopId(v: string): number {
  const id = getU32(v);
  if (id === undefined) invarg('invalid id value', v);
  return id;
}

/**
 * add_nh_group_attr: "ID[,WEIGHT]/…", weight 1..256 (sent as weight - 1).
 * ip cuts the string in place at '/' and ',', so a bad id names the first
 * member's id text, a bad weight the text after that member's ','.
 */
export function parseNexthopGroup(arg: string): NexthopGroupMember[] {
  const bad = (): never => invarg('"group" value is invalid\n', arg.split('/')[0]!.split(',')[0]!);
  if (arg === '') bad();
  const out: NexthopGroupMember[] = [];
  for (const member of arg.split('/')) {
    const comma = member.indexOf(',');
    const id = getU32(comma < 0 ? member : member.slice(0, comma));
    if (id === undefined) bad();
    let weight = 0;
    if (comma >= 0) {
      const wText = member.slice(comma + 1);
      const w = getU32(wText);
      if (w === undefined || w === 0 || w > 256) invarg('"weight" is invalid\n', wText);
      weight = w - 1;
    }
    out.push({ id: id!, weight });
  }
  return out;
}

/** read_nh_group_type */
function groupType(word: string): number | undefined {
  if (word === 'mpath') return NEXTHOP_GRP_TYPE_MPATH;
  if (word === 'resilient') return NEXTHOP_GRP_TYPE_RES;
  return undefined;
}

/** A seconds value of parse_nh_group_type_res, in clock_t ticks (ip multiplies into a u32: it wraps). */
function timerTicks(v: string, what: string): number {
  const s = getU32(v);
  if (s === undefined) invarg(`invalid ${what} value`, v);
  return Math.imul(s, 100) >>> 0;
}

/**
 * parse_nh_group_type_res: the words after `type resilient`. ip opens the
 * NHA_RES_GROUP nest only when a word follows, and stops at the first word
 * that is not one of its own (left for ipnh_modify).
 */
function parseResilient(a: Args, spec: NexthopSpec): void {
  if (a.peek() === undefined) return;
  const res: NonNullable<NexthopSpec['resGroup']> = {};
  spec.resGroup = res;
  for (let w = a.peek(); w !== undefined; w = a.peek()) {
    if (w === 'buckets') {
      a.i++;
      const v = a.next();
      const n = getU16(v);
      if (n === undefined) invarg('invalid buckets value', v);
      res.buckets = n;
    } else if (w === 'idle_timer') {
      a.i++;
      res.idleTimer = timerTicks(a.next(), 'idle timer');
    } else if (w === 'unbalanced_timer') {
      a.i++;
      res.unbalancedTimer = timerTicks(a.next(), 'unbalanced timer');
    } else break;
  }
}

/** What ipnh_modify needs from outside the words: the -4/-6 family, names and ll_name_to_index. */
export interface NexthopParseContext {
  family: number;
  names: IprouteNames;
  /** ll_name_to_index: 0 when there is no such device. */
  ifindexOf(name: string): number;
}

/** ipnh_modify's parsing loop: the request's struct nhmsg and NHA_* (sent as they are, even for delete). */
export function parseNexthopChange(words: readonly string[], ctx: NexthopParseContext): NexthopSpec {
  const spec: NexthopSpec = { family: ctx.family };
  let flags = 0;
  const a = new Args(words);
  for (; a.more; a.i++) {
    const w = a.cur;
    if (w === 'id') spec.id = parseNexthopId(a.next());
    else if (w === 'dev') {
      const v = a.next();
      const ifindex = ctx.ifindexOf(v);
      if (!ifindex) invarg('Device does not exist\n', v);
      spec.oif = ifindex;
      if (spec.family === 0) spec.family = AF_INET;
    } else if (w === 'via') {
      const v = a.next();
      const addr = getAddr(v, spec.family);
      if (spec.family === 0) spec.family = addr.family;
      else if (spec.family !== addr.family) invarg('address family mismatch\n', v);
      spec.gateway = addr.bytes;
    } else if (w === 'blackhole') {
      spec.blackhole = true;
      if (spec.family === 0) spec.family = AF_INET;
    } else if (w === 'fdb') spec.fdb = true;
    else if (w === 'onlink') flags |= RTNH_F_ONLINK;
    else if (w === 'group') spec.group = parseNexthopGroup(a.next());
    else if (w === 'type') {
      const v = a.next();
      const type = groupType(v);
      if (type === undefined) invarg('"type" value is invalid\n', v);
      if (type === NEXTHOP_GRP_TYPE_RES) parseResilient(a, spec);
      spec.groupType = type;
    } else if (matches(w, 'protocol')) {
      const v = a.next();
      const p = ctx.names.protocolId(v);
      if (p === undefined) invarg('"protocol" value is invalid\n', v);
      spec.protocol = p;
    } else if (w === 'encap') {
      // lwt_parse_encap resolves seg6local's devices as it parses: so does this.
      const encap = parseEncap(a, ctx.names);
      spec.encap = {
        type: encap.type,
        attrs: encapAttrs(encap, { require: (n) => ctx.ifindexOf(n) || nodev(n) }),
      };
    } else if (w === 'help') nexthopUsage();
    else invarg('', w);
  }
  spec.flags = flags;
  return spec;
}

/** The request payload of ipnh_modify for these words. */
export function encodeNexthopChangeWords(words: readonly string[], ctx: NexthopParseContext): Uint8Array {
  return encodeNexthopChange(parseNexthopChange(words, ctx));
}
