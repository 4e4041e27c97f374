import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module shared with scripts/record-goldens.mjs
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS, ROOT, ip } from '../support/cli.js';
import type { CommandEnv } from '../../src/commands/env.js';
import { defaultOptions } from '../../src/cli/options.js';
import { rawCommand, runRaw } from '../../src/commands/raw/index.js';
import type { DecodedMessage } from '../../src/commands/raw/decode.js';
import { openNativeTransport } from '../../src/netlink/native-transport.js';
import { StringOutput } from '../../src/output/output.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live raw tests: ${skip}`);

interface NsHandle {
  name: string;
  delete(): void;
  ip(a: string[]): string;
}

function env(netns: string, json = true): CommandEnv & { out: StringOutput; err: StringOutput } {
  const opts = defaultOptions();
  opts.json = json;
  opts.netns = netns;
  return {
    opts,
    out: new StringOutput(),
    err: new StringOutput(),
    transports: openNativeTransport,
    colorize: undefined,
    readFile: () => null,
    fact: <T>(_key: string, compute: () => T): T => compute(),
  };
}

const records = (text: string): DecodedMessage[] =>
  text
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as DecodedMessage);

/** A port id unlikely to collide with anything the kernel hands out (those are small or the pid). */
const portId = (): number => randomInt(0x40000000, 0x7fffffff);

describe.skipIf(skip !== null)('live: nlts raw', () => {
  let ns: NsHandle;
  let peer: NsHandle;

  beforeAll(() => {
    ns = Netns.create('nlts-raw');
    peer = Netns.create('nlts-rawp');
    try {
      ns.ip(['link', 'set', 'lo', 'up']);
      ns.ip(['link', 'add', 'rawv0', 'type', 'veth', 'peer', 'name', 'rawv1']);
      ns.ip(['link', 'add', 'rawbr0', 'type', 'bridge']);
    } catch (e) {
      ns.delete();
      peer.delete();
      throw e;
    }
  });
  afterAll(() => {
    ns?.delete();
    peer?.delete();
  });

  it('usersock: a listener bound to a port id receives the payload and the sender port id', async () => {
    const lport = portId();
    const sport = portId();
    const le = env(ns.name);
    let bound = -1;
    const listening = runRaw(
      ['listen', '--proto', 'usersock', '--pid', String(lport), '--count', '1', '--duration', '10'],
      le,
      {
        onListening: (p) => (bound = p),
      },
    );
    expect(bound).toBe(lport);
    const se = env(ns.name);
    const code = rawCommand(
      [
        'send',
        '--proto',
        'usersock',
        '--type',
        '0x20',
        '--pid',
        String(sport),
        '--dest-pid',
        String(lport),
        '--attr',
        '1:string=hello',
        '--attr',
        '2:u32=42',
      ],
      se,
    );
    expect(code).toBe(0);
    expect(se.out.text).toBe(''); // nothing comes back from a process, and raw send did not wait
    expect(await listening).toBe(0);
    const [m, ...rest] = records(le.out.text);
    expect(rest).toEqual([]);
    // With NETLINK_PKTINFO on, a unicast reports destination group 0.
    expect(m).toMatchObject({ type: 32, sender_pid: sport, group: 0, flags: 5 });
    expect(m!.attributes).toEqual([
      { type: 1, len: 6, hex: '68656c6c6f00', string: 'hello' },
      expect.objectContaining({ type: 2, len: 4, u32: 42 }),
    ]);
  });

  it('usersock: a listener on group 1 gets a group send, with the destination group from NETLINK_PKTINFO', async () => {
    const sport = portId();
    const le = env(ns.name, false);
    const listening = runRaw(
      ['listen', '--proto', 'usersock', '--group', '1', '--count', '1', '--duration', '10'],
      le,
    );
    const se = env(ns.name);
    expect(
      rawCommand(
        [
          'send',
          '--proto',
          'usersock',
          '--type',
          '33',
          '--flags',
          '0',
          '--seq',
          '7',
          '--pid',
          String(sport),
          '--dest-group',
          '1',
          '--hex',
          'cafe',
        ],
        se,
      ),
    ).toBe(0);
    expect(await listening).toBe(0);
    expect(le.out.text).toBe(
      `type=33 len=18 flags=0 seq=7 pid=0 from=${sport} group=1\n  payload (2 bytes): cafe\n  (not attributes: truncated attribute header: 2 bytes left (at byte 0))\n`,
    );
  });

  it('route: RTM_GETLINK dump returns the same interfaces as ip -j link show', () => {
    const e = env(ns.name);
    const code = rawCommand(
      [
        'send',
        '--proto',
        'route',
        '--type',
        'RTM_GETLINK',
        '--flags',
        'request,dump',
        '--header-hex',
        '00'.repeat(16),
      ],
      e,
    );
    expect(code).toBe(0);
    expect(e.err.text).toBe('');
    const msgs = records(e.out.text);
    expect(msgs.at(-1)).toMatchObject({ type: 3, type_name: 'NLMSG_DONE', done: { status: 0 } });
    const ours = msgs
      .filter((m) => m.type_name === 'RTM_NEWLINK')
      .map((m) => m.attributes!.find((a) => a.type === 3 /* IFLA_IFNAME */)!.string);
    const theirs = ip(['-n', ns.name, '-j', 'link', 'show']);
    expect(theirs.code, theirs.stderr).toBe(0);
    const names = (JSON.parse(theirs.stdout) as { ifname: string }[]).map((l) => l.ifname);
    expect(ours).toEqual(names);
    expect(ours).toEqual(expect.arrayContaining(['lo', 'rawv0', 'rawv1', 'rawbr0']));
  });

  it('route: a kernel error is printed with its extack and exits 2', () => {
    const e = env(ns.name, false);
    const code = rawCommand(
      [
        'send',
        '--proto',
        'route',
        '--type',
        'RTM_NEWLINK',
        '--flags',
        'request,ack,create,excl',
        '--seq',
        '9',
        '--header-hex',
        '00'.repeat(16),
        '--attr',
        '3:string=rawx0',
        '--attr',
        '18.1:string=nosuchkind',
      ],
      e,
    );
    expect(code).toBe(2);
    expect(e.out.text.replace(/pid=\d+\n/, 'pid=P\n').replace(/len=\d+/g, 'len=L')).toBe(
      [
        'type=NLMSG_ERROR(2) len=L flags=ACK_TLVS seq=9 pid=P',
        '  error: -95 EOPNOTSUPP (Operation not supported)',
        '  extack: "Unknown device type"',
        '  request: type=RTM_NEWLINK(16) len=L flags=REQUEST,ACK,EXCL,CREATE seq=9 pid=0',
        '',
      ].join('\n'),
    );
    expect(e.err.text).toBe('nlts raw send: EOPNOTSUPP: Operation not supported: Unknown device type\n');
  });

  it("route: --all-nsid reports the namespace id of a peer namespace's broadcast", async () => {
    ip(['-n', ns.name, 'netns', 'set', peer.name, '7']);
    const le = env(ns.name);
    // RTNLGRP_LINK = 1 (<linux/rtnetlink.h>)
    const listening = runRaw(
      ['listen', '--proto', 'route', '--group', '1', '--all-nsid', '--count', '1', '--duration', '10'],
      le,
    );
    peer.ip(['link', 'set', 'lo', 'up']);
    expect(await listening).toBe(0);
    const [m] = records(le.out.text);
    expect(m).toMatchObject({ type_name: 'RTM_NEWLINK', sender_pid: 0, group: 1, nsid: 7 });
    expect(m!.attributes!.find((a) => a.type === 3)!.string).toBe('lo');
  });
});

