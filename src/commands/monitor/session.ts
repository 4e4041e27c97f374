/**
 * What every long-running command (the monitors, dropwatch) shares around
 * its receive loop: output that never blocks on a stalled reader, and the
 * exit status of a stop by signal (128 + signal number, as a shell reports a
 * process killed by it: 130 for SIGINT, 143 for SIGTERM).
 */
import type { CommandEnv } from '../env.js';

/** Bound on output waiting for a slow reader before records are dropped (and counted as lost). */
export const OUTPUT_LIMIT_BYTES = 1024 * 1024;
/** After a signal, how long the reader gets to take what is still waiting. */
export const SIGNAL_GRACE_MS = 200;

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * 130/143 when env.signal was aborted by SIGINT/SIGTERM (the dispatcher,
 * src/cli/main.ts, gives the signal's name as the abort reason), else
 * undefined (a stop by --count, --duration, an embedder's own abort).
 */
export function signalExitCode(signal: AbortSignal | undefined): number | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? SIGNAL_EXIT[reason] : undefined;
}

/**
 * Run a long-running command body: stdout streams (bounded, never blocking)
 * while it runs; afterwards what is still waiting gets the reader's time -
 * until it is taken or a signal comes when the command ended by itself,
 * SIGNAL_GRACE_MS after a signal - and the rest is dropped. A stop by
 * SIGINT/SIGTERM exits 130/143.
 */
export async function longRunning(env: CommandEnv, body: () => Promise<number>): Promise<number> {
  env.out.stream?.(OUTPUT_LIMIT_BYTES);
  let code: number;
  try {
    code = await body();
  } finally {
    const bySignal = env.signal?.aborted === true;
    const dropped = await env.out.settle?.({
      graceMs: bySignal ? SIGNAL_GRACE_MS : Number.POSITIVE_INFINITY,
      ...(env.signal && !bySignal ? { signal: env.signal } : {}),
    });
    if (dropped && env.signal?.aborted)
      env.err.write(`nlts: ${dropped} bytes of output were dropped: the reader did not take them\n`);
  }
  const bySignal = signalExitCode(env.signal);
  return bySignal !== undefined && code === 0 ? bySignal : code;
}
