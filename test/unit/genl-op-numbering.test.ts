// YNL op numbering without any download: the rules of the kernel's
// tools/net/ynl/lib/nlspec.py on small specs, and the bundled ethtool spec
// against the facts of the 6.1 UAPI header (test/fixtures/unit/ethtool-ops-6.1.json,
// written by `node test/support/uapi-enums.mjs --ethtool-ops /usr/include/linux/ethtool_netlink.h`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledSpec,
  isRequestOp,
  parseSpecText,
  SpecError,
  type Spec,
} from '../../src/netlink/genl/index.js';
import { ROOT } from '../support/cli.js';
import { parseUapiEnums } from '../support/uapi-enums.mjs';

const numbers = (s: Spec): [string, number, number][] => s.ops.map((o) => [o.name, o.value, o.replyValue]);
const spec = (operations: object): Spec =>
  parseSpecText(JSON.stringify({ name: 'demo', 'attribute-sets': [], operations }), 'demo.json');

describe('YNL op numbering rules (nlspec.py)', () => {
  it('unified: one counter from 1; notify, event and reserved ops take a number too; value: moves it', () => {
    const s = spec({
      list: [
        { name: 'get', do: {}, dump: {} },
        { name: 'add-ntf', notify: 'get' },
        { name: 'set', do: {} },
        { name: 'alarm', event: {} },
        { name: 'reserved' },
        { name: 'jump', value: 10, do: {} },
        { name: 'after', do: {} },
        { name: 'zero', value: 0, do: {} },
        { name: 'one', do: {} },
      ],
    });
    expect(numbers(s)).toEqual([
      ['get', 1, 1],
      ['add-ntf', 2, 2],
      ['set', 3, 3],
      ['alarm', 4, 4],
      ['reserved', 5, 5],
      ['jump', 10, 10],
      ['after', 11, 11],
      ['zero', 0, 0],
      ['one', 1, 1],
    ]);
    expect(s.ops.filter(isRequestOp).map((o) => o.name)).toEqual([
      'get',
      'set',
      'jump',
      'after',
      'zero',
      'one',
    ]);
  });

  it('enum-start is not a YNL key: numbering still starts at 1', () => {
    expect(numbers(spec({ 'enum-start': 5, list: [{ name: 'a', do: {} }] }))).toEqual([['a', 1, 1]]);
  });

  it('directional: separate request and reply counters; notify/event ops take only a reply number', () => {
    const s = spec({
      'enum-model': 'directional',
      list: [
        { name: 'a-get', do: { request: {}, reply: {} }, dump: { request: {}, reply: {} } },
        { name: 'a-set', do: { request: {} } },
        { name: 'a-ntf', notify: 'a-get' },
        { name: 'b-get', do: { request: {}, reply: {} } },
        { name: 'b-set', do: { request: {}, reply: {} } },
        { name: 'b-ntf', notify: 'b-get' },
        { name: 'c-act', do: { request: {} } },
        { name: 'c-ntf', event: { attributes: [] } },
        { name: 'd-get', do: { request: {}, reply: {} } },
      ],
    });
    expect(numbers(s)).toEqual([
      ['a-get', 1, 1],
      ['a-set', 2, -1],
      ['a-ntf', -1, 2],
      ['b-get', 3, 3],
      ['b-set', 4, 4],
      ['b-ntf', -1, 5],
      ['c-act', 5, -1],
      ['c-ntf', -1, 6],
      ['d-get', 6, 7],
    ]);
    expect(s.ops.filter((o) => !isRequestOp(o)).map((o) => o.name)).toEqual(['a-ntf', 'b-ntf', 'c-ntf']);
    expect(s.ops.find((o) => o.name === 'b-ntf')?.notify).toBe('b-get');
  });

  it('directional: request/reply value: move their counter (0 does not); a notify value: moves the reply counter', () => {
    const s = spec({
      'enum-model': 'directional',
      list: [
        { name: 'get', do: { request: { value: 5 }, reply: { value: 9 } } },
        { name: 'set', do: { request: {} } },
        { name: 'ntf', value: 20, notify: 'get' },
        { name: 'more', do: { request: { value: 0 }, reply: { value: 0 } } },
      ],
    });
    expect(numbers(s)).toEqual([
      ['get', 5, 9],
      ['set', 6, -1],
      ['ntf', -1, 20],
      ['more', 7, 21],
    ]);
  });

  it('directional: only the do mode counts when there is one (dump replies of a do op add nothing)', () => {
    const s = spec({
      'enum-model': 'directional',
      list: [
        { name: 'x', do: { request: {} }, dump: { request: { value: 40 }, reply: { value: 50 } } },
        { name: 'y', dump: { request: {}, reply: {} } },
      ],
    });
    expect(numbers(s)).toEqual([
      ['x', 1, -1],
      ['y', 2, 1],
    ]);
  });

  it('directional: an op with no do, dump, notify or event is an error, as in nlspec.py', () => {
    expect(() => spec({ 'enum-model': 'directional', list: [{ name: 'odd' }] })).toThrow(SpecError);
    expect(() => spec({ 'enum-model': 'sideways', list: [] })).toThrow(/enum-model/);
  });
});

