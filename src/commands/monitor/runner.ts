/**
 * The one receive loop of every monitor source (rtnl, genl, proc, uevent):
 * the record writer, the stop signal (SIGINT/SIGTERM, --duration), the
 * bounded pump (src/netlink/pump.ts) with its loss and malformed-datagram
 * records, and the socket's release. A source says only how it subscribes
 * and what one datagram becomes.
 */
import type { CommandEnv } from '../env.js';
import { pump, stopSignal, type SenderFilter } from '../../netlink/pump.js';
import type { Datagram, Transport } from '../../netlink/transport.js';
import type { MonitorRequest } from './socket.js';
import { EventWriter } from './writer.js';

/** What a source's start() hands the runner once it is subscribed. */
export interface SourceLoop {
  /** One datagram → records; false once --count is reached (ends the loop). */
  datagram(d: Datagram): boolean;
  /** After the kernel dropped events (already reported): false ends the loop (rtnl resyncs here). */
  afterLost?(): boolean;
  /** Whose datagrams are handled; the kernel's by default. */
  senders?: SenderFilter;
}

export interface MonitorSource {
  /** Print ip monitor's "[LINK]"-style labels (rtnl with `all`). */
  labels?: boolean;
  /** ip -o (rtnl). */
  oneline?: boolean;
  /**
   * Subscribe `t` and return the loop; null ends the monitor before the
   * loop (e.g. --count reached while waiting for the subscription's answer).
   */
  start(w: EventWriter): SourceLoop | null;
  /** Release what the source opened besides `t` (always called, before `t` closes). */
  close?(): void;
}

/** Run `source` on `t` until a signal, --duration or --count ends it; `t` is closed afterwards. */
export async function runMonitorSource(
  env: CommandEnv,
  req: MonitorRequest,
  t: Transport,
  source: MonitorSource,
): Promise<number> {
  const stop = stopSignal(env.signal, req.durationMs);
  try {
    const w = new EventWriter(env, {
      json: env.opts.json,
      timestamp: req.timestamp,
      labels: source.labels ?? false,
      oneline: source.oneline ?? false,
    });
    const loop = source.start(w);
    if (!loop) return 0;
    req.onReady?.();
    await pump(
      t,
      {
        datagram: (d) => loop.datagram(d),
        lost(e) {
          w.lost(e);
          return loop.afterLost?.() ?? true;
        },
        malformed(d, e) {
          w.malformed(d.data, e.message);
          return true;
        },
        idle: () => w.flush(),
      },
      { signal: stop.signal, senders: loop.senders ?? 'kernel' },
    );
    return 0;
  } finally {
    stop.dispose();
    try {
      source.close?.();
    } finally {
      t.close();
    }
  }
}

/** --count: call once per record written; false once the count is reached. */
export function counter(count: number | undefined): () => boolean {
  let seen = 0;
  return () => count === undefined || ++seen < count;
}
