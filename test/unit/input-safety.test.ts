/** Issue 10 items 4 and 6: bounded inputs, streaming batch, readable errors for bad files and arguments. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NLTS } from '../support/cli.js';
import { batchItems, linesOf, parseBatch } from '../../src/cli/batch.js';
import { recoverArgvBytes } from '../../src/cli/argv.js';
import {
  BoundedLineReader,
  InputFileError,
  LINE_TOO_LONG,
  readFileBounded,
} from '../../src/netlink/bounded-read.js';
import { decodeBytesLossless, encodeTextLossless, escapeForDisplay } from '../../src/netlink/codec/text.js';
import { AttributeEncoder } from '../../src/netlink/codec/attributes.js';
import { Replayer } from '../../src/netlink/recording.js';
import { buildAttributes } from '../../src/commands/raw/attrs.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nlts-input-'));

/** The real CLI with a deadline, so a hang fails the test instead of hanging it. */
function cli(args: string[], timeout = 10_000): { code: number; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [NLTS, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout,
    killSignal: 'SIGKILL',
    input: '',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

function oneCleanLine(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/bad_alloc|Cannot read properties|Maximum call stack|TypeError|at .*\.js:\d+/);
}

describe('bounded inputs (/dev/zero never aborts with std::bad_alloc)', () => {
  it.each([
    [['-batch', '/dev/zero'], /batch line 1 is longer than 64 KiB/],
    [
      ['raw', 'send', '--proto', 'route', '--type', 'RTM_GETLINK', '--file', '/dev/zero'],
      /larger than 1 MiB/,
    ],
    [['--replay', '/dev/zero', 'link', 'show'], /^nlts: cannot replay \/dev\/zero: larger than 256 MiB/],
  ])('nlts %j fails fast with one line', (args, message) => {
    const r = cli(args as string[], 15_000);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(-1); // not killed by the deadline
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr).toMatch(message as RegExp);
    // -batch adds ip's "Command failed FILE:LINE" after the line's error.
    oneCleanLine(r.stderr.replace(/\nCommand failed \/dev\/zero:1\n$/, '\n'));
  });

  it('readFileBounded stops at the bound', () => {
    expect(() => readFileBounded('/dev/zero', 1000, 'thing')).toThrow(InputFileError);
    expect(() => readFileBounded('/dev/zero', 1000, 'thing')).toThrow(
      /thing "\/dev\/zero" is larger than 1000 bytes/,
    );
  });

  it('a line reader gives each line as it is complete and drops a too-long one without holding it', () => {
    const f = path.join(dir, 'lines');
    writeFileSync(f, `a\n${'x'.repeat(100)}\nb\n${'y'.repeat(300)}`);
    const fd = openSync(f, 'r');
    try {
      const r = new BoundedLineReader(fd, 50, 16);
      expect(r.next()?.toString()).toBe('a');
      expect(r.next()).toBe(LINE_TOO_LONG);
      expect(r.next()?.toString()).toBe('b');
      expect(r.next()).toBe(LINE_TOO_LONG);
      expect(r.next()).toBeNull();
    } finally {
      closeSync(fd);
    }
  });
});

describe('batch lines as ip reads them (getcmdline + makeargs)', () => {
  const items = (text: string | Uint8Array, max?: number): unknown[] => [...batchItems(linesOf(text), max)];

  it('keeps the old whole-text parser', () => {
    expect(parseBatch('link show lo # c\nlink set dev x alias "a b" \\\n mtu 1\n')).toEqual([
      { line: 1, words: ['link', 'show', 'lo'] },
      { line: 3, words: ['link', 'set', 'dev', 'x', 'alias', 'a b', 'mtu', '1'] },
    ]);
  });
  it('a NUL ends the line: the rest is not seen, not even a continuation', () => {
    expect(items('link show lo\0 garbage\nlink show\0\\\ndev lo\n')).toEqual([
      { line: 1, words: ['link', 'show', 'lo'] },
      { line: 2, words: ['link', 'show'] },
      { line: 3, words: ['dev', 'lo'] },
    ]);
  });
  it('a backslash cut off by a comment does not continue the line', () => {
    expect(items('link show \\# c\ndev lo\n')).toEqual([
      { line: 1, words: ['link', 'show', '\\'] },
      { line: 2, words: ['dev', 'lo'] },
    ]);
  });
  it('a missing continuation line ends the batch; an unterminated quote is fatal', () => {
    expect(items('link show lo\nlink \\\n')).toEqual([
      { line: 1, words: ['link', 'show', 'lo'] },
      { line: 2, error: 'Missing continuation line', end: true },
    ]);
    expect(items('link set alias "oops\nlink show\n')).toEqual([
      { line: 1, error: 'Unterminated quoted string', fatal: true },
    ]);
  });
  it('a line (or joined command) over the bound is an error for that command only', () => {
    const long = `link ${'x'.repeat(100)}`;
    expect(items(`${long}\nlink show lo\na ${'y'.repeat(40)} \\\n${'y'.repeat(40)}\nb\n`, 64)).toEqual([
      { line: 1, error: 'nlts: batch line 1 is longer than 64 bytes; it was not run' },
      { line: 2, words: ['link', 'show', 'lo'] },
      { line: 4, error: 'nlts: batch line 4 is longer than 64 bytes; it was not run' },
      { line: 5, words: ['b'] },
    ]);
  });
  it('bytes that are not UTF-8 survive', () => {
    const got = items(Buffer.from('link show dev ab\xff\n', 'latin1')) as { words: string[] }[];
    expect(Buffer.from(encodeTextLossless(got[0]!.words[3]!))).toEqual(Buffer.from([0x61, 0x62, 0xff]));
  });
});

