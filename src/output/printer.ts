import { formatOne } from './printf.js';
import type { Output } from './output.js';

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
}

let openDocument: Printer | null = null;

/**
 * JSON.stringify(s) for a string, with a fast path for the usual short
 * printable-ASCII value that needs no escaping (names, states, MACs).
 */
export function jsonString(s: string): string {
  if (s.length > 64) return JSON.stringify(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s);
  }
  return '"' + s + '"';
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

  constructor(
    readonly out: Output,
    opts: PrinterOptions,
  ) {
    this.json = opts.json;
    this.pretty = Boolean(opts.pretty) && opts.json;
    this.sl = opts.oneline ? '\\' : '\n';
    this.colorize = opts.json ? undefined : opts.colorize;
  }

  private isJson(kind: PrintKind): boolean {
    return this.json && (kind & PRINT_JSON) !== 0;
  }
  private isText(kind: PrintKind): boolean {
    return !this.json && (kind & PRINT_FP) !== 0;
  }

  // ---- JSON layout (json_writer.c) ----
  private eol(): void {
    if (this.pretty) this.out.write('\n' + '    '.repeat(this.depth));
  }
  private eor(): void {
    if (this.sep) this.out.write(this.sep);
    this.sep = ',';
  }
  private begin(c: '{' | '['): void {
    if (this.pendingStart) this.writeStart();
    this.eor();
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
    this.out.write(literal);
  }

  /**
   * Arrays in pretty mode are written on one line with a space inside the
   * brackets ("[ "LOOPBACK","UP" ]", "[ ]"), as iproute2 6.x's writer does.
   */
  private beginArray(): void {
    this.begin('[');
    if (this.pretty) this.out.write(' ');
  }
  private endArray(): void {
    if (this.pretty && this.sep) this.out.write(' ');
    this.sep = '';
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
    // The module remembers which printer holds the open document, for main's error path.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    openDocument = this;
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
    if (openDocument === this) openDocument = null;
  }

  /**
   * A command failed in the middle of its JSON document: close whatever is
   * open and add `errorObject` (JSON text) as the array's last element, so
   * stdout is still one valid JSON document. Returns false when nothing had
   * been written yet (the caller prints the error object on its own).
   */
  abortDocument(errorObject: string): boolean {
    if (openDocument === this) openDocument = null;
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

  /** The printer whose JSON document was started and not ended (at most one per command). */
  static takeOpenDocument(): Printer | null {
    const p = openDocument;
    openDocument = null;
    return p;
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
