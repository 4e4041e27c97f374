import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CN_MSG_LEN,
  PROC_CN_MCAST_LISTEN,
  PROC_EVENT_EXIT,
  PROC_EVENT_FORK,
  decodeConnectorMessage,
  decodeProcEvent,
  encodeProcMcastOp,
} from '../../src/netlink/connector/index.js';
import { parseUevent } from '../../src/netlink/uevent.js';
import { isoMicros, timestampText } from '../../src/commands/monitor/writer.js';
import { RTNL_SOURCES, type MonitorContext } from '../../src/commands/monitor/rtnl.js';
import { renderNsid } from '../../src/commands/monitor/nsid.js';
import { NetnsNameCache } from '../../src/iproute/netns-map.js';
import { NETNSA_NSID } from '../../src/netlink/gen/net_namespace.js';
import { renderLink } from '../../src/commands/link/render.js';
import { AttributeEncoder, fromHex } from '../../src/netlink/codec/index.js';
import { decodeLink, type LinkMessage } from '../../src/netlink/route/link.js';
import { encodeIfaddrmsg } from '../../src/netlink/route/addr.js';
import { Printer } from '../../src/output/printer.js';
import { parseMonitorArgs, parseSize } from '../../src/commands/monitor/index.js';
import { procText } from '../../src/commands/monitor/proc.js';
import { procObject } from '../../src/netlink/connector/proc.js';
import { parseMessages } from '../../src/netlink/codec/message.js';
import { defaultOptions } from '../../src/cli/options.js';
import type { CommandEnv } from '../../src/commands/env.js';
import { StringOutput } from '../../src/output/output.js';
import { RTM_DELADDR, RTM_NEWADDR } from '../../src/netlink/gen/rtnetlink.js';
import { IFA_ADDRESS, IFA_CACHEINFO, IFA_LABEL, IFA_LOCAL } from '../../src/netlink/gen/if_addr.js';

function procEvent(what: number, words: number[]): Uint8Array {
  const b = new Uint8Array(16 + words.length * 4);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, what, true);
  dv.setUint32(4, 3, true);
  dv.setBigUint64(8, 123456789n, true);
  words.forEach((w, i) => dv.setUint32(16 + i * 4, w, true));
  return b;
}

describe('proc connector codec', () => {
  it('encodes PROC_CN_MCAST_LISTEN as nlmsghdr + cn_msg + op', () => {
    const bytes = encodeProcMcastOp(PROC_CN_MCAST_LISTEN, 4242);
    const [m] = [...parseMessages(bytes)];
    expect(m!.type).toBe(3); // NLMSG_DONE
    expect(m!.pid).toBe(4242);
    const cn = decodeConnectorMessage(m!.payload);
    expect(cn).toMatchObject({ idx: 1, val: 1, seq: 0, ack: 0, flags: 0 });
    expect([...cn.data]).toEqual([1, 0, 0, 0]);
    expect(m!.payload.length).toBe(CN_MSG_LEN + 4);
  });

  it('decodes fork and exit (status and signal)', () => {
    const fork = decodeProcEvent(procEvent(PROC_EVENT_FORK, [10, 10, 11, 11]));
    expect(fork).toMatchObject({
      what: 'fork',
      cpu: 3,
      timestampNs: 123456789n,
      parentTgid: 10,
      childPid: 11,
    });
    const exit = decodeProcEvent(procEvent(PROC_EVENT_EXIT, [11, 11, 7 << 8, 17, 10, 10]));
    expect(procObject(exit, 'sh')).toMatchObject({
      what: 'exit',
      pid: 11,
      exit_code: 1792,
      status: 7,
      comm: 'sh',
    });
    expect(procText(exit, 'sh')).toBe('exit pid 11 (sh) status 7\n');
    const killed = decodeProcEvent(procEvent(PROC_EVENT_EXIT, [12, 12, 9 | 0x80, 17, 10, 10]));
    expect(procObject(killed, undefined)).toMatchObject({ signal: 9, core_dumped: true });
    expect(procText(killed, undefined)).toBe('exit pid 12 signal 9 (core dumped)\n');
  });

  it('rejects truncated events and keeps unknown ones', () => {
    expect(() => decodeProcEvent(procEvent(PROC_EVENT_EXIT, [1, 2]))).toThrow(/needs 24 bytes/);
    expect(decodeProcEvent(procEvent(0x400, [1]))).toMatchObject({ what: 'unknown', type: 0x400 });
    expect(() => decodeConnectorMessage(new Uint8Array(10))).toThrow(/cn_msg needs 20/);
  });
});

