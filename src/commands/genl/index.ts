import { CliError } from '../../iproute/errors.js';
import { matches } from '../../iproute/parse.js';
import { parseGnuOptions, type GnuCommand } from '../gnu-options.js';
import type { CommandEnv, CommandHandler } from '../env.js';

import { Connection } from '../../netlink/connection.js';
import { NetlinkKernelError } from '../../netlink/errors.js';
import { resolveFamily, listFamilies, UnknownFamilyError, closeNames } from '../../netlink/genl/cache.js';
import {
  AttrArgError,
  decodeAttrs,
  decodeStruct,
  encodeAttrArgs,
  encodeFixedHeader,
  jsonToArgNodes,
  parseAttrArgs,
  type ArgNode,
  type CodecContext,
  type JsonInput,
} from '../../netlink/genl/codec.js';
import { describeExtack } from '../../netlink/genl/extack.js';
import { listAttrsText, listOpsText, listOpsJson, listAttrsJson } from './list.js';

import {
  familyHeaderSize,
  getPolicy,
  opFlagNames,
  type FamilyPolicy,
  type GenlFamily,
  type GenlOp,
} from '../../netlink/genl/ctrl.js';
import { decodeGenlPayload, encodeGenlPayload } from '../../netlink/genl/message.js';
import {
  bundledSpec,
  isRequestOp,
  loadSpecFile,
  opByName,
  opByReplyValue,
  opByValue,
  SpecError,
  type Spec,
  type SpecOp,
} from '../../netlink/genl/spec.js';
import { YamlError } from '../../netlink/genl/yaml-lite.js';
import {
  isUnspecced,
  refineUnspeccedReplies,
  unspeccedSpec,
  unspeccedSpecFor,
} from '../../netlink/genl/unspecced.js';
import { Printer } from '../../output/printer.js';
import { GENL_HELP } from './help.js';
import { attrsText, emitJson, policyText, policyTree, policyTreeJson, policyTreeText } from './render.js';
import { attrsToJson, type Json } from '../../netlink/genl/json.js';
import { inNetns } from '../../netlink/transport.js';
import { NETLINK_GENERIC } from '../../netlink/gen/netlink.js';
import { GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_CMD_CAP_HASPOL } from '../../netlink/gen/genetlink.js';

interface GenlContext {
  env: CommandEnv;
  /** A spec given with --spec FILE. */
  userSpec: Spec | null;
  /** --no-spec: the bundled specs are not used (names from the kernel's policy and the UAPI headers). */
  noSpec?: boolean;
  /** --json BODY: the request's attributes as JSON (YNL cli.py --json). */
  jsonBody?: string;
}

/** `nlts genl …`: list families, show one, and send any request to any family. */
export const genlCommand: CommandHandler = (argv, env) => {
  const { args, specFile, noSpec, jsonBody, listOps, listAttrs } = takeSpecOption(argv);
  let userSpec: Spec | null = null;
  try {
    if (specFile !== undefined) userSpec = loadSpecFile(specFile);
    const g: GenlContext = { env, userSpec, noSpec, ...(jsonBody !== undefined ? { jsonBody } : {}) };
    if (listOps || listAttrs !== undefined) return listSpec(args, g, listAttrs);
    return dispatch(args, g);
  } catch (e) {
    throw translate(e);
  }
};

/** --spec FILE (also --spec=FILE and ip-style -spec FILE) anywhere after "genl"; the other words in order. */
const GENL: GnuCommand = {
  name: 'nlts genl',
  hint: 'nlts genl help',
  operands: true,
  options: [
    {
      name: 'spec',
      aliases: ['-spec'],
      value: 'FILE',
      help: 'names and types from FILE, a YNL spec (YAML subset, or JSON)',
    },
    { name: 'no-spec', help: "no bundled spec: names from the kernel's policy and the UAPI headers" },
    { name: 'json', value: 'JSON', help: 'the request attributes as a JSON object (as YNL cli.py --json)' },
    { name: 'list-ops', help: "list the spec's operations and their modes" },
    { name: 'list-attrs', value: 'OP', help: "list an operation's attributes: types, checks, doc" },
  ],
};

interface GenlWords {
  args: string[];
  specFile?: string;
  noSpec: boolean;
  jsonBody?: string;
  listOps: boolean;
  listAttrs?: string;
}

