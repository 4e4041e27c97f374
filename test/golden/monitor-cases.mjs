// Golden cases of `nlts monitor`: each is recorded from a real kernel by
// scripts/record-monitor-goldens.mjs (in-process, through the Recorder) and
// replayed by test/golden/monitor.test.ts. `--count` makes every case end
// by itself, live and in replay. `netns: true` runs the case with -n in the
// recording namespace, where `scenario` (ip -batch lines) makes the events.
export const MONITOR_NETNS = 'nlts-golden-mon';

export const MONITOR_CASES = [
  { name: 'monitor-all-text', args: ['all', '--count', '22'], netns: true },
  { name: 'monitor-all-json', args: ['all', '--count', '22'], json: true, netns: true },
  { name: 'monitor-link-ts', args: ['link', '-ts', '--count', '4'], netns: true },
  {
    name: 'monitor-uevent-json',
    args: ['uevent', '--subsystem', 'net', '--count', '2'],
    json: true,
    netns: true,
  },
  { name: 'monitor-genl-json', args: ['genl', 'netdev:mgmt', '--count', '2'], json: true, netns: true },
  { name: 'monitor-proc-json', args: ['proc', '--events', 'fork,exec,exit', '--count', '3'], json: true },
  { name: 'monitor-proc-text', args: ['proc', '--events', 'exit', '--count', '2'] },
];

export const MONITOR_SCENARIO = [
  'link add g0 address 02:00:00:00:01:01 type veth peer name g1 address 02:00:00:00:01:02',
  'link set g0 up',
  'link set g1 up',
  'addr add 10.77.0.1/24 dev g0',
  'route add 10.78.0.0/16 via 10.77.0.2',
  'neigh add 10.77.0.3 lladdr 02:00:00:00:00:99 dev g0',
  'rule add from 10.79.0.0/16 table 100 prio 1000',
  'rule del from 10.79.0.0/16 table 100 prio 1000',
  'link del g0',
];
