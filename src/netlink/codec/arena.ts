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
  /** Every chunk so far, in order: a kept range names its chunk by number. */
  private readonly chunks: Uint8Array[] = [];
  /**
   * chunk number, start, length of each kept range, three Int32 each: a range
   * kept this way is no object at all, so 16,000 of them add nothing for the
   * garbage collector to trace or copy (a Uint8Array view each did: ~100
   * bytes that survived, were copied by every young-generation GC and made V8
   * grow its young generation into fresh pages; issue 15 item 7).
   */
  private ranges = new Int32Array(3 * 256);
  private kept = 0;

  constructor(private readonly chunkSize = 256 * 1024) {
    this.chunk = this.addChunk(chunkSize);
  }

  /** The chunk the last push() wrote into (offsets from push() are offsets in it). */
  get buffer(): Uint8Array {
    return this.chunk;
  }

  /** The number of ranges kept so far. */
  get count(): number {
    return this.kept;
  }

  /** Copy `src` in (one memcpy); returns its offset in `buffer`. */
  push(src: Uint8Array): number {
    if (this.used + src.length > this.chunk.length) {
      this.chunk = this.addChunk(Math.max(this.chunkSize, src.length));
      this.used = 0;
    }
    const at = this.used;
    this.chunk.set(src, at);
    return at;
  }

  /**
   * Keep `length` bytes from `at` (the offset push() returned) as the next
   * range, and give back the rest of that push: later pushes start after it.
   */
  keep(at: number, length: number): void {
    // The next record starts 4-byte aligned, as netlink messages do.
    this.used = (at + length + 3) & ~3;
    if (3 * this.kept + 3 > this.ranges.length) {
      const grown = new Int32Array(this.ranges.length * 2);
      grown.set(this.ranges);
      this.ranges = grown;
    }
    const r = 3 * this.kept++;
    this.ranges[r] = this.chunks.length - 1;
    this.ranges[r + 1] = at;
    this.ranges[r + 2] = length;
  }

  /** The chunk holding range `n` (read it from startOf(n) to endOf(n), without a view). */
  chunkOf(n: number): Uint8Array {
    return this.chunks[this.ranges[3 * n]!]!;
  }
  startOf(n: number): number {
    return this.ranges[3 * n + 1]!;
  }
  endOf(n: number): number {
    return this.ranges[3 * n + 1]! + this.ranges[3 * n + 2]!;
  }

  /** Range `n` as a view (a new one each call: keep it no longer than it is needed). */
  view(n: number): Uint8Array {
    return this.chunkOf(n).subarray(this.startOf(n), this.endOf(n));
  }

  private addChunk(n: number): Uint8Array {
    const c = allocChunk(n);
    this.chunks.push(c);
    return c;
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
