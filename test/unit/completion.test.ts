import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { completeWords, completionScript, tableNames } from '../../src/cli/completion.js';
import { OBJECTS, findObject, monitorObjects } from '../../src/registry/registry.js';
import { VERBS } from '../../src/registry/verbs.js';
import { NLTS, ROOT } from '../support/cli.js';

function which(tool: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const provided = OBJECTS.filter((o) => o.usage && (o as { provided?: false }).provided !== false);

describe('completion candidates come from the registry', () => {
  it('every listed object has its verbs, and offers them', async () => {
    for (const o of provided) {
      if (o.name === 'help') continue;
      expect(VERBS[o.name], o.name).toBeDefined();
    }
    for (const name of Object.keys(VERBS)) expect(OBJECTS.map((o) => o.name)).toContain(name);
    expect(await completeWords([''])).toEqual([...provided.map((o) => o.words[0]), 'completion']);
  });
  it("verbs resolve with ip's abbreviations", async () => {
    expect(await completeWords(['l'])).toEqual(['link']);
    expect(await completeWords(['link', 's'])).toEqual(['set', 'show']);
    // "ro" is route, "r" matches route first in ip's table, so its verbs follow.
    expect(findObject('r')?.name).toBe('route');
    expect(await completeWords(['r', 'sh'])).toEqual(['show', 'showdump']);
    expect(await completeWords(['ro', 'l', 'ta'])).toEqual(['table']);
  });
  it('keywords of a verb, then the names a keyword takes', async () => {
    const ifaces = listDir('/sys/class/net');
    expect(await completeWords(['link', 'show', 'dev', ''])).toEqual(ifaces);
    expect(await completeWords(['-j', 'link', 'sh', 'ma'])).toEqual(['master']);
    expect(await completeWords(['route', 'show', 'table', ''])).toEqual(tableNames());
    expect(tableNames()).toEqual(expect.arrayContaining(['main', 'local', 'default']));
    expect(await completeWords(['-n', ''])).toEqual(listDir('/var/run/netns'));
    expect(await completeWords(['monitor', ''])).toEqual(
      expect.arrayContaining(monitorObjects().map((m) => m.rtnl.monitor.word)),
    );
    expect(await completeWords(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(await completeWords(['-js'])).toEqual(['-json']);
  });
  it('nothing for an unknown object or verb', async () => {
    expect(await completeWords(['frob', ''])).toEqual([]);
    expect(await completeWords(['link', 'frob', ''])).toEqual([]);
  });
});

const built = existsSync(path.join(ROOT, 'dist', 'cli', 'completion.js'));
if (!built)
  console.warn('SKIPPED shell completion tests: dist/ is not built (npx tsc -p tsconfig.build.json)');

describe.skipIf(!built)('the shell scripts call back nlts __complete', () => {
  // An `nlts` on PATH that runs this tree, as an installed one would.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nlts-complete-'));
  const wrapper = path.join(dir, 'nlts');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${NLTS}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function bashComplete(words: string[]): string[] {
    const script = `eval "$(nlts completion bash)"
COMP_WORDS=(nlts ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}
_nlts; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['-c', script], { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it('bash: objects, verbs, keywords and interface names', () => {
    expect(bashComplete(['l'])).toEqual(['link']);
    expect(bashComplete(['link', 'sh'])).toEqual(['show']);
    expect(bashComplete(['link', 'show', 'dev', ''])).toEqual(listDir('/sys/class/net'));
    expect(bashComplete(['-j', 'route', 'show', 'table', 'ma'])).toEqual(['main']);
    expect(bashComplete(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('the script for each shell is the one from completionScript()', () => {
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const r = spawnSync(wrapper, ['completion', shell], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(completionScript(shell));
      expect(r.stdout).toContain('nlts __complete');
    }
    const bad = spawnSync(wrapper, ['completion', 'tcsh'], { encoding: 'utf8' });
    expect(bad.status).toBe(255);
    expect(bad.stderr).toBe('Usage: nlts completion { bash | zsh | fish }\n');
  });

  const zsh = which('zsh');
  if (!zsh) console.warn('SKIPPED zsh completion test: zsh is not installed');
  it.skipIf(!zsh)('zsh: the function offers the candidates', () => {
    // compadd only works inside the completion system: record what it is given instead.
    const script = `eval "$(nlts completion zsh | sed '$d')"
compadd() { shift; print -l -- "\${(@P)1}"; }
words=(nlts link sh); CURRENT=3; _nlts`;
    const r = spawnSync(zsh!, ['-f', '-c', script], { env, encoding: 'utf8' });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['show']);
  });

  const fish = which('fish');
  if (!fish) console.warn('SKIPPED fish completion test: fish is not installed');
  it.skipIf(!fish)('fish: complete -C offers the candidates', () => {
    const r = spawnSync(fish!, ['-c', 'nlts completion fish | source; complete -C "nlts link sh"'], {
      env,
      encoding: 'utf8',
    });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['show']);
  });
});
