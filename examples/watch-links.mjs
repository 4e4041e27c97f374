#!/usr/bin/env node
// Watch interfaces come and go, and say so when events were lost.
// Usage: node examples/watch-links.mjs [NETNS] [COUNT]
import { RouteClient } from 'nlts';

const [netns, count = '0'] = process.argv.slice(2);
const nl = RouteClient.open(netns ? { netns } : {});
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
let seen = 0;
try {
  for await (const ev of nl.events(['link'], { signal: stop.signal })) {
    if (ev.kind === 'lost') console.log('lost: events were dropped; re-list to resynchronise');
    else if (ev.kind === 'link') console.log(`${ev.event} ${ev.link.ifname} index ${ev.link.index}`);
    if (Number(count) > 0 && ++seen >= Number(count)) break;
  }
} finally {
  nl.close();
}
