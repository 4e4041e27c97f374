#!/usr/bin/env node
// Show a generic netlink family: id, version, operations and multicast groups.
// Usage: node examples/genl-family.mjs [FAMILY]   (default: nlctrl)
import { Connection, NETLINK_GENERIC, openNativeTransport, genl } from 'nlts';

const conn = Connection.open(openNativeTransport, NETLINK_GENERIC);
try {
  const fam = genl.resolveFamily(conn, process.argv[2] ?? 'nlctrl');
  console.log(`${fam.name}: id ${fam.id}, version ${fam.version}`);
  for (const op of fam.ops) console.log(`  op ${op.id}: ${genl.opFlagNames(op.flags).join(',')}`);
  for (const g of fam.groups) console.log(`  group ${g.name} (${g.id})`);
} catch (e) {
  console.error(e.message);
  process.exitCode = 1;
} finally {
  conn.close();
}
