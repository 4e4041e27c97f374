/**
 * Command-line words that are not UTF-8. Node decodes argv as UTF-8 and
 * replaces each invalid byte sequence with U+FFFD, so an interface named
 * with the bytes "ab\xff" would arrive as "ab\uFFFD" and name nothing. The
 * kernel keeps the exact bytes in /proc/self/cmdline; a word that has a
 * U+FFFD is taken from there instead, decoded so its invalid bytes survive
 * as U+DC80..U+DCFF (codec/text.ts), which the attribute encoder turns back
 * into the same bytes.
 */
import { readFileSync } from 'node:fs';
import { decodeBytesLossless } from '../netlink/codec/text.js';

/**
 * `args` are the words after the script (process.argv.slice(2)); they are the
 * last words of /proc/self/cmdline, whatever node options came before. A
 * word is replaced only when the raw bytes decode (the lossy way, as Node
 * did) to exactly the word Node gave, so a mismatch changes nothing.
 */
export function recoverArgvBytes(
  args: string[],
  readCmdline: () => Uint8Array = () => readFileSync('/proc/self/cmdline'),
): string[] {
  if (!args.some((a) => a.includes('\ufffd'))) return args;
  let raw: Buffer;
  try {
    raw = Buffer.from(readCmdline());
  } catch {
    return args;
  }
  const words: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0) {
      words.push(raw.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < raw.length) words.push(raw.subarray(start));
  if (words.length < args.length) return args;
  const tail = words.slice(words.length - args.length);
  return args.map((a, i) => {
    if (!a.includes('\ufffd')) return a;
    const bytes = tail[i]!;
    return bytes.toString('utf8') === a ? decodeBytesLossless(bytes) : a;
  });
}
