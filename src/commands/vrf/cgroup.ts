/**
 * The cgroup2 facts `ip vrf` works with (ip/ipvrf.c, lib/fs.c): where cgroup2
 * is mounted, the VRF a process is bound to, the per-namespace directory, and
 * the cgroup directory of this process that `vrf exec` extends.
 */
import { readFileSync } from 'node:fs';
import { netnsPath } from '../../netlink/native-transport.js';
import { namesOfNetns } from '../../netlink/route/netns.js';

/**
 * vrf_identify: the VRF in the controller-less ("::/") line of
 * /proc/PID/cgroup, the part after "/vrf/"; "" when there is none.
 */
export function vrfOfCgroup(text: string): string {
  for (const line of text.split('\n')) {
    if (!line.includes('::/')) continue;
    const at = line.indexOf('/vrf/');
    if (at >= 0) return line.slice(at + 5).slice(0, 31);
  }
  return '';
}

/** find_cgroup2_mount without its mount: where cgroup2 is mounted (/proc/mounts), or null. */
export function cgroup2Mount(): string | null {
  let mounts = '';
  try {
    mounts = readFileSync('/proc/mounts', 'utf8');
  } catch {
    return null;
  }
  for (const line of mounts.split('\n')) {
    const f = line.split(' ');
    if (f[2] === 'cgroup2' && f[1]) return f[1].replace(/\\040/g, ' ');
  }
  return null;
}

/**
 * ipvrf_get_netns: the name under /run/netns of the namespace shown (-n
 * NAME, else this process's), with "-ns" after it; "" when it has none.
 * `ip vrf exec` puts a process of a named namespace under ".../NAME-ns/vrf/VRF".
 */
export function netnsCgroupDir(netns: string | null): string {
  const name = namesOfNetns(netns === null ? '/proc/self/ns/net' : netnsPath(netns))?.[0];
  return name ? `${name}-ns` : '';
}

/**
 * vrf_path: this process's controller-less cgroup ("::/" line of
 * /proc/PID/cgroup) without any "/vrf..." tail; "" for the root.
 */
export function baseCgroupPath(text: string): string {
  for (const line of text.split('\n')) {
    const at = line.indexOf('::/');
    if (at < 0) continue;
    let path = line.slice(at + 2);
    const vrf = path.indexOf('/vrf');
    if (vrf >= 0) path = path.slice(0, vrf);
    return path === '/' ? '' : path;
  }
  return '';
}

/** /proc/self/cgroup's text ("" when it cannot be read). */
export function ownCgroupText(): string {
  try {
    return readFileSync(`/proc/${process.pid}/cgroup`, 'utf8');
  } catch {
    return '';
  }
}
