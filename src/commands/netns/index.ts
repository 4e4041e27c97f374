/**
 * `nlts netns`: iproute2's `ip netns` (ip/ipnetns.c): list, list-id,
 * identify, pids, set, and add, attach, delete (the named-namespace files of
 * src/netlink/netns-files.ts), and monitor (the names made and deleted under
 * /run/netns), and exec (./exec.ts), which runs a program in a namespace.
 */
import { closeSync, fstatSync, openSync, opendirSync } from 'node:fs';
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { describeError } from '../../iproute/describe-error.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { getInteger, incomplete, invarg, matches } from '../../iproute/parse.js';
import { NETNS_RUN_DIR } from '../../netlink/native-transport.js';
import {
  listNsids,
  namedNetns,
  namedNetnsByNsid,
  namesOfNetns,
  nsidOfName,
  setNsid,
} from '../../netlink/route/netns.js';
import { PRINT_ANY, type Printer } from '../../output/printer.js';
import { fsErrorText } from '../../netlink/native.js';
import { nsKey } from '../../netlink/netns-proc.js';
import {
  NetnsFileError,
  addNamedNetns,
  deleteNamedNetns,
  isValidNetnsName,
  watchNamedNetns,
} from '../../netlink/netns-files.js';
import { makePrinter, openRoute } from '../route/common.js';
import { netnsExec } from './exec.js';

/** ip 6.1's usage text, with the verbs nlts does not provide left out. */
export const NETNS_HELP = `Usage: nlts netns list
       nlts netns add NAME
       nlts netns attach NAME PID
       nlts netns delete NAME
       nlts netns set NAME NETNSID
       nlts netns identify [PID]
       nlts netns pids NAME
       nlts [-all] netns exec [NAME] cmd ...
       nlts netns monitor
       nlts netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]
NETNSID := auto | POSITIVE-INT
`;

export const netnsCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return netnsList(env);
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst')) return netnsList(env);
  if (matches(verb, 'list-id')) return netnsListId(rest, env);
  if (matches(verb, 'help')) throw new CliError(NETNS_HELP.trimEnd(), 255, 'help');
  if (matches(verb, 'set')) return netnsSet(rest, env);
  if (matches(verb, 'identify')) return netnsIdentify(rest, env);
  if (matches(verb, 'pids')) return netnsPids(rest, env);
  if (matches(verb, 'add')) return netnsAdd(rest, env);
  if (matches(verb, 'attach')) return netnsAttach(rest, env);
  if (matches(verb, 'delete')) return netnsDelete(rest, env);
  if (matches(verb, 'exec')) return netnsExec(rest, env, checkedName);
  if (matches(verb, 'monitor')) return netnsMonitor(env);
  throw new CliError(`Command "${verb}" is unknown, try "nlts netns help".`, 255);
};

/** ip exits 255 for a name it refuses, 1 when a call fails. */
function checkedName(name: string): string {
  if (!isValidNetnsName(name)) throw new CliError(`Invalid netns name "${name}"`, 255);
  return name;
}

function namedNetnsChange(change: () => void): number {
  try {
    change();
  } catch (e) {
    if (e instanceof NetnsFileError) throw new CliError(e.message, 1);
    throw e;
  }
  return 0;
}

/**
 * netns_monitor: "add NAME" and "delete NAME" for each namespace file made in or removed from
 * /run/netns, until interrupted (ip ignores any further words). Each line is flushed as it is
 * written: ip's printf waits in stdio's buffer when stdout is a pipe.
 */
async function netnsMonitor(env: CommandEnv): Promise<number> {
  try {
    await watchNamedNetns((e) => {
      env.out.write(`${e.what} ${e.name}\n`);
      env.out.flush?.();
    }, env.signal);
  } catch (e) {
    if (e instanceof NetnsFileError) throw new CliError(e.message, 255);
    throw e;
  }
  return 0;
}

