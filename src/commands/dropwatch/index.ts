import { openSync, closeSync, writeSync, readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CliError } from '../../iproute/errors.js';
import {
  EXIT_USAGE,
  choice,
  nonEmpty,
  parseGnuOptions,
  seconds,
  uint,
  type GnuCommand,
  type Writable,
} from '../gnu-options.js';
import { matches } from '../../iproute/parse.js';
import type { CommandEnv, CommandHandler } from '../env.js';
import { CodecError } from '../../netlink/codec/errors.js';

import { Connection } from '../../netlink/connection.js';
import { decodeLink, encodeGetLinkRequest } from '../../netlink/route/link.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { joinGroup } from '../../netlink/events.js';
import { pump } from '../../netlink/pump.js';
import { parseMessages, type NetlinkMessage } from '../../netlink/codec/message.js';
import { longRunning } from '../monitor/session.js';
import { Kallsyms } from '../../netlink/kallsyms.js';

import {
  DropMonitor,
  NoDropMonitorError,
  type MonitorConfig,
  type Traced,
} from '../../netlink/netdm/control.js';
import { decodeAlert, type Alert } from '../../netlink/netdm/decode.js';
import { BrokenPipeError, FdOutput, type Output } from '../../output/output.js';
import { LINKTYPE_ETHERNET, LINKTYPE_RAW, PcapngWriter } from '../../netlink/pcap.js';
import { DROPWATCH_HELP } from './help.js';
import {
  Aggregate,
  dropwatchPrinter,
  isoNs,
  kallsymsSymbolizer,
  packetLocation,
  pcHex,
  printAlert,
  printSummary,
  printTable,
  type Symbolizer,
} from './render.js';
import { PRINT_ANY, PRINT_JSON, Printer } from '../../output/printer.js';
import { NETLINK_GENERIC, NETLINK_ROUTE } from '../../netlink/gen/netlink.js';
import { RTM_GETLINK, RTM_NEWLINK } from '../../netlink/gen/rtnetlink.js';
import { SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE } from '../../netlink/gen/socket.js';

export interface DropwatchOptions {
  mode: 'summary' | 'packet';
  traced: Traced;
  truncLen?: number;
  queueLen?: number;
  count?: number;
  duration?: number;
  interval: number;
  view: 'auto' | 'table' | 'lines';
  pcap?: string;
}

/** Things a test may replace: the clock, /proc/kallsyms, whether stdout is a terminal. */
export interface DropwatchDeps {
  /** Milliseconds, monotonic. */
  now: () => number;
  readKallsyms: () => string | null;
  isTTY: (out: Output) => boolean;
}

const defaultDeps: DropwatchDeps = {
  now: () => performance.now(),
  readKallsyms: () => {
    try {
      return readFileSync('/proc/kallsyms', 'utf8');
    } catch {
      return null;
    }
  },
  isTTY: (out) => {
    const o = out as { isTTY?: boolean };
    if (typeof o.isTTY === 'boolean') return o.isTTY;
    return out instanceof FdOutput && isatty(1);
  },
};

const NO_NET_DM_EXIT = 1;

/** `nlts dropwatch …`: live packet-drop monitoring over NET_DM. */
export const dropwatchCommand: CommandHandler = (args, env) => runDropwatch(args, env);

export async function runDropwatch(
  args: string[],
  env: CommandEnv,
  deps: Partial<DropwatchDeps> = {},
): Promise<number> {
  const d: DropwatchDeps = { ...defaultDeps, ...deps };
  const verb = args[0];
  if (verb !== undefined && !verb.startsWith('-')) {
    if (matches(verb, 'help')) {
      env.out.write(DROPWATCH_HELP);
      return 0;
    }
    if (matches(verb, 'status')) return withMonitor(env, (m) => status(m, env));
    if (verb === 'stop') return withMonitor(env, (m) => stopTracing(m, env));
    if (matches(verb, 'monitor')) {
      const o = readOptions(args.slice(1), env.out);
      if (!o) return 0;
      return longRunning(env, () => monitor(o, env, d));
    }
    throw new CliError(`Command "${verb}" is unknown, try "nlts dropwatch help".`, EXIT_USAGE);
  }
  const o = readOptions(args, env.out);
  if (!o) return 0;
  // SIGINT/SIGTERM exit 130/143 (tracing is stopped first, in monitor's finally).
  return longRunning(env, () => monitor(o, env, d));
}

