// The YNL spec reader (src/netlink/genl/yaml-lite.ts) against the `yaml` package as the
// oracle, on every kernel YNL spec of the pinned linux-source tree and every bundled spec.
// nlts keeps its own reader because the package is 5-15x slower on these files and
// costs ~35 ms more to load (bench/yaml-parse.mjs); this test keeps the two equal.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYaml } from '../../src/netlink/genl/yaml-lite.js';
import { ROOT } from '../support/cli.js';
import { linuxSourceTree } from '../support/linux-source.js';

const tree = linuxSourceTree();
if ('reason' in tree) console.warn(`skipping the kernel-spec half of the YAML reader test: ${tree.reason}`);
const kernelDir = 'dir' in tree ? path.join(tree.dir, 'Documentation/netlink/specs') : null;
const bundledDir = path.join(ROOT, 'specs');
const files = (dir: string | null): string[] =>
  dir
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => path.join(dir, f))
    : [];

describe('yaml-lite reads YNL specs exactly as the yaml package does', () => {
  it.skipIf(kernelDir === null).each(files(kernelDir))('kernel spec %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(parseYaml(text)).toEqual(parse(text));
  });
  it.each(files(bundledDir))('bundled spec %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(parseYaml(text)).toEqual(parse(text));
  });
  it('an indented "..." is text, not the end of the document', () => {
    const text = 'doc: |\n  a\n  ...\n  b\nname: x\n';
    expect(parseYaml(text)).toEqual(parse(text));
    expect(parseYaml('doc: a\n  ...\n  b\n')).toEqual({ doc: 'a ... b' });
  });
});
