import { hasEscapedBytes } from '../netlink/codec/text.js';
import { formatOne } from './printf.js';
import { documentSlotOf, type Output } from './output.js';

/**
 * iproute2's single print path (lib/json_print.c): every field is written by
 * one call that knows both its JSON key and its text format, so text and JSON
 * can never drift apart. `kind` says where the field appears.
 */
export const PRINT_FP = 1; // text only
export const PRINT_JSON = 2; // JSON only
export const PRINT_ANY = 3; // both
export type PrintKind = typeof PRINT_FP | typeof PRINT_JSON | typeof PRINT_ANY;

/** iproute2's color attributes (include/color.h), mapped to terminal colours by the caller. */
export type ColorAttr = 'ifname' | 'mac' | 'inet' | 'inet6' | 'up' | 'down' | 'none';

export interface PrinterOptions {
  json: boolean;
  pretty?: boolean;
  /** ip -o: text newlines inside one object become a backslash (iproute2's _SL_). */
  oneline?: boolean;
  /** Wraps a text field in colour; absent means no colour. */
  colorize?: (attr: ColorAttr, text: string) => string;
  /**
   * JSON layout with -p: 'iproute2' (default) is json_writer.c's (four-space
   * indent, arrays on one line as "[ … ]"), for the objects that mirror ip;
   * 'standard' is JSON.stringify(v, null, 2)'s, for nlts's own records (raw).
   * Without -p both are the same compact JSON.
   */
  layout?: 'iproute2' | 'standard';
}

/**
 * JSON.stringify(s) for a string, with a fast path for the usual short
 * printable-ASCII value that needs no escaping (names, states, MACs).
 */
export function jsonString(s: string): string {
  if (s.length <= 64) {
    let plain = true;
    for (let i = 0; plain && i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) plain = false;
    }
    if (plain) return '"' + s + '"';
  }
  if (!hasEscapedBytes(s)) return JSON.stringify(s);
  // A name the kernel gave as bytes that are not UTF-8 holds them as
  // U+DC80..U+DCFF (codec/text.ts). ip's json_writer prints such bytes raw,
  // so they stay raw here (FdOutput writes them back as the bytes), where
  // JSON.stringify would write the escape \udcff.
  return (
    '"' +
    s
      .split(/([\udc80-\udcff])/)
      .map((part, i) => (i % 2 ? part : JSON.stringify(part).slice(1, -1)))
      .join('') +
    '"'
  );
}

/**
 * A streaming JSON writer with the layout of iproute2's json_writer.c
 * (four-space indent with -p), and the text side of the print path.
 */
export class Printer {
  readonly json: boolean;
  readonly pretty: boolean;
  /** Separator printed by nl(): "\n", or "\\" in one-line mode. */
  readonly sl: string;
  private depth = 0;
  private sep = '';
  /** Closers of the JSON containers open right now, innermost last. */
  private readonly open: ('}' | ']')[] = [];
  /** startDocument() was called but its "[" is not written yet (see startDocument). */
  private pendingStart = false;
  private readonly colorize: ((attr: ColorAttr, text: string) => string) | undefined;
  /** Pretty layout of JSON.stringify(v, null, 2) instead of iproute2's. */
  private readonly standard: boolean;
  private readonly indent: string;

  constructor(
    readonly out: Output,
    opts: PrinterOptions,
  ) {
    this.json = opts.json;
    this.pretty = Boolean(opts.pretty) && opts.json;
    this.sl = opts.oneline ? '\\' : '\n';
    this.colorize = opts.json ? undefined : opts.colorize;
    this.standard = this.pretty && opts.layout === 'standard';
    this.indent = this.standard ? '  ' : '    ';
  }

  private isJson(kind: PrintKind): boolean {
    return this.json && (kind & PRINT_JSON) !== 0;
  }
  private isText(kind: PrintKind): boolean {
    return !this.json && (kind & PRINT_FP) !== 0;
  }

