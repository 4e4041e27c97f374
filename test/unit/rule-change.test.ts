import { describe, expect, it } from 'vitest';
import { parseRuleModify, rtnTypeA2n } from '../../src/commands/rule/change.js';
import { IprouteNames } from '../../src/iproute/names.js';
import { decodeRule, encodeRuleChange } from '../../src/netlink/route/rule.js';
import {
  FIB_RULE_INVERT,
  FRA_FWMARK,
  FRA_FWMASK,
  FRA_PRIORITY,
  FRA_SRC,
  FRA_TABLE,
  FRA_TUN_ID,
  FR_ACT_GOTO,
  FR_ACT_TO_TBL,
  FR_ACT_UNSPEC,
} from '../../src/netlink/gen/fib_rules.js';
import { RTM_DELRULE, RTM_NEWRULE } from '../../src/netlink/gen/rtnetlink.js';
import { cliErrorOf } from '../support/cli-error.js';

const names = IprouteNames.fromTexts({ '/etc/protocols': 'tcp\t6\tTCP\n' }, false);

function parse(cmd: number, args: string[], family = 0): ReturnType<typeof decodeRule> {
  const m = parseRuleModify(cmd, args, family, names);
  return decodeRule(encodeRuleChange(m.header, m.attrs));
}

describe('rule change: encoder and argument parsing', () => {
  it('add: AF_INET by default, main table unless an action or table is given, attributes in order', () => {
    const r = parse(RTM_NEWRULE, ['not', 'from', '10.0.0.0/8', 'fwmark', '0x10/0xff', 'pref', '5']);
    expect([r.family, r.srcLen, r.table, r.action, r.flags]).toEqual([
      2,
      8,
      254,
      FR_ACT_TO_TBL,
      FIB_RULE_INVERT,
    ]);
    expect([...r.attrs.keys()]).toEqual([FRA_SRC, FRA_FWMARK, FRA_FWMASK, FRA_PRIORITY]);
  });

  it('big tables go in FRA_TABLE; goto sets the action; delete starts from FR_ACT_UNSPEC', () => {
    const r = parse(RTM_NEWRULE, ['table', '4000000', 'tun_id', '0x102']);
    expect(r.table).toBe(0);
    expect(r.attrs.has(FRA_TABLE)).toBe(true);
    expect([...r.attrs.get(FRA_TUN_ID)!.data]).toEqual([0, 0, 0, 0, 0, 0, 1, 2]);
    expect(parse(RTM_NEWRULE, ['goto', '7']).action).toBe(FR_ACT_GOTO);
    const d = parse(RTM_DELRULE, ['pref', '7']);
    expect([d.action, d.table]).toEqual([FR_ACT_UNSPEC, 0]);
  });

  it('rtnl_rtntype_a2n names and abbreviations', () => {
    expect(rtnTypeA2n('unreach')).toBe(7);
    expect(rtnTypeA2n('blackhole')).toBe(6);
    expect(rtnTypeA2n('prohibit')).toBe(8);
    expect(rtnTypeA2n('bogus')).toBeUndefined();
  });

  it("gives ip's messages and exit statuses", () => {
    expect(cliErrorOf(() => parse(RTM_NEWRULE, []))).toMatchObject({
      message: '"ip rule add" requires arguments.',
      exitCode: 1,
    });
    expect(cliErrorOf(() => parse(RTM_NEWRULE, ['l3mdev', 'table', '5'])).exitCode).toBe(22);
    expect(cliErrorOf(() => parse(RTM_NEWRULE, ['table', 'nosuch'])).message).toBe(
      'Error: argument "nosuch" is wrong: invalid table ID\n\n',
    );
    expect(cliErrorOf(() => parse(RTM_NEWRULE, ['bogus'])).message).toBe(
      'Error: argument "bogus" is wrong: Failed to parse rule type',
    );
    expect(cliErrorOf(() => parse(RTM_NEWRULE, ['from', '10.0.0.0/33'])).message).toBe(
      'Error: any valid prefix is expected rather than "10.0.0.0/33".',
    );
  });
});
