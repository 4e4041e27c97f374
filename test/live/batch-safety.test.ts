/** Issue 10 items 4 and 6, live: streaming -batch, NUL lines, groups, byte names, EPERM, escaping, --record. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS, ip } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live batch-safety tests: ${skip}`);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI with a deadline; argv words may be Buffers (bytes that are not UTF-8). */
function cli(args: string[], opts: { input?: Buffer | string; pre?: string[] } = {}): Ran {
  const pre = opts.pre ?? [];
  const r = spawnSync(
    pre[0] ?? process.execPath,
    [...pre.slice(1), ...(pre.length ? [process.execPath] : []), NLTS, ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 15_000,
      killSignal: 'SIGKILL',
      input: opts.input ?? '',
    },
  );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(skip !== null)('live: bounded and careful input', () => {
  let ns: { name: string; delete(): void; ip(a: string[]): string };
  let dir: string;
  beforeAll(() => {
    ns = Netns.create('nlts-b10');
    dir = mkdtempSync(path.join(tmpdir(), 'nlts-b10-'));
  });
  afterAll(() => ns?.delete());

  it('-batch - runs each line as it arrives (output before stdin closes)', async () => {
    const child = spawn(process.execPath, [NLTS, '-n', ns.name, '-batch', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    const sawFirst = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 10_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/^1: lo: /m.test(out)) {
          clearTimeout(t);
          resolve(true);
        }
      });
    });
    child.stdin.write('link show lo\n'); // and keep the pipe open
    const first = await sawFirst;
    const stdinStillOpen = child.exitCode === null && !child.stdin.writableEnded;
    child.stdin.end('link show dev lo\n');
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('close', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(first).toBe(true);
    expect(stdinStillOpen).toBe(true);
    expect(code).toBe(0);
    expect(out.match(/^1: lo: /gm)).toHaveLength(2);
  });

  it('a NUL ends a batch line, as in ip', () => {
    const file = path.join(dir, 'nul');
    writeFileSync(file, Buffer.from('link show lo\0 garbage words\nlink show dev lo # c\n', 'latin1'));
    const theirs = ip(['-n', ns.name, '-batch', file]);
    const ours = cli(['-n', ns.name, '-batch', file]);
    expect(theirs.code).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.code).toBe(theirs.code);
  });

  it('a too-long batch line is an error for that line; -force goes on', () => {
    const input = `${'x'.repeat(70_000)}\nlink show lo\n`;
    const r = cli(['-n', ns.name, '-force', '-batch', '-'], { input });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('nlts: batch line 1 is longer than 64 KiB; it was not run\nCommand failed -:1\n');
    expect(r.stdout).toMatch(/^1: lo: /);
  });

  it.each(['-1', '4294967296', '2147483648', '1x'])('link set group %s is refused', (g) => {
    const before = ns.ip(['-j', 'link', 'show', 'lo']);
    const r = cli(['-n', ns.name, 'link', 'set', 'dev', 'lo', 'group', g]);
    expect(r.code).toBe(255);
    // ip's invarg message, its blank line included.
    expect(r.stderr).toBe(`Error: argument "${g}" is wrong: Invalid "group" value\n\n`);
    expect(ns.ip(['-j', 'link', 'show', 'lo'])).toBe(before);
  });
  it('link set group 2147483647 (the largest ip takes) works', () => {
    expect(cli(['-n', ns.name, 'link', 'set', 'dev', 'lo', 'group', '2147483647']).code).toBe(0);
    expect(JSON.parse(ns.ip(['-j', 'link', 'show', 'lo']))[0].group).toBe('2147483647');
    ns.ip(['link', 'set', 'dev', 'lo', 'group', 'default']);
  });

  it('an interface whose name is not UTF-8 can be named', () => {
    // argv cannot carry such bytes from Node (it would encode them as UTF-8): bash's printf makes them.
    const sh = (script: string): Ran => {
      const r = spawnSync('bash', ['-c', `A=$(printf 'ab\\377'); B=$(printf 'ab\\376'); ${script}`], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', NS: ns.name, NODE: process.execPath, NLTS },
        timeout: 15_000,
        killSignal: 'SIGKILL',
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const mtu = (v: 'A' | 'B'): number =>
      Number(/ mtu (\d+) /.exec(sh(`ip -n "$NS" -o link show dev "$${v}"`).stdout)![1]);
    expect(sh('ip -n "$NS" link add "$A" type veth peer name "$B"').code).toBe(0);
    const index = Number(/^(\d+):/.exec(sh('ip -n "$NS" -o link show dev "$A"').stdout)![1]);
    const shown = sh('"$NODE" "$NLTS" -n "$NS" -j link show dev "$A"');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)[0].ifindex).toBe(index);
    const set = sh('"$NODE" "$NLTS" -n "$NS" link set dev "$A" mtu 1400');
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(mtu('A')).toBe(1400);
    expect(mtu('B')).toBe(1500);
    // The same from a batch line.
    const b = sh('printf "link set dev %s mtu 1300\\n" "$B" | "$NODE" "$NLTS" -n "$NS" -batch -');
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(mtu('B')).toBe(1300);
    expect(mtu('A')).toBe(1400);
  });

  it('with -j, EPERM from the kernel keeps errno and code', () => {
    const r = cli(['-j', '-n', ns.name, 'link', 'set', 'lo', 'mtu', '1000'], {
      pre: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
    });
    expect(r.code).not.toBe(0);
    const e = JSON.parse(r.stdout) as { error: { errno: number; code: string } };
    expect(e.error).toMatchObject({ errno: 1, code: 'EPERM' });
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['a\nb', 'Device "a\\nb" does not exist.\n'],
    ['\x1b[31m', 'Device "\\x1b[31m" does not exist.\n'],
  ])('an error naming %j is one escaped line; the JSON keeps the text', (dev, line) => {
    const r = cli(['-n', ns.name, 'link', 'show', 'dev', dev]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(line);
    const j = cli(['-j', '-n', ns.name, 'link', 'show', 'dev', dev]);
    expect(j.stderr).toBe(line);
    expect(JSON.parse(j.stdout).error.message).toBe(`Device "${dev}" does not exist.`);
  });

  it('--record to a path that cannot be written fails before the change is made', () => {
    const r = cli([
      '--record',
      path.join(dir, 'no', 'such', 'dir.json'),
      '-n',
      ns.name,
      'link',
      'set',
      'lo',
      'mtu',
      '1300',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^nlts: cannot write the recording ".*": No such file or directory\n$/);
    expect(JSON.parse(ns.ip(['-j', 'link', 'show', 'lo']))[0].mtu).toBe(65536);
  });
});
