import { describe, expect, it } from 'vitest';
import { colorEnabled, parseGlobalOptions } from '../../src/cli/options.js';
import { CliError } from '../../src/iproute/errors.js';
import { commandLineWithoutRecord } from '../../src/cli/main.js';

describe('global options like ip', () => {
  it('--version and --help are the GNU spellings of -Version and -help', () => {
    expect(parseGlobalOptions(['--version']).opts.version).toBe(true);
    expect(parseGlobalOptions(['--help']).opts.help).toBe(true);
    expect(parseGlobalOptions(['-V', 'link']).rest).toEqual(['link']);
    // Only exact: "--vers" is not an abbreviation nlts accepts.
    expect(() => parseGlobalOptions(['--vers'])).toThrow(CliError);
  });
  it('parses abbreviations in ip order', () => {
    const { opts, rest } = parseGlobalOptions([
      '-s',
      '-s',
      '-d',
      '-br',
      '-j',
      '-p',
      '-o',
      '-n',
      'ns1',
      'link',
      'show',
    ]);
    expect(opts).toMatchObject({
      stats: 2,
      details: 1,
      brief: true,
      json: true,
      pretty: true,
      oneline: true,
      netns: 'ns1',
    });
    expect(rest).toEqual(['link', 'show']);
    expect(parseGlobalOptions(['--json', '-statistics', '-details']).opts).toMatchObject({
      json: true,
      stats: 1,
      details: 1,
    });
  });
  it('-b is -batch, as in ip (so -br must be spelled out)', () => {
    expect(parseGlobalOptions(['-b', 'x']).opts.batch).toBe('x');
    expect(parseGlobalOptions(['-br', 'link']).opts).toMatchObject({ brief: true, batch: null });
    expect(parseGlobalOptions(['-force', '-batch', '-']).opts).toMatchObject({ force: true, batch: '-' });
    expect(() => parseGlobalOptions(['-batch'])).toThrow(CliError);
  });
  it('colour: -c means always; =auto|never; JSON never colours; NO_COLOR turns auto off', () => {
    expect(parseGlobalOptions(['-c']).opts.color).toBe('always');
    expect(parseGlobalOptions(['-color=never']).opts.color).toBe('never');
    expect(parseGlobalOptions(['--color=auto']).opts.color).toBe('auto');
    const auto = parseGlobalOptions([]).opts;
    expect(colorEnabled(auto, true, {})).toBe(true);
    expect(colorEnabled(auto, true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(auto, false, {})).toBe(false);
    expect(colorEnabled({ ...auto, color: 'always', json: true }, true, {})).toBe(false);
  });
  it('unknown options exit 255 with ip-like text', () => {
    try {
      parseGlobalOptions(['-zzz']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode).toBe(255);
      expect((e as CliError).message).toBe('Option "-zzz" is unknown, try "nlts -help".');
    }
  });
  it('--record/--replay take a value', () => {
    expect(parseGlobalOptions(['--record', 'f.json', 'link']).opts.record).toBe('f.json');
    expect(parseGlobalOptions(['--replay=f.json', 'link']).opts.replay).toBe('f.json');
    expect(commandLineWithoutRecord(['--record', 'f', '-j', 'link'])).toBe('nlts -j link');
  });
});
