/**
 * `nlts vrf exec` on this kernel, which has no vrf link kind: the cgroup program nlts loads for it
 * (src/netlink/vrf-program.ts) is checked directly — attached to a cgroup of the test's own, it binds
 * every socket a process of that cgroup creates to the given device — and the errors of
 * `vrf exec` equal ip's. The full `vrf exec` against `ip vrf exec` on a real VRF runs in the VM suite.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, rmdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason, uniqueName } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';
import { attachVrfProgram } from '../../src/netlink/vrf-program.js';
import { cgroup2Mount } from '../../src/commands/vrf/cgroup.js';

const mnt = cgroup2Mount();
const hasPython = spawnSync('python3', ['-c', '0']).status === 0;
const skip =
  (liveSkipReason() as string | null) ??
  (mnt === null ? 'cgroup2 is not mounted' : hasPython ? null : 'python3 is missing');
if (skip) console.warn(`SKIPPED live vrf exec tests: ${skip}`);

/** The device a new TCP socket is bound to (SO_BINDTODEVICE), made by a process that first joins `cgroup`. */
function boundDeviceOfNewSocket(cgroup: string | null): string {
  const join = cgroup === null ? '' : `echo $$ > '${cgroup}/cgroup.procs' && `;
  const py =
    'import socket; s = socket.socket(); ' +
    "print(s.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16).rstrip(b'\\0').decode() or '-')";
  const r = spawnSync('sh', ['-c', `${join}exec python3 -c "${py}"`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe.skipIf(skip)('vrf exec (live)', () => {
  let ns: { name: string; delete(): void };
  beforeAll(() => {
    ns = Netns.create('nlvx');
  });
  afterAll(() => ns?.delete());

  it('the program binds each socket created in its cgroup to the device (lo here: ifindex 1)', () => {
    const cgroup = `${mnt}/${uniqueName('nlts-vrf-test') as string}`;
    mkdirSync(cgroup);
    try {
      const fd = openSync(cgroup, constants.O_DIRECTORY | constants.O_RDONLY);
      try {
        attachVrfProgram(fd, 1);
      } finally {
        closeSync(fd);
      }
      expect(boundDeviceOfNewSocket(cgroup)).toBe('lo');
      expect(boundDeviceOfNewSocket(null)).toBe('-'); // outside the cgroup: unbound
    } finally {
      rmdirSync(cgroup); // the processes have exited; the program goes with the cgroup
    }
  });

  it('"default": the program runs in the VRF-less cgroup .../NS-ns/vrf/, unbound, as under ip', () => {
    const probe = ['sh', '-c', "grep '^0::' /proc/self/cgroup; exit 3"];
    const theirs = ip(['-n', ns.name, 'vrf', 'exec', 'default', ...probe]);
    const ours = nlts(['-n', ns.name, 'vrf', 'exec', 'default', ...probe]);
    try {
      expect(ours).toEqual(theirs);
      expect(ours.stdout).toMatch(new RegExp(`^0::/(.*/)?${ns.name}-ns/vrf\n$`));
      expect(ours.code).toBe(3);
    } finally {
      // Both tools made (and left, as ip does) MNT/BASE/NS-ns/vrf: the namespace is ours, so is the directory.
      const dirs = spawnSync('find', [mnt!, '-maxdepth', '4', '-type', 'd', '-name', `${ns.name}-ns`], {
        encoding: 'utf8',
      }).stdout.split('\n');
      for (const d of dirs.filter(Boolean)) {
        rmdirSync(`${d}/vrf`);
        rmdirSync(d);
      }
    }
  });

  it('errors as ip: no name, no command, not a VRF, no such device (nothing created)', () => {
    for (const args of [[], ['lo'], ['lo', 'true'], ['nlts-no-such-vrf', 'true']]) {
      const theirs = ip(['-n', ns.name, 'vrf', 'exec', ...args]);
      const ours = nlts(['-n', ns.name, 'vrf', 'exec', ...args]);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: theirs.code, stderr: theirs.stderr });
    }
    // Neither tool made a cgroup for a VRF that does not exist.
    expect(
      spawnSync('find', [mnt!, '-maxdepth', '2', '-name', `${ns.name}-ns`], { encoding: 'utf8' }).stdout,
    ).toBe('');
  });
});
