import { describe, expect, it } from 'vitest';
import { LINK_LLADDR_MAX, NEIGH_LLADDR_MAX, llAddrA2n } from '../../src/iproute/ll-addr.js';
import { cliErrorOf } from '../support/cli-error.js';

describe('ll_addr_a2n (lib/ll_addr.c)', () => {
  it('reads hex pieces as sscanf %x does', () => {
    expect([...llAddrA2n('02:0:a:FF:1:2')]).toEqual([2, 0, 10, 255, 1, 2]);
    expect([...llAddrA2n('0x2:ff:0')]).toEqual([2, 255, 0]);
    expect([...llAddrA2n(' 7:8')]).toEqual([7, 8]);
  });
  it('reads a dotted quad as four bytes (get_addr_1 AF_INET)', () => {
    expect([...llAddrA2n('10.0.0.1')]).toEqual([10, 0, 0, 1]);
    expect([...llAddrA2n('1.2.3.4')]).toEqual([1, 2, 3, 4]);
    expect(cliErrorOf(() => llAddrA2n('1.2.3.400')).message).toBe('"1.2.3.400" is invalid lladdr.');
  });
  it("names the bad piece in ip's words, exit status 1", () => {
    expect(cliErrorOf(() => llAddrA2n('zz:zz')).message).toBe('"zz" is invalid lladdr.');
    const e = cliErrorOf(() => llAddrA2n('02:100'));
    expect(e.message).toBe('"100" is invalid lladdr.');
    expect(e.exitCode).toBe(1);
    expect(cliErrorOf(() => llAddrA2n('1:-1')).message).toBe('"-1" is invalid lladdr.');
  });
  it("stops at the caller's buffer size: iplink's 32 bytes, ipneigh's 20", () => {
    const long = Array.from({ length: 40 }, (_, i) => (i % 256).toString(16)).join(':');
    expect(llAddrA2n(long)).toHaveLength(LINK_LLADDR_MAX);
    expect(llAddrA2n(long, NEIGH_LLADDR_MAX)).toHaveLength(NEIGH_LLADDR_MAX);
    // Pieces past the buffer are not read, so a bad one there is not an error (as in ip).
    expect(llAddrA2n(`${long.split(':').slice(0, 20).join(':')}:zz`, NEIGH_LLADDR_MAX)).toHaveLength(20);
  });
});