/** netns_add: `add NAME` makes a new namespace and names it. */
function netnsAdd(args: string[], _env: CommandEnv): number {
  if (args.length < 1) throw new CliError('No netns name specified', 1);
  const name = checkedName(args[0]!);
  return namedNetnsChange(() => addNamedNetns(name));
}

/** netns_add(create = false): `attach NAME PID` names the namespace of process PID. */
function netnsAttach(args: string[], _env: CommandEnv): number {
  if (args.length < 2) throw new CliError('No netns name and PID specified', 1);
  const name = checkedName(args[0]!);
  const pid = getInteger(args[1]!, 0);
  if (pid === undefined || pid <= 0) throw new CliError(`Invalid PID: ${args[1]}`, 1);
  return namedNetnsChange(() => addNamedNetns(name, pid));
}

/** netns_delete: `delete NAME` (ip's -all, delete every name, is refused: too easy to mistype). */
function netnsDelete(args: string[], env: CommandEnv): number {
  if (env.opts.all)
    throw new CliError(
      'nlts: "-all netns delete" (delete every named namespace) is not offered; delete them by name',
      1,
      'unsupported',
    );
  if (args.length < 1) throw new CliError('No netns name specified', 1);
  const name = checkedName(args[0]!);
  return namedNetnsChange(() => deleteNamedNetns(name));
}

/** netns_list: each name under /run/netns, with its nsid as seen from here when it has one. */
function netnsList(env: CommandEnv): number {
  const names = env.fact('netns-names', () => namedNetns());
  const ids = env.fact('netns-nsids', () => {
    const conn = openRoute(env);
    try {
      return names.map((n) => nsidOfName(conn, n) ?? -1);
    } finally {
      conn.close();
    }
  });
  const p = makePrinter(env, env.out);
  p.startDocument();
  names.forEach((name, i) => {
    p.openObject();
    p.string(PRINT_ANY, 'name', '%s', name);
    const id = ids[i] ?? -1;
    if (id >= 0) p.number(PRINT_ANY, 'id', ' (id: %d)', id);
    p.fp('\n');
    p.closeObject();
  });
  p.endDocument();
  return 0;
}

/** A POSITIVE-INT argument of list-id, worded as ip words it. */
function nsidArg(key: string, value: string): number {
  const v = getInteger(value, 0);
  if (v === undefined) invarg(`"${key}" value is invalid`, value);
  // ip 6.1 prints "(null)" for the argument here (a bug); nlts names it.
  if (v < 0) invarg(`"${key}" value should be >= 0`, value);
  return v;
}

/** ipnetns_list_id: the kernel's nsid table, "nsid N [current-nsid M] [(iproute2 netns name: X)]". */
function netnsListId(args: string[], env: CommandEnv): number {
  const filter: { targetNsid?: number; nsid?: number } = {};
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'target-nsid') {
      if (i + 1 >= args.length) incomplete();
      filter.targetNsid = nsidArg('target-nsid', args[++i]!);
    } else if (w === 'nsid') {
      if (i + 1 >= args.length) incomplete();
      filter.nsid = nsidArg('nsid', args[++i]!);
    } else throw new CliError(NETNS_HELP.trimEnd(), 255, 'usage', true);
  }
  const conn = openRoute(env);
  let entries;
  let names: Map<number, string>;
  try {
    try {
      entries = listNsids(conn, filter);
    } catch (e) {
      // A refused dump: the kernel's error, then ip's "Dump terminated", exit 1.
      if (!(e instanceof NetlinkKernelError) || filter.nsid !== undefined) throw e;
      env.err.write(describeError(e).message + '\n');
      throw new CliError('Dump terminated', 1, 'kernel');
    }
    names = new Map(env.fact('netns-names-by-nsid', () => [...namedNetnsByNsid(conn)]));
  } finally {
    conn.close();
  }
  const p = makePrinter(env, env.out);
  p.startDocument();
  for (const e of entries) printNsid(p, e.nsid, e.currentNsid, names);
  p.endDocument();
  return 0;
}

