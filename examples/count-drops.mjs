#!/usr/bin/env node
// Count packet drops by kernel location for a few seconds (NET_DM summary
// mode), and always stop the kernel's tracing again, even on Ctrl-C.
// Usage: node examples/count-drops.mjs [SECONDS]     (root; needs NET_DM)
import { readFileSync } from 'node:fs';
import {
  DropMonitor,
  Kallsyms,
  decodeAlert,
  formatSymbol,
  joinGroup,
  openNativeTransport,
  receiveEvents,
} from 'nlts';

const seconds = Number(process.argv[2] ?? 5);
let dm;
try {
  dm = DropMonitor.open(openNativeTransport);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const symbols = Kallsyms.parse(readFileSync('/proc/kallsyms', 'utf8'));
const counts = new Map();
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
setTimeout(() => stop.abort(), seconds * 1000);
const traced = { sw: true, hw: false };
try {
  joinGroup(dm.conn.transport, dm.eventsGroup());
  dm.configure({ mode: 'summary' });
  dm.start(traced);
  for await (const ev of receiveEvents(dm.conn.transport, stop.signal)) {
    if (ev.kind === 'lost') continue; // counts are a summary: a lost alert only makes them low
    if (ev.message.type !== dm.family.id) continue;
    const alert = decodeAlert(ev.message.payload);
    if (alert?.kind !== 'summary') continue;
    for (const p of alert.points) {
      const sym = symbols.lookup(p.pc);
      const where = sym ? formatSymbol(sym) : `0x${p.pc.toString(16)}`;
      counts.set(where, (counts.get(where) ?? 0) + p.count);
    }
  }
} finally {
  dm.stop(traced);
  dm.close();
}
for (const [where, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${n}\t${where}`);
