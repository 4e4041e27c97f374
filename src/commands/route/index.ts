import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import type { CommandHandler } from '../env.js';
import { routeGet } from './get.js';
import { ROUTE_HELP } from './help.js';
import { MODIFY_VERBS, routeModify } from './modify.js';
import { routeFlush, routeShow } from './show.js';
import { routeRestore, routeSave, routeShowdump } from './save.js';

export { renderRoute, type RouteRenderContext, type RouteFieldFilter } from './render.js';

/** `nlts route VERB ...` in ip's matching order (do_iproute): "a" is add, "s" is show, "d" is delete. */
export const routeCommand: CommandHandler = (args, env) => {
  const verb = args[0];
  const rest = args.slice(1);
  if (verb === undefined) return routeShow([], env);
  for (const v of MODIFY_VERBS) {
    if (v.verb === 'delete') continue;
    if (matches(verb, v.verb) || (v.exact !== undefined && verb === v.exact))
      return routeModify(rest, env, v, ROUTE_HELP);
  }
  if (matches(verb, 'delete'))
    return routeModify(
      rest,
      env,
      MODIFY_VERBS.find((v) => v.verb === 'delete')!,
      ROUTE_HELP,
    );
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst'))
    return withHelp(() => routeShow(rest, env), env);
  if (matches(verb, 'get')) return routeGet(rest, env, ROUTE_HELP);
  if (matches(verb, 'flush')) return withHelp(() => routeFlush(rest, env), env);
  if (matches(verb, 'save')) return withHelp(() => routeSave(rest, env), env);
  if (matches(verb, 'restore')) return routeRestore(env);
  if (matches(verb, 'showdump')) return routeShowdump(env);
  if (matches(verb, 'help') || verb === '--help' || verb === '-h') {
    env.out.write(ROUTE_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts route help".`, 255);
};

function withHelp(
  fn: () => number | Promise<number>,
  env: { out: { write(s: string): void } },
): number | Promise<number> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CliError && e.kind === 'help') {
      env.out.write(ROUTE_HELP);
      return 0;
    }
    throw e;
  }
}
