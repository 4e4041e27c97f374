/**
 * `nlts monitor`: one event stream for rtnetlink objects (ip monitor's
 * text, or NDJSON), process events, uevents and generic netlink groups.
 * Long-running: it ends on SIGINT/SIGTERM (env.signal; exit 130/143), --count
 * or --duration, with its output flushed; a stalled reader of stdout costs
 * dropped (and reported) records, never a blocked process (./session.ts).
 */
import type { CommandEnv, CommandHandler } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import {
  EXIT_USAGE,
  OptionValueError,
  invalidValue,
  parseGnuOptions,
  seconds,
  uint,
  type GnuOption,
} from '../gnu-options.js';
import { MONITOR_HELP } from './help.js';
import { PROC_EVENT_WORDS, runProc } from './proc.js';
import { OBJECT_WORDS, RTNL_SOURCES, checkFamily, runRtnl, runRtnlFile, type RtnlSource } from './rtnl.js';
import { DEFAULT_RCVBUF, type MonitorRequest } from './socket.js';
import { runGenl } from './genl.js';
import { runUevent } from './uevent.js';
import { longRunning } from './session.js';

function usage(msg: string): CliError {
  return new CliError(msg, EXIT_USAGE);
}

/** "4194304", "4M", "512k" (powers of 1024). */
export function parseSize(v: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v);
  if (!m) throw invalidValue('--rcvbuf', v, 'expected bytes, or with a k/M/G suffix');
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase()]!;
  const n = Number(m[1]) * mult;
  if (n < 1 || n > 0x7fffffff) throw invalidValue('--rcvbuf', v, 'out of range (1-2147483647)');
  return n;
}

function procEvents(text: string): Set<string> {
  const list = text.split(',').filter(Boolean);
  for (const e of list) {
    if (!PROC_EVENT_WORDS.includes(e))
      throw new OptionValueError(`unknown event "${e}"; choose from ${PROC_EVENT_WORDS.join(',')}`);
  }
  return new Set(list);
}

/** Options of every monitor, ip's one-dash spellings as aliases. */
const COMMON: readonly GnuOption[] = [
  { name: 'timestamp', short: 't', aliases: ['-timestamp'], help: 'a timestamp line before each event' },
  { name: 'tshort', aliases: ['-ts', '-tshort'], help: 'a short timestamp on each event line' },
  { name: 'count', short: 'c', value: 'N', parse: uint(), help: 'stop after N events' },
  { name: 'duration', value: 'SECONDS', parse: seconds(), help: 'stop after SECONDS' },
  { name: 'rcvbuf', aliases: ['-rcvbuf'], value: 'BYTES', parse: parseSize, help: 'socket receive buffer' },
  { name: 'no-resync', help: 'do not re-list after lost events' },
  { name: '4', short: '4', shortOnly: true, help: 'IPv4 only' },
  { name: '6', short: '6', shortOnly: true, help: 'IPv6 only' },
];

const BY_KIND: Record<'rtnl' | 'proc' | 'uevent' | 'genl', readonly GnuOption[]> = {
  rtnl: [],
  proc: [
    { name: 'pid', value: 'P', parse: uint(), repeat: true, help: 'events of process P only' },
    { name: 'comm', value: 'NAME', help: 'events of processes named NAME only' },
    {
      name: 'events',
      value: 'LIST',
      parse: procEvents,
      help: 'fork,exec,exit,uid,gid,sid,comm,ptrace,coredump',
    },
  ],
  uevent: [
    { name: 'subsystem', value: 'S', repeat: true, help: 'uevents of subsystem S only' },
    { name: 'udev', help: "udev's messages too" },
    { name: 'udev-only', help: "udev's messages only" },
  ],
  genl: [
    {
      name: 'spec',
      value: 'FILE',
      repeat: true,
      help: "a YNL spec (the kernel's Documentation/netlink/specs format) for the family it names",
    },
  ],
};

export interface ParsedMonitor {
  kind: 'rtnl' | 'proc' | 'uevent' | 'genl' | 'help';
  common: MonitorRequest;
  words: string[];
  resync: boolean;
  labels: boolean;
  family: number | undefined;
  pids: number[];
  comm: string | undefined;
  events: Set<string> | null;
  subsystems: string[];
  udev: 'no' | 'also' | 'only';
  /** monitor genl --spec FILE… */
  specFiles: string[];
}

/** Global -t / -ts when the CLI's options carry them (GlobalOptions.timestamp), else none. */
function globalTimestamp(env: CommandEnv): MonitorRequest['timestamp'] {
  if (env.opts.timestampShort) return 'short';
  return env.opts.timestamp ? 'long' : 'none';
}

