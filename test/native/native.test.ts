// Exercises the native shim against the running kernel (NETLINK_ROUTE).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { NSID_ABSENT, errnoName, native, type NativePoller } from '../../src/netlink/native.js';
import { EAGAIN, EINVAL, ENOENT } from '../../src/netlink/gen/errno.js';
import {
  MSG_DONTWAIT,
  MSG_PEEK,
  MSG_TRUNC,
  SOL_NETLINK,
  SOL_SOCKET,
  SO_RCVBUF,
} from '../../src/netlink/gen/socket.js';
import { NETLINK_EXT_ACK } from '../../src/netlink/gen/netlink.js';

const NETLINK_ROUTE = 0;
const RTM_GETLINK = 18; // <linux/rtnetlink.h>
const NLM_F_REQUEST_DUMP = 0x301; // NLM_F_REQUEST | NLM_F_DUMP, <linux/netlink.h>
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const IFLA_IFNAME = 3; // <linux/if_link.h>
const LE = endianness() === 'LE';
const ADDON = fileURLToPath(new URL('../../build/Release/nlts_native.node', import.meta.url));

const b = native();
const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V']).status === 0;

// Every fd a test opens is closed afterwards, even when an assertion fails.
const openFds: number[] = [];
const openPollers: NativePoller[] = [];
function openRoute(netns: string | null = null): number {
  const fd = b.open(NETLINK_ROUTE, netns);
  expect(fd, `open: ${errnoName(fd)}`).toBeGreaterThanOrEqual(0);
  openFds.push(fd);
  expect(b.bind(fd, 0, 0)).toBe(0);
  // A failing test must not hang on a blocking recvmsg.
  expect(b.setReceiveTimeout(fd, 5000)).toBe(0);
  return fd;
}
afterEach(() => {
  for (const p of openPollers.splice(0)) p.close();
  for (const fd of openFds.splice(0)) b.close(fd);
});

/** nlmsghdr + zeroed struct ifinfomsg: a RTM_GETLINK dump request. */
function getlinkDump(seq: number): Uint8Array {
  const buf = new Uint8Array(32);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, buf.length, LE); // nlmsg_len
  dv.setUint16(4, RTM_GETLINK, LE); // nlmsg_type
  dv.setUint16(6, NLM_F_REQUEST_DUMP, LE); // nlmsg_flags
  dv.setUint32(8, seq, LE); // nlmsg_seq
  dv.setUint32(12, 0, LE); // nlmsg_pid
  return buf;
}

interface Msg {
  type: number;
  seq: number;
  body: DataView;
}
function* messages(buf: Uint8Array, len: number): Generator<Msg> {
  const dv = new DataView(buf.buffer, buf.byteOffset, len);
  for (let off = 0; off + 16 <= len;) {
    const msgLen = dv.getUint32(off, LE);
    if (msgLen < 16 || off + msgLen > len) throw new Error(`bad nlmsg_len ${msgLen} at ${off}`);
    yield {
      type: dv.getUint16(off + 4, LE),
      seq: dv.getUint32(off + 8, LE),
      body: new DataView(buf.buffer, buf.byteOffset + off + 16, msgLen - 16),
    };
    off += (msgLen + 3) & ~3;
  }
}

interface Link {
  index: number;
  name: string;
}
function parseLink(body: DataView): Link {
  const index = body.getInt32(4, LE); // ifinfomsg.ifi_index
  let name = '';
  for (let off = 16; off + 4 <= body.byteLength;) {
    const rtaLen = body.getUint16(off, LE);
    if (rtaLen < 4) break;
    if (body.getUint16(off + 2, LE) === IFLA_IFNAME) {
      const bytes = new Uint8Array(body.buffer, body.byteOffset + off + 4, rtaLen - 4);
      name = Buffer.from(bytes).toString('utf8').replace(/\0.*$/s, '');
    }
    off += (rtaLen + 3) & ~3;
  }
  return { index, name };
}

/** Sends a link dump on fd and receives it to NLMSG_DONE. */
function dumpLinks(fd: number, seq: number): Link[] {
  const req = getlinkDump(seq);
  expect(b.sendto(fd, req, 0, 0)).toBe(req.length);
  const buf = new Uint8Array(65536);
  const info = new Int32Array(4);
  const links: Link[] = [];
  for (;;) {
    const n = b.recvmsg(fd, buf, 0, info);
    expect(n, `recvmsg: ${errnoName(n)}`).toBeGreaterThan(0);
    for (const m of messages(buf, n)) {
      expect(m.seq).toBe(seq);
      if (m.type === NLMSG_ERROR) throw new Error(`netlink error ${m.body.getInt32(0, LE)}`);
      if (m.type === NLMSG_DONE) return links;
      if (m.type === 16 /* RTM_NEWLINK */) links.push(parseLink(m.body));
    }
  }
}