describe('uevent parsing', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  it('kernel: ACTION@DEVPATH then KEY=VALUE pairs in order', () => {
    const e = parseUevent(
      enc(
        'add@/devices/virtual/net/ue0\0ACTION=add\0DEVPATH=/devices/virtual/net/ue0\0SUBSYSTEM=net\0INTERFACE=ue0\0SEQNUM=7\0',
      ),
    );
    expect(e.origin).toBe('kernel');
    expect(e.action).toBe('add');
    expect(e.env.map(([k]) => k)).toEqual(['ACTION', 'DEVPATH', 'SUBSYSTEM', 'INTERFACE', 'SEQNUM']);
  });
  it('libudev: header, then properties at properties_off', () => {
    const props = enc('ACTION=change\0DEVPATH=/devices/x\0SUBSYSTEM=block\0');
    const b = new Uint8Array(40 + props.length);
    b.set(enc('libudev\0'));
    const dv = new DataView(b.buffer);
    dv.setUint32(8, 0xfeedcafe, false);
    dv.setUint32(12, 40, true);
    dv.setUint32(16, 40, true);
    dv.setUint32(20, props.length, true);
    b.set(props, 40);
    expect(parseUevent(b)).toMatchObject({ origin: 'udev', action: 'change', devpath: '/devices/x' });
  });
  it('garbage is a CodecError', () => {
    expect(() => parseUevent(enc('no header here'))).toThrow(/ACTION@DEVPATH/);
  });
});

describe('monitor output helpers', () => {
  it('timestamps as ip -t / -ts print them', () => {
    process.env.TZ = 'UTC';
    const us = Date.UTC(2024, 0, 5, 3, 4, 5) * 1000 + 42;
    expect(timestampText(us, false)).toBe('Timestamp: Fri Jan  5 03:04:05 2024 42 usec\n');
    expect(timestampText(us, true)).toBe('[2024-01-05T03:04:05.000042] ');
    expect(isoMicros(us)).toBe('2024-01-05T03:04:05.000042Z');
  });
});

/** ll_map of a monitor that has seen one link, 3: g0 (ARPHRD_ETHER). */
function monitorContext(over: Partial<MonitorContext> = {}): MonitorContext {
  return {
    stats: 0,
    details: 0,
    oneline: false,
    nameOf: (i) => (i === 3 ? 'g0' : undefined),
    flagsOf: () => 0,
    netnsNameOf: () => undefined,
    netnsNames: () => new NetnsNameCache([], () => undefined),
    remember: () => {},
    typeOf: (i) => (i === 3 ? 1 : 0),
    scopeName: (s) => (s === 0 ? 'global' : String(s)),
    names: () => {
      throw new Error('not used');
    },
    numeric: false,
    color: false,
    ...over,
  };
}

function render(json: boolean, fn: (p: Printer) => void): string {
  const out = new StringOutput();
  fn(new Printer(out, { json }));
  return out.text;
}

