import { encodeTextLossless, hasEscapedBytes } from '../netlink/codec/text.js';
import { closeSync, constants as fsConstants, fstatSync, openSync, writeSync } from 'node:fs';

/** What the CLI's error path needs of a JSON document a failed command left open (a Printer). */
export interface OpenDocument {
  /** Close the document with `errorObject` (JSON text) as its last element; false if nothing was written yet. */
  abortDocument(errorObject: string): boolean;
}

/** Where renderers write. Commands never touch console or process.stdout directly. */
export interface Output {
  write(chunk: string): void;
  /**
   * Set by an output that wraps another (buffering, counting): the output it
   * writes into. The open document is kept at the end of this chain, on the
   * output the CLI owns (see documentSlotOf).
   */
  readonly target?: Output;
  /**
   * The JSON document a Printer started on this output (or on one wrapping
   * it) and has not ended: at most one per command. main's error path takes
   * it (takeOpenDocument) to end a half-written document with the error.
   */
  openDocument?: OpenDocument | null;
  /** Push buffered output out now (event streams call it after each event); optional. */
  flush?(): void;
  /**
   * Long-running commands: from now on never wait for a slow reader. What
   * cannot be written at once waits in a buffer of about `limitBytes`;
   * `congested()` says when it is full, and the command drops (and counts)
   * what it would have written. Optional: outputs that never block lack it.
   */
  stream?(limitBytes: number): void;
  /** True while streaming output has `limitBytes` or more waiting for the reader. */
  congested?(): boolean;
  /**
   * Leave streaming mode: let the reader take what is waiting until it has,
   * `graceMs` passed or `signal` aborts (whichever comes first), drop the rest,
   * and go back to complete, blocking writes. Resolves to the bytes dropped.
   */
  settle?(options: { graceMs: number; signal?: AbortSignal }): Promise<number>;
}

/** The output at the end of `out`'s chain of wrappers: where the open document is kept. */
export function documentSlotOf(out: Output): Output {
  let o = out;
  while (o.target !== undefined) o = o.target;
  return o;
}

/** The document left open on `out` (see Output.openDocument), which is no longer open after this. */
export function takeOpenDocument(out: Output): OpenDocument | null {
  const slot = documentSlotOf(out);
  const d = slot.openDocument ?? null;
  slot.openDocument = null;
  return d;
}

/**
 * Collects printer output into strings of a few KiB before handing them on, so the
 * underlying Output sees fewer, larger writes instead of many tiny ones. It
 * names its target, so a document started on it is found from the target.
 */
export class ChunkedOutput implements Output {
  private s = '';
  constructor(readonly target: Output) {}
  write(chunk: string): void {
    this.s += chunk;
    // Handed on in pieces of SPILL_AT: FdOutput encodes at that size anyway.
    if (this.s.length >= SPILL_AT) {
      this.target.write(this.s);
      this.s = '';
    }
  }
  flush(): void {
    if (this.s.length) {
      this.target.write(this.s);
      this.s = '';
    }
  }
}

/** Collects everything written; used by tests and by the replayer. */
export class StringOutput implements Output {
  text = '';
  write(chunk: string): void {
    this.text += chunk;
  }
}

/** Raised when the reader of stdout went away (EPIPE): the command ends quietly. */
export class BrokenPipeError extends Error {
  override readonly name = 'BrokenPipeError';
}

/** Bytes of encoded output collected before one write(2). */
const FLUSH_AT = 64 * 1024;
/**
 * Characters of text kept as a string before they are encoded into the byte
 * buffer. Encoding as we go tells for free whether a piece is all ASCII (as
 * many bytes as characters), which is nearly always so: only then can it hold
 * no escaped byte, and the scan for them (a regular expression over all of
 * the output, 16-24 ms of a 16,001-link `-j link show` profile) is skipped.
 * A short string also keeps what survives a GC small: a string built by `+=`
 * is a tree of its parts until it is written.
 */
export const SPILL_AT = 4096;
/** How often streaming output looks whether a stalled reader made room. */
const RETRY_MS = 10;

interface StreamState {
  /** A non-blocking descriptor for the same pipe or socket. */
  fd: number;
  /** We opened `fd` (and close it when streaming ends). */
  own: boolean;
  limit: number;
  /** Encoded output the reader has not taken yet, oldest first. */
  chunks: Buffer[];
  bytes: number;
  retry: NodeJS.Timeout | undefined;
}

/**
 * Buffered synchronous writes to a file descriptor. Synchronous because a
 * command's output must be complete when it exits and because `| head -1`
 * must turn into a quiet exit (EPIPE), not an unhandled stream error.
 */
export class FdOutput implements Output {
  // A short string (under SPILL_AT characters) of what was written last; see SPILL_AT.
  private pending = '';
  /** Encoded output not written yet: bytes [0, used) of buf. */
  private buf: Buffer | undefined;
  private used = 0;
  /** Streaming mode (see Output.stream); null when writes are synchronous and complete. */
  private streaming: StreamState | null = null;
  constructor(private readonly fd: number) {}

  write(chunk: string): void {
    this.pending += chunk;
    if (this.pending.length < SPILL_AT) return;
    if (!this.streaming) this.spill();
    else if (this.pending.length >= FLUSH_AT) this.flushStreaming(this.streaming);
  }

