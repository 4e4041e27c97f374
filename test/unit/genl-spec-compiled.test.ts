import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_SPEC_DIR, bundledSpec, loadSpecFile, specTextDigest } from '../../src/netlink/genl/spec.js';
import { parseYaml } from '../../src/netlink/genl/yaml-lite.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nlts-spec-compiled-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const YAML = `name: demo
protocol: genetlink
attribute-sets:
  - name: main
    attributes:
      - name: ifindex
        type: u32
        value: 1
operations:
  list:
    - name: yaml-op
      value: 1
      attribute-set: main
      do:
        request:
          attributes: [ifindex]
`;

/** The same document with the op renamed: which name comes back tells which copy was read. */
function compiledWith(opName: string, digest: string): string {
  const doc = parseYaml(YAML) as { operations: { list: { name: string }[] } };
  doc.operations.list[0]!.name = opName;
  return JSON.stringify({ digest, document: doc });
}

/** A fresh specs/ and compiled/ pair holding demo.yaml and, when given, demo.json. */
function fixture(name: string, compiledJson?: string): { specs: string; compiled: string } {
  const specs = path.join(tmp, name, 'specs');
  const compiled = path.join(tmp, name, 'compiled');
  mkdirSync(specs, { recursive: true });
  mkdirSync(compiled, { recursive: true });
  writeFileSync(path.join(specs, 'demo.yaml'), YAML);
  if (compiledJson !== undefined) writeFileSync(path.join(compiled, 'demo.json'), compiledJson);
  return { specs, compiled };
}

describe('bundled specs parsed at build time (scripts/build-specs.mjs)', () => {
  it('the compiled copy is read when its digest matches the YAML', () => {
    const { specs, compiled } = fixture('fresh', compiledWith('compiled-op', specTextDigest(YAML)));
    expect(bundledSpec('demo', specs, compiled)?.ops[0]?.name).toBe('compiled-op');
  });
  it('a stale copy (the YAML changed after the build) is ignored: the YAML is parsed', () => {
    const stale = compiledWith('compiled-op', specTextDigest(`${YAML}# edited\n`));
    const { specs, compiled } = fixture('stale', stale);
    expect(bundledSpec('demo', specs, compiled)?.ops[0]?.name).toBe('yaml-op');
    // An edit that keeps the length changes the digest too.
    const sameLength = YAML.replace('u32', 'u16');
    expect(sameLength).toHaveLength(YAML.length);
    expect(specTextDigest(sameLength)).not.toBe(specTextDigest(YAML));
  });
  it('a missing or broken copy falls back to the YAML', () => {
    const missing = fixture('missing');
    expect(bundledSpec('demo', missing.specs, missing.compiled)?.ops[0]?.name).toBe('yaml-op');
    const broken = fixture('broken', '{not json');
    expect(bundledSpec('demo', broken.specs, broken.compiled)?.ops[0]?.name).toBe('yaml-op');
  });
  it('every shipped spec read through its compiled copy equals the spec parsed from YAML', () => {
    const dist = path.resolve(__dirname, '../../dist/specs');
    let names: string[];
    try {
      names = readdirSync(dist).filter((f) => f.endsWith('.json'));
    } catch {
      console.warn('SKIPPED compiled-spec equality: dist/specs is not built (npm test builds it)');
      return;
    }
    expect(names.length).toBeGreaterThan(10);
    for (const f of names) {
      const base = f.replace(/\.json$/, '');
      const fromYaml = loadSpecFile(path.join(BUNDLED_SPEC_DIR, `${base}.yaml`));
      const viaCompiled = bundledSpec(fromYaml.name, BUNDLED_SPEC_DIR, dist);
      expect(viaCompiled, base).toEqual(fromYaml);
      const digest = (JSON.parse(readFileSync(path.join(dist, f), 'utf8')) as { digest: string }).digest;
      expect(digest, `${base}: dist/specs is stale, rebuild`).toBe(
        specTextDigest(readFileSync(path.join(BUNDLED_SPEC_DIR, `${base}.yaml`), 'utf8')),
      );
    }
  });
});
