import { Chalk } from 'chalk';
import type { ColorAttr } from './printer.js';

// Loaded only when colour is on, so plain runs do not pay for chalk.
const chalk = new Chalk({ level: 1 });

/** iproute2's attribute colours (lib/color.c): interface names cyan, MACs yellow, up green, down red. */
const PAINT: Record<ColorAttr, (s: string) => string> = {
  ifname: chalk.cyan,
  mac: chalk.yellow,
  inet: chalk.magenta,
  inet6: chalk.blue,
  up: chalk.green,
  down: chalk.red,
  none: (s) => s,
};

export function colorize(attr: ColorAttr, text: string): string {
  return PAINT[attr](text);
}
