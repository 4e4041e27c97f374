/**
 * GNU-style options for nlts's own commands (`raw`, `dropwatch`, `genl`,
 * `monitor`), parsed from a declarative list by node:util's parseArgs (its
 * tokens, so that nlts decides every error): `--opt VALUE`, `--opt=VALUE`,
 * `-c VALUE`/`-cVALUE` for a one-letter alias, grouped one-letter flags,
 * repeatable options, `--` ends options, and ip-style one-dash words
 * (`-rcvbuf`, `-timestamp`) as aliases. An option that takes a value takes
 * the next word whatever it looks like (`--proto --verbose` names the
 * protocol "--verbose"), as getopt_long does.
 *
 * Nothing here writes to stderr or exits: every problem becomes a CliError
 * with exit status 255 (ip's exit(-1) for a usage error), in one wording for
 * every command, the wording of the global options (src/cli/options.ts):
 *
 *   Option "--bogus" is unknown, try "nlts raw send --help".
 *   Option "--type" requires an argument
 *   Option "--sw" takes no argument
 *   Option "--proto" is given twice
 *   Invalid value "x" for "--count": expected a whole number
 *   Argument "extra" is unknown, try "nlts raw send --help".
 *
 * `-h`/`--help` is reported (parsed.help) after the help was written to the
 * `out` given: the command's own text when it has one, else one made from
 * the list.
 *
 * This used commander until 2026-12: commander loads node:child_process and
 * its own modules at start (+15-30 ms of a ~100 ms `nlts genl` run), while
 * parseArgs is part of Node and costs nothing to load.
 */
import { parseArgs } from 'node:util';
import { CliError } from '../iproute/errors.js';

/** ip's exit(-1): a usage error. */
export const EXIT_USAGE = 255;

/** Thrown by an option's parser: `detail` follows `Invalid value "V" for "--opt": `. */
export class OptionValueError extends Error {
  override readonly name = 'OptionValueError';
}

export interface GnuOption {
  /** The long name without dashes (`dest-pid`); also the key of the parsed value. */
  name: string;
  /** A one-character alias: `c` for `-c`. */
  short?: string;
  /** Only the short form exists (`-4`): no `--name`. */
  shortOnly?: boolean;
  /** ip-style words with one dash meaning this option (`-rcvbuf`, `-ts`). */
  aliases?: readonly string[];
  /** The value's name in help (`N`, `FILE`); absent: a flag without a value. */
  value?: string;
  /** Turns the text into the value; throws OptionValueError (its message is the detail). */
  parse?: (text: string) => unknown;
  /** May be given more than once: the values are collected in order. */
  repeat?: boolean;
  /** The value when the option is not given. */
  default?: unknown;
  /** One line for commander's generated help. */
  help?: string;
}

export interface GnuCommand {
  /** As it is typed: `nlts raw send`. */
  name: string;
  /** What the "try" hint of an error names: `nlts raw send --help`. */
  hint: string;
  options: readonly GnuOption[];
  /** Words that are not options are allowed (otherwise each is an error). */
  operands?: boolean;
  /** The help printed for -h/--help; absent: commander's generated help. */
  helpText?: string;
}

export interface Writable {
  write(text: string): unknown;
}

/** What a command line said. */
export class GnuParsed {
  constructor(
    /** -h or --help was given (the help has been written). */
    readonly help: boolean,
    /** The words that are not options, in order (after `--` too). */
    readonly operands: string[],
    private readonly values: Map<string, unknown>,
    private readonly defaults: Map<string, unknown>,
  ) {}
  /** Whether the option was given. */
  has(name: string): boolean {
    return this.values.has(name);
  }
  /** The option's value (true for a flag), else its default, else undefined. */
  get<T = string>(name: string): T | undefined {
    return (this.values.has(name) ? this.values.get(name) : this.defaults.get(name)) as T | undefined;
  }
  /** Every value of a repeatable option, in order. */
  all<T = string>(name: string): T[] {
    return (this.values.get(name) as T[] | undefined) ?? [];
  }
}

// ---- value parsers ----

/** The usage error for a value an option refuses. */
export function invalidValue(option: string, value: string, detail: string): CliError {
  return new CliError(`Invalid value "${value}" for "${option}": ${detail}`, EXIT_USAGE);
}

/** A whole number in [min, max]; `hex` also takes 0x…. */
export function uint({ min = 0, max = 0xffffffff, hex = false } = {}): (text: string) => number {
  return (text) => {
    const ok = hex ? /^(0x[0-9a-f]+|\d+)$/i.test(text) : /^\d+$/.test(text);
    if (!ok) throw new OptionValueError(`expected a whole number${min ? ` >= ${min}` : ''}`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new OptionValueError(`out of range (${min}-${max})`);
    return n;
  };
}

/** Seconds: digits with an optional fraction. */
export function seconds({ positive = false } = {}): (text: string) => number {
  return (text) => {
    if (!/^\d+(\.\d+)?$/.test(text)) throw new OptionValueError('expected seconds');
    const n = Number(text);
    if (!Number.isFinite(n)) throw new OptionValueError('expected seconds');
    if (positive && n <= 0) throw new OptionValueError('must be above 0');
    return n;
  };
}

/** One of a few words. */
export function choice<T extends string>(...words: readonly T[]): (text: string) => T {
  const list =
    words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? '');
  return (text) => {
    if ((words as readonly string[]).includes(text)) return text as T;
    throw new OptionValueError(`expected ${list}`);
  };
}

