import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AttributeDecoder,
  AttributeEncoder,
  AttributeIndex,
  CodecError,
  fromHex,
  parseMessages,
  type Attribute,
} from '../../src/netlink/codec/index.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import type { LinkRenderContext } from '../../src/commands/link/kinds/context.js';
import { printLinkInfo } from '../../src/commands/link/linkinfo.js';
import { inet6 } from '../../src/commands/link/kinds/common.js';
import { IFLA_INFO_DATA, IFLA_INFO_KIND } from '../../src/netlink/gen/if_link.js';

// Fixtures made by test/support/capture_linkinfo.py (see the README beside them).
const dir = fileURLToPath(new URL('../fixtures/unit/linkinfo/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');

const IFLA_IFNAME = 3;
const IFLA_LINKINFO = 18;
const IFINFOMSG_LEN = 16;

interface Link {
  ifindex: number;
  ifname: string;
  linkinfo: Attribute | undefined;
}

/** Each captured RTM_NEWLINK: struct ifinfomsg (ifi_index at offset 4), then the attributes. */
function loadLinks(file: string): Link[] {
  return read(file)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((hex) => [...parseMessages(fromHex(hex))])
    .map((m) => {
      const ifindex = new DataView(m.payload.buffer, m.payload.byteOffset).getInt32(4, true);
      const attrs = new AttributeIndex(m.payload, IFINFOMSG_LEN);
      return {
        ifindex,
        ifname: attrs.string(IFLA_IFNAME) ?? '',
        linkinfo: attrs.get(IFLA_LINKINFO),
      };
    });
}

/** One capture: the dump and ip's three outputs taken at the same moment. */
interface FixtureSet {
  name: string;
  links: Array<Link & { linkinfo: Attribute }>;
  ctx: LinkRenderContext;
  text: string;
  oneline: string;
  jsonRaw: string;
  json: Array<{ ifindex: number; linkinfo?: unknown }>;
}

function loadSet(name: string, prefix: string): FixtureSet {
  const all = loadLinks(`${prefix}messages.hex`);
  const names = new Map(all.map((l) => [l.ifindex, l.ifname]));
  const jsonRaw = read(`${prefix}ip-j-d-link-show.json`).trim();
  const json = JSON.parse(jsonRaw) as FixtureSet['json'];
  return {
    name,
    // Only the links ip was asked about (the timer capture shows one device).
    links: all.filter(
      (l): l is Link & { linkinfo: Attribute } =>
        l.linkinfo !== undefined && json.some((e) => e.ifindex === l.ifindex),
    ),
    ctx: {
      stats: 0,
      details: 1,
      oneline: false,
      nameOf: (i) => names.get(i),
      flagsOf: () => 0,
      netnsNameOf: () => undefined,
    },
    text: read(`${prefix}ip-d-link-show.txt`),
    oneline: read(`${prefix}ip-o-d-link-show.txt`),
    jsonRaw,
    json,
  };
}

const main = loadSet('all kinds, all links down', '');
const timers = loadSet('a bridge with a running gc timer', 'timers-');
const withInfo = main.links;
const ctx = main.ctx;

function render(
  linkinfo: Attribute,
  opts: { json: boolean; oneline?: boolean },
  context: LinkRenderContext = ctx,
): string {
  const out = new StringOutput();
  const p = new Printer(out, opts);
  p.openObject();
  printLinkInfo(p, linkinfo, { ...context, oneline: Boolean(opts.oneline) });
  p.closeObject();
  return out.text;
}

/** ip's text of one link: everything between "maxmtu N " and "addrgenmode" is what print_linktype printed. */
function ipLinkinfoText(all: string, ifindex: number, separator: RegExp): string {
  const block = all.split(separator).find((b) => b.startsWith(`${ifindex}: `));
  if (block === undefined) throw new Error(`no link ${ifindex} in ip output`);
  const m = /maxmtu \d+ ([\s\S]*?)addrgenmode /.exec(block);
  if (!m) throw new Error(`no linkinfo span for link ${ifindex}`);
  return m[1]!;
}

/** The raw `"linkinfo":{...}` member of one link in ip -j's compact output. */
function ipLinkinfoJson(all: string, ifindex: number): string {
  const start = all.indexOf(`{"ifindex":${ifindex},`);
  const at = all.indexOf('"linkinfo":', start);
  if (start < 0 || at < 0) throw new Error(`no linkinfo for link ${ifindex} in ip -j output`);
  let depth = 0;
  let inString = false;
  for (let i = at + '"linkinfo":'.length; i < all.length; i++) {
    const c = all[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return all.slice(at, i + 1);
  }
  throw new Error('unbalanced ip -j output');
}

describe('captured kinds', () => {
  it('has the kinds the fixtures were made for', () => {
    const kinds = new Set(withInfo.map((l) => new AttributeIndex(l.linkinfo.data).string(1)));
    expect([...kinds].sort()).toEqual(['bridge', 'ifb', 'macvlan', 'macvtap', 'tun', 'veth', 'vxlan']);
    expect(withInfo.length).toBeGreaterThanOrEqual(20);
    expect(timers.links.map((l) => l.ifname)).toEqual(['brt']);
    expect(timers.text).toMatch(/gc_timer +[1-9]\d*\.\d\d /);
  });
});

describe.each([main, timers].map((s) => [s.name, s] as const))(
  'printLinkInfo against ip -d link show (iproute2 6.1.0) on captured RTM_NEWLINK: %s',
  (_set, set) => {
    describe.each(set.links.map((l) => [l.ifname, l] as const))('%s', (_name, link) => {
      it('text matches ip -d', () => {
        expect(render(link.linkinfo, { json: false }, set.ctx)).toBe(
          ipLinkinfoText(set.text, link.ifindex, /\n(?=\d+: )/),
        );
      });

      it('one-line text matches ip -o -d', () => {
        expect(render(link.linkinfo, { json: false, oneline: true }, set.ctx)).toBe(
          ipLinkinfoText(set.oneline, link.ifindex, /\n/),
        );
      });

      it('JSON matches ip -j -d byte for byte', () => {
        expect(render(link.linkinfo, { json: true }, set.ctx)).toBe(
          `{${ipLinkinfoJson(set.jsonRaw, link.ifindex)}}`,
        );
      });

      it('JSON linkinfo deep-equals ip -j -d with the same key order', () => {
        const mine = (JSON.parse(render(link.linkinfo, { json: true }, set.ctx)) as { linkinfo: unknown })
          .linkinfo;
        const theirs = set.json.find((e) => e.ifindex === link.ifindex)?.linkinfo;
        expect(mine).toEqual(theirs);
        expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs));
      });
    });
  },
);

