// Runs one library life cycle N times in a fresh process (node --expose-gc) and
// prints RSS and open-fd counts as JSON: after a warm-up, half-way, at the end.
// Used by test/live/client-lifecycle.test.ts and scripts/soak.mjs.
import { readdirSync } from 'node:fs';
import { RouteClient, Connection, openNativeTransport, NETLINK_ROUTE } from '../../dist/index.js';

const [mode, countArg, netns] = process.argv.slice(2);
const N = Number(countArg);
const WARMUP = Math.min(1000, N);

const cycles = {
  /** open a client, stream every link with the async dump, close. */
  async dump() {
    const c = RouteClient.open({ netns });
    for await (const l of c.links()) void l;
    c.close();
  },
  /** open a client, start an events() stream, close the client while next() is pending. */
  async events() {
    const c = RouteClient.open({ netns });
    const it = c.events(['link']);
    const pending = it.next();
    await new Promise((r) => setImmediate(r));
    c.close();
    const r = await pending;
    if (!r.done) throw new Error('events() did not end on close()');
  },
  /** a sync dump abandoned after its first message, then a request on the same connection. */
  async abandon() {
    const c = Connection.open(openNativeTransport, NETLINK_ROUTE, netns ? { netns } : undefined);
    for (const m of c.dump(18, new Uint8Array(16))) {
      void m;
      break;
    }
    c.dump(18, new Uint8Array(16)).next();
    c.close();
  },
};

const run = cycles[mode];
if (!run) throw new Error(`unknown mode ${mode}`);
const rss = () => process.memoryUsage().rss;
const fds = () => readdirSync('/proc/self/fd').length;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
};
for (let i = 0; i < WARMUP; i++) await run();
await settle();
const start = { rss: rss(), fds: fds() };
const t0 = process.hrtime.bigint();
for (let i = 0; i < N / 2; i++) await run();
await settle();
const mid = { rss: rss(), fds: fds() };
for (let i = 0; i < N / 2; i++) await run();
await settle();
const end = { rss: rss(), fds: fds() };
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(JSON.stringify({ mode, cycles: N, start, mid, end, ms }) + '\n');
