#!/usr/bin/env node
// Parses every bundled YNL spec (specs/*.yaml) once at build time and writes the document as JSON to
// dist/specs/<name>.json with the digest (length and FNV-1a hash) of the YAML it came from. At run time bundledSpec()
// (src/netlink/genl/spec.ts) reads that copy when the digest still matches the YAML, so `genl list`
// and every genl command no longer spend ~50 ms in the YAML parser; an edited YAML without a rebuild
// is parsed as before. Runs after tsc (it uses nlts's own parser from dist/), as part of
// `npm run build`, `prepare` and `test`.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(REPO, 'dist');
const { parseYaml } = await import(pathToFileURL(path.join(dist, 'netlink/genl/yaml-lite.js')).href);
const { specFromDocument, specTextDigest, COMPILED_SPEC_DIR, BUNDLED_SPEC_DIR } = await import(
  pathToFileURL(path.join(dist, 'netlink/genl/spec.js')).href
);

rmSync(COMPILED_SPEC_DIR, { recursive: true, force: true });
mkdirSync(COMPILED_SPEC_DIR, { recursive: true });
const names = readdirSync(BUNDLED_SPEC_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
for (const f of names) {
  const file = path.join(BUNDLED_SPEC_DIR, f);
  const text = readFileSync(file, 'utf8');
  const document = parseYaml(text);
  specFromDocument(document, file); // a spec nlts cannot read fails the build, not a user's command
  writeFileSync(
    path.join(COMPILED_SPEC_DIR, f.replace(/\.yaml$/, '.json')),
    JSON.stringify({ digest: specTextDigest(text), document }),
  );
}
console.log(`specs: ${names.length} parsed into ${path.relative(REPO, COMPILED_SPEC_DIR)}/`);
