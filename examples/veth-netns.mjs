#!/usr/bin/env node
// Change the kernel through the library: in a network namespace, make a veth
// pair with an address on each end and a route through it, watch the kernel
// announce them, list the routes as `ip -j route show` would, tear it down.
// Usage (root): node examples/veth-netns.mjs [NETNS]
// The namespace is made with `ip netns add` when it does not exist (nlts
// changes what is inside namespaces; it does not create them) and removed
// at the end if this script made it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { NetlinkKernelError, RouteClient, attributePath } from 'nlts';

const netns = process.argv[2] ?? `nlts-example-${process.pid}`;
const made = !existsSync(`/run/netns/${netns}`);
if (made) execFileSync('ip', ['netns', 'add', netns]);

const nl = RouteClient.open({ netns });
const stop = new AbortController();
try {
  // Subscribe first: the generator joins its groups when first asked for an event.
  const events = nl.events(['link', 'ipv4_ifaddr', 'ipv4_route'], { signal: stop.signal });
  const routeSeen = (async () => {
    for await (const ev of events) {
      if (ev.kind === 'lost') console.log('event: lost (re-list to resynchronise)');
      else if (ev.kind === 'link' || ev.kind === 'address' || ev.kind === 'route')
        console.log(`event: ${ev.event} ${ev.kind}`);
      if (ev.kind === 'route' && ev.event === 'new' && ev.route.dstLen === 16) return true;
    }
    return false;
  })();

  await nl.addLink({ name: 'veth0', type: 'veth', peer: { name: 'veth1' } });
  await nl.setLink('veth0', { up: true });
  await nl.setLink('veth1', { up: true });
  await nl.addAddress({ dev: 'veth0', address: '10.99.0.1/24' });
  await nl.addAddress({ dev: 'veth1', address: '10.99.1.1/24' });
  await nl.addRoute({ dst: '10.100.0.0/16', gateway: '10.99.0.2', metric: 10 });
  console.log('made veth0 (10.99.0.1/24), veth1 (10.99.1.1/24), 10.100.0.0/16 via 10.99.0.2');

  const timeout = setTimeout(() => stop.abort(), 5000);
  console.log(`route event seen: ${await routeSeen}`);
  clearTimeout(timeout);

  // Objects as `ip -j route show` prints them; the decoded message is `raw`.
  for await (const route of nl.show('route'))
    console.log(`route ${JSON.stringify(route)} table ${route.raw.table}`);

  // A refusal is typed: errno, code, the kernel's message, the attribute it points at.
  try {
    await nl.addRoute({ dst: '10.100.0.0/16', gateway: '10.99.0.2', metric: 10 });
  } catch (e) {
    if (!(e instanceof NetlinkKernelError)) throw e;
    console.log(
      `again: ${e.code} (${e.description})${attributePath(e) ? ` at ${attributePath(e).join('.')}` : ''}`,
    );
  }

  await nl.deleteLink('veth0'); // its peer, addresses and routes go with it
  let left = 0;
  for await (const route of nl.show('route')) if (route.dev?.startsWith('veth')) left++;
  console.log(`deleted veth0; routes left on veth*: ${left}`);
} finally {
  stop.abort();
  nl.close();
  if (made) execFileSync('ip', ['netns', 'del', netns]);
}
