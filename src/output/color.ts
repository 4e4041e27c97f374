import type { ColorAttr } from './printer.js';

/**
 * iproute2's attribute colours (lib/color.c): names cyan, MACs yellow, IPv4
 * magenta, IPv6 blue, state up green, down red; each coloured span ends with
 * the full reset ESC[0m exactly as ip -c writes it, so `nlts -c` output is
 * byte-identical to `ip -c` (chalk's ESC[39m reset is not).
 */
const CODES: Record<ColorAttr, string> = {
  ifname: '\x1b[36m',
  mac: '\x1b[33m',
  inet: '\x1b[35m',
  inet6: '\x1b[34m',
  up: '\x1b[32m',
  down: '\x1b[31m',
  none: '',
};
const RESET = '\x1b[0m';

export function colorize(attr: ColorAttr, text: string): string {
  const code = CODES[attr];
  return code ? code + text + RESET : text;
}
