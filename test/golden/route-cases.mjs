// The route scenario and golden cases, shared by test/live/route.test.ts,
// test/golden/route.test.ts and scripts/record-route-goldens.mjs.
// Plain JS so the record script can use it without a TypeScript loader.

export const ROUTE_GOLDEN_NETNS = 'nlts-golden-route';

/** Links with fixed MACs and no IPv6 link-local addresses, so two namespaces end up identical. */
export const ROUTE_BASE = [
  'link set lo up',
  'link add d0 address 02:00:00:00:01:00 type veth peer name d0p address 02:00:00:00:01:01',
  'link add d1 address 02:00:00:00:01:10 type veth peer name d1p address 02:00:00:00:01:11',
  'link add vd address 02:00:00:00:01:20 type veth peer name vdp address 02:00:00:00:01:21',
  ...['d0', 'd0p', 'd1', 'd1p', 'vd', 'vdp'].map((d) => `link set ${d} addrgenmode none`),
  'link set d0 up',
  'link set d1 up',
  'link set d0p up',
  'link set d1p up',
  'link set vd up',
  'addr add 192.0.2.1/24 dev d0',
  'addr add 198.51.100.1/24 dev d1',
  'addr add 2001:db8::1/64 dev d0 nodad',
  'addr add 2001:db8:100::1/64 dev d1 nodad',
];

/** Route changes: the live test runs each with ip in one namespace and nlts in another. */
export const ROUTE_CHANGES = [
  'route add 10.1.0.0/16 via 192.0.2.254',
  'route add 10.2.0.0/16 via 192.0.2.253 dev d0 metric 50 src 192.0.2.1',
  'route add 10.3.0.0/16 via 203.0.113.1 dev d0 onlink',
  'route add blackhole 10.4.0.0/16',
  'route add unreachable 10.5.0.0/16',
  'route add prohibit 10.6.0.0/16 metric 7',
  'route add 10.7.0.0/16 via 192.0.2.254 mtu 1400 advmss 1360 hoplimit 10',
  'route add 10.8.0.0/16 via 192.0.2.254 mtu lock 1300 window 1000 rtt 2s features ecn initcwnd 10 quickack 1 congctl cubic',
  'route add 10.9.0.0/16 table 100 via 192.0.2.254',
  'route add default via 198.51.100.254 table 100',
  'route add throw 10.13.0.0/16 table 100',
  'route add 10.10.0.0/16 proto static scope link dev d1',
  'route add 10.11.0.0/16 nexthop via 192.0.2.10 weight 3 nexthop via 198.51.100.10 dev d1 weight 1',
  'route add 10.12.0.0/24 dev vd',
  'route add 2001:db8:1::/48 via 2001:db8::ff',
  'route add 2001:db8:2::/48 via 2001:db8::fe metric 100 pref high',
  'route add blackhole 2001:db8:3::/48',
  'route add 2001:db8:4::/48 nexthop via 2001:db8::a dev d0 weight 2 nexthop via 2001:db8::b dev d0',
  'route add 172.16.0.0/12 proto 99 via 192.0.2.254 realm 5',
  'route add 10.14.0.0/16 dev d0 table 200 proto bird',
  'route add 10.15.0.0/16 dev d0 table 5000',
  'route add default via 192.0.2.254 metric 1024',
  'route replace 10.1.0.0/16 via 192.0.2.250',
  'route change 10.2.0.0/16 via 192.0.2.252 dev d0 metric 50',
  'route append 10.20.0.0/16 via 192.0.2.9',
  'route append 10.20.0.0/16 via 198.51.100.9',
  'route prepend 10.21.0.0/16 via 192.0.2.9',
  'route add 10.22.0.0/16 via 192.0.2.9',
  'route del 10.22.0.0/16',
  'route add 10.23.0.0/16 via 192.0.2.9 table 300',
  'route flush table 300',
];

