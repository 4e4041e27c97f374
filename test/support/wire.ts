import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * The netlink requests a command sends, as strace -e write=all dumps them:
 * for comparing the RTM_NEWLINK bytes of `ip link …` and `nlts link …` where
 * the kernel lacks the kind (so no state can be compared).
 */

const RTM_NEWLINK = 16;

/** Whether strace can be run here (the wire tests skip without it). */
export const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** The netlink messages a command sent, from strace's hex dumps of sendmsg/sendto. */
export function sentMessages(
  cmd: string,
  args: string[],
): { messages: Uint8Array[]; stderr: string; code: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nlts-strace-'));
  const log = path.join(dir, 'trace');
  const r = spawnSync(
    'strace',
    // -ff: one file per thread, so node's threads cannot interleave lines into a hex dump.
    ['-ff', '-qq', '-e', 'trace=sendmsg,sendto', '-e', 'write=all', '-o', log, cmd, ...args],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  const trace = readdirSync(dir)
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  rmSync(dir, { recursive: true, force: true });
  const messages: Uint8Array[] = [];
  let cur: number[] | null = null;
  for (const line of trace.split('\n')) {
    const m = /^(?:\[pid +\d+\] |\d+ +)? \| ([0-9a-f]{5}) {2}/.exec(line);
    if (!m) {
      if (cur) messages.push(Uint8Array.from(cur));
      cur = null;
      continue;
    }
    const hex = line
      .slice(m[0].length, m[0].length + 49)
      .trim()
      .split(/\s+/);
    if (m[1] === '00000') {
      if (cur) messages.push(Uint8Array.from(cur));
      cur = [];
    }
    cur?.push(...hex.filter((h) => /^[0-9a-f]{2}$/.test(h)).map((h) => parseInt(h, 16)));
  }
  if (cur) messages.push(Uint8Array.from(cur));
  return { messages, stderr: r.stderr, code: r.status ?? -1 };
}

/** The RTM_NEWLINK requests, with nlmsg_seq and nlmsg_pid zeroed, as hex. */
export function newlinkRequests(messages: Uint8Array[]): string[] {
  return (
    messages
      // ip 6.1 first sends a bare ifinfomsg (32 bytes) to probe the kernel; only requests with attributes count.
      .filter((b) => b.length > 32 && (b[4]! | (b[5]! << 8)) === RTM_NEWLINK)
      .map((b) => {
        const c = b.slice();
        c.fill(0, 8, 16);
        return Buffer.from(c).toString('hex');
      })
  );
}
