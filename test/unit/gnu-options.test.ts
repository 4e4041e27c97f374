// The one GNU-style option parser of raw, dropwatch, genl and monitor (node:util parseArgs underneath).
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/iproute/errors.js';
import { choice, parseGnuOptions, seconds, uint, type GnuCommand } from '../../src/commands/gnu-options.js';

const SPEC: GnuCommand = {
  name: 'nlts demo',
  hint: 'nlts demo --help',
  options: [
    { name: 'proto', value: 'NAME', help: 'a protocol' },
    { name: 'count', short: 'c', value: 'N', parse: uint({ min: 1 }), help: 'how many' },
    { name: 'max', value: 'N', parse: uint({ max: 32, hex: true }) },
    { name: 'wait', value: 'S', parse: seconds() },
    { name: 'mode', value: 'M', parse: choice('fast', 'slow'), default: 'slow' },
    { name: 'group', value: 'G', parse: uint(), repeat: true },
    { name: 'verbose', help: 'say more' },
    { name: 'rcvbuf', aliases: ['-rcvbuf'], value: 'BYTES' },
    { name: 'tshort', aliases: ['-ts'] },
  ],
};
const WITH_WORDS: GnuCommand = { ...SPEC, operands: true };

function usageError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    const c = e as CliError;
    expect(c.exitCode).toBe(255);
    expect(c.kind).toBe('usage');
    expect(c.message).not.toContain('\n');
    return c;
  }
  throw new Error('no error');
}

