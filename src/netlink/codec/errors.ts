/**
 * The codec's only error type. Decoding never throws anything else: malformed
 * input (truncated headers, lengths that overrun the buffer, wrong-sized
 * values) becomes a CodecError that says where and what.
 */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  constructor(
    message: string,
    /** Byte offset in the buffer being decoded where the problem was found. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}
