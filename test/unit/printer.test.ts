import { describe, expect, it } from 'vitest';
import { ChunkedOutput, StringOutput, takeOpenDocument } from '../../src/output/output.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer } from '../../src/output/printer.js';
import { formatOne } from '../../src/output/printf.js';

function both(fn: (p: Printer) => void, pretty = false): { text: string; json: string } {
  const t = new StringOutput();
  const j = new StringOutput();
  const tp = new Printer(t, { json: false });
  const jp = new Printer(j, { json: true, pretty });
  for (const p of [tp, jp]) {
    p.startDocument();
    fn(p);
    p.endDocument();
  }
  return { text: t.text, json: j.text };
}

describe('printer: one call writes text or JSON', () => {
  it('writes fields as ip does', () => {
    const r = both((p) => {
      p.openObject();
      p.number(PRINT_ANY, 'ifindex', '%u: ', 1);
      p.string(PRINT_ANY, 'ifname', '%s: ', 'lo');
      p.openArray('flags');
      p.string(PRINT_ANY, null, '<%s>', 'UP');
      p.closeArray();
      p.string(PRINT_FP, null, '%s', ' text-only');
      p.number(PRINT_JSON, 'json_only', '', 5n);
      p.null(PRINT_ANY, 'link', '@%s', 'NONE');
      p.bool(PRINT_ANY, 'b', ' %s', false);
      p.nl();
      p.closeObject();
    });
    expect(r.text).toBe('1: lo: <UP> text-only@NONE false\n');
    expect(r.json).toBe('[{"ifindex":1,"ifname":"lo","flags":["UP"],"json_only":5,"link":null,"b":false}]\n');
  });

  it('pretty JSON has json_writer.c layout (4-space indent)', () => {
    const r = both((p) => {
      p.openObject();
      p.number(PRINT_ANY, 'a', '', 1);
      p.openArray('f');
      p.string(PRINT_ANY, null, '', 'X');
      p.closeArray();
      p.closeObject();
    }, true);
    expect(r.json).toBe('[ {\n        "a": 1,\n        "f": [ "X" ]\n    } ]\n');
    expect(both(() => {}, true).json).toBe('[ ]\n');
    expect(JSON.parse(r.json)).toEqual([{ a: 1, f: ['X'] }]);
  });

  it('an empty document is [] in JSON and nothing in text', () => {
    expect(both(() => {})).toEqual({ text: '', json: '[]\n' });
  });

  it('strings are escaped into valid JSON', () => {
    const r = both((p) => {
      p.openObject();
      p.string(PRINT_ANY, 'ifalias', '%s', 'a "quoted"\\ \n alias');
      p.closeObject();
    });
    expect(JSON.parse(r.json)).toEqual([{ ifalias: 'a "quoted"\\ \n alias' }]);
  });

  it('one-line mode turns nl() into a backslash', () => {
    const o = new StringOutput();
    const p = new Printer(o, { json: false, oneline: true });
    p.fp('a');
    p.nl();
    p.fp('b\n');
    expect(o.text).toBe('a\\b\n');
  });
});

describe('printf subset', () => {
  it.each([
    ['%-16s ', 'eth0', 'eth0             '],
    ['%u', 42, '42'],
    ['%02x', 10, '0a'],
    ['%6s', 'ab', '    ab'],
    ['100%% %s', 'x', '100% x'],
    ['%llu', 18446744073709551615n, '18446744073709551615'],
    ['%#llx', 0, '0'],
    ['%#llx', 8n, '0x8'],
  ])('formatOne case %#', (fmt, value, expected) => {
    expect(formatOne(fmt, value)).toBe(expected);
  });
});

describe('a failure in the middle of a JSON document', () => {
  it('closes what is open and ends with the error, so stdout is still one JSON document', () => {
    for (const pretty of [false, true]) {
      const o = new StringOutput();
      const p = new Printer(o, { json: true, pretty });
      p.startDocument();
      p.openObject();
      p.number(PRINT_ANY, 'ifindex', '', 1);
      p.openArray('flags');
      p.string(PRINT_ANY, null, '', 'UP');
      expect(takeOpenDocument(o)).toBe(p);
      expect(p.abortDocument(JSON.stringify({ error: { message: 'boom' } }))).toBe(true);
      expect(JSON.parse(o.text)).toEqual([{ ifindex: 1, flags: ['UP'] }, { error: { message: 'boom' } }]);
    }
  });

  it('before the first element nothing has been written, and the caller prints the error alone', () => {
    const o = new StringOutput();
    const p = new Printer(o, { json: true });
    p.startDocument();
    expect(p.abortDocument('{}')).toBe(false);
    expect(o.text).toBe('');
  });

  it('an ended document is not open any more', () => {
    const o = new StringOutput();
    const p = new Printer(o, { json: true });
    p.startDocument();
    p.endDocument();
    expect(takeOpenDocument(o)).toBeNull();
  });
});

describe('ip writes keys inside arrays in places; nlts keeps JSON valid', () => {
  it('a keyed value inside an array is written as a plain element', () => {
    const o = new StringOutput();
    const p = new Printer(o, { json: true });
    p.startDocument();
    p.openObject();
    p.openArray('cache');
    p.string(PRINT_ANY, null, '%s', 'local');
    p.hex(PRINT_ANY, 'flags', '%x', 0x2000000);
    p.closeArray();
    p.closeObject();
    p.endDocument();
    expect(JSON.parse(o.text)).toEqual([{ cache: ['local', '2000000'] }]);
  });
});

describe('the open document belongs to the output, not to a static', () => {
  it('a document started through a wrapping output is found from the output it writes into', () => {
    const root = new StringOutput();
    const chunked = new ChunkedOutput(root);
    const p = new Printer(chunked, { json: true });
    p.startDocument();
    p.openObject();
    p.number(PRINT_ANY, 'ifindex', '', 1);
    expect(takeOpenDocument(new StringOutput())).toBeNull();
    const d = takeOpenDocument(root);
    expect(d).toBe(p);
    expect(d!.abortDocument('{"error":{}}')).toBe(true);
    expect(JSON.parse(root.text)).toEqual([{ ifindex: 1 }, { error: {} }]);
    expect(takeOpenDocument(root)).toBeNull();
  });

  it('two printers on two outputs keep their documents apart', () => {
    const a = new StringOutput();
    const b = new StringOutput();
    const pa = new Printer(a, { json: true });
    const pb = new Printer(b, { json: true });
    pa.startDocument();
    pb.startDocument();
    pa.endDocument();
    expect(takeOpenDocument(a)).toBeNull();
    expect(takeOpenDocument(b)).toBe(pb);
  });
});