const DROPWATCH: GnuCommand = {
  name: 'nlts dropwatch',
  hint: 'nlts dropwatch help',
  helpText: DROPWATCH_HELP,
  options: [
    { name: 'mode', value: 'MODE', parse: choice('summary', 'packet'), default: 'summary' },
    { name: 'sw', help: 'software drops (default)' },
    { name: 'hw', help: 'hardware (devlink trap) drops' },
    { name: 'trunc', value: 'BYTES', parse: uint(), help: 'copy at most BYTES of each packet' },
    { name: 'queue', value: 'N', parse: uint({ min: 1 }), help: 'packets queued per CPU' },
    { name: 'count', value: 'N', parse: uint({ min: 1 }), help: 'stop after N alerts' },
    { name: 'duration', value: 'S', parse: seconds(), help: 'stop after S seconds' },
    { name: 'interval', value: 'S', parse: seconds({ positive: true }), default: 1 },
    { name: 'view', value: 'VIEW', parse: choice('auto', 'table', 'lines'), default: 'auto' },
    { name: 'pcap', value: 'FILE', parse: nonEmpty('a file'), help: 'write packet-mode payloads to FILE' },
  ],
};

/** The monitor's options; -h/--help is a CliError carrying the help (the CLI itself writes it to stdout). */
export function parseOptions(args: string[]): DropwatchOptions {
  const o = readOptions(args);
  if (!o) throw new CliError(DROPWATCH_HELP.trimEnd(), 0, 'help');
  return o;
}

/** The monitor's options; null when -h/--help was given (the help is written to `out`). */
function readOptions(args: string[], out?: Writable): DropwatchOptions | null {
  const p = parseGnuOptions(DROPWATCH, args, out);
  if (p.help) return null;
  const o: DropwatchOptions = {
    mode: p.get<DropwatchOptions['mode']>('mode')!,
    traced: { sw: p.has('sw'), hw: p.has('hw') },
    interval: p.get<number>('interval')!,
    view: p.get<DropwatchOptions['view']>('view')!,
  };
  const truncLen = p.get<number>('trunc');
  const queueLen = p.get<number>('queue');
  const count = p.get<number>('count');
  const duration = p.get<number>('duration');
  const pcap = p.get('pcap');
  if (truncLen !== undefined) o.truncLen = truncLen;
  if (queueLen !== undefined) o.queueLen = queueLen;
  if (count !== undefined) o.count = count;
  if (duration !== undefined) o.duration = duration;
  if (pcap !== undefined) o.pcap = pcap;
  if (!o.traced.sw && !o.traced.hw) o.traced.sw = true;
  if (o.pcap !== undefined && o.mode !== 'packet') {
    throw new CliError('"--pcap" needs "--mode packet": summary alerts carry no packets', EXIT_USAGE);
  }
  return o;
}

function warnNetns(env: CommandEnv): void {
  if (env.opts.netns !== null) {
    env.err.write(
      `nlts: dropwatch: NET_DM is global to the kernel, not per network namespace; ignoring -n ${env.opts.netns}\n`,
    );
  }
}

function openMonitor(env: CommandEnv): DropMonitor {
  warnNetns(env);
  try {
    return DropMonitor.open(env.transports);
  } catch (e) {
    if (e instanceof NoDropMonitorError)
      throw new CliError(`nlts: ${e.message}`, NO_NET_DM_EXIT, 'no-net-dm');
    throw e;
  }
}

function withMonitor(env: CommandEnv, fn: (m: DropMonitor) => number): number {
  const m = openMonitor(env);
  try {
    return fn(m);
  } finally {
    m.close();
  }
}

const flush = (o: Output): void => (o as { flush?: () => void }).flush?.();

