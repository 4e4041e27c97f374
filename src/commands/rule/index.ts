import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { CommandEnv, CommandHandler } from '../env.js';

import { Connection } from '../../netlink/connection.js';

import { Printer } from '../../output/printer.js';
import { flushRules, modifyRule, parseRuleModify } from './change.js';
import { RULE_HELP } from './help.js';
import { IprouteNames } from '../../iproute/names.js';
import { parseRuleFilter, showRules } from './show.js';
import { inNetns } from '../../netlink/transport.js';
import { NETLINK_ROUTE } from '../../netlink/gen/netlink.js';
import { RTM_DELRULE, RTM_NEWRULE } from '../../netlink/gen/rtnetlink.js';

/** `nlts rule`: ip rule's verbs in ip's matching order (ip/iprule.c do_iprule). */
export const ruleCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return ruleShow([], env);
  if (matches(verb, 'list') || matches(verb, 'lst') || matches(verb, 'show')) return ruleShow(rest, env);
  for (const v of ['save', 'restore']) {
    if (matches(verb, v)) {
      throw new CliError(`nlts: "rule ${v}" is not available yet; use "ip rule ${v}".`, 1, 'unsupported');
    }
  }
  if (matches(verb, 'add')) return ruleModify(RTM_NEWRULE, rest, env);
  if (matches(verb, 'delete')) return ruleModify(RTM_DELRULE, rest, env);
  if (matches(verb, 'flush')) return ruleFlush(rest, env);
  if (matches(verb, 'help')) {
    env.out.write(RULE_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts rule help".`, 255);
};

function open(env: CommandEnv): Connection {
  return Connection.open(env.transports, NETLINK_ROUTE, inNetns(env.opts.netns));
}

function printer(env: CommandEnv): Printer {
  return new Printer(env.out, {
    json: env.opts.json,
    pretty: env.opts.pretty,
    oneline: env.opts.oneline,
    colorize: env.colorize,
  });
}

function ruleShow(args: string[], env: CommandEnv): number {
  const names = IprouteNames.forEnv(env);
  const filter = parseRuleFilter(args, env.opts.family, names);
  const conn = open(env);
  try {
    showRules(conn, printer(env), filter, { names, details: env.opts.details, numeric: env.opts.numeric });
    return 0;
  } finally {
    conn.close();
  }
}

/** add / delete: parse and check everything, then one request with an ACK. */
function ruleModify(cmd: number, args: string[], env: CommandEnv): number {
  const m = parseRuleModify(cmd, args, env.opts.family, IprouteNames.forEnv(env), (w) => env.err.write(w));
  const conn = open(env);
  try {
    modifyRule(conn, cmd, m);
    return 0;
  } finally {
    conn.close();
  }
}

/** `ip rule flush [SELECTOR]`: the list selectors pick the rules to delete. */
function ruleFlush(args: string[], env: CommandEnv): number {
  const filter = parseRuleFilter(args, env.opts.family, IprouteNames.forEnv(env));
  const conn = open(env);
  try {
    return flushRules(conn, printer(env), env.err, filter);
  } finally {
    conn.close();
  }
}
