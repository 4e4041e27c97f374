/**
 * Copies of many small byte runs (the messages of a dump a command must hold
 * until its end) packed into a few large buffers instead of one allocation
 * each. A separate Uint8Array per message costs an allocation and a
 * GC-tracked backing store, and every fresh page its first-touch fault: on
 * the development VM (~13 us per 4 KiB page) keeping a 9 MB link dump as
 * per-datagram copies took ~35 ms, more than the kernel's own dump.
 *
 * push() copies bytes in; the caller may rewrite them in place (e.g. close
 * the gaps of what it does not keep) and then keep() a prefix: the bytes
 * after it are given back and the next push() writes over them, so memory
 * grows by what is kept, not by what was pushed.
 */
export class ByteArena {
  private chunk: Uint8Array;
  private used = 0;

  constructor(private readonly chunkSize = 256 * 1024) {
    this.chunk = allocChunk(chunkSize);
  }

  /** The chunk the last push() wrote into (offsets from push() are offsets in it). */
  get buffer(): Uint8Array {
    return this.chunk;
  }

  /** Copy `src` in (one memcpy); returns its offset in `buffer`. */
  push(src: Uint8Array): number {
    if (this.used + src.length > this.chunk.length) {
      this.chunk = allocChunk(Math.max(this.chunkSize, src.length));
      this.used = 0;
    }
    const at = this.used;
    this.chunk.set(src, at);
    return at;
  }

  /**
   * Keep `length` bytes from `at` (the offset push() returned) and give back
   * the rest of that push. The view stays valid: later pushes start after it.
   */
  keep(at: number, length: number): Uint8Array {
    // The next record starts 4-byte aligned, as netlink messages do.
    this.used = (at + length + 3) & ~3;
    return this.chunk.subarray(at, at + length);
  }
}

/**
 * Not zero-filled: push() writes every byte it hands out. A plain Uint8Array
 * over the Buffer's memory: Buffer's own subarray() is a JS wrapper that
 * builds a Buffer, several times slower than the typed array's.
 */
function allocChunk(n: number): Uint8Array {
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}
