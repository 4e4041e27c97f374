import { Chalk, type ChalkInstance } from 'chalk';

/*
 * chalk (the user's choice of colour package) is used for nlts's own views
 * only, the ones ip has no counterpart for (dropwatch's live table): there
 * nothing has to match ip byte for byte, and chalk's styles (bold, its own
 * resets) serve. ip's objects are coloured by colorize() (color.ts), never chalk.
 * Both are switched by the same -c/--color decision (env.colorize set or not).
 */
/** chalk at 16 colours when `color`, else a chalk that styles nothing. */
export function chalkFor(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
