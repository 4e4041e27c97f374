// Builds the link scenario used by the live tests and by `npm run record`:
// two fresh network namespaces (unique names), veths with one peer in the
// second namespace, a bridge with enslaved ports, a macvlan, a vxlan, a tun,
// an ifb, a down interface, fixed MACs and an alias. Plain JS so that the
// record script can use it without a TypeScript loader.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function uniqueName(prefix) {
  return `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Run a command; throws with its stderr on failure. */
export function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/** `ip -batch -` with the given lines, so a scenario costs one process, not dozens. */
export function ipBatch(lines, netns) {
  const args = netns ? ['-n', netns, '-batch', '-'] : ['-batch', '-'];
  return execFileSync('ip', args, {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Why live tests cannot run here, or null when they can. */
export function liveSkipReason() {
  if (!isRoot) return 'live tests need root (they create network namespaces)';
  try {
    run('ip', ['-V']);
  } catch {
    return 'live tests need iproute2 (ip) installed';
  }
  return null;
}

export class Netns {
  constructor(name) {
    this.name = name;
    run('ip', ['netns', 'add', name]);
  }
  static create(prefix = 'nlts-t') {
    return new Netns(uniqueName(prefix));
  }
  ip(args) {
    return run('ip', ['-n', this.name, ...args]);
  }
  delete() {
    try {
      run('ip', ['netns', 'del', this.name]);
    } catch {
      /* already gone */
    }
  }
}

/**
 * The rich link state of the foundation issue, in namespace `main` with the
 * far end of one veth in `peer`. Every MAC is fixed so recordings are stable.
 */
export function buildLinkScenario(main, peer) {
  ipBatch(
    [
      `link add veth0 address 02:00:00:00:00:01 type veth peer name veth1 address 02:00:00:00:00:02 netns ${peer.name}`,
      'link set veth0 alias uplink-to-peer',
      'link set veth0 mtu 1400',
      'link add br0 address 02:00:00:00:00:10 type bridge',
      'link add vb0 address 02:00:00:00:00:11 type veth peer name vb0p address 02:00:00:00:00:12',
      'link add vb1 address 02:00:00:00:00:13 type veth peer name vb1p address 02:00:00:00:00:14',
      'link set vb0 master br0',
      'link set vb1 master br0',
      'link add mv0 link vb0p address 02:00:00:00:00:20 type macvlan mode bridge',
      'link add vx0 address 02:00:00:00:00:30 type vxlan id 42 dstport 4789 local 10.1.0.1 ttl 64',
      'tuntap add dev tun0 mode tun',
      'link add ifb7 address 02:00:00:00:00:40 type ifb',
      'link add vdown0 address 02:00:00:00:00:50 type veth peer name vdown1 address 02:00:00:00:00:51',
      'link set lo up',
      'link set veth0 up',
      'link set br0 up',
      'link set vb0 up',
      'link set vb0p up',
      'link set vb1 up',
      'link set vb1p up',
      'link set mv0 up',
    ],
    main.name,
  );
  peer.ip(['link', 'set', 'veth1', 'up']);
  peer.ip(['link', 'set', 'lo', 'up']);
}

/** Poll until every veth/bridge carrier settles, so two back-to-back reads see the same state. */
export function waitForSettle(ns, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    const now = ns.ip(['-br', 'link']);
    if (now === last) return;
    last = now;
    execFileSync('sleep', ['0.2']);
  }
}
