import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ROOT } from '../support/cli.js';

/**
 * Issue 15, items 4 and 5: the npm package as a user gets it. `npm pack` the
 * tree (dist/ must be built, as for every CLI test), install the tarball into
 * a scratch project with a PATH that holds only node, npm and sh (no g++, make
 * or python3), and run the installed `nlts` — the shipped prebuilt addon must
 * be what makes it work.
 */

function which(tool: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const arch = `${process.platform}-${process.arch}`;
const prebuilt = path.join(ROOT, 'prebuilds', arch, 'nlts_native.node');
const live = liveSkipReason() as string | null;
const skip =
  live ??
  (!existsSync(path.join(ROOT, 'dist', 'index.d.ts'))
    ? 'dist/ is not built (npx tsc -p tsconfig.build.json)'
    : !existsSync(prebuilt)
      ? `no prebuilt addon for ${arch} (npm run build:prebuilds)`
      : which('npm') === null
        ? 'npm is not on PATH'
        : null);
if (skip) console.warn(`SKIPPED pack tests: ${skip}`);

interface PackedFile {
  path: string;
}

describe('npm pack: the contents', () => {
  it('ships dist, bin, man, specs and the prebuilt addons; no tests or fixtures', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: PackedFile[] }[])[0]!.files.map((f) => f.path);
    for (const must of [
      'bin/nlts.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'man/nlts.8',
      'specs/nlctrl.yaml',
      'dist/specs/nlctrl.json',
      'scripts/build-native.mjs',
      'binding.gyp',
      'native/netlink_socket.cc',
      'prebuilds/linux-x64/nlts_native.node',
      'prebuilds/linux-arm64/nlts_native.node',
    ]) {
      expect(files, must).toContain(must);
    }
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { man: string[] };
    for (const page of pkg.man) expect(files).toContain(path.normalize(page));
    const unwanted = files.filter((f) => /^(test|bench|examples|src)\/|fixtures|\.test\.|^build\//.test(f));
    expect(unwanted).toEqual([]);
  });
});

describe.skipIf(skip !== null)('npm pack: install without a compiler', () => {
  let dir = '';
  let app = '';
  let bin = '';
  let ns: { name: string; delete(): void } | undefined;
  let installed: ReturnType<typeof spawnSync> | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nlts-pack-'));
    const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const tarball = path.join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    // A PATH of node, npm, npx and sh only: no g++, make, python3 (npm runs scripts through sh).
    bin = path.join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['node', 'npm', 'npx', 'sh']) symlinkSync(which(tool)!, path.join(bin, tool));
    app = path.join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
    );
    installed = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      cwd: app,
      env: { HOME: process.env.HOME, PATH: bin },
      encoding: 'utf8',
      timeout: 50_000,
    });
    ns = Netns.create('h6eco');
  }, 60_000);
  afterAll(() => {
    ns?.delete();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the PATH really lacks the compilers', () => {
    for (const tool of ['g++', 'make', 'python3', 'cc']) {
      const r = spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: bin } });
      expect(r.status, tool).not.toBe(0);
    }
  });

  it('installs, using the prebuilt addon', () => {
    expect(installed?.status, String(installed?.stderr)).toBe(0);
    const addon = path.join(app, 'node_modules', 'nlts', 'build', 'Release', 'nlts_native.node');
    expect(readFileSync(addon).equals(readFileSync(prebuilt))).toBe(true);
  });

  it('the installed nlts runs `link show` (in a namespace of its own)', () => {
    const r = spawnSync(
      path.join(app, 'node_modules', '.bin', 'nlts'),
      ['-n', ns!.name, '-j', 'link', 'show'],
      {
        env: { PATH: bin },
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { ifname: string }[]).map((l) => l.ifname)).toEqual(['lo']);
  });

  it('npx nlts from the install prints the version', () => {
    const r = spawnSync('npx', ['--no-install', 'nlts', '--version'], {
      cwd: app,
      env: { HOME: process.env.HOME, PATH: bin },
      encoding: 'utf8',
    });
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    expect(r.stdout).toBe(`nlts utility, nlts-${version}\n`);
  });

  it('the library imports with its types (tsc on a consumer file)', () => {
    writeFileSync(
      path.join(app, 'consumer.ts'),
      `import { RouteClient } from 'nlts';\n` +
        `const c: typeof RouteClient = RouteClient;\n` +
        `// @ts-expect-error: the types are real, so a wrong one is an error\n` +
        `const n: number = RouteClient;\n` +
        `export { c, n };\n`,
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        '--types',
        'node',
        '--typeRoots',
        path.join(ROOT, 'node_modules', '@types'),
        'consumer.ts',
      ],
      { cwd: app, encoding: 'utf8' },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