function status(m: DropMonitor, env: CommandEnv): number {
  const cfg = m.getConfig();
  const tracing = m.isTracing(cfg);
  const stats = m.getStats();
  const group = m.family.groups.find((g) => g.name === 'events');
  // One record: JSON laid out as JSON.stringify(o, null, 2) with -p, text four lines.
  const p = new Printer(env.out, { json: env.opts.json, pretty: env.opts.pretty, layout: 'standard' });
  const dash = (v: number | bigint | undefined): string => (v === undefined ? '-' : String(v));
  p.startRecord();
  p.openObject('family');
  p.number(PRINT_JSON, 'id', '', m.family.id);
  p.fp(`NET_DM family 0x${m.family.id.toString(16)}`);
  p.number(PRINT_ANY, 'version', ' version %u', m.family.version);
  if (group) p.number(PRINT_ANY, 'events_group', ' events group %u', group.id);
  else p.null(PRINT_ANY, 'events_group', ' events group %s', '-');
  p.fp('\n');
  p.closeObject();
  p.openObject('config');
  if (typeof cfg.mode === 'number') p.number(PRINT_ANY, 'mode', 'mode %u', cfg.mode);
  else p.string(PRINT_ANY, 'mode', 'mode %s', cfg.mode);
  if (cfg.truncLen !== undefined) p.number(PRINT_JSON, 'trunc_len', '', cfg.truncLen);
  p.fp(` trunc ${dash(cfg.truncLen)}`);
  if (cfg.queueLen !== undefined) p.number(PRINT_JSON, 'queue_len', '', cfg.queueLen);
  p.fp(` queue ${dash(cfg.queueLen)}\n`);
  p.closeObject();
  p.onOff(PRINT_ANY, 'tracing', 'tracing %s\n', tracing);
  p.openObject('stats');
  if (stats.dropped !== undefined) p.number(PRINT_JSON, 'dropped', '', Number(stats.dropped));
  p.fp(`dropped alerts: software ${dash(stats.dropped)}`);
  if (stats.hwDropped !== undefined) p.number(PRINT_JSON, 'hw_dropped', '', Number(stats.hwDropped));
  p.fp(` hardware ${dash(stats.hwDropped)}\n`);
  p.closeObject();
  p.endRecord();
  return 0;
}

function stopTracing(m: DropMonitor, env: CommandEnv): number {
  m.stop({ sw: true, hw: true });
  // The record is one compact line, -p or not.
  const p = dropwatchPrinter(env.out, env.opts.json);
  p.startRecord();
  p.bool(PRINT_JSON, 'stopped', '', true);
  p.fp('NET_DM tracing stopped\n');
  p.endRecord();
  return 0;
}

function busyHint(e: unknown): never {
  if (e instanceof NetlinkKernelError && (e.errno === 16 /* EBUSY */ || e.errno === 11) /* EAGAIN */) {
    const why = e.extack.message ? ` (${e.extack.message})` : '';
    throw new CliError(
      `nlts: the drop monitor is already tracing${why}: another program monitors drops; \`nlts dropwatch stop\` ends it`,
      2,
      'kernel',
    );
  }
  throw e;
}

/**
 * Interface names for NET_DM_ATTR_IN_PORT: the kernel sends the ifindex only
 * (the name only for hardware drops), so it is looked up with RTM_GETLINK,
 * once per index, in nlts's own network namespace (the index of a device in
 * another namespace may name a different device here).
 */
class IfnameCache {
  private conn: Connection | undefined;
  private readonly names = new Map<number, string | undefined>();
  constructor(private readonly env: CommandEnv) {}
  get(ifindex: number): string | undefined {
    if (this.names.has(ifindex)) return this.names.get(ifindex);
    let name: string | undefined;
    try {
      this.conn ??= Connection.open(this.env.transports, NETLINK_ROUTE);
      const m = this.conn
        .request(RTM_GETLINK, encodeGetLinkRequest({ ifindex, extMask: 0 }))
        .find((r) => r.type === RTM_NEWLINK);
      if (m) name = decodeLink(m.payload).ifname || undefined;
    } catch (e) {
      if (!(e instanceof NetlinkKernelError)) throw e;
    }
    this.names.set(ifindex, name);
    return name;
  }
  close(): void {
    this.conn?.close();
  }
}

/** pcapng comment with the drop metadata. */
function pcapComment(a: Alert & { kind: 'packet' }, location: string): string {
  const parts = [`drop at ${location}`];
  if (a.reason) parts.push(`reason ${a.reason}`);
  if (a.inPort?.name) parts.push(`dev ${a.inPort.name}`);
  if (a.pc !== undefined) parts.push(`pc ${pcHex(a.pc)}`);
  if (a.origin === 'hw' && a.hwTrapName) parts.push(`trap ${a.hwTrapGroup ?? ''}/${a.hwTrapName}`);
  return parts.join(', ');
}

