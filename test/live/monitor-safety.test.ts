/**
 * Live (root, own namespaces `nlts-m10-*`, always deleted): a monitor shows
 * only what the kernel says, and a signal ends it at once even when nobody
 * reads its output.
 */
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module shared with the record scripts
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { NLTS } from '../support/cli.js';
import { nlmsg } from '../support/fake-transport.js';
import { monitor } from '../../src/commands/monitor/index.js';
import { defaultOptions } from '../../src/cli/options.js';
import type { CommandEnv } from '../../src/commands/env.js';
import { StringOutput } from '../../src/output/output.js';
import { openNativeTransport } from '../../src/netlink/native-transport.js';
import type { Transport } from '../../src/netlink/transport.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live monitor safety tests: ${skip}`);

interface NS {
  name: string;
  delete(): void;
  ip(a: string[]): string;
}

/** A forged RTM_NEWLINK for ifindex `index` named `name`. */
function forgedLink(index: number, name: string): Uint8Array {
  const ifname = Buffer.from(name + '\0');
  const attrLen = 4 + ifname.length;
  const p = new Uint8Array(16 + ((attrLen + 3) & ~3));
  const v = new DataView(p.buffer);
  v.setUint16(2, 1, true);
  v.setInt32(4, index, true);
  v.setUint32(8, 0x1043, true);
  v.setUint16(16, attrLen, true);
  v.setUint16(18, 3, true); // IFLA_IFNAME
  p.set(ifname, 20);
  return nlmsg(16, p);
}

describe.skipIf(skip !== null)('live: monitor safety', () => {
  let ns: NS;
  beforeAll(() => {
    ns = Netns.create('nlts-m10') as NS;
  });
  afterAll(() => ns?.delete());

  it('nlts monitor -j ignores a forged RTM_NEWLINK (multicast and unicast to its port) and prints the real one', async () => {
    const ac = new AbortController();
    const out = new StringOutput();
    const sockets: Transport[] = [];
    const env: CommandEnv = {
      opts: { ...defaultOptions(), json: true, netns: ns.name },
      out,
      err: new StringOutput(),
      transports: (p, o) => {
        const t = openNativeTransport(p, o);
        sockets.push(t);
        return t;
      },
      colorize: undefined,
      readFile: (f) => {
        try {
          return readFileSync(f, 'utf8');
        } catch {
          return null;
        }
      },
      fact: (_k, c) => c(),
      signal: ac.signal,
    };
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const done = monitor(['link'], env, { onReady: ready });
    await Promise.race([isReady, done]);
    const monitorPort = sockets[0]!.portId;
    // A root process in the same namespace: one datagram to RTNLGRP_LINK, one straight to the monitor's port.
    const forger = openNativeTransport(0, { netns: ns.name });
    try {
      forger.send(forgedLink(4242, 'forged0'), 0, 1);
      forger.send(forgedLink(4243, 'forged1'), monitorPort, 0);
    } finally {
      forger.close();
    }
    ns.ip(['link', 'add', 'real0', 'type', 'veth', 'peer', 'name', 'real1']);
    const deadline = Date.now() + 5000;
    while (!out.text.includes('"real0"') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    expect(await done).toBe(0);
    expect(out.text).toContain('"ifname":"real0"');
    expect(out.text).not.toContain('forged');
  });

  describe('a signal ends a monitor whose stdout nobody reads, within a second', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'nlts-m10-'));
      ns.ip(['link', 'add', 'st0', 'type', 'veth', 'peer', 'name', 'st1']);
      ns.ip(['link', 'set', 'st0', 'up']);
      ns.ip(['link', 'set', 'st1', 'up']);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    for (const [sig, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      it(`${sig}: exit ${code}`, async () => {
        // A FIFO with a reader that never reads: writes fill its 64 KiB and then block (or EAGAIN).
        const fifo = path.join(dir, `out-${sig}`);
        execFileSync('mkfifo', [fifo]);
        const rfd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
        const wfd = openSync(fifo, constants.O_WRONLY);
        const child = spawn(process.execPath, [NLTS, '-j', '-n', ns.name, 'monitor', 'route', 'link'], {
          stdio: ['ignore', wfd, 'pipe'],
        });
        closeSync(wfd);
        let stderr = '';
        child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
        const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
          child.on('exit', (c, s) => resolve({ code: c, signal: s, at: Date.now() })),
        );
        try {
          await new Promise((r) => setTimeout(r, 1000)); // started and subscribed
          // Far more events than the pipe holds, and more still while the signal arrives.
          const lines = Array.from(
            { length: 3000 },
            (_, i) => `route add 10.9.${i >> 8}.${i & 255}/32 dev st0`,
          );
          execFileSync('ip', ['-n', ns.name, '-batch', '-'], { input: lines.join('\n') + '\n' });
          const more = spawn('ip', ['-n', ns.name, '-batch', '-'], { stdio: ['pipe', 'ignore', 'ignore'] });
          const moreDone = new Promise((res) => more.on('exit', res));
          more.stdin!.end(
            Array.from({ length: 3000 }, (_, i) => `route del 10.9.${i >> 8}.${i & 255}/32 dev st0`).join(
              '\n',
            ) + '\n',
          );
          await new Promise((r) => setTimeout(r, 100));
          const sent = Date.now();
          child.kill(sig);
          const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
          const r = await exited;
          clearTimeout(killer);
          await moreDone;
          expect({ code: r.code, signal: r.signal, stderr }).toMatchObject({ code, signal: null });
          expect(r.at - sent).toBeLessThan(1000);
        } finally {
          child.kill('SIGKILL');
          closeSync(rfd);
        }
      }, 15000);
    }
  });
});
