import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FILES_FACT,
  IprouteNames,
  envFiles,
  parseIdNames,
  type RecordedFiles,
} from '../../src/iproute/names.js';
import { ReplayMismatchError } from '../../src/netlink/recording.js';

const DSFIELD = '# Differentiated field values\n0x0\tdefault\n0x28\tAF11\n0x30\tAF12\n0x20\tCS1\n0xB8\tEF\n';

describe('iproute name database (pure: texts in, names out)', () => {
  it('rt_dsfield: names like rtnl_dsfield_n2a, hex otherwise, a2n in base 16', () => {
    const db = IprouteNames.fromTexts({ '/etc/iproute2/rt_dsfield': DSFIELD });
    expect(db.dsfieldName(0x28)).toBe('AF11');
    expect(db.dsfieldName(0xb8)).toBe('EF');
    expect(db.dsfieldName(0x2c)).toBe('0x2c');
    expect(db.dsfieldId('AF11')).toBe(0x28);
    expect(db.dsfieldId('0x28')).toBe(0x28);
    expect(db.dsfieldId('28')).toBe(0x28);
    expect(db.dsfieldId('100')).toBeUndefined();
    expect(IprouteNames.fromTexts({ '/etc/iproute2/rt_dsfield': DSFIELD }, true).dsfieldName(0x28)).toBe(
      '0x28',
    );
  });
  it('tables (with rt_tables.d), protocols, scopes, realms, groups', () => {
    const db = IprouteNames.fromTexts(
      {
        '/etc/iproute2/rt_tables': '100 blue\n',
        '/etc/iproute2/rt_tables.d/a.conf': '5000 big\n',
        '/etc/iproute2/rt_protos': '99 openr\n',
        '/etc/iproute2/rt_realms': '0 cosmos\n5 five\n',
        '/etc/iproute2/group': '0\tdefault\n7 seven\n',
      },
      false,
      { '/etc/iproute2/rt_tables.d': ['a.conf'] },
    );
    expect(db.tableName(100)).toBe('blue');
    expect(db.tableName(5000)).toBe('big');
    expect(db.tableId('big')).toBe(5000);
    expect(db.tableName(254)).toBe('main');
    expect(db.protocolName(99)).toBe('openr');
    expect(db.protocolId('static')).toBe(4);
    expect(db.scopeName(253)).toBe('link');
    // ip's lazy tables: a built-in name until a file is read, then the file's
    expect(db.realmName(0)).toBe('unknown');
    expect(db.realmName(5)).toBe('five');
    expect(db.realmName(0)).toBe('cosmos');
    expect(db.groupName(7)).toBe('seven');
    expect(db.groupId('seven')).toBe(7);
    expect(db.groupId('010')).toBe(8);
  });
  it('fread_id_name lines', () => {
    expect(parseIdNames('# c\n1 one\n0x10\tsixteen # note\n5five\nbad line\n9 nine\n')).toEqual([
      [1, 'one'],
      [16, 'sixteen'],
      [5, 'five'],
    ]);
  });
});

describe('iproute name files as one recorded fact', () => {
  it('records each file once under one key, and replays without reading', () => {
    const facts: Record<string, unknown> = {};
    const reads: string[] = [];
    const recEnv = {
      opts: { numeric: false },
      readFile: (p: string) => (reads.push(p), p.endsWith('rt_dsfield') ? DSFIELD : null),
      fact: <T>(k: string, c: () => T): T => (facts[k] = c()) as T,
    };
    const db = IprouteNames.forEnv(recEnv);
    expect(db.dsfieldName(0x28)).toBe('AF11');
    expect(db.dsfieldName(0x30)).toBe('AF12');
    expect(IprouteNames.forEnv(recEnv).groupName(0)).toBe('default');
    expect(reads.filter((p) => p.endsWith('rt_dsfield'))).toHaveLength(1);
    const rec = facts[FILES_FACT] as RecordedFiles;
    expect(Object.keys(facts)).toEqual([FILES_FACT]);
    expect(rec.files['/etc/iproute2/rt_dsfield']).toBe(DSFIELD);

    const replayEnv = {
      opts: { numeric: false },
      readFile: (): string | null => {
        throw new Error('a replay must not read files');
      },
      fact: <T>(k: string): T => {
        if (!(k in facts)) throw new ReplayMismatchError(`no fact ${k}`);
        return facts[k] as T;
      },
    };
    expect(IprouteNames.forEnv(replayEnv).dsfieldName(0x28)).toBe('AF11');
  });
  it('replays recordings made with the old keys', () => {
    const old: Record<string, unknown> = {
      'iproute2-route-names': {
        rt_tables: '100 blue\n',
        rt_tables_d: [['x.conf', '5000 big\n']],
        rt_protos: null,
        rt_protos_d: [],
        rt_scopes: null,
        rt_realms: null,
      },
      'file:/etc/iproute2/rt_scopes': '200 campus\n',
    };
    const env = {
      opts: { numeric: false },
      readFile: (): string | null => {
        throw new Error('a replay must not read files');
      },
      fact: <T>(k: string): T => {
        if (!(k in old)) throw new ReplayMismatchError(`no fact ${k}`);
        return old[k] as T;
      },
    };
    const files = envFiles(env);
    const db = new IprouteNames(files);
    expect(db.tableName(5000)).toBe('big');
    expect(db.tableName(100)).toBe('blue');
    expect(db.scopeId('campus')).toBe(200);
    expect(db.groupName(0)).toBe('default');
  });
});

describe('parseIdNames scanner against the regular expression it replaced', () => {
  /** The former implementation: the oracle. */
  function byRegex(text: string): [number, string][] {
    const out: [number, string][] = [];
    for (const raw of text.split('\n')) {
      const line = raw.replace(/^[ \t]+/, '');
      if (line === '' || line.startsWith('#')) continue;
      const m = /^(?:0x([0-9a-fA-F]+)(?![0-9a-fA-F])|([-+]?\d+)(?!\d))\s*(\S+)/.exec(line);
      if (!m) break;
      out.push([m[1] !== undefined ? parseInt(m[1], 16) | 0 : Number(m[2]) | 0, m[3]!]);
    }
    return out;
  }

  it.each([
    '0x10 ten\n16 sixteen # c\n',
    '0x name\n',
    '0x10\n',
    '0xZZ n',
    '  \t-5 minus\n+7\tplus',
    '12abc',
    '99999999999 big',
    '0x7fffffff top\n0xffffffff all',
    '5\u00a0nbsp\n6\u2028ls\n7\ufeffbom',
    'name first\n1 never',
  ])('%j', (text) => {
    expect(parseIdNames(text)).toEqual(byRegex(text));
  });

  it('any text over the characters that matter parses the same', () => {
    const unit = fc.constantFrom(
      '0',
      'x',
      '1',
      '9',
      'a',
      'F',
      'g',
      '+',
      '-',
      ' ',
      '\t',
      '\n',
      '#',
      'n',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\u3000',
      '\u00e9',
      '\v',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = units.join('');
        expect(parseIdNames(text)).toEqual(byRegex(text));
      }),
      { numRuns: 5000 },
    );
  });
});