describe('native socket calls', () => {
  it('opens, binds and reports a kernel-assigned port id', () => {
    const fd = openRoute();
    const out = new Uint32Array(2);
    expect(b.getsockname(fd, out)).toBe(0);
    expect(out[0]).not.toBe(0);
    expect(out[1]).toBe(0);
  });

  it('sets and gets int socket options', () => {
    const fd = openRoute();
    const out = new Int32Array(1);
    expect(b.setsockoptInt(fd, SOL_SOCKET, SO_RCVBUF, 65536)).toBe(0);
    expect(b.getsockoptInt(fd, SOL_SOCKET, SO_RCVBUF, out)).toBe(0);
    expect(out[0]).toBeGreaterThanOrEqual(65536); // the kernel doubles it (socket(7))
    expect(b.setsockoptInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1)).toBe(0);
    expect(b.getsockoptInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, out)).toBe(0);
    expect(out[0]).toBe(1);
    expect(b.setsockoptInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 0)).toBe(0);
    expect(b.getsockoptInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, out)).toBe(0);
    expect(out[0]).toBe(0);
  });

  it('dumps links: MSG_PEEK|MSG_TRUNC reports the true length, then reads to NLMSG_DONE', () => {
    const fd = openRoute();
    const req = getlinkDump(42);
    expect(b.sendto(fd, req, 0, 0)).toBe(32);

    const info = new Int32Array(4);
    const small = new Uint8Array(16);
    const peeked = b.recvmsg(fd, small, MSG_PEEK | MSG_TRUNC, info);
    expect(peeked).toBeGreaterThan(16);
    expect(info[0]).toBe(0); // from the kernel
    expect(info[1]).toBe(0);
    expect(info[2]).toBe(-1); // NETLINK_PKTINFO not enabled
    expect(info[3]).toBe(NSID_ABSENT);

    // Receive into a view with a non-zero byteOffset: the shim must honour it.
    const backing = new Uint8Array(65536 + 8).fill(0xee);
    const view = backing.subarray(8);
    info.fill(7);
    const n = b.recvmsg(fd, view, 0, info);
    expect(n).toBe(peeked);
    expect(backing.subarray(0, 8).every((x) => x === 0xee)).toBe(true);
    expect(info[0]).toBe(0);
    expect(info[3]).toBe(NSID_ABSENT);

    const types: number[] = [];
    let done = false;
    let len = n;
    for (let i = 0; i < 1000 && !done; i++) {
      for (const m of messages(view, len)) {
        expect(m.seq).toBe(42);
        types.push(m.type);
        if (m.type === NLMSG_DONE) done = true;
      }
      if (!done) len = b.recvmsg(fd, view, 0, info);
      expect(len).toBeGreaterThan(0);
    }
    expect(done).toBe(true);
    expect(types[0]).toBe(16); // RTM_NEWLINK
  });

  it('returns -EAGAIN for MSG_DONTWAIT on an idle socket', () => {
    const fd = openRoute();
    const n = b.recvmsg(fd, new Uint8Array(64), MSG_DONTWAIT, new Int32Array(4));
    expect(n).toBe(-EAGAIN);
    expect(n).toBe(-11);
    expect(errnoName(n)).toBe('EAGAIN');
  });

  it('honours SO_RCVTIMEO on a blocking recvmsg', () => {
    const fd = openRoute();
    expect(b.setReceiveTimeout(fd, 50)).toBe(0);
    const t0 = performance.now();
    expect(b.recvmsg(fd, new Uint8Array(64), 0, new Int32Array(4))).toBe(-EAGAIN);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
  });

  it('returns -ENOENT for a netns path that does not exist', () => {
    expect(b.open(NETLINK_ROUTE, `/run/netns/nlts-does-not-exist-${process.pid}`)).toBe(-2);
    expect(b.open(NETLINK_ROUTE, '/nonexistent/ns')).toBe(-ENOENT);
  });

  it('returns -EINVAL for bad arguments instead of throwing', () => {
    const bad = b as unknown as Record<string, (...args: unknown[]) => number>;
    expect(bad.open!('x', null)).toBe(-EINVAL);
    expect(b.getsockname(0, new Uint32Array(1))).toBe(-EINVAL);
    expect(bad.recvmsg!(0, new Uint16Array(4), 0, new Int32Array(4))).toBe(-EINVAL);
    expect(b.recvmsg(0, new Uint8Array(4), 0, new Int32Array(3))).toBe(-EINVAL);
    expect(b.close(-1)).toBe(-9); // EBADF
  });

  it('translates errno values', () => {
    expect(b.strerror(19)).toBe('No such device');
    expect(b.strerror(-19)).toBe('No such device');
    expect(errnoName(105)).toBe('ENOBUFS');
    expect(errnoName(-111)).toBe('ECONNREFUSED');
    expect(errnoName(95)).toBe('EOPNOTSUPP');
    expect(errnoName(4000)).toBe('E4000');
  });
});

