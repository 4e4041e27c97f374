import { describe, expect, it } from 'vitest';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { decodeRule, encodeRuleDumpRequest } from '../../src/netlink/route/rule.js';
import { Printer } from '../../src/output/printer.js';
import { StringOutput } from '../../src/output/output.js';
import { renderRule } from '../../src/commands/rule/render.js';
import { IprouteNames, parseIdNames } from '../../src/iproute/names.js';
import { strtoul0 } from '../../src/iproute/parse.js';
import { parsePrefix, prefixMatches } from '../../src/iproute/prefix.js';
import { parseRuleFilter, ruleMatches } from '../../src/commands/rule/show.js';
import {
  FRA_FWMARK,
  FRA_FWMASK,
  FRA_PRIORITY,
  FRA_SRC,
  FRA_TABLE,
  FRA_UID_RANGE,
  FR_ACT_TO_TBL,
  FR_ACT_UNREACHABLE,
} from '../../src/netlink/gen/fib_rules.js';

const files = {
  '/etc/iproute2/rt_tables':
    '255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n# comment\n100 vpn\n0x65 hex101\n',
  '/etc/protocols': 'ip\t0\tIP\ntcp\t6\tTCP\nudp\t17\tUDP\n',
};
const names = (numeric = false): IprouteNames => IprouteNames.fromTexts(files, numeric);

function rule(hdr: number[], attrs: (e: AttributeEncoder) => void): Uint8Array {
  const e = new AttributeEncoder();
  attrs(e);
  const body = e.finish();
  const out = new Uint8Array(12 + body.length);
  out.set(hdr);
  out.set(body, 12);
  return out;
}

function render(payload: Uint8Array, json: boolean): string {
  const out = new StringOutput();
  const p = new Printer(out, { json });
  p.startDocument();
  renderRule(p, decodeRule(payload), { names: names(), details: 0, numeric: false });
  p.endDocument();
  return out.text;
}

describe('rule codec and renderer', () => {
  it('the dump request is a bare fib_rule_hdr with the family', () => {
    expect([...encodeRuleDumpRequest(10)]).toEqual([10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('prints a source prefix, a fwmark with mask and a named table like ip', () => {
    const m = rule([2, 0, 8, 0, 100, 0, 0, FR_ACT_TO_TBL], (e) => {
      e.u32(FRA_PRIORITY, 100);
      e.bytes(FRA_SRC, Uint8Array.of(10, 0, 0, 0));
      e.u32(FRA_FWMARK, 0x10);
      e.u32(FRA_FWMASK, 0xff);
      e.u32(FRA_TABLE, 100);
    });
    expect(render(m, false)).toBe('100:\tfrom 10.0.0.0/8 fwmark 0x10/0xff lookup vpn\n');
    expect(JSON.parse(render(m, true))).toEqual([
      { priority: 100, src: '10.0.0.0', srclen: 8, fwmark: '0x10', fwmask: '0xff', table: 'vpn' },
    ]);
  });

  it('prints actions, uid ranges and "from all"', () => {
    const m = rule([2, 0, 0, 0, 0, 0, 0, FR_ACT_UNREACHABLE], (e) => {
      e.u32(FRA_PRIORITY, 7);
      e.bytes(FRA_UID_RANGE, Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0));
    });
    expect(render(m, false)).toBe('7:\tfrom all uidrange 1-2 unreachable\n');
  });

  it('keeps unknown attributes without failing', () => {
    const m = rule([2, 0, 0, 0, 254, 0, 0, FR_ACT_TO_TBL], (e) => e.u32(200, 1));
    expect(decodeRule(m).attrs.has(200)).toBe(true);
    expect(render(m, false)).toBe('0:\tfrom all lookup main\n');
  });
});

describe('name databases', () => {
  it('parses rt_tables lines like fread_id_name', () => {
    expect(parseIdNames('# x\n  1 one\n0x10 sixteen # c\nbad line\n2 two\n')).toEqual([
      [1, 'one'],
      [16, 'sixteen'],
    ]);
  });
  it('names tables, protocols and IP protocols; -N keeps numbers', () => {
    const n = names();
    expect([n.tableName(254), n.tableName(100), n.tableName(101), n.tableName(4000000)]).toEqual([
      'main',
      'vpn',
      'hex101',
      '4000000',
    ]);
    expect([n.tableId('vpn'), n.tableId('0x10'), n.tableId('nope')]).toEqual([100, 16, undefined]);
    expect([n.ipProtoName(6), n.ipProtoName(200), n.ipProtoId('TCP'), n.ipProtoId('17')]).toEqual([
      'tcp',
      'ipproto-200',
      6,
      17,
    ]);
    expect([n.protocolName(4), n.dsfieldName(0x10)]).toEqual(['static', '0x10']);
    expect(names(true).tableName(254)).toBe('254');
  });
  it('strtoul base 0', () => {
    expect([strtoul0('10'), strtoul0('0x1f'), strtoul0('010'), strtoul0('1x')]).toEqual([
      10,
      31,
      8,
      undefined,
    ]);
  });
});

describe('rule selectors', () => {
  it('parses like ip and rejects bad values with ip messages', () => {
    const f = parseRuleFilter(
      ['pref', '5', 'fwmark', '0x10/0xff', 'table', 'vpn', 'from', '10.0.0.0/8'],
      0,
      names(),
    );
    expect([f.pref, f.fwmark, f.fwmask, f.table, f.src?.bitlen]).toEqual([5, 0x10, 0xff, 100, 8]);
    expect(() => parseRuleFilter(['pref', 'x'], 0, names())).toThrow(
      'Error: argument "x" is wrong: preference value is invalid',
    );
    expect(() => parseRuleFilter(['table', 'nope'], 0, names())).toThrow('table id value is invalid');
    expect(() => parseRuleFilter(['from', '10.0.0.0/33'], 0, names())).toThrow(
      'Error: inet prefix is expected rather than "10.0.0.0/33".',
    );
  });
  it('filters on table and priority', () => {
    const m = decodeRule(rule([2, 0, 0, 0, 254, 0, 0, FR_ACT_TO_TBL], (e) => e.u32(FRA_PRIORITY, 9)));
    expect(ruleMatches(m, parseRuleFilter(['table', 'main'], 0, names()))).toBe(true);
    expect(ruleMatches(m, parseRuleFilter(['table', 'local'], 0, names()))).toBe(false);
    expect(ruleMatches(m, parseRuleFilter(['pref', '8'], 0, names()))).toBe(false);
  });
  it('prefixes match like inet_addr_match', () => {
    const p = parsePrefix('10.128.0.0/9', 2)!;
    expect(prefixMatches(p, Uint8Array.of(10, 200, 1, 1))).toBe(true);
    expect(prefixMatches(p, Uint8Array.of(10, 1, 1, 1))).toBe(false);
    expect(parsePrefix('fd00::/8', 2)).toBeNull();
    expect(parsePrefix('fd00::1', 0)?.bitlen).toBe(128);
  });
});