  // ---- JSON layout (json_writer.c) ----
  private eol(): void {
    if (this.pretty) this.out.write('\n' + this.indent.repeat(this.depth));
  }
  /** Standard layout: every array element starts a line of its own, as object members do. */
  private elementEol(): void {
    if (this.standard && this.open[this.open.length - 1] === ']') this.eol();
  }
  private eor(): void {
    if (this.sep) this.out.write(this.sep);
    this.sep = ',';
  }
  private begin(c: '{' | '['): void {
    if (this.pendingStart) this.writeStart();
    this.eor();
    this.elementEol();
    this.out.write(c);
    this.depth++;
    this.open.push(c === '{' ? '}' : ']');
    this.sep = '';
  }
  private end(c: '}' | ']'): void {
    this.depth--;
    this.open.pop();
    if (this.sep) this.eol();
    this.out.write(c);
    this.sep = ',';
  }
  private name(key: string): void {
    if (this.pendingStart) this.writeStart();
    this.eor();
    this.eol();
    this.sep = '';
    this.out.write(this.quotedKey(key));
  }
  /** `"key":` spellings, made once per key: the same few dozen keys repeat for every object. */
  private readonly keys = new Map<string, string>();
  private quotedKey(key: string): string {
    let q = this.keys.get(key);
    if (q === undefined) {
      q = JSON.stringify(key) + (this.pretty ? ': ' : ':');
      this.keys.set(key, q);
    }
    return q;
  }
  private raw(key: string | null, literal: string): void {
    if (this.pendingStart) this.writeStart();
    // A key inside an array is not JSON. iproute2 writes one in places (route
    // cache flags: "cache":[…,"flags":"2000000"]); nlts keeps the value only.
    if (key !== null && this.open[this.open.length - 1] === ']') key = null;
    if (key !== null && !this.pretty) {
      // One write for separator, key and value: the common case, kept cheap.
      this.out.write((this.sep ? this.sep : '') + this.quotedKey(key) + literal);
      this.sep = ',';
      return;
    }
    if (key !== null) this.name(key);
    this.eor();
    if (key === null) this.elementEol();
    this.out.write(literal);
  }

  /**
   * Arrays in pretty mode are written on one line with a space inside the
   * brackets ("[ "LOOPBACK","UP" ]", "[ ]"), as iproute2 6.x's writer does.
   */
  private beginArray(): void {
    this.begin('[');
    if (this.pretty && !this.standard) this.out.write(' ');
  }
  private endArray(): void {
    // The standard layout closes a non-empty array on a line of its own (end() does it).
    if (!this.standard) {
      if (this.pretty && this.sep) this.out.write(' ');
      this.sep = '';
    }
    this.end(']');
  }

  /**
   * Start the top-level array (iproute2's new_json_obj). The "[" is written
   * with the first element, so a command that fails before printing anything
   * leaves stdout empty for the CLI's error object.
   */
  startDocument(): void {
    if (!this.json) return;
    this.pendingStart = true;
    // The output this printer writes to remembers the open document, for the CLI's error path.
    documentSlotOf(this.out).openDocument = this;
  }
  private writeStart(): void {
    this.pendingStart = false;
    this.beginArray();
  }
  /** Close the top-level array and end the line (delete_json_obj). */
  endDocument(): void {
    if (!this.json) return;
    if (this.pendingStart) this.writeStart();
    this.endArray();
    this.out.write('\n');
    this.release();
  }
  private release(): void {
    const slot = documentSlotOf(this.out);
    if (slot.openDocument === this) slot.openDocument = null;
  }

  /**
   * A command failed in the middle of its JSON document: close whatever is
   * open and add `errorObject` (JSON text) as the array's last element, so
   * stdout is still one valid JSON document. Returns false when nothing had
   * been written yet (the caller prints the error object on its own).
   */
  abortDocument(errorObject: string): boolean {
    this.release();
    if (!this.json || this.pendingStart || this.open.length === 0) {
      this.pendingStart = false;
      return false;
    }
    while (this.open.length > 1) {
      if (this.open.at(-1) === '}') this.end('}');
      else this.endArray();
    }
    this.raw(null, errorObject);
    this.endArray();
    this.out.write('\n');
    // The command's own buffering output may already have been flushed for the last time.
    this.out.flush?.();
    return true;
  }

  // ---- one document per record (NDJSON: monitors, dropwatch, raw) ----

  /**
   * Forget any container left open by a record abandoned half-way (a
   * renderer that threw), so the next record starts clean.
   */
  reset(): void {
    this.depth = 0;
    this.sep = '';
    this.open.length = 0;
    this.pendingStart = false;
  }

  /**
   * Start one record: in JSON a top-level object of its own (no enclosing
   * array, no separator from the record before), in text nothing. End it
   * with endRecord().
   */
  startRecord(): void {
    if (!this.json) return;
    this.reset();
    this.begin('{');
  }

  /** End the record: close what is still open, then the object, then the line. */
  endRecord(): void {
    if (!this.json) return;
    while (this.open.length > 1) {
      if (this.open.at(-1) === '}') this.end('}');
      else this.endArray();
    }
    if (this.open.length === 1) this.end('}');
    this.out.write('\n');
    this.sep = '';
  }

  /**
   * Write `key` (JSON only) with whatever `fill` writes as its value; when
   * `fill` writes nothing the value is `empty` (JSON text, e.g. "{}").
   */
  member(key: string, fill: () => void, empty = '{}'): void {
    if (!this.json) {
      fill();
      return;
    }
    this.name(key);
    fill();
    // After name() the separator is empty until a value is written.
    if (this.sep === '') {
      this.out.write(empty);
      this.sep = ',';
    }
  }

