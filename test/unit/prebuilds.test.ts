/**
 * The shipped prebuilt addons (prebuilds/, installed without a compiler by
 * scripts/build-native.mjs) must be built from the native source in this
 * tree: a change to native/ or binding.gyp without `npm run build:prebuilds`
 * fails here instead of shipping a stale addon.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/cli.js';
// @ts-expect-error plain ESM script without types
import { nativeSourceHash } from '../../scripts/native-source-hash.mjs';

describe('prebuilt addons', () => {
  it('exist for linux x64 and arm64', () => {
    for (const arch of ['x64', 'arm64'])
      expect(existsSync(path.join(ROOT, 'prebuilds', `linux-${arch}`, 'nlts_native.node')), arch).toBe(true);
  });
  it('were built from the native source in this tree', () => {
    const recorded = readFileSync(path.join(ROOT, 'prebuilds', 'SOURCE.sha256'), 'utf8').trim();
    expect(recorded, 'native/ or binding.gyp changed: run npm run build:prebuilds').toBe(
      nativeSourceHash(ROOT) as string,
    );
  });
});
