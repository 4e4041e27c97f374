import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { decodeNeigh, encodeNeighDumpRequest } from '../../src/netlink/route/neigh.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import { renderNeigh } from '../../src/commands/neigh/render.js';
import { parseNeighFilter } from '../../src/iproute/neigh-filter.js';
import { nudStateA2n } from '../../src/iproute/nud.js';
import { IprouteNames } from '../../src/iproute/names.js';
import {
  NDA_CACHEINFO,
  NDA_DST,
  NDA_LLADDR,
  NDA_PROBES,
  NTF_PROXY,
  NTF_ROUTER,
  NUD_REACHABLE,
} from '../../src/netlink/gen/neighbour.js';

const names = IprouteNames.fromTexts({}, false);

function neigh(
  family: number,
  ifindex: number,
  state: number,
  flags: number,
  attrs: (e: AttributeEncoder) => void,
): Uint8Array {
  const e = new AttributeEncoder();
  attrs(e);
  const body = e.finish();
  const out = new Uint8Array(12 + body.length);
  const dv = new DataView(out.buffer);
  dv.setUint8(0, family);
  dv.setInt32(4, ifindex, true);
  dv.setUint16(8, state, true);
  dv.setUint8(10, flags);
  out.set(body, 12);
  return out;
}

function render(payload: Uint8Array, json: boolean, stats = 0): string {
  const out = new StringOutput();
  const p = new Printer(out, { json });
  p.startDocument();
  renderNeigh(p, decodeNeigh(payload), {
    stats,
    brief: false,
    devFiltered: false,
    nameOf: (i) => (i === 3 ? 'v0' : undefined),
    typeOf: () => 1,
    names,
  });
  p.endDocument();
  return out.text;
}

describe('neigh codec and renderer', () => {
  it('the dump request carries family, proxy flag and device filter', () => {
    const b = encodeNeighDumpRequest({ family: 2, flags: NTF_PROXY, ifindex: 3 });
    expect([...b]).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 8, 0, 8, 0, 3, 0, 0, 0]);
  });

  const m = neigh(10, 3, NUD_REACHABLE, NTF_ROUTER, (e) => {
    e.bytes(NDA_DST, Uint8Array.of(0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2));
    e.bytes(NDA_LLADDR, Uint8Array.of(2, 0, 0, 0, 1, 2));
    e.bytes(NDA_CACHEINFO, new Uint8Array(new Uint32Array([1000, 250, 99, 1]).buffer));
    e.u32(NDA_PROBES, 4);
    e.u32(99, 7); // unknown: kept, not printed
  });

  it('prints like ip neigh, text and JSON', () => {
    expect(render(m, false)).toBe('fd00::2 dev v0 lladdr 02:00:00:00:01:02 router REACHABLE \n');
    expect(JSON.parse(render(m, true))).toEqual([
      { dst: 'fd00::2', dev: 'v0', lladdr: '02:00:00:00:01:02', router: null, state: ['REACHABLE'] },
    ]);
    expect(decodeNeigh(m).attrs.has(99)).toBe(true);
  });

  it("-s adds ref, used/confirmed/updated in seconds and probes (with ip's missing space)", () => {
    expect(render(m, false, 1)).toBe(
      'fd00::2 dev v0 lladdr 02:00:00:00:01:02 router  ref 1 used 2/10/0probes 4 REACHABLE \n',
    );
  });

  it('unknown devices are if<N>', () => {
    expect(
      render(
        neigh(2, 9, 0x80, 0, (e) => e.bytes(NDA_DST, Uint8Array.of(10, 0, 0, 1))),
        false,
      ),
    ).toBe('10.0.0.1 dev if9 PERMANENT \n');
  });
});

describe('neigh selectors', () => {
  it('nud names and numbers like nud_state_a2n', () => {
    expect([
      nudStateA2n('perm'),
      nudStateA2n('stale'),
      nudStateA2n('0x10'),
      nudStateA2n('3'),
      nudStateA2n('x'),
    ]).toEqual([0x80, 0x04, 0x10, undefined, undefined]);
  });
  it('nud none is 0x100, nud all everything, a prefix sets the family', () => {
    expect(parseNeighFilter(['nud', 'none'], 0, names).state).toBe(0x100);
    expect(parseNeighFilter(['nud', 'all'], 0, names).state).toBe(~0);
    expect(parseNeighFilter(['fd00::/8'], 0, names).family).toBe(10);
    expect(parseNeighFilter([], 0, names).state).toBe(0xbf);
    expect(() => parseNeighFilter(['nud', 'bogus'], 0, names)).toThrow('nud state is bad');
    expect(() => parseNeighFilter(['dev', 'a', 'dev', 'b'], 0, names)).toThrow(
      'Error: duplicate "dev": "b" is the second value.',
    );
  });
});
