/**
 * The TASKSTATS spec's struct taskstats (specs/taskstats.yaml) has every
 * member at the offset C gives it: a C program built against the pinned
 * tree's <linux/taskstats.h> prints offsetof() and sizeof() of each member,
 * and the spec's layout (members in order, pads included) must agree.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { structSize } from '../../src/netlink/genl/codec.js';
import { bundledSpec } from '../../src/netlink/genl/spec.js';
import { linuxSourceTree } from '../support/linux-source.js';

const tree = linuxSourceTree();
const TREE = 'dir' in tree ? tree.dir : '';
const cc = spawnSync('cc', ['--version']).status === 0;
const reason = !TREE ? (tree as { reason: string }).reason : !cc ? 'no C compiler (cc)' : null;
if (reason) console.warn(`skipping the struct taskstats layout test: ${reason}`);

const SIZES: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8 };

describe.skipIf(reason)('specs/taskstats.yaml struct taskstats matches the C layout', () => {
  it('every member has the offset and size of offsetof()/sizeof() in <linux/taskstats.h>', () => {
    const spec = bundledSpec('TASKSTATS')!;
    const st = spec.structs.get('taskstats')!;
    const layout: { name: string; offset: number; size: number }[] = [];
    let off = 0;
    for (const m of st.members) {
      const size = m.type === 'pad' || m.type === 'binary' ? m.len! : SIZES[m.type]!;
      if (m.type !== 'pad') layout.push({ name: m.name, offset: off, size });
      off += size;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'nlts-taskstats-'));
    try {
      // Only taskstats.h from the tree; <linux/types.h> from the system (the tree's refuses user space).
      mkdirSync(path.join(dir, 'inc/linux'), { recursive: true });
      copyFileSync(
        path.join(TREE, 'include/uapi/linux/taskstats.h'),
        path.join(dir, 'inc/linux/taskstats.h'),
      );
      const c = [
        '#include <stdio.h>',
        '#include <stddef.h>',
        '#include <linux/taskstats.h>',
        'int main(void) {',
        ...layout.map((m) => {
          const f = m.name.replace(/-/g, '_');
          return `  printf("%s %zu %zu\\n", "${m.name}", offsetof(struct taskstats, ${f}), sizeof(((struct taskstats *)0)->${f}));`;
        }),
        '  printf("sizeof %zu 0\\n", sizeof(struct taskstats));',
        '  return 0;',
        '}',
      ].join('\n');
      writeFileSync(path.join(dir, 'ts.c'), c);
      execFileSync('cc', ['-I', path.join(dir, 'inc'), '-o', path.join(dir, 'ts'), path.join(dir, 'ts.c')], {
        stdio: 'pipe',
      });
      const rows = execFileSync(path.join(dir, 'ts'), { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.split(' '));
      const c_ = rows
        .filter((r) => r[0] !== 'sizeof')
        .map(([name, o, s]) => ({ name: name!, offset: Number(o), size: Number(s) }));
      expect(layout).toEqual(c_);
      expect(structSize(spec, 'taskstats')).toBe(Number(rows.find((r) => r[0] === 'sizeof')![1]));
      expect(layout.length).toBeGreaterThan(50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
