/**
 * The folders of src/ form no cycle (issue 11): commands do not import the
 * CLI, the codec does not import netlink/, link kinds do not import their
 * parent. A new cycle fails here with the imports that make it.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM script without types
import { folderCycles, folderGraph } from '../../scripts/folder-cycles.mjs';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src');

describe('folder structure of src/', () => {
  it('has no folder cycles', () => {
    expect(folderCycles(SRC)).toEqual([]);
  });
  it('sees the edges it checks (a checker that reads nothing cannot pass)', () => {
    const g = folderGraph(SRC) as Map<string, Map<string, string>>;
    expect(g.get('cli')?.has('registry')).toBe(true);
    expect(g.get('commands/link')?.has('commands/link/kinds')).toBe(true);
    expect([...g.keys()].some((k) => k.startsWith('commands/'))).toBe(true);
    // no edge from commands/* to cli
    for (const [from, row] of g) if (from.startsWith('commands')) expect(row.has('cli')).toBe(false);
  });
});
