import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Output } from '../../output/output.js';
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

function packetLocation(a: PacketAlert, sym: Symbolizer): string {
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

/** One line for a packet alert. */
export function packetLine(a: PacketAlert, sym: Symbolizer): string {
  const parts: string[] = [];
  if (a.timestamp !== undefined) parts.push(isoNs(a.timestamp));
  parts.push(`drop at ${packetLocation(a, sym)}`);
  if (a.reason !== undefined) parts.push(`reason ${a.reason}`);
  if (a.inPort?.name !== undefined || a.inPort?.ifindex !== undefined)
    parts.push(`dev ${a.inPort.name ?? `if${a.inPort.ifindex}`}`);
  const pk = a.packet;
  if (pk) {
    const v6 = pk.family === 'ipv6';
    let s = `${pk.family} ${pk.protocol} ${endpoint(pk.src, pk.sport, v6)} > ${endpoint(pk.dst, pk.dport, v6)}`;
    if (pk.tcpFlags) s += ` [${pk.tcpFlags}]`;
    if (pk.icmpType !== undefined) s += ` type ${pk.icmpType} code ${pk.icmpCode}`;
    parts.push(s);
  } else if (a.proto !== undefined) parts.push(`proto ${ethProtoName(a.proto)}`);
  if (a.origLen !== undefined) parts.push(`len ${a.origLen}`);
  return parts.join(' ');
}

/** Lines for an alert in the line view: one per drop location (summary) or one per packet. */
export function alertLines(alert: Alert, sym: Symbolizer): string[] {
  if (alert.kind === 'packet') return [packetLine(alert, sym)];
  return [
    ...alert.points.map((p) => {
      const loc = sym(p.pc);
      return `${p.count} drop${p.count === 1 ? '' : 's'} at ${loc ?? pcHex(p.pc)}${loc ? ` (${pcHex(p.pc)})` : ''}`;
    }),
    ...alert.hw.map((h) => `${h.count} hardware drop${h.count === 1 ? '' : 's'} at trap ${h.name}`),
  ];
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

export function chalkFor(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/** The live top-like table: location (or reason), count, rate per second, share. */
export function renderTable(agg: Aggregate, o: TableOptions): string {
  const c = chalkFor(o.color);
  const packet = o.mode === 'packet';
  const head = packet
    ? ['Reason', 'Location', 'Count', 'Rate/s', 'Share']
    : ['Location', 'Count', 'Rate/s', 'Share'];
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: packet ? ['left', 'left', 'right', 'right', 'right'] : ['left', 'right', 'right', 'right'],
  });
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
    t.push(cells);
  }
  const title =
    `${c.bold('nlts dropwatch')} ${o.mode} mode, ${o.elapsed.toFixed(1)} s: ` +
    `${c.red(String(agg.drops))} drop${agg.drops === 1 ? '' : 's'} in ${agg.alerts} alert${agg.alerts === 1 ? '' : 's'}` +
    (agg.lost ? `, ${c.yellow(String(agg.lost))} overrun${agg.lost === 1 ? '' : 's'}` : '') +
    (rows.length > shown.length ? ` (top ${shown.length} of ${rows.length})` : '');
  return (o.clear ? '\x1b[H\x1b[2J' : '') + title + '\n' + t.toString() + '\n';
}

/** The final summary as text lines. */
export function summaryText(agg: Aggregate, mode: string, seconds: number): string {
  let s = `summary: ${agg.drops} drop${agg.drops === 1 ? '' : 's'} in ${agg.alerts} alert${agg.alerts === 1 ? '' : 's'} over ${seconds.toFixed(1)} s (${mode} mode)`;
  if (agg.lost) s += `, ${agg.lost} overrun${agg.lost === 1 ? '' : 's'} (alerts lost)`;
  s += '\n';
  for (const r of agg.sorted()) {
    s += `  ${String(r.count).padStart(8)}  ${share(r.count, agg.drops).padStart(6)}  ${r.location}${r.reason ? `  ${r.reason}` : ''}\n`;
  }
  return s;
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

export function writeLine(out: Output, s: string): void {
  out.write(s.endsWith('\n') ? s : s + '\n');
}
