/**
 * `nlts vrf exec NAME cmd ...` (ip/ipvrf.c ipvrf_exec, vrf_switch,
 * vrf_configure_cgroup): bind a program to a VRF. The process joins the
 * cgroup MNT/BASE/[NETNS-ns/]vrf/NAME, to which a BPF_CGROUP_INET_SOCK_CREATE
 * program is attached that sets sk_bound_dev_if of every socket created there
 * to the VRF device (src/netlink/vrf-program.ts). ip moves itself into the
 * cgroup and execs the program; nlts's child joins it before its exec, so nlts
 * itself stays unbound and is not listed by `vrf pids`. "default" (no VRF) is
 * the plain MNT/BASE/[NETNS-ns/]vrf/ cgroup, which has no program.
 */
import { closeSync, constants, mkdirSync, openSync } from 'node:fs';
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { vrfLookupOver } from '../../iproute/vrf.js';
import { VrfCgroupError, attachVrfProgram } from '../../netlink/vrf-program.js';
import { fsErrorText } from '../../netlink/native.js';
import { openRoute } from '../common.js';
import { baseCgroupPath, cgroup2Mount, netnsCgroupDir, ownCgroupText, vrfOfCgroup } from './cgroup.js';
import { runIn, statusAsExec } from '../run-program.js';

/** name_is_vrf (ip/iplink_vrf.c): the ifindex of NAME when it is a "vrf" link, else 0. */
function vrfIndexOf(env: CommandEnv, name: string): number {
  return vrfLookupOver(() => openRoute(env))(name).index;
}

/** ip's vrf_switch fails with exit status 255. */
function fail(message: string): never {
  throw new CliError(message, 255);
}

/**
 * vrf_switch up to the join: make NAME's cgroup ("default": the VRF-less one)
 * and attach the program to it; returns the cgroup.procs file the program's
 * process is to join. `netns` names the namespace whose "-ns" directory is used.
 */
export function vrfSwitch(name: string, netns: string | null, env: CommandEnv): string {
  let ifindex = 0;
  if (name !== 'default') {
    ifindex = vrfIndexOf(env, name);
    if (!ifindex) fail('Invalid VRF name');
  }
  // ip mounts cgroup2 at /var/run/cgroup2 when it finds none; nlts does not mount it (README).
  const mnt = cgroup2Mount() ?? fail('Failed to find cgroup2 mount');
  let netnsDir = netnsCgroupDir(netns);
  let base = baseCgroupPath(ownCgroupText());
  if (netnsDir !== '') {
    // "if path already ends in netns then don't add it again"
    const slash = base.lastIndexOf('/');
    if (base.slice(slash + 1) === netnsDir) base = base.slice(0, slash + 1);
    netnsDir += '/';
  }
  const path = `${mnt}${base}/${netnsDir}vrf/${ifindex ? name : ''}`;
  try {
    mkdirSync(path, { recursive: true, mode: 0o755 });
  } catch {
    fail('Failed to setup vrf cgroup2 directory');
  }
  if (ifindex) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_DIRECTORY | constants.O_RDONLY);
    } catch (e) {
      fail(`Failed to open cgroup path: '${fsErrorText(e)}'`);
    }
    try {
      attachVrfProgram(fd, ifindex);
    } catch (e) {
      if (e instanceof VrfCgroupError) fail(e.message);
      throw e;
    } finally {
      closeSync(fd);
    }
  }
  // ip writes its own pid and then execs; here the program's process joins (spawnInNamedNetns).
  return `${path}/cgroup.procs`;
}

/**
 * vrf_reset (used by netns exec): when this process is bound to a VRF, the
 * cgroup.procs of the VRF-less cgroup the program is to join instead; null otherwise.
 */
export function vrfReset(env: CommandEnv): string | null {
  if (vrfOfCgroup(ownCgroupText()) === '') return null;
  try {
    return vrfSwitch('default', null, env);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    env.err.write(`${e.message}\n`); // ip ignores vrf_reset's result; its messages are still printed
    return null;
  }
}

/** ipvrf_exec: the checks of ip 6.1, the switch, then the program (in -n's namespace, if given). */
export async function vrfExec(args: string[], env: CommandEnv): Promise<number> {
  if (args.length < 1) throw new CliError('No VRF name specified', 1);
  if (args.length < 2) throw new CliError('No command specified', 1);
  const procs = vrfSwitch(args[0]!, env.opts.netns, env);
  return statusAsExec(await runIn(env.opts.netns, args.slice(1), env, procs), env);
}
