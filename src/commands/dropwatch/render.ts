import { chalkFor } from '../../output/chalk.js';
import { StringOutput, type Output } from '../../output/output.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer, type PrintKind } from '../../output/printer.js';
import { TextTable } from '../../output/table.js';
import type { Alert, PacketAlert } from '../../netlink/netdm/decode.js';
import { ethProtoName } from '../../netlink/netdm/packet.js';
import { formatSymbol, trimKernelSymbol, type Kallsyms } from '../../netlink/kallsyms.js';

/** Turns program counters into "symbol+0xoff"; null when addresses cannot be symbolised. */
export type Symbolizer = (pc: bigint) => string | null;

export function kallsymsSymbolizer(k: Kallsyms): Symbolizer {
  return (pc) => {
    const s = k.lookup(pc);
    return s ? formatSymbol(s) : null;
  };
}

export const pcHex = (pc: bigint): string => `0x${pc.toString(16)}`;

/** One drop as the views and the aggregate see it. */
export interface DropRecord {
  /** "symbol+0xoff", or the PC in hex when it has no symbol, or a hardware trap name. */
  location: string;
  count: number;
  reason?: string;
}

/** Nanoseconds since the epoch as ISO 8601 UTC with nanoseconds. */
export function isoNs(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

/** Where a packet was dropped: a hardware trap, the kernel's symbol, or the PC resolved by `sym`. */
export function packetLocation(a: PacketAlert, sym: Symbolizer): string {
  if (a.origin === 'hw') return a.hwTrapName ? `hw:${a.hwTrapGroup ?? '?'}/${a.hwTrapName}` : 'hw';
  if (a.symbol) return trimKernelSymbol(a.symbol);
  if (a.pc !== undefined) return sym(a.pc) ?? pcHex(a.pc);
  return '?';
}

/** Every drop an alert reports, with its location resolved. */
export function dropsOf(alert: Alert, sym: Symbolizer): DropRecord[] {
  if (alert.kind === 'summary') {
    return [
      ...alert.points.map((p) => ({ location: sym(p.pc) ?? pcHex(p.pc), count: p.count })),
      ...alert.hw.map((h) => ({ location: `hw:${h.name}`, count: h.count })),
    ];
  }
  const r: DropRecord = { location: packetLocation(alert, sym), count: 1 };
  if (alert.reason !== undefined) r.reason = alert.reason;
  return [r];
}

/** A packet alert as one NDJSON object (snake_case keys, numbers as numbers, addresses as text). */
export function packetJson(a: PacketAlert, sym: Symbolizer): Record<string, unknown> {
  const o: Record<string, unknown> = { mode: 'packet', origin: a.origin };
  o.location = packetLocation(a, sym);
  if (a.symbol !== undefined) o.symbol = a.symbol;
  if (a.pc !== undefined) o.pc = pcHex(a.pc);
  if (a.reason !== undefined) o.reason = a.reason;
  if (a.hwTrapGroup !== undefined) o.hw_trap_group = a.hwTrapGroup;
  if (a.hwTrapName !== undefined) o.hw_trap_name = a.hwTrapName;
  if (a.flowActionCookie !== undefined) o.flow_action_cookie = a.flowActionCookie;
  if (a.timestamp !== undefined) o.time = isoNs(a.timestamp);
  if (a.inPort) {
    const p: Record<string, unknown> = {};
    if (a.inPort.ifindex !== undefined) p.ifindex = a.inPort.ifindex;
    if (a.inPort.name !== undefined) p.ifname = a.inPort.name;
    o.in_port = p;
  }
  if (a.proto !== undefined) o.proto = ethProtoName(a.proto);
  if (a.origLen !== undefined) o.orig_len = a.origLen;
  if (a.truncLen !== undefined) o.trunc_len = a.truncLen;
  if (a.payload) o.payload_len = a.payload.length;
  const pk = a.packet;
  if (pk) {
    o.family = pk.family;
    o.src = pk.src;
    o.dst = pk.dst;
    o.l4 = pk.protocol;
    if (pk.ttl !== undefined) o.ttl = pk.ttl;
    if (pk.sport !== undefined) o.sport = pk.sport;
    if (pk.dport !== undefined) o.dport = pk.dport;
    if (pk.tcpFlags !== undefined) o.tcp_flags = pk.tcpFlags;
    if (pk.icmpType !== undefined) o.icmp_type = pk.icmpType;
    if (pk.icmpCode !== undefined) o.icmp_code = pk.icmpCode;
  }
  if (a.unknown) o.unknown_attrs = a.unknown;
  return o;
}

export function alertJson(alert: Alert, sym: Symbolizer): Record<string, unknown> {
  if (alert.kind === 'packet') return packetJson(alert, sym);
  const drops = alert.points.map((p) => {
    const loc = sym(p.pc);
    return { location: loc ?? pcHex(p.pc), pc: pcHex(p.pc), count: p.count };
  });
  const o: Record<string, unknown> = { mode: 'summary', drops };
  if (alert.hw.length) o.hw_drops = alert.hw.map((h) => ({ trap: h.name, count: h.count }));
  return o;
}

function endpoint(addr: string, port: number | undefined, v6: boolean): string {
  if (port === undefined) return addr;
  return v6 ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/** A Printer for dropwatch's records: text lines, or one JSON object per line (NDJSON). */
export function dropwatchPrinter(out: Output, json: boolean): Printer {
  return new Printer(out, { json });
}

/**
 * A packet alert as one record through the print path: text, one line
 * (time, location, reason, device, addresses, length); JSON, one object with
 * snake_case keys in packetJson's order. Fields the two show at different
 * places are written once PRINT_JSON and once PRINT_FP.
 */
function printPacket(p: Printer, a: PacketAlert, sym: Symbolizer): void {
  p.startRecord();
  p.string(PRINT_JSON, 'mode', '', 'packet');
  p.string(PRINT_JSON, 'origin', '', a.origin);
  if (a.timestamp !== undefined) p.string(PRINT_FP, null, '%s ', isoNs(a.timestamp));
  p.string(PRINT_ANY, 'location', 'drop at %s', packetLocation(a, sym));
  if (a.symbol !== undefined) p.string(PRINT_JSON, 'symbol', '', a.symbol);
  if (a.pc !== undefined) p.string(PRINT_JSON, 'pc', '', pcHex(a.pc));
  if (a.reason !== undefined) p.string(PRINT_ANY, 'reason', ' reason %s', a.reason);
  if (a.hwTrapGroup !== undefined) p.value('hw_trap_group', a.hwTrapGroup);
  if (a.hwTrapName !== undefined) p.value('hw_trap_name', a.hwTrapName);
  if (a.flowActionCookie !== undefined) p.value('flow_action_cookie', a.flowActionCookie);
  if (a.timestamp !== undefined) p.string(PRINT_JSON, 'time', '', isoNs(a.timestamp));
  if (a.inPort) {
    const { ifindex, name } = a.inPort;
    p.openObject('in_port');
    if (ifindex !== undefined)
      p.number(name === undefined ? PRINT_ANY : PRINT_JSON, 'ifindex', ' dev if%u', ifindex);
    if (name !== undefined) p.string(PRINT_ANY, 'ifname', ' dev %s', name);
    p.closeObject();
  }
  const pk = a.packet;
  if (a.proto !== undefined) {
    const name = ethProtoName(a.proto);
    p.value('proto', name);
    if (!pk) p.string(PRINT_FP, null, ' proto %s', String(name));
  }
  if (a.origLen !== undefined) p.number(PRINT_JSON, 'orig_len', '', a.origLen);
  if (a.truncLen !== undefined) p.number(PRINT_JSON, 'trunc_len', '', a.truncLen);
  if (a.payload) p.number(PRINT_JSON, 'payload_len', '', a.payload.length);
  if (pk) {
    const v6 = pk.family === 'ipv6';
    p.string(PRINT_ANY, 'family', ' %s', pk.family);
    p.string(PRINT_FP, null, ' %s', String(pk.protocol));
    p.string(PRINT_FP, null, ' %s', endpoint(pk.src, pk.sport, v6));
    p.string(PRINT_FP, null, ' > %s', endpoint(pk.dst, pk.dport, v6));
    p.string(PRINT_JSON, 'src', '', pk.src);
    p.string(PRINT_JSON, 'dst', '', pk.dst);
    p.value('l4', pk.protocol);
    if (pk.ttl !== undefined) p.number(PRINT_JSON, 'ttl', '', pk.ttl);
    if (pk.sport !== undefined) p.number(PRINT_JSON, 'sport', '', pk.sport);
    if (pk.dport !== undefined) p.number(PRINT_JSON, 'dport', '', pk.dport);
    if (pk.tcpFlags !== undefined)
      p.string(pk.tcpFlags ? PRINT_ANY : PRINT_JSON, 'tcp_flags', ' [%s]', pk.tcpFlags);
    if (pk.icmpType !== undefined) p.number(PRINT_ANY, 'icmp_type', ' type %u', pk.icmpType);
    if (pk.icmpCode !== undefined) p.number(PRINT_JSON, 'icmp_code', '', pk.icmpCode);
    if (pk.icmpType !== undefined) p.string(PRINT_FP, null, ' code %s', String(pk.icmpCode));
  }
  if (a.unknown) p.value('unknown_attrs', a.unknown);
  if (a.origLen !== undefined) p.number(PRINT_FP, null, ' len %u', a.origLen);
  p.fp('\n');
  p.endRecord();
}

const plural = (n: number, word: string): string => (n === 1 ? word : word + 's');

/**
 * An alert as one record through the print path: JSON, one object as
 * alertJson builds it; text, the line view (one line per drop location for a
 * summary alert, one line for a packet).
 */
export function printAlert(p: Printer, alert: Alert, sym: Symbolizer): void {
  if (alert.kind === 'packet') {
    printPacket(p, alert, sym);
    return;
  }
  p.startRecord();
  p.string(PRINT_JSON, 'mode', '', 'summary');
  p.openArray('drops');
  for (const pt of alert.points) {
    const loc = sym(pt.pc);
    p.openObject();
    p.number(PRINT_FP, null, '%u', pt.count);
    p.fp(' ' + plural(pt.count, 'drop'));
    p.string(PRINT_ANY, 'location', ' at %s', loc ?? pcHex(pt.pc));
    p.string(loc ? PRINT_ANY : PRINT_JSON, 'pc', ' (%s)', pcHex(pt.pc));
    p.number(PRINT_JSON, 'count', '', pt.count);
    p.fp('\n');
    p.closeObject();
  }
  p.closeArray();
  if (alert.hw.length) {
    p.openArray('hw_drops');
    for (const h of alert.hw) {
      p.openObject();
      p.number(PRINT_FP, null, '%u', h.count);
      p.fp(` hardware ${plural(h.count, 'drop')} at trap`);
      p.string(PRINT_ANY, 'trap', ' %s', h.name);
      p.number(PRINT_JSON, 'count', '', h.count);
      p.fp('\n');
      p.closeObject();
    }
    p.closeArray();
  }
  p.endRecord();
}

function textLines(print: (p: Printer) => void): string[] {
  const o = new StringOutput();
  print(dropwatchPrinter(o, false));
  return o.text === '' ? [] : o.text.slice(0, -1).split('\n');
}

/** One line for a packet alert. */
export function packetLine(a: PacketAlert, sym: Symbolizer): string {
  return textLines((p) => printPacket(p, a, sym))[0]!;
}

/** Lines for an alert in the line view: one per drop location (summary) or one per packet. */
export function alertLines(alert: Alert, sym: Symbolizer): string[] {
  return textLines((p) => printAlert(p, alert, sym));
}

/** An alert as one NDJSON line (the record printAlert writes in JSON mode). */
export function alertRecord(alert: Alert, sym: Symbolizer): string {
  const o = new StringOutput();
  printAlert(dropwatchPrinter(o, true), alert, sym);
  return o.text;
}

interface Row {
  location: string;
  reason: string | undefined;
  count: number;
  /** Count at the previous redraw, for the rate column. */
  lastCount: number;
}

/** Drops added up by location (and reason, in packet mode) for the table and the final summary. */
export class Aggregate {
  private rows = new Map<string, Row>();
  alerts = 0;
  drops = 0;
  lost = 0;

  add(alert: Alert, sym: Symbolizer): DropRecord[] {
    this.alerts++;
    const recs = dropsOf(alert, sym);
    for (const r of recs) {
      const key = `${r.location}\u0000${r.reason ?? ''}`;
      let row = this.rows.get(key);
      if (!row) {
        row = { location: r.location, reason: r.reason, count: 0, lastCount: 0 };
        this.rows.set(key, row);
      }
      row.count += r.count;
      this.drops += r.count;
    }
    return recs;
  }

  /** Rows by count (then location), most first. */
  sorted(): Row[] {
    return [...this.rows.values()].sort((a, b) => b.count - a.count || a.location.localeCompare(b.location));
  }

  /** Remember the current counts as the base of the next rate. */
  mark(): void {
    for (const r of this.rows.values()) r.lastCount = r.count;
  }
}

const share = (n: number, total: number): string => (total ? `${((100 * n) / total).toFixed(1)}%` : '-');
const rate = (n: number, seconds: number): string => (seconds > 0 ? (n / seconds).toFixed(1) : '-');

export interface TableOptions {
  mode: 'summary' | 'packet';
  /** Seconds since monitoring started. */
  elapsed: number;
  /** Seconds since the previous redraw (rate base). */
  sinceLast: number;
  color: boolean;
  maxRows?: number;
  /** Clear the screen first (live redraw); false for the last table on exit. */
  clear: boolean;
}

export { chalkFor };

/** The live top-like table: location (or reason), count, rate per second, share. */
export function renderTable(agg: Aggregate, o: TableOptions): string {
  const out = new StringOutput();
  printTable(dropwatchPrinter(out, false), agg, o);
  return out.text;
}

/** The live table through the print path (text only; with -j dropwatch prints records instead). */
export function printTable(p: Printer, agg: Aggregate, o: TableOptions): void {
  const c = chalkFor(o.color);
  const packet = o.mode === 'packet';
  const t = new TextTable(
    [
      ...(packet ? [{ title: 'Reason' }] : []),
      { title: 'Location' },
      { title: 'Count', align: 'right' as const },
      { title: 'Rate/s', align: 'right' as const },
      { title: 'Share', align: 'right' as const },
    ],
    { head: (h) => c.bold(h) },
  );
  const rows = agg.sorted();
  const shown = rows.slice(0, o.maxRows ?? 20);
  for (const r of shown) {
    const delta = r.count - r.lastCount;
    const rateText = rate(delta, o.sinceLast);
    const cells = [
      c.cyan(r.location),
      c.red(String(r.count)),
      delta > 0 ? c.yellow(rateText) : rateText,
      share(r.count, agg.drops),
    ];
    if (packet) cells.unshift(c.magenta(r.reason ?? '-'));
    t.row(cells);
  }
  const title =
    `${c.bold('nlts dropwatch')} ${o.mode} mode, ${o.elapsed.toFixed(1)} s: ` +
    `${c.red(String(agg.drops))} ${plural(agg.drops, 'drop')} in ${agg.alerts} ${plural(agg.alerts, 'alert')}` +
    (agg.lost ? `, ${c.yellow(String(agg.lost))} ${plural(agg.lost, 'overrun')}` : '') +
    (rows.length > shown.length ? ` (top ${shown.length} of ${rows.length})` : '');
  if (o.clear) p.fp('\x1b[H\x1b[2J');
  p.fp(title + '\n');
  t.print(p);
}

/**
 * The final summary as one record: text, a headline and one line per
 * location; JSON, {"summary": {mode, seconds, alerts, drops, lost, locations}}.
 */
export function printSummary(p: Printer, agg: Aggregate, mode: string, seconds: number): void {
  p.startRecord();
  p.openObject('summary');
  p.string(PRINT_JSON, 'mode', '', mode);
  p.number(PRINT_JSON, 'seconds', '', Number(seconds.toFixed(3)));
  p.number(PRINT_JSON, 'alerts', '', agg.alerts);
  p.number(PRINT_ANY, 'drops', 'summary: %u', agg.drops);
  p.fp(` ${plural(agg.drops, 'drop')} in `);
  p.number(PRINT_FP, null, '%u', agg.alerts);
  p.fp(` ${plural(agg.alerts, 'alert')} over ${seconds.toFixed(1)} s (${mode} mode)`);
  p.number(agg.lost ? PRINT_ANY : PRINT_JSON, 'lost', ', %u', agg.lost);
  if (agg.lost) p.fp(` ${plural(agg.lost, 'overrun')} (alerts lost)`);
  p.fp('\n');
  p.openArray('locations');
  for (const r of agg.sorted()) {
    p.openObject();
    p.number(PRINT_FP, null, '  %8u', r.count);
    p.string(PRINT_FP, null, '  %6s', share(r.count, agg.drops));
    p.string(PRINT_ANY, 'location', '  %s', r.location);
    if (r.reason !== undefined)
      p.string((r.reason ? PRINT_ANY : PRINT_JSON) as PrintKind, 'reason', '  %s', r.reason);
    p.number(PRINT_JSON, 'count', '', r.count);
    p.fp('\n');
    p.closeObject();
  }
  p.closeArray();
  p.closeObject();
  p.endRecord();
}

/** The final summary as text lines. */
export function summaryText(agg: Aggregate, mode: string, seconds: number): string {
  const o = new StringOutput();
  printSummary(dropwatchPrinter(o, false), agg, mode, seconds);
  return o.text;
}

/** The final summary as one NDJSON line (the record printSummary writes in JSON mode). */
export function summaryRecord(agg: Aggregate, mode: string, seconds: number): string {
  const o = new StringOutput();
  printSummary(dropwatchPrinter(o, true), agg, mode, seconds);
  return o.text;
}

export function summaryJson(agg: Aggregate, mode: string, seconds: number): Record<string, unknown> {
  return {
    summary: {
      mode,
      seconds: Number(seconds.toFixed(3)),
      alerts: agg.alerts,
      drops: agg.drops,
      lost: agg.lost,
      locations: agg.sorted().map((r) => ({
        location: r.location,
        ...(r.reason !== undefined ? { reason: r.reason } : {}),
        count: r.count,
      })),
    },
  };
}
