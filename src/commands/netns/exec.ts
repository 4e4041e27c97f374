/**
 * `nlts netns exec NAME cmd ...` and `nlts -all netns exec cmd ...`
 * (ip/ipnetns.c netns_exec, on_netns_exec; lib/exec.c cmd_exec).
 *
 * ip replaces itself with the program (exec without fork) unless it runs for
 * every namespace (-all) or in batch mode. nlts always forks (a Node process
 * cannot exec in place) and then behaves as the exec would look to the
 * caller: its status is the program's, and when signal N killed the program
 * nlts raises N on itself (endLikeTheProgram). While it waits it ignores
 * SIGINT and SIGQUIT, which the terminal also sends to the program, and hands
 * SIGTERM and SIGHUP on to the program.
 */
import { constants as osConstants } from 'node:os';
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { namedNetns } from '../../netlink/route/netns.js';
import { NetnsExecError, spawnInNamedNetns, type ChildEnd } from '../../netlink/netns-exec.js';

const IGNORED: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
const PASSED_ON: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/** Runs argv in the namespace `name`; resolves how it ended, or a failed-start status. */
async function runIn(name: string, argv: string[], env: CommandEnv): Promise<ChildEnd> {
  env.out.flush?.(); // cmd_exec: fflush(stdout) before the program writes to the same stdout
  let child;
  try {
    child = spawnInNamedNetns(name, argv);
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

/** netns_exec: the checks and messages of ip 6.1, then one program or one per namespace. */
export async function netnsExec(
  args: string[],
  env: CommandEnv,
  checkedName: (n: string) => string,
): Promise<number> {
  const all = env.opts.all;
  if (args.length < 1 && !all) throw new CliError('No netns name specified', 1);
  if ((args.length < 2 && !all) || (args.length < 1 && all)) throw new CliError('No command specified', 1);
  if (!all) {
    const end = await runIn(checkedName(args[0]!), args.slice(1), env);
    if ('exited' in end) return end.exited;
    endLikeTheProgram(end.signal, env);
    return 128 + end.signal;
  }
  // on_netns_exec: a "netns: NAME" heading before each; a program killed by
  // a signal ends the walk with status 1 (cmd_exec's exit(1)); otherwise 0.
  for (const name of namedNetns()) {
    env.out.write(`\nnetns: ${name}\n`);
    let end: ChildEnd;
    try {
      end = await runIn(name, args, env);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      env.err.write(`${e.message}\n`); // a name that went away meanwhile: go on, as ip's loop does
      continue;
    }
    if ('signal' in end) return 1;
  }
  return 0;
}