/**
 * print_nsid (ip/ipnetns.c): "nsid N ", "current-nsid M " and the name the
 * namespace with that nsid (as seen from here) is bound to under /run/netns.
 */
export function printNsid(
  p: Printer,
  nsid: number | undefined,
  currentNsid: number | undefined,
  names: Map<number, string> | null,
): void {
  p.openObject();
  if (nsid !== undefined) p.number(PRINT_ANY, 'nsid', 'nsid %d ', nsid);
  if (currentNsid !== undefined) p.number(PRINT_ANY, 'current-nsid', 'current-nsid %d ', currentNsid);
  const name = nsid !== undefined && nsid >= 0 ? names?.get(nsid) : undefined;
  if (name !== undefined) {
    p.fp('(iproute2 netns name: ');
    p.string(PRINT_ANY, 'name', '%s', name);
    p.fp(')');
  }
  p.fp('\n');
  p.closeObject();
}

/** netns_set: give the namespace NAME the id NETNSID (auto: the kernel picks) as seen from here. */
function netnsSet(args: string[], env: CommandEnv): number {
  if (args.length < 1) throw new CliError('No netns name specified', 1);
  if (args.length < 2) throw new CliError('No nsid specified', 1);
  const [name, idWord] = args as [string, string];
  let nsid: number;
  if (idWord === 'auto') nsid = -1;
  else {
    const v = getInteger(idWord, 0);
    if (v === undefined || v < 0) invarg('Invalid "netnsid" value', idWord);
    nsid = v;
  }
  let fd: number;
  try {
    fd = openSync(`${NETNS_RUN_DIR}/${name}`, 'r');
  } catch (e) {
    throw new CliError(`Cannot open network namespace "${name}": ${fsErrorText(e)}`, 1);
  }
  const conn = openRoute(env);
  try {
    setNsid(conn, fd, nsid);
  } finally {
    conn.close();
    closeSync(fd);
  }
  return 0;
}

/**
 * netns_identify: the first name under /run/netns bound to PID's namespace
 * (default: this process) and a newline; just the newline when none is.
 */
function netnsIdentify(args: string[], env: CommandEnv): number {
  if (args.length > 1) throw new CliError('extra arguments specified', 1);
  const pidWord = args[0] ?? String(process.pid);
  if (!/^[0-9]+$/.test(pidWord)) throw new CliError(`Specified string '${pidWord}' is not a pid`, 1);
  const found = env.fact(`netns-identify:${pidWord}`, () => namesOfNetns(`/proc/${pidWord}/ns/net`));
  if (found === null) throw new CliError('Cannot open network namespace: No such file or directory', 1);
  env.out.write(`${found[0] ?? ''}\n`);
  return 0;
}

/** netns_pids: the processes whose network namespace is NAME's. */
function netnsPids(args: string[], env: CommandEnv): number {
  if (args.length < 1) throw new CliError('No netns name specified', 1);
  if (args.length > 1) throw new CliError('extra arguments specified', 1);
  const name = args[0]!;
  const pids = env.fact(`netns-pids:${name}`, () => {
    let target: string;
    try {
      const fd = openSync(`${NETNS_RUN_DIR}/${name}`, 'r');
      try {
        const st = fstatSync(fd, { bigint: true });
        target = `${st.dev}:${st.ino}`;
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      return { error: fsErrorText(e) };
    }
    const out: string[] = [];
    const dir = opendirSync('/proc');
    try {
      for (let e = dir.readSync(); e !== null; e = dir.readSync())
        if (/^[0-9]+$/.test(e.name) && nsKey(`/proc/${e.name}/ns/net`) === target) out.push(e.name);
    } finally {
      dir.closeSync();
    }
    return { pids: out };
  });
  if ('error' in pids) throw new CliError(`Cannot open network namespace: ${pids.error}`, 1);
  for (const pid of pids.pids) env.out.write(`${pid}\n`);
  return 0;
}
