/**
 * The options `nlts raw send` and `nlts raw listen` share, declared for the
 * one GNU-style parser (src/commands/gnu-options.ts: node:util parseArgs underneath).
 * Numbers are checked there (one wording for every command); protocol names
 * by names.ts.
 */
import { OptionValueError, uint, type GnuOption } from '../gnu-options.js';
import { parseProtocol } from './names.js';

export const PROTO: GnuOption = {
  name: 'proto',
  value: 'N|NAME',
  parse: parseProtocol,
  help: 'protocol number (0-31) or name',
};

/** A port id or sequence number: decimal or 0x hex, 32 bits. */
export const u32 = uint({ hex: true });

export const PID: GnuOption = { name: 'pid', value: 'P', parse: u32, help: 'bind to port id P' };

export const HEADER_LEN: GnuOption = {
  name: 'header-len',
  value: 'N',
  parse: uint({ hex: true, max: 0xffff }),
  help: 'family header length before the attributes',
};

/** Multicast group numbers start at 1 (group n is bit n-1 of the old 32-bit mask). */
export function groupNumber(text: string): number {
  const n = u32(text);
  if (n === 0) throw new OptionValueError('group numbers start at 1');
  return n;
}
