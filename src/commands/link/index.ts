import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { CommandEnv, CommandHandler } from '../env.js';

import { NetlinkKernelError } from '../../netlink/errors.js';
import { makePrinter, withRoute } from '../common.js';
import { showLinks, type LinkFilter } from './show.js';
import { LINK_HELP } from './help.js';
import type { LinkInfoPrinter } from './kinds/context.js';
import type { LinkVerb } from './change.js';

/** ip link's verbs in ip's matching order (ip/iplink.c do_iplink): "s" is "set", "sh" is "show". */
const CHANGES: [string, LinkVerb][] = [
  ['add', 'add'],
  ['set', 'set'],
  ['change', 'set'],
  ['replace', 'replace'],
  ['delete', 'delete'],
];
const NOT_YET = ['afstats'];

export const linkCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return linkShow([], env);
  for (const [word, change] of CHANGES)
    // Loaded on demand: the change path (and its kind parsers) is most of this object's code.
    if (matches(verb, word))
      return import('./change.js').then((m) => m.linkChange(change, args.slice(1), env));
  if (matches(verb, 'xstats')) return import('./xstats.js').then((m) => m.linkXstats(args.slice(1), env));
  for (const v of NOT_YET) {
    if (matches(verb, v)) {
      throw new CliError(`nlts: "link ${v}" is not available yet; use "ip link ${v}".`, 1, 'unsupported');
    }
  }
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list'))
    return linkShow(args.slice(1), env);
  if (matches(verb, 'property')) return import('./change.js').then((m) => m.linkProperty(args.slice(1), env));
  if (matches(verb, 'help') || verb === '--help' || verb === '-h') {
    env.out.write(LINK_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts link help".`, 255);
};

/** Arguments of `ip link show` (ip/ipaddress.c ipaddr_list_flush_or_save). */
export function parseShowArgs(args: string[]): LinkFilter {
  const f: LinkFilter = { up: false, masters: [] };
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new CliError(`Command line is not complete. Try option "help"`, 255);
      return v;
    };
    if (w === 'dev') {
      setDev(f, value());
    } else if (w === 'up') f.up = true;
    else if (w === 'type') f.kind = value();
    else if (w === 'master' || w === 'vrf') f.masters.push({ name: value(), vrf: w === 'vrf' });
    else if (w === 'nomaster') f.nomaster = true;
    else if (w === 'group') f.group = value();
    else if (matches(w, 'help')) throw new CliError(LINK_HELP.trimEnd(), 0, 'help');
    else setDev(f, w);
  }
  return f;
}

function setDev(f: LinkFilter, name: string): void {
  if (f.dev !== undefined) {
    throw new CliError(`Error: either "dev" is duplicate, or "${name}" is a garbage.`, 255);
  }
  f.dev = name;
}

/** With -d, the IFLA_LINKINFO printers (linkinfo.ts, kinds/*) are loaded first; without, never. */
function linkShow(args: string[], env: CommandEnv): number | Promise<number> {
  if (env.opts.details) return import('./linkinfo.js').then((m) => linkShowWith(args, env, m.printLinkInfo));
  return linkShowWith(args, env, undefined);
}

function linkShowWith(args: string[], env: CommandEnv, printLinkInfo: LinkInfoPrinter | undefined): number {
  const filter = parseShowArgs(args);
  return withRoute(env, (conn) => {
    try {
      showLinks(conn, makePrinter(env), filter, env, printLinkInfo);
      return 0;
    } catch (e) {
      if (e instanceof NetlinkKernelError && e.errno === 19 /* ENODEV */ && filter.dev !== undefined) {
        throw new CliError(`Device "${filter.dev}" does not exist.`, 1, 'no-device');
      }
      throw e;
    }
  });
}