  /** Encode `pending` into the byte buffer, writing the buffer out first when it would not fit. */
  private spill(): void {
    const text = this.pending;
    this.pending = '';
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (text.length * 3 > FLUSH_AT) {
      this.writeBuffered();
      this.writeAll(encodeTextLossless(text));
      return;
    }
    const buf = (this.buf ??= Buffer.allocUnsafe(FLUSH_AT));
    if (this.used + text.length * 3 > buf.length) this.writeBuffered();
    const n = buf.write(text, this.used, 'utf8');
    // As many bytes as characters: all ASCII, so no escaped byte (which takes 3) can be in it.
    // Otherwise names the kernel gave as bytes that are not UTF-8 go out as those bytes, as ip prints them.
    if (n !== text.length && hasEscapedBytes(text)) {
      const raw = encodeTextLossless(text);
      buf.set(raw, this.used);
      this.used += raw.length;
    } else this.used += n;
  }

  flush(): void {
    if (this.streaming) {
      this.flushStreaming(this.streaming);
      return;
    }
    if (this.pending.length > 0) this.spill();
    this.writeBuffered();
  }

  private writeBuffered(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    this.writeAll(this.buf!.subarray(0, n));
  }

  /** Write all of `data`, finishing a short write (non-blocking pipe) from the offset reached. */
  private writeAll(data: Uint8Array): void {
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (e) {
        off += this.failed(e, off);
      }
    }
  }

  /**
   * Streaming needs a descriptor that says EAGAIN instead of blocking. A pipe
   * or FIFO is opened afresh through /proc/self/fd with O_NONBLOCK: a file
   * description of our own, so the shared one (a shell pipeline's) keeps its
   * flags. A socket cannot be reopened; Node's own stdout/stderr stream sets
   * O_NONBLOCK on it (as it does whenever process.stdout is used). Files,
   * terminals and /dev/null are written synchronously as before: they do not
   * stall (a terminal only under ^S).
   */
  stream(limitBytes: number): void {
    if (this.streaming) return;
    let fd: number | null = null;
    let own = false;
    try {
      const st = fstatSync(this.fd);
      if (st.isFIFO()) {
        fd = openSync(`/proc/self/fd/${this.fd}`, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
        own = true;
      } else if (st.isSocket() && (this.fd === 1 || this.fd === 2)) {
        // Creating Node's stream for the fd makes the socket non-blocking; it is kept, never written through.
        void (this.fd === 1 ? process.stdout : process.stderr);
        fd = this.fd;
      }
    } catch {
      fd = null;
    }
    if (fd === null) return;
    this.streaming = { fd, own, limit: limitBytes, chunks: [], bytes: 0, retry: undefined };
  }

  congested(): boolean {
    const s = this.streaming;
    return s !== null && s.bytes + this.pending.length >= s.limit;
  }

  async settle(options: { graceMs: number; signal?: AbortSignal }): Promise<number> {
    const s = this.streaming;
    if (!s) return 0;
    const deadline = Date.now() + options.graceMs;
    this.flushStreaming(s);
    while (s.bytes > 0 && !options.signal?.aborted && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(RETRY_MS, Math.max(0, deadline - Date.now())));
        function done(): void {
          clearTimeout(t);
          options.signal?.removeEventListener('abort', done);
          resolve();
        }
        options.signal?.addEventListener('abort', done);
      });
      this.flushStreaming(s);
    }
    const dropped = s.bytes;
    if (s.retry) clearTimeout(s.retry);
    if (s.own) closeSync(s.fd);
    this.streaming = null;
    return dropped;
  }

  /** Write what the reader takes now; keep the rest (bounded by the callers) and try again shortly. */
  private flushStreaming(s: StreamState): void {
    if (this.used > 0) {
      // Encoded before streaming began: it goes first.
      const b = Buffer.from(this.buf!.subarray(0, this.used));
      this.used = 0;
      s.chunks.push(b);
      s.bytes += b.length;
    }
    if (this.pending.length > 0) {
      const b = Buffer.from(encodeTextLossless(this.pending));
      this.pending = '';
      s.chunks.push(b);
      s.bytes += b.length;
    }
    while (s.chunks.length > 0) {
      const head = s.chunks[0]!;
      let n: number;
      try {
        n = writeSync(s.fd, head);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw new BrokenPipeError('stdout closed');
        if (code !== 'EAGAIN') throw e;
        n = 0;
      }
      s.bytes -= n;
      if (n >= head.length) {
        s.chunks.shift();
        continue;
      }
      if (n > 0) s.chunks[0] = head.subarray(n);
      break;
    }
    if (s.bytes > 0 && !s.retry) {
      // Nobody tells us when the reader makes room: look again soon (the timer never keeps the process alive).
      s.retry = setTimeout(() => {
        s.retry = undefined;
        if (this.streaming !== s) return;
        try {
          this.flushStreaming(s);
        } catch {
          /* EPIPE: the next write or flush of the command reports it */
        }
      }, RETRY_MS);
      s.retry.unref();
    }
  }

  /** EPIPE ends the command quietly; EAGAIN (a full non-blocking pipe) waits a little and retries. */
  private failed(e: unknown, _off: number): number {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') throw new BrokenPipeError('stdout closed');
    if (code === 'EAGAIN') {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      return 0;
    }
    throw e;
  }
}