function takeSpecOption(argv: string[]): GenlWords {
  // -h/--help are genl's help verbs: they stay words.
  const help = argv.findIndex((a) => a === '-h' || a === '--help');
  const words = help < 0 ? argv : argv.slice(0, help);
  const p = parseGnuOptions(GENL, words);
  const args = help < 0 ? p.operands : [...p.operands, ...argv.slice(help)];
  const specFile = p.get('spec');
  const out: GenlWords = { args, noSpec: p.has('no-spec'), listOps: p.has('list-ops') };
  if (specFile !== undefined) out.specFile = specFile;
  const jsonBody = p.get('json');
  if (jsonBody !== undefined) out.jsonBody = jsonBody;
  const listAttrs = p.get('list-attrs');
  if (listAttrs !== undefined) out.listAttrs = listAttrs;
  return out;
}

function dispatch(args: string[], g: GenlContext): number {
  const verb = args[0];
  if (verb === undefined) return withConn(g, (c) => list(c, g));
  if (verb === 'ctrl' || verb === 'nlctrl') return ctrl(args.slice(1), g);
  if (matches(verb, 'list') || matches(verb, 'show') || verb === 'ls') {
    if (args[1] !== undefined) return withConn(g, (c) => family(c, g, args[1]!));
    return withConn(g, (c) => list(c, g));
  }
  if (matches(verb, 'family') || verb === 'get') {
    const name = args[1];
    if (name === undefined) throw new CliError('genl family: which family? (a name or an id)', 255);
    return withConn(g, (c) => family(c, g, name));
  }
  if (verb === 'dump' || verb === 'do') {
    const [fam, op, ...attrs] = args.slice(1);
    if (fam === undefined || op === undefined) {
      throw new CliError(`genl ${verb}: usage: nlts genl ${verb} FAMILY OP [ATTR=VALUE ...]`, 255);
    }
    return withConn(g, (c) => request(c, g, verb, fam, op, attrs));
  }
  if (matches(verb, 'help') || verb === '--help' || verb === '-h') {
    g.env.out.write(GENL_HELP);
    return 0;
  }
  throw new CliError(`Command "${verb}" is unknown, try "nlts genl help".`, 255);
}

/** iproute2's `genl ctrl list | get name X | get id N`. */
function ctrl(args: string[], g: GenlContext): number {
  const verb = args[0] ?? 'list';
  if (matches(verb, 'list') || matches(verb, 'show')) return withConn(g, (c) => list(c, g));
  if (verb === 'get') {
    const [how, value] = args.slice(1);
    if ((how === 'name' || how === 'id') && value !== undefined) {
      if (how === 'id' && !/^(0x[0-9a-f]+|\d+)$/i.test(value)) {
        throw new CliError(`genl ctrl get id: "${value}" is not a number`, 255);
      }
      return withConn(g, (c) => family(c, g, value, how === 'name'));
    }
    throw new CliError('genl ctrl get: usage: nlts genl ctrl get { name NAME | id ID }', 255);
  }
  if (matches(verb, 'help')) {
    g.env.out.write(GENL_HELP);
    return 0;
  }
  throw new CliError(`genl ctrl: "${verb}" is unknown, try "nlts genl help".`, 255);
}

function withConn(g: GenlContext, fn: (conn: Connection) => void): number {
  const netns = g.env.opts.netns;
  const conn = Connection.open(g.env.transports, NETLINK_GENERIC, inNetns(netns));
  try {
    fn(conn);
    return 0;
  } finally {
    conn.close();
  }
}

function printer(env: CommandEnv): Printer {
  return new Printer(env.out, { json: env.opts.json, pretty: env.opts.pretty, colorize: env.colorize });
}

/** The spec for a family: --spec when it names this family, else the bundled data file. */
function specFor(g: GenlContext, name: string): Spec | null {
  if (g.userSpec && g.userSpec.name === name) return g.userSpec;
  return g.noSpec ? null : bundledSpec(name);
}

function opName(spec: Spec | null, id: number): string | undefined {
  return opByValue(spec, id)?.name;
}

// ---- genl list ----

function familyJson(f: GenlFamily, spec: Spec | null): { [key: string]: Json } {
  return {
    id: f.id,
    name: f.name,
    version: f.version,
    hdrsize: f.hdrsize,
    maxattr: f.maxattr,
    ops: f.ops.map((o) => {
      const j: { [key: string]: Json } = { id: o.id };
      const n = opName(spec, o.id);
      if (n !== undefined) j.name = n;
      j.flags = opFlagNames(o.flags);
      return j;
    }),
    mcast_groups: f.groups.map((m) => ({ id: m.id, name: m.name })),
  };
}

function columns(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return (
    rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') +
    '\n'
  );
}

