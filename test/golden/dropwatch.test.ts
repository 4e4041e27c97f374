import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDropwatch } from '../../src/commands/dropwatch/index.js';
import { describeError } from '../../src/iproute/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';
import { Replayer } from '../../src/netlink/recording.js';
import { StringOutput } from '../../src/output/output.js';
import { ROOT } from '../support/cli.js';

/**
 * NET_DM exchanges recorded inside the VM (Debian's 6.1 kernel, see the
 * fixtures' README.md) replayed through the dropwatch handler: the decoders
 * and every view are checked on real kernel bytes without the VM.
 */
const DIR = path.join(ROOT, 'test/fixtures/golden/dropwatch');
const { cases } = JSON.parse(readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as {
  cases: { name: string; args: string[]; pcap?: boolean }[];
};
const tmp = mkdtempSync(path.join(tmpdir(), 'nlts-dropwatch-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Same clock as scripts/vm/golden-replay.mjs: 250 ms per reading. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 250);
}

async function replay(
  recording: string,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  const r = Replayer.load(recording);
  let code: number;
  try {
    code = await runDropwatch(
      rest.slice(1),
      {
        opts,
        out,
        err,
        transports: r.factory,
        colorize: undefined,
        readFile: () => null,
        fact: <T>(key: string): T => r.fact<T>(key),
      },
      { now: fakeClock(), isTTY: () => false },
    );
  } catch (e) {
    const d = describeError(e);
    if (opts.json) out.write(JSON.stringify({ error: { kind: d.kind, message: d.message } }) + '\n');
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

describe('golden: recorded NET_DM exchanges replayed through dropwatch', () => {
  for (const c of cases) {
    it(`${c.name}: nlts ${c.args.join(' ')}`, async () => {
      const expected = JSON.parse(readFileSync(path.join(DIR, `${c.name}.expect.json`), 'utf8')) as {
        argv: string[];
        exit: number;
        stderr: string;
      };
      const pcap = path.join(tmp, `${c.name}.pcapng`);
      const argv = expected.argv.map((a) => (a === '@PCAP@' ? pcap : a));
      const r = await replay(path.join(DIR, `${c.name}.recording.json`), argv);
      expect(r.stderr).toBe(expected.stderr);
      expect(r.stdout).toBe(readFileSync(path.join(DIR, `${c.name}.stdout`), 'utf8'));
      expect(r.code).toBe(expected.exit);
      if (c.pcap) {
        expect(Buffer.compare(readFileSync(pcap), readFileSync(path.join(DIR, `${c.name}.pcapng`)))).toBe(0);
      }
    });
  }

  it('the summary recording holds the 50 UDP drops at __udp4_lib_rcv, and the totals add up', async () => {
    const r = await replay(path.join(DIR, 'summary-json.recording.json'), [
      '-j',
      'dropwatch',
      '--count',
      '1',
    ]);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const alerts = lines.filter((l) => l.mode === 'summary') as {
      drops: { location: string; count: number }[];
    }[];
    const total = alerts.flatMap((a) => a.drops).reduce((n, d) => n + d.count, 0);
    const udp = alerts
      .flatMap((a) => a.drops)
      .filter((d) => d.location.startsWith('__udp4_lib_rcv+'))
      .reduce((n, d) => n + d.count, 0);
    expect(udp).toBe(50);
    const summary = (lines.at(-1) as { summary: { drops: number; locations: { count: number }[] } }).summary;
    expect(summary.drops).toBe(total);
    expect(summary.locations.reduce((n, l) => n + l.count, 0)).toBe(total);
  });

  it('every recorded run sent STOP after START (the kernel is never left tracing)', () => {
    for (const c of cases) {
      const rec = JSON.parse(readFileSync(path.join(DIR, `${c.name}.recording.json`), 'utf8')) as {
        sockets: { exchanges: { request: string | null }[] }[];
      };
      // genlmsghdr.cmd is the first payload byte, after the 16-byte nlmsghdr; skip the controller's
      // (nlmsg_type 0x10) requests, whose CTRL_CMD_GETFAMILY is also 3.
      const cmds = rec.sockets[0]!.exchanges.flatMap((e) =>
        e.request && e.request.slice(8, 12) !== '1000' ? [parseInt(e.request.slice(32, 34), 16)] : [],
      );
      const start = cmds.indexOf(3);
      if (start >= 0) expect(cmds.slice(start + 1), c.name).toContain(4);
    }
  });

  it('a replay that configures differently fails loudly', async () => {
    const r = await replay(path.join(DIR, 'packet-udp-json.recording.json'), [
      '-j',
      'dropwatch',
      '--mode',
      'summary',
      '--count',
      '5',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/replay: request #\d+ differs from the recording/);
  });
});
