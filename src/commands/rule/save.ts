/**
 * `ip rule save` and `ip rule restore` (save_rule_prep, save_rule,
 * rule_dump_check_magic and iprule_restore of iproute2 6.1.0's
 * ip/iprule.c): ip's binary dump file, interchangeable with ip's.
 */
import { CliError } from '../../iproute/errors.js';
import { RULE_DUMP_MAGIC, onlyType, readDump, restoreMessages, writeDump } from '../../iproute/dump-file.js';
import type { Connection } from '../../netlink/connection.js';
import { encodeRuleDumpRequest } from '../../netlink/route/rule.js';
import type { CommandEnv } from '../env.js';
import { AF_INET, AF_UNSPEC } from '../../netlink/gen/socket.js';
import { RTM_GETRULE, RTM_NEWRULE } from '../../netlink/gen/rtnetlink.js';

/** `ip rule save`: the magic, then every rule of the family (-6, else IPv4) as the kernel sent it. */
export function ruleSave(conn: Connection, args: string[], env: CommandEnv): number {
  if (args.length > 0) throw new CliError('"ip rule save" does not take any arguments.', 1);
  const af = env.opts.family === AF_UNSPEC ? AF_INET : env.opts.family;
  writeDump(env, RULE_DUMP_MAGIC, onlyType(conn.dump(RTM_GETRULE, encodeRuleDumpRequest(af)), RTM_NEWRULE));
  return 0;
}

/** `ip rule restore`: each saved rule added back (a rule is added again even when an equal one exists, as with ip). */
export function ruleRestore(conn: Connection, env: CommandEnv): number {
  restoreMessages(conn, readDump(env, RULE_DUMP_MAGIC, 'rule', 255), env.err, 255);
  return 0;
}