function list(conn: Connection, g: GenlContext): void {
  const families = listFamilies(conn);
  const p = printer(g.env);
  if (p.json) {
    p.startDocument();
    for (const f of families) emitJson(p, null, familyJson(f, specFor(g, f.name)));
    p.endDocument();
    return;
  }
  const rows = [['ID', 'NAME', 'VERSION', 'HDRSIZE', 'MAXATTR', 'OPS', 'GROUPS']];
  for (const f of families) {
    rows.push([
      String(f.id),
      f.name,
      String(f.version),
      String(f.hdrsize),
      String(f.maxattr),
      String(f.ops.length),
      f.groups.length ? f.groups.map((m) => `${m.name}:${m.id}`).join(',') : '-',
    ]);
  }
  g.env.out.write(columns(rows));
}

// ---- genl family NAME|ID ----

function resolve(conn: Connection, word: string, byName = false): GenlFamily {
  return resolveFamily(conn, byName ? word : /^(0x[0-9a-f]+|\d+)$/i.test(word) ? Number(word) : word);
}

function family(conn: Connection, g: GenlContext, word: string, byName = false): void {
  const f = resolve(conn, word, byName);
  const hasPolicy = f.ops.some((o) => o.flags & GENL_CMD_CAP_HASPOL);
  const fp: FamilyPolicy = hasPolicy
    ? getPolicy(conn, f.id, undefined, f.ops)
    : { familyId: f.id, ops: new Map(), policies: new Map() };
  // Without a spec, the names come from the UAPI headers and the policy just read (no extra request).
  const spec = specFor(g, f.name) ?? unspeccedSpec(f, fp);
  const p = printer(g.env);
  const opSet = (id: number): string | undefined => opByValue(spec, id)?.attributeSet;

  if (p.json) {
    const j = familyJson(f, spec);
    j.ops = f.ops.map((o, i) => {
      const base = (j.ops as { [key: string]: Json }[])[i]!;
      const pol = fp.ops.get(o.id);
      for (const kind of ['do', 'dump'] as const) {
        const idx = pol?.[kind];
        if (idx !== undefined) {
          base[kind] = { policy: idx, attributes: policyTreeJson(policyTree(fp, idx, spec, opSet(o.id))) };
        }
      }
      return base;
    });
    p.startDocument();
    emitJson(p, null, j);
    p.endDocument();
    return;
  }

  let s = `${f.name}: id ${f.id} version ${f.version} hdrsize ${f.hdrsize} maxattr ${f.maxattr}`;
  const source = !spec
    ? undefined
    : isUnspecced(spec) || spec.source === g.userSpec?.source
      ? spec.source
      : `specs/${f.name.toLowerCase()}.yaml`;
  s += source ? ` (names from ${source})\n` : '\n';
  s += f.ops.length ? 'ops:\n' : 'ops: none\n';
  for (const o of f.ops) {
    s += `  ${o.id} ${opName(spec, o.id) ?? '-'} ${opFlagNames(o.flags).join(' ')}\n`;
    const pol = fp.ops.get(o.id);
    for (const kind of ['do', 'dump'] as const) {
      const idx = pol?.[kind];
      if (idx === undefined) continue;
      if (kind === 'dump' && pol?.do === idx) {
        s += `    dump policy ${idx}: same as do\n`;
        continue;
      }
      const tree = policyTree(fp, idx, spec, opSet(o.id));
      s += `    ${kind} policy ${idx}:${tree.length ? '' : ' no attributes'}\n` + policyTreeText(tree, 6);
    }
  }
  s += f.groups.length ? 'groups:\n' : 'groups: none\n';
  for (const m of f.groups) s += `  ${m.id} ${m.name}\n`;
  g.env.out.write(s);
}

// ---- genl dump / do ----

/** The request's attributes: --json BODY, or ATTR=VALUE words (not both: one would silently win). */
function requestNodes(g: GenlContext, words: string[]): ArgNode[] {
  if (g.jsonBody === undefined) return parseAttrArgs(words);
  if (words.length)
    throw new AttrArgError(
      `give the attributes either as --json or as words, not both (words: ${words.join(' ')})`,
    );
  let body: JsonInput;
  try {
    body = JSON.parse(g.jsonBody) as JsonInput;
  } catch (e) {
    throw new AttrArgError(`--json: not JSON: ${(e as Error).message}`);
  }
  return jsonToArgNodes(body);
}

// ---- --list-ops / --list-attrs OP (spec only, nothing is sent) ----

