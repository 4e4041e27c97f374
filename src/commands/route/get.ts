/**
 * `ip route get ADDRESS [from S] [iif X] [oif X] [mark M] ...` (iproute_get
 * of iproute2 6.1.0's ip/iproute.c): one RTM_GETROUTE, the answer printed
 * with renderRoute.
 */
import { be16Bytes } from '../../netlink/codec/bytes.js';
import { IprouteNames } from '../../iproute/names.js';
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { matches } from '../../iproute/parse.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { RouteMessage, encodeRtmsg } from '../../netlink/route/route.js';
import { Args, ChunkedOutput, makePrinter, openRoute } from './common.js';
import { LinkCache } from '../../iproute/link-cache.js';
import { invarg, getU32, getU16, getU8 } from '../../iproute/parse.js';
import { getPrefix } from '../../iproute/prefix.js';
import { renderRoute, routeContext } from './render.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/gen/socket.js';
import {
  RTA_DPORT,
  RTA_DST,
  RTA_IIF,
  RTA_IP_PROTO,
  RTA_MARK,
  RTA_OIF,
  RTA_SPORT,
  RTA_PREFSRC,
  RTA_SRC,
  RTA_UID,
  RTM_DELROUTE,
  RTM_F_FIB_MATCH,
  RTM_F_LOOKUP_TABLE,
  RTM_F_NOTIFY,
  RTM_GETROUTE,
  RTM_NEWROUTE,
} from '../../netlink/gen/rtnetlink.js';
import { vrfLookupOver } from '../../iproute/vrf.js';

const IPPROTOS: Record<string, number> = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  ipv6: 41,
  gre: 47,
  icmpv6: 58,
  sctp: 132,
};