/** A value that must not be empty. */
export function nonEmpty(what: string): (text: string) => string {
  return (text) => {
    if (text === '') throw new OptionValueError(`expected ${what}`);
    return text;
  };
}

// ---- parsing ----

const HELP_WORDS = new Set(['-h', '--help']);

function flagsOf(o: GnuOption): string {
  const parts: string[] = [];
  if (o.short) parts.push(`-${o.short}`);
  if (!o.shortOnly) parts.push(`--${o.name}`);
  return parts.join(', ') + (o.value ? ` <${o.value}>` : '');
}

function display(o: GnuOption): string {
  return o.shortOnly ? `-${o.short}` : `--${o.name}`;
}

/**
 * ip-style one-dash words become their long option, except where a word is
 * the value of the option before it (`--comm -ts` keeps "-ts" as the name).
 */
function rewriteAliases(argv: readonly string[], options: readonly GnuOption[]): string[] {
  const alias = new Map<string, GnuOption>();
  const takesValue = new Set<string>();
  for (const o of options) {
    for (const a of o.aliases ?? []) alias.set(a, o);
    if (o.value) {
      if (!o.shortOnly) takesValue.add(`--${o.name}`);
      if (o.short) takesValue.add(`-${o.short}`);
      for (const a of o.aliases ?? []) takesValue.add(a);
    }
  }
  if (alias.size === 0) return [...argv];
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const o = alias.get(a);
    out.push(o ? display(o) : a);
    if (takesValue.has(a) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}

/** The help made from the option list, for a command without its own text. */
function generatedHelp(spec: GnuCommand): string {
  const rows: [string, string][] = spec.options.map((o) => {
    const dflt = o.default !== undefined && !o.repeat ? ` (default: ${JSON.stringify(o.default)})` : '';
    return [flagsOf(o), `${o.help ?? ''}${dflt}`];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([f]) => f.length));
  const lines = rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`.trimEnd());
  return `Usage: ${spec.name} [options]${spec.operands ? ' [words]' : ''}\n\nOptions:\n${lines.join('\n')}\n`;
}

/**
 * The option word as the user typed it, for an error: `--bogus` of `--bogus=1`, and for a letter
 * inside a group of one-letter options the rest of the group from that letter (`-x` of `-4x`).
 */
function typedName(word: string, rawName: string, letterAt: number): string {
  if (word.startsWith('--')) return rawName;
  return `-${word.slice(1 + letterAt)}`;
}

/**
 * Parse `argv` (the words after the command) against `spec`. Throws a
 * CliError for any usage problem; on -h/--help writes the help to `out` and
 * returns with `help` set.
 */
export function parseGnuOptions(spec: GnuCommand, argv: readonly string[], out?: Writable): GnuParsed {
  const words = rewriteAliases(argv, spec.options);
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  const byName = new Map<string, GnuOption>();
  const defaults = new Map<string, unknown>();
  for (const o of spec.options) {
    config[o.name] = o.short
      ? { type: o.value ? 'string' : 'boolean', short: o.short }
      : { type: o.value ? 'string' : 'boolean' };
    byName.set(o.name, o);
    if (o.default !== undefined) defaults.set(o.name, o.default);
  }
  // strict: false so that parseArgs reports unknown options as tokens instead of throwing its own
  // wording; every check below is nlts's.
  const { tokens } = parseArgs({
    args: words,
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, unknown>();
  const operands: string[] = [];
  let groupIndex = -1;
  let letterAt = 0;
  for (const t of tokens) {
    if (t.kind === 'positional') {
      operands.push(t.value);
      continue;
    }
    if (t.kind === 'option-terminator') continue;
    const word = words[t.index]!;
    // Tokens of one group of letters (-4c) share the word's index: count the letters.
    letterAt = t.index === groupIndex ? letterAt + 1 : 0;
    groupIndex = t.index;
    const o = byName.get(t.name);
    const known = o !== undefined && !(o.shortOnly && t.rawName.startsWith('--'));
    if (!known) {
      if (HELP_WORDS.has(word)) {
        out?.write(spec.helpText ?? generatedHelp(spec));
        return new GnuParsed(true, operands, values, defaults);
      }
      throw new CliError(
        `Option "${typedName(word, t.rawName, letterAt)}" is unknown, try "${spec.hint}".`,
        EXIT_USAGE,
      );
    }
    const shown = display(o);
    if (!o.value) {
      if (t.value !== undefined) throw new CliError(`Option "${shown}" takes no argument`, EXIT_USAGE);
      values.set(o.name, true);
      continue;
    }
    if (t.value === undefined) throw new CliError(`Option "${shown}" requires an argument`, EXIT_USAGE);
    let v: unknown = t.value;
    if (o.parse) {
      try {
        v = o.parse(t.value);
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw invalidValue(shown, t.value, (e as Error).message);
      }
    }
    if (o.repeat) {
      const list = (values.get(o.name) as unknown[] | undefined) ?? [];
      list.push(v);
      values.set(o.name, list);
      continue;
    }
    if (values.has(o.name)) throw new CliError(`Option "${shown}" is given twice`, EXIT_USAGE);
    values.set(o.name, v);
  }
  if (!spec.operands && operands.length > 0) {
    throw new CliError(`Argument "${operands[0]}" is unknown, try "${spec.hint}".`, EXIT_USAGE);
  }
  return new GnuParsed(false, operands, values, defaults);
}
