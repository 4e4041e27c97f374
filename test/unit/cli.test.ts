import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION, run } from '../../src/cli/main.js';
import { OBJECTS } from '../../src/registry/registry.js';
import { StringOutput } from '../../src/output/output.js';

/** Run the CLI in-process: handlers write to output objects, so no mocks are needed. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const code = await run(args, { stdout, stderr, isTTY: false, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('CLI errors are for people', () => {
  it('unknown object: ip-like line, exit 255, no stack', async () => {
    const r = await cli(['frobnicate']);
    expect(r).toEqual({
      code: 255,
      stdout: '',
      stderr: 'Object "frobnicate" is unknown, try "nlts help".\n',
    });
  });
  it('unknown object with -j keeps stdout JSON', async () => {
    const r = await cli(['-j', 'frobnicate']);
    expect(r.code).toBe(255);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { kind: 'usage', message: 'Object "frobnicate" is unknown, try "nlts help".' },
    });
  });
  it('unknown link command: exit 255 like ip', async () => {
    const r = await cli(['link', 'frob']);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Command "frob" is unknown, try "nlts link help".\n');
  });
  it('duplicate device argument', async () => {
    const r = await cli(['link', 'show', 'dev', 'a', 'b']);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Error: either "dev" is duplicate, or "b" is a garbage.\n');
  });
  it('a replay file that does not exist', async () => {
    const r = await cli(['--replay', '/nonexistent/x.json', 'link']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('nlts: cannot replay /nonexistent/x.json: No such file or directory\n');
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
  it('no object: usage on stderr, exit 255; help: usage on stdout, exit 0', async () => {
    const none = await cli([]);
    expect(none.code).toBe(255);
    expect(none.stderr).toMatch(/^Usage: nlts/);
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: nlts/);
    const linkHelp = await cli(['link', 'help']);
    expect(linkHelp.code).toBe(0);
    expect(linkHelp.stdout).toMatch(/^Usage: nlts link add /);
  });
  it('-V, -Version and --version print the version, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(version);
    for (const flag of ['-V', '-Version', '--version', '-Ver']) {
      expect(await cli([flag]), flag).toEqual({
        code: 0,
        stdout: `nlts utility, nlts-${version}\n`,
        stderr: '',
      });
    }
  });
  it('help asked for goes to stdout with exit 0, for every object (OBJECT help and OBJECT --help)', async () => {
    const failures: string[] = [];
    for (const o of OBJECTS.filter((e) => e.usage)) {
      for (const h of ['help', '--help']) {
        const r = await cli([o.words[0]!, h]);
        if (r.code !== 0 || !r.stdout.includes('Usage') || r.stderr !== '')
          failures.push(`${o.words[0]} ${h}: rc ${r.code}, stderr ${JSON.stringify(r.stderr.slice(0, 60))}`);
      }
    }
    expect(failures).toEqual([]);
    for (const args of [['help'], ['--help'], ['-help'], ['completion', 'help']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Usage: nlts/);
    }
  });
});

describe('a missing native addon', () => {
  it('is one line naming the fix, exit 1, both from the bundle and from dist/ modules', () => {
    // A copy of bin/ and dist/ with no build/: what a checkout looks like before npm install built it.
    const root = mkdtempSync(path.join(tmpdir(), 'nlts-noaddon-'));
    try {
      const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
      for (const d of ['bin', 'dist'])
        cpSync(path.join(repo, d), path.join(root, d), { recursive: true, preserveTimestamps: true });
      cpSync(path.join(repo, 'package.json'), path.join(root, 'package.json'));
      symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
      for (const bundle of ['1', '0']) {
        const r = spawnSync(process.execPath, [path.join(root, 'bin/nlts.js'), 'link', 'show', 'lo'], {
          encoding: 'utf8',
          env: { ...process.env, NLTS_BUNDLE: bundle },
        });
        expect([r.status, r.stdout, r.stderr]).toEqual([
          1,
          '',
          'nlts: native addon not built: run npm install\n',
        ]);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
