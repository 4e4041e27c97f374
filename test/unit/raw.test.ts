import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/iproute/errors.js';
import type { CommandEnv } from '../../src/commands/env.js';
import { defaultOptions } from '../../src/cli/options.js';
import { rawCommand, runRaw } from '../../src/commands/raw/index.js';
import { buildAttributes, parseAttrSpec } from '../../src/commands/raw/attrs.js';
import { decodeMessage, looksLikeString } from '../../src/commands/raw/decode.js';
import { messageText } from '../../src/commands/raw/format.js';
import { flagNames, parseFlags, parseProtocol, parseType } from '../../src/commands/raw/names.js';
import { parseSendArgs } from '../../src/commands/raw/send.js';
import { AttributeDecoder, AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN, fromHex, toHex } from '../../src/netlink/codec/bytes.js';
import { encodeMessage, parseMessages } from '../../src/netlink/codec/message.js';

import { OverrunError } from '../../src/netlink/errors.js';
import type { Datagram, Transport, TransportFactory } from '../../src/netlink/transport.js';
import { StringOutput } from '../../src/output/output.js';
import {
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  NETLINK_USERSOCK,
  NLA_F_NESTED,
} from '../../src/netlink/gen/netlink.js';

function env(
  transports: TransportFactory,
  json = false,
): CommandEnv & { out: StringOutput; err: StringOutput } {
  const opts = defaultOptions();
  opts.json = json;
  return {
    opts,
    out: new StringOutput(),
    err: new StringOutput(),
    transports,
    colorize: undefined,
    readFile: () => null,
    fact: <T>(_key: string, compute: () => T): T => compute(),
  };
}

const noSockets: TransportFactory = () => {
  throw new Error('no socket should be opened');
};

/** A scripted transport: records what was sent, serves queued datagrams (or throws queued errors). */
class FakeTransport implements Transport {
  readonly portId = 777;
  sent: { data: Uint8Array; portId: number | undefined; groups: number | undefined }[] = [];
  options: [number, number, number][] = [];
  closed = false;
  constructor(
    readonly protocol: number,
    private readonly queue: (Datagram | Error)[],
  ) {}
  send(data: Uint8Array, portId?: number, groups?: number): void {
    this.sent.push({ data, portId, groups });
  }
  receive(): Datagram | null {
    const next = this.queue.shift();
    if (next instanceof Error) throw next;
    return next ?? null;
  }
  tryReceive(): Datagram | null {
    return this.receive();
  }
  watch(cb: () => void, onError?: (e: unknown) => void): () => void {
    const t = setImmediate(() => {
      try {
        cb();
      } catch (e) {
        onError?.(e);
      }
    });
    return () => clearImmediate(t);
  }
  setOption(level: number, name: number, value: number): void {
    this.options.push([level, name, value]);
  }
  getOption(): number {
    return 0;
  }
  setReceiveTimeout(): void {}
  close(): void {
    this.closed = true;
  }
}

const dgram = (data: Uint8Array, extra: Partial<Datagram> = {}): Datagram => ({
  data,
  senderPid: 0,
  senderGroups: 0,
  group: -1,
  nsid: null,
  ...extra,
});

function expectCliError(fn: () => unknown, pattern: RegExp, exitCode = 1): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CliError);
  const e = err as CliError;
  expect(e.exitCode).toBe(exitCode);
  expect(e.message).not.toContain('\n');
  expect(e.message).toMatch(pattern);
}

