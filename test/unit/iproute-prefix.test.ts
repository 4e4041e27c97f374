import { describe, expect, it } from 'vitest';
import { getU32, getU8, getUnsigned, invarg, strtoul } from '../../src/iproute/parse.js';
import { getAddr, getPrefix, parseAddr, parsePrefix } from '../../src/iproute/prefix.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../src/netlink/gen/socket.js';
import { cliErrorOf } from '../support/cli-error.js';

/**
 * get_prefix(…, AF_UNSPEC) as ip 6.1 parses it, established by running
 * `ip -n NS rule add from ARG` / `ip -n NS route add ARG dev d0` in a
 * namespace: [argument, family, bitlen] or [argument, null] for ip's
 * 'Error: any valid prefix is expected rather than "ARG".' (exit 1).
 */
const PREFIXES: [string, number, number][] = [
  ['1.2.3.4/255.255.0.0', AF_INET, 16], // ip rule add: "from 1.2.3.4/16"
  ['1.2.3.4/+8', AF_INET, 8], // ip rule add: "from 1.2.3.4/8"
  ['1.2.3.4/0x10', AF_INET, 16], // ip rule add: "to 1.2.3.4/16"
  ['10.32.0.0/0x10', AF_INET, 16],
  ['10.33.0.0/020', AF_INET, 16],
  ['10.34.0.0/ +16', AF_INET, 16],
  ['10.11.0.0/-0', AF_INET, 0], // parsed; the kernel then refuses the prefix
  [' 10.30.0.0/16', AF_INET, 16],
  ['0x0a.31/16', AF_INET, 16],
  ['10.8', AF_INET, 32],
  ['default', AF_UNSPEC, 0],
  ['any', AF_UNSPEC, 0],
  ['all', AF_UNSPEC, 0],
  ['2001:db8::/32', AF_INET6, 32],
];
const BAD_PREFIXES = [
  'all/8',
  '1.2.3.4/255.0.255.0',
  '10.10.0.0/',
  '1.2/',
  'default/0',
  '1.2.3.4/33',
  '1.2.3.4/-1',
];

describe('iproute prefix parser (get_prefix)', () => {
  it.each(PREFIXES)('%s', (arg, family, bitlen) => {
    const p = getPrefix(arg, AF_UNSPEC);
    expect(p.family).toBe(family);
    expect(p.bitlen).toBe(bitlen);
  });
  it.each(BAD_PREFIXES)('%s is refused with ip message', (arg) => {
    const e = cliErrorOf(() => getPrefix(arg, AF_UNSPEC));
    expect(e.message).toBe(`Error: any valid prefix is expected rather than "${arg}".`);
    expect(e.exitCode).toBe(1);
  });
  it('family checks and messages', () => {
    expect(parsePrefix('10.0.0.0/8', AF_INET6)).toBeNull();
    expect(cliErrorOf(() => getPrefix('::1', AF_INET)).message).toBe(
      'Error: inet prefix is expected rather than "::1".',
    );
    expect(cliErrorOf(() => getPrefix('1.2.3.4', 17)).message).toBe(
      'Error: "1.2.3.4" may be inet prefix, but it is not allowed in this context.',
    );
    expect(cliErrorOf(() => getAddr('x', AF_INET6)).message).toBe(
      'Error: inet6 address is expected rather than "x".',
    );
  });
  it('default/any/all as get_addr_1 makes them', () => {
    expect(parseAddr('default', AF_INET)).toMatchObject({ bitlen: -2, lenSpecified: true, isDefault: true });
    expect(parseAddr('default', AF_INET)!.bytes.length).toBe(4);
    expect(parseAddr('any', AF_INET6)).toMatchObject({ family: AF_INET6, bitlen: -2, lenSpecified: false });
    expect(parseAddr('any', AF_INET6)!.bytes.length).toBe(0);
    expect(parseAddr('default', 28)).toBeNull();
    expect(parsePrefix('default', AF_INET)).toMatchObject({ bitlen: 0, lenSpecified: true });
    expect(parsePrefix('1.2.3.4/24', AF_INET)).toMatchObject({ bitlen: 24, lenSpecified: true });
    expect(parsePrefix('1.2.3.4', AF_INET)).toMatchObject({ bitlen: 32, lenSpecified: false });
    expect(getAddr('1.2.3.4', AF_UNSPEC).bitlen).toBe(-1);
  });
});

describe('iproute numeric parsers', () => {
  it('strtoul semantics', () => {
    expect(strtoul(' +0x1fz')).toEqual({ value: 31, end: 6 });
    expect(strtoul('0x')).toEqual({ value: 0, end: 1 });
    expect(strtoul('abc')).toEqual({ value: 0, end: 0 });
    expect(strtoul('-1').value).toBeGreaterThan(0xffffffff);
    expect(strtoul('-0').value).toBe(0);
  });
  it('get_u32 / get_u8 / get_unsigned', () => {
    expect(getU32('4294967295')).toBe(0xffffffff);
    expect(getU32('4294967296')).toBeUndefined();
    expect(getU32('010')).toBe(8);
    expect(getU32('0x10')).toBe(16);
    expect(getU32('+5')).toBe(5);
    expect(getU32('')).toBeUndefined();
    expect(getU32('5 ')).toBeUndefined();
    expect(getU8('256')).toBeUndefined();
    expect(getUnsigned('ff', 16)).toBe(255);
  });
  it('invarg wording and exit status', () => {
    const e = cliErrorOf(() => invarg('"tos" value is invalid', 'x'));
    expect(e.message).toBe('Error: argument "x" is wrong: "tos" value is invalid');
    expect(e.exitCode).toBe(255);
  });
});
