import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { StringOutput } from '../../src/output/output.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the real CLI entry (argument parsing, dispatch, error reporting)
 * in-process against a recording, exactly as `nlts --replay FILE ARGV…`.
 */
export async function replayCli(recording: string, argv: string[]): Promise<Ran> {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const code = await run(['--replay', recording, ...argv], { stdout, stderr, isTTY: false, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * One test per recorded case: NAME.recording.json replayed with the argv
 * stored in NAME.expect.json must give NAME.stdout, the stored stderr and
 * the stored exit status. A missing fixture fails (re-record and commit).
 */
export function goldenCases(dir: string, cases: { name: string; args: string[] }[]): void {
  for (const c of cases) {
    it(`${c.name}: nlts ${c.args.join(' ')}`, async () => {
      const rec = path.join(dir, `${c.name}.recording.json`);
      expect(existsSync(rec), `${rec} is missing`).toBe(true);
      const expected = JSON.parse(readFileSync(path.join(dir, `${c.name}.expect.json`), 'utf8')) as {
        argv: string[];
        exit: number;
        stderr: string;
      };
      const r = await replayCli(rec, expected.argv);
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(readFileSync(path.join(dir, `${c.name}.stdout`), 'utf8'));
      expect(r.code).toBe(expected.exit);
    });
  }
}

/** The real CLI entry in-process against the kernel: `nlts ARGV…` without spawning a process. */
export async function runCli(argv: string[]): Promise<Ran> {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const code = await run(argv, { stdout, stderr, isTTY: false, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
