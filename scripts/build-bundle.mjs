#!/usr/bin/env node
// Build dist/cli.bundle.js and its V8 code cache dist/cli.bundle.cache (issue 15, item 6).
//
//   node scripts/build-bundle.mjs                 after `tsc -p tsconfig.build.json`
//   node scripts/build-bundle.mjs --no-minify     the same, with the bundle's code left readable (debugging)
//   node scripts/build-bundle.mjs --cache-only    only remake the code caches (at install, or after a Node
//                                             upgrade: V8 rejects a cache made by another version)
//
// Why: an ESM program of ~40 modules pays, per module, a path resolution, a
// package.json scope lookup, an async file read and a full compile before the
// first line runs (about 30 ms of `nlts link show lo` on the development VM,
// ~half of `node -e 0`). bin/nlts.js instead reads this one script and compiles
// it with a code cache made after running a few commands, so the functions those
// commands need arrive as bytecode instead of being parsed.
//
// The bundle is the CLI's module graph from dist/cli/main.js (static and dynamic
// imports), each module transpiled by TypeScript from tsc's ESM output to
// CommonJS and wrapped in a function of a module table; `import()` becomes a
// lazy require of the same table. bin/nlts.js uses it only when it is not older
// than dist/cli/main.js (so a later `tsc` build is never shadowed by a stale
// bundle) and otherwise imports dist/ as before.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(REPO, 'dist');
const BUNDLE = path.join(DIST, 'cli.bundle.js');
const CACHE = path.join(DIST, 'cli.bundle.cache');
/** The on-demand chunks: cli.bundle-1.js, cli.bundle-2.js, … (each with its .cache). */
const chunkFile = (n) => path.join(DIST, `cli.bundle-${n}.js`);
const ENTRY = 'cli/main.js';

/**
 * The stamp bin/nlts.js checks: the size of dist/cli/main.js. It also wants
 * the bundle no older than main.js, which tsc rewrites on every build; an
 * installed package (npm gives every file the same mtime) passes that too.
 */
function entryStamp() {
  return String(statSync(path.join(DIST, ENTRY)).size);
}

/** Relative import specifier → module id (a path under dist/, "/"-separated); the bundle's loader uses it too. */
function resolveId(from, spec) {
  const parts = from.split('/');
  parts.pop();
  for (const s of spec.split('/')) {
    if (s === '..') parts.pop();
    else if (s !== '.') parts.push(s);
  }
  return parts.join('/');
}

/**
 * Non-ASCII characters as \u escapes, so V8 keeps the whole script one-byte
 * (a two-byte source is twice the memory and slower to scan). Comments are
 * gone already; every non-ASCII character left is inside a string, template
 * or regular-expression literal, where \uXXXX means the same character.
 */
