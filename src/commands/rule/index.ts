import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { CommandEnv, CommandHandler } from '../env.js';

import { flushRules, modifyRule, parseRuleModify } from './change.js';
import { RULE_HELP } from './help.js';
import { makePrinter, withRoute } from '../common.js';
import { ruleRestore, ruleSave } from './save.js';
import { IprouteNames } from '../../iproute/names.js';
import { parseRuleFilter, showRules } from './show.js';
import { RTM_DELRULE, RTM_NEWRULE } from '../../netlink/gen/rtnetlink.js';

/** `nlts rule`: ip rule's verbs in ip's matching order (ip/iprule.c do_iprule). */
export const ruleCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return ruleShow([], env);
  if (matches(verb, 'list') || matches(verb, 'lst') || matches(verb, 'show')) return ruleShow(rest, env);
  if (matches(verb, 'save')) return withRoute(env, (conn) => ruleSave(conn, rest, env));
  if (matches(verb, 'restore')) return withRoute(env, (conn) => ruleRestore(conn, env));
  if (matches(verb, 'add')) return ruleModify(RTM_NEWRULE, rest, env);
  if (matches(verb, 'delete')) return ruleModify(RTM_DELRULE, rest, env);
  if (matches(verb, 'flush')) return ruleFlush(rest, env);
  if (matches(verb, 'help')) {
    env.out.write(RULE_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts rule help".`, 255);
};

function ruleShow(args: string[], env: CommandEnv): number {
  const names = IprouteNames.forEnv(env);
  const filter = parseRuleFilter(args, env.opts.family, names);
  return withRoute(env, (conn) => {
    showRules(conn, makePrinter(env), filter, {
      names,
      details: env.opts.details,
      numeric: env.opts.numeric,
    });
    return 0;
  });
}

/** add / delete: parse and check everything, then one request with an ACK. */
function ruleModify(cmd: number, args: string[], env: CommandEnv): number {
  const m = parseRuleModify(cmd, args, env.opts.family, IprouteNames.forEnv(env), (w) => env.err.write(w));
  return withRoute(env, (conn) => {
    modifyRule(conn, cmd, m);
    return 0;
  });
}

/** `ip rule flush [SELECTOR]`: the list selectors pick the rules to delete. */
function ruleFlush(args: string[], env: CommandEnv): number {
  const filter = parseRuleFilter(args, env.opts.family, IprouteNames.forEnv(env));
  return withRoute(env, (conn) => flushRules(conn, makePrinter(env), env.err, filter));
}
