/**
 * `nlts monitor`: one event stream for rtnetlink objects (ip monitor's
 * text, or NDJSON), process events, uevents and generic netlink groups.
 * Long-running: it ends on SIGINT/SIGTERM (env.signal; exit 130/143), --count
 * or --duration, with its output flushed; a stalled reader of stdout costs
 * dropped (and reported) records, never a blocked process (./session.ts).
 */
import type { CommandEnv, CommandHandler } from '../../cli/env.js';
import { CliError } from '../../cli/errors.js';
import { matches } from '../../cli/matches.js';
import { MONITOR_HELP } from './help.js';
import { PROC_EVENT_WORDS, runProc } from './proc.js';
import { OBJECT_WORDS, RTNL_SOURCES, checkFamily, runRtnl, type RtnlSource } from './rtnl.js';
import { DEFAULT_RCVBUF, type MonitorRequest } from './socket.js';
import { runGenl } from './genl.js';
import { runUevent } from './uevent.js';
import { longRunning } from './session.js';

const EXIT_USAGE = 255;

function usage(msg: string): CliError {
  return new CliError(msg, EXIT_USAGE);
}

function parseCount(v: string, what: string): number {
  if (!/^\d+$/.test(v)) throw usage(`nlts monitor: invalid ${what} "${v}"`);
  return Number(v);
}

/** "4194304", "4M", "512k" (powers of 1024). */
export function parseSize(v: string): number {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v);
  if (!m) throw usage(`nlts monitor: invalid --rcvbuf "${v}" (bytes, or with a k/M/G suffix)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase()]!;
  const n = Number(m[1]) * mult;
  if (n < 1 || n > 0x7fffffff) throw usage(`nlts monitor: --rcvbuf ${v} is out of range`);
  return n;
}

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
  };
  let i = 0;
  const first = args[0];
  if (first === 'proc' || first === 'uevent' || first === 'genl') {
    r.kind = first;
    i = 1;
  }
  const value = (opt: string): string => {
    const v = args[++i];
    if (v === undefined) throw usage(`nlts monitor: option "${opt}" needs a value`);
    return v;
  };
  for (; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const val = (): string => (eq > 0 ? a.slice(eq + 1) : value(name));
    switch (name) {
      case '-t':
      case '--timestamp':
      case '-timestamp':
        r.common.timestamp = 'long';
        continue;
      case '-ts':
      case '--tshort':
      case '-tshort':
        r.common.timestamp = 'short';
        continue;
      case '--count':
      case '-c':
        r.common.count = parseCount(val(), 'count');
        continue;
      case '--duration': {
        const v = val();
        if (!/^\d+(\.\d+)?$/.test(v)) throw usage(`nlts monitor: invalid duration "${v}" (seconds)`);
        r.common.durationMs = Math.round(Number(v) * 1000);
        continue;
      }
      case '--rcvbuf':
      case '-rcvbuf':
        r.common.rcvbuf = parseSize(val());
        continue;
      case '--no-resync':
        r.resync = false;
        continue;
      case '-4':
        r.family = 2;
        continue;
      case '-6':
        r.family = 10;
        continue;
      case '--help':
      case '-h':
      case 'help':
        r.kind = 'help';
        return r;
      default:
        break;
    }
    if (r.kind === 'proc') {
      if (name === '--pid') {
        r.pids.push(parseCount(val(), 'pid'));
        continue;
      }
      if (name === '--comm') {
        r.comm = val();
        continue;
      }
      if (name === '--events') {
        const list = val().split(',').filter(Boolean);
        for (const e of list) {
          if (!PROC_EVENT_WORDS.includes(e))
            throw usage(`nlts monitor proc: unknown event "${e}"; choose from ${PROC_EVENT_WORDS.join(',')}`);
        }
        r.events = new Set(list);
        continue;
      }
    } else if (r.kind === 'uevent') {
      if (name === '--subsystem') {
        r.subsystems.push(val());
        continue;
      }
      if (name === '--udev') {
        r.udev = 'also';
        continue;
      }
      if (name === '--udev-only') {
        r.udev = 'only';
        continue;
      }
    } else if (r.kind === 'genl') {
      if (!a.startsWith('-')) {
        r.words.push(a);
        continue;
      }
    } else if (!a.startsWith('-')) {
      r.words.push(a);
      continue;
    }
    throw usage(`Argument "${a}" is unknown, try "nlts monitor help".`);
  }
  return r;
}

/** ip monitor's object words → sources; `all` and `label` turn labels on, no object means all. */
function rtnlSources(words: string[]): { sources: RtnlSource[]; labels: boolean } {
  const names = new Set<string>();
  let labels = false;
  for (const w of words) {
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
  const sources = names.size ? RTNL_SOURCES.filter((s) => names.has(s.name)) : [...RTNL_SOURCES];
  return { sources, labels };
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
      return runGenl({ ...r.common, targets: r.words }, env);
    default: {
      const family = r.family ?? env.opts.family;
      checkFamily(family);
      const { sources, labels } = rtnlSources(r.words);
      return runRtnl({ ...r.common, sources, labels, family, resync: r.resync }, env);
    }
  }
}
