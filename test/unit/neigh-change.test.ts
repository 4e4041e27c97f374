import { describe, expect, it } from 'vitest';
import { IprouteNames } from '../../src/iproute/names.js';
import { parseNeighModify } from '../../src/commands/neigh/change.js';
import { parseNeighFilter } from '../../src/iproute/neigh-filter.js';
import { decodeNeigh, encodeNeighChange } from '../../src/netlink/route/neigh.js';
import {
  NDA_DST,
  NDA_LLADDR,
  NDA_PROTOCOL,
  NTF_PROXY,
  NTF_ROUTER,
  NUD_PERMANENT,
  NUD_STALE,
} from '../../src/netlink/gen/neighbour.js';
import { cliErrorOf } from '../support/cli-error.js';

const names = IprouteNames.fromTexts({}, false);

describe('neigh change: encoder and argument parsing', () => {
  it('encodes struct ndmsg and attributes in ip order (protocol, dst, lladdr)', () => {
    const b = encodeNeighChange({
      family: 2,
      ifindex: 7,
      state: NUD_STALE,
      flags: NTF_ROUTER,
      protocols: [4],
      dst: Uint8Array.of(10, 0, 0, 1),
      lladdr: Uint8Array.of(2, 0, 0, 0, 0, 1),
    });
    const n = decodeNeigh(b);
    expect([n.family, n.ifindex, n.state, n.flags]).toEqual([2, 7, NUD_STALE, NTF_ROUTER]);
    expect([...n.attrs.keys()]).toEqual([NDA_PROTOCOL, NDA_DST, NDA_LLADDR]);
    expect([...n.attrs.get(NDA_DST)!.data]).toEqual([10, 0, 0, 1]);
    expect(b.length).toBe(12 + 8 + 8 + 12);
  });

  it('parses like ipneigh_modify: defaults to PERMANENT, proxy takes the address', () => {
    const m = parseNeighModify(['10.0.0.1', 'lladdr', '2:0:0:0:0:1', 'dev', 'x'], 0, names);
    expect(m.dev).toBe('x');
    expect(m.change.state).toBe(NUD_PERMANENT);
    expect([...m.change.lladdr!]).toEqual([2, 0, 0, 0, 0, 1]);
    const p = parseNeighModify(['proxy', 'fe80::1', 'dev', 'x'], 0, names);
    expect(p.change.family).toBe(10);
    expect(p.change.flags & NTF_PROXY).toBe(NTF_PROXY);
    const n = parseNeighModify(['10.0.0.1', 'lladdr', 'null', 'dev', 'x', 'nud', 'stale'], 0, names);
    expect(n.change.lladdr).toBeUndefined();
    expect(n.change.state).toBe(NUD_STALE);
  });

  it("gives ip's messages and exit statuses", () => {
    expect(cliErrorOf(() => parseNeighModify(['10.0.0.1'], 0, names))).toMatchObject({
      message: 'Device and destination are required arguments.',
      exitCode: 255,
    });
    expect(
      cliErrorOf(() => parseNeighModify(['10.0.0.1', 'dev', 'x', 'lladdr', 'q'], 0, names)),
    ).toMatchObject({
      message: '"q" is invalid lladdr.',
      exitCode: 1,
    });
    expect(
      cliErrorOf(() => parseNeighModify(['10.0.0.1', 'dev', 'x', 'protocol', 'zz'], 0, names)).message,
    ).toBe('Error: argument "zz" is wrong: "protocol" value is invalid\n\n');
    expect(cliErrorOf(() => parseNeighModify(['all', 'dev', 'x'], 0, names)).exitCode).toBe(255);
  });

  it('flush filters leave PERMANENT and NOARP alone unless asked', () => {
    const f = parseNeighFilter(['dev', 'x'], 0, names, true);
    expect(f.state & 0x80).toBe(0);
    expect(f.state & 0x40).toBe(0);
    expect(f.state & 0x02).toBe(0x02);
    const all = parseNeighFilter(['nud', 'all'], 0, names, true);
    expect(all.state & 0x40).toBe(0);
    expect(all.state & 0x80).toBe(0x80);
  });
});