async function monitor(o: DropwatchOptions, env: CommandEnv, d: DropwatchDeps): Promise<number> {
  const view = env.opts.json ? 'json' : o.view === 'auto' ? (d.isTTY(env.out) ? 'table' : 'lines') : o.view;
  // Every record (alert, loss, table, summary) goes through this one printer: NDJSON with -j, else text.
  const out = dropwatchPrinter(env.out, view === 'json');
  const m = openMonitor(env);
  let pcapFd: number | undefined;
  let started = false;
  let exit = 0;
  let failure: unknown = null;
  const agg = new Aggregate();
  const ifnames = new IfnameCache(env);
  const ac = new AbortController();
  const onAbort = (): void => ac.abort();
  env.signal?.addEventListener('abort', onAbort);
  const timers: ReturnType<typeof setTimeout>[] = [];
  let t0 = d.now();
  let lastDraw = t0;
  try {
    const group = m.eventsGroup();
    const events = env.transports(NETLINK_GENERIC);
    try {
      try {
        events.setOption(SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20);
      } catch {
        try {
          events.setOption(SOL_SOCKET, SO_RCVBUF, 4 << 20);
        } catch {
          /* the default buffer; overruns are reported */
        }
      }
      joinGroup(events, group);

      const cfg: MonitorConfig = { mode: o.mode };
      if (o.truncLen !== undefined) cfg.truncLen = o.truncLen;
      if (o.queueLen !== undefined) cfg.queueLen = o.queueLen;
      try {
        m.configure(cfg);
      } catch (e) {
        busyHint(e);
      }

      let pcap: PcapngWriter | undefined;
      if (o.pcap !== undefined) {
        try {
          pcapFd = openSync(o.pcap, 'w');
        } catch (e) {
          throw new CliError(`nlts: cannot write "${o.pcap}": ${(e as Error).message}`, 1, 'file');
        }
        const fd = pcapFd;
        pcap = new PcapngWriter(
          (b) => writeSync(fd, b),
          [
            { linktype: LINKTYPE_RAW, name: 'netdrop-ip', snaplen: o.truncLen ?? 0 },
            { linktype: LINKTYPE_ETHERNET, name: 'netdrop-eth', snaplen: o.truncLen ?? 0 },
          ],
        );
        pcap.open();
      }

      // Symbols: the kernel names packet-mode locations itself; summary mode needs /proc/kallsyms.
      let table: Kallsyms | null | undefined;
      let hiddenWarned = false;
      const live = (pc: bigint): string | null => {
        if (table === undefined) {
          const text = d.readKallsyms();
          table = text === null ? null : Kallsyms.parse(text);
        }
        if (!table) return null;
        if (table.hidden) return 'hidden';
        return kallsymsSymbolizer(table)(pc);
      };
      const sym: Symbolizer = (pc) => {
        const s = env.fact(`kallsyms ${pcHex(pc)}`, () => live(pc));
        if (s === 'hidden') {
          if (!hiddenWarned) {
            hiddenWarned = true;
            env.err.write(
              'nlts: dropwatch: kernel addresses are hidden (kernel.kptr_restrict, or not privileged): locations are shown as raw program counters\n',
            );
          }
          return null;
        }
        return s;
      };

      try {
        m.start(o.traced);
      } catch (e) {
        busyHint(e);
      }
      started = true;
      t0 = d.now();
      lastDraw = t0;
      const what = [o.traced.sw ? 'software' : '', o.traced.hw ? 'hardware' : '']
        .filter(Boolean)
        .join(' and ');
      env.err.write(`nlts: dropwatch: monitoring ${what} drops in ${o.mode} mode (Ctrl-C to stop)\n`);
      flush(env.err);

      if (o.duration !== undefined) timers.push(setTimeout(() => ac.abort(), o.duration * 1000));
      const color = env.colorize !== undefined;
      const draw = (clear: boolean): void => {
        const now = d.now();
        printTable(out, agg, {
          mode: o.mode,
          elapsed: (now - t0) / 1000,
          sinceLast: (now - lastDraw) / 1000,
          color,
          clear,
        });
        agg.mark();
        lastDraw = now;
        flush(env.out);
      };
      if (view === 'table') {
        draw(true);
        const iv = setInterval(() => {
          try {
            draw(true);
          } catch (e) {
            failure = e;
            ac.abort();
          }
        }, o.interval * 1000);
        timers.push(iv);
      }

      let malformed = 0;
      /** Alerts not written because the reader of stdout fell behind, not yet reported. */
      let outDropped = 0;
      /** Whether a record may be written now; the first after a congestion says how many were not. */
      const admit = (): boolean => {
        if (env.out.congested?.()) {
          outDropped++;
          return false;
        }
        if (outDropped > 0) {
          out.startRecord();
          out.openObject('lost');
          out.string(PRINT_JSON, 'cause', '', 'output');
          out.number(PRINT_ANY, 'dropped', 'nlts: dropwatch: %u', outDropped);
          out.fp(' alerts not shown: the reader of the output fell behind\n');
          out.closeObject();
          out.endRecord();
          outDropped = 0;
        }
        return true;
      };
      const skipMalformed = (e: CodecError): void => {
        if (malformed++ === 0) env.err.write(`nlts: dropwatch: skipping a malformed alert: ${e.message}\n`);
      };
      /** One message of the events group; false once --count is reached. */
      const onMessage = (msg: NetlinkMessage): boolean => {
        if (msg.type !== m.family.id) return true;
        let alert: Alert | null;
        try {
          alert = decodeAlert(msg.payload);
        } catch (e) {
          if (!(e instanceof CodecError)) throw e;
          skipMalformed(e);
          return true;
        }
        if (!alert) return true;
        if (
          alert.kind === 'packet' &&
          alert.inPort?.ifindex !== undefined &&
          alert.inPort.name === undefined
        ) {
          const name = ifnames.get(alert.inPort.ifindex);
          if (name !== undefined) alert.inPort.name = name;
        }
        agg.add(alert, sym);
        if (view !== 'table') {
          if (admit()) printAlert(out, alert, sym);
          flush(env.out);
        }
        if (pcap && alert.kind === 'packet' && alert.payload) {
          const loc = packetLocation(alert, sym);
          const ts = alert.timestamp ?? 0n;
          const comment = pcapComment(alert, loc);
          if (alert.packet) {
            const l3 = alert.payload.subarray(alert.packet.l3Offset);
            pcap.packet(0, ts, l3, (alert.origLen ?? alert.payload.length) - alert.packet.l3Offset, comment);
          } else if (alert.payload.length >= 14) {
            pcap.packet(1, ts, alert.payload, alert.origLen ?? alert.payload.length, comment);
          }
        }
        return !(o.count !== undefined && agg.alerts >= o.count);
      };
      // The shared receive loop: only the kernel's alerts (a local process could forge some),
      // a datagram that does not parse is skipped, an overrun is counted.
      await pump(
        events,
        {
          datagram(dg) {
            for (const msg of parseMessages(dg.data)) if (!onMessage(msg)) return false;
            return true;
          },
          lost() {
            agg.lost++;
            if (view === 'lines')
              env.err.write('nlts: dropwatch: receive buffer overrun: some alerts were lost\n');
            return true;
          },
          malformed(_dg, e) {
            skipMalformed(e);
            return true;
          },
        },
        { signal: ac.signal, senders: 'kernel' },
      );
      if (failure) throw failure;
    } finally {
      for (const t of timers) clearTimeout(t);
      events.close();
    }
  } catch (e) {
    failure = e;
  } finally {
    env.signal?.removeEventListener('abort', onAbort);
    // Never leave the kernel tracing: STOP whatever made us leave.
    if (started) {
      try {
        m.stop(o.traced);
      } catch (e) {
        env.err.write(`nlts: dropwatch: could not stop NET_DM tracing: ${(e as Error).message}\n`);
        exit = 1;
      }
    }
    m.close();
    ifnames.close();
    if (pcapFd !== undefined) closeSync(pcapFd);
  }
  if (failure) throw failure;
  if (started) {
    const seconds = (d.now() - t0) / 1000;
    try {
      if (view === 'table')
        printTable(out, agg, {
          mode: o.mode,
          elapsed: seconds,
          sinceLast: (d.now() - lastDraw) / 1000,
          color: env.colorize !== undefined,
          clear: true,
        });
      printSummary(out, agg, o.mode, seconds);
    } catch (e) {
      if (!(e instanceof BrokenPipeError)) throw e;
    }
  }
  return exit;
}

export { isoNs };
