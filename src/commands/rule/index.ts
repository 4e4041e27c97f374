import { CliError } from '../../cli/errors.js';
import { matches } from '../../cli/matches.js';
import type { CommandEnv, CommandHandler } from '../../cli/env.js';
import { NETLINK_ROUTE } from '../../netlink/constants.js';
import { Connection } from '../../netlink/connection.js';
import { Printer } from '../../output/printer.js';
import { RULE_HELP } from './help.js';
import { NameDb } from './names.js';
import { parseRuleFilter, showRules } from './show.js';

/** Verbs of `ip rule` nlts does not do yet, in ip's matching order (ip/iprule.c do_iprule). */
const NOT_YET = ['save', 'restore', 'add', 'delete', 'flush'];

export const ruleCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  if (verb === undefined) return ruleShow([], env);
  if (matches(verb, 'list') || matches(verb, 'lst') || matches(verb, 'show'))
    return ruleShow(args.slice(1), env);
  for (const v of NOT_YET) {
    if (matches(verb, v)) {
      throw new CliError(`nlts: "rule ${v}" is not available yet; use "ip rule ${v}".`, 1, 'unsupported');
    }
  }
  if (matches(verb, 'help')) {
    env.out.write(RULE_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts rule help".`, 255);
};

function ruleShow(args: string[], env: CommandEnv): number {
  const names = NameDb.forEnv(env);
  const filter = parseRuleFilter(args, env.opts.family, names);
  const conn = Connection.open(
    env.transports,
    NETLINK_ROUTE,
    env.opts.netns ? { netns: env.opts.netns } : undefined,
  );
  try {
    const p = new Printer(env.out, {
      json: env.opts.json,
      pretty: env.opts.pretty,
      oneline: env.opts.oneline,
      colorize: env.colorize,
    });
    showRules(conn, p, filter, { names, details: env.opts.details, numeric: env.opts.numeric });
    return 0;
  } finally {
    conn.close();
  }
}
