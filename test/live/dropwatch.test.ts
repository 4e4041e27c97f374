import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDropwatch } from '../../src/commands/dropwatch/index.js';
import { describeError } from '../../src/iproute/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';

import { Connection } from '../../src/netlink/connection.js';
import { listFamilies } from '../../src/netlink/genl/cache.js';
import { openNativeTransport } from '../../src/netlink/native-transport.js';
import { StringOutput } from '../../src/output/output.js';
import { ROOT } from '../support/cli.js';
import { NETLINK_GENERIC } from '../../src/netlink/gen/netlink.js';

/**
 * The real path on a kernel without the drop monitor (this development
 * kernel): one clear line, exit 1, no stack trace, -j keeps stdout JSON.
 * Skipped, with the reason, where the kernel does have NET_DM (the VM suite
 * covers that kernel) or where generic netlink cannot be opened.
 */
function skipReason(): string | null {
  try {
    const conn = Connection.open(openNativeTransport, NETLINK_GENERIC);
    try {
      if (listFamilies(conn).some((f) => f.name === 'NET_DM')) return 'this kernel has NET_DM (see test/vm)';
    } finally {
      conn.close();
    }
  } catch (e) {
    return `cannot open generic netlink: ${(e as Error).message}`;
  }
  return null;
}
const reason = skipReason();
if (reason) console.warn(`skipping live dropwatch tests: ${reason}`);

const MESSAGE =
  'nlts: the kernel has no drop monitor (NET_DM): it needs CONFIG_NET_DROP_MONITOR or `modprobe drop_monitor`';

async function runLive(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  let code: number;
  try {
    code = await runDropwatch(rest.slice(1), {
      opts,
      out,
      err,
      transports: openNativeTransport,
      colorize: undefined,
      readFile: () => null,
      fact: (_k, c) => c(),
      signal: new AbortController().signal,
    });
  } catch (e) {
    const d = describeError(e);
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

describe.skipIf(reason !== null)('live: dropwatch on a kernel without NET_DM', () => {
  for (const args of [
    ['dropwatch'],
    ['dropwatch', '--mode', 'packet', '--count', '1'],
    ['dropwatch', 'status'],
  ]) {
    it(`nlts ${args.join(' ')}: one line, exit 1`, async () => {
      const r = await runLive(args);
      expect(r.stderr).toBe(MESSAGE + '\n');
      expect(r.stdout).toBe('');
      expect(r.code).toBe(1);
    });
  }

  it('-n NETNS: says NET_DM is global, then the same error', async () => {
    const r = await runLive(['-n', 'whatever', 'dropwatch']);
    expect(r.stderr).toBe(
      'nlts: dropwatch: NET_DM is global to the kernel, not per network namespace; ignoring -n whatever\n' +
        MESSAGE +
        '\n',
    );
    expect(r.code).toBe(1);
  });

  const cli = existsSync(path.join(ROOT, 'dist/commands/dropwatch/index.js'));
  it.skipIf(!cli)('as a process (-j): exit 1, the line on stderr, a JSON error object on stdout', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts/vm/dropwatch-cli.mjs'), '-j', 'dropwatch'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(MESSAGE + '\n');
    expect(JSON.parse(r.stdout)).toEqual({ error: { kind: 'no-net-dm', message: MESSAGE } });
  });
});