describe('raw: names', () => {
  it('protocols by number, kernel name, nl_protos name, NETLINK_ prefix', () => {
    expect(parseProtocol('route')).toBe(NETLINK_ROUTE);
    expect(parseProtocol('0')).toBe(0);
    expect(parseProtocol('usersock')).toBe(NETLINK_USERSOCK);
    expect(parseProtocol('NETLINK_GENERIC')).toBe(NETLINK_GENERIC);
    expect(parseProtocol('genl')).toBe(NETLINK_GENERIC);
    expect(parseProtocol('tcpdiag')).toBe(4);
    expect(parseProtocol('kobject_uevent')).toBe(15);
    expect(parseProtocol('31')).toBe(31);
    expectCliError(() => parseProtocol('32'), /out of range/);
    expectCliError(() => parseProtocol('nosuchproto'), /unknown protocol "nosuchproto"/);
  });

  it('message types: numbers, NLMSG_*, RTM_* on route only', () => {
    expect(parseType(NETLINK_ROUTE, 'RTM_GETLINK')).toBe(18);
    expect(parseType(NETLINK_ROUTE, 'getroute')).toBe(26);
    expect(parseType(NETLINK_ROUTE, 'RTM_GETNEXTHOP')).toBe(106);
    expect(parseType(NETLINK_USERSOCK, '0x20')).toBe(32);
    expect(parseType(NETLINK_USERSOCK, 'NLMSG_NOOP')).toBe(1);
    expectCliError(() => parseType(NETLINK_USERSOCK, 'RTM_GETLINK'), /unknown message type/);
    expectCliError(() => parseType(NETLINK_ROUTE, '70000'), /out of range/);
  });

  it('flags both ways', () => {
    expect(parseFlags('request,dump')).toBe(0x301);
    expect(parseFlags('request,ack,create,excl')).toBe(0x605);
    expect(parseFlags('NLM_F_REQUEST|0x1000')).toBe(0x1001);
    expectCliError(() => parseFlags('request,bogus'), /unknown flag "bogus"/);
    expect(flagNames(NETLINK_ROUTE, 18, 0x301)).toEqual(['REQUEST', 'DUMP']);
    expect(flagNames(NETLINK_ROUTE, 16, 0x605)).toEqual(['REQUEST', 'ACK', 'EXCL', 'CREATE']);
    expect(flagNames(NETLINK_ROUTE, 2, 0x300)).toEqual(['CAPPED', 'ACK_TLVS']);
    expect(flagNames(NETLINK_USERSOCK, 32, 0x1002)).toEqual(['MULTI', '0x1000']);
    expect(flagNames(NETLINK_USERSOCK, 32, 0)).toEqual([]);
  });
});

describe('raw: --attr', () => {
  it('encodes each kind in host order (be16/be32 big-endian)', () => {
    const le = HOST_LITTLE_ENDIAN;
    expect(toHex(parseAttrSpec('1:u8=255').value)).toBe('ff');
    expect(toHex(parseAttrSpec('1:u16=0x102').value)).toBe(le ? '0201' : '0102');
    expect(toHex(parseAttrSpec('1:u32=1').value)).toBe(le ? '01000000' : '00000001');
    expect(toHex(parseAttrSpec('1:s32=-1').value)).toBe('ffffffff');
    expect(toHex(parseAttrSpec('1:u64=18446744073709551615').value)).toBe('ffffffffffffffff');
    expect(toHex(parseAttrSpec('1:be16=4789').value)).toBe('12b5');
    expect(toHex(parseAttrSpec('1:string=lo').value)).toBe('6c6f00');
    expect(toHex(parseAttrSpec('1:strn=lo').value)).toBe('6c6f');
    expect(toHex(parseAttrSpec('1:hex=de:ad').value)).toBe('dead');
    expect(parseAttrSpec('1:flag').value.length).toBe(0);
  });

  it('dotted types build nests with NLA_F_NESTED, grouped by prefix', () => {
    const bytes = buildAttributes(['3:string=v0', '18.1:string=veth', '18.2.1:string=v1', '4:u32=1500']);
    const expected = new AttributeEncoder()
      .string(3, 'v0')
      .nested(18, (li) => li.string(1, 'veth').nested(2, (d) => d.string(1, 'v1')))
      .u32(4, 1500)
      .finish();
    expect(toHex(bytes)).toBe(toHex(expected));
    const top = AttributeDecoder.all(bytes);
    expect(top.map((a) => a.type)).toEqual([3, 18, 4]);
    expect(top[1]!.nested).toBe(true);
    const raw = AttributeDecoder.all(buildAttributes(['5:nested=0400010000']));
    expect(raw[0]!.nested).toBe(true);
  });

  it('bad specs are one-line CliErrors', () => {
    expectCliError(() => parseAttrSpec('nope'), /not TYPE:KIND=VALUE/);
    expectCliError(() => parseAttrSpec('1:float=1'), /unknown kind "float"/);
    expectCliError(() => parseAttrSpec('1:u8=256'), /does not fit in u8/);
    expectCliError(() => parseAttrSpec('1:u32'), /missing "=VALUE"/);
    expectCliError(() => parseAttrSpec('1:flag=1'), /takes no value/);
    expectCliError(() => parseAttrSpec('1:hex=xyz'), /not hex bytes/);
    expectCliError(() => parseAttrSpec('70000:u8=1'), /not a number/);
    expectCliError(() => buildAttributes(['1:u8=1', '1.2:u8=2']), /already a value/);
  });
});

