import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { NLTS, ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live tuntap tests: ${skip}`);

type Ns = { name: string; delete(): void };

/**
 * `nlts tuntap` against `ip tuntap` (ip/iptuntap.c, iproute2 6.1) on the
 * same namespace. ip reads the flags from sysfs after entering the
 * namespace; nlts with -n reads them from the link dump (IFLA_TUN_*), so the
 * -n comparisons use devices without one_queue (a flag netlink does not
 * carry), and nlts run inside the namespace (ip netns exec, no -n), where it
 * reads sysfs as ip does, is compared on a one_queue device too.
 */
describe.skipIf(skip !== null)('live: nlts tuntap against ip tuntap', () => {
  let ns: Ns;
  let own: Ns;

  beforeAll(() => {
    ns = Netns.create('nlh4-tuntap');
    own = Netns.create('nlh4-tuntap-o');
    try {
      ipBatch(
        [
          'tuntap add dev tt0 mode tun',
          'tuntap add dev tt1 mode tap pi vnet_hdr user 1000 group 100',
          'tuntap add dev tt2 mode tap multi_queue',
          'link add vt0 type veth peer name vt1',
        ],
        ns.name,
      );
      ipBatch(['tuntap add dev tq0 mode tun one_queue user 7', 'tuntap add dev tq1 mode tap'], own.name);
    } catch (e) {
      ns.delete();
      own.delete();
      throw e;
    }
  });
  afterAll(() => {
    ns?.delete();
    own?.delete();
  });

  const CASES: string[][] = [
    ['tuntap'],
    ['tuntap', 'show'],
    ['tap', 'list'],
    ['tuntap', 'lst', 'dev', 'tt0'],
    ['-o', 'tuntap'],
  ];
  for (const args of CASES) {
    it(`text: ${args.join(' ')}`, async () => {
      const theirs = ip(['-n', ns.name, ...args]);
      const ours = await runCli(['-n', ns.name, ...args]);
      expect(theirs.code).toBe(0);
      expect(ours.stderr).toBe('');
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ours.stdout.split('\n')).toHaveLength(4);
    });
    it(`-j: ${args.join(' ')}`, async () => {
      const theirs = ip(['-n', ns.name, '-j', ...args]);
      const ours = await runCli(['-n', ns.name, '-j', ...args]);
      expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(theirs.stdout));
    });
  }

  it('-d: the "Attached to processes" line (no process holds them)', async () => {
    const theirs = ip(['-n', ns.name, '-d', 'tuntap']);
    const ours = await runCli(['-n', ns.name, '-d', 'tuntap']);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(JSON.parse((await runCli(['-n', ns.name, '-j', '-d', 'tuntap'])).stdout)).toEqual(
      JSON.parse(ip(['-n', ns.name, '-j', '-d', 'tuntap']).stdout),
    );
  });

  it('-d with a process attached: "Attached to processes:NAME(PID)" as ip prints it', async (ctx) => {
    // A process that holds tt1 open (python3's fcntl makes the TUNSETIFF ioctl).
    if (spawnSync('python3', ['-c', '0']).status !== 0) ctx.skip('python3 is not installed');
    const holder = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns.name,
        'python3',
        '-c',
        // TUNSETIFF = _IOW('T', 202, int); IFF_TAP | IFF_NO_PI | IFF_VNET_HDR: tt1's own flags bar pi.
        "import fcntl,os,struct,sys,time\nfd=os.open('/dev/net/tun',os.O_RDWR)\nfcntl.ioctl(fd,0x400454ca,struct.pack('16sH',b'tt1',0x0002|0x4000))\nprint('ready',flush=True)\ntime.sleep(60)",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.once('data', () => resolve());
        holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      const theirs = ip(['-n', ns.name, '-d', 'tuntap']);
      const ours = await runCli(['-n', ns.name, '-d', 'tuntap']);
      expect(theirs.stdout).toMatch(/Attached to processes:python3\(\d+\)/);
      expect(ours.stdout).toBe(theirs.stdout);
    } finally {
      holder.kill();
    }
  });

  it('-j -p lays out like ip -j -p', async () => {
    const args = ['-n', ns.name, '-j', '-p', 'tuntap'];
    expect((await runCli(args)).stdout).toBe(ip(args).stdout);
  });

  it('inside the namespace (no -n) it reads sysfs as ip does: one_queue shows', () => {
    const inside = (cmd: string[]): string =>
      spawnSync('ip', ['netns', 'exec', own.name, ...cmd], { encoding: 'utf8' }).stdout;
    for (const j of [[], ['-j']]) {
      const theirs = inside(['ip', ...j, 'tuntap']);
      expect(theirs).toContain('one_queue');
      expect(inside([process.execPath, NLTS, ...j, 'tuntap'])).toBe(theirs);
    }
  });

  it('an unknown command: ip’s message and status', async () => {
    const theirs = ip(['-n', ns.name, 'tuntap', 'frob']);
    const ours = await runCli(['-n', ns.name, 'tuntap', 'frob']);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr.replace('ip tuntap help', 'nlts tuntap help'));
  });
});
