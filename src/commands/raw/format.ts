/**
 * Text and JSON rendering of decoded messages for `nlts raw`, through the one
 * print path: printMessage() writes every field with one Printer call that
 * knows its JSON key and its text format. Where the text line shows a field
 * at another place than the JSON object (the echoed request comes last in
 * text, first in JSON), it is written twice, once PRINT_JSON and once
 * PRINT_FP, as iproute2 does.
 *
 * JSON is one document per message (NDJSON); with -p it is laid out as
 * JSON.stringify(v, null, 2) does (the Printer's 'standard' layout).
 */
import { StringOutput, type Output } from '../../output/output.js';
import {
  PRINT_ANY,
  PRINT_FP,
  PRINT_JSON,
  Printer,
  jsonString,
  type PrintKind,
} from '../../output/printer.js';
import type { DecodedAttribute, DecodedError, DecodedMessage } from './decode.js';

/** Values of guessed-nested attributes longer than this are shown only as their tree. */
const GUESSED_NEST_HEX_MAX = 16;

/** A Printer for raw's records on `out`: text, or NDJSON (indented like JSON.stringify with -p). */
export function rawPrinter(out: Output, json: boolean, pretty = false): Printer {
  return new Printer(out, { json, pretty, layout: 'standard' });
}

/** The nlmsghdr part of a decoded message (also the shape of an echoed request). */
type HeaderFields = Pick<
  DecodedMessage,
  'type' | 'type_name' | 'len' | 'flags' | 'flag_names' | 'seq' | 'pid'
>;

const has = (k: PrintKind, side: PrintKind): boolean => (k & side) !== 0;

/** type=NAME(N) len= flags= seq= pid=, for the message and for the request an error echoes. */
function printHeader(p: Printer, k: PrintKind, h: HeaderFields): void {
  if (has(k, PRINT_JSON)) {
    p.number(PRINT_JSON, 'type', '', h.type);
    if (h.type_name !== undefined) p.string(PRINT_JSON, 'type_name', '', h.type_name);
  }
  if (has(k, PRINT_FP))
    p.string(PRINT_FP, null, 'type=%s', h.type_name ? `${h.type_name}(${h.type})` : String(h.type));
  p.number(k, 'len', ' len=%u', h.len);
  if (has(k, PRINT_JSON)) {
    p.number(PRINT_JSON, 'flags', '', h.flags);
    p.openArray('flag_names');
    for (const n of h.flag_names) p.string(PRINT_JSON, null, '', n);
    p.closeArray();
  }
  if (has(k, PRINT_FP))
    p.string(PRINT_FP, null, ' flags=%s', h.flag_names.length ? h.flag_names.join(',') : '0');
  p.number(k, 'seq', ' seq=%u', h.seq);
  p.number(k, 'pid', ' pid=%u', h.pid);
}

function printRequest(p: Printer, k: typeof PRINT_JSON | typeof PRINT_FP, r: HeaderFields): void {
  if (k === PRINT_JSON) {
    p.openObject('request');
    printHeader(p, PRINT_JSON, r);
    p.closeObject();
  } else {
    p.fp('  request: ');
    printHeader(p, PRINT_FP, r);
    p.fp('\n');
  }
}

/** The extended ACK: text `  extack: "message" offset=N attribute=a.b`. */
function printExtack(p: Printer, x: NonNullable<DecodedError['extack']>): void {
  p.openObject('extack');
  p.fp('  extack: ');
  let sep = '';
  if (x.message !== undefined) {
    p.literal(PRINT_ANY, 'message', '%s', jsonString(x.message));
    sep = ' ';
  }
  if (x.offset !== undefined) {
    p.number(PRINT_ANY, 'offset', sep ? ' offset=%u' : 'offset=%u', x.offset);
    sep = ' ';
  }
  if (x.attribute) {
    p.openArray('attribute');
    for (const n of x.attribute) p.number(PRINT_JSON, null, '', n);
    p.closeArray();
    p.string(PRINT_FP, null, sep ? ' attribute=%s' : 'attribute=%s', x.attribute.join('.'));
  }
  p.fp('\n');
  p.closeObject();
}