  /**
   * Plain data (JSON only), laid out as JSON.stringify would write it: object
   * members in their own order, undefined members left out, undefined in an
   * array and non-finite numbers as null. A bigint is a number when it is a
   * safe integer, else its decimal string (JSON has no 64-bit integers).
   */
  value(key: string | null, v: unknown): void {
    if (!this.json) return;
    switch (typeof v) {
      case 'string':
        this.raw(key, jsonString(v));
        return;
      case 'number':
        this.raw(key, Number.isFinite(v) ? String(v) : 'null');
        return;
      case 'boolean':
        this.raw(key, v ? 'true' : 'false');
        return;
      case 'bigint':
        if (Number.isSafeInteger(Number(v))) this.raw(key, String(Number(v)));
        else this.raw(key, jsonString(v.toString()));
        return;
      case 'object':
        break;
      default:
        // undefined, functions and symbols: JSON.stringify leaves the member out (null in an array).
        if (key === null) this.raw(null, 'null');
        return;
    }
    if (v === null) {
      this.raw(key, 'null');
      return;
    }
    if (Array.isArray(v)) {
      this.openArray(key);
      for (const e of v as unknown[]) this.value(null, e);
      this.closeArray();
      return;
    }
    this.openObject(key);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      this.value(k, x);
    }
    this.closeObject();
  }

  openObject(key: string | null = null): void {
    if (!this.json) return;
    if (key !== null) this.name(key);
    this.begin('{');
  }
  closeObject(): void {
    if (this.json) this.end('}');
  }
  openArray(key: string | null = null): void {
    if (!this.json) return;
    if (key !== null) this.name(key);
    this.beginArray();
  }
  closeArray(): void {
    if (this.json) this.endArray();
  }

  private text(fmt: string, value: unknown, color?: ColorAttr): void {
    const s = formatOne(fmt, value);
    this.out.write(color && color !== 'none' && this.colorize ? this.colorize(color, s) : s);
  }

  string(kind: PrintKind, key: string | null, fmt: string, value: string, color?: ColorAttr): void {
    if (this.isJson(kind)) this.raw(key, jsonString(value));
    else if (this.isText(kind)) this.text(fmt, value, color);
  }

  /** Unsigned or signed integer; bigint keeps 64-bit counters exact. */
  number(kind: PrintKind, key: string | null, fmt: string, value: number | bigint, color?: ColorAttr): void {
    if (this.isJson(kind)) this.raw(key, String(value));
    else if (this.isText(kind)) this.text(fmt, value, color);
  }

  /** print_bool: JSON true/false, text "true"/"false" through fmt. */
  bool(kind: PrintKind, key: string | null, fmt: string, value: boolean): void {
    if (this.isJson(kind)) this.raw(key, value ? 'true' : 'false');
    else if (this.isText(kind)) this.text(fmt, value ? 'true' : 'false');
  }

  /** print_on_off: JSON true/false, text "on"/"off". */
  onOff(kind: PrintKind, key: string | null, fmt: string, value: boolean): void {
    if (this.isJson(kind)) this.raw(key, value ? 'true' : 'false');
    else if (this.isText(kind)) this.text(fmt, value ? 'on' : 'off');
  }

  /** print_null: JSON null, text `value` through fmt. */
  null(kind: PrintKind, key: string | null, fmt: string, value: string): void {
    if (this.isJson(kind)) this.raw(key, 'null');
    else if (this.isText(kind)) this.text(fmt, value);
  }

  /** print_hex: JSON a string of lowercase hex digits, text through fmt. */
  hex(kind: PrintKind, key: string | null, fmt: string, value: number): void {
    if (this.isJson(kind)) this.raw(key, JSON.stringify((value >>> 0).toString(16)));
    else if (this.isText(kind)) this.text(fmt, value);
  }

  /** print_0xhex: JSON the string "%#llx" makes ("0x1f", but "0" for zero), text through fmt. */
  hex0x(kind: PrintKind, key: string | null, fmt: string, value: number | bigint): void {
    const zero = typeof value === 'bigint' ? value === 0n : value === 0;
    if (this.isJson(kind)) this.raw(key, JSON.stringify(zero ? '0' : '0x' + value.toString(16)));
    else if (this.isText(kind)) this.text(fmt, value);
  }

  /**
   * A value whose JSON spelling is given verbatim (e.g. iproute2's "%.2f"
   * timers, printed unquoted as 0.00): JSON gets `jsonText`, text gets fmt.
   */
  literal(
    kind: PrintKind,
    key: string | null,
    fmt: string,
    jsonText: string,
    textValue: unknown = jsonText,
  ): void {
    if (this.isJson(kind)) this.raw(key, jsonText);
    else if (this.isText(kind)) this.text(fmt, textValue);
  }

  /** Text-only literal (print_string(PRINT_FP, NULL, "%s", s)). */
  fp(s: string): void {
    if (!this.json) this.out.write(s);
  }

  /** print_nl: end a text line inside an object (a backslash in one-line mode). */
  nl(): void {
    if (!this.json) this.out.write(this.sl);
  }
}
