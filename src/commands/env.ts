import type { Output } from '../output/output.js';
import type { TransportFactory } from '../netlink/transport.js';
import type { ColorAttr } from '../output/printer.js';

export type ColorMode = 'auto' | 'always' | 'never';

/** ip's global options (ip/ip.c), plus nlts's --record/--replay. */
export interface GlobalOptions {
  json: boolean;
  pretty: boolean;
  brief: boolean;
  stats: number;
  details: number;
  oneline: boolean;
  netns: string | null;
  color: ColorMode;
  /** AF_UNSPEC (0), AF_INET (2), AF_INET6 (10), AF_PACKET (17), AF_BRIDGE (7, -B), AF_MPLS (28, -M) */
  family: number;
  numeric: boolean;
  /** -h / -human / -human-readable: -s counters with K/M/G prefixes (iproute2's human_readable). */
  human: boolean;
  /** -iec: with -human, powers of 1024 and ki/Mi/Gi… (iproute2's use_iec). */
  iec: boolean;
  help: boolean;
  version: boolean;
  record: string | null;
  replay: string | null;
  /** -batch FILE ("-" for stdin). */
  batch: string | null;
  /** -force: go on after a failed batch line. */
  force: boolean;
  /** -t[imestamp]: monitor prints a timestamp line before each event. */
  timestamp: boolean;
  /** -ts / -tshort: monitor prints a short timestamp prefix. */
  timestampShort: boolean;
  /** -all: `netns exec` runs the command in every named namespace (ip's do_all). */
  all: boolean;
  /** -rcvbuf N: receive buffer for listeners (bytes), null for their default. */
  rcvbuf: number | null;
}

/**
 * Everything a command handler may touch. Handlers write to `out`/`err`,
 * open sockets through `transports` (native, recording or replaying), and
 * never reach for console, process or the native addon themselves.
 */
export interface CommandEnv {
  opts: GlobalOptions;
  out: Output;
  err: Output;
  transports: TransportFactory;
  /** Colour function for text output, or undefined when colour is off. */
  colorize: ((attr: ColorAttr, text: string) => string) | undefined;
  /** Reads small system files (e.g. /etc/iproute2/group); injectable for tests. */
  readFile(path: string): string | null;
  /**
   * A fact about the system that is not a netlink exchange of the command's
   * own (e.g. named namespaces by nsid): computed live, stored by --record,
   * answered from the recording by --replay. Values must be JSON.
   */
  fact<T>(key: string, compute: () => T): T;
  /**
   * Aborted on SIGINT/SIGTERM for long-running commands (listeners,
   * monitors), so they can stop cleanly: undo kernel state, flush output.
   */
  signal?: AbortSignal;
  /** Whether stdout is a terminal (live views redraw in place only then). */
  isTTY?: boolean;
}

export type CommandHandler = (args: string[], env: CommandEnv) => number | Promise<number>;