describe('raw send: arguments', () => {
  it('builds the message from header, attributes and defaults', () => {
    const r = parseSendArgs([
      '--proto',
      'route',
      '--type=RTM_GETLINK',
      '--header-hex',
      '00'.repeat(16),
      '--attr',
      '3:string=lo',
    ]);
    expect(r).not.toBeNull();
    expect(r!.type).toBe(18);
    expect(r!.flags).toBe(0x05); // request,ack
    expect(toHex(r!.payload)).toBe('00'.repeat(16) + '0700030' + '06c6f0000');
    expect(r!.timeoutMs).toBe(1000);
    const u = parseSendArgs(['--proto', 'usersock', '--type', '32', '--dest-pid', '99', '--hex', 'abcd'])!;
    expect(u.timeoutMs).toBe(0);
    expect(toHex(u.payload)).toBe('abcd');
  });

  it.each([
    [['--proto', 'nosuch', '--type', '1'], /unknown protocol "nosuch"/],
    [['--proto', 'route'], /missing --type/],
    [['--type', '18'], /missing --proto/],
    [['--proto', 'route', '--type', '18', '--hex', 'zz'], /--hex "zz" is not hex bytes/],
    [['--proto', 'route', '--type', '18', '--hex', 'abc'], /is not hex bytes/],
    [['--proto', 'route', '--type', '18', '--header-hex', '0g'], /--header-hex "0g" is not hex/],
    [
      ['--proto', 'route', '--type', '18', '--hex', '00', '--attr', '1:u8=1'],
      /only one of --hex, --attr, --file/,
    ],
    [['--proto', 'route', '--type', '18', '--file', '/nonexistent/x'], /cannot read --file/],
  ])('%j is a one-line CliError', (args, pattern) => {
    expectCliError(() => rawCommand(['send', ...args], env(noSockets)), pattern);
  });

  // Option syntax is checked by the shared GNU-style parser (src/commands/gnu-options.ts): usage errors, exit 255.
  it.each([
    [
      ['--proto', 'route', '--type', '18', '--bogus'],
      /^Option "--bogus" is unknown, try "nlts raw send --help"\.$/,
    ],
    [['--proto', 'route', '--type'], /^Option "--type" requires an argument$/],
    [['--proto', 'route', '--proto', 'route', '--type', '1'], /given twice/],
    [
      ['--proto', 'route', '--type', '18', 'extra'],
      /^Argument "extra" is unknown, try "nlts raw send --help"\.$/,
    ],
    [['--proto', 'route', '--type', '18', '--dest-group', '33'], /out of range/],
  ])('%j is a one-line usage error (255)', (args, pattern) => {
    expectCliError(() => rawCommand(['send', ...args], env(noSockets)), pattern, 255);
  });

  it('unknown raw command and listen errors', () => {
    expectCliError(() => rawCommand(['frobnicate'], env(noSockets)), /unknown command "frobnicate"/);
    expectCliError(() => rawCommand(['listen'], env(noSockets)), /missing --proto/);
    expectCliError(
      () => rawCommand(['listen', '--proto', 'route', '--group', '0'], env(noSockets)),
      /start at 1/,
      255,
    );
    expectCliError(
      () => rawCommand(['listen', '--proto', 'route', '--duration', 'x'], env(noSockets)),
      /duration/,
      255,
    );
  });

  it('help', () => {
    const e = env(noSockets);
    expect(rawCommand(['send', '--help'], e)).toBe(0);
    expect(e.out.text).toMatch(/^Usage: nlts raw send/);
  });
});

