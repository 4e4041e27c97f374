/**
 * `nlts netns monitor` against `ip netns monitor` (ip/ipnetns.c netns_monitor), both running at
 * once: the same "add NAME" / "delete NAME" lines in the same order for namespaces this test makes
 * and removes, with ip and with nlts. ip's stdout is put in line mode with stdbuf (to a pipe its
 * printf would wait in stdio's buffer until it exits); nlts flushes each line itself, which is
 * checked by reading its lines while it still runs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { liveSkipReason, uniqueName, run } from '../support/scenario.mjs';
import { NLTS, ip, nlts } from '../support/cli.js';

const hasStdbuf = ((): boolean => {
  try {
    run('stdbuf', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
const skip = (liveSkipReason() as string | null) ?? (hasStdbuf ? null : 'stdbuf (coreutils) is missing');
if (skip) console.warn(`SKIPPED live netns monitor tests: ${skip}`);

const prefix = uniqueName('nlnm') as string;
const made = new Set<string>();

/** A child's stdout lines as they come. */
class Lines {
  readonly lines: string[] = [];
  private rest = '';
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      const parts = (this.rest + s).split('\n');
      this.rest = parts.pop()!;
      this.lines.push(...parts);
    });
  }
  /** Ours only: other tests make namespaces at the same time. */
  get ours(): string[] {
    return this.lines.filter((l) => l.split(' ')[1]?.startsWith(prefix));
  }
}

async function until(ok: () => boolean, what: string, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function add(n: string, tool: 'ip' | 'nlts'): void {
  made.add(n);
  const r = tool === 'ip' ? ip(['netns', 'add', n]) : nlts(['netns', 'add', n]);
  expect(r.code, r.stderr).toBe(0);
}
function del(n: string, tool: 'ip' | 'nlts'): void {
  const r = tool === 'ip' ? ip(['netns', 'del', n]) : nlts(['netns', 'del', n]);
  expect(r.code, r.stderr).toBe(0);
  made.delete(n);
}

describe.skipIf(skip !== null)('live: netns monitor as ip netns monitor', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
    for (const n of made) {
      try {
        run('ip', ['netns', 'del', n]);
      } catch {
        /* gone */
      }
    }
  });

  it('prints the same lines, in the same order, as ip for names made and removed by ip and by nlts', async () => {
    const theirs = new Lines(spawn('stdbuf', ['-oL', 'ip', 'netns', 'monitor']));
    const ours = new Lines(spawn(process.execPath, [NLTS, 'netns', 'monitor']));
    children.push(theirs.child, ours.child);

    // Both are watching once both have seen one probe: make probes until then (no fixed sleep).
    let probe = '';
    for (let i = 0; ; i++) {
      probe = `${prefix}-p${i}`;
      add(probe, 'ip');
      del(probe, 'ip');
      try {
        await until(
          () => [theirs, ours].every((w) => w.ours.includes(`delete ${probe}`)),
          'both monitors to see a probe',
          1500,
        );
        break;
      } catch (e) {
        if (i >= 10) throw e;
      }
    }

    const a = `${prefix}-a`;
    const b = `${prefix}-b`;
    add(a, 'ip');
    add(b, 'nlts');
    del(a, 'nlts');
    add(a, 'nlts');
    del(b, 'ip');
    del(a, 'ip');
    const end = `${prefix}-end`;
    add(end, 'nlts');
    del(end, 'nlts');
    await until(() => [theirs, ours].every((w) => w.ours.includes(`delete ${end}`)), 'the end marker');

    const after = (w: Lines): string[] => w.ours.slice(w.ours.indexOf(`delete ${probe}`) + 1);
    expect(after(ours)).toEqual(after(theirs));
    // The comparison can fail: it holds exactly this sequence.
    expect(after(ours)).toEqual([
      `add ${a}`,
      `add ${b}`,
      `delete ${a}`,
      `add ${a}`,
      `delete ${b}`,
      `delete ${a}`,
      `add ${end}`,
      `delete ${end}`,
    ]);
    expect(ours.child.exitCode).toBeNull(); // still watching: the lines came while it ran
  });

  it('help lists monitor and exec in ip words', () => {
    const help = nlts(['netns', 'help']);
    expect(help.stdout + help.stderr).toContain('nlts netns monitor\n');
    expect(help.stdout + help.stderr).toContain('nlts [-all] netns exec [NAME] cmd ...\n');
  });
});
