/**
 * printf.ts finds conversions with a scanner (a regular expression cost ~0.5 ms
 * of every start). The regular expression it replaced is the oracle here: for
 * any format over printf's alphabet both must split it the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOne, parseFormatForTest } from '../../src/output/printf.js';

const CONVERSION = /%([-0 +#]*)(\d*)(?:\.(\d+))?(?:hh|h|ll|l|z|j|t)?([sdiuxXc%])/g;

function byRegex(fmt: string) {
  let before = '';
  let after = '';
  let found: RegExpExecArray | null = null;
  let last = 0;
  CONVERSION.lastIndex = 0;
  for (let m = CONVERSION.exec(fmt); m; m = CONVERSION.exec(fmt)) {
    const literal = fmt.slice(last, m.index);
    last = m.index + m[0].length;
    if (found) after += literal + (m[4] === '%' ? '%' : '');
    else if (m[4] === '%') before += literal + '%';
    else {
      before += literal;
      found = m;
    }
  }
  if (found) after += fmt.slice(last);
  else before += fmt.slice(last);
  const flags = found?.[1] ?? '';
  return {
    before,
    after,
    conv: found ? found[4]! : null,
    left: flags.includes('-'),
    zero: flags.includes('0'),
    alt: flags.includes('#'),
    width: found?.[2] ? Number(found[2]) : 0,
    precision: found?.[3] !== undefined ? Number(found[3]) : undefined,
  };
}

describe('printf format scanner', () => {
  it.each([
    '%s',
    '%-16s ',
    'mtu %u ',
    '%%',
    '100%% %d',
    '%08x',
    '%#x',
    '%.3s',
    '%5.2d',
    '%hhu %llu',
    '%q %s',
    '%.x',
    '%',
    'a%',
    '%-0 +#12.7lld tail %s',
    'no conversion',
  ])('%j splits as the regular expression does', (fmt) => {
    expect(parseFormatForTest(fmt)).toEqual(byRegex(fmt));
  });

  it('any format over printf characters splits as the regular expression does', () => {
    const piece = fc.constantFrom(
      '%',
      '-',
      '0',
      ' ',
      '+',
      '#',
      '1',
      '9',
      '.',
      'h',
      'l',
      'z',
      'j',
      't',
      's',
      'd',
      'u',
      'x',
      'X',
      'c',
      'q',
      'a',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (chars) => {
        const fmt = chars.join('');
        expect(parseFormatForTest(fmt)).toEqual(byRegex(fmt));
      }),
      { numRuns: 5000 },
    );
  });

  it('formats as before', () => {
    expect(formatOne('%-8s|', 'ab')).toBe('ab      |');
    expect(formatOne('%#x', 255)).toBe('0xff');
    expect(formatOne('%05d', 42)).toBe('00042');
    expect(formatOne('rate %s%%', '5')).toBe('rate 5%');
  });
});
