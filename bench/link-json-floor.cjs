#!/usr/bin/env node
// A purpose-built `ip -j link show` for one kind of namespace (lo and veth pairs, as the benches
// make), written as fast as this author could: the least a Node program does to print that JSON.
// floor.mjs times it beside ip and nlts (issue 15 item 7) after checking that its output is
// byte for byte ip's. It is a measurement, not a tool: it knows only the fields those links have
// and exits 3 on a link it does not know how to print, rather than print something else.
//
//   node bench/link-json-floor.cjs ADDON REQUEST_HEX NETNS_PATH CONSTANTS_JSON > out.json
//   node bench/link-json-floor.cjs --constants     the names CONSTANTS_JSON must hold, one line
//
// CONSTANTS_JSON holds the wire constants it needs, by name, from nlts's generated modules
// (floor.mjs asks for the names, then passes them): none is typed here, and the generated modules
// are not loaded in the timed process.
//
// What makes it fast (measured together on the development VM, session 9: a first version that
// kept whole payloads in one growing buffer and read them afterwards took 2.2-2.3x ip -j at 8,001
// links, this one 1.4-1.5x in the same runs):
// - the fields are taken out of each message while it is in the receive buffer, into typed
//   arrays (one Int32Array of numbers, fixed-size byte slots for names, qdisc and addresses):
//   nothing per link lives on the JS heap and the memory touched per link is ~150 bytes;
// - one function per step, each a plain loop V8 compiles early (no closures, no generators);
// - JSON built with `+=` from constant pieces and written in 64 KiB pieces.
'use strict';
// CommonJS, as bin/nlts.js is: an ES-module entry starts Node's ESM loader first (~8 ms here).
const { writeSync } = require('node:fs');

// IFF_* in the order of iproute2's print_link_flags.
const FLAG_ORDER =
  'LOOPBACK BROADCAST POINTOPOINT MULTICAST NOARP ALLMULTI PROMISC MASTER SLAVE DEBUG DYNAMIC AUTOMEDIA PORTSEL NOTRAILERS UP LOWER_UP DORMANT ECHO'.split(
    ' ',
  );
/** Every constant this program reads as K.<name>: the one list of them (floor.mjs reads it with --constants). */
const CONSTANTS = [
  ...'ADDRESS BROADCAST IFNAME MTU LINK QDISC TXQLEN OPERSTATE LINKMODE GROUP LINK_NETNSID IFALIAS PROP_LIST'
    .split(' ')
    .map((n) => `IFLA_${n}`),
  ...[...FLAG_ORDER, 'RUNNING'].map((n) => `IFF_${n}`),
  'NETLINK_ROUTE',
  'NLMSG_DONE',
  'NLMSG_ERROR',
  'NLMSG_HDRLEN',
  'NLA_HDRLEN',
  'NLA_TYPE_MASK',
  'RTM_NEWLINK',
  'IFINFOMSG_LEN',
  'IFNAMSIZ',
  'ARPHRD_ETHER',
  'ARPHRD_LOOPBACK',
];
if (process.argv[2] === '--constants') {
  process.stdout.write(CONSTANTS.join(' ') + '\n');
  process.exit(0);
}

const [addonPath, requestHex, netnsPath, constantsJson] = process.argv.slice(2);
const native = require(addonPath);
const K = JSON.parse(constantsJson);

// Field slots of one link in COLS (Int32Array, COLS_PER_LINK each).
const TYPE = 0;
const INDEX = 1;
const FLAGS = 2;
const LINK = 3;
const MTU = 4;
const OPER = 5;
const MODE = 6;
const GROUP = 7;
const TXQLEN = 8;
const ADDR_LEN = 9;
const BRD_LEN = 10;
const NAME_LEN = 11;
const QDISC_LEN = 12;
const COLS_PER_LINK = 13;
const NAME_SLOT = K.IFNAMSIZ;
const ADDR_SLOT = 32; // MAX_ADDR_LEN of <linux/netdevice.h>: bytes kept per address
const MAX_LINKS = 1 << 16;

const cols = new Int32Array(MAX_LINKS * COLS_PER_LINK);
const names = new Uint8Array(MAX_LINKS * NAME_SLOT);
const qdiscs = new Uint8Array(MAX_LINKS * NAME_SLOT);
const addrs = new Uint8Array(MAX_LINKS * 2 * ADDR_SLOT);
/** Slot of each ifindex (-1: not in the dump), for the "link" field's peer name. */
const slotOfIndex = new Int32Array(MAX_LINKS).fill(-1);
let count = 0;

