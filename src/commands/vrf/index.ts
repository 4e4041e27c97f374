/**
 * `nlts vrf [ show [ NAME ] | identify [ PID ] | pids NAME ]`: iproute2 6.1's
 * `ip vrf` (ip/ipvrf.c) for what it does without cgroup BPF: the VRF devices
 * and their tables from one link dump, the VRF a process was bound to by
 * `ip vrf exec` (read from /proc/PID/cgroup) and the processes in a VRF's
 * cgroup; and `vrf exec` (./exec.ts), which binds a program to a VRF.
 */
import { lstatSync, opendirSync, readFileSync } from 'node:fs';
import { cgroup2Mount, netnsCgroupDir, vrfOfCgroup } from './cgroup.js';
import { vrfExec } from './exec.js';
import { vrfLookupOver, vrfTableOfLink } from '../../iproute/vrf.js';
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { getUnsigned, invarg, matches } from '../../iproute/parse.js';
import { decodeLink, encodeGetLinkRequest, type LinkMessage } from '../../netlink/route/link.js';
import { PRINT_ANY, PRINT_FP } from '../../output/printer.js';
import { makePrinter, openRoute } from '../common.js';
import { RTEXT_FILTER_VF, RTM_GETLINK, RTM_NEWLINK } from '../../netlink/gen/rtnetlink.js';

export const VRF_HELP = `Usage:\tnlts vrf show [NAME] ...
\tnlts vrf exec [NAME] cmd ...
\tnlts vrf identify [PID]
\tnlts vrf pids [NAME]
`;

/** ipvrf_get_table: the table of the VRF device NAME, 0 when there is no such VRF. */
function vrfTableOf(env: CommandEnv, name: string): number {
  return vrfLookupOver(() => openRoute(env))(name).table;
}

/** ipvrf_show: a header, then each VRF device and its table ("No VRF has been configured" when none). */
function vrfShow(args: string[], env: CommandEnv): number {
  if (args.length > 1) throw new CliError(VRF_HELP.trimEnd(), 255, 'help');
  if (args.length === 1) {
    const table = vrfTableOf(env, args[0]!);
    if (!table) throw new CliError('Invalid VRF', 255);
    env.out.write(`${args[0]!} ${table}\n`);
    return 0;
  }
  const conn = openRoute(env);
  const links: LinkMessage[] = [];
  try {
    const req = encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF, kind: 'vrf' });
    for (const m of conn.dump(RTM_GETLINK, req))
      if (m.type === RTM_NEWLINK) links.push(decodeLink(m.payload));
  } finally {
    conn.close();
  }
  const p = makePrinter(env, env.out);
  p.startDocument();
  p.string(PRINT_FP, null, '%-16s', 'Name');
  p.string(PRINT_FP, null, '  %s\n', 'Table');
  p.string(PRINT_FP, null, '%s\n', '-----------------------');
  let n = 0;
  for (const l of links) {
    const table = vrfTableOfLink(l);
    if (!l.ifname || !table) continue;
    n++;
    p.openObject();
    p.string(PRINT_ANY, 'name', '%-16s', l.ifname);
    p.number(PRINT_ANY, 'table', ' %5u', table);
    p.fp('\n');
    p.closeObject();
  }
  if (!n) p.string(PRINT_FP, null, '%s\n', 'No VRF has been configured');
  p.endDocument();
  return 0;
}

function vrfIdentify(args: string[], env: CommandEnv): number {
  let pid = process.pid;
  if (args.length > 1) invarg('Extra arguments specified\n', args[1]!);
  if (args.length === 1) pid = getUnsigned(args[0]!, 10) ?? invarg('Invalid pid\n', args[0]!);
  const text = env.fact(`vrf-identify:${pid}`, () => {
    try {
      return readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code ?? 'EIO' };
    }
  });
  if (typeof text !== 'string') {
    const why = text.error === 'ENOENT' ? 'No such file or directory' : text.error;
    throw new CliError(`Failed to lookup vrf association: ${why}`, 1);
  }
  const vrf = vrfOfCgroup(text);
  if (vrf) env.out.write(`${vrf}\n`);
  return 0;
}

/** read_cgroup_pids: "%5s  %s" of each pid in BASE/vrf/NAME/cgroup.procs and its command name. */
function cgroupPids(base: string, name: string, out: [string, string][]): void {
  let procs: string;
  try {
    procs = readFileSync(`${base}/vrf/${name}/cgroup.procs`, 'utf8');
  } catch {
    return; // "no cgroup file, nothing to show"
  }
  for (const pid of procs.split('\n')) {
    if (pid === '') continue;
    let comm = '<terminated?>';
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').replace(/\n$/, '');
    } catch {
      // gone since
    }
    out.push([pid, comm]);
  }
}

/**
 * recurse_dir: every "vrf" directory under the cgroup2 tree whose parent is
 * the namespace's "NAME-ns" directory (any parent when the namespace has no
 * name), in directory order; the "vrf" directories themselves are not entered.
 */
function recurseVrfDirs(base: string, name: string, netnsDir: string, out: [string, string][]): void {
  let dir;
  try {
    dir = opendirSync(base);
  } catch {
    return;
  }
  try {
    for (let e = dir.readSync(); e !== null; e = dir.readSync()) {
      if (e.name === 'vrf') {
        if (netnsDir === '' || base.slice(base.lastIndexOf('/') + 1) === netnsDir)
          cgroupPids(base, name, out);
        continue;
      }
      const path = `${base}/${e.name}`;
      let isDir = false;
      try {
        isDir = lstatSync(path).isDirectory();
      } catch {
        continue;
      }
      if (isDir) recurseVrfDirs(path, name, netnsDir, out);
    }
  } finally {
    dir.closeSync();
  }
}

/** ipvrf_pids: the processes `ip vrf exec` bound to the VRF, found in the cgroup2 tree. */
function vrfPids(args: string[], env: CommandEnv): number {
  if (args.length !== 1) throw new CliError('Invalid arguments', 1);
  const name = args[0]!;
  if (!vrfTableOf(env, name)) throw new CliError('Invalid VRF name', 1);
  const rows = env.fact(`vrf-pids:${name}`, () => {
    const out: [string, string][] = [];
    const mnt = cgroup2Mount();
    // No cgroup2 mounted: no `vrf exec` cgroup can be there to list (ip would mount one, empty).
    if (mnt !== null) recurseVrfDirs(mnt, name, netnsCgroupDir(env.opts.netns), out);
    return out;
  });
  for (const [pid, comm] of rows) env.out.write(`${pid.padStart(5)}  ${comm}\n`);
  return 0;
}

export const vrfCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return vrfShow([], env);
  if (matches(verb, 'identify')) return vrfIdentify(rest, env);
  if (matches(verb, 'pids')) return vrfPids(rest, env);
  if (matches(verb, 'exec')) return vrfExec(rest, env);
  if (matches(verb, 'show') || matches(verb, 'lst') || matches(verb, 'list')) return vrfShow(rest, env);
  if (matches(verb, 'help')) throw new CliError(VRF_HELP.trimEnd(), 255, 'help');
  throw new CliError(`Command "${verb}" is unknown, try "nlts vrf help".`, 255);
};