describe('monitor objects', () => {
  const addrSource = RTNL_SOURCES.find((s) => s.name === 'addr')!;
  // 10.77.0.1/24 on ifindex 3, label g0, lifetimes forever (struct ifa_cacheinfo: prefered, valid, ...).
  const ci = new Uint8Array(16).fill(0xff, 0, 8);
  const payload = encodeIfaddrmsg(
    { family: 2, prefixlen: 24, flags: 0x80, scope: 0, index: 3 },
    new AttributeEncoder()
      .bytes(IFA_ADDRESS, new Uint8Array([10, 77, 0, 1]))
      .bytes(IFA_LOCAL, new Uint8Array([10, 77, 0, 1]))
      .string(IFA_LABEL, 'g0')
      .bytes(IFA_CACHEINFO, ci)
      .finish(),
  );
  const msg = (type: number) => ({ type, flags: 0, seq: 0, pid: 0, payload });

  it('an address: ip monitor text, JSON as one address of `ip -j address show`', () => {
    expect(render(false, (p) => addrSource.render(p, msg(RTM_DELADDR), monitorContext()))).toBe(
      'Deleted 3: g0    inet 10.77.0.1/24 scope global g0\n       valid_lft forever preferred_lft forever\n',
    );
    const obj = {
      ifindex: 3,
      ifname: 'g0',
      addr_info: [
        {
          family: 'inet',
          local: '10.77.0.1',
          prefixlen: 24,
          scope: 'global',
          label: 'g0',
          valid_life_time: 4294967295,
          preferred_life_time: 4294967295,
        },
      ],
    };
    for (const type of [RTM_NEWADDR, RTM_DELADDR]) {
      const text = render(true, (p) => addrSource.render(p, msg(type), monitorContext()));
      // Same keys in the same order: no "deleted" (the record's "event" says so).
      expect(text).toBe(JSON.stringify(obj));
    }
  });

  it('an address of an unknown link is named if<N>, as ip does', () => {
    const text = render(true, (p) =>
      addrSource.render(p, msg(RTM_NEWADDR), monitorContext({ nameOf: () => undefined })),
    );
    expect(JSON.parse(text)).toMatchObject({ ifindex: 3, ifname: 'if3' });
  });

  it('links: the monitor option drops mode, qlen and counters (print_linkinfo with do_link = 0)', () => {
    const fixture = fileURLToPath(new URL('../fixtures/unit/link/dump.hex', import.meta.url));
    const links: LinkMessage[] = readFileSync(fixture, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((hex) => [...parseMessages(fromHex(hex))])
      .map((m) => decodeLink(m.payload, m.type));
    const lo = links.find((l) => l.ifname === 'lo')!;
    const ctx = monitorContext({ stats: 1 });
    const show = render(false, (p) => renderLink(p, lo, ctx));
    const mon = render(false, (p) => renderLink(p, lo, { ...ctx, monitor: true }));
    expect(show).toMatch(/ mode DEFAULT group default qlen 1000\n/);
    expect(show).toMatch(/RX:/);
    expect(mon).toMatch(
      /^1: lo: <LOOPBACK[^>]*> mtu 65536 qdisc \S+ state \S+ group default \n {4}link\/loopback /,
    );
    expect(mon).not.toMatch(/ mode | qlen |RX:/);
    // JSON keeps the `ip -j link show` object whatever the option says.
    const source = RTNL_SOURCES.find((s) => s.name === 'link')!;
    const bytes = fromHex(readFileSync(fixture, 'utf8').split('\n')[0]!);
    const m = [...parseMessages(bytes)].find((x) => decodeLink(x.payload).ifname === 'lo')!;
    expect(render(true, (p) => source.render(p, m, monitorContext()))).toBe(
      render(true, (p) => renderLink(p, lo, monitorContext())),
    );
  });

  it('nsid: text and JSON', () => {
    const payload = new Uint8Array([0, 0, 0, 0, ...new AttributeEncoder().s32(1, 7).finish()]);
    expect(render(false, (p) => renderNsid(p, payload, true))).toBe('Deleted nsid 7 \n');
    expect(render(true, (p) => renderNsid(p, payload, true))).toBe('{"nsid":7}');
    expect(() =>
      renderNsid(new Printer(new StringOutput(), { json: true }), new Uint8Array(2), false),
    ).toThrow(/rtgenmsg needs 4 bytes/);
  });

  it("nsid: the name from ip's nsid cache, used once, looked up for a new nsid (print_nsid)", () => {
    const nsidMsg = (id: number): Uint8Array =>
      new Uint8Array([0, 0, 0, 0, ...new AttributeEncoder().s32(NETNSA_NSID, id).finish()]);
    const looked: number[] = [];
    // At start /run/netns/old had nsid 5; later "fresh" gets nsid 7.
    const cache = new NetnsNameCache([[5, 'old']], (id) => {
      looked.push(id);
      return id === 7 ? 'fresh' : undefined;
    });
    const text = (id: number, deleted: boolean): string =>
      render(false, (p) => renderNsid(p, nsidMsg(id), deleted, cache));
    // A cached name is printed and forgotten (netns_map_del), without a lookup.
    expect(text(5, true)).toBe('Deleted nsid 5 (iproute2 netns name: old)\n');
    expect(text(5, true)).toBe('Deleted nsid 5 \n');
    expect(looked).toEqual([]);
    // A new nsid not in the cache is looked up (netns_get_name) and cached for its deletion.
    expect(text(7, false)).toBe('nsid 7 (iproute2 netns name: fresh)\n');
    expect(looked).toEqual([7]);
    expect(cache.get(7)).toBe('fresh');
    expect(render(true, (p) => renderNsid(p, nsidMsg(7), true, cache))).toBe('{"nsid":7,"name":"fresh"}');
    // A deletion of an unknown nsid is never looked up; a new one without a name prints none.
    expect(text(9, true)).toBe('Deleted nsid 9 \n');
    expect(text(8, false)).toBe('nsid 8 \n');
    expect(looked).toEqual([7, 8]);
  });
});

describe('monitor arguments', () => {
  const env = {
    opts: defaultOptions(),
    out: new StringOutput(),
    err: new StringOutput(),
  } as unknown as CommandEnv;
  it('objects, options and sources', () => {
    const r = parseMonitorArgs(['all', '-ts', '--count', '5', '--rcvbuf', '2M', '--no-resync'], env);
    expect(r).toMatchObject({ kind: 'rtnl', words: ['all'], resync: false });
    expect(r.common).toMatchObject({ count: 5, timestamp: 'short', rcvbuf: 2 * 1024 * 1024 });
    const p = parseMonitorArgs(['proc', '--pid', '7', '--events', 'fork,exit'], env);
    expect(p.pids).toEqual([7]);
    expect([...p.events!]).toEqual(['fork', 'exit']);
    expect(parseMonitorArgs(['genl', 'nlctrl:notify'], env).words).toEqual(['nlctrl:notify']);
  });
  it('bad input is a usage error', () => {
    expect(() => parseMonitorArgs(['proc', '--events', 'forks'], env)).toThrow(/unknown event "forks"/);
    expect(() => parseMonitorArgs(['--count', 'x'], env)).toThrow(/Invalid value "x" for "--count"/);
    expect(() => parseMonitorArgs(['link', '--bogus'], env)).toThrow(
      /^Option "--bogus" is unknown, try "nlts monitor help"\.$/,
    );
    expect(() => parseMonitorArgs(['link', 'bogus'], env)).not.toThrow();
    expect(() => parseSize('12q')).toThrow(/Invalid value "12q" for "--rcvbuf"/);
  });
});
