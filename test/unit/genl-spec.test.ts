import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml, YamlError } from '../../src/netlink/genl/yaml-lite.js';
import {
  BUNDLED_SPEC_DIR,
  bundledSpec,
  loadSpecFile,
  opByName,
  opByReplyValue,
  opByValue,
  parseSpecText,
} from '../../src/netlink/genl/spec.js';

describe('yaml-lite: the YNL subset', () => {
  it('reads mappings, sequences, "- key:" items, flow sequences, scalars and comments', () => {
    const doc = parseYaml(
      [
        '# comment',
        '---',
        'name: demo # trailing comment',
        'count: 0x10',
        'neg: -3',
        'on: true',
        'empty:',
        'quoted: "a: b # not a comment"',
        "single: 'it''s'",
        'list:',
        '  -',
        '    name: one',
        '    value: 1',
        '  - name: two',
        '    tags: [ a, b ,c ]',
        '  - plain',
        'same-indent:',
        '- x',
        '- y',
      ].join('\n'),
    );
    expect(doc).toEqual({
      name: 'demo',
      count: 16,
      neg: -3,
      on: true,
      empty: null,
      quoted: 'a: b # not a comment',
      single: "it's",
      list: [{ name: 'one', value: 1 }, { name: 'two', tags: ['a', 'b', 'c'] }, 'plain'],
      'same-indent': ['x', 'y'],
    });
  });

  it('reads block and multi-line plain scalars, anchors and aliases', () => {
    const doc = parseYaml(
      [
        'doc: |',
        '  first line',
        '    indented: keeps # hash',
        '',
        '  after blank',
        'folded: >-',
        '  a',
        '  b',
        'plain: starts here',
        '  and goes on',
        'ops:',
        '  do:',
        '    reply: &all',
        '      value: 1',
        '  dump:',
        '    reply: *all',
      ].join('\n'),
    );
    expect(doc).toEqual({
      doc: 'first line\n  indented: keeps # hash\n\nafter blank\n',
      folded: 'a b',
      plain: 'starts here and goes on',
      ops: { do: { reply: { value: 1 } }, dump: { reply: { value: 1 } } },
    });
  });

  it('reports what it cannot read with the line number', () => {
    expect(() => parseYaml('a: 1\n  b: 2\n')).toThrow(YamlError);
    expect(() => parseYaml('a: *nowhere\n')).toThrow(/line 1: unknown alias/);
  });
});

describe('YNL specs', () => {
  it('every bundled data file parses and is named after its file', () => {
    const files = readdirSync(BUNDLED_SPEC_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const f of files) {
      const spec = loadSpecFile(path.join(BUNDLED_SPEC_DIR, f));
      expect(spec.name.toLowerCase() + '.yaml').toBe(f);
      expect(spec.ops.length).toBeGreaterThan(0);
      expect(bundledSpec(spec.name)?.name).toBe(spec.name);
    }
    expect(bundledSpec('no-such-family')).toBeNull();
  });

  it('numbers attributes from 1, honours value:, subset-of and enum/flags values', () => {
    const netdev = bundledSpec('netdev')!;
    const dev = netdev.attributeSets.get('dev')!;
    expect(dev.byName.get('ifindex')?.value).toBe(1);
    expect(dev.byName.get('xdp-features')?.value).toBe(3);
    const stats = netdev.attributeSets.get('qstats')!;
    expect(stats.byName.get('rx-packets')?.value).toBe(8);
    expect(stats.byName.get('rx-bytes')?.value).toBe(9);
    const sub = netdev.attributeSets.get('page-pool-info')!;
    expect(sub.byName.get('ifindex')).toMatchObject({ value: 2, type: 'u32' });
    expect(netdev.definitions.get('xdp-act')?.byName.get('redirect')).toBe(2);
    expect(netdev.definitions.get('queue-type')?.byValue.get(1)).toBe('tx');
    expect(opByName(netdev, 'qstats-get')?.value).toBe(12);
    expect(opByValue(netdev, 1)?.name).toBe('dev-get');
  });

  it('directional op numbering (nlctrl, ethtool)', () => {
    const ctrl = bundledSpec('nlctrl')!;
    expect(opByName(ctrl, 'getfamily')).toMatchObject({ value: 3, replyValue: 1 });
    expect(opByReplyValue(ctrl, 1)?.name).toBe('getfamily');
    const eth = bundledSpec('ethtool')!;
    expect(opByName(eth, 'privflags-get')).toMatchObject({ value: 13, replyValue: 14 });
    expect(opByReplyValue(eth, 14)?.name).toBe('privflags-get');
    expect(opByName(eth, 'privflags-set')?.replyValue).toBe(-1);
  });

  it('a user spec in JSON with the same structure', () => {
    const s = parseSpecText(
      JSON.stringify({
        name: 'demo',
        'attribute-sets': [{ name: 'a', attributes: [{ name: 'x', type: 'u8', value: 5 }, { name: 'y' }] }],
        operations: { list: [{ name: 'get', value: 7, 'attribute-set': 'a', do: {} }, { name: 'next' }] },
      }),
      'demo.json',
    );
    expect(s.attributeSets.get('a')?.byName.get('y')).toMatchObject({ value: 6, type: 'binary' });
    expect(s.ops.map((o) => [o.name, o.value])).toEqual([
      ['get', 7],
      ['next', 8],
    ]);
    expect(() => parseSpecText('just a string', 'bad.yaml')).toThrow(/not a YNL spec/);
  });
});
