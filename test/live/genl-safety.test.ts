// A read never sends a write: `nlts genl do ethtool channels-get` must put
// ETHTOOL_MSG_CHANNELS_GET in the genl cmd byte (checked in a --record file),
// with the bundled spec and with the kernel's own ethtool.yaml, and a
// notification op must be refused before anything goes to the family.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nlts, ROOT } from '../support/cli.js';
// @ts-expect-error plain JS helpers shared with the record scripts
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { parseUapiHeader } from '../support/uapi-enums.mjs';

const skipReason = liveSkipReason() as string | null;
if (skipReason) console.warn(`skipping live genl safety tests: ${skipReason}`);

const HEADER = '/usr/include/linux/ethtool_netlink.h';
const GENL_ID_CTRL = 0x10;

interface Recording {
  sockets: { protocol: number; exchanges: { request: string; replies: string[] }[] }[];
}

/** The requests of a recording that went to a family other than the controller: [nlmsg_type, genl cmd]. */
function familyRequests(file: string): [number, number][] {
  const rec = JSON.parse(readFileSync(file, 'utf8')) as Recording;
  const out: [number, number][] = [];
  for (const s of rec.sockets) {
    for (const ex of s.exchanges) {
      const b = Buffer.from(ex.request, 'hex');
      const type = b.readUInt16LE(4);
      if (type !== GENL_ID_CTRL) out.push([type, b[16]!]);
    }
  }
  return out;
}

/** The kernel's ethtool.yaml from the pinned linux-source tree, when scripts/fetch-linux-source.sh can provide it. */
function kernelEthtoolSpec(): string | null {
  const r = spawnSync(path.join(ROOT, 'scripts/fetch-linux-source.sh'), [], {
    encoding: 'utf8',
    timeout: 20 * 60_000,
  });
  const file = path.join(r.stdout.trim().split('\n').pop() ?? '', 'Documentation/netlink/specs/ethtool.yaml');
  if (r.status === 0 && existsSync(file)) return file;
  console.warn(
    `live genl safety: not checking the kernel's ethtool.yaml: ${(r.stderr || `exit ${r.status}`).trim().split('\n').pop()}`,
  );
  return null;
}

describe.skipIf(skipReason)('live: genl do/dump sends the op number the kernel defines', () => {
  let ns: { name: string; ip(a: string[]): string; delete(): void };
  let tmp: string;
  let channelsGet: number;

  beforeAll(() => {
    ns = Netns.create('nlts-g10');
    ns.ip(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    tmp = mkdtempSync(path.join(tmpdir(), 'nlts-g10-'));
    const v = parseUapiHeader(HEADER).constants.get('ETHTOOL_MSG_CHANNELS_GET');
    expect(v, `ETHTOOL_MSG_CHANNELS_GET in ${HEADER}`).toBeDefined();
    channelsGet = v!;
  });
  afterAll(() => {
    ns?.delete();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('ETHTOOL_MSG_CHANNELS_GET is 17 in the 6.1 UAPI header', () => {
    expect(channelsGet).toBe(17);
  });

  const specs: [string, () => string[] | null][] = [
    ['the bundled spec', () => []],
    [
      "the kernel's ethtool.yaml",
      () => {
        const f = kernelEthtoolSpec();
        return f ? ['--spec', f] : null;
      },
    ],
  ];

  for (const [label, specArgs] of specs) {
    it(`channels-get with ${label}: the request's cmd byte is ETHTOOL_MSG_CHANNELS_GET`, (ctx) => {
      const extra = specArgs();
      if (!extra) {
        ctx.skip();
        return;
      }
      const rec = path.join(tmp, `channels-${extra.length}.json`);
      const r = nlts([
        '-n',
        ns.name,
        '--record',
        rec,
        'genl',
        ...extra,
        'do',
        'ethtool',
        'channels-get',
        'header.dev-name=v0',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/dev-name v0/);
      expect(r.stdout).toMatch(/rx-max \d+/);
      const sent = familyRequests(rec);
      expect(sent).toHaveLength(1);
      expect(sent[0]![1]).toBe(channelsGet);

      const d = nlts(['-n', ns.name, '--record', rec, 'genl', ...extra, 'dump', 'ethtool', 'channels-get']);
      expect(d.code).toBe(0);
      expect(d.stdout).toMatch(/dev-name v1/);
      expect(familyRequests(rec).map((x) => x[1])).toEqual([channelsGet]);
    });

    it(`a notification op with ${label} is refused and nothing is sent to the family`, (ctx) => {
      const extra = specArgs();
      if (!extra) {
        ctx.skip();
        return;
      }
      for (const verb of ['do', 'dump']) {
        const rec = path.join(tmp, `ntf-${verb}-${extra.length}.json`);
        const r = nlts([
          '-n',
          ns.name,
          '--record',
          rec,
          'genl',
          ...extra,
          verb,
          'ethtool',
          'channels-ntf',
          'header.dev-name=v0',
        ]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^genl: ethtool channels-ntf is a notification .*nothing was sent\n$/);
        expect(existsSync(rec)).toBe(true);
        expect(familyRequests(rec)).toEqual([]);
      }
    });
  }
});
