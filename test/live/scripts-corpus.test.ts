/**
 * Command lines as real tools run them, replayed through nlts in one
 * namespace and through ip in a twin: each line must give ip's exit status,
 * stdout and stderr, and the namespaces must end in the same state. The
 * scenarios follow what these tools do (their command shapes, not their
 * code): wg-quick (WireGuard's policy routing; a veth stands in for wg0,
 * which needs a module), OpenVPN's --up handling with iproute2, a CNI bridge
 * plugin attaching a container, and the kernel's net selftests (addresses,
 * routes, rules, neighbours; mptcp_join's endpoints and limits).
 */
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from '../support/scenario.mjs';
import { ip } from '../support/cli.js';
import { runCli } from '../support/golden.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live scripts-corpus tests: ${skip}`);

/** Whitespace-split words of a line; {PEER} is the scenario's second namespace. */
const words = (line: string, peer: string): string[] =>
  line
    .replace(/\{PEER\}/g, peer)
    .split(/\s+/)
    .filter(Boolean);

/**
 * Link-layer addresses are random per namespace (bridge ids print them with
 * unpadded bytes, as ip does), and so are the IPv6
 * link-local addresses made from them: the twins can only agree up to those.
 */
const unrandom = (s: string): string =>
  s
    .replace(/\b(?!ff:ff:ff:ff:ff:ff)[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}\b/g, 'MAC')
    .replace(/fe80::[0-9a-f:]+/g, 'LINKLOCAL')
    // A bridge's and its ports' running timers (-d) tick between the two reads; under load they
    // may never agree to the hundredth (a clean-clone CI run failed on it once).
    .replace(/"(\w+_timer)":[0-9.]+/g, '"$1":T')
    .replace(/\b(\w+_timer) +[0-9.]+/g, '$1 T');

const SCENARIOS: Record<string, string[]> = {
  'mptcp selftests (mptcp_join-style endpoints and limits)': [
    'link add ns1eth1 type veth peer name ns2eth1',
    'addr add 10.0.1.1/24 dev ns1eth1',
    'link set ns1eth1 up',
    'mptcp limits set subflow 2 add_addr_accepted 2',
    'mptcp endpoint add 10.0.1.1 flags signal',
    'mptcp endpoint add 10.0.2.1 signal',
    'mptcp endpoint add 10.0.3.1 dev ns1eth1 id 7 subflow backup',
    'mptcp endpoint show',
    'mptcp endpoint show id 7',
    '-j mptcp endpoint show',
    'mptcp endpoint change id 7 nobackup',
    'mptcp endpoint delete id 7',
    'mptcp limits',
    'mptcp endpoint flush',
    'mptcp endpoint show',
  ],
  'IPv6 policy and tokens (addrlabel, token)': [
    'link add v6a type veth peer name v6b',
    'link set v6a up',
    'addrlabel add prefix 2001:db8:1::/48 label 1000',
    'addrlabel list',
    'token set ::1:2/64 dev v6a',
    'token list',
    '-j token get dev v6a',
    'addrlabel del prefix 2001:db8:1::/48 label 1000',
    'token del dev v6a',
  ],
  'wg-quick up/down': [
    'link add wg0 type veth peer name wgp',
    '-4 address add 10.8.0.2/24 dev wg0',
    'link set mtu 1420 up dev wg0',
    'link set wgp up',
    '-4 route add 0.0.0.0/0 dev wg0 table 51820',
    '-4 rule add not fwmark 51820 table 51820',
    '-4 rule add table main suppress_prefixlength 0',
    '-4 rule show',
    '-o -4 route show to default',
    '-4 route show dev wg0 table all',
    '-o link show dev wg0',
    '-4 rule delete table 51820',
    '-4 rule delete table main suppress_prefixlength 0',
    '-4 rule show',
    'link delete dev wg0',
    'link show dev wg0',
  ],
  'openvpn --up with iproute2': [
    'link add tun0 type veth peer name tunp',
    'link set dev tun0 up mtu 1500',
    'link set dev tunp up',
    'addr add dev tun0 10.8.0.6/24 broadcast 10.8.0.255',
    'route add 10.9.0.0/24 via 10.8.0.5',
    'route add 192.0.2.0/24 via 10.8.0.5 metric 100',
    '-j route show',
    'route get 192.0.2.7',
    'route del 192.0.2.0/24 via 10.8.0.5 metric 100',
    'addr del dev tun0 10.8.0.6/24',
    'link set dev tun0 down',
    '-br addr show',
  ],
  'CNI bridge plugin': [
    'link add cni0 type bridge',
    'link set cni0 up',
    'addr add 10.22.0.1/16 dev cni0',
    'link add veth1234 type veth peer name eth0 netns {PEER}',
    'link set veth1234 master cni0',
    'link set veth1234 up',
    '-d link show dev veth1234',
    '-j link show master cni0',
    'neigh add 10.22.0.9 lladdr 02:00:00:00:00:09 dev cni0 nud permanent',
    '-j neigh show dev cni0',
    'route add 10.23.0.0/16 via 10.22.0.9 dev cni0 proto static',
    '-j route show proto static',
    'link del veth1234',
  ],
  'net selftests: addresses, routes, rules': [
    'link set lo up',
    'link add veth1 type veth peer name veth2',
    'link set veth1 up',
    'link set veth2 up',
    '-6 addr add 2001:db8:1::1/64 dev veth1 nodad',
    'addr add 172.16.1.1/24 dev veth1',
    '-6 route add 2001:db8:2::/64 via 2001:db8:1::2 dev veth1',
    '-6 route add 2001:db8:3::/64 dev veth1 metric 1024 pref high',
    'route add 172.16.2.0/24 nexthop via 172.16.1.2 weight 1 nexthop via 172.16.1.3 weight 2',
    '-6 route show',
    'route show 172.16.2.0/24',
    'rule add pref 100 from 172.16.1.0/24 iif lo table 100',
    'rule add pref 101 to 172.16.9.0/24 ipproto tcp dport 80 table 101',
    'rule show',
    'route add table 100 default via 172.16.1.2',
    'route get 172.16.9.1 from 172.16.1.1 iif lo',
    '-6 route get 2001:db8:2::1',
    'neigh replace 172.16.1.2 lladdr 02:00:00:00:00:02 dev veth1 nud reachable',
    'neigh show dev veth1',
    'route flush table 100',
    'rule flush',
    'rule show',
    'addr flush dev veth1',
    '-j addr show dev veth1',
  ],
};

