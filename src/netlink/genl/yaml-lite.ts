/**
 * A small reader for the subset of YAML that the kernel's YNL netlink specs
 * use: block mappings and sequences, "- key: value" items, flow sequences
 * ("[ a, b ]"), plain, quoted and block ("|", ">") scalars, plain scalars
 * continued on more-indented lines, comments, anchors and aliases, "---".
 * Anything outside that subset is a YamlError naming the line. It is not a
 * general YAML parser (no flow mappings spanning lines, tags, merge keys or
 * complex keys); a full one would be the `yaml` package.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlError extends Error {
  override readonly name = 'YamlError';
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
  }
}

interface Line {
  /** 1-based line number in the source. */
  no: number;
  indent: number;
  /** Text after the indentation, comment stripped. */
  text: string;
  /** The whole original line, for block scalars. */
  raw: string;
}

/** Remove a trailing " # comment" that is not inside quotes. */
function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\-[{][^:]*?|-[^\s:][^:]*?)\s*:(?:\s+|$)(.*)$/;

export function parseYaml(source: string): YamlValue {
  const rawLines = source.replace(/\r\n?/g, '\n').split('\n');
  const all: Line[] = rawLines.map((raw, i) => {
    const indent = raw.length - raw.trimStart().length;
    return { no: i + 1, indent, text: stripComment(raw.slice(indent)), raw };
  });
  const anchors = new Map<string, YamlValue>();
  // Significant lines only; block scalars re-read raw lines by number. Document
  // markers and directives count only at column 0: an indented "..." is text.
  const lines = all.filter(
    (l) =>
      l.text !== '' && !(l.indent === 0 && (l.text === '---' || l.text === '...' || l.text.startsWith('%'))),
  );
  let pos = 0;

  const peek = (): Line | undefined => lines[pos];

  function parseNode(minIndent: number): YamlValue {
    const l = peek();
    if (!l || l.indent < minIndent) return null;
    if (l.text === '-' || l.text.startsWith('- ')) return parseSeq(l.indent);
    if (KEY_RE.test(l.text)) return parseMap(l.indent);
    pos++;
    return continuePlain(scalar(l.text, l.no), l.text, l.indent - 1);
  }

  function parseSeq(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (
      let l = peek();
      l && l.indent === indent && (l.text === '-' || l.text.startsWith('- '));
      l = peek()
    ) {
      const rest = l.text === '-' ? '' : l.text.slice(2).trimStart();
      if (rest === '') {
        pos++;
        out.push(parseNode(indent + 1));
      } else if (KEY_RE.test(rest) && !rest.startsWith('[')) {
        // "- key: value": a mapping whose column is where "key" starts.
        const col = indent + (l.text.length - rest.length);
        lines[pos] = { ...l, indent: col, text: rest };
        out.push(parseMap(col));
      } else {
        pos++;
        out.push(value(rest, l, indent));
      }
    }
    return out;
  }

  function parseMap(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    for (let l = peek(); l && l.indent === indent; l = peek()) {
      const m = KEY_RE.exec(l.text);
      if (!m) throw new YamlError(`expected "key: value", found "${l.text}"`, l.no);
      pos++;
      const key = unquote(m[1]!.trim());
      let rest = m[2]!.trim();
      let anchor: string | undefined;
      const am = /^&(\S+)\s*(.*)$/.exec(rest);
      if (am) {
        anchor = am[1]!;
        rest = am[2]!;
      }
      let v: YamlValue;
      if (rest === '') {
        const next = peek();
        if (
          next &&
          (next.indent > indent ||
            (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))))
        ) {
          v = parseNode(next.indent);
        } else v = null;
      } else v = value(rest, l, indent);
      if (anchor) anchors.set(anchor, v);
      out[key] = v;
    }
    return out;
  }

  /** A value written after "key:" or "- ": alias, block scalar, flow sequence or (multi-line) scalar. */
  function value(rest: string, l: Line, parentIndent: number): YamlValue {
    if (rest.startsWith('*')) {
      const name = rest.slice(1).trim();
      if (!anchors.has(name)) throw new YamlError(`unknown alias *${name}`, l.no);
      return anchors.get(name)!;
    }
    if (/^[|>][-+]?\d*$/.test(rest)) return blockScalar(rest, l, parentIndent);
    if (rest.startsWith('[')) return flowSeq(rest, l);
    if (rest === '{}') return {};
    return continuePlain(scalar(rest, l.no), rest, parentIndent);
  }

  /** A plain scalar may go on over following lines indented deeper than its parent. */
  function continuePlain(v: YamlValue, first: string, parentIndent: number): YamlValue {
    if (first.startsWith('"') || first.startsWith("'")) return v;
    const parts = [first];
    for (let n = peek(); n && n.indent > parentIndent; n = peek()) {
      if (KEY_RE.test(n.text))
        throw new YamlError(`unexpected "key:" inside a plain value (indentation?)`, n.no);
      parts.push(n.text);
      pos++;
    }
    return parts.length === 1 ? v : parts.join(' ');
  }

  function blockScalar(header: string, l: Line, parentIndent: number): string {
    const folded = header.startsWith('>');
    const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
    const body: string[] = [];
    let blockIndent = -1;
    let i = l.no; // index of the next raw line (l.no is 1-based)
    for (; i < all.length; i++) {
      const r = all[i]!;
      if (r.raw.trim() === '') {
        body.push('');
        continue;
      }
      if (r.indent <= parentIndent) break;
      if (blockIndent < 0) blockIndent = r.indent;
      if (r.indent < blockIndent) break;
      body.push(r.raw.slice(blockIndent));
    }
    // Skip the significant lines the block consumed.
    while (pos < lines.length && lines[pos]!.no <= i) pos++;
    while (body.length && body[body.length - 1] === '') body.pop();
    let text = folded ? body.join('\n').replace(/([^\n])\n(?=[^\n])/g, '$1 ') : body.join('\n');
    if (chomp !== 'strip') text += '\n';
    return text;
  }

  function flowSeq(text: string, l: Line): YamlValue[] {
    let t = text.trim();
    // A flow sequence may wrap onto following lines.
    while (!t.endsWith(']')) {
      const n = peek();
      if (!n) throw new YamlError('unterminated "["', l.no);
      t += ' ' + n.text;
      pos++;
    }
    const inner = t.slice(1, -1).trim();
    if (inner === '') return [];
    return splitFlow(inner).map((p) => scalar(p.trim(), l.no));
  }

  const root = parseNode(0);
  const left = peek();
  if (left) throw new YamlError(`unexpected "${left.text}" (indentation?)`, left.no);
  return root;
}

/** Split "a, 'b, c', d" on commas outside quotes. */
function splitFlow(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') out.push(cur);
  return out;
}

function unquote(s: string): string {
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) return JSON.parse(s) as string;
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** A scalar: quoted string, null, boolean, integer (decimal, 0x, 0o), float, or plain string. */
function scalar(s: string, lineNo: number): YamlValue {
  if (s.startsWith('"') || s.startsWith("'")) {
    try {
      return unquote(s);
    } catch {
      throw new YamlError(`bad quoted string ${s}`, lineNo);
    }
  }
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(s)) return true;
  if (/^(false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?\d+$/.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : s;
  }
  if (/^0x[0-9a-fA-F]+$/.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : s;
  }
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return s;
}
