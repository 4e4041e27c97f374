import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

const FETCH = path.join(ROOT, 'scripts/fetch-linux-source.sh');

/**
 * The pinned Debian linux-source tree (kernel YNL specs, UAPI headers, tools/net/ynl),
 * fetched once into a cache by scripts/fetch-linux-source.sh; or why it cannot be had
 * here, for the caller to print when it skips.
 */
export function linuxSourceTree(): { dir: string } | { reason: string } {
  const args = process.env.NLTS_LINUX_SOURCE_CACHE ? [process.env.NLTS_LINUX_SOURCE_CACHE] : [];
  const r = spawnSync(FETCH, args, { encoding: 'utf8', timeout: 20 * 60_000 });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || `exit ${r.status ?? r.signal}`).trim().split('\n').pop();
    return { reason: `${path.relative(ROOT, FETCH)} failed: ${why}` };
  }
  const dir = r.stdout.trim().split('\n').pop() ?? '';
  if (!existsSync(path.join(dir, 'Documentation/netlink/specs'))) {
    return {
      reason: `${path.relative(ROOT, FETCH)} printed "${dir}", which holds no Documentation/netlink/specs`,
    };
  }
  return { dir };
}