describe.skipIf(skip !== null)('live: command lines of real tools, nlts against ip', () => {
  const created: { delete(): void }[] = [];
  afterAll(() => {
    for (const n of created) n.delete();
  });

  for (const [name, lines] of Object.entries(SCENARIOS)) {
    it(`${name}: every line as ip, same end state`, async () => {
      const ours = Netns.create('lcorpus-n');
      const theirs = Netns.create('lcorpus-i');
      const oursPeer = Netns.create('lcorpus-np');
      const theirsPeer = Netns.create('lcorpus-ip');
      created.push(ours, theirs, oursPeer, theirsPeer);
      const diffs: string[] = [];
      const norm = (s: string): string =>
        unrandom(s.replaceAll(oursPeer.name, 'PEER').replaceAll(theirsPeer.name, 'PEER'));
      const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
      for (const line of lines) {
        // A change runs once on each side; a read may meet the kernel's own
        // asynchronous work (IPv6 autoconfiguration, bridge port states), so it
        // is asked again, a few times, until both sides have settled.
        const isRead = / (show|get|list)\b/.test(` ${line} `);
        let last = '';
        for (let attempt = 0; attempt < (isRead ? 10 : 1); attempt++) {
          if (attempt) await sleep(100);
          const b = await runCli(['-n', ours.name, ...words(line, oursPeer.name)]);
          const a = ip(['-n', theirs.name, ...words(line, theirsPeer.name)]);
          last =
            b.code !== a.code || norm(b.stdout) !== norm(a.stdout) || b.stderr !== a.stderr
              ? `ip ${line}\n  ip:   ${a.code} ${JSON.stringify(norm(a.stdout))} ${JSON.stringify(a.stderr)}\n  nlts: ${b.code} ${JSON.stringify(norm(b.stdout))} ${JSON.stringify(b.stderr)}`
              : '';
          if (!last) break;
        }
        if (last) diffs.push(last);
      }
      for (const show of [
        ['-j', '-d', 'link', 'show'],
        ['-j', 'addr', 'show'],
        ['-j', 'route', 'show', 'table', 'all'],
        ['-j', '-6', 'route', 'show', 'table', 'all'],
        ['-j', 'rule', 'show'],
        ['-j', 'neigh', 'show'],
      ]) {
        let same = false;
        for (let attempt = 0; attempt < 20 && !same; attempt++) {
          if (attempt) await sleep(100);
          same =
            norm(ip(['-n', ours.name, ...show]).stdout) === norm(ip(['-n', theirs.name, ...show]).stdout);
        }
        if (!same) diffs.push(`end state differs: ip ${show.join(' ')}`);
      }
      expect(diffs, diffs.join('\n')).toEqual([]);
    });
  }
});
