import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Aggregate,
  alertJson,
  alertLines,
  alertRecord,
  summaryJson,
  summaryRecord,
  summaryText,
} from '../../src/commands/dropwatch/render.js';
import { jsonRecord, messageText } from '../../src/commands/raw/format.js';
import type { DecodedMessage } from '../../src/commands/raw/decode.js';
import type { Alert } from '../../src/netlink/netdm/decode.js';
import { StringOutput } from '../../src/output/output.js';
import { Printer } from '../../src/output/printer.js';
import { ROOT } from '../support/cli.js';

/**
 * dropwatch, raw and the monitor write text and JSON through the Printer;
 * their JSON must stay exactly what JSON.stringify made of the same data.
 */
const samples: unknown[] = [
  {},
  [],
  { a: 1, b: 'x"\n\u00e9', c: [1, 'two', null, true, false, {}, []], d: { e: { f: [] } } },
  { skipped: undefined, fn: () => 1, n: -0, inf: Infinity, nan: NaN, arr: [undefined, 2] },
  [{ a: [] }, [[1], []], 'x'],
];

function viaPrinter(v: unknown, pretty: boolean): string {
  const o = new StringOutput();
  new Printer(o, { json: true, pretty, layout: 'standard' }).value(null, v);
  return o.text;
}

describe('Printer.value writes plain data as JSON.stringify does', () => {
  it.each(samples.map((s) => [s]))('%j', (v) => {
    expect(viaPrinter(v, false)).toBe(JSON.stringify(v));
    expect(viaPrinter(v, true)).toBe(JSON.stringify(v, null, 2));
  });

  it('a bigint is a number when safe, else a decimal string', () => {
    expect(viaPrinter({ a: 5n, b: 2n ** 64n - 1n }, false)).toBe('{"a":5,"b":"18446744073709551615"}');
  });
});

describe('records (NDJSON): one document per record', () => {
  it('each record is a top-level object on its own line, whatever the record before left open', () => {
    const o = new StringOutput();
    const p = new Printer(o, { json: true });
    p.startRecord();
    p.value('a', 1);
    p.openObject('half');
    p.value('x', [1]);
    // abandoned half-way (a renderer threw): the next record starts clean
    o.text = '';
    p.startRecord();
    p.value('b', 2);
    p.endRecord();
    p.startRecord();
    p.openArray('c');
    p.endRecord();
    expect(o.text).toBe('{"b":2}\n{"c":[]}\n');
  });

  it('member() writes a default value when the filler writes none', () => {
    const o = new StringOutput();
    const p = new Printer(o, { json: true });
    p.startRecord();
    p.member('object', () => {});
    p.member('x', () => p.value(null, [1]));
    p.endRecord();
    expect(o.text).toBe('{"object":{},"x":[1]}\n');
  });
});

describe('raw: printMessage writes what JSON.stringify made of the decoded message', () => {
  const dir = path.join(ROOT, 'test/fixtures/golden/raw');
  const lines = ['getlink-dump-json', 'newlink-extack-json'].flatMap((n) =>
    readFileSync(path.join(dir, `${n}.stdout`), 'utf8')
      .trimEnd()
      .split('\n'),
  );
  it('compact and -p, for every recorded message', () => {
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) {
      const m = JSON.parse(l) as DecodedMessage;
      expect(jsonRecord(m, false)).toBe(l + '\n');
      expect(jsonRecord(m, true)).toBe(JSON.stringify(m, null, 2) + '\n');
      expect(messageText(m)).toMatch(/^type=/);
    }
  });

  it('other records go member by member', () => {
    const r = { malformed: { reason: 'short', sender_pid: 0, length: 3, hex: 'abcdef', truncated: false } };
    expect(jsonRecord(r, false)).toBe(JSON.stringify(r) + '\n');
    expect(jsonRecord(r, true)).toBe(JSON.stringify(r, null, 2) + '\n');
  });
});

describe('dropwatch: printAlert and printSummary write alertJson / summaryJson exactly', () => {
  const sym = (pc: bigint): string | null => (pc === 0x10n ? 'kfree_skb+0x10' : null);
  const alerts: Alert[] = [
    {
      kind: 'packet',
      origin: 'sw',
      timestamp: 1_700_000_000_123_456_789n,
      symbol: '__udp4_lib_rcv+0x9a2/0xc30',
      inPort: { ifindex: 1 },
      reason: 'NO_SOCKET',
      proto: 0x0800,
      origLen: 40,
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
    } as Alert,
    {
      kind: 'packet',
      origin: 'hw',
      hwTrapGroup: 'l2_drops',
      hwTrapName: 'ingress_vlan_filter',
      inPort: { ifindex: 3, name: 'eth0' },
      proto: 0x86dd,
      pc: 0x10n,
    } as Alert,
    {
      kind: 'packet',
      origin: 'sw',
      pc: 0x20n,
      proto: 0x86dd,
      packet: {
        l3Offset: 14,
        family: 'ipv6',
        src: '::1',
        dst: '::2',
        protocol: 'icmpv6',
        icmpType: 128,
        icmpCode: 0,
        tcpFlags: '',
      },
    } as Alert,
    {
      kind: 'summary',
      points: [
        { pc: 0x10n, count: 1 },
        { pc: 0x20n, count: 3 },
      ],
      hw: [{ name: 'trap1', count: 2 }],
    } as Alert,
    { kind: 'summary', points: [], hw: [] } as Alert,
  ];

  it.each(alerts.map((a, i) => [i, a]))('alert %i', (_i, a) => {
    expect(alertRecord(a, sym)).toBe(JSON.stringify(alertJson(a, sym)) + '\n');
    for (const l of alertLines(a, sym)) expect(l).not.toMatch(/\n|undefined/);
  });

  it('the line view', () => {
    expect(alertLines(alerts[0]!, sym)).toEqual([
      '2023-11-14T22:13:20.123456789Z drop at __udp4_lib_rcv+0x9a2 reason NO_SOCKET dev if1 ipv4 udp 127.0.0.1:40000 > 127.0.0.1:9 len 40',
    ]);
    expect(alertLines(alerts[3]!, sym)).toEqual([
      '1 drop at kfree_skb+0x10 (0x10)',
      '3 drops at 0x20',
      '2 hardware drops at trap trap1',
    ]);
    expect(alertLines(alerts[4]!, sym)).toEqual([]);
  });

  it('the summary', () => {
    const agg = new Aggregate();
    for (const a of alerts) agg.add(a, sym);
    agg.lost = 2;
    expect(summaryRecord(agg, 'packet', 2.34567)).toBe(
      JSON.stringify(summaryJson(agg, 'packet', 2.34567)) + '\n',
    );
    expect(summaryText(agg, 'packet', 2.34567).split('\n')[0]).toBe(
      'summary: 9 drops in 5 alerts over 2.3 s (packet mode), 2 overruns (alerts lost)',
    );
  });
});