interface EthtoolFacts {
  source: string;
  package?: string;
  requests: Record<string, number>;
  replies: Record<string, number>;
}

describe('bundled ethtool spec against <linux/ethtool_netlink.h> 6.1 (recorded facts)', () => {
  const facts = JSON.parse(
    readFileSync(path.join(ROOT, 'test/fixtures/unit/ethtool-ops-6.1.json'), 'utf8'),
  ) as EthtoolFacts;
  const eth = bundledSpec('ethtool')!;

  it('the facts are the ones the header parser reads (ETHTOOL_MSG_CHANNELS_GET is 17 in 6.1)', () => {
    expect(facts.requests['channels-get']).toBe(17);
    expect(facts.replies['channels-get']).toBe(18);
    expect(facts.replies['channels-ntf']).toBe(19);
    expect(Object.keys(facts.requests).length).toBeGreaterThanOrEqual(37);
  });

  it('every bundled op has the request number and the reply number of the header', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const op of eth.ops) {
      if (op.notification) continue;
      const req = facts.requests[op.name];
      const rep = facts.replies[op.name];
      if (req === undefined) continue; // newer than 6.1
      checked++;
      if (op.value !== req) wrong.push(`${op.name}: request ${op.value}, header ${req}`);
      if (op.replyValue !== (rep ?? -1))
        wrong.push(`${op.name}: reply ${op.replyValue}, header ${rep ?? 'none'}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(30);
    expect(eth.ops.find((o) => o.name === 'channels-get')?.value).toBe(17);
  });

  it('every bundled notification has the ETHTOOL_MSG_*_NTF number and no request number', () => {
    const ntfs = eth.ops.filter((o) => o.notification);
    expect(ntfs.length).toBeGreaterThanOrEqual(15);
    // Notifications newer than 6.1 (plca-ntf, mm-ntf, ...) have no 6.1 number; they are checked
    // against the pinned tree's header in genl-ynl-numbering.test.ts. None may be a request.
    expect(ntfs.filter((o) => o.value !== -1).map((o) => o.name)).toEqual([]);
    const wrong = ntfs
      .filter((o) => facts.replies[o.name] !== undefined)
      .filter((o) => o.value !== -1 || o.replyValue !== facts.replies[o.name])
      .map((o) => `${o.name}: ${o.value}/${o.replyValue}, header ${facts.replies[o.name]}`);
    expect(wrong).toEqual([]);
    expect(ntfs.some(isRequestOp)).toBe(false);
    // Every notification the 6.1 header names is in the bundled spec.
    const names = Object.keys(facts.replies).filter((n) => n.endsWith('-ntf'));
    expect(names.filter((n) => !ntfs.some((o) => o.name === n))).toEqual([]);
  });
});

describe('uapi-enums test helper', () => {
  it('numbers enums as C does, with expressions, macros and anonymous enums', () => {
    const { enums, constants } = parseUapiEnums(`
      #define BASE 0x10 /* a base */
      enum { A_NONE, A_ONE, /* comment, with a comma */ A_TWO,
        __A_CNT, A_MAX = __A_CNT - 1 };
      enum named_e {
        B_X = BASE,
      #define B_X B_X
        B_Y,
        B_Z = (1 << 3) | B_Y,
        B_Q = SOMETHING_UNKNOWN,
        B_R,
      };
    `);
    expect(enums.map((e) => e.name)).toEqual([null, 'named_e']);
    expect(Object.fromEntries(constants)).toEqual({
      A_NONE: 0,
      A_ONE: 1,
      A_TWO: 2,
      __A_CNT: 3,
      A_MAX: 2,
      B_X: 16,
      B_Y: 17,
      B_Z: 25,
    });
  });
});
