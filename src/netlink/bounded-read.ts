/**
 * The one way nlts reads a whole file that a user named (a recording, a genl
 * spec, a request body, a name table): never more than a stated bound. A
 * plain readFileSync of /dev/zero or a runaway pipe grows until the process
 * dies with std::bad_alloc; this stops at the bound with a sentence instead.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Bounds for the inputs nlts reads whole (bytes), and for one line of a -batch input. */
export const MAX_RECORDING_BYTES = 256 * 1024 * 1024;
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;
export const MAX_REQUEST_FILE_BYTES = 1024 * 1024;
export const MAX_TABLE_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_BATCH_LINE_BYTES = 64 * 1024;
/** `route|address|rule restore` input (ip's save format): about 4 million saved routes. */
export const MAX_SAVED_DUMP_BYTES = 512 * 1024 * 1024;

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
      const n = readSyncWaiting(fd, buf, 0, room);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) {
        throw new InputFileError(
          `${what} ${inputName(path)} is larger than ${formatBytes(maxBytes)}; refusing to read it`,
        );
      }
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
  } finally {
    if (typeof path !== 'number') closeSync(fd);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/**
 * A name table's text (iproute2's rt_tables, group, /etc/passwd …) as every
 * reader of one takes it: bounded by MAX_TABLE_FILE_BYTES, UTF-8, and null
 * when it is absent, unreadable or too large (ip then has no names either).
 */
export function readTableFile(path: string): string | null {
  try {
    return readFileBounded(path, MAX_TABLE_FILE_BYTES, 'table file').toString('utf8');
  } catch {
    return null;
  }
}

/** How an input is named in messages: "standard input", fd N, or the quoted path. */
function inputName(path: string | number): string {
  return typeof path === 'number' ? (path === 0 ? 'standard input' : `fd ${path}`) : `"${path}"`;
}

/**
 * readSync that waits like a blocking read when the descriptor is
 * non-blocking (a stdin some other process set O_NONBLOCK on says EAGAIN
 * when nothing is there yet). Returns 0 at end of file.
 */
export function readSyncWaiting(fd: number, buf: Uint8Array, offset: number, length: number): number {
  for (;;) {
    try {
      return readSync(fd, buf, offset, length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EINTR') continue;
      throw e;
    }
  }
}

/** A line longer than the reader's bound: its bytes were read and dropped up to the newline. */
export const LINE_TOO_LONG = Symbol('line too long');

/**
 * Lines from a descriptor (a file, a pipe, a terminal), read as they come:
 * next() returns one line's bytes without its newline as soon as the line is
 * complete, so a pipe that writes a line and waits gets that line at once.
 * Memory stays bounded: a line longer than `maxLineBytes` is LINE_TOO_LONG
 * as soon as it passes the bound (an input without newlines, /dev/zero, is
 * not waited out), and the next call first drops the rest of it up to its
 * newline. null at the end; the last line may lack a newline.
 */
export class BoundedLineReader {
  private readonly buf: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;
  /** The rest of a too-long line is still to be dropped. */
  private skipping = false;

  constructor(
    private readonly fd: number,
    readonly maxLineBytes: number,
    chunkBytes = CHUNK,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  next(): Buffer | typeof LINE_TOO_LONG | null {
    const parts: Buffer[] = [];
    let len = 0;
    let any = false;
    for (;;) {
      if (this.start < this.end) {
        const avail = this.buf.subarray(this.start, this.end);
        const nl = avail.indexOf(10);
        const piece = nl < 0 ? avail : avail.subarray(0, nl);
        this.start = nl < 0 ? this.end : this.start + nl + 1;
        if (this.skipping) {
          if (nl >= 0) this.skipping = false;
          continue;
        }
        any = true;
        if (len + piece.length > this.maxLineBytes) {
          this.skipping = nl < 0;
          return LINE_TOO_LONG;
        }
        parts.push(Buffer.from(piece)); // the chunk buffer is reused
        len += piece.length;
        if (nl >= 0) return Buffer.concat(parts, len);
        continue;
      }
      if (this.eof) return any ? Buffer.concat(parts, len) : null;
      const n = readSyncWaiting(this.fd, this.buf, 0, this.buf.length);
      this.start = 0;
      this.end = n;
      if (n === 0) this.eof = true;
    }
  }
}

export function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
