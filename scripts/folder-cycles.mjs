#!/usr/bin/env node
/**
 * Folder cycles in src/: two folders that import each other, directly or
 * through others. Static imports and re-exports count (`import … from`,
 * `export … from`); dynamic `import()` does not, because it is how the CLI
 * loads a command on use (src/registry/registry.ts) without depending on it.
 *
 *   node scripts/folder-cycles.mjs [SRC_DIR]   prints each cycle, exits 1 if any
 *
 * test/unit/folder-cycles.test.ts runs it on src/ and expects none.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gms;

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Folder-to-folder edges of `srcDir`, each with one import that makes it. */
export function folderGraph(srcDir) {
  const root = resolve(srcDir);
  const edges = new Map();
  for (const file of sourceFiles(root)) {
    const from = relative(root, dirname(file)) || '.';
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const target = normalize(join(dirname(file), m[1]));
      const to = relative(root, dirname(target)) || '.';
      if (to === from || to.startsWith('..')) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const row = edges.get(from);
      if (!row.has(to)) row.set(to, `${relative(root, file)} → ${m[1]}`);
    }
  }
  return edges;
}

/** Strongly connected components with more than one folder (Tarjan). */
export function folderCycles(srcDir) {
  const edges = folderGraph(srcDir);
  const nodes = new Set(edges.keys());
  for (const row of edges.values()) for (const to of row.keys()) nodes.add(to);
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) components.push(comp.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!idx.has(v)) visit(v);
  return components.map((folders) => ({
    folders,
    imports: folders.flatMap((f) =>
      [...(edges.get(f) ?? new Map())].filter(([to]) => folders.includes(to)).map(([, why]) => why),
    ),
  }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const cycles = folderCycles(dir);
  for (const c of cycles) {
    console.log(`cycle: ${c.folders.join(' ↔ ')}`);
    for (const why of c.imports) console.log(`  ${why}`);
  }
  console.log(`${cycles.length} folder cycle(s)`);
  process.exit(cycles.length ? 1 : 0);
}