/** Show commands compared with ip (text and -j) and recorded as goldens. */
export const ROUTE_SHOWS = [
  ['route', 'show'],
  ['route', 'list', 'table', 'all'],
  ['-6', 'route', 'show'],
  ['route', 'show', 'table', '100'],
  ['route', 'show', 'table', 'local'],
  ['-d', 'route', 'show'],
  ['route', 'show', 'dev', 'd0'],
  ['route', 'show', 'proto', 'static'],
  ['route', 'show', 'type', 'blackhole'],
  ['route', 'show', 'scope', 'link'],
  ['route', 'show', 'via', '192.0.2.254'],
  ['route', 'show', 'root', '10.0.0.0/8'],
  ['route', 'show', 'match', '10.1.2.3'],
  ['route', 'show', 'exact', '10.4.0.0/16'],
  ['-6', 'route', 'show', 'table', 'all'],
  ['route', 'get', '10.1.2.3'],
  ['route', 'get', '10.11.0.1'],
  ['route', 'get', '2001:db8:1::5'],
  ['route', 'get', '10.1.2.3', 'from', '192.0.2.1', 'oif', 'd0'],
  ['route', 'get', '198.51.100.7', 'mark', '7'],
];

/** Golden cases: every show command in text and JSON, plus a pretty and an error case. */
export const ROUTE_CASES = [
  ...ROUTE_SHOWS.flatMap((args) => {
    const name = args
      .join('-')
      .replace(/[^A-Za-z0-9.-]+/g, '_')
      .replace(/^-+/, '');
    return [
      { name, args },
      { name: `${name}-json`, args: ['-j', ...args] },
    ];
  }),
  { name: 'route-show-json-pretty', args: ['-j', '-p', 'route', 'show'] },
  { name: 'route-get-blackhole', args: ['route', 'get', '10.4.0.1'] },
  { name: 'route-show-dev-nosuch', args: ['route', 'show', 'dev', 'nosuch0'] },
];

/**
 * Run `nlts ARGS` in-process through the built route handler (dist/), the
 * way src/cli/main.ts runs a command: global options, the handler, errors
 * through describeError (and a JSON error object with -j). Used until `route`
 * is registered in main.ts; afterwards test/support/cli.ts's nlts() does the same.
 * `mode` is 'live', {record: Recorder-file-path} or {replay: path}.
 */
export async function runRoute(argv, mode = 'live') {
  const dist = new URL('../../dist/', import.meta.url);
  const imp = (p) => import(new URL(p, dist).href);
  const { routeCommand } = await imp('commands/route/index.js');
  const { parseGlobalOptions } = await imp('cli/options.js');
  const { StringOutput } = await imp('output/output.js');
  const { describeError, errorJson } = await imp('iproute/describe-error.js');
  const { openNativeTransport } = await imp('netlink/native-transport.js');
  const rec = await imp('netlink/recording.js');
  const { readFileSync } = await import('node:fs');
  const out = new StringOutput();
  const err = new StringOutput();
  let opts;
  let code;
  let transports = openNativeTransport;
  let fact = (_k, c) => c();
  let finish = () => {};
  try {
    const parsed = parseGlobalOptions(argv);
    opts = parsed.opts;
    if (mode !== 'live' && mode.replay) {
      const r = rec.Replayer.load(mode.replay);
      transports = r.factory;
      fact = (k) => r.fact(k);
    } else if (mode !== 'live' && mode.record) {
      const r = new rec.Recorder(openNativeTransport, ['nlts', ...argv].join(' '));
      transports = r.factory;
      fact = (k, c) => r.fact(k, c);
      finish = () => r.save(mode.record);
    }
    code = await routeCommand(parsed.rest.slice(1), {
      opts,
      out,
      err,
      transports,
      colorize: undefined,
      readFile: (p) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return null;
        }
      },
      fact,
    });
  } catch (e) {
    const d = describeError(e);
    if (opts?.json) out.write(JSON.stringify(errorJson(d)) + '\n');
    err.write(d.message.endsWith('\n') ? d.message : d.message + '\n');
    code = d.exitCode;
  } finally {
    finish();
  }
  return { code, stdout: out.text, stderr: err.text };
}
