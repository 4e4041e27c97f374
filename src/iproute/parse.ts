/**
 * iproute2's numeric parsers and usage errors (lib/utils.c): get_unsigned,
 * get_u32/u16/u8 over C strtoul semantics, and invarg/duparg/duparg2/
 * missarg/incomplete_command/nodev with ip's exact wording and exit status
 * (exit(-1) is 255).
 */
import { CliError } from './errors.js';

/** ip's exit(-1) for usage errors (invarg, duparg, incomplete_command). */
export const EXIT_USAGE = 255;

/**
 * ip/iplink.c on_off(): "on" is true, "off" false, anything else
 * `Error: argument of "KEY" must be "on" or "off", not "ARG"`, exit 1.
 */
export function onOffArg(key: string, arg: string): boolean {
  if (arg === 'on') return true;
  if (arg === 'off') return false;
  throw new CliError(`Error: argument of "${key}" must be "on" or "off", not "${arg}"`, 1);
}

/**
 * lib/utils.c parse_on_off(): as onOffArg, in its own words
 * (`must be one of "off", "on"`); `exitCode` is what the caller's ip command exits with.
 */
export function parseOnOff(key: string, arg: string, exitCode = 1): boolean {
  if (arg === 'on') return true;
  if (arg === 'off') return false;
  throw new CliError(`Error: argument of "${key}" must be one of "off", "on", not "${arg}"`, exitCode);
}

/** invarg(): `Error: argument "ARG" is wrong: MSG`, exit 255. */
export function invarg(msg: string, arg: string): never {
  // ip prints "...: %s\n", so a message of its own that ends in "\n" leaves an empty line.
  throw new CliError(
    `Error: argument "${arg}" is wrong: ${msg}${msg.endsWith('\n') ? '\n' : ''}`,
    EXIT_USAGE,
  );
}

/** duparg(): `Error: duplicate "KEY": "ARG" is the second value.`, exit 255. */
export function duparg(key: string, arg: string): never {
  throw new CliError(`Error: duplicate "${key}": "${arg}" is the second value.`, EXIT_USAGE);
}

/** duparg2(): `Error: either "KEY" is duplicate, or "ARG" is a garbage.`, exit 255. */
export function duparg2(key: string, arg: string): never {
  throw new CliError(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.`, EXIT_USAGE);
}

/** missarg(): `Error: argument "KEY" is required`, exit 255. */
export function missarg(key: string): never {
  throw new CliError(`Error: argument "${key}" is required`, EXIT_USAGE);
}

/** incomplete_command(): exit 255. */
export function incomplete(): never {
  throw new CliError('Command line is not complete. Try option "help"', EXIT_USAGE);
}

/** nodev(): `Cannot find device "DEV"`, exit 1. */
export function nodev(dev: string, exitCode = 1): never {
  throw new CliError(`Cannot find device "${dev}"`, exitCode, 'no-device');
}

/** A value C's unsigned long cannot hold, or a negative one that wrapped: larger than any bound ip checks. */
const WRAPPED = Number.MAX_SAFE_INTEGER;

const SPACE = ' \t\n\v\f\r';

/**
 * C strtoul(s + from, &end, base): leading white space, an optional sign, a
 * 0x prefix for base 16 or 0, a leading 0 meaning octal for base 0. `end` is
 * the index after the last digit, or `from` when there were no digits. A
 * negative value wraps (unsigned long), so it is returned as a number larger
 * than any bound ip checks against ("-0" is 0).
 */
export function strtoul(s: string, base = 0, from = 0): { value: number; end: number } {
  let i = from;
  while (i < s.length && SPACE.includes(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const hexPrefix =
    s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '');
  if ((base === 0 || base === 16) && hexPrefix) {
    base = 16;
    i += 2;
  } else if (base === 0) base = s[i] === '0' ? 8 : 10;
  const start = i;
  let v = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, base);
    if (Number.isNaN(d)) break;
    v = v * base + d;
  }
  if (i === start) return { value: 0, end: from };
  if (v > WRAPPED || (neg && v !== 0)) v = WRAPPED;
  return { value: v, end: i };
}

/**
 * get_unsigned / get_u32 / get_u16 / get_u8: the whole word (not empty) is
 * one strtoul number of `base` (0: decimal, 0x hex or 0 octal) at most `max`;
 * undefined otherwise.
 */
export function getUnsigned(arg: string, base = 0, max = 0xffffffff): number | undefined {
  if (arg === '') return undefined;
  const { value, end } = strtoul(arg, base);
  if (end === 0 || end !== arg.length || value > max) return undefined;
  return value;
}

/** get_u32(…, base). */
export function getU32(arg: string, base = 0): number | undefined {
  return getUnsigned(arg, base, 0xffffffff);
}

/** get_u16(…, base). */
export function getU16(arg: string, base = 0): number | undefined {
  return getUnsigned(arg, base, 0xffff);
}

/** get_u8(…, base). */
export function getU8(arg: string, base = 0): number | undefined {
  return getUnsigned(arg, base, 0xff);
}

/** strtoul(arg, &end, 0) over the whole word, no upper bound beyond unsigned long; undefined when it is not one number. */
export function strtoul0(arg: string): number | undefined {
  return getUnsigned(arg, 0, Number.MAX_SAFE_INTEGER);
}

/** get_u64 (lib/utils.c): strtoull base 0, the whole word. */
export function getU64(arg: string): bigint | undefined {
  const m = /^\s*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(arg);
  if (!m) return undefined;
  const t = m[1]!;
  const v = /^0[0-7]+$/.test(t) ? BigInt('0o' + t.slice(1)) : BigInt(t);
  return v <= 0xffffffffffffffffn ? v : undefined;
}

/** get_integer / get_s32 (strtol): the whole word as a signed number within [min, max]; undefined otherwise. */
export function getInteger(arg: string, base = 0, min = -0x80000000, max = 0x7fffffff): number | undefined {
  let i = 0;
  while (i < arg.length && SPACE.includes(arg[i]!)) i++;
  const neg = arg[i] === '-';
  const body = neg || arg[i] === '+' ? arg.slice(i + 1) : arg.slice(i);
  if (body === '' || body[0] === '+' || body[0] === '-' || SPACE.includes(body[0]!)) return undefined;
  const { value, end } = strtoul(body, base);
  if (end === 0 || end !== body.length) return undefined;
  const v = neg ? -value : value;
  return v < min || v > max ? undefined : v;
}

/**
 * iproute2's matches(): `word` abbreviates `full` when it is a non-empty
 * prefix of it. Order of checks matters exactly as in ip ("s" is "set" in
 * `ip link`, "l" is "link" at the top level).
 */
export function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}
