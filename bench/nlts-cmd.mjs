// The command a bench times for nlts by default: what bin/nlts.js's `#!` line runs, i.e. node with
// the options that line gives (`#!/usr/bin/env -S node --v8-pool-size=1`) and the file, started
// directly. Only the exec of /usr/bin/env itself (~2 ms here) is left out, as every session's
// figures left it out when the line was a plain `#!/usr/bin/env node`; startup.mjs also times the
// file run through its `#!` line, so that difference is measured too.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** [node, ...options of the `#!` line, bin/nlts.js] for the tree at `root`. */
export function nltsCommand(root) {
  const bin = path.join(root, 'bin', 'nlts.js');
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0];
  const words = first
    .replace(/^#!\s*/, '')
    .split(/\s+/)
    .filter(Boolean);
  // /usr/bin/env [-S] node OPTIONS...
  const at = words.indexOf('node');
  if (at < 0) throw new Error(`${bin}: a #! line without node: ${first}`);
  return [process.execPath, ...words.slice(at + 1), bin];
}
