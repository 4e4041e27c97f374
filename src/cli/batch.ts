import { CliError } from '../iproute/errors.js';
import { LINE_TOO_LONG, MAX_BATCH_LINE_BYTES, formatBytes } from '../netlink/bounded-read.js';
import { decodeBytesLossless } from '../netlink/codec/text.js';

export interface BatchCommand {
  /** 1-based number of the (last physical) line the command came from, as ip counts it. */
  line: number;
  words: string[];
}

/**
 * A line that cannot be run. `fatal` ends the batch whatever -force says (ip
 * exits on an unterminated quote); `end` ends it quietly with the status so
 * far (ip's getcmdline treats a missing continuation line as end of file).
 */
export interface BatchProblem {
  line: number;
  error: string;
  fatal?: boolean;
  end?: boolean;
}

export type BatchItem = BatchCommand | BatchProblem;

/** One physical line's bytes without the newline, LINE_TOO_LONG, or null at the end. */
export type LineSource = () => Uint8Array | typeof LINE_TOO_LONG | null;

const HASH = 0x23;
const BACKSLASH = 0x5c;
const CR = 0x0d;

/**
 * A physical line as ip's getcmdline sees it: getline() reads it whole, but
 * everything after a NUL is invisible to the C string functions that follow,
 * "#" ends it, and only a backslash right before the newline (here: before
 * an optional CR) continues it on the next line.
 */
function physical(bytes: Uint8Array): { text: Uint8Array; continues: boolean } {
  let b = bytes;
  let cut = false;
  const nul = b.indexOf(0);
  if (nul >= 0) {
    b = b.subarray(0, nul);
    cut = true;
  }
  const hash = b.indexOf(HASH);
  if (hash >= 0) {
    b = b.subarray(0, hash);
    cut = true;
  }
  if (!cut && b.at(-1) === CR) b = b.subarray(0, -1);
  if (!cut && b.at(-1) === BACKSLASH) return { text: b.subarray(0, -1), continues: true };
  return { text: b, continues: false };
}

/**
 * Commands of a batch input, one at a time as its lines arrive (iproute2's
 * getcmdline + makeargs in lib/utils.c): "#" to the end of a line is a
 * comment, a backslash before the newline joins the next line, words are
 * separated by blanks, and a word that starts with ' or " runs to the
 * matching quote. Bytes that are not UTF-8 survive (see codec/text.ts). A
 * command longer than `maxBytes` (physical or joined) is a problem for that
 * command only; its bytes are dropped, not held.
 */
export function* batchItems(next: LineSource, maxBytes = MAX_BATCH_LINE_BYTES): Generator<BatchItem> {
  let lineNo = 0;
  for (;;) {
    const first = next();
    if (first === null) return;
    lineNo++;
    let tooLong = first === LINE_TOO_LONG;
    const parts: Uint8Array[] = [];
    let len = 0;
    let continues = false;
    if (first !== LINE_TOO_LONG) {
      const p = physical(first);
      continues = p.continues;
      if (p.text.length > maxBytes) tooLong = true;
      else {
        parts.push(p.text);
        len = p.text.length;
      }
    }
    while (continues) {
      const more = next();
      if (more === null) {
        yield { line: lineNo, error: 'Missing continuation line', end: true };
        return;
      }
      lineNo++;
      if (more === LINE_TOO_LONG) {
        // Its own end is unknown (dropped), so the chain stops here, as a problem.
        tooLong = true;
        break;
      }
      const p = physical(more);
      continues = p.continues;
      if (tooLong) continue;
      len += p.text.length;
      if (len > maxBytes) {
        tooLong = true;
        parts.length = 0;
      } else parts.push(p.text);
    }
    if (tooLong) {
      yield {
        line: lineNo,
        error: `nlts: batch line ${lineNo} is longer than ${formatBytes(maxBytes)}; it was not run`,
      };
      continue;
    }
    const text = decodeBytesLossless(parts.length === 1 ? parts[0]! : Buffer.concat(parts, len));
    let words: string[];
    try {
      words = splitWords(text);
    } catch (e) {
      yield { line: lineNo, error: (e as Error).message, fatal: true };
      return;
    }
    if (words.length) yield { line: lineNo, words };
  }
}

/** Physical lines of an in-memory text (for tests and small inputs). */
export function linesOf(text: string | Uint8Array): LineSource {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  let pos = 0;
  return () => {
    if (pos >= bytes.length) return null;
    const nl = bytes.indexOf(10, pos);
    const end = nl < 0 ? bytes.length : nl;
    const line = bytes.subarray(pos, end);
    pos = end + 1;
    return line;
  };
}

/** The whole of a batch text at once; a problem line throws its message. */
export function parseBatch(text: string): BatchCommand[] {
  const out: BatchCommand[] = [];
  for (const item of batchItems(linesOf(text))) {
    if ('error' in item) throw new CliError(item.error);
    out.push(item);
  }
  return out;
}

function splitWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  while (i < line.length) {
    while (blank(line[i])) i++;
    if (i >= line.length) break;
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new CliError('Unterminated quoted string');
      words.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < line.length && !blank(line[end])) end++;
      words.push(line.slice(i, end));
      i = end;
    }
  }
  return words;
}