const rx = new Uint8Array(32768);
const u16 = (b, o) => b[o] | (b[o + 1] << 8);
const s32 = (b, o) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);

function fail(why) {
  process.stderr.write(`link-json-floor: ${why}\n`);
  process.exit(3);
}

/** Copy the C string at rx[from, to) into `dst` at `at` (at most `max` bytes); its length. */
function copyString(dst, at, from, to, max) {
  let n = 0;
  while (from + n < to && n < max && rx[from + n] !== 0) {
    dst[at + n] = rx[from + n];
    n++;
  }
  return n;
}

function copyBytes(dst, at, from, n) {
  for (let k = 0; k < n; k++) dst[at + k] = rx[from + k];
}

/** One RTM_NEWLINK payload at rx[start, end): its fields into slot `count`. */
function take(start, end) {
  if (count === MAX_LINKS) fail('too many links');
  const c = count * COLS_PER_LINK;
  cols[c + TYPE] = u16(rx, start + 2);
  cols[c + INDEX] = s32(rx, start + 4);
  cols[c + FLAGS] = s32(rx, start + 8);
  for (let k = LINK; k < COLS_PER_LINK; k++) cols[c + k] = -1;
  for (let off = start + K.IFINFOMSG_LEN; end - off >= K.NLA_HDRLEN;) {
    const len = u16(rx, off);
    if (len < K.NLA_HDRLEN || len > end - off) fail('bad attribute length');
    const v = off + K.NLA_HDRLEN;
    switch (u16(rx, off + 2) & K.NLA_TYPE_MASK) {
      case K.IFLA_ADDRESS:
        cols[c + ADDR_LEN] = Math.min(len - K.NLA_HDRLEN, ADDR_SLOT);
        copyBytes(addrs, count * 2 * ADDR_SLOT, v, cols[c + ADDR_LEN]);
        break;
      case K.IFLA_BROADCAST:
        cols[c + BRD_LEN] = Math.min(len - K.NLA_HDRLEN, ADDR_SLOT);
        copyBytes(addrs, count * 2 * ADDR_SLOT + ADDR_SLOT, v, cols[c + BRD_LEN]);
        break;
      case K.IFLA_IFNAME:
        cols[c + NAME_LEN] = copyString(names, count * NAME_SLOT, v, off + len, NAME_SLOT);
        break;
      case K.IFLA_MTU:
        cols[c + MTU] = s32(rx, v);
        break;
      case K.IFLA_LINK:
        cols[c + LINK] = s32(rx, v);
        break;
      case K.IFLA_QDISC:
        cols[c + QDISC_LEN] = copyString(qdiscs, count * NAME_SLOT, v, off + len, NAME_SLOT);
        break;
      case K.IFLA_TXQLEN:
        cols[c + TXQLEN] = s32(rx, v);
        break;
      case K.IFLA_OPERSTATE:
        cols[c + OPER] = rx[v];
        break;
      case K.IFLA_LINKMODE:
        cols[c + MODE] = rx[v];
        break;
      case K.IFLA_GROUP:
        cols[c + GROUP] = s32(rx, v);
        break;
      case K.IFLA_LINK_NETNSID:
      case K.IFLA_IFALIAS:
      case K.IFLA_PROP_LIST:
        fail('a link with fields this program does not print');
    }
    off += (len + 3) & ~3;
  }
  if (cols[c + INDEX] >= 0 && cols[c + INDEX] < MAX_LINKS) slotOfIndex[cols[c + INDEX]] = count;
  count++;
}

