import { CliError } from '../../iproute/errors.js';
import { escapeForDisplay } from '../../netlink/codec/text.js';
import { matches } from '../../iproute/parse.js';
import { AttributeEncoder } from '../../netlink/codec/attributes.js';
import { encodeIfinfomsg } from '../../netlink/route/link-change.js';
import { getAddr, type InetPrefix } from '../../iproute/prefix.js';
import { IprouteNames } from '../../iproute/names.js';
import { duparg, getUnsigned, incomplete, invarg, nodev } from '../../iproute/parse.js';
import { parseLinkArgs, type LinkRequest, type ParseDeps } from './change.js';
import {
  IFLA_MACVLAN_BC_QUEUE_LEN,
  IFLA_MACVLAN_FLAGS,
  IFLA_MACVLAN_MODE,
  IFLA_VXLAN_AGEING,
  IFLA_VXLAN_GROUP,
  IFLA_VXLAN_GROUP6,
  IFLA_VXLAN_ID,
  IFLA_VXLAN_LEARNING,
  IFLA_VXLAN_LINK,
  IFLA_VXLAN_LOCAL,
  IFLA_VXLAN_LOCAL6,
  IFLA_VXLAN_PORT,
  IFLA_VXLAN_TOS,
  IFLA_VXLAN_TTL,
  IFLA_VXLAN_TTL_INHERIT,
  MACVLAN_FLAG_NODST,
  MACVLAN_FLAG_NOPROMISC,
  MACVLAN_MODE_BRIDGE,
  MACVLAN_MODE_PASSTHRU,
  MACVLAN_MODE_PRIVATE,
  MACVLAN_MODE_SOURCE,
  MACVLAN_MODE_VEPA,
} from '../../netlink/gen/if_link.js';
import { VETH_INFO_PEER } from '../../netlink/gen/veth.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../netlink/gen/socket.js';

export interface KindDeps extends ParseDeps {
  /** The outer request (kinds look at its flags and family). */
  req: LinkRequest;
}

/** A kind's parse_opt: the words after "type KIND" in, the IFLA_INFO_DATA payload out. */
export type KindParser = (args: string[], deps: KindDeps) => Uint8Array;

/** veth_parse_opt (ip/link_veth.c): "peer" then the peer's own link options. */
const veth: KindParser = (args, deps) => {
  if (args[0] !== 'peer') {
    throw new CliError(
      "Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'",
      1,
      'usage',
      true,
    );
  }
  const peer: LinkRequest = {
    hdr: { family: deps.req.hdr.family, ifindex: 0, flags: 0, change: 0 },
    attrs: new AttributeEncoder(),
    create: deps.req.create,
    setOp: deps.req.setOp,
  };
  const rest = args.slice(1);
  const { consumed, type } = parseLinkArgs(rest, peer, deps);
  if (type !== undefined) duparg('type', rest[consumed - 1] ?? type);
  return new AttributeEncoder()
    .bytes(VETH_INFO_PEER, encodeIfinfomsg(peer.hdr, peer.attrs.finish()))
    .finish();
};

const MACVLAN_EXPLAIN = `Usage: ... macvlan mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]
MODE: private | vepa | bridge | passthru | source
MODE_FLAG: null | nopromisc | nodst
BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]`;

