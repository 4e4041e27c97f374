/** Text and JSON rendering of decoded messages for `nlts raw`. */
import type { DecodedAttribute, DecodedError, DecodedMessage } from './decode.js';

/** Values of guessed-nested attributes longer than this are shown only as their tree. */
const GUESSED_NEST_HEX_MAX = 16;

function typeText(type: number, name: string | undefined): string {
  return name ? `${name}(${type})` : String(type);
}

function flagsText(names: string[]): string {
  return names.length ? names.join(',') : '0';
}

function interpretations(a: DecodedAttribute): string {
  const parts: string[] = [];
  if (a.string !== undefined) parts.push(`string=${JSON.stringify(a.string)}`);
  if (a.u8 !== undefined) parts.push(`u8=${a.u8}`);
  if (a.u16 !== undefined) parts.push(`u16=${a.u16}`);
  if (a.u32 !== undefined) parts.push(`u32=${a.u32}`);
  if (a.s32 !== undefined) parts.push(`s32=${a.s32}`);
  if (a.u64 !== undefined) parts.push(`u64=${a.u64}`);
  return parts.length ? ' ' + parts.join(' ') : '';
}

function attributeLines(a: DecodedAttribute, indent: string, out: string[]): void {
  const net = a.net_byteorder ? ' net' : '';
  const size = `(${a.len} byte${a.len === 1 ? '' : 's'})`;
  if (a.nested_flag) {
    if (a.attributes) {
      out.push(`${indent}attr ${a.type} nested${net} ${size}${a.attributes.length ? ':' : ''}`);
      for (const c of a.attributes) attributeLines(c, indent + '  ', out);
    } else {
      out.push(
        `${indent}attr ${a.type} nested${net} ${size}: ${a.hex} (not attributes: ${a.nested_error ?? ''})`,
      );
    }
    return;
  }
  if (a.attributes && a.len > GUESSED_NEST_HEX_MAX) out.push(`${indent}attr ${a.type}${net} ${size}:`);
  else if (a.len === 0) out.push(`${indent}attr ${a.type}${net} ${size}`);
  else out.push(`${indent}attr ${a.type}${net} ${size}: ${a.hex}${interpretations(a)}`);
  if (a.attributes) for (const c of a.attributes) attributeLines(c, indent + '  ', out);
}

function errorText(e: DecodedError): string {
  return `-${e.errno}${e.code ? ` ${e.code}` : ''}${e.description ? ` (${e.description})` : ''}`;
}

function extackText(x: NonNullable<DecodedError['extack']>): string {
  const parts: string[] = [];
  if (x.message !== undefined) parts.push(JSON.stringify(x.message));
  if (x.offset !== undefined) parts.push(`offset=${x.offset}`);
  if (x.attribute) parts.push(`attribute=${x.attribute.join('.')}`);
  return parts.join(' ');
}

/** One message as text: a header line, then indented detail lines. */
export function messageText(m: DecodedMessage): string {
  let head = `type=${typeText(m.type, m.type_name)} len=${m.len} flags=${flagsText(m.flag_names)} seq=${m.seq} pid=${m.pid}`;
  if (m.sender_pid !== undefined) head += ` from=${m.sender_pid}`;
  if (m.group !== undefined && m.group !== null) head += ` group=${m.group}`;
  if (m.nsid !== undefined) head += ` nsid=${m.nsid ?? 'none'}`;
  const lines = [head];
  if (m.ack) lines.push('  ack');
  if (m.done) lines.push(`  done: ${m.done.status}`);
  if (m.error) {
    lines.push(`  error: ${errorText(m.error)}`);
    if (m.error.extack) lines.push(`  extack: ${extackText(m.error.extack)}`);
  }
  if (m.extack) lines.push(`  extack: ${extackText(m.extack)}`);
  if (m.request) {
    const r = m.request;
    lines.push(
      `  request: type=${typeText(r.type, r.type_name)} len=${r.len} flags=${flagsText(r.flag_names)} seq=${r.seq} pid=${r.pid}`,
    );
  }
  if (m.header !== undefined) lines.push(`  header (${m.header.length / 2} bytes): ${m.header}`);
  if (m.attributes) for (const a of m.attributes) attributeLines(a, '  ', lines);
  if (m.payload !== undefined) lines.push(`  payload (${m.payload.length / 2} bytes): ${m.payload}`);
  if (m.payload_error !== undefined) lines.push(`  (${m.payload_error})`);
  return lines.join('\n') + '\n';
}

/** One record as NDJSON (or indented with -p). */
export function jsonRecord(obj: unknown, pretty: boolean): string {
  return JSON.stringify(obj, null, pretty ? 2 : undefined) + '\n';
}
