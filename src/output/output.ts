import { writeSync } from 'node:fs';

/** Where renderers write. Commands never touch console or process.stdout directly. */
export interface Output {
  write(chunk: string): void;
  /** Push buffered output out now (event streams call it after each event); optional. */
  flush?(): void;
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

const FLUSH_AT = 64 * 1024;

/**
 * Buffered synchronous writes to a file descriptor. Synchronous because a
 * command's output must be complete when it exits and because `| head -1`
 * must turn into a quiet exit (EPIPE), not an unhandled stream error.
 */
export class FdOutput implements Output {
  // One growing string: V8 concatenates without copying until it is flattened
  // once for the write, which is much cheaper than joining many small parts.
  private pending = '';
  constructor(private readonly fd: number) {}

  write(chunk: string): void {
    this.pending += chunk;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    let written: number;
    try {
      written = writeSync(this.fd, text);
    } catch (e) {
      written = this.failed(e, 0);
    }
    const total = Buffer.byteLength(text);
    if (written >= total) return;
    // A short write (non-blocking pipe): finish from the byte offset reached.
    const data = Buffer.from(text, 'utf8');
    let off = written;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (e) {
        off += this.failed(e, off);
      }
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
