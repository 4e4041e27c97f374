import { writeSync } from 'node:fs';

/** Where renderers write. Commands never touch console or process.stdout directly. */
export interface Output {
  write(chunk: string): void;
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
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}

  write(chunk: string): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw new BrokenPipeError('stdout closed');
        if (code === 'EAGAIN') {
          // A non-blocking pipe is full: wait a little for the reader instead of spinning.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        throw e;
      }
    }
  }
}