describe('raw send: exchange over a scripted transport', () => {
  it('sends to the destination and stops at the ACK; prints the kernel error with extack and exits 2', () => {
    let t: FakeTransport | undefined;
    const reply = (seq: number): Uint8Array => {
      const body = new Uint8Array(4 + 16 + 4 + 12);
      const dv = new DataView(body.buffer);
      dv.setInt32(0, -22, HOST_LITTLE_ENDIAN);
      dv.setUint32(4, 40, HOST_LITTLE_ENDIAN); // echoed request length
      dv.setUint16(8, 16, HOST_LITTLE_ENDIAN);
      dv.setUint16(10, 0x405, HOST_LITTLE_ENDIAN);
      dv.setUint32(12, seq, HOST_LITTLE_ENDIAN);
      const tlv = new AttributeEncoder().string(1, 'bad thing').finish();
      const payload = new Uint8Array(4 + 16 + tlv.length);
      payload.set(body.subarray(0, 20));
      payload.set(tlv, 20);
      return encodeMessage({ type: 2, flags: 0x300, seq, pid: 777, payload });
    };
    const factory: TransportFactory = (proto) => (t = new FakeTransport(proto, [dgram(reply(5))]));
    const e = env(factory);
    const code = rawCommand(
      [
        'send',
        '--proto',
        'route',
        '--type',
        'RTM_NEWLINK',
        '--flags',
        'request,ack,create',
        '--seq',
        '5',
        '--attr',
        '3:string=x',
      ],
      e,
    );
    expect(code).toBe(2);
    expect(t!.closed).toBe(true);
    expect(t!.sent).toHaveLength(1);
    expect(t!.sent[0]!.portId).toBe(0);
    const sent = [...parseMessages(t!.sent[0]!.data)][0]!;
    expect(sent).toMatchObject({ type: 16, flags: 0x405, seq: 5, pid: 0 });
    expect(e.out.text).toBe(
      [
        'type=NLMSG_ERROR(2) len=52 flags=CAPPED,ACK_TLVS seq=5 pid=777',
        '  error: -22 EINVAL (Invalid argument)',
        '  extack: "bad thing"',
        '  request: type=RTM_NEWLINK(16) len=40 flags=REQUEST,ACK,CREATE seq=5 pid=0',
        '',
      ].join('\n'),
    );
    expect(e.err.text).toBe('nlts raw send: EINVAL: Invalid argument: bad thing\n');
  });

  it('no reply within the timeout is a NetlinkTimeoutError after printing what came', () => {
    const factory: TransportFactory = (proto) => new FakeTransport(proto, []);
    expect(() =>
      rawCommand(['send', '--proto', 'usersock', '--type', '32', '--timeout', '50'], env(factory)),
    ).toThrow(/no reply within 50 ms/);
  });

  it('to a group: groups bitmask, no waiting by default', () => {
    let t: FakeTransport | undefined;
    const factory: TransportFactory = (proto) => (t = new FakeTransport(proto, []));
    expect(
      rawCommand(
        ['send', '--proto', 'usersock', '--type', '32', '--dest-group', '3', '--hex', '01'],
        env(factory),
      ),
    ).toBe(0);
    expect(t!.sent[0]!.groups).toBe(4);
  });
});