/** The CLI (NLTS_RAW_BIN overrides bin/nlts.js) knows `raw` once registered in the dispatcher and built. */
const BIN = process.env.NLTS_RAW_BIN ?? NLTS;
const registered =
  skip === null && spawnSync(process.execPath, [BIN, 'raw', '--help'], { cwd: ROOT }).status === 0;

describe.skipIf(skip !== null)('live: two nlts raw processes over NETLINK_USERSOCK', () => {
  it.skipIf(!registered)('nlts raw listen | nlts raw send (separate processes)', async () => {
    const ns = Netns.create('nlts-raw2') as NsHandle;
    try {
      const lport = portId();
      const listener = spawn(process.execPath, [
        BIN,
        '-j',
        '-n',
        ns.name,
        'raw',
        'listen',
        '--proto',
        'usersock',
        '--pid',
        String(lport),
        '--count',
        '1',
        '--duration',
        '20',
      ]);
      let out = '';
      listener.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => listener.on('exit', resolve));
      // Until the listener has bound its port, sendto fails with ECONNREFUSED: retry.
      let sent = false;
      for (let i = 0; i < 100 && !sent; i++) {
        const r = spawnSync(process.execPath, [
          BIN,
          '-n',
          ns.name,
          'raw',
          'send',
          '--proto',
          'usersock',
          '--type',
          '40',
          '--dest-pid',
          String(lport),
          '--attr',
          '7:string=over-processes',
        ]);
        sent = r.status === 0;
        if (!sent) await new Promise((res) => setTimeout(res, 100));
      }
      expect(sent).toBe(true);
      expect(await exited).toBe(0);
      const [m] = records(out);
      expect(m).toMatchObject({ type: 40, group: 0 });
      expect(m!.attributes![0]).toMatchObject({ type: 7, string: 'over-processes' });
      expect(m!.sender_pid).toBeGreaterThan(0);
    } finally {
      ns.delete();
    }
  });
});
