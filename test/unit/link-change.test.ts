import { describe, expect, it } from 'vitest';
import { getInteger, getUnsigned } from '../../src/iproute/parse.js';
import { AttributeDecoder, AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { encodeIfinfomsg } from '../../src/netlink/route/link-change.js';
import { parseLinkArgs, type LinkRequest } from '../../src/commands/link/change.js';
import { defaultOptions } from '../../src/cli/options.js';
import { StringOutput } from '../../src/output/output.js';
import type { CommandEnv } from '../../src/commands/env.js';
import type { LinkMessage } from '../../src/netlink/route/link.js';

const env: CommandEnv = {
  opts: defaultOptions(),
  out: new StringOutput(),
  err: new StringOutput(),
  transports: () => {
    throw new Error('no sockets in unit tests');
  },
  colorize: undefined,
  readFile: () => null,
  fact: (_k, c) => c(),
};

/** Links that "exist" for the parser: name -> ifindex. */
const known = new Map([
  ['eth0', 2],
  ['br0', 5],
]);
const getLink = (name: string): LinkMessage | null =>
  known.has(name) ? ({ index: known.get(name)!, attrs: new Map() } as unknown as LinkMessage) : null;

function parse(args: string[], create: boolean): LinkRequest {
  const req: LinkRequest = {
    hdr: { family: 0, ifindex: 0, flags: 0, change: 0 },
    attrs: new AttributeEncoder(),
    create,
    setOp: !create,
  };
  parseLinkArgs(args, req, { env, getLink, getLinkByIndex: () => null, fds: [] });
  return req;
}

describe('link change argument parsing (iplink_parse)', () => {
  it('set dev eth0 up mtu 1400 master br0: header and attributes', () => {
    const req = parse(['dev', 'eth0', 'up', 'mtu', '1400', 'master', 'br0'], false);
    expect(req.hdr).toEqual({ family: 0, ifindex: 2, flags: 1, change: 1 });
    const attrs = AttributeDecoder.all(req.attrs.finish()).map((a) => [a.type, [...a.data]]);
    expect(attrs).toEqual([
      [4, [0x78, 5, 0, 0]], // IFLA_MTU
      [10, [5, 0, 0, 0]], // IFLA_MASTER
    ]);
  });
  it('rename adds IFLA_IFNAME with the new name; arp off sets IFF_NOARP', () => {
    const req = parse(['eth0', 'name', 'wan0', 'arp', 'off'], false);
    expect(req.hdr.flags).toBe(0x80);
    expect(req.hdr.change).toBe(0x80);
    const a = AttributeDecoder.all(req.attrs.finish());
    expect(a.map((x) => x.type)).toEqual([3]);
    expect(new TextDecoder().decode(a[0]!.data)).toBe('wan0\0');
  });
  it('ip messages for bad input', () => {
    expect(() => parse(['dev', 'eth0', 'mtu', 'abc'], false)).toThrow(
      'Error: argument "abc" is wrong: Invalid "mtu" value',
    );
    expect(() => parse(['dev', 'nosuch', 'up'], false)).toThrow('Cannot find device "nosuch"');
    expect(() => parse(['dev', 'eth0', 'junk'], false)).toThrow(
      'Error: either "dev" is duplicate, or "junk" is a garbage.',
    );
    expect(() => parse(['eth0', 'name', 'x'.repeat(16)], false)).toThrow('"name" not a valid ifname');
    expect(() => parse(['up'], false)).toThrow('Not enough information: "dev" argument is required.');
    expect(() => parse(['eth0', 'promisc', 'maybe'], false)).toThrow(
      'Error: argument of "promisc" must be "on" or "off", not "maybe"',
    );
    expect(() => parse(['name', 'a', 'dev', 'b'], true)).toThrow(
      'both "name" and "dev" cannot be used when creating devices.',
    );
    expect(() => parse(['x0', 'link', 'nosuch'], true)).toThrow('Cannot find device "nosuch"');
  });
  it('integers like get_integer', () => {
    expect([
      getInteger('0x10'),
      getInteger('-5'),
      getInteger('1e3'),
      getUnsigned('4294967295'),
      getUnsigned('-1'),
    ]).toEqual([16, -5, undefined, 4294967295, undefined]);
  });
  it('ifinfomsg encoding', () => {
    expect([...encodeIfinfomsg({ family: 0, ifindex: 7, flags: 1, change: 1 }, new Uint8Array(0))]).toEqual([
      0, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
    ]);
  });
});