export function parseMonitorArgs(args: string[], env: CommandEnv): ParsedMonitor {
  const r: ParsedMonitor = {
    kind: 'rtnl',
    common: {
      count: undefined,
      durationMs: undefined,
      timestamp: globalTimestamp(env),
      rcvbuf: env.opts.rcvbuf ?? DEFAULT_RCVBUF,
    },
    words: [],
    resync: true,
    labels: false,
    family: undefined,
    pids: [],
    comm: undefined,
    events: null,
    subsystems: [],
    udev: 'no',
    specFiles: [],
  };
  const first = args[0];
  const kind = first === 'proc' || first === 'uevent' || first === 'genl' ? first : 'rtnl';
  r.kind = kind;
  const p = parseGnuOptions(
    {
      name: kind === 'rtnl' ? 'nlts monitor' : `nlts monitor ${kind}`,
      hint: 'nlts monitor help',
      // Written by monitor() (for the "help" word too); the option parser only hands it back.
      helpText: MONITOR_HELP,
      operands: true,
      options: [...COMMON, ...BY_KIND[kind]],
    },
    kind === 'rtnl' ? args : args.slice(1),
  );
  // ip's "help" word, like -h/--help, anywhere.
  if (p.help || p.operands.includes('help')) {
    r.kind = 'help';
    return r;
  }
  if (p.has('timestamp')) r.common.timestamp = 'long';
  if (p.has('tshort')) r.common.timestamp = 'short';
  r.common.count = p.get<number>('count');
  const duration = p.get<number>('duration');
  if (duration !== undefined) r.common.durationMs = Math.round(duration * 1000);
  r.common.rcvbuf = p.get<number>('rcvbuf') ?? r.common.rcvbuf;
  r.resync = !p.has('no-resync');
  if (p.has('4')) r.family = 2;
  if (p.has('6')) r.family = 10;
  r.pids = p.all<number>('pid');
  r.comm = p.get('comm');
  r.events = p.get<Set<string>>('events') ?? null;
  r.subsystems = p.all('subsystem');
  if (p.has('udev')) r.udev = 'also';
  if (p.has('udev-only')) r.udev = 'only';
  r.specFiles = p.all('spec');
  if (kind === 'proc' || kind === 'uevent') {
    // proc and uevent take no words.
    if (p.operands[0] !== undefined)
      throw usage(`Argument "${p.operands[0]}" is unknown, try "nlts monitor help".`);
  } else r.words = p.operands;
  return r;
}

/** ip monitor's object words → sources; `all` and `label` turn labels on, no object means all. */
function rtnlSources(words: string[]): {
  sources: RtnlSource[];
  labels: boolean;
  named: boolean;
  file: string | undefined;
} {
  const names = new Set<string>();
  let labels = false;
  let file: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (matches(w, 'file')) {
      // ipmonitor.c: "file FILE" reads saved messages (rtnl_from_file) instead of listening.
      file = words[++i];
      if (file === undefined) throw usage('Command line is not complete. Try option "help"');
      continue;
    }
    if (w === 'all') {
      labels = true;
      continue;
    }
    if (matches(w, 'label')) {
      labels = true;
      continue;
    }
    const hit = OBJECT_WORDS.find(([word]) => matches(w, word) || (word === 'address' && w === 'addr'));
    if (!hit) throw usage(`Argument "${w}" is unknown, try "nlts monitor help".`);
    names.add(hit[1]);
  }
  // accept_msg prints every message of a file, whatever objects were named.
  const sources = names.size && !file ? RTNL_SOURCES.filter((s) => names.has(s.name)) : [...RTNL_SOURCES];
  return { sources, labels, named: names.size > 0, file };
}

export interface MonitorHooks {
  /** Called once the monitor is subscribed (events from then on are not missed). */
  onReady?: () => void;
}

export const monitorCommand: CommandHandler = (args, env) => monitor(args, env);

/** The handler with hooks for in-process callers (tests). */
export async function monitor(args: string[], env: CommandEnv, hooks: MonitorHooks = {}): Promise<number> {
  const r = parseMonitorArgs(args, env);
  if (hooks.onReady) r.common.onReady = hooks.onReady;
  if (r.kind === 'help') {
    env.out.write(MONITOR_HELP);
    return 0;
  }
  if (r.common.count === 0) return 0;
  return longRunning(env, () => runSource(r, env));
}

function runSource(r: ParsedMonitor, env: CommandEnv): Promise<number> {
  switch (r.kind) {
    case 'proc':
      return runProc({ ...r.common, pids: r.pids, comm: r.comm, events: r.events }, env);
    case 'uevent':
      return runUevent(
        { ...r.common, subsystems: r.subsystems, udev: r.udev !== 'no', kernel: r.udev !== 'only' },
        env,
      );
    case 'genl':
      return runGenl({ ...r.common, targets: r.words, specFiles: r.specFiles }, env);
    default: {
      const family = r.family ?? env.opts.family;
      checkFamily(family);
      const { sources, labels, named, file } = rtnlSources(r.words);
      const req = { ...r.common, sources, labels, family, resync: r.resync, named };
      return file === undefined ? runRtnl(req, env) : runRtnlFile(req, file, env);
    }
  }
}