function listSpec(args: string[], g: GenlContext, attrsOf: string | undefined): number {
  const famWord = args[0] === 'list-ops' || args[0] === 'list-attrs' ? args[1] : args[0];
  const spec = famWord !== undefined ? specFor(g, famWord) : g.userSpec;
  if (!spec) {
    throw new CliError(
      famWord === undefined
        ? 'genl --list-ops/--list-attrs: name a FAMILY or give --spec FILE'
        : `genl: no spec for family "${famWord}" (nlts ships specs/*.yaml; give one with --spec FILE)`,
      1,
      'spec',
    );
  }
  const p = printer(g.env);
  if (attrsOf !== undefined) {
    const op = opByName(spec, attrsOf);
    if (!op) {
      const close = closeNames(
        attrsOf,
        spec.ops.map((o) => o.name),
      );
      throw new CliError(
        `genl: the ${spec.name} spec has no op "${attrsOf}"` +
          (close.length ? `; did you mean ${close.map((n) => `"${n}"`).join(', ')}?` : ''),
        1,
        'unknown-op',
      );
    }
    if (p.json) {
      p.startDocument();
      emitJson(p, null, listAttrsJson(spec, op));
      p.endDocument();
    } else g.env.out.write(listAttrsText(spec, op));
    return 0;
  }
  if (p.json) {
    p.startDocument();
    for (const o of listOpsJson(spec)) emitJson(p, null, o);
    p.endDocument();
  } else g.env.out.write(listOpsText(spec));
  return 0;
}

function request(
  conn: Connection,
  g: GenlContext,
  verb: 'dump' | 'do',
  famWord: string,
  opWord: string,
  words: string[],
): void {
  const f = resolve(conn, famWord);
  const spec = specFor(g, f.name) ?? unspeccedSpecFor(conn, f);
  if (g.userSpec && g.userSpec.name !== f.name && spec !== g.userSpec) {
    g.env.err.write(
      `nlts: warning: --spec ${g.userSpec.source} describes "${g.userSpec.name}", not "${f.name}"; not used\n`,
    );
  }
  const { specOp, opId, kernelOp } = requestOp(f, spec, verb, opWord);
  const fp =
    kernelOp.flags & GENL_CMD_CAP_HASPOL
      ? getPolicy(conn, f.id, opId)
      : { familyId: f.id, ops: new Map(), policies: new Map() };
  const policyIdx = fp.ops.get(opId)?.[verb];
  const ctx: CodecContext = { spec, policy: fp };
  let nodes = requestNodes(g, words);
  const familyHeader = new Uint8Array(familyHeaderSize(f));
  if (specOp?.fixedHeader) {
    const fh = encodeFixedHeader(nodes, specOp.fixedHeader, spec);
    nodes = fh.rest;
    if (fh.header.length > familyHeader.length)
      throw new AttrArgError(`the fixed header is larger than the family's (${f.hdrsize} bytes)`);
    familyHeader.set(fh.header);
  }
  const attrs = encodeAttrArgs(nodes, ctx, specOp?.attributeSet, policyIdx);
  const payload = encodeGenlPayload(opId, f.version, attrs, familyHeader);

  let messages;
  try {
    if (verb === 'dump') {
      const r = conn.dumpAll(f.id, payload);
      if (r.inconsistent) g.env.err.write('Dump was interrupted and may be inconsistent.\n');
      messages = r.messages;
    } else messages = conn.request(f.id, payload);
  } catch (e) {
    if (e instanceof NetlinkKernelError) {
      throw kernelError(e, f.name, specOp?.name ?? String(opId), verb, spec, specOp?.attributeSet);
    }
    throw e;
  }

  refineUnspeccedReplies(spec, f, specOp?.attributeSet, messages);
  const p = printer(g.env);
  p.startDocument();
  let first = true;
  for (const m of messages) {
    if (m.type !== f.id) continue;
    const gm = decodeGenlPayload(m.payload, familyHeaderSize(f));
    const replyOp = opByReplyValue(spec, gm.cmd) ?? specOp;
    const decoded = decodeAttrs(gm.attrs, ctx, replyOp?.attributeSet ?? specOp?.attributeSet, policyIdx);
    // A fixed header's members come first, as YNL merges them into the message.
    const fixed = replyOp?.fixedHeader ?? specOp?.fixedHeader;
    if (fixed) decoded.unshift(...(decodeStruct(gm.familyHeader, fixed, spec) ?? []));
    if (p.json) emitJson(p, null, attrsToJson(decoded));
    else {
      if (!first) g.env.out.write('\n');
      g.env.out.write(attrsText(decoded));
    }
    first = false;
  }
  p.endDocument();
}

