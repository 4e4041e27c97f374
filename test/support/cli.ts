import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NLTS = path.join(ROOT, 'bin', 'nlts.js');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real CLI (bin/nlts.js over dist/) as a user would. */
export function nlts(args: string[], env: NodeJS.ProcessEnv = {}): Ran {
  const r = spawnSync(process.execPath, [NLTS, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function ip(args: string[]): Ran {
  const r = spawnSync('ip', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * nlts names the request attribute a kernel extack points at ("(attribute
 * IFAL_ADDRESS)"), which ip does not print: compare stderr with ip's without it.
 */
export function withoutAttributeName(stderr: string): string {
  return stderr.replace(/ \(attribute [A-Za-z0-9_.]+\)/g, '');
}
