/**
 * The one way nlts reads a whole file that a user named (a recording, a genl
 * spec, a request body, a name table): never more than a stated bound. A
 * plain readFileSync of /dev/zero or a runaway pipe grows until the process
 * dies with std::bad_alloc; this stops at the bound with a sentence instead.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Bounds for the inputs nlts reads whole (bytes). */
export const MAX_RECORDING_BYTES = 256 * 1024 * 1024;
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;
export const MAX_REQUEST_FILE_BYTES = 1024 * 1024;
export const MAX_TABLE_FILE_BYTES = 4 * 1024 * 1024;

/** A named input is larger than nlts accepts, or cannot be read. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  constructor(
    message: string,
    /** errno of the failed open/read, when it was one (not for "too large"). */
    readonly errno?: number,
  ) {
    super(message);
  }
}

const CHUNK = 64 * 1024;

/**
 * Read `path` (or an open fd, e.g. 0 for stdin) up to `maxBytes`. Throws
 * InputFileError when it holds more, and lets open/read errors (ENOENT,
 * EACCES, EISDIR…) through as Node's ErrnoException for the caller to word.
 * Works for files whose size stat cannot tell (pipes, /dev/zero, /proc).
 */
export function readFileBounded(path: string | number, maxBytes: number, what = 'file'): Buffer {
  const fd = typeof path === 'number' ? path : openSync(path, 'r');
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const room = Math.min(CHUNK, maxBytes + 1 - total);
      const buf = Buffer.allocUnsafe(room);
      let n: number;
      try {
        n = readSync(fd, buf, 0, room, null);
      } catch (e) {
        // A non-blocking stdin with nothing yet: wait for it like a blocking read would.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        throw e;
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) {
        const name = typeof path === 'number' ? (path === 0 ? 'standard input' : `fd ${path}`) : `"${path}"`;
        throw new InputFileError(
          `${what} ${name} is larger than ${formatBytes(maxBytes)}; refusing to read it`,
        );
      }
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
  } finally {
    if (typeof path !== 'number') closeSync(fd);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
