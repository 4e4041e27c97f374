import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptions, runDropwatch } from '../../src/commands/dropwatch/index.js';
import { Aggregate, alertJson, alertLines, isoNs, renderTable } from '../../src/commands/dropwatch/render.js';
import { CliError } from '../../src/iproute/errors.js';
import { defaultOptions } from '../../src/cli/options.js';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { HOST_LITTLE_ENDIAN } from '../../src/netlink/codec/bytes.js';
import { encodeGenlPayload } from '../../src/netlink/genl/message.js';
import { Kallsyms, formatSymbol } from '../../src/netlink/kallsyms.js';
import * as C from '../../src/netlink/gen/net_dropmon.js';
import { decodeAlert, decodeConfig, decodeStats, type PacketAlert } from '../../src/netlink/netdm/decode.js';
import { decodePacket } from '../../src/netlink/netdm/packet.js';
import { inet6Ntop } from '../../src/netlink/inet.js';
import { PcapngWriter, LINKTYPE_RAW } from '../../src/netlink/pcap.js';
import { Replayer } from '../../src/netlink/recording.js';
import type { Transport } from '../../src/netlink/transport.js';
import { BrokenPipeError, StringOutput, type Output } from '../../src/output/output.js';
import { ROOT } from '../support/cli.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));

/** IPv4/UDP 127.0.0.1:40000 → 127.0.0.1:9 with a 1-byte body. */
const IPV4_UDP = hex('4500001d 1234 4000 4011 0000 7f000001 7f000001 9c40 0009 0009 0000 78');
const ETH = hex('000000000000 000000000000 0800');

function summaryPayload(points: [bigint, number][]): Uint8Array {
  const body = new Uint8Array(4 + points.length * 12);
  const dv = new DataView(body.buffer);
  dv.setUint32(0, points.length, HOST_LITTLE_ENDIAN);
  points.forEach(([pc, n], i) => {
    dv.setBigUint64(4 + 12 * i, pc, HOST_LITTLE_ENDIAN);
    dv.setUint32(12 + 12 * i, n, HOST_LITTLE_ENDIAN);
  });
  return encodeGenlPayload(C.NET_DM_CMD_ALERT, 2, new AttributeEncoder().bytes(0, body).finish());
}

function packetPayload(payload: Uint8Array, extra?: (a: AttributeEncoder) => void): Uint8Array {
  const a = new AttributeEncoder()
    .u16(C.NET_DM_ATTR_ORIGIN, C.NET_DM_ORIGIN_SW)
    .u64(C.NET_DM_ATTR_PC, 0xffffffff818bcae2n)
    .string(C.NET_DM_ATTR_SYMBOL, '__udp4_lib_rcv+0x9a2/0xc30')
    .nested(C.NET_DM_ATTR_IN_PORT, (p) => p.u32(C.NET_DM_ATTR_PORT_NETDEV_IFINDEX, 1))
    .u64(C.NET_DM_ATTR_TIMESTAMP, 1_700_000_000_123_456_789n)
    .u16(C.NET_DM_ATTR_PROTO, 0x0800)
    .u32(C.NET_DM_ATTR_ORIG_LEN, payload.length)
    .string(C.NET_DM_ATTR_REASON, 'NO_SOCKET')
    .bytes(C.NET_DM_ATTR_PAYLOAD, payload);
  extra?.(a);
  return encodeGenlPayload(C.NET_DM_CMD_PACKET_ALERT, 2, a.finish());
}

