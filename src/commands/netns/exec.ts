/**
 * `nlts netns exec NAME cmd ...` and `nlts -all netns exec cmd ...`
 * (ip/ipnetns.c netns_exec, on_netns_exec, do_switch): the program runs as
 * ../run-program.ts runs it, after leaving any VRF (vrf_reset).
 */
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { namedNetns } from '../../netlink/route/netns.js';
import type { ChildEnd } from '../../netlink/netns-exec.js';
import { runIn, statusAsExec } from '../run-program.js';
import { vrfReset } from '../vrf/exec.js';

/** netns_exec: the checks and messages of ip 6.1, then one program or one per namespace. */
export async function netnsExec(
  args: string[],
  env: CommandEnv,
  checkedName: (n: string) => string,
): Promise<number> {
  const all = env.opts.all;
  if (args.length < 1 && !all) throw new CliError('No netns name specified', 1);
  if ((args.length < 2 && !all) || (args.length < 1 && all)) throw new CliError('No command specified', 1);
  const name = all ? null : checkedName(args[0]!);
  // do_switch: "clear any vrf association with prior namespace before exec'ing command"
  const procs = vrfReset(env);
  if (name !== null) return statusAsExec(await runIn(name, args.slice(1), env, procs), env);
  // on_netns_exec: a "netns: NAME" heading before each; a program killed by
  // a signal ends the walk with status 1 (cmd_exec's exit(1)); otherwise 0.
  for (const each of namedNetns()) {
    env.out.write(`\nnetns: ${each}\n`);
    let end: ChildEnd;
    try {
      end = await runIn(each, args, env, procs);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      env.err.write(`${e.message}\n`); // a name that went away meanwhile: go on, as ip's loop does
      continue;
    }
    if ('signal' in end) return 1;
  }
  return 0;
}
