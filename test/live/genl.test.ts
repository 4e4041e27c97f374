import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genlCommand } from '../../src/commands/genl/index.js';
import { describeError } from '../../src/iproute/describe-error.js';
import { parseGlobalOptions } from '../../src/cli/options.js';
import { openNativeTransport } from '../../src/netlink/native-transport.js';
import { StringOutput } from '../../src/output/output.js';
// @ts-expect-error plain JS helpers shared with the record scripts
import { Netns, isRoot } from '../support/scenario.mjs';

function have(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const genlReason = have('genl', ['-V']) ? null : 'iproute2 `genl` is not installed';
const rootReason = isRoot ? null : 'needs root (creates a network namespace)';
if (genlReason) console.log(`skipping genl comparison: ${genlReason}`);
if (rootReason) console.log(`skipping live genl requests in a netns: ${rootReason}`);

async function nltsGenl(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { opts, rest } = parseGlobalOptions(argv);
  const out = new StringOutput();
  const err = new StringOutput();
  let code: number;
  try {
    code = await genlCommand(rest.slice(1), {
      opts,
      out,
      err,
      transports: openNativeTransport,
      colorize: undefined,
      readFile: () => null,
      fact: <T>(_key: string, compute: () => T): T => compute(),
    });
  } catch (e) {
    const d = describeError(e);
    err.write(d.message + '\n');
    code = d.exitCode;
  }
  return { code, stdout: out.text, stderr: err.text };
}

interface Fam {
  name: string;
  id: number;
  version: number;
  hdrsize: number;
  maxattr: number;
  ops: number[];
  groups: { id: number; name: string }[];
}

/** Parse iproute2's `genl ctrl list` text. */
function parseGenlCtrlList(text: string): Fam[] {
  const out: Fam[] = [];
  let cur: Fam | undefined;
  let section = '';
  for (const line of text.split('\n')) {
    let m = /^Name: (\S+)/.exec(line);
    if (m) {
      cur = { name: m[1]!, id: 0, version: 0, hdrsize: 0, maxattr: 0, ops: [], groups: [] };
      out.push(cur);
      section = '';
      continue;
    }
    if (!cur) continue;
    m = /ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)/.exec(line);
    if (m) {
      cur.id = Number(m[1]);
      cur.version = Number(m[2]);
      cur.hdrsize = Number(m[3]);
      cur.maxattr = Number(m[4]);
    } else if (/commands supported/.test(line)) section = 'ops';
    else if (/multicast groups/.test(line)) section = 'groups';
    else if ((m = /#\d+:\s+ID-(0x[0-9a-f]+)(?:\s+name: (\S+))?/.exec(line))) {
      if (section === 'ops') cur.ops.push(Number(m[1]));
      else if (section === 'groups') cur.groups.push({ id: Number(m[1]), name: m[2]! });
    }
  }
  return out;
}

describe.skipIf(genlReason !== null)('live: nlts -j genl list agrees with genl ctrl list', () => {
  it('ids, names, versions, header sizes, max attributes, op ids, group names and ids', async () => {
    const ours = await nltsGenl(['-j', 'genl', 'list']);
    expect(ours.code).toBe(0);
    const theirs = parseGenlCtrlList(execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' }));
    const mine = (
      JSON.parse(ours.stdout) as (Omit<Fam, 'ops'> & { ops: { id: number }[]; mcast_groups: Fam['groups'] })[]
    ).map((f) => ({
      name: f.name,
      id: f.id,
      version: f.version,
      hdrsize: f.hdrsize,
      maxattr: f.maxattr,
      ops: f.ops.map((o) => o.id),
      groups: f.mcast_groups,
    }));
    const byName = (a: Fam, b: Fam): number => a.name.localeCompare(b.name);
    expect(theirs.length).toBeGreaterThan(1);
    expect(mine.sort(byName)).toEqual(theirs.sort(byName));
  });

  it('genl ctrl get name / id agree with genl ctrl get', async () => {
    const theirs = parseGenlCtrlList(
      execFileSync('genl', ['ctrl', 'get', 'name', 'nlctrl'], { encoding: 'utf8' }),
    )[0]!;
    const byName = await nltsGenl(['-j', 'genl', 'ctrl', 'get', 'name', 'nlctrl']);
    const byId = await nltsGenl(['-j', 'genl', 'ctrl', 'get', 'id', String(theirs.id)]);
    expect(byName.stdout).toBe(byId.stdout);
    const [f] = JSON.parse(byName.stdout) as {
      id: number;
      ops: { id: number; name?: string; do?: unknown }[];
    }[];
    expect(f!.id).toBe(theirs.id);
    expect(f!.ops.map((o) => o.id)).toEqual(theirs.ops);
    expect(f!.ops.find((o) => o.name === 'getfamily')?.do).toBeDefined();
  });

  it('an unknown family is one line with close names, exit 1', async () => {
    const r = await nltsGenl(['genl', 'family', 'nlctr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Generic netlink family "nlctr" is unknown; did you mean "nlctrl"?\n');
  });
});

describe.skipIf(rootReason !== null)('live: genl requests in a fresh namespace', () => {
  let ns: { name: string; ip(args: string[]): string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlts-genl');
    ns.ip(['link', 'set', 'lo', 'up']);
    ns.ip(['link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']);
    ns.ip(['link', 'set', 'veth0', 'up']);
    execFileSync('ip', [
      'netns',
      'exec',
      ns.name,
      'python3',
      '-c',
      'import socket\ns=socket.socket(); s.bind(("127.0.0.1",0)); s.listen()\nc=socket.create_connection(s.getsockname()); a,_=s.accept()\nc.sendall(b"x"); a.recv(10); c.close(); a.close(); s.close()',
    ]);
  });
  afterAll(() => ns?.delete());

  const ifindex = (name: string): number =>
    (JSON.parse(ns.ip(['-j', 'link', 'show', 'dev', name])) as { ifindex: number }[])[0]!.ifindex;

  it('netdev dev-get: dump lists every link of the namespace, do one', async () => {
    const dump = await nltsGenl(['-n', ns.name, '-j', 'genl', 'dump', 'netdev', 'dev-get']);
    expect(dump.code).toBe(0);
    const devs = JSON.parse(dump.stdout) as { ifindex: number; 'xdp-features': string[] }[];
    expect(devs.map((d) => d.ifindex).sort()).toEqual([1, ifindex('veth0'), ifindex('veth1')].sort());
    expect(devs.find((d) => d.ifindex === ifindex('veth0'))?.['xdp-features']).toContain('basic');
    const one = await nltsGenl([
      '-n',
      ns.name,
      'genl',
      'do',
      'netdev',
      'dev-get',
      `ifindex=${ifindex('veth0')}`,
    ]);
    expect(one.stdout).toMatch(new RegExp(`^ifindex ${ifindex('veth0')}\n`));
  });

  it('ethtool strset-get and linkinfo-get for a veth', async () => {
    const s = await nltsGenl([
      '-n',
      ns.name,
      '-j',
      'genl',
      'do',
      'ethtool',
      'strset-get',
      'header.dev-name=veth0',
    ]);
    expect(s.code).toBe(0);
    const [reply] = JSON.parse(s.stdout) as {
      header: { 'dev-name': string };
      stringsets: { stringset: { id: string }[] };
    }[];
    expect(reply!.header['dev-name']).toBe('veth0');
    // A multi-attr is a list even with one entry, as in YNL (issue 13 item 4).
    expect(reply!.stringsets.stringset.map((x) => x.id)).toEqual(['stats']);
    const li = await nltsGenl([
      '-n',
      ns.name,
      'genl',
      'do',
      'ethtool',
      'linkinfo-get',
      'header.dev-index=' + ifindex('veth0'),
    ]);
    expect(li.stdout).toContain('  dev-name veth0\n');
    expect(li.stdout).toMatch(/^port \d+$/m);
  });

  it('tcp_metrics get dump shows the cached entry for 127.0.0.1', async () => {
    const r = await nltsGenl(['-n', ns.name, '-j', 'genl', 'dump', 'tcp_metrics', 'get']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as { 'addr-ipv4'?: string; vals?: Record<string, number> }[];
    expect(entries.some((e) => e['addr-ipv4'] === '127.0.0.1' && e.vals !== undefined)).toBe(true);
  });

  it("nlctrl getfamily through the generic path; an out-of-range value is the kernel's answer", async () => {
    const r = await nltsGenl(['-j', 'genl', 'do', 'nlctrl', 'getfamily', 'family-name=ethtool']);
    const [f] = JSON.parse(r.stdout) as { 'family-name': string; ops: unknown[] }[];
    expect(f!['family-name']).toBe('ethtool');
    expect(f!.ops.length).toBeGreaterThan(10);
    const bad = await nltsGenl(['genl', 'do', 'netdev', 'dev-get', 'ifindex=0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      // The kernel's policy for the attribute (extack NLMSGERR_ATTR_POLICY) says what it accepts.
      /^Error: genl do netdev dev-get: Numerical result out of range.*\(attribute ifindex: the kernel accepts u32 range 1\.\.\d+\)\n$/,
    );
  });

  it("an admin-perm op as non-root: the kernel's EPERM in words", () => {
    // Runs the compiled handler as nobody when dist/ is built; otherwise says why it is skipped.
    let out = '';
    try {
      execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
    } catch {
      console.log('skipping the non-root check: setpriv is not available');
      return;
    }
    try {
      const script = `
        const { genlCommand } = await import(${JSON.stringify(new URL('../../dist/commands/genl/index.js', import.meta.url).pathname)});
        const { parseGlobalOptions } = await import(${JSON.stringify(new URL('../../dist/cli/options.js', import.meta.url).pathname)});
        const { openNativeTransport } = await import(${JSON.stringify(new URL('../../dist/netlink/native-transport.js', import.meta.url).pathname)});
        const o = { text: '', write(s) { this.text += s; } };
        try { await genlCommand(['do', 'tcp_metrics', 'del', 'addr-ipv4=192.0.2.1'], { opts: parseGlobalOptions([]).opts, out: o, err: o, transports: openNativeTransport, readFile: () => null, fact: (_k, c) => c() }); }
        catch (e) { console.log(e.message); }`;
      out = execFileSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          '--input-type=module',
          '-e',
          script,
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (e) {
      console.log(
        `skipping the non-root check: the compiled handler is not runnable (${(e as Error).message.split('\n')[0]})`,
      );
      return;
    }
    expect(out.trim()).toBe(
      'Error: genl do tcp_metrics del: Operation not permitted (this op needs CAP_NET_ADMIN: run as root)',
    );
  });
});