function printError(p: Printer, e: DecodedError): void {
  p.openObject('error');
  p.number(PRINT_ANY, 'errno', '  error: -%u', e.errno);
  if (e.code !== undefined) p.string(PRINT_ANY, 'code', e.code ? ' %s' : '', e.code);
  if (e.description !== undefined)
    p.string(PRINT_ANY, 'description', e.description ? ' (%s)' : '', e.description);
  p.fp('\n');
  if (e.extack) printExtack(p, e.extack);
  p.closeObject();
}

function printAttributes(p: Printer, attrs: DecodedAttribute[], indent: string): void {
  p.openArray('attributes');
  for (const a of attrs) printAttribute(p, a, indent);
  p.closeArray();
}

/** One attribute: `attr T[ nested][ net] (N bytes): HEX readings`, then its tree one level deeper. */
function printAttribute(p: Printer, a: DecodedAttribute, indent: string): void {
  p.openObject();
  p.fp(indent);
  p.number(PRINT_ANY, 'type', 'attr %u', a.type);
  p.number(PRINT_JSON, 'len', '', a.len);
  if (a.nested_flag) p.literal(PRINT_ANY, 'nested_flag', ' nested', 'true');
  if (a.net_byteorder) p.literal(PRINT_ANY, 'net_byteorder', ' net', 'true');
  p.fp(` (${a.len} byte${a.len === 1 ? '' : 's'})`);
  if (a.nested_flag) {
    if (a.attributes) {
      p.string(PRINT_JSON, 'hex', '', a.hex);
      p.fp(a.attributes.length ? ':\n' : '\n');
      printAttributes(p, a.attributes, indent + '  ');
    } else {
      p.string(PRINT_ANY, 'hex', ': %s', a.hex);
      if (a.nested_error !== undefined)
        p.string(PRINT_ANY, 'nested_error', ' (not attributes: %s)', a.nested_error);
      else p.fp(' (not attributes: )');
      p.fp('\n');
    }
    p.closeObject();
    return;
  }
  const longNest = a.attributes !== undefined && a.len > GUESSED_NEST_HEX_MAX;
  // The hex and its readings are text only on a plain line; JSON always has them.
  const k: PrintKind = longNest || a.len === 0 ? PRINT_JSON : PRINT_ANY;
  p.string(k, 'hex', ': %s', a.hex);
  if (longNest) p.fp(':');
  if (a.string !== undefined) p.literal(k, 'string', ' string=%s', jsonString(a.string));
  if (a.u8 !== undefined) p.number(k, 'u8', ' u8=%u', a.u8);
  if (a.u16 !== undefined) p.number(k, 'u16', ' u16=%u', a.u16);
  if (a.u32 !== undefined) p.number(k, 'u32', ' u32=%u', a.u32);
  if (a.s32 !== undefined) p.number(k, 's32', ' s32=%d', a.s32);
  if (typeof a.u64 === 'string') p.string(k, 'u64', ' u64=%s', a.u64);
  else if (a.u64 !== undefined) p.number(k, 'u64', ' u64=%u', a.u64);
  p.fp('\n');
  if (a.attributes) printAttributes(p, a.attributes, indent + '  ');
  p.closeObject();
}

/**
 * One message as one record: text, a header line then indented detail lines;
 * JSON, one object with the fields in the order decodeMessage builds them.
 */
