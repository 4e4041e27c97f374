import { CliError } from '../iproute/errors.js';
import { matches } from '../iproute/parse.js';
import type { GlobalOptions } from '../commands/env.js';
export type { ColorMode, GlobalOptions } from '../commands/env.js';
import { AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS, AF_PACKET, AF_UNSPEC } from '../netlink/gen/socket.js';

const FAMILIES: Record<string, number> = {
  inet: AF_INET,
  inet6: AF_INET6,
  link: AF_PACKET,
  // read_family (lib/utils.c): `ip -f bridge|mpls link` lists every link as plain `ip link` does.
  mpls: AF_MPLS,
  bridge: AF_BRIDGE,
};

export function defaultOptions(): GlobalOptions {
  return {
    json: false,
    pretty: false,
    brief: false,
    stats: 0,
    details: 0,
    oneline: false,
    netns: null,
    color: 'auto',
    family: AF_UNSPEC,
    numeric: false,
    human: false,
    iec: false,
    help: false,
    version: false,
    record: null,
    replay: null,
    batch: null,
    force: false,
    timestamp: false,
    timestampShort: false,
    all: false,
    rcvbuf: null,
  };
}

/** ip's exit status for an unknown global option or object (exit(-1)). */
export const EXIT_BAD_OPTION = 255;

function needArg(argv: string[], i: number, opt: string): string {
  const v = argv[i + 1];
  if (v === undefined) throw new CliError(`Option "${opt}" requires an argument`, EXIT_BAD_OPTION);
  return v;
}

/**
 * `--record[=FILE]` / `--replay[=FILE]`: the option's name and its value when
 * given with "="; null for any other word. (Not a regular expression: this
 * runs on every start with an option, and compiling one cost more than the
 * command's own parsing.)
 */
function recordReplayOption(word: string): { name: 'record' | 'replay'; value: string | undefined } | null {
  for (const flag of ['--record', '--replay'] as const) {
    const name = flag === '--record' ? 'record' : 'replay';
    if (word === flag) return { name, value: undefined };
    if (word.startsWith(flag + '=')) return { name, value: word.slice(flag.length + 1) };
  }
  return null;
}

/**
 * Parse leading global options the way ip does: a single or double dash,
 * any unambiguous-by-order prefix ("-s", "-stat", "-statistics"), options
 * before the object. Returns the options and the remaining words.
 */
export function parseGlobalOptions(argv: string[]): { opts: GlobalOptions; rest: string[] } {
  const opts = defaultOptions();
  let i = 0;
  for (; i < argv.length; i++) {
    const orig = argv[i]!;
    if (orig === '--') {
      i++;
      break;
    }
    if (!orig.startsWith('-') || orig === '-') break;
    // nlts's own long options first: they take a value, also as --opt=value.
    const long = recordReplayOption(orig);
    if (long) {
      const value = long.value ?? needArg(argv, i, orig);
      if (long.value === undefined) i++;
      if (long.name === 'record') opts.record = value;
      else opts.replay = value;
      continue;
    }
    if (orig === '--help') {
      opts.help = true;
      continue;
    }
    // GNU spelling of ip's -Version (ip.c has only the single-dash form).
    if (orig === '--version') {
      opts.version = true;
      continue;
    }
    const opt = orig.startsWith('--') ? orig.slice(1) : orig;
    if (matches(opt, '-loops')) {
      needArg(argv, i, orig);
      i++;
    } else if (matches(opt, '-family')) {
      const f = needArg(argv, i++, orig);
      const fam = FAMILIES[f];
      if (fam === undefined)
        throw new CliError(`Error: argument "${f}" is wrong: invalid protocol family`, EXIT_BAD_OPTION);
      opts.family = fam;
    } else if (opt === '-4') opts.family = AF_INET;
    else if (opt === '-6') opts.family = AF_INET6;
    else if (opt === '-0') opts.family = AF_PACKET;
    else if (opt === '-M') opts.family = AF_MPLS;
    else if (opt === '-B') opts.family = AF_BRIDGE;
    // Tested before -help, as ip.c does: "-h" is -human.
    else if (matches(opt, '-human') || matches(opt, '-human-readable')) opts.human = true;
    else if (matches(opt, '-iec')) opts.iec = true;
    else if (matches(opt, '-stats') || matches(opt, '-statistics')) opts.stats++;
    else if (matches(opt, '-details')) opts.details++;
    else if (matches(opt, '-resolve')) {
      /* accepted: nlts does not resolve names through DNS */
    } else if (matches(opt, '-oneline')) opts.oneline = true;
    else if (matches(opt, '-timestamp')) opts.timestamp = true;
    else if (matches(opt, '-tshort')) {
      opts.timestamp = true;
      opts.timestampShort = true;
    } else if (matches(opt, '-Version')) opts.version = true;
    else if (matches(opt, '-force')) opts.force = true;
    else if (matches(opt, '-batch')) {
      opts.batch = needArg(argv, i++, orig);
    } else if (matches(opt, '-brief')) opts.brief = true;
    else if (matches(opt, '-json')) opts.json = true;
    else if (matches(opt, '-pretty')) opts.pretty = true;
    else if (matches(opt, '-rcvbuf')) {
      const v = needArg(argv, i++, orig);
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0)
        throw new CliError(`Error: argument "${v}" is wrong: rcvbuf size`, EXIT_BAD_OPTION);
      opts.rcvbuf = n;
    } else if (parseColor(opt, opts)) {
      /* set */
    } else if (matches(opt, '-help')) opts.help = true;
    else if (matches(opt, '-netns')) {
      opts.netns = needArg(argv, i++, orig);
    } else if (matches(opt, '-Numeric')) opts.numeric = true;
    else if (matches(opt, '-all')) opts.all = true;
    else if (matches(opt, '-echo')) {
      /* accepted for compatibility */
    } else {
      throw new CliError(`Option "${orig}" is unknown, try "nlts -help".`, EXIT_BAD_OPTION);
    }
  }
  return { opts, rest: argv.slice(i) };
}

/** iproute2's matches_color: -c / -color alone mean "always"; =auto|always|never. */
function parseColor(opt: string, opts: GlobalOptions): boolean {
  const eq = opt.indexOf('=');
  const name = eq < 0 ? opt : opt.slice(0, eq);
  if (!matches(name, '-color')) return false;
  const value = eq < 0 ? '' : opt.slice(eq + 1);
  if (value === '' || value === 'always') opts.color = 'always';
  else if (value === 'auto') opts.color = 'auto';
  else if (value === 'never') opts.color = 'never';
  else throw new CliError(`Option "${opt}" is unknown, try "nlts -help".`, EXIT_BAD_OPTION);
  return true;
}

/** Colour applies to text output only; NO_COLOR (https://no-color.org) turns "auto" off. */
export function colorEnabled(
  opts: GlobalOptions,
  isTTY: boolean | (() => boolean),
  env: NodeJS.ProcessEnv,
): boolean {
  if (opts.json || opts.color === 'never') return false;
  if (opts.color === 'always') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return typeof isTTY === 'function' ? isTTY() : isTTY;
}
