import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AttributeEncoder,
  CodecError,
  fromHex,
  parseMessages,
  toHex,
} from '../../src/netlink/codec/index.js';
import {
  decodeLink,
  encodeGetLinkRequest,
  getLinkRequestFlags,
  type GetLinkRequestOptions,
  type LinkMessage,
} from '../../src/netlink/route/link.js';
import { Printer, type ColorAttr } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import type { LinkRenderContext } from '../../src/commands/link/kinds/context.js';
import { parseIdNameTable, renderLink, renderLinkBrief } from '../../src/commands/link/render.js';
import { IFLA_IFNAME, IFLA_LINK, IFLA_LINK_NETNSID } from '../../src/netlink/gen/if_link.js';
import { RTEXT_FILTER_VF, RTM_DELLINK, RTM_NEWLINK } from '../../src/netlink/gen/rtnetlink.js';

// Fixtures made by test/support/capture_links.py (see the README beside them):
// kernel replies to the exact requests ip sent, and ip's outputs of the same moment.
const dir = fileURLToPath(new URL('../fixtures/unit/link/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');

interface Capture {
  netns: string;
  peerNetns: string;
  peerNsid: number;
  requests: Record<string, { args: string[]; hex: string }>;
}
const capture = JSON.parse(read('capture.json')) as Capture;

function loadLinks(file: string): LinkMessage[] {
  return read(file)
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((hex) => [...parseMessages(fromHex(hex))])
    .map((m) => decodeLink(m.payload, m.type));
}

const dump = loadLinks('dump.hex');

/** ll_map as ip fills it: every link of the namespace by index. */
function contextFor(opts: { stats?: number; details?: number; oneline?: boolean } = {}): LinkRenderContext {
  const byIndex = new Map(dump.map((l) => [l.index, l]));
  return {
    stats: opts.stats ?? 0,
    details: opts.details ?? 0,
    oneline: opts.oneline ?? false,
    nameOf: (i) => byIndex.get(i)?.ifname,
    flagsOf: (i) => byIndex.get(i)?.flags ?? 0,
    netnsNameOf: (nsid) => (nsid === capture.peerNsid ? capture.peerNetns : undefined),
  };
}

/** ip -c with COLORFGBG unset: the light palette of lib/color.c. */
const ANSI: Record<ColorAttr, string> = {
  ifname: '\x1b[36m',
  mac: '\x1b[33m',
  inet: '\x1b[35m',
  inet6: '\x1b[34m',
  up: '\x1b[32m',
  down: '\x1b[31m',
  none: '',
};
const colorize = (attr: ColorAttr, text: string): string => ANSI[attr] + text + '\x1b[0m';

interface RenderOpts {
  json?: boolean;
  pretty?: boolean;
  oneline?: boolean;
  stats?: number;
  details?: number;
  brief?: boolean;
  color?: boolean;
}

function render(links: LinkMessage[], o: RenderOpts = {}): string {
  const out = new StringOutput();
  const p = new Printer(out, {
    json: o.json ?? false,
    pretty: o.pretty,
    oneline: o.oneline,
    colorize: o.color ? colorize : undefined,
  });
  const ctx = contextFor({ stats: o.stats, details: o.details, oneline: o.oneline });
  p.startDocument();
  for (const l of links) {
    if (o.brief) renderLinkBrief(p, l, ctx);
    else renderLink(p, l, ctx);
  }
  p.endDocument();
  return out.text;
}

/** JSON equal in values, types and key order (stringify keeps insertion order). */
function expectSameJson(ours: string, theirs: string): void {
  expect(JSON.parse(ours)).toEqual(JSON.parse(theirs));
  expect(JSON.stringify(JSON.parse(ours))).toBe(JSON.stringify(JSON.parse(theirs)));
}

describe('link fixtures', () => {
  it('hold the links the capture built', () => {
    expect(dump.map((l) => l.ifname)).toEqual([
      'lo',
      'veth0',
      'br0',
      'veth1p',
      'veth1',
      'mv0',
      'vx0',
      'tun0',
      'ifb0',
    ]);
    // ip link show, -s and -d all send the same request, so the replies are the same
    // bytes (but for nlmsg_seq, one per replayed request).
    const payloads = (file: string): string[] => loadLinks(file).map((l) => [...l.attrs.keys()].join());
    expect(payloads('dump-s.hex')).toEqual(payloads('dump.hex'));
    const bodies = (file: string): string[] =>
      read(file)
        .split('\n')
        .filter((l) => l !== '')
        .map((h) => toHex([...parseMessages(fromHex(h))][0]!.payload));
    expect(bodies('dump-s.hex')).toEqual(bodies('dump.hex'));
    expect(bodies('dump-d.hex')).toEqual(bodies('dump.hex'));
  });
});

describe('encodeGetLinkRequest: the request ip sends', () => {
  const br0 = dump.find((l) => l.ifname === 'br0')!.index;
  const cases: Array<[string, GetLinkRequestOptions]> = [
    ['dump', { extMask: RTEXT_FILTER_VF }],
    ['dump-s', { extMask: RTEXT_FILTER_VF }],
    ['dump-d', { extMask: RTEXT_FILTER_VF }],
    ['dev-veth0', { ifname: 'veth0', extMask: RTEXT_FILTER_VF }],
    ['dev-altname', { ifname: 'nlts-uplink-to-the-peer-namespace', extMask: RTEXT_FILTER_VF }],
    ['type-veth', { kind: 'veth', extMask: RTEXT_FILTER_VF }],
    ['master-br0', { master: br0, extMask: RTEXT_FILTER_VF }],
  ];
  for (const [name, opts] of cases) {
    it(`${capture.requests[name]!.args.join(' ')}`, () => {
      const [msg] = [...parseMessages(fromHex(capture.requests[name]!.hex))];
      expect(toHex(encodeGetLinkRequest(opts))).toBe(toHex(msg!.payload));
      expect(getLinkRequestFlags(opts)).toBe(msg!.flags);
    });
  }

  it('sends nothing for a port type, and u32 -1 for nomaster', () => {
    const plain = encodeGetLinkRequest({ extMask: RTEXT_FILTER_VF });
    expect(encodeGetLinkRequest({ kind: 'bridge', slaveKind: true, extMask: RTEXT_FILTER_VF })).toEqual(
      plain,
    );
    const nomaster = encodeGetLinkRequest({ master: -1, extMask: RTEXT_FILTER_VF });
    expect(toHex(nomaster.subarray(plain.length))).toBe('08000a00ffffffff');
  });

  it('asks by index without a name', () => {
    const req = encodeGetLinkRequest({ ifindex: 7, extMask: RTEXT_FILTER_VF });
    expect(toHex(req)).toBe('110000000700000000000000000000000800' + '1d0001000000');
    expect(getLinkRequestFlags({ ifindex: 7, extMask: 1 })).toBe(1);
  });
});

describe('renderLink reproduces ip link show (text)', () => {
  const cases: Array<[string, RenderOpts]> = [
    ['link.txt', {}],
    ['link-s.txt', { stats: 1 }],
    ['link-s-s.txt', { stats: 2 }],
    ['link-d.txt', { details: 1 }],
    ['link-o.txt', { oneline: true }],
    ['link-o-s-s.txt', { oneline: true, stats: 2 }],
    ['link-br.txt', { brief: true }],
    ['link-c.txt', { color: true }],
    ['link-br-c.txt', { brief: true, color: true }],
  ];
  for (const [file, opts] of cases) {
    it(file, () => {
      expect(render(dump, opts)).toBe(read(file));
    });
  }
});

describe('renderLink reproduces ip -j link show', () => {
  const cases: Array<[string, RenderOpts]> = [
    ['link-j.json', {}],
    ['link-j-s.json', { stats: 1 }],
    ['link-j-s-s.json', { stats: 2 }],
    ['link-j-d.json', { details: 1 }],
    ['link-j-d-s-s.json', { details: 1, stats: 2 }],
    ['link-j-br.json', { brief: true }],
  ];
  for (const [file, opts] of cases) {
    it(file, () => {
      const ours = render(dump, { ...opts, json: true });
      expectSameJson(ours, read(file));
      expect(ours).toBe(read(file));
    });
  }

  it('link-j-p.json (pretty)', () => {
    const ours = render(dump, { json: true, pretty: true });
    expectSameJson(ours, read('link-j-p.json'));
    expect(ours).toBe(read('link-j-p.json'));
  });
});

describe('single-link and filtered requests', () => {
  it('ip link show dev veth0', () => {
    const links = loadLinks('dev-veth0.hex');
    expect(links).toHaveLength(1);
    expect(render(links)).toBe(read('dev-veth0.txt'));
    const ours = render(links, { json: true, stats: 2 });
    expectSameJson(ours, read('dev-veth0-j-s-s.json'));
  });

  it('ip link show dev ALTNAME', () => {
    expect(render(loadLinks('dev-altname.hex'))).toBe(read('dev-altname.txt'));
  });

  it('ip link show type veth (filtered by the kernel)', () => {
    expect(render(loadLinks('type-veth.hex'))).toBe(read('type-veth.txt'));
  });

  it('ip link show master br0 (filtered by the kernel)', () => {
    expect(render(loadLinks('master-br0.hex'))).toBe(read('master-br0.txt'));
  });
});

/** A captured link with some attributes replaced or added (top-level, in host order). */
function variant(base: LinkMessage, edit: (enc: AttributeEncoder) => void, drop: number[] = []): LinkMessage {
  const enc = new AttributeEncoder();
  for (const [type, a] of base.attrs)
    if (!drop.includes(type)) enc.raw(type | (a.nested ? 0x8000 : 0), a.data);
  edit(enc);
  const body = enc.finish();
  const payload = new Uint8Array(16 + body.length);
  const dv = new DataView(payload.buffer);
  dv.setUint8(0, base.family);
  dv.setUint16(2, base.type, true);
  dv.setInt32(4, base.index, true);
  dv.setUint32(8, base.flags, true);
  dv.setUint32(12, base.change, true);
  payload.set(body, 16);
  return decodeLink(payload);
}

describe('print_name_and_link rules', () => {
  const br0 = dump.find((l) => l.ifname === 'br0')!;
  const veth1 = dump.find((l) => l.ifname === 'veth1')!;

  it('IFLA_LINK 0 is "@NONE" in text and "link": null in JSON', () => {
    const l = variant(br0, (e) => e.u32(IFLA_LINK, 0));
    expect(render([l]).split('\n')[0]).toMatch(/^3: br0@NONE: </);
    expect(JSON.parse(render([l], { json: true }))[0]).toMatchObject({
      ifindex: 3,
      link: null,
      ifname: 'br0',
    });
    expect(Object.keys(JSON.parse(render([l], { json: true }))[0]).slice(0, 3)).toEqual([
      'ifindex',
      'link',
      'ifname',
    ]);
  });

  it('an unknown lower device is "ifN" and M-DOWN (ll_index_to_flags gives 0)', () => {
    const l = variant(br0, (e) => e.u32(IFLA_LINK, 4242));
    expect(render([l]).split('\n')[0]).toMatch(/^3: br0@if4242: <BROADCAST,MULTICAST,M-DOWN> /);
  });

  it('a lower device that is down adds M-DOWN; link-netnsid suppresses it', () => {
    const onDownLower = variant(veth1, (e) => e.u32(IFLA_LINK, br0.index), [IFLA_LINK]);
    expect(render([onDownLower]).split('\n')[0]).toContain(
      'veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN>',
    );
    const elsewhere = variant(onDownLower, (e) => e.s32(IFLA_LINK_NETNSID, 5));
    expect(render([elsewhere]).split('\n')[0]).toContain(
      `veth1@if${br0.index}: <BROADCAST,MULTICAST,UP,LOWER_UP>`,
    );
    expect(render([elsewhere]).split('\n')[1]).toMatch(/ link-netnsid 5$/);
  });

  it('ip skips a link whose name is not a valid ifname (an empty JSON object remains)', () => {
    const l = variant(br0, (e) => e.string(IFLA_IFNAME, 'bad/name'), [IFLA_IFNAME]);
    expect(render([l])).toBe('');
    expect(render([l], { json: true })).toBe('[{}]\n');
  });
});

describe('RTM_DELLINK', () => {
  it('is prefixed with "Deleted " / "deleted": true', () => {
    const hex = read('dump.hex').split('\n')[0]!;
    const [m] = [...parseMessages(fromHex(hex))];
    expect(m!.type).toBe(RTM_NEWLINK);
    const del = decodeLink(m!.payload, RTM_DELLINK);
    expect(render([del])).toBe('Deleted ' + read('link.txt').split('\n').slice(0, 2).join('\n') + '\n');
    expect(Object.entries(JSON.parse(render([del], { json: true }))[0]!)[0]).toEqual(['deleted', true]);
  });
});

describe('decodeLink', () => {
  it('keeps every attribute, known or not', () => {
    const veth0 = dump.find((l) => l.ifname === 'veth0')!;
    const l = variant(veth0, (e) => e.u32(999, 7));
    expect(l.attrs.get(999)?.data).toEqual(new Uint8Array([7, 0, 0, 0]));
    expect(l.attrs.size).toBe(veth0.attrs.size + 1);
    expect(veth0.kind).toBe('veth');
    expect(veth0.altnames).toEqual(['nlts-up0', 'nlts-uplink-to-the-peer-namespace']);
    expect(veth0.ifalias).toBe('uplink to the peer namespace');
    expect(veth0.linkNetnsid).toBe(capture.peerNsid);
    expect(dump.find((l) => l.ifname === 'veth1')!.slaveKind).toBe('bridge');
    expect(dump[0]!.stats?.rx_bytes).toBeGreaterThan(10_000_000_000n);
  });

  it('throws only CodecError, whatever the bytes', () => {
    const real = read('dump.hex')
      .split('\n')
      .filter((l) => l !== '')
      .map((h) => [...parseMessages(fromHex(h))][0]!.payload);
    const check = (b: Uint8Array): void => {
      try {
        const l = decodeLink(b);
        // getters read nests leniently and never throw
        void [l.ifname, l.mtu, l.kind, l.slaveKind, l.altnames, l.stats, l.master, l.operstate];
      } catch (e) {
        expect(e).toBeInstanceOf(CodecError);
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => check(b)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: real.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (i, cut, at, byte) => {
          const src = real[i]!;
          const b = src.slice(0, cut % (src.length + 1));
          if (b.length) b[at % b.length] = byte;
          check(b);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('renders mutated kernel messages without throwing', () => {
    const real = read('dump.hex')
      .split('\n')
      .filter((l) => l !== '')
      .map((h) => [...parseMessages(fromHex(h))][0]!.payload);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: real.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (i, at, byte) => {
          const b = real[i]!.slice();
          b[16 + (at % (b.length - 16))] = byte;
          let l: LinkMessage;
          try {
            l = decodeLink(b);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
            return;
          }
          for (const o of [
            {},
            { json: true, stats: 2, details: 1 },
            { stats: 2, details: 1 },
            { brief: true },
          ]) {
            render([l], o);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('group names', () => {
  it('reads /etc/iproute2/group the way rtnl_hash_initialize does', () => {
    const t = parseIdNameTable(
      '# comment\n\t 0\tdefault\n0x10 sixteen\n7 seven # trailing\n7 seven-again\n-1 neg\n',
    );
    expect([...t]).toEqual([
      [0, 'default'],
      [16, 'sixteen'],
      [7, 'seven-again'],
    ]);
    expect([...parseIdNameTable('1 one\ngarbage here\n2 two\n')]).toEqual([[1, 'one']]);
    expect([...parseIdNameTable('5five\n0xZZ\n12345\n9 nine\n')]).toEqual([
      [5, 'five'],
      [0, 'xZZ'],
    ]);
  });

  it('uses a group name from the context when given one', () => {
    const mv0 = dump.find((l) => l.ifname === 'mv0')!;
    const out = new StringOutput();
    const p = new Printer(out, { json: false });
    renderLink(p, mv0, { ...contextFor(), groupName: (g: number) => (g === 7 ? 'seven' : undefined) });
    expect(out.text).toContain(' mode DORMANT group seven qlen 1000\n');
  });
});