describe('network namespaces', () => {
  const nsName = `nlts-native-${process.pid}-${randomBytes(4).toString('hex')}`;
  let created = false;
  const reason = !isRoot ? 'not root' : !hasIp ? 'ip(8) not installed' : '';
  if (reason) console.warn(`skipping netns test: ${reason}`);

  afterAll(() => {
    if (created) spawnSync('ip', ['netns', 'del', nsName]);
  });

  it.skipIf(reason !== '')('opens a socket inside a fresh namespace that only has lo', () => {
    const add = spawnSync('ip', ['netns', 'add', nsName], { encoding: 'utf8' });
    expect(add.status, add.stderr).toBe(0);
    created = true;
    try {
      const inside = dumpLinks(openRoute(`/run/netns/${nsName}`), 1);
      expect(inside).toEqual([{ index: 1, name: 'lo' }]);
      const host = dumpLinks(openRoute(), 2);
      expect(host.length).toBeGreaterThan(1);
      // The thread went back to its own namespace: a plain open sees the host again.
      expect(dumpLinks(openRoute(null), 3).length).toBe(host.length);
    } finally {
      spawnSync('ip', ['netns', 'del', nsName]);
      created = false;
    }
  });
});

describe('Poller', () => {
  it('fires when a dump reply is readable and the data can be read with MSG_DONTWAIT', async () => {
    const fd = openRoute();
    const events: Array<[number, number]> = [];
    let poller!: NativePoller;
    const readable = new Promise<void>((resolve) => {
      poller = new b.Poller(fd, (status, ev) => {
        events.push([status, ev]);
        poller.stop();
        resolve();
      });
    });
    openPollers.push(poller);
    poller.start();
    poller.start(); // idempotent
    expect(b.sendto(fd, getlinkDump(7), 0, 0)).toBe(32);
    await readable;
    expect(events[0]).toEqual([0, 1]); // status 0, UV_READABLE
    const n = b.recvmsg(fd, new Uint8Array(65536), MSG_DONTWAIT, new Int32Array(4));
    expect(n).toBeGreaterThan(16);
    poller.stop(); // idempotent
    poller.close();
    poller.close(); // safe twice
    poller.start(); // no-op after close
    poller.ref();
    poller.unref();
  });

  it('leaves the socket blocking (uv_poll_init sets O_NONBLOCK; the shim restores it)', () => {
    const fd = openRoute();
    const poller = new b.Poller(fd, () => {});
    openPollers.push(poller);
    expect(b.setReceiveTimeout(fd, 50)).toBe(0);
    const t0 = performance.now();
    expect(b.recvmsg(fd, new Uint8Array(64), 0, new Int32Array(4))).toBe(-EAGAIN);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
  });

  it('reports a watch that cannot be set up through the callback status', async () => {
    const fd = openRoute();
    const first = new b.Poller(fd, () => {});
    openPollers.push(first);
    first.start(); // libuv registers the fd with the loop only once started
    const results = await Promise.all(
      [-1, fd].map(
        (target) =>
          new Promise<number>((resolve) => {
            // -1 is not an fd (EBADF); fd is already watched by `first` (EEXIST).
            const p: NativePoller = new b.Poller(target, (status) => {
              p.close();
              resolve(status);
            });
            openPollers.push(p);
            p.start();
          }),
      ),
    );
    expect(results.map(errnoName)).toEqual(['EBADF', 'EEXIST']);
  });

  describe('a throwing callback does not terminate the process', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nlts-native-'));
    const script = path.join(dir, 'throwing-callback.mjs');
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
const b = createRequire(import.meta.url)(${JSON.stringify(ADDON)});
const mode = process.argv[2];
const fd = b.open(0, null);
if (fd < 0 || b.bind(fd, 0, 0) !== 0) process.exit(3);
const onError =
  mode === 'onError' ? (err) => console.log('onError: ' + err.message)
  : mode === 'onErrorThrows' ? () => { throw new Error('onError throws too'); }
  : undefined;
const poller = new b.Poller(fd, () => {
  poller.close();
  if (mode === 'throwNumber') throw 42;
  throw new Error('boom from callback');
}, onError);
poller.start();
const req = new Uint8Array(32);
const dv = new DataView(req.buffer);
dv.setUint32(0, 32, true); dv.setUint16(4, 18, true); dv.setUint16(6, 0x301, true); dv.setUint32(8, 1, true);
if (b.sendto(fd, req, 0, 0) !== 32) process.exit(4);
setTimeout(() => { console.log('alive'); b.close(fd); }, 200);
`,
    );
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const run = (mode: string) =>
      spawnSync(process.execPath, [script, mode], { encoding: 'utf8', timeout: 10_000 });

    it('passes the error to onError', () => {
      const r = run('onError');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('onError: boom from callback');
      expect(r.stdout).toContain('alive');
      expect(r.stderr).toBe('');
    });

    it('writes one stderr line without onError', () => {
      const r = run('none');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('alive');
      expect(r.stderr).toBe('nlts: uncaught error in netlink poll callback: boom from callback\n');
    });

    it('describes a thrown non-Error value', () => {
      const r = run('throwNumber');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('alive');
      expect(r.stderr).toBe('nlts: uncaught error in netlink poll callback: 42\n');
    });

    it('drops an error thrown by onError itself', () => {
      const r = run('onErrorThrows');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('alive');
      expect(r.stderr).toBe('');
    });
  });
});