/**
 * The op a do/dump sends, checked before anything goes to the family: the
 * spec's op must have a request number (notify/event ops have none), and
 * that number must be in the kernel's op list (CTRL_ATTR_OPS of the family,
 * live or recorded) with the do (resp. dump) capability. A read must never
 * go out as some other op's number.
 */
function requestOp(
  f: GenlFamily,
  spec: Spec | null,
  verb: 'dump' | 'do',
  opWord: string,
): { specOp: SpecOp | undefined; opId: number; kernelOp: GenlOp } {
  const numeric = /^(0x[0-9a-f]+|\d+)$/i.test(opWord);
  const specOp = numeric ? opByValue(spec, Number(opWord)) : opByName(spec, opWord);
  const kernelNames = (): string[] => f.ops.map((o) => opName(spec, o.id) ?? String(o.id));
  if (specOp && !isRequestOp(specOp)) {
    const what = specOp.notification
      ? `a notification${specOp.notify ? ` (of "${specOp.notify}")` : ''}, not a request`
      : 'an op without do or dump in the spec';
    throw new CliError(
      `genl: ${f.name} ${specOp.name} is ${what}: it cannot be sent with "genl ${verb}"; nothing was sent`,
      1,
      'unsupported',
    );
  }
  const opId = specOp?.value ?? (numeric ? Number(opWord) : undefined);
  if (opId === undefined) {
    const names = kernelNames();
    const close = closeNames(opWord, names);
    throw new CliError(
      `genl: family "${f.name}" has no op "${opWord}"` +
        (close.length ? `; did you mean ${close.map((n) => `"${n}"`).join(', ')}?` : '') +
        `; its ops: ${names.join(' ') || 'none'}`,
      1,
      'unknown-op',
    );
  }
  const kernelOp = f.ops.find((o) => o.id === opId);
  if (!kernelOp) {
    const names = kernelNames();
    const close = closeNames(opWord, names);
    const which = specOp ? `op "${specOp.name}" (command ${opId} in the spec)` : `op ${opId}`;
    throw new CliError(
      `genl: the kernel's ${f.name} family has no ${which}; nothing was sent` +
        (close.length && !numeric ? `; did you mean ${close.map((n) => `"${n}"`).join(', ')}?` : '') +
        `; its ops: ${names.join(' ') || 'none'}`,
      1,
      'unknown-op',
    );
  }
  const cap = verb === 'dump' ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO;
  if (!(kernelOp.flags & cap)) {
    const can = opFlagNames(kernelOp.flags & (GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP));
    throw new CliError(
      `genl: ${f.name} ${opWord} cannot ${verb}` + (can.length ? `; use "genl ${can[0]}"` : ''),
      1,
      'unsupported',
    );
  }
  return { specOp, opId, kernelOp };
}

/** The kernel refused a generic netlink request: its answer in words, attributes by their spec names. */
function kernelError(
  e: NetlinkKernelError,
  family: string,
  op: string,
  verb: string,
  spec: Spec | null,
  setName: string | undefined,
): CliError {
  let msg = `Error: genl ${verb} ${family} ${op}: ${e.description}`;
  if (e.extack.message) msg += `: ${e.extack.message}`;
  const x = describeExtack(e.extack, e.request, spec, setName);
  if (x.missing)
    msg += ` (missing attribute "${x.missing.path.join('.')}"${x.missing.doc ? `: ${x.missing.doc}` : ''})`;
  const accepts = x.policy ? `the kernel accepts ${policyText(x.policy)}` : '';
  if (x.at) msg += ` (attribute ${x.at.join('.')}${accepts ? `: ${accepts}` : ''})`;
  else if (accepts) msg += ` (${accepts})`;
  if (e.errno === 1 /* EPERM */) msg += ' (this op needs CAP_NET_ADMIN: run as root)';
  return new CliError(msg, 2, 'kernel');
}

function translate(e: unknown): unknown {
  if (e instanceof UnknownFamilyError) return new CliError(e.message, 1, 'unknown-family');
  if (e instanceof AttrArgError) return new CliError(`genl: ${e.message}`, 1, 'usage');
  if (e instanceof SpecError || e instanceof YamlError) return new CliError(`genl: ${e.message}`, 1, 'spec');
  if (e instanceof NetlinkKernelError) {
    return new CliError(
      `Error: generic netlink answers: ${e.description}${e.extack.message ? `: ${e.extack.message}` : ''}`,
      2,
      'kernel',
    );
  }
  return e;
}