describe('names that are not UTF-8', () => {
  it('decode and encode without loss', () => {
    for (const bytes of [
      [0x61, 0x62, 0xff],
      [0xc3],
      [0xed, 0xb2, 0x80],
      [0xf0, 0x9f, 0x98, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      const s = decodeBytesLossless(Uint8Array.from(bytes));
      expect([...encodeTextLossless(s)]).toEqual(bytes);
    }
    expect(decodeBytesLossless(Buffer.from('héllo'))).toBe('héllo');
  });
  it('IFLA_IFNAME carries the bytes', () => {
    const b = new AttributeEncoder()
      .string(3, decodeBytesLossless(Uint8Array.from([0x61, 0x62, 0xff])))
      .finish();
    expect([...b.subarray(4, 8)]).toEqual([0x61, 0x62, 0xff, 0]);
  });
  it('argv words with U+FFFD are taken from /proc/self/cmdline', () => {
    const cmdline = Buffer.from('node\0/x/bin/nlts.js\0-n\0ns\0link\0show\0dev\0ab\xff\0', 'latin1');
    const args = ['-n', 'ns', 'link', 'show', 'dev', 'ab\ufffd'];
    const got = recoverArgvBytes(args, () => cmdline);
    expect(got.slice(0, 5)).toEqual(args.slice(0, 5));
    expect([...encodeTextLossless(got[5]!)]).toEqual([0x61, 0x62, 0xff]);
    // A cmdline that does not match changes nothing.
    expect(recoverArgvBytes(args, () => Buffer.from('node\0x\0other\xfe\0', 'latin1'))).toEqual(args);
  });
  it('escapes for one-line display', () => {
    expect(escapeForDisplay('a\nb\x1b[31m\tc\udcff')).toBe('a\\nb\\x1b[31m\\tc\\xff');
  });
});

describe('malformed recordings: one readable line', () => {
  const good = { format: 'nlts-netlink-recording', version: 1, kernel: 'k', command: 'nlts link' };
  it.each([
    ['not json', '{"format":', /not JSON/],
    ['an array', '[]', /the file: not a JSON object/],
    ['no sockets', JSON.stringify(good), /sockets: missing/],
    ['socket not an object', JSON.stringify({ ...good, sockets: [3] }), /sockets\[0\]: not an object/],
    [
      'protocol a string',
      JSON.stringify({ ...good, sockets: [{ protocol: 'x', exchanges: [] }] }),
      /sockets\[0\]\.protocol/,
    ],
    [
      'missing exchanges',
      JSON.stringify({ ...good, sockets: [{ protocol: 0 }] }),
      /sockets\[0\]\.exchanges: missing/,
    ],
    [
      'odd hex',
      JSON.stringify({ ...good, sockets: [{ protocol: 0, exchanges: [{ request: 'abc', replies: [] }] }] }),
      /request: hex of odd length/,
    ],
    [
      'reply of the wrong type',
      JSON.stringify({ ...good, sockets: [{ protocol: 0, exchanges: [{ request: null, replies: [5] }] }] }),
      /replies\[0\]: not a hex string or an object/,
    ],
    [
      'reply without data',
      JSON.stringify({ ...good, sockets: [{ protocol: 0, exchanges: [{ request: null, replies: [{}] }] }] }),
      /replies\[0\]\.data: not a hex string/,
    ],
    ['facts an array', JSON.stringify({ ...good, sockets: [], facts: [] }), /facts: not an object/],
  ])('%s', (_name, text, message) => {
    const f = path.join(dir, `rec-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, text as string);
    expect(() => Replayer.load(f)).toThrow(InputFileError);
    expect(() => Replayer.load(f)).toThrow(message as RegExp);
    const r = cli(['--replay', f, '-j', 'link', 'show']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^nlts: cannot replay ${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `),
    );
    oneCleanLine(r.stderr);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { kind: 'input' } });
  });
  it('a missing file', () => {
    const r = cli(['--replay', path.join(dir, 'nope.json'), 'link', 'show']);
    expect(r.stderr).toMatch(/cannot replay .*nope\.json: No such file or directory/);
    oneCleanLine(r.stderr);
  });
  it('a fact of the wrong shape', () => {
    const f = path.join(dir, 'fact.json');
    writeFileSync(f, JSON.stringify({ ...good, sockets: [], facts: { 'named-netns-by-nsid': 5 } }));
    expect(() => Replayer.load(f).fact('named-netns-by-nsid')).toThrow(
      /facts\.named-netns-by-nsid: not a list/,
    );
  });
});

describe('raw --attr nesting is bounded', () => {
  it('a path deeper than 32 levels is a usage error, not a stack overflow', () => {
    expect(() => buildAttributes([`${Array(100_000).fill('1').join('.')}:u8=1`])).toThrow(
      /type path of 100000 levels is deeper than 32/,
    );
    expect(buildAttributes([`${Array(32).fill('1').join('.')}:u8=1`]).length).toBeGreaterThan(0);
  });
  it('through the CLI', () => {
    const r = cli([
      'raw',
      'send',
      '--proto',
      'route',
      '--type',
      'RTM_GETLINK',
      '--attr',
      `${Array(5000).fill('1').join('.')}:u8=1`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deeper than 32/);
    oneCleanLine(r.stderr);
  });
});

describe('--record and --replay', () => {
  it('together are a usage error (255)', () => {
    const f = path.join(dir, 'r.json');
    const r = cli(['--record', f, '--replay', f, 'link', 'show']);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('nlts: --record and --replay cannot be used together\n');
  });
  it('an unwritable recording fails before the command runs', () => {
    const r = cli(['--record', '/nonexistent-dir/x.json', 'link', 'show', 'lo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'nlts: cannot write the recording "/nonexistent-dir/x.json": No such file or directory\n',
    );
  });
});