function dump() {
  const fd = native.open(K.NETLINK_ROUTE, netnsPath);
  if (fd < 0 || native.bind(fd, 0, 0) < 0 || native.sendto(fd, Buffer.from(requestHex, 'hex'), 0, 0) < 0)
    fail('cannot send the dump request');
  const info = new Int32Array(4);
  for (;;) {
    const n = native.recvmsg(fd, rx, 0, info);
    if (n < 0) fail('recvmsg failed');
    for (let off = 0; n - off >= K.NLMSG_HDRLEN;) {
      const len = s32(rx, off);
      const type = u16(rx, off + 4);
      if (len < K.NLMSG_HDRLEN || len > n - off) fail('bad message length');
      if (type === K.NLMSG_DONE) return;
      if (type === K.NLMSG_ERROR) fail('the kernel refused the dump');
      if (type === K.RTM_NEWLINK) take(off + K.NLMSG_HDRLEN, off + len);
      off += (len + 3) & ~3;
    }
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// IF_OPER_* names as print_operstate prints them.
const OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'];
const FLAG_NAMES = FLAG_ORDER.map((name) => [K[`IFF_${name}`], name]);

function bytesText(b, at, n) {
  let s = '';
  for (let k = 0; k < n; k++) s += String.fromCharCode(b[at + k]);
  return s;
}
function mac(at, n) {
  let s = n > 0 ? HEX[addrs[at]] : '';
  for (let k = 1; k < n; k++) s += ':' + HEX[addrs[at + k]];
  return s;
}
function nameOf(slot) {
  return bytesText(names, slot * NAME_SLOT, cols[slot * COLS_PER_LINK + NAME_LEN]);
}

/** print_link_flags: NO-CARRIER, the IFF_* names, then M-DOWN when the peer (`link`) is not up. */
function flagsJson(flags, mdown) {
  let s = flags & K.IFF_UP && !(flags & K.IFF_RUNNING) ? '"NO-CARRIER"' : '';
  let left = flags & ~K.IFF_RUNNING; // not printed
  for (let k = 0; k < FLAG_NAMES.length; k++)
    if (flags & FLAG_NAMES[k][0]) {
      s += (s ? ',"' : '"') + FLAG_NAMES[k][1] + '"';
      left &= ~FLAG_NAMES[k][0];
    }
  if (left) fail('flags this program does not print');
  if (mdown) s += (s ? ',"' : '"') + 'M-DOWN"';
  return s;
}

function linkJson(i) {
  const c = i * COLS_PER_LINK;
  const index = cols[c + INDEX];
  const link = cols[c + LINK];
  const type = cols[c + TYPE];
  if (type !== K.ARPHRD_ETHER && type !== K.ARPHRD_LOOPBACK) fail(`link type ${type}`);
  if (cols[c + GROUP] > 0 || cols[c + MODE] > 1 || cols[c + OPER] > 6)
    fail('a field this program does not print');
  let s = '{"ifindex":' + index;
  let mdown = false;
  if (link >= 0) {
    if (link === 0 || link >= MAX_LINKS || slotOfIndex[link] < 0) fail('a peer outside the dump');
    s += ',"link":"' + nameOf(slotOfIndex[link]) + '"';
    mdown = !(cols[slotOfIndex[link] * COLS_PER_LINK + FLAGS] & K.IFF_UP);
  }
  s += ',"ifname":"' + nameOf(i) + '","flags":[' + flagsJson(cols[c + FLAGS], mdown) + ']';
  if (cols[c + MTU] >= 0) s += ',"mtu":' + cols[c + MTU];
  if (cols[c + QDISC_LEN] >= 0)
    s += ',"qdisc":"' + bytesText(qdiscs, i * NAME_SLOT, cols[c + QDISC_LEN]) + '"';
  if (cols[c + OPER] >= 0) s += ',"operstate":"' + OPERSTATES[cols[c + OPER]] + '"';
  if (cols[c + MODE] >= 0) s += ',"linkmode":"' + (cols[c + MODE] ? 'DORMANT' : 'DEFAULT') + '"';
  if (cols[c + GROUP] >= 0) s += ',"group":"default"';
  if (cols[c + TXQLEN] >= 0) s += ',"txqlen":' + cols[c + TXQLEN];
  s += ',"link_type":"' + (type === K.ARPHRD_LOOPBACK ? 'loopback' : 'ether') + '"';
  if (cols[c + ADDR_LEN] >= 0) s += ',"address":"' + mac(i * 2 * ADDR_SLOT, cols[c + ADDR_LEN]) + '"';
  if (cols[c + BRD_LEN] >= 0)
    s += ',"broadcast":"' + mac(i * 2 * ADDR_SLOT + ADDR_SLOT, cols[c + BRD_LEN]) + '"';
  return s + '}';
}

function print() {
  const out = Buffer.allocUnsafe(1 << 17);
  let text = '[';
  for (let i = 0; i < count; i++) {
    text += (i ? ',' : '') + linkJson(i);
    if (text.length >= 65536) {
      writeSync(1, out, 0, out.write(text, 0, 'latin1'));
      text = '';
    }
  }
  text += ']\n';
  writeSync(1, out, 0, out.write(text, 0, 'latin1'));
}

dump();
print();
