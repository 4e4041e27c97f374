#!/usr/bin/env node
// Watch IPv4/IPv6 routes and links change, and say so when events were lost.
// Usage: node examples/watch-routes.mjs [NETNS] [COUNT]
import { RTA_DST, RouteClient, inet4Ntop, inet6Ntop } from 'nlts';

const [netns, count = '0'] = process.argv.slice(2);
const nl = RouteClient.open(netns ? { netns } : {});
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());

function prefix(route) {
  const dst = route.attrs.bytes(RTA_DST); // undefined when absent
  if (!dst) return 'default';
  const text = route.family === 10 ? inet6Ntop(dst) : inet4Ntop(dst);
  return `${text}/${route.dstLen}`;
}

let seen = 0;
const events = nl.events(['ipv4_route', 'ipv6_route', 'link'], { signal: stop.signal });
// The first next() joins the groups; from then on nothing is missed. Saying so
// lets whoever started us (a test, a supervisor) make changes without a sleep.
const first = events.next();
console.error('watching');
try {
  for (let r = await first; !r.done; r = await events.next()) {
    const ev = r.value;
    if (ev.kind === 'lost')
      console.log(`lost: ${ev.count ?? 'some'} events were dropped; re-list to resynchronise`);
    else if (ev.kind === 'route')
      console.log(`${ev.event} route ${prefix(ev.route)} table ${ev.route.table}`);
    else if (ev.kind === 'link') console.log(`${ev.event} link ${ev.link.ifname} index ${ev.link.index}`);
    else continue;
    if (Number(count) > 0 && ++seen >= Number(count)) break;
  }
} finally {
  await events.return(undefined);
  nl.close();
}