describe('NET_DM decoding', () => {
  it('summary alerts: struct net_dm_alert_msg in an NLA_UNSPEC attribute', () => {
    const a = decodeAlert(
      summaryPayload([
        [0xffffffff818bcae2n, 50],
        [0xffffffff8186d522n, 3],
      ]),
    );
    expect(a).toEqual({
      kind: 'summary',
      points: [
        { pc: 0xffffffff818bcae2n, count: 50 },
        { pc: 0xffffffff8186d522n, count: 3 },
      ],
      hw: [],
    });
  });

  it('a summary alert claiming more entries than it holds is a CodecError', () => {
    const p = summaryPayload([[1n, 1]]);
    new DataView(p.buffer, p.byteOffset).setUint32(8, 9, HOST_LITTLE_ENDIAN);
    expect(() => decodeAlert(p)).toThrow(/9 entries/);
  });

  it('packet alerts: metadata, payload after an Ethernet header, unknown attributes kept', () => {
    const payload = new Uint8Array([...ETH, ...IPV4_UDP]);
    const a = decodeAlert(packetPayload(payload, (e) => e.u32(99, 7))) as PacketAlert;
    expect(a).toMatchObject({
      kind: 'packet',
      origin: 'sw',
      symbol: '__udp4_lib_rcv+0x9a2/0xc30',
      inPort: { ifindex: 1 },
      reason: 'NO_SOCKET',
      proto: 0x0800,
      packet: {
        l3Offset: 14,
        family: 'ipv4',
        src: '127.0.0.1',
        dst: '127.0.0.1',
        protocol: 'udp',
        sport: 40000,
        dport: 9,
      },
      unknown: [{ type: 99, hex: '07000000' }],
    });
    const j = alertJson(a, () => null);
    expect(j).toMatchObject({
      location: '__udp4_lib_rcv+0x9a2',
      time: '2023-11-14T22:13:20.123456789Z',
      l4: 'udp',
    });
    expect(alertLines(a, () => null)).toEqual([
      '2023-11-14T22:13:20.123456789Z drop at __udp4_lib_rcv+0x9a2 reason NO_SOCKET dev if1 ipv4 udp 127.0.0.1:40000 > 127.0.0.1:9 len 43',
    ]);
  });

  it('config and stats replies (port and stats nests start at 0)', () => {
    const cfg = encodeGenlPayload(
      C.NET_DM_CMD_CONFIG_NEW,
      2,
      new AttributeEncoder().u8(1, 1).u32(9, 96).u32(11, 1000).finish(),
    );
    expect(decodeConfig(cfg)).toEqual({
      mode: 'packet',
      truncLen: 96,
      queueLen: 1000,
      swDrops: false,
      hwDrops: false,
    });
    const st = encodeGenlPayload(
      C.NET_DM_CMD_STATS_NEW,
      2,
      new AttributeEncoder()
        .nested(C.NET_DM_ATTR_STATS, (n) => n.u64(0, 5n))
        .nested(C.NET_DM_ATTR_HW_STATS, (n) => n.u64(0, 0n))
        .finish(),
    );
    expect(decodeStats(st)).toEqual({ dropped: 5n, hwDropped: 0n });
  });
});

describe('payload decoding', () => {
  it('IPv4 UDP at offset 0', () => {
    expect(decodePacket(IPV4_UDP, 0x0800)).toMatchObject({ l3Offset: 0, sport: 40000, dport: 9, ttl: 64 });
  });
  it('IPv6 TCP SYN and ICMPv6, RFC 5952 addresses', () => {
    const v6 = hex(
      '60000000 0014 06 40 20010db8000000000000000000000001 fe800000000000000000000000000002' +
        '1f90 0050 00000000 00000000 5002 ffff 0000 0000',
    );
    expect(decodePacket(v6, 0x86dd)).toMatchObject({
      family: 'ipv6',
      src: '2001:db8::1',
      dst: 'fe80::2',
      protocol: 'tcp',
      sport: 8080,
      dport: 80,
      tcpFlags: 'S',
    });
    expect(inet6Ntop(hex('00000000000000000000ffff0a000001'))).toBe('::ffff:10.0.0.1');
    expect(inet6Ntop(hex('20010db8000000010000000000000001'))).toBe('2001:db8:0:1::1');
  });
  it('ICMP echo', () => {
    const icmp = hex('45000054 0000 4000 4001 0000 0a000001 0a000002 0800 0000');
    expect(decodePacket(icmp, 0x0800)).toMatchObject({ protocol: 'icmp', icmpType: 8, icmpCode: 0 });
  });
  it('not IP, or too short: nothing', () => {
    expect(decodePacket(hex('0001080006040001'), 0x0806)).toBeUndefined();
    expect(decodePacket(hex('4500'), 0x0800)).toBeUndefined();
  });
});

describe('kallsyms', () => {
  const text = [
    'ffffffff81000000 T _stext',
    'ffffffff818bc140 T __udp4_lib_rcv',
    'ffffffff818bcd70 t udp_rcv',
    'ffffffff82000000 D some_data',
    'ffffffffc0001000 t net_dm_trace [drop_monitor]',
  ].join('\n');
  it('binary search to the symbol at or below the address', () => {
    const k = Kallsyms.parse(text);
    expect(k.size).toBe(4);
    expect(formatSymbol(k.lookup(0xffffffff818bcae2n)!)).toBe('__udp4_lib_rcv+0x9a2');
    expect(formatSymbol(k.lookup(0xffffffffc0001010n)!)).toBe('net_dm_trace+0x10 [drop_monitor]');
    expect(k.lookup(0x1000n)).toBeUndefined();
    expect(k.hidden).toBe(false);
  });
  it('all-zero addresses (kptr_restrict) are reported as hidden', () => {
    const k = Kallsyms.parse(text.replace(/^[0-9a-f]{16}/gm, '0000000000000000'));
    expect(k.hidden).toBe(true);
    expect(k.lookup(0xffffffff818bcae2n)).toBeUndefined();
  });
});

