import { CliError } from '../../cli/errors.js';
import type { CommandEnv } from '../../cli/env.js';
import { NETLINK_ROUTE } from '../../netlink/constants.js';
import { Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { NETLINK_GET_STRICT_CHK, SOL_NETLINK } from '../../netlink/native.js';
import {
  RTEXT_FILTER_SKIP_STATS,
  RTEXT_FILTER_VF,
  RTM_GETLINK,
  RTM_NEWLINK,
  decodeLink,
  encodeGetLinkRequest,
} from '../../netlink/route/link.js';
import { RouteNames, readRouteNameFiles, type RouteNameFiles } from '../../netlink/route/names.js';
import {
  AF_INET,
  AF_INET6,
  AF_MPLS,
  AF_UNSPEC,
  parseAddr,
  parsePrefix,
  type InetPrefix,
} from '../../netlink/route/route.js';
import type { Output } from '../../output/output.js';
import { Printer } from '../../output/printer.js';
import { inNetns } from '../../netlink/transport.js';

/** ip's exit(-1) for usage errors (invarg, duparg, incomplete_command). */
export const EXIT_USAGE = 255;

/** Open the rtnetlink socket like ip: strict dump checking on, so the kernel filters dumps. */
export function openRoute(env: CommandEnv): Connection {
  const conn = Connection.open(env.transports, NETLINK_ROUTE, inNetns(env.opts.netns));
  try {
    conn.transport.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
  } catch {
    // Kernels before 4.20: the dump is filtered in userspace only (filterRoute does it anyway).
  }
  return conn;
}

/** The route name tables, read once per command as a recorded system fact. */
export function routeNames(env: CommandEnv): RouteNames {
  const files = env.fact<RouteNameFiles>('iproute2-route-names', () => readRouteNameFiles(env.readFile));
  return new RouteNames(files, env.opts.numeric);
}

/**
 * Interface names for ll_index_to_name / ll_name_to_index. `loadAll` is
 * ll_init_map (one link dump, before any route dump holds the socket);
 * otherwise names are asked one by one.
 */
export class LinkNames {
  private readonly byIndex = new Map<number, string>();
  private readonly byName = new Map<string, number>();
  private complete = false;
  constructor(private readonly conn: Connection) {}

  loadAll(): void {
    const req = encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS });
    for (const m of this.conn.dump(RTM_GETLINK, req)) {
      if (m.type !== RTM_NEWLINK) continue;
      const l = decodeLink(m.payload);
      this.byIndex.set(l.index, l.ifname);
      this.byName.set(l.ifname, l.index);
    }
    this.complete = true;
  }

  private get(by: { ifindex?: number; ifname?: string }): { index: number; name: string } | null {
    try {
      const replies = this.conn.request(
        RTM_GETLINK,
        encodeGetLinkRequest({ ...by, extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS }),
      );
      const m = replies.find((r) => r.type === RTM_NEWLINK);
      if (!m) return null;
      const l = decodeLink(m.payload);
      return { index: l.index, name: l.ifname };
    } catch (e) {
      if (e instanceof NetlinkKernelError && [19, 22, 34].includes(e.errno)) return null;
      throw e;
    }
  }

  /** ll_index_to_name: "*" for 0, "if<N>" for an index that does not exist. */
  nameOf(ifindex: number): string {
    if (ifindex === 0) return '*';
    let n = this.byIndex.get(ifindex);
    if (n === undefined) {
      const l = this.complete ? null : this.get({ ifindex });
      n = l ? l.name : `if${ifindex >>> 0}`;
      this.byIndex.set(ifindex, n);
    }
    return n;
  }

  /** ll_name_to_index: 0 when there is no such device ("ifN" names an index as in ip). */
  indexOf(name: string): number {
    const cached = this.byName.get(name);
    if (cached !== undefined) return cached;
    let idx = 0;
    if (!this.complete) {
      const l = this.get({ ifname: name });
      if (l) idx = l.index;
    }
    if (!idx) {
      const m = /^if(\d+)$/.exec(name);
      if (m) idx = Number(m[1]);
    }
    if (idx) this.byName.set(name, idx);
    return idx;
  }

  /** nodev(): ip's message and exit status 1. */
  require(name: string): number {
    const idx = this.indexOf(name);
    if (!idx) throw new CliError(`Cannot find device "${name}"`, 1, 'no-device');
    return idx;
  }
}

