// Golden cases for `nlts rule`: each replays a recorded kernel exchange
// (scripts/record-neigh-rule-goldens.mjs records them from a real kernel).
export const RULE_GOLDEN_NETNS = 'nlts-golden-rule';

export const RULE_CASES = [
  { name: 'rule-show', args: ['rule', 'show'] },
  { name: 'rule-show-json', args: ['-j', 'rule', 'show'] },
  { name: 'rule-show-json-pretty', args: ['-j', '-p', 'rule', 'show'] },
  { name: 'rule-show-details', args: ['-d', 'rule', 'show'] },
  { name: 'rule-show-inet6', args: ['-6', 'rule', 'show'] },
  { name: 'rule-show-inet6-json', args: ['-6', '-j', 'rule', 'show'] },
  { name: 'rule-show-table-100', args: ['rule', 'show', 'table', '100'] },
  { name: 'rule-show-numeric', args: ['-N', 'rule', 'show'] },
];

/** The rules of the golden scenario (`ip rule add` arguments), IPv4 then IPv6. */
export const RULE_SCENARIO = [
  ['pref', '100', 'from', '10.0.0.0/8', 'table', '100'],
  ['pref', '101', 'to', '192.168.1.0/24', 'lookup', 'main'],
  ['pref', '102', 'fwmark', '0x10/0xff', 'unreachable'],
  ['pref', '103', 'iif', 'lo', 'prohibit'],
  ['pref', '104', 'oif', 'lo', 'blackhole'],
  ['pref', '105', 'goto', '200'],
  ['pref', '106', 'uidrange', '1000-2000', 'table', '5'],
  ['pref', '107', 'ipproto', 'tcp', 'sport', '80', 'dport', '1000-2000', 'table', '6'],
  ['pref', '108', 'table', 'main', 'suppress_prefixlength', '0'],
  ['pref', '109', 'not', 'from', '10.1.0.0/16', 'tos', '0x10', 'table', 'default'],
  ['pref', '110', 'l3mdev'],
  ['pref', '111', 'table', '7', 'proto', 'static'],
  ['pref', '112', 'goto', '999'],
  ['pref', '200', 'nop'],
];
export const RULE6_SCENARIO = [
  ['pref', '50', 'from', 'fd00::/64', 'table', '77'],
  ['pref', '51', 'to', 'fd00::1', 'unreachable'],
];