describe('printLinkInfo on damaged input', () => {
  const renderBoth = (a: Attribute): void => {
    try {
      render(a, { json: false });
      render(a, { json: true });
    } catch (e) {
      // Nothing is expected to throw; if anything does, it must be the codec's error.
      expect(e).toBeInstanceOf(CodecError);
    }
  };

  it('never throws on any truncation of a captured linkinfo', () => {
    for (const l of withInfo) {
      const d = l.linkinfo.data;
      for (let n = 0; n <= d.length; n++) {
        expect(() => render({ ...l.linkinfo, data: d.subarray(0, n) }, { json: true })).not.toThrow();
        expect(() => render({ ...l.linkinfo, data: d.subarray(0, n) }, { json: false })).not.toThrow();
      }
    }
  });

  it('never throws on corrupted bytes of a captured linkinfo', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...withInfo),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (l, edits) => {
          const d = Uint8Array.from(l.linkinfo.data);
          for (const [at, v] of edits) d[at % d.length] = v;
          renderBoth({ ...l.linkinfo, data: d });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shows a kind it has no printer for by name only, like ip does for kinds without print_opt', () => {
    // The captured bridge data under a kind name nlts (and ip 6.1.0) has no printer for.
    const bridge = withInfo.find((l) => l.ifname === 'br0')!.linkinfo;
    const data = AttributeDecoder.all(bridge.data).find((a) => a.type === IFLA_INFO_DATA)!;
    const inner = new AttributeEncoder()
      .string(IFLA_INFO_KIND, 'dummy')
      .raw(IFLA_INFO_DATA | 0x8000, data.data)
      .finish();
    const a: Attribute = { type: IFLA_LINKINFO, nested: true, netByteOrder: false, data: inner };
    expect(render(a, { json: false })).toBe('\n    dummy ');
    expect(render(a, { json: true })).toBe('{"linkinfo":{"info_kind":"dummy"}}');
  });

  it('opens an empty info_data for a known kind sent without data', () => {
    const inner = new AttributeEncoder().string(IFLA_INFO_KIND, 'bridge').finish();
    const a: Attribute = { type: IFLA_LINKINFO, nested: true, netByteOrder: false, data: inner };
    expect(render(a, { json: false })).toBe('\n    bridge ');
    expect(render(a, { json: true })).toBe('{"linkinfo":{"info_kind":"bridge","info_data":{}}}');
  });
});

describe('inet6 (glibc inet_ntop form)', () => {
  const cases: Array<[string, string]> = [
    ['fd000000000000000000000000000001', 'fd00::1'],
    ['ff050000000000000000000000000100', 'ff05::100'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000ffff0a000001', '::ffff:10.0.0.1'],
    ['0000000000000000000000000a000001', '::10.0.0.1'],
    ['00000000000000000000000000000002', '::2'],
    ['00000000000000000000fffe0a000001', '::fffe:a00:1'],
    ['00010000000000000000000000000000', '1::'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
  ];
  it.each(cases)('%s -> %s', (hex, text) => {
    expect(inet6(fromHex(hex))).toBe(text);
  });
});