describe('raw: decoding', () => {
  it('strings only where they look like text', () => {
    expect(looksLikeString(fromHex('6c6f00'))).toBe('lo');
    expect(looksLikeString(fromHex('6c6f'))).toBe('lo');
    expect(looksLikeString(fromHex('26' + '00'.repeat(40)))).toBeUndefined();
    expect(looksLikeString(fromHex('0100'))).toBeUndefined();
    expect(looksLikeString(fromHex('6c006f00'))).toBeUndefined();
    expect(looksLikeString(fromHex('0a000000'))).toBeUndefined(); // u32 10, not "\n"
    expect(looksLikeString(fromHex('41000000'))).toBeUndefined(); // u32 65, not "A"
    expect(looksLikeString(fromHex('4100'))).toBe('A');
  });

  it('attributes: integers, strings, flagged and guessed nests, non-attribute payloads', () => {
    const attrs = new AttributeEncoder()
      .string(3, 'eth0')
      .u32(4, 1500)
      .nested(26, (n) => n.u8(1, 7))
      .raw(43, new AttributeEncoder().u8(2, 0).finish()) // nested without NLA_F_NESTED (IFLA_XDP)
      .flag(9)
      .finish();
    const payload = new Uint8Array(16 + attrs.length);
    payload.set(attrs, 16);
    const m = [...parseMessages(encodeMessage({ type: 16, flags: 2, seq: 1, pid: 9, payload }))][0]!;
    const d = decodeMessage(m, { proto: NETLINK_ROUTE });
    expect(d.type_name).toBe('RTM_NEWLINK');
    expect(d.header).toBe('00'.repeat(16));
    expect(d.attributes![0]).toEqual({ type: 3, len: 5, hex: '6574683000', string: 'eth0' });
    expect(d.attributes![1]).toMatchObject({ type: 4, len: 4, u32: 1500 });
    expect(d.attributes![2]).toMatchObject({ type: 26, nested_flag: true, attributes: [{ type: 1, u8: 7 }] });
    expect(d.attributes![3]!.attributes).toEqual([{ type: 2, len: 1, hex: '00', u8: 0 }]);
    expect(messageText(d)).toBe(
      [
        'type=RTM_NEWLINK(16) len=80 flags=MULTI seq=1 pid=9',
        '  header (16 bytes): 00000000000000000000000000000000',
        '  attr 3 (5 bytes): 6574683000 string="eth0"',
        `  attr 4 (4 bytes): ${HOST_LITTLE_ENDIAN ? 'dc050000' : '000005dc'} u32=1500`,
        '  attr 26 nested (8 bytes):',
        '    attr 1 (1 byte): 07 u8=7',
        `  attr 43 (8 bytes): ${HOST_LITTLE_ENDIAN ? '0500020000000000' : '0005000200000000'} u64=${HOST_LITTLE_ENDIAN ? 131077 : '1407383473487872'}`,
        '    attr 2 (1 byte): 00 u8=0',
        '  attr 9 (0 bytes)',
        '',
      ].join('\n'),
    );
    // A usersock payload that is not attributes stays hex.
    const u = [
      ...parseMessages(encodeMessage({ type: 32, flags: 0, seq: 0, pid: 0, payload: fromHex('68656c6c6f') })),
    ][0]!;
    const du = decodeMessage(u, { proto: NETLINK_USERSOCK });
    expect(du.payload).toBe('68656c6c6f');
    expect(du.payload_error).toMatch(/^not attributes/);
    expect(du.attributes).toBeUndefined();
    expect(NLA_F_NESTED).toBe(0x8000);
  });

  it('NLMSG_DONE carrying a dump error', () => {
    const payload = new Uint8Array(4);
    new DataView(payload.buffer).setInt32(0, -95, HOST_LITTLE_ENDIAN);
    const m = [...parseMessages(encodeMessage({ type: 3, flags: 2, seq: 1, pid: 1, payload }))][0]!;
    const d = decodeMessage(m, { proto: NETLINK_ROUTE });
    expect(d.done).toEqual({ status: -95 });
    expect(d.error).toMatchObject({ errno: 95, code: 'EOPNOTSUPP' });
  });
});

