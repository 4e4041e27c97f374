/**
 * What every long-running command (the monitors, dropwatch) shares around
 * its receive loop: output that never blocks on a stalled reader, and the
 * exit status of a stop by signal (128 + signal number, as a shell reports a
 * process killed by it: 130 for SIGINT, 143 for SIGTERM).
 */
import type { CommandEnv } from '../../cli/env.js';

/** Bound on output waiting for a slow reader before records are dropped (and counted as lost). */
export const OUTPUT_LIMIT_BYTES = 1024 * 1024;
/** After a signal, how long the reader gets to take what is still waiting. */
export const SIGNAL_GRACE_MS = 200;

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Which signal ended the command. The dispatcher (src/cli/main.ts) aborts
 * env.signal on SIGINT/SIGTERM; when it names the signal as the abort
 * reason that is used, else the signal is noted here as it arrives (our
 * listeners run right after the dispatcher's, before any continuation).
 */
class SignalNote {
  seen: string | null = null;
  private readonly note = (sig: NodeJS.Signals): void => {
    this.seen ??= sig;
  };
  constructor(private readonly active: boolean) {
    if (!active) return;
    process.once('SIGINT', this.note);
    process.once('SIGTERM', this.note);
  }
  dispose(): void {
    if (!this.active) return;
    process.off('SIGINT', this.note);
    process.off('SIGTERM', this.note);
  }
}

/** 130/143 when env.signal was aborted by SIGINT/SIGTERM, else undefined (a stop by --count, --duration, an embedder). */
export function signalExitCode(signal: AbortSignal | undefined, seen: string | null): number | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  if (typeof reason === 'string' && reason in SIGNAL_EXIT) return SIGNAL_EXIT[reason];
  return seen !== null ? SIGNAL_EXIT[seen] : undefined;
}

/**
 * Run a long-running command body: stdout streams (bounded, never blocking)
 * while it runs; afterwards what is still waiting gets the reader's time -
 * until it is taken or a signal comes when the command ended by itself,
 * SIGNAL_GRACE_MS after a signal - and the rest is dropped. A stop by
 * SIGINT/SIGTERM exits 130/143.
 */
export async function longRunning(env: CommandEnv, body: () => Promise<number>): Promise<number> {
  const note = new SignalNote(env.signal !== undefined);
  env.out.stream?.(OUTPUT_LIMIT_BYTES);
  let code: number;
  try {
    code = await body();
  } finally {
    try {
      const bySignal = env.signal?.aborted === true;
      const dropped = await env.out.settle?.({
        graceMs: bySignal ? SIGNAL_GRACE_MS : Number.POSITIVE_INFINITY,
        ...(env.signal && !bySignal ? { signal: env.signal } : {}),
      });
      if (dropped && env.signal?.aborted)
        env.err.write(`nlts: ${dropped} bytes of output were dropped: the reader did not take them\n`);
    } finally {
      note.dispose();
    }
  }
  const bySignal = signalExitCode(env.signal, note.seen);
  return bySignal !== undefined && code === 0 ? bySignal : code;
}