export function printMessage(p: Printer, m: DecodedMessage): void {
  p.startRecord();
  printHeader(p, PRINT_ANY, m);
  if (m.sender_pid !== undefined) p.number(PRINT_ANY, 'sender_pid', ' from=%u', m.sender_pid);
  if (m.group === null) p.null(PRINT_JSON, 'group', '', '');
  else if (m.group !== undefined) p.number(PRINT_ANY, 'group', ' group=%u', m.group);
  if (m.nsid === null) p.null(PRINT_ANY, 'nsid', ' nsid=%s', 'none');
  else if (m.nsid !== undefined) p.number(PRINT_ANY, 'nsid', ' nsid=%d', m.nsid);
  p.fp('\n');
  // JSON has the echoed request first (decodeMessage sets it first); text shows it after the outcome.
  if (m.request) printRequest(p, PRINT_JSON, m.request);
  if (m.ack) p.literal(PRINT_ANY, 'ack', '  ack\n', 'true');
  if (m.done) {
    p.openObject('done');
    p.number(PRINT_ANY, 'status', '  done: %d\n', m.done.status);
    p.closeObject();
  }
  if (m.error) printError(p, m.error);
  if (m.extack) printExtack(p, m.extack);
  if (m.request) printRequest(p, PRINT_FP, m.request);
  if (m.header !== undefined) {
    p.fp(`  header (${m.header.length / 2} bytes): `);
    p.string(PRINT_ANY, 'header', '%s\n', m.header);
  }
  if (m.attributes) printAttributes(p, m.attributes, '  ');
  if (m.payload !== undefined) {
    p.fp(`  payload (${m.payload.length / 2} bytes): `);
    p.string(PRINT_ANY, 'payload', '%s\n', m.payload);
  }
  if (m.payload_error !== undefined) p.string(PRINT_ANY, 'payload_error', '  (%s)\n', m.payload_error);
  p.endRecord();
}

/**
 * listen's record for a datagram that does not parse: text `[MALFORMED]
 * reason hex[... (N bytes)]`, JSON {"malformed": {reason, sender_pid,
 * length, hex, truncated}}.
 */
export function printMalformed(
  p: Printer,
  reason: string,
  senderPid: number,
  h: { length: number; hex: string; truncated: boolean },
): void {
  p.startRecord();
  p.openObject('malformed');
  p.string(PRINT_ANY, 'reason', '[MALFORMED] %s', reason);
  p.number(PRINT_JSON, 'sender_pid', '', senderPid);
  p.number(PRINT_JSON, 'length', '', h.length);
  p.string(PRINT_ANY, 'hex', ' %s', h.hex);
  p.bool(PRINT_JSON, 'truncated', '', h.truncated);
  if (h.truncated) p.number(PRINT_FP, null, '... (%u bytes)', h.length);
  p.fp('\n');
  p.closeObject();
  p.endRecord();
}

/**
 * listen's record for an overrun (ENOBUFS): text `lost: CODE (description):
 * …`, JSON {"lost": {errno, code, description}}.
 */
export function printLost(p: Printer, e: { errno: number; code: string; description: string }): void {
  p.startRecord();
  p.openObject('lost');
  p.number(PRINT_JSON, 'errno', '', e.errno);
  p.string(PRINT_ANY, 'code', 'lost: %s', e.code);
  p.string(PRINT_ANY, 'description', ' (%s)', e.description);
  p.fp(': the receive queue overflowed, messages were dropped\n');
  p.closeObject();
  p.endRecord();
}

/** One message as text: a header line, then indented detail lines. */
export function messageText(m: DecodedMessage): string {
  const o = new StringOutput();
  printMessage(rawPrinter(o, false), m);
  return o.text;
}

function isDecodedMessage(obj: unknown): obj is DecodedMessage {
  const m = obj as Partial<DecodedMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.type === 'number' &&
    typeof m.seq === 'number' &&
    Array.isArray(m.flag_names)
  );
}

/**
 * One record as NDJSON (or indented with -p): a decoded message through
 * printMessage, any other record (e.g. listen's {"malformed": …}) member by
 * member through Printer.value.
 */
export function jsonRecord(obj: unknown, pretty: boolean): string {
  const o = new StringOutput();
  const p = rawPrinter(o, true, pretty);
  if (isDecodedMessage(obj)) printMessage(p, obj);
  else if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) {
    p.startRecord();
    const r = obj as Record<string, unknown>;
    for (const k of Object.keys(r)) p.value(k, r[k]);
    p.endRecord();
  } else {
    p.value(null, obj);
    o.write('\n');
  }
  return o.text;
}
