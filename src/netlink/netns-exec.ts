/**
 * Running a program inside a named network namespace, as `ip netns exec` does
 * (ip/ipnetns.c netns_exec, lib/namespace.c netns_switch, lib/exec.c cmd_exec).
 *
 * The native shim forks; the child enters the namespace, takes a private mount
 * namespace (so the sysfs it mounts and the /etc/netns/NAME binds it makes are
 * its own) and execs the program. Here: which binds to make, the messages for
 * failed steps, and waiting for the child without blocking the event loop.
 */
import { constants as osConstants } from 'node:os';
import { entriesInDirectoryOrder } from './dir.js';
import { NETNS_RUN_DIR } from './native-transport.js';
import { EXEC_STAGE, native } from './native.js';

/** lib/namespace.h NETNS_ETC_DIR: per-namespace files bound over /etc/<file>. */
export const NETNS_ETC_DIR = '/etc/netns';

/** How the program ended: its exit status, or the signal that killed it. */
export type ChildEnd = { exited: number } | { signal: number };

/** A step that failed, worded as ip words it; `fatal` when the program did not run. */
export interface ExecProblem {
  message: string;
  fatal: boolean;
  /** ip's status for it: 1 when exec failed, 255 when the switch failed (netns_exec returns -1). */
  status: number;
}

export interface RunningChild {
  pid: number;
  /** Problems reported before the program ran (bind failures are not fatal). */
  problems: ExecProblem[];
  /** Resolves when the child has ended (and been reaped). */
  ended: Promise<ChildEnd>;
}

/**
 * lib/namespace.c bind_etc: each entry of /etc/netns/NAME is bound over
 * /etc/<entry>, as [source, target, ...]. None when the directory is missing.
 * (ip skips a NAME of NAME_MAX bytes or more; such a name is not valid anyway.)
 */
export function etcBinds(name: string): string[] {
  const dir = `${NETNS_ETC_DIR}/${name}`;
  return entriesInDirectoryOrder(dir).flatMap((e) => [`${dir}/${e}`, `/etc/${e}`]);
}

/** A spawn that failed before any child ran (the namespace file, fork). */
export class NetnsExecError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'NetnsExecError';
  }
}

/** The message ip prints for a failed step of netns_switch / cmd_exec. */
function problemOf(
  stage: number,
  index: number,
  errno: number,
  name: string | null,
  argv: string[],
  binds: string[],
): ExecProblem {
  const why = native().strerror(errno);
  switch (stage) {
    case EXEC_STAGE.setns:
      return {
        message: `setting the network namespace "${name ?? ''}" failed: ${why}`,
        fatal: true,
        status: 255,
      };
    case EXEC_STAGE.unshare:
      return { message: `unshare failed: ${why}`, fatal: true, status: 255 };
    case EXEC_STAGE.makeRslave:
      return { message: `"mount --make-rslave /" failed: ${why}`, fatal: true, status: 255 };
    case EXEC_STAGE.mountSys:
      return { message: `mount of /sys failed: ${why}`, fatal: true, status: 255 };
    // ip/ipvrf.c vrf_switch's words (ip writes its own pid, then execs).
    case EXEC_STAGE.joinOpen:
      return { message: `Failed to open cgroups.procs file: ${why}.`, fatal: true, status: 255 };
    case EXEC_STAGE.joinWrite:
      return { message: 'Failed to join cgroup', fatal: true, status: 255 };
    case EXEC_STAGE.bindEtc:
      return {
        message: `Bind ${binds[2 * index] ?? '?'} -> ${binds[2 * index + 1] ?? '?'} failed: ${why}`,
        fatal: false,
        status: 0,
      };
    default:
      return { message: `exec of "${argv[0] ?? ''}" failed: ${why}`, fatal: true, status: 1 };
  }
}

/**
 * Starts argv inside the namespace named `name` (under /run/netns), or here
 * when `name` is null; in the cgroup whose cgroup.procs is `joinProcs` when
 * given (ip vrf exec). Throws NetnsExecError when the namespace cannot be
 * opened ("Cannot open network namespace", status 255) or fork fails.
 */
export function spawnInNamedNetns(
  name: string | null,
  argv: string[],
  joinProcs: string | null = null,
): RunningChild {
  const b = native();
  const binds = name === null ? [] : etcBinds(name);
  const r = b.spawnInNetns(
    name === null ? null : `${NETNS_RUN_DIR}/${name}`,
    name ?? '',
    argv,
    binds,
    joinProcs,
  );
  if (typeof r === 'number') {
    const why = b.strerror(r);
    // The namespace file is opened before fork, so a missing name fails here;
    // fork (and pipe2) fail only for want of memory or processes.
    const { EAGAIN, ENOMEM } = osConstants.errno;
    if (-r !== EAGAIN && -r !== ENOMEM)
      throw new NetnsExecError(`Cannot open network namespace "${name}": ${why}`, 255);
    throw new NetnsExecError(`fork: ${why}`, 1);
  }
  const problems: ExecProblem[] = [];
  for (let i = 0; i + 2 < r.records.length; i += 3)
    problems.push(problemOf(r.records[i]!, r.records[i + 1]!, r.records[i + 2]!, name, argv, binds));
  return { pid: r.pid, problems, ended: waitForChild(r.pid, r.pidfd) };
}

/** Reaps the child when its pidfd says it ended (a 20 ms poll where pidfd_open is missing). */
function waitForChild(pid: number, pidfd: number): Promise<ChildEnd> {
  const b = native();
  const out = new Int32Array(2);
  const reap = (): ChildEnd | null => {
    const rc = b.waitChild(pid, out);
    if (rc === 0) return null;
    if (rc < 0) return { exited: 1 }; // not ours any more (ECHILD): nothing to report
    return out[0] === 2 ? { signal: out[1]! } : { exited: out[1]! };
  };
  return new Promise((resolve) => {
    if (pidfd < 0) {
      const timer = setInterval(() => {
        const end = reap();
        if (end !== null) {
          clearInterval(timer);
          resolve(end);
        }
      }, 20);
      return;
    }
    const poller = new b.Poller(pidfd, () => {
      const end = reap();
      if (end === null) return;
      poller.close();
      b.close(pidfd);
      resolve(end);
    });
    poller.start();
  });
}
