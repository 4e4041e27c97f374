// genl's inputs are bounded (a spec file, the family header size a reply or a
// recording claims) and a do/dump is checked against the kernel's op list
// before anything is sent to the family; replayed recordings get the same checks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodecError } from '../../src/netlink/codec/errors.js';
import {
  decodeFamily,
  decodeGenlPayload,
  familyHeaderSize,
  MAX_FAMILY_HDRSIZE,
} from '../../src/netlink/genl/index.js';
import { ROOT } from '../support/cli.js';
import { replayCli, runCli } from '../support/golden.js';

const GOLDEN = path.join(ROOT, 'test/fixtures/golden/genl');
const LINKINFO = path.join(GOLDEN, 'do-ethtool-linkinfo-veth.recording.json');
const tmp = mkdtempSync(path.join(tmpdir(), 'nlts-genl-bounds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Recording {
  command: string;
  sockets: { netns?: string; exchanges: { request: string; replies: string[] }[] }[];
}
const linkinfo = JSON.parse(readFileSync(LINKINFO, 'utf8')) as Recording;
const NETNS = linkinfo.sockets[0]!.netns!;

/** The recording with the CTRL_ATTR_HDRSIZE (type 4) of its GETFAMILY reply set to `size`. */
function withHdrsize(size: number): string {
  const rec = structuredClone(linkinfo);
  const ex = rec.sockets[0]!.exchanges[0]!;
  const le = Buffer.alloc(4);
  le.writeUInt32LE(size);
  const before = ex.replies[0]!;
  ex.replies[0] = before.replace('0800040000000000', `08000400${le.toString('hex')}`);
  expect(ex.replies[0]).not.toBe(before);
  const file = path.join(tmp, `hdrsize-${size}.json`);
  writeFileSync(file, JSON.stringify(rec));
  return file;
}

function oneLine(s: string): void {
  expect(s.trimEnd().split('\n')).toHaveLength(1);
  expect(s).not.toMatch(/bad_alloc|RangeError|TypeError|\n\s+at /);
}

describe('genl input bounds', () => {
  it('--spec /dev/zero is refused at the bound, in one line', async () => {
    const r = await runCli(['genl', '--spec', '/dev/zero', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/spec "\/dev\/zero" is larger than 16 MiB; refusing to read it/);
    oneLine(r.stderr);
  });

  it('a family header size beyond the bound is a codec error, never an allocation', () => {
    expect(familyHeaderSize({ name: 'x', hdrsize: 4 })).toBe(4);
    expect(familyHeaderSize({ name: 'x', hdrsize: MAX_FAMILY_HDRSIZE })).toBe(MAX_FAMILY_HDRSIZE);
    expect(() => familyHeaderSize({ name: 'x', hdrsize: 0xfffffff0 })).toThrow(CodecError);
    const payload = Buffer.from(linkinfo.sockets[0]!.exchanges[0]!.replies[0]!, 'hex').subarray(16);
    expect(decodeFamily(payload).hdrsize).toBe(0);
    const bad = Buffer.from(payload);
    bad.set(Buffer.from('08000400f0ffffff', 'hex'), bad.indexOf(Buffer.from('0800040000000000', 'hex')));
    expect(() => decodeFamily(bad)).toThrow(/claims a family header of 4294967280 bytes/);
  });

  it('decodeGenlPayload does not let a huge header size wrap to a small one', () => {
    const p = new Uint8Array(8);
    expect(() => decodeGenlPayload(p, 2 ** 32 - 1)).toThrow(CodecError);
    expect(() => decodeGenlPayload(p, 2 ** 31 + 1)).toThrow(CodecError);
    expect(() => decodeGenlPayload(p, -1)).toThrow(CodecError);
    expect(decodeGenlPayload(p, 4).attrs.length).toBe(0);
  });

  it('a recording whose family claims a 4 GiB header fails in one line', async () => {
    const file = withHdrsize(0xfffffff0);
    for (const j of [[], ['-j']]) {
      const r = await replayCli(file, [
        '-n',
        NETNS,
        ...j,
        'genl',
        'do',
        'ethtool',
        'linkinfo-get',
        'header.dev-name=veth0',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /malformed netlink data: generic netlink family "ethtool" claims a family header of 4294967280 bytes/,
      );
      oneLine(r.stderr);
    }
  });
});

describe('genl do/dump: the op is checked against the kernel op list before sending', () => {
  const args = (...rest: string[]): string[] => ['-n', NETNS, 'genl', ...rest];

  it('the recorded request carries ETHTOOL_MSG_LINKINFO_GET (2) and replays unchanged', async () => {
    // The exchange sent to the family (not to the controller, nlmsg_type 0x10).
    const toFamily = linkinfo.sockets[0]!.exchanges.map((e) => Buffer.from(e.request, 'hex'));
    const req = toFamily.find((b) => b.readUInt16LE(4) !== 0x10)!;
    expect(req[16]).toBe(2);
    const r = await replayCli(LINKINFO, args('do', 'ethtool', 'linkinfo-get', 'header.dev-name=veth0'));
    expect(r.code).toBe(0);
  });

  it('a notification op is refused and nothing is sent (the replayer sees no family request)', async () => {
    for (const verb of ['do', 'dump']) {
      const r = await replayCli(LINKINFO, args(verb, 'ethtool', 'channels-ntf', 'header.dev-name=veth0'));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /ethtool channels-ntf is a notification \(of "channels-get"\), not a request: .*nothing was sent/,
      );
      expect(r.stderr).not.toMatch(/replay/);
      oneLine(r.stderr);
    }
    const ev = await replayCli(LINKINFO, args('do', 'ethtool', 'cable-test-ntf'));
    expect(ev.code).toBe(1);
    expect(ev.stderr).toMatch(/cable-test-ntf is a notification, not a request/);
  });

  it('a number the kernel does not list is refused', async () => {
    const r = await replayCli(LINKINFO, args('do', 'ethtool', '200'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the kernel's ethtool family has no op 200; nothing was sent/);
    oneLine(r.stderr);
  });

  it('a spec op whose number the kernel does not list is refused (user spec)', async () => {
    const spec = path.join(tmp, 'ethtool.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'ethtool',
        'attribute-sets': [{ name: 'a', attributes: [{ name: 'x', type: 'u32' }] }],
        operations: {
          'enum-model': 'directional',
          list: [
            {
              name: 'future-get',
              'attribute-set': 'a',
              do: { request: { value: 99 }, reply: { value: 99 } },
            },
          ],
        },
      }),
    );
    const r = await replayCli(LINKINFO, args('--spec', spec, 'do', 'ethtool', 'future-get'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /the kernel's ethtool family has no op "future-get" \(command 99 in the spec\); nothing was sent/,
    );
    oneLine(r.stderr);
  });

  it("an op the kernel's flags say cannot dump is refused", async () => {
    const r = await replayCli(LINKINFO, args('dump', 'ethtool', 'linkinfo-set'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ethtool linkinfo-set cannot dump; use "genl do"/);
  });
});
