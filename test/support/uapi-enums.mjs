// Enum constants of a kernel UAPI header, read with a small C parser: comments
// and preprocessor lines dropped, every `enum [name] { A, B = expr, ... }`
// numbered as C does (implicit entries are previous + 1), `= expr` evaluated
// over integer literals, earlier enum constants and object-like #defines of
// the same header. Enough for the netlink headers (ethtool_netlink.h,
// genetlink.h, netdev.h, devlink.h, rtnetlink.h...); an expression it cannot
// evaluate leaves that constant (and the implicit ones after it) unknown
// rather than guessed. Plain JS so that it also runs as a script:
//
//   node test/support/uapi-enums.mjs HEADER             # every enum constant as JSON
//   node test/support/uapi-enums.mjs --ethtool-ops HEADER  # ethtool op name → message numbers
//
// The second form writes test/fixtures/unit/ethtool-ops-<version>.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Remove comments, keep line structure (line continuations joined). */
function stripComments(text) {
  return text
    .replace(/\\\n/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, '');
}

/** Tokens of a C constant expression, or null when it holds something else. */
function tokenize(expr) {
  const out = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+*/%|&^~()]))/y;
  let i = 0;
  const s = expr.trim();
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    if (m[1] !== undefined) out.push({ num: BigInt(m[1]) });
    else if (m[2] !== undefined) out.push({ id: m[2] });
    else out.push({ op: m[3] });
    i = re.lastIndex;
    while (i < s.length && /\s/.test(s[i])) i++;
  }
  return out;
}

/** Evaluate a constant expression; undefined when it names something unknown or is not one. */
export function evaluate(expr, lookup) {
  const toks = tokenize(expr);
  if (!toks || toks.length === 0) return undefined;
  let p = 0;
  const peek = () => toks[p];
  const fail = () => {
    throw new Error('unevaluable');
  };
  const levels = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  function binary(level) {
    if (level === levels.length) return unary();
    let v = binary(level + 1);
    while (peek() && levels[level].includes(peek().op)) {
      const op = toks[p++].op;
      const r = binary(level + 1);
      if (op === '|') v |= r;
      else if (op === '^') v ^= r;
      else if (op === '&') v &= r;
      else if (op === '<<') v <<= r;
      else if (op === '>>') v >>= r;
      else if (op === '+') v += r;
      else if (op === '-') v -= r;
      else if (op === '*') v *= r;
      else if (r === 0n) fail();
      else if (op === '/') v /= r;
      else v %= r;
    }
    return v;
  }
  function unary() {
    const t = toks[p++];
    if (!t) fail();
    if (t.num !== undefined) return t.num;
    if (t.id !== undefined) {
      const v = lookup(t.id);
      if (v === undefined) fail();
      return BigInt(v);
    }
    if (t.op === '-') return -unary();
    if (t.op === '+') return unary();
    if (t.op === '~') return ~unary();
    if (t.op === '(') {
      const v = binary(0);
      if (!peek() || peek().op !== ')') fail();
      p++;
      return v;
    }
    return fail();
  }
  try {
    const v = binary(0);
    if (p !== toks.length) return undefined;
    return Number(v);
  } catch {
    return undefined;
  }
}

/** Split on commas outside parentheses. */
function splitTop(body) {
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((x) => x.trim()).filter(Boolean);
}

/**
 * Parse the enums of a header's text.
 * @returns {{ enums: { name: string | null, entries: { name: string, value: number | undefined }[] }[],
 *   constants: Map<string, number>, defines: Map<string, string> }}
 */
export function parseUapiEnums(text) {
  const src = stripComments(text);
  const defines = new Map();
  const lines = src.split('\n');
  for (const line of lines) {
    const m = /^\s*#\s*define\s+([A-Za-z_]\w*)(?!\()\s+(.+?)\s*$/.exec(line);
    if (m) defines.set(m[1], m[2]);
  }
  const noPre = lines.map((l) => (/^\s*#/.test(l) ? '' : l)).join('\n');
  const constants = new Map();
  const lookup = (id, seen = new Set()) => {
    if (constants.has(id)) return constants.get(id);
    const d = defines.get(id);
    if (d === undefined || seen.has(id)) return undefined;
    seen.add(id);
    return evaluate(d, (x) => lookup(x, seen));
  };
  const enums = [];
  const re = /\benum\s*([A-Za-z_]\w*)?\s*\{([^}]*)\}/g;
  let m;
  while ((m = re.exec(noPre))) {
    const e = { name: m[1] ?? null, entries: [] };
    let next = 0;
    for (const part of splitTop(m[2])) {
      const em = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+))?$/.exec(part);
      if (!em) continue;
      let value;
      if (em[2] !== undefined) value = evaluate(em[2], (x) => lookup(x));
      else value = next;
      e.entries.push({ name: em[1], value });
      if (value !== undefined) constants.set(em[1], value);
      next = value === undefined ? undefined : value + 1;
    }
    enums.push(e);
  }
  return { enums, constants, defines };
}

export function parseUapiHeader(path) {
  return parseUapiEnums(readFileSync(path, 'utf8'));
}

/**
 * The ethtool netlink message numbers of a <linux/ethtool_netlink.h>, by YNL
 * op name: requests from the user→kernel enum (ETHTOOL_MSG_X → x), replies
 * and notifications from the kernel→user enum (ETHTOOL_MSG_X_REPLY → x,
 * ETHTOOL_MSG_X_NTF → x-ntf). The enums are anonymous in the header; they are
 * told apart by their ETHTOOL_MSG_USER_* / ETHTOOL_MSG_KERNEL_* markers.
 */
export function ethtoolOps(text) {
  const { enums } = parseUapiEnums(text);
  const opName = (c) =>
    c
      .replace(/^ETHTOOL_MSG_/, '')
      .toLowerCase()
      .replace(/_/g, '-');
  const pick = (marker) => enums.find((e) => e.entries.some((x) => x.name === marker));
  const user = pick('ETHTOOL_MSG_USER_NONE');
  const kernel = pick('ETHTOOL_MSG_KERNEL_NONE');
  if (!user || !kernel) throw new Error('no ETHTOOL_MSG_USER_* / ETHTOOL_MSG_KERNEL_* enums in this header');
  const requests = {};
  const replies = {};
  const skip = (n) => /^(__)?ETHTOOL_MSG_(USER|KERNEL)_(NONE|CNT|MAX)$/.test(n);
  for (const x of user.entries) {
    if (!skip(x.name) && x.value !== undefined) requests[opName(x.name)] = x.value;
  }
  for (const x of kernel.entries) {
    if (skip(x.name) || x.value === undefined) continue;
    replies[opName(x.name.replace(/_REPLY$/, ''))] = x.value;
  }
  return { requests, replies };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--ethtool-ops' && args[1]) {
    const text = readFileSync(args[1], 'utf8');
    const out = {
      source: args[1],
      ...(args[2] ? { package: args[2] } : {}),
      ...ethtoolOps(text),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if (args[0] && !args[0].startsWith('-')) {
    const { constants } = parseUapiHeader(args[0]);
    process.stdout.write(JSON.stringify(Object.fromEntries(constants), null, 2) + '\n');
  } else {
    process.stderr.write('usage: uapi-enums.mjs HEADER | --ethtool-ops HEADER [VERSION]\n');
    process.exit(2);
  }
}
