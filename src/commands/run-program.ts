/**
 * Running a program the way `ip netns exec` and `ip vrf exec` do (lib/exec.c
 * cmd_exec): ip replaces itself with the program (exec without fork) unless
 * it runs for every namespace (-all) or in batch mode. nlts always forks (a
 * Node process cannot exec in place) and then behaves as the exec would look
 * to the caller: its status is the program's, and when signal N killed the
 * program nlts raises N on itself (endLikeTheProgram). While it waits it
 * ignores SIGINT and SIGQUIT, which the terminal also sends to the program,
 * and hands SIGTERM and SIGHUP on to the program.
 */
import { constants as osConstants } from 'node:os';
import type { CommandEnv } from './env.js';
import { CliError } from '../iproute/errors.js';
import { NetnsExecError, spawnInNamedNetns, type ChildEnd } from '../netlink/netns-exec.js';

const IGNORED: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
const PASSED_ON: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/**
 * Runs argv in the namespace `name` (here when null); resolves how it ended,
 * or a failed-start status. Shared with `vrf exec`.
 */
export async function runIn(
  name: string | null,
  argv: string[],
  env: CommandEnv,
  joinProcs: string | null = null,
): Promise<ChildEnd> {
  env.out.flush?.(); // cmd_exec: fflush(stdout) before the program writes to the same stdout
  let child;
  try {
    child = spawnInNamedNetns(name, argv, joinProcs);
  } catch (e) {
    if (e instanceof NetnsExecError) throw new CliError(e.message, e.status);
    throw e;
  }
  for (const p of child.problems) env.err.write(`${p.message}\n`);
  const fatal = child.problems.find((p) => p.fatal);
  const ignore = (): void => {};
  const passOn = (sig: NodeJS.Signals): void => {
    try {
      process.kill(child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  for (const s of IGNORED) process.on(s, ignore);
  for (const s of PASSED_ON) process.on(s, passOn);
  try {
    const end = await child.ended;
    // A step before exec failed: ip's status for it, not the child's _exit code.
    return fatal !== undefined ? { exited: fatal.status } : end;
  } finally {
    for (const s of IGNORED) process.off(s, ignore);
    for (const s of PASSED_ON) process.off(s, passOn);
  }
}

/**
 * The program was killed by `signal`: so is nlts, so that its caller sees what
 * it would have seen had ip exec'd the program (a shell prints "Terminated",
 * a script loop stops on SIGINT). Signals Node itself ignores (SIGPIPE) are
 * not raised: the status is then 128+N, as a shell would report it.
 */
function endLikeTheProgram(signal: number, env: CommandEnv): void {
  const name = Object.entries(osConstants.signals).find(([, n]) => n === signal)?.[0];
  if (name === undefined || name === 'SIGPIPE' || name === 'SIGXFSZ') return;
  env.out.flush?.();
  env.err.flush?.();
  process.kill(process.pid, name as NodeJS.Signals);
}

/**
 * What the caller of ip would have seen had ip exec'd the program: its exit
 * status, or (raised by endLikeTheProgram) the signal that killed it.
 */
export function statusAsExec(end: ChildEnd, env: CommandEnv): number {
  if ('exited' in end) return end.exited;
  endLikeTheProgram(end.signal, env);
  return 128 + end.signal;
}