describe('parseGnuOptions', () => {
  it('takes --opt VALUE and --opt=VALUE alike, and -c N / -cN for a short alias', () => {
    const a = parseGnuOptions(SPEC, ['--proto', 'route', '--count', '3', '--verbose']);
    const b = parseGnuOptions(SPEC, ['--proto=route', '--count=3', '--verbose']);
    for (const p of [a, b]) {
      expect(p.help).toBe(false);
      expect(p.get('proto')).toBe('route');
      expect(p.get<number>('count')).toBe(3);
      expect(p.has('verbose')).toBe(true);
      expect(p.has('wait')).toBe(false);
      expect(p.get('mode')).toBe('slow'); // the default
      expect(p.has('mode')).toBe(false);
    }
    expect(parseGnuOptions(SPEC, ['-c', '4']).get<number>('count')).toBe(4);
    expect(parseGnuOptions(SPEC, ['-c4']).get<number>('count')).toBe(4);
    expect(parseGnuOptions(SPEC, ['--proto=']).get('proto')).toBe('');
    expect(parseGnuOptions(SPEC, ['--proto', '--verbose']).get('proto')).toBe('--verbose');
  });

  it('typed values: numbers (hex where allowed), seconds, choices', () => {
    const p = parseGnuOptions(SPEC, ['--max', '0x20', '--wait', '1.5', '--mode', 'fast']);
    expect(p.get<number>('max')).toBe(32);
    expect(p.get<number>('wait')).toBe(1.5);
    expect(p.get('mode')).toBe('fast');
  });

  it('repeatable options collect every value in order', () => {
    const p = parseGnuOptions(SPEC, ['--group', '1', '--group=7', '--group', '3']);
    expect(p.all<number>('group')).toEqual([1, 7, 3]);
    expect(parseGnuOptions(SPEC, []).all('group')).toEqual([]);
  });

  it('ip-style one-dash aliases, but not where the word is a value', () => {
    const p = parseGnuOptions(SPEC, ['-rcvbuf', '4M', '-ts']);
    expect(p.get('rcvbuf')).toBe('4M');
    expect(p.has('tshort')).toBe(true);
    expect(parseGnuOptions(SPEC, ['--proto', '-ts']).get('proto')).toBe('-ts');
  });

  it('-- ends the options: what follows is words', () => {
    const p = parseGnuOptions(WITH_WORDS, ['a', '--verbose', 'b', '--', '--proto', '-ts']);
    expect(p.operands).toEqual(['a', 'b', '--proto', '-ts']);
    expect(p.has('verbose')).toBe(true);
    expect(p.has('proto')).toBe(false);
    expect(parseGnuOptions(SPEC, ['--verbose', '--']).operands).toEqual([]);
    expect(usageError(() => parseGnuOptions(SPEC, ['--', 'x'])).message).toBe(
      'Argument "x" is unknown, try "nlts demo --help".',
    );
  });

  it('an unknown option, in either style', () => {
    for (const argv of [['--bogus'], ['--bogus=1'], ['--verbose', '--bogus', 'x']]) {
      expect(usageError(() => parseGnuOptions(SPEC, argv)).message).toBe(
        'Option "--bogus" is unknown, try "nlts demo --help".',
      );
    }
    expect(usageError(() => parseGnuOptions(SPEC, ['-x'])).message).toBe(
      'Option "-x" is unknown, try "nlts demo --help".',
    );
    expect(usageError(() => parseGnuOptions(SPEC, ['--verbose=yes'])).message).toBe(
      'Option "--verbose" takes no argument',
    );
  });

  it('a missing value', () => {
    expect(usageError(() => parseGnuOptions(SPEC, ['--proto'])).message).toBe(
      'Option "--proto" requires an argument',
    );
    expect(usageError(() => parseGnuOptions(SPEC, ['--verbose', '-c'])).message).toBe(
      'Option "--count" requires an argument',
    );
  });

  it('a bad number, seconds or choice', () => {
    const bad = (argv: string[]): string => usageError(() => parseGnuOptions(SPEC, argv)).message;
    expect(bad(['--count', 'x'])).toBe('Invalid value "x" for "--count": expected a whole number >= 1');
    expect(bad(['--count=-1'])).toBe('Invalid value "-1" for "--count": expected a whole number >= 1');
    expect(bad(['--count', '0'])).toBe('Invalid value "0" for "--count": out of range (1-4294967295)');
    expect(bad(['--max', '33'])).toBe('Invalid value "33" for "--max": out of range (0-32)');
    expect(bad(['--group', '1', '--group', '1e3'])).toBe(
      'Invalid value "1e3" for "--group": expected a whole number',
    );
    expect(bad(['--wait', '1s'])).toBe('Invalid value "1s" for "--wait": expected seconds');
    expect(bad(['--mode', 'warp'])).toBe('Invalid value "warp" for "--mode": expected fast or slow');
  });

  it('a single-valued option given twice', () => {
    expect(usageError(() => parseGnuOptions(SPEC, ['--proto', 'a', '--proto=b'])).message).toBe(
      'Option "--proto" is given twice',
    );
  });

  it('words where none are taken', () => {
    expect(usageError(() => parseGnuOptions(SPEC, ['--verbose', 'extra'])).message).toBe(
      'Argument "extra" is unknown, try "nlts demo --help".',
    );
  });

  it('-h/--help: the command help (or the help made from the option list) goes to the output given', () => {
    let out = '';
    const sink = { write: (s: string) => (out += s) };
    const p = parseGnuOptions({ ...SPEC, helpText: 'Usage: nlts demo [ --proto NAME ]\n' }, ['--help'], sink);
    expect(p.help).toBe(true);
    expect(out).toBe('Usage: nlts demo [ --proto NAME ]\n');
    out = '';
    expect(parseGnuOptions(SPEC, ['--count', '2', '-h'], sink).help).toBe(true);
    expect(out).toMatch(/^Usage: nlts demo \[options\]/);
    expect(out).toMatch(/-c, --count <N> +how many/);
    expect(out).toMatch(/--mode <M> .*\(default: "slow"\)/);
  });

  it('never writes to stderr nor exits the process', () => {
    const exit = process.exit;
    const write = process.stderr.write;
    let touched = false;
    process.exit = (() => {
      touched = true;
    }) as typeof process.exit;
    process.stderr.write = (() => {
      touched = true;
      return true;
    }) as typeof process.stderr.write;
    try {
      for (const argv of [['--bogus'], ['--proto'], ['--count', 'x'], ['x'], ['-h']]) {
        try {
          parseGnuOptions(SPEC, argv);
        } catch {
          /* a CliError */
        }
      }
    } finally {
      process.exit = exit;
      process.stderr.write = write;
    }
    expect(touched).toBe(false);
  });
});