describe('pcapng', () => {
  it('section header, interface, and a packet with its comment', () => {
    const chunks: Uint8Array[] = [];
    const w = new PcapngWriter((c) => chunks.push(c), [{ linktype: LINKTYPE_RAW, name: 'netdrop-ip' }]);
    w.packet(0, 1_700_000_000_000_000_001n, IPV4_UDP, 29, 'drop at x');
    const buf = Buffer.concat(chunks);
    expect(buf.readUInt32LE(0)).toBe(0x0a0d0d0a);
    expect(buf.readUInt32LE(8)).toBe(0x1a2b3c4d);
    const shbLen = buf.readUInt32LE(4);
    expect(buf.readUInt32LE(shbLen)).toBe(1);
    expect(buf.readUInt16LE(shbLen + 8)).toBe(LINKTYPE_RAW);
    const epb = shbLen + buf.readUInt32LE(shbLen + 4);
    expect(buf.readUInt32LE(epb)).toBe(6);
    const ts = (BigInt(buf.readUInt32LE(epb + 12)) << 32n) | BigInt(buf.readUInt32LE(epb + 16));
    expect(ts).toBe(1_700_000_000_000_000_001n);
    expect(buf.readUInt32LE(epb + 20)).toBe(IPV4_UDP.length);
    expect(buf.includes(Buffer.from('drop at x'))).toBe(true);
    expect(buf.readUInt32LE(buf.length - 4)).toBe(buf.readUInt32LE(epb + 4));
  });
});

describe('options and views', () => {
  it('parses options; bad values are usage errors', () => {
    expect(parseOptions(['--mode', 'packet', '--trunc=128', '--hw', '--count', '3'])).toMatchObject({
      mode: 'packet',
      truncLen: 128,
      count: 3,
      traced: { sw: false, hw: true },
    });
    expect(parseOptions([]).traced).toEqual({ sw: true, hw: false });
    expect(() => parseOptions(['--mode', 'fast'])).toThrow(CliError);
    expect(() => parseOptions(['--count', '-1'])).toThrow(/Invalid value/);
    expect(() => parseOptions(['--pcap', 'x.pcapng'])).toThrow(/needs "--mode packet"/);
    expect(() => parseOptions(['--bogus'])).toThrow(
      /^Option "--bogus" is unknown, try "nlts dropwatch help"\.$/,
    );
  });

  it('the table adds up counts per location and shows rate and share', () => {
    const agg = new Aggregate();
    const sym = (pc: bigint): string | null => (pc === 1n ? 'a+0x1' : null);
    agg.add(
      {
        kind: 'summary',
        points: [
          { pc: 1n, count: 30 },
          { pc: 2n, count: 10 },
        ],
        hw: [],
      },
      sym,
    );
    const t = renderTable(agg, { mode: 'summary', elapsed: 2, sinceLast: 2, color: false, clear: false });
    expect(t).toMatch(/a\+0x1 +│ +30 │ +15\.0 │ +75\.0%/);
    expect(t).toMatch(/0x2 +│ +10 │ +5\.0 │ +25\.0%/);
    expect(isoNs(1_000_000_000n)).toBe('1970-01-01T00:00:01.000000000Z');
  });
});

describe('STOP is always sent', () => {
  const rec = path.join(ROOT, 'test/fixtures/golden/dropwatch/packet-udp-json.recording.json');
  /** Replay a recording, noting every genl command sent on the control socket. */
  function spyEnv(
    out: Output,
    signal?: AbortSignal,
  ): { env: Parameters<typeof runDropwatch>[1]; cmds: number[] } {
    const r = Replayer.load(rec);
    const cmds: number[] = [];
    let first = true;
    const factory = (p: number): Transport => {
      const t = r.factory(p);
      if (!first) return t;
      first = false;
      const send = t.send.bind(t);
      t.send = (d: Uint8Array): void => {
        cmds.push(d[16]!);
        send(d);
      };
      return t;
    };
    const opts = { ...defaultOptions(), json: true };
    return {
      cmds,
      env: {
        opts,
        out,
        err: new StringOutput(),
        transports: factory,
        colorize: undefined,
        readFile: () => null,
        fact: <T>(k: string): T => r.fact<T>(k),
        ...(signal ? { signal } : {}),
      },
    };
  }
  const args = ['--mode', 'packet', '--count', '5'];

  it('after a broken pipe', async () => {
    const out: Output = {
      write: () => {
        throw new BrokenPipeError('stdout closed');
      },
    };
    const { env, cmds } = spyEnv(out);
    await expect(runDropwatch(args, env, { isTTY: () => false })).rejects.toBeInstanceOf(BrokenPipeError);
    expect(cmds.slice(-2)).toEqual([C.NET_DM_CMD_START, C.NET_DM_CMD_STOP]);
  });

  it('after SIGINT/SIGTERM (the abort signal)', async () => {
    const ac = new AbortController();
    ac.abort();
    const { env, cmds } = spyEnv(new StringOutput(), ac.signal);
    expect(await runDropwatch(args, env, { isTTY: () => false })).toBe(0);
    expect(cmds.at(-1)).toBe(C.NET_DM_CMD_STOP);
    expect(cmds).toContain(C.NET_DM_CMD_START);
  });
});