function asciiOnly(js) {
  // eslint-disable-next-line no-control-regex
  return js.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Every module the CLI can reach from dist/cli/main.js, as CommonJS text, by module id. */
function transpileAll() {
  const ts = createRequire(path.join(REPO, 'package.json'))('typescript');
  const modules = new Map();
  const queue = [ENTRY];
  while (queue.length) {
    const id = queue.shift();
    if (modules.has(id)) continue;
    const file = path.join(DIST, id);
    if (!existsSync(file)) throw new Error(`bundle: ${id} is imported but ${file} does not exist`);
    // import.meta has no CommonJS spelling: each module gets its own, with its dist/ URL.
    const src = readFileSync(file, 'utf8').replace(/\bimport\.meta\b/g, '__nlts_import_meta');
    const constants = constantsModule(src);
    if (constants !== null) {
      modules.set(id, constants);
      continue;
    }
    const out = ts.transpileModule(src, {
      fileName: id,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        removeComments: true,
        sourceMap: false,
      },
    });
    // Relative specifiers are resolved here, once, into "#<module id>": the loader then looks the
    // module up without splitting paths at run time (~1.5 ms of `nlts link show lo`).
    const js = out.outputText
      .replace(/^\/\/# sourceMappingURL=.*$/m, '')
      .replace(/\brequire\((["'])(\.{1,2}\/[^"']+)\1\)/g, (_, q, spec) => {
        const target = resolveId(id, spec);
        queue.push(target);
        return `require(${q}#${target}${q})`;
      });
    modules.set(id, js);
  }
  return modules;
}

/**
 * A module of nothing but `export const` declarations (the generated wire
 * constants of src/netlink/gen/) as CommonJS: the same declarations, then one
 * object literal of them. TypeScript's own output assigns each export to
 * `exports` one by one, and for if_link.js's ~570 constants those stores
 * (each a new hidden class, then a dictionary) took 7 ms of `link show lo`.
 * Null for any other module.
 */
function constantsModule(src) {
  const statements = src.split('\n').filter((l) => !/^(\s|\}|\/\/|\/\*|\*|$)/.test(l));
  if (statements.length === 0 || !statements.every((l) => l.startsWith('export const '))) return null;
  const names = statements.map((l) => /^export const ([A-Za-z_$][\w$]*)\s*=/.exec(l)?.[1]);
  if (names.some((n) => n === undefined)) return null;
  return (
    src.replace(/^\/\/# sourceMappingURL=.*$/m, '').replace(/^export const /gm, 'const ') +
    `\nmodule.exports = { ${names.join(', ')} };\n` +
    `Object.defineProperty(module.exports, '__esModule', { value: true });\n`
  );
}

/**
 * Wire constants as literals: every `alias.NAME` of a generated constants
 * module's numeric constant, in every other module, becomes the number, and
 * the constants no module names any more leave the bundle. if_link.js alone
 * is ~590 constants (42 KB): read, compiled, run and copied by __importStar
 * on every start, for the few dozen a command uses (issue 15 item 6). A
 * module whose namespace object is used as a value (not only `alias.NAME`)
 * keeps all its constants.
 */
function inlineConstants(modules) {
  const values = new Map(); // constants module id -> Map(name -> literal)
  for (const [id, text] of modules) {
    if (!text.includes("Object.defineProperty(module.exports, '__esModule'")) continue;
    const m = new Map();
    for (const line of text.split('\n')) {
      const c = /^const ([A-Za-z_$][\w$]*) = (-?(?:0x[0-9a-fA-F]+|\d+));/.exec(line);
      if (c) m.set(c[1], c[2]);
    }
    if (m.size) values.set(id, m);
  }
  const whole = new Set(); // constants modules whose namespace object is used as a value
  for (const [id, text] of modules) {
    if (values.has(id)) continue;
    let out = text;
    const decl = /\b(?:const|let|var) ([A-Za-z_$][\w$]*) = (?:__importStar\()?require\("#([^"]+)"\)\)?;/g;
    for (const [, alias, target] of text.matchAll(decl)) {
      const consts = values.get(target);
      if (!consts) continue;
      out = out.replace(
        new RegExp(`\\b${alias}\\.([A-Za-z_$][\\w$]*)\\b(?!\\s*(?:\\(|=[^=]))`, 'g'),
        (all, name, at, str) => {
          const v = consts.get(name);
          if (v === undefined) return all;
          // (-1) keeps `a - -1` and `x.y - (-1)` apart; (16).toString() needs its parentheses too.
          return v.startsWith('-') || str[at + all.length] === '.' ? `(${v})` : v;
        },
      );
      // The namespace used as a value (passed, returned, indexed, shorthand) keeps everything. A
      // word in a string ("bond: unknown …") is not such a use; a false alarm only keeps more.
      if (new RegExp(`\\b${alias}(?:[[(]|\\s*[),;}]|\\s*$)`, 'm').test(out)) whole.add(target);
    }
    modules.set(id, out);
  }
  let dropped = 0;
  for (const [id, consts] of values) {
    if (whole.has(id)) continue;
    // A name still written anywhere else (a destructured dynamic import, a re-export) is kept.
    const others = [...modules]
      .filter(([other]) => other !== id)
      .map(([, t]) => t)
      .join('\n');
    const mentioned = new Set(others.match(/[A-Za-z_$][\w$]*/g));
    let text = modules.get(id);
    const gone = [...consts.keys()].filter((name) => !mentioned.has(name));
    if (!gone.length) continue;
    const drop = new Set(gone);
    text = text
      .split('\n')
      .filter((line) => !drop.has(/^const ([A-Za-z_$][\w$]*) = /.exec(line)?.[1] ?? ''))
      .join('\n')
      .replace(/^module\.exports = \{ (.*) \};$/m, (_, list) => {
        const kept = list.split(', ').filter((n) => !drop.has(n));
        return `module.exports = { ${kept.join(', ')} };`;
      });
    dropped += gone.length;
    modules.set(id, text);
  }
  return dropped;
}

function table(modules, ids) {
  return asciiOnly(
    ids
      .map(
        (id) =>
          `${JSON.stringify(id)}: function (exports, require, module, __nlts_import_meta) {\n${modules.get(id)}\n}`,
      )
      .join(',\n'),
  );
}

/**
 * Write the bundle in layers: cli.bundle.js holds what the first WARM_UP
 * group loads (`link show`), cli.bundle-1.js what the next group adds, …, and
 * the last chunk everything else. A chunk is read only when a command needs
 * one of its modules: reading and compiling cost about as much per byte as
 * the bundle saves per module, so `link show` should not pay for genl's specs.
 */
async function writeBundle(modules, layers, { minified = false } = {}) {
  const placed = new Set();
  const chunks = [];
  for (const layer of [...layers, [...modules.keys()]]) {
    const ids = layer.filter((id) => modules.has(id) && !placed.has(id));
    for (const id of ids) placed.add(id);
    if (ids.length || chunks.length === 0) chunks.push(ids);
  }
  for (let n = 1; existsSync(chunkFile(n)); n++) {
    rmSync(chunkFile(n));
    rmSync(chunkFile(n) + '.cache', { force: true });
  }
  const names = chunks.slice(1).map((_, i) => path.basename(chunkFile(i + 1)));
  const shrink = minified ? minify : async (js) => js;
  writeFileSync(
    BUNDLE,
    `// nlts-bundle ${entryStamp()}\n` +
      `// Generated by scripts/build-bundle.mjs from dist/ (${chunks[0].length} of ${modules.size} modules). Do not edit.\n` +
      (await shrink(
        `(function (nodeRequire, distDir) {\n'use strict';\n` +
          `const defs = {\n${table(modules, chunks[0])}\n};\n` +
          `const CHUNKS = ${JSON.stringify(names)};\n` +
          LOADER +
          `})\n`,
      )),
  );
  for (const [i, ids] of chunks.slice(1).entries())
    writeFileSync(
      chunkFile(i + 1),
      `// Generated by scripts/build-bundle.mjs: modules cli.bundle.js loads on demand. Do not edit.\n` +
        (await shrink(`({\n${table(modules, ids)}\n})\n`)),
    );
  return chunks.map((c) => c.length);
}

/**
 * The bundle without its whitespace and with short local names (terser, the
 * minifier most JavaScript tooling uses; safe transforms only): 239 -> 130 KB
 * for cli.bundle.js. Reading the script into a V8 string costs per byte (a
 * fresh buffer, then a fresh one-byte string: ~25 us per 4 KiB page on the
 * development VM), ~1.6 ms of `nlts link show lo` (bench/README.md, session 8).
 * The script is one expression whose value bin/nlts.js takes, so its completion
 * value is kept (`expression`); class names are kept for error messages;
 * output stays ASCII, so V8 keeps the script one-byte.
 */
async function minify(js) {
  const { minify: terser } = createRequire(path.join(REPO, 'package.json'))('terser');
  const out = await terser(js, {
    ecma: 2022,
    compress: { expression: true },
    mangle: true,
    keep_classnames: true,
    format: { ascii_only: true },
  });
  return out.code + '\n';
}

/*
 * The module table's require: "#id" is a module of the table (resolved at build
 * time). Bare specifiers (node:fs, chalk) go
 * to Node's require; an ES module package (chalk) comes back as its namespace
 * and is marked __esModule so TypeScript's interop helpers take its default.
 * Each exports object is made a fast-properties object once its module has
 * run (a generated constants module has hundreds of members, which V8 would
 * otherwise keep as a dictionary and look up by hash on every use).
 */
const LOADER = `const cache = Object.create(null);
const scripts = {};
function external(spec) {
  const m = nodeRequire(spec);
  if (m !== null && typeof m === 'object' && m[Symbol.toStringTag] === 'Module' && !('__esModule' in m))
    return Object.assign({ __esModule: true }, m);
  return m;
}
function fast(o) {
  function F() {}
  F.prototype = o;
  return o;
}
// import.meta of module id: filename and dirname as plain strings; url (a file: URL) made only
// when read, as node:url's pathToFileURL is ~0.3 ms of a start that does not need it.
let distUrl;
function meta(id) {
  const filename = distDir + id;
  return {
    filename,
    dirname: filename.slice(0, filename.lastIndexOf('/')),
    get url() {
      distUrl ??= nodeRequire('node:url').pathToFileURL(distDir).href;
      return distUrl + id;
    },
  };
}
let loadedChunks = 0;
function loadChunk(name) {
  const fs = nodeRequire('node:fs');
  const vm = nodeRequire('node:vm');
  const file = distDir + name;
  let cachedData;
  try {
    cachedData = fs.readFileSync(file + '.cache');
  } catch {}
  const script = new vm.Script(fs.readFileSync(file, 'latin1'), { filename: file, cachedData });
  scripts[name] = script;
  Object.assign(defs, script.runInThisContext());
}
function load(id) {
  const hit = cache[id];
  if (hit !== undefined) return hit.exports;
  let def = defs[id];
  while (def === undefined && loadedChunks < CHUNKS.length) {
    loadChunk(CHUNKS[loadedChunks++]);
    def = defs[id];
  }
  if (def === undefined) throw new Error('nlts bundle: no module ' + id);
  const module = { exports: {} };
  cache[id] = module;
  const require = (spec) => (spec[0] === '#' ? load(spec.slice(1)) : external(spec));
  def.call(undefined, module.exports, require, module, meta(id));
  return fast(module.exports);
}
load.loaded = () => Object.keys(cache);
load.scripts = scripts;
load.chunks = CHUNKS;
return load;
`;

/** Run `child` (a mode of this script) in a fresh process; its stdout. */
function child(mode) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`bundle: ${mode} failed (${r.status ?? r.signal})`);
  return r.stdout;
}

/**
 * The commands people start most, in groups: the modules the first group
 * loads make cli.bundle.js, each later group's additions the next chunk. One
 * that fails here (no netlink in a build sandbox) still warms what it ran.
 */
const WARM_UP = [
  [['-V'], ['link', 'show', 'lo'], ['-j', 'link', 'show', 'lo']],
  [
    ['-d', 'link', 'show', 'lo'],
    ['-s', 'link', 'show', 'lo'],
    ['-br', 'link', 'show', 'lo'],
    ['address', 'show', 'lo'],
    ['-j', 'address', 'show', 'lo'],
    ['route', 'show', 'table', 'local'],
    ['-j', 'route', 'show', 'table', 'local'],
    ['route', 'get', '127.0.0.1'],
    ['neigh', 'show'],
    ['rule', 'show'],
    ['--color=always', 'link', 'show', 'lo'],
  ],
];

/**
 * Load the bundle as bin/nlts.js does and run WARM_UP (output thrown away).
 * With `save`, then write V8's code caches: the main one holds the bytecode
 * of every function the first group ran, not just the top level.
 */
async function warmUp(save) {
  const vm = await import('node:vm');
  if (save) {
    rmSync(CACHE, { force: true });
    for (let n = 1; existsSync(chunkFile(n)); n++) rmSync(chunkFile(n) + '.cache', { force: true });
  }
  const script = new vm.Script(readFileSync(BUNDLE, 'latin1'), { filename: BUNDLE });
  const load = script.runInThisContext()(createRequire(BUNDLE), DIST + path.sep);
  const { run } = load(ENTRY);
  const sink = { write() {} };
  const io = { stdout: sink, stderr: sink, isTTY: false, env: {} };
  const layers = [];
  // The main script's cache holds the bytecode of what the first group ran, not of everything the
  // later groups ran in it too: V8 deserializes a cache whole at every start, and the functions
  // only other commands need made it 259 KB instead of 225 and link show lo ~1.5 ms slower
  // (session 8, paired in-process runs). Those commands compile their few functions lazily and
  // measured no slower (address show, -j route show, -d link show).
  let mainCache;
  for (const group of WARM_UP) {
    for (const argv of group) await run(argv, io).catch(() => 1);
    layers.push(load.loaded());
    mainCache ??= script.createCachedData();
  }
  if (!save) return layers;
  writeFileSync(CACHE, mainCache);
  // A chunk the warm-up loaded keeps the bytecode of what ran; the others get their top level.
  for (const name of load.chunks) {
    const file = path.join(DIST, name);
    const chunk = load.scripts[name] ?? new vm.Script(readFileSync(file, 'latin1'), { filename: file });
    writeFileSync(file + '.cache', chunk.createCachedData());
  }
  return [];
}

if (process.argv.includes('--list-child')) process.stdout.write(JSON.stringify(await warmUp(false)));
else if (process.argv.includes('--cache-child')) await warmUp(true);
else {
  if (!process.argv.includes('--cache-only')) {
    const modules = transpileAll();
    const inlined = inlineConstants(modules);
    // First everything in one file, to see which modules the warm-up loads; then the split.
    await writeBundle(modules, []);
    const sizes = await writeBundle(modules, JSON.parse(child('--list-child')), {
      minified: !process.argv.includes('--no-minify'),
    });
    process.stderr.write(
      `bundle: ${path.relative(REPO, BUNDLE)} and ${sizes.length - 1} chunk(s), modules ${sizes.join(' + ')}, ` +
        `${inlined} unused wire constants left out\n`,
    );
  }
  try {
    child('--cache-child');
  } catch (e) {
    // Without a cache the bundle still runs (compiled from source): at install time that is no failure.
    if (!process.argv.includes('--cache-only')) throw e;
    process.stderr.write(`bundle: no code cache made (${e.message}); the bundle compiles from source\n`);
  }
}
