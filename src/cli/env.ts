import type { Output } from '../output/output.js';
import type { TransportFactory } from '../netlink/transport.js';
import type { GlobalOptions } from './options.js';
import type { ColorAttr } from '../output/printer.js';

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
