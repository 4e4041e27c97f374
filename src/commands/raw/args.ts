/**
 * A small GNU-style option parser for `nlts raw`: `--name VALUE`,
 * `--name=VALUE`, repeatable options, `--` ends options. Every problem is a
 * one-line CliError (never a process exit), so main() reports it like any
 * other usage error.
 */
import { CliError } from '../../cli/errors.js';

export interface OptionSpec {
  /** Takes a value. */
  value: boolean;
  /** May be given more than once (values collected in order). */
  repeat?: boolean;
}

export interface ParsedOptions {
  /** Values by option name (without dashes); a flag option has one empty string per use. */
  values: Map<string, string[]>;
}

export function parseOptions(
  cmd: string,
  args: string[],
  specs: Readonly<Record<string, OptionSpec>>,
): ParsedOptions {
  const values = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      if (i + 1 < args.length) throw new CliError(`nlts raw ${cmd}: unexpected argument "${args[i + 1]}"`);
      break;
    }
    if (arg === '-h') {
      values.set('help', ['']);
      continue;
    }
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new CliError(`nlts raw ${cmd}: unexpected argument "${arg}", try "nlts raw ${cmd} --help"`);
    const name = m[1]!;
    const spec = specs[name];
    if (!spec)
      throw new CliError(`nlts raw ${cmd}: unknown option "--${name}", try "nlts raw ${cmd} --help"`);
    let value = '';
    if (spec.value) {
      if (m[2] !== undefined) value = m[2];
      else {
        const next = args[i + 1];
        if (next === undefined) throw new CliError(`nlts raw ${cmd}: option "--${name}" needs a value`);
        value = next;
        i++;
      }
    } else if (m[2] !== undefined) {
      throw new CliError(`nlts raw ${cmd}: option "--${name}" takes no value`);
    }
    const list = values.get(name);
    if (list && !spec.repeat) throw new CliError(`nlts raw ${cmd}: option "--${name}" given twice`);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  return { values };
}

/** The single value of an option, or undefined. */
export function one(p: ParsedOptions, name: string): string | undefined {
  return p.values.get(name)?.[0];
}

export function all(p: ParsedOptions, name: string): string[] {
  return p.values.get(name) ?? [];
}

export function has(p: ParsedOptions, name: string): boolean {
  return p.values.has(name);
}