export function routeGet(words: string[], env: CommandEnv, help: string): number {
  const names = IprouteNames.forEnv(env);
  let family = env.opts.family;
  let tos = 0;
  let flags = 0;
  let srcLen = 0;
  let dstLen = 0;
  let idev: string | undefined;
  let odev: string | undefined;
  let mark = 0;
  let found = false;
  let connected = false;
  let fromOk = false;
  // Attributes in ip's order: those given on the line, then iif/oif, then mark.
  const early: ((e: AttributeEncoder) => void)[] = [];
  const a = new Args(words);
  for (; a.more; a.i++) {
    const w = a.cur;
    if (w === 'tos' || matches(w, 'dsfield')) {
      const v = a.next();
      const t = names.dsfieldId(v) ?? invarg('TOS value is invalid', v);
      tos = t;
    } else if (matches(w, 'from')) {
      const v = a.next();
      if (matches(v, 'help')) return printHelp(env, help);
      fromOk = true;
      const p = getPrefix(v, family);
      if (family === AF_UNSPEC) family = p.family;
      if (p.bytes.length) early.push((e) => e.bytes(RTA_SRC, p.bytes));
      srcLen = p.bitlen;
    } else if (matches(w, 'iif')) {
      idev = a.next();
    } else if (matches(w, 'mark')) {
      const v = a.next();
      mark = getU32(v) ?? invarg('invalid mark value', v);
    } else if (matches(w, 'oif') || w === 'dev') {
      odev = a.next();
    } else if (matches(w, 'notify')) {
      flags |= RTM_F_NOTIFY;
    } else if (matches(w, 'vrf')) {
      // iproute_get: the VRF device is the output interface.
      const v = a.next();
      if (!vrfLookupOver(() => openRoute(env))(v).index) invarg('Invalid VRF\n', v);
      odev = v;
    } else if (matches(w, 'connected')) {
      connected = true;
    } else if (w === 'as') {
      throw new CliError('nlts: "route get ... as" is not supported yet.', 1, 'unsupported');
    } else if (matches(w, 'uid')) {
      const v = a.next();
      const uid = getU32(v);
      if (uid === undefined) invarg('invalid UID', v);
      early.push((e) => e.u32(RTA_UID, uid));
    } else if (matches(w, 'fibmatch')) {
      flags |= RTM_F_FIB_MATCH;
    } else if (matches(w, 'sport') || matches(w, 'dport')) {
      const v = a.next();
      const port = getU16(v);
      if (port === undefined) invarg(`invalid ${matches(w, 'sport') ? 'sport' : 'dport'}`, v);
      const t = matches(w, 'sport') ? RTA_SPORT : RTA_DPORT;
      // get_be16 + addattr16: the port in network byte order, no NLA_F_NET_BYTEORDER flag.
      early.push((e) => e.bytes(t, be16Bytes(port)));
    } else if (matches(w, 'ipproto')) {
      const v = a.next();
      const n = IPPROTOS[v] ?? getU8(v);
      if (n === undefined) invarg('Invalid "ipproto" value', v);
      early.push((e) => e.u8(RTA_IP_PROTO, n));
    } else {
      let v = w;
      if (v === 'to') v = a.next();
      if (matches(v, 'help')) return printHelp(env, help);
      const p = getPrefix(v, family);
      if (family === AF_UNSPEC) family = p.family;
      if (p.bytes.length) early.push((e) => e.bytes(RTA_DST, p.bytes));
      if (family === AF_INET && p.bitlen !== 32) {
        env.err.write(`Warning: /${p.bitlen} as prefix is invalid, only /32 (or none) is supported.\n`);
        dstLen = 32;
      } else if (family === AF_INET6 && p.bitlen !== 128) {
        env.err.write(`Warning: /${p.bitlen} as prefix is invalid, only /128 (or none) is supported.\n`);
        dstLen = 128;
      } else dstLen = p.bitlen;
      found = true;
    }
  }
  if (!found) throw new CliError('need at least a destination address', 1);

  const conn = openRoute(env);
  const out = new ChunkedOutput(env.out);
  try {
    const links = new LinkCache(conn, { askAfterLoad: false });
    const enc = new AttributeEncoder();
    for (const add of early) add(enc);
    if (idev !== undefined) enc.u32(RTA_IIF, links.require(idev));
    if (odev !== undefined) enc.u32(RTA_OIF, links.require(odev));
    if (mark) enc.u32(RTA_MARK, mark);
    if (family === AF_UNSPEC) family = AF_INET;
    if (family === AF_INET) flags |= RTM_F_LOOKUP_TABLE;
    const payload = encodeRtmsg({ family, dstLen, srcLen, tos, flags }, enc.finish());
    const ask = (req: Uint8Array): { type: number; payload: Uint8Array } => {
      const answer = conn
        .request(RTM_GETROUTE, req)
        .find((m) => m.type === RTM_NEWROUTE || m.type === RTM_DELROUTE);
      if (!answer) throw new CliError('nlts: the kernel sent no route', 1, 'internal');
      return answer;
    };
    const p = makePrinter(env, out);
    p.startDocument();
    const print = (answer: { type: number; payload: Uint8Array }): RouteMessage => {
      const r = new RouteMessage().reset(answer.payload, answer.type);
      renderRoute(
        p,
        r,
        routeContext(env, names, (i) => links.nameOf(i)),
      );
      r.attrs.throwIfError(); // a value too short for its type was printed as 0
      return r;
    };
    const first = print(ask(payload));
    if (connected && !fromOk) {
      // iproute_get "connected": ip checks that the answer has a source to connect from, blanks
      // parts of the answer, and then sends its first request again unchanged (ip 6.1 passes
      // req.n, not the edited answer, to rtnl_talk); nlts asks the same second question.
      if (first.nlmsgType !== RTM_NEWROUTE) throw new CliError('Not a route?', 1);
      if (!first.attrs.bytes(RTA_PREFSRC) && !first.attrs.bytes(RTA_SRC))
        throw new CliError('Failed to connect the route', 1);
      print(ask(payload));
    }
    p.endDocument();
    return 0;
  } finally {
    out.flush();
    conn.close();
  }
}

function printHelp(env: CommandEnv, help: string): number {
  env.out.write(help);
  return 0;
}
