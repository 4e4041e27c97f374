// The SHA-256 of what the native addon is built from (native/*, binding.gyp),
// recorded in prebuilds/SOURCE.sha256 by scripts/prebuild.mjs and checked by
// test/unit/prebuilds.test.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function nativeSourceHash(root) {
  const h = createHash('sha256');
  const files = [
    ...readdirSync(path.join(root, 'native'))
      .sort()
      .map((f) => path.join('native', f)),
    'binding.gyp',
  ];
  for (const f of files) {
    h.update(f + '\0');
    h.update(readFileSync(path.join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}