/** macvlan_parse_opt (ip/iplink_macvlan.c), without the source-mode MAC lists. */
function macvlanParser(kind: string): KindParser {
  return (args) => {
    let mode = 0;
    let flags = 0;
    let hasFlags = false;
    const out = new AttributeEncoder();
    for (let i = 0; i < args.length; i++) {
      const w = args[i]!;
      const next = (): string => {
        const v = args[++i];
        if (v === undefined) incomplete();
        return v;
      };
      if (matches(w, 'mode')) {
        const v = next();
        const m = {
          private: MACVLAN_MODE_PRIVATE,
          vepa: MACVLAN_MODE_VEPA,
          bridge: MACVLAN_MODE_BRIDGE,
          passthru: MACVLAN_MODE_PASSTHRU,
          source: MACVLAN_MODE_SOURCE,
        }[v];
        if (m === undefined) {
          throw new CliError(
            `Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${v}"`,
            1,
          );
        }
        mode = m;
      } else if (matches(w, 'flag')) {
        const v = next();
        if (v === 'nopromisc') flags |= MACVLAN_FLAG_NOPROMISC;
        else if (v === 'nodst') flags |= MACVLAN_FLAG_NODST;
        else if (v !== 'null') {
          throw new CliError(
            `Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "${v}"`,
            1,
          );
        }
        hasFlags = true;
      } else if (matches(w, 'macaddr')) {
        throw new CliError(`nlts: ${kind} "macaddr" is not supported yet; use ip link.`, 1, 'unsupported');
      } else if (matches(w, 'nopromisc')) {
        flags |= MACVLAN_FLAG_NOPROMISC;
        hasFlags = true;
      } else if (matches(w, 'nodst')) {
        flags |= MACVLAN_FLAG_NODST;
        hasFlags = true;
      } else if (matches(w, 'bcqueuelen')) {
        const v = next();
        const n = getUnsigned(v);
        if (n === undefined) {
          throw new CliError(
            `Error: argument of "bcqueuelen" must be a positive integer [0-4294967295], not "${v}"`,
            1,
          );
        }
        out.u32(IFLA_MACVLAN_BC_QUEUE_LEN, n);
      } else if (matches(w, 'help')) {
        throw new CliError(MACVLAN_EXPLAIN.replaceAll('macvlan', kind), 1, 'help');
      } else {
        throw new CliError(
          `${kind}: unknown option "${escapeForDisplay(w)}"?\n${MACVLAN_EXPLAIN.replaceAll('macvlan', kind)}`,
          1,
          'usage',
          true,
        );
      }
    }
    if (mode) out.u32(IFLA_MACVLAN_MODE, mode);
    if (hasFlags) {
      if (flags & MACVLAN_FLAG_NOPROMISC && mode !== MACVLAN_MODE_PASSTHRU) {
        throw new CliError(
          `${kind}: nopromisc flag only valid in passthru mode\n${MACVLAN_EXPLAIN.replaceAll('macvlan', kind)}`,
          1,
          'usage',
          true,
        );
      }
      out.u16(IFLA_MACVLAN_FLAGS, flags);
    }
    return out.finish();
  };
}

function isMulticast(a: InetPrefix): boolean {
  return a.family === AF_INET
    ? (a.bytes[0]! & 0xf0) === 0xe0
    : a.family === AF_INET6
      ? a.bytes[0] === 0xff
      : false;
}
function isUnicastSet(a: InetPrefix | undefined): boolean {
  return (
    a !== undefined && (a.family === AF_INET || a.family === AF_INET6) && a.bitlen !== -2 && !isMulticast(a)
  );
}

/** Options ip's vxlan takes that nlts does not send yet. */
const VXLAN_UNSUPPORTED = [
  'srcport',
  'port',
  'df',
  'label',
  'flowlabel',
  'maxaddress',
  'proxy',
  'noproxy',
  'rsc',
  'norsc',
  'l2miss',
  'nol2miss',
  'l3miss',
  'nol3miss',
  'udpcsum',
  'noudpcsum',
  'udp6zerocsumtx',
  'noudp6zerocsumtx',
  'udp6zerocsumrx',
  'noudp6zerocsumrx',
  'remcsumtx',
  'noremcsumtx',
  'remcsumrx',
  'noremcsumrx',
  'external',
  'noexternal',
  'vnifilter',
  'gbp',
  'gpe',
];

