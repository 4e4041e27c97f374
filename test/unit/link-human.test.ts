import { describe, expect, it } from 'vitest';
import { formatFixed, printNum } from '../../src/iproute/human.js';
import { parseGlobalOptions } from '../../src/cli/options.js';

/*
 * Expected strings are what iproute2 6.1's print_num (lib/utils.c) prints
 * for the same counts, width 8 (taken from the C function compiled as is).
 */
const COUNTS = [
  0n,
  999n,
  1000n,
  1125n,
  1135n,
  1234n,
  9999n,
  10000n,
  99999n,
  100000n,
  999999n,
  1000000n,
  1150000n,
  1048576n,
  123456789n,
  1000000000000n,
  18446744073709551615n,
  1023n,
  1024n,
  1536n,
  10240n,
  1073741824n,
];
const SI = [
  '       0 ',
  '     999 ',
  '   1.00k ',
  '   1.12k ',
  '   1.14k ',
  '   1.23k ',
  '  10.00k ',
  '   10.0k ',
  '  100.0k ',
  '    100k ',
  '   1000k ',
  '   1.00M ',
  '   1.15M ',
  '   1.05M ',
  '    123M ',
  '   1.00T ',
  '   18.4E ',
  '   1.02k ',
  '   1.02k ',
  '   1.54k ',
  '   10.2k ',
  '   1.07G ',
];
const IEC = [
  '       0 ',
  '     999 ',
  '    1000 ',
  '  1.10ki ',
  '  1.11ki ',
  '  1.21ki ',
  '  9.76ki ',
  '  9.77ki ',
  '  97.7ki ',
  '  97.7ki ',
  '   977ki ',
  '   977ki ',
  '  1.10Mi ',
  '  1.00Mi ',
  '   118Mi ',
  '   931Gi ',
  '  16.0Ei ',
  '    1023 ',
  '  1.00ki ',
  '  1.50ki ',
  '  10.0ki ',
  '  1.00Gi ',
];

describe('print_num (-human, -iec)', () => {
  it('without -human: the count right-aligned, then a space (-iec alone changes nothing)', () => {
    expect(printNum(8, 1234567n)).toBe(' 1234567 ');
    expect(printNum(3, 1234567n, { iec: true })).toBe('1234567 ');
  });
  it('-human: powers of 1000 with k M G T P E, 2/1/0 decimals, as ip 6.1', () => {
    expect(COUNTS.map((c) => printNum(8, c, { human: true }))).toEqual(SI);
  });
  it('-human -iec: powers of 1024 and an "i" after the prefix, as ip 6.1', () => {
    expect(COUNTS.map((c) => printNum(8, c, { human: true, iec: true }))).toEqual(IEC);
  });
  it('formatFixed rounds the exact binary value half to even, like glibc printf', () => {
    expect(formatFixed(1.125, 2)).toBe('1.12');
    expect(formatFixed(1.375, 2)).toBe('1.38');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(0.1, 1)).toBe('0.1');
    expect(formatFixed(123.456, 0)).toBe('123');
  });
});

describe('global options -h/-human/-iec and -f bridge|mpls (ip.c order)', () => {
  it('"-h", "-hu", "-human", "-human-readable" set human; -iec sets iec', () => {
    for (const o of ['-h', '-hu', '-human', '-human-readable', '--human'])
      expect(parseGlobalOptions([o, 'link']).opts.human, o).toBe(true);
    expect(parseGlobalOptions(['-iec', 'link']).opts).toMatchObject({ iec: true, human: false });
    expect(parseGlobalOptions(['link']).opts).toMatchObject({ iec: false, human: false });
    // -help is still reachable by a longer prefix.
    expect(parseGlobalOptions(['-help']).opts.help).toBe(true);
  });
  it('-f bridge, -f mpls, -B and -M set AF_BRIDGE (7) / AF_MPLS (28); -f ipx is refused as ip does', () => {
    expect(parseGlobalOptions(['-f', 'bridge', 'link']).opts.family).toBe(7);
    expect(parseGlobalOptions(['-family', 'mpls', 'link']).opts.family).toBe(28);
    expect(parseGlobalOptions(['-B', 'link']).opts.family).toBe(7);
    expect(parseGlobalOptions(['-M', 'link']).opts.family).toBe(28);
    expect(() => parseGlobalOptions(['-f', 'ipx', 'link'])).toThrow(
      'Error: argument "ipx" is wrong: invalid protocol family',
    );
  });
});