describe('raw listen over a scripted transport', () => {
  it('prints messages with sender, group and nsid, reports ENOBUFS as lost, stops at --count', async () => {
    let t: FakeTransport | undefined;
    const msg = encodeMessage({ type: 32, flags: 0, seq: 1, pid: 0, payload: fromHex('0500010007000000') });
    const factory: TransportFactory = (proto) =>
      (t = new FakeTransport(proto, [
        new OverrunError('recvmsg', 105, 'ENOBUFS', 'No buffer space available'),
        dgram(msg, { senderPid: 4242, senderGroups: 1, group: 1, nsid: 7 }),
        dgram(msg, { senderPid: 4243 }),
      ]));
    const e = env(factory, true);
    let port = -1;
    const code = await runRaw(
      ['listen', '--proto', 'usersock', '--group', '1', '--all-nsid', '--count', '1'],
      e,
      {
        onListening: (p) => (port = p),
      },
    );
    expect(code).toBe(0);
    expect(port).toBe(777);
    expect(t!.closed).toBe(true);
    // NETLINK_ADD_MEMBERSHIP 1, NETLINK_PKTINFO on, NETLINK_LISTEN_ALL_NSID on (<linux/netlink.h>).
    expect(t!.options).toEqual([
      [270, 1, 1],
      [270, 3, 1],
      [270, 8, 1],
    ]);
    const lines = e.out.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      lost: { errno: 105, code: 'ENOBUFS', description: 'No buffer space available' },
    });
    expect(lines[1]).toMatchObject({
      type: 32,
      sender_pid: 4242,
      group: 1,
      nsid: 7,
      attributes: [{ type: 1, u8: 7 }],
    });
  });

  it('a datagram that does not parse and an overrun are one record each, in text and JSON', async () => {
    const msg = encodeMessage({ type: 32, flags: 0, seq: 1, pid: 0, payload: new Uint8Array(0) });
    const run = async (json: boolean): Promise<string> => {
      const factory: TransportFactory = (proto) =>
        new FakeTransport(proto, [
          dgram(Uint8Array.of(1, 2, 3), { senderPid: 55 }),
          new OverrunError('recvmsg', 105, 'ENOBUFS', 'No buffer space available'),
          dgram(msg, { senderPid: 56 }),
        ]);
      const e = env(factory, json);
      expect(await runRaw(['listen', '--proto', 'usersock', '--count', '1'], e)).toBe(0);
      return e.out.text;
    };
    const text = (await run(false)).split('\n');
    const reason = /^\[MALFORMED\] (.*) 010203$/.exec(text[0]!)?.[1];
    expect(reason).toBeTruthy();
    expect(text[1]).toBe(
      'lost: ENOBUFS (No buffer space available): the receive queue overflowed, messages were dropped',
    );
    expect(text[2]).toMatch(/^type=32 len=16 /);
    const lines = (await run(true)).trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      JSON.stringify({ malformed: { reason, sender_pid: 55, length: 3, hex: '010203', truncated: false } }),
      JSON.stringify({ lost: { errno: 105, code: 'ENOBUFS', description: 'No buffer space available' } }),
    ]);
    expect(JSON.parse(lines[2]!)).toMatchObject({ type: 32, sender_pid: 56 });
  });

  it('ends when the signal aborts', async () => {
    const factory: TransportFactory = (proto) => new FakeTransport(proto, []);
    const ac = new AbortController();
    const e = env(factory);
    const p = runRaw(['listen', '--proto', 'usersock'], e, {
      signal: ac.signal,
      onListening: () => setTimeout(() => ac.abort(), 20),
    });
    await expect(p).resolves.toBe(0);
    expect(e.out.text).toBe('');
  });
});