/** vxlan_parse_opt (ip/iplink_vxlan.c): the common options. */
const vxlan: KindParser = (args, deps) => {
  const seen = new Set<string>();
  const dup = (key: string, v: string): void => {
    if (seen.has(key)) duparg(key, v);
    seen.add(key);
  };
  let vni: number | undefined;
  let learning = 1;
  let dstport: number | undefined;
  let saddr: InetPrefix | undefined;
  let daddr: InetPrefix | undefined;
  const out = new AttributeEncoder();
  const names = IprouteNames.forEnv(deps.env);
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) incomplete();
      return v;
    };
    if (matches(w, 'id') || matches(w, 'vni')) {
      const v = next();
      dup('id', v);
      const n = getUnsigned(v);
      if (n === undefined || n >= 1 << 24) invarg('invalid id', v);
      vni = n;
    } else if (matches(w, 'group') || matches(w, 'remote')) {
      const group = matches(w, 'group');
      if (group ? isUnicastSet(daddr) : daddr && isMulticast(daddr)) {
        throw new CliError('vxlan: both group and remote cannot be specified', 1);
      }
      const v = next();
      dup('group', v);
      daddr = getAddr(v, saddr?.family ?? AF_UNSPEC);
      if (group ? !isMulticast(daddr) : !isUnicastSet(daddr))
        invarg(group ? 'invalid group address' : 'invalid remote address', v);
    } else if (matches(w, 'local')) {
      const v = next();
      dup('local', v);
      saddr = getAddr(v, daddr?.family ?? AF_UNSPEC);
      if (!isUnicastSet(saddr)) invarg('invalid local address', v);
    } else if (matches(w, 'dev')) {
      const v = next();
      dup('dev', v);
      const l = deps.getLink(v);
      if (!l) nodev(v, 255);
      out.u32(IFLA_VXLAN_LINK, l.index);
    } else if (matches(w, 'ttl') || matches(w, 'hoplimit')) {
      const v = next();
      dup('ttl', v);
      if (v === 'inherit') out.flag(IFLA_VXLAN_TTL_INHERIT);
      else if (v === 'auto') out.u8(IFLA_VXLAN_TTL, 0);
      else {
        const n = getUnsigned(v);
        if (n === undefined) invarg('invalid TTL', v);
        if (n > 255) invarg('TTL must be <= 255', v);
        out.u8(IFLA_VXLAN_TTL, n);
      }
    } else if (matches(w, 'tos') || matches(w, 'dsfield')) {
      const v = next();
      dup('tos', v);
      let tos = 1;
      if (v !== 'inherit') {
        const n = names.dsfieldId(v);
        if (n === undefined) invarg('bad TOS value', v);
        tos = n;
      }
      out.u8(IFLA_VXLAN_TOS, tos);
    } else if (matches(w, 'ageing')) {
      const v = next();
      dup('ageing', v);
      const n = v === 'none' ? 0 : getUnsigned(v);
      if (n === undefined) invarg('ageing timer', v);
      out.u32(IFLA_VXLAN_AGEING, n);
    } else if (matches(w, 'dstport')) {
      const v = next();
      dup('dstport', v);
      const n = getUnsigned(v);
      if (n === undefined || n > 0xffff) invarg('dst port', v);
      dstport = n;
    } else if (matches(w, 'nolearning') || matches(w, 'learning')) {
      dup('learning', w);
      learning = matches(w, 'nolearning') ? 0 : 1;
    } else if (VXLAN_UNSUPPORTED.includes(w)) {
      throw new CliError(`nlts: vxlan "${w}" is not supported yet; use ip link.`, 1, 'unsupported');
    } else if (matches(w, 'help')) {
      throw new CliError(
        'Usage: ... vxlan id VNI [ { remote | group } ADDR ] [ local ADDR ] [ dev PHYS_DEV ] [ dstport PORT ] ...',
        1,
        'help',
      );
    } else {
      throw new CliError(`vxlan: unknown command "${w}"?`, 1);
    }
  }
  const setOp = deps.req.setOp;
  if (vni === undefined && !setOp) throw new CliError('vxlan: missing virtual network identifier', 1);
  if (daddr && isMulticast(daddr) && !seen.has('dev')) {
    throw new CliError("vxlan: 'group' requires 'dev' to be specified", 1);
  }
  if (dstport === undefined && !setOp) {
    deps.env.err.write(
      'vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n' +
        "Use 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n",
    );
  }
  if (vni !== undefined) out.u32(IFLA_VXLAN_ID, vni);
  let selected = false;
  if (saddr) {
    out.bytes(saddr.family === AF_INET ? IFLA_VXLAN_LOCAL : IFLA_VXLAN_LOCAL6, saddr.bytes);
    selected = true;
  }
  if (daddr) {
    out.bytes(daddr.family === AF_INET ? IFLA_VXLAN_GROUP : IFLA_VXLAN_GROUP6, daddr.bytes);
    selected = true;
  }
  if (!selected) {
    const fam = deps.env.opts.family;
    if (fam === AF_INET) out.bytes(IFLA_VXLAN_GROUP, new Uint8Array(4));
    else if (fam === AF_INET6) out.bytes(IFLA_VXLAN_GROUP6, new Uint8Array(16));
  }
  if (!setOp || seen.has('learning')) out.u8(IFLA_VXLAN_LEARNING, learning);
  if (dstport) out.be16(IFLA_VXLAN_PORT, dstport);
  return out.finish();
};

/** Kinds with options ip knows but nlts does not send yet. */
function unsupportedOptions(kind: string): KindParser {
  return () => {
    throw new CliError(
      `nlts: options for "type ${kind}" are not supported yet; use ip link.`,
      1,
      'unsupported',
    );
  };
}

/** parse_opt by kind; a kind missing here gets ip's "Garbage instead of arguments" when given options. */
export const KIND_PARSERS: Record<string, KindParser> = {
  veth,
  macvlan: macvlanParser('macvlan'),
  macvtap: macvlanParser('macvtap'),
  vxlan,
  bridge: unsupportedOptions('bridge'),
  vlan: unsupportedOptions('vlan'),
  bond: unsupportedOptions('bond'),
  vrf: unsupportedOptions('vrf'),
  bridge_slave: unsupportedOptions('bridge_slave'),
  bond_slave: unsupportedOptions('bond_slave'),
};