/**
 * Collects printer output into 64 KiB strings before handing them on, so the
 * underlying Output sees a few large writes instead of many tiny ones.
 */
export class ChunkedOutput implements Output {
  private s = '';
  constructor(private readonly inner: Output) {}
  write(chunk: string): void {
    this.s += chunk;
    if (this.s.length >= 65536) {
      this.inner.write(this.s);
      this.s = '';
    }
  }
  flush(): void {
    if (this.s.length) {
      this.inner.write(this.s);
      this.s = '';
    }
  }
}

export function makePrinter(env: CommandEnv, out: Output): Printer {
  return new Printer(out, {
    json: env.opts.json,
    pretty: env.opts.pretty,
    oneline: env.opts.oneline,
    colorize: env.colorize,
  });
}

/** family_name_verbose() */
export function familyNameVerbose(f: number): string {
  if (f === AF_UNSPEC) return 'any valid';
  if (f === AF_INET) return 'inet';
  if (f === AF_INET6) return 'inet6';
  if (f === AF_MPLS) return 'mpls';
  if (f === 17) return 'link';
  if (f === 7) return 'bridge';
  return '???';
}

/** get_prefix(): the prefix or ip's error, exit 1. */
export function getPrefix(arg: string, family: number): InetPrefix {
  if (family === 17) {
    throw new CliError(`Error: "${arg}" may be inet prefix, but it is not allowed in this context.`, 1);
  }
  const p = parsePrefix(arg, family);
  if (!p)
    throw new CliError(`Error: ${familyNameVerbose(family)} prefix is expected rather than "${arg}".`, 1);
  return p;
}

/** get_addr(): the address or ip's error, exit 1. */
export function getAddr(arg: string, family: number): InetPrefix {
  const p = parseAddr(arg, family);
  if (!p)
    throw new CliError(`Error: ${familyNameVerbose(family)} address is expected rather than "${arg}".`, 1);
  return p;
}

/** read_family() */
export function readFamily(name: string): number {
  if (name === 'inet') return AF_INET;
  if (name === 'inet6') return AF_INET6;
  if (name === 'link') return 17;
  if (name === 'mpls') return AF_MPLS;
  if (name === 'bridge') return 7;
  return AF_UNSPEC;
}

/** invarg(): `Error: argument "ARG" is wrong: MSG`, exit 255. */
export function invarg(msg: string, arg: string): CliError {
  return new CliError(`Error: argument "${arg}" is wrong: ${msg}`, EXIT_USAGE);
}

export function incomplete(): CliError {
  return new CliError('Command line is not complete. Try option "help"', EXIT_USAGE);
}

/** An argument cursor with ip's NEXT_ARG. */
export class Args {
  i = 0;
  constructor(readonly words: string[]) {}
  get more(): boolean {
    return this.i < this.words.length;
  }
  get cur(): string {
    return this.words[this.i]!;
  }
  /** NEXT_ARG(): step to the value, or "Command line is not complete". */
  next(): string {
    if (this.i + 1 >= this.words.length) throw incomplete();
    return this.words[++this.i]!;
  }
  /** The following word without consuming it. */
  peek(): string | undefined {
    return this.words[this.i + 1];
  }
}

/** get_unsigned / get_u32 with base 0: NaN unless the whole word is a number <= max. */
export function getUnsigned(s: string, max = 0xffffffff): number {
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = s.length === 1 ? 0 : parseInt(s.slice(1), 8);
  else if (/^[1-9]\d*$/.test(s)) n = Number(s);
  else return NaN;
  return n <= max ? n : NaN;
}
