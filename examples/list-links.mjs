#!/usr/bin/env node
// List the network interfaces of a namespace: name, state, MTU and MAC.
// Usage: node examples/list-links.mjs [NETNS]
import { RouteClient } from 'nlts';

const OPER = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'];
const mac = (b) => (b ? Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':') : '-');

const nl = RouteClient.open(process.argv[2] ? { netns: process.argv[2] } : {});
try {
  for await (const link of nl.links()) {
    const state = OPER[link.operstate ?? 0] ?? String(link.operstate);
    console.log(`${link.index}\t${link.ifname}\t${state}\tmtu ${link.mtu}\t${mac(link.address)}`);
  }
} finally {
  nl.close();
}
