/**
 * Shell completion. `nlts completion bash|zsh|fish` prints a small script per
 * shell whose only job is to call back `nlts __complete WORD…` (the words after
 * "nlts", the last one being the word under the cursor, maybe empty) and offer
 * what it prints, one candidate a line. Every candidate comes from here, so the
 * three shells complete alike: objects from the registry (src/registry/registry.ts),
 * verbs and their keywords from src/registry/verbs.ts, and the names that
 * exist on this machine: interfaces, named namespaces, routing tables, generic
 * netlink families and ops, monitor groups.
 */
import { readdirSync } from 'node:fs';
import { matches } from '../iproute/parse.js';
import { CONFDIR, listConfDir, parseIdNames } from '../iproute/names.js';
import { readTableFile } from '../netlink/bounded-read.js';
import { OBJECTS, findObject, monitorObjects, type ObjectEntry } from '../registry/registry.js';
import { VERBS, type ValueKind, type VerbEntry } from '../registry/verbs.js';
import { NETNS_RUN_DIR } from '../netlink/native-transport.js';

/** Global options as ip.c spells them in full (each also matches by prefix). */
export const GLOBAL_OPTIONS = [
  '-Version',
  '-human',
  '-iec',
  '-statistics',
  '-details',
  '-json',
  '-pretty',
  '-brief',
  '-oneline',
  '-netns',
  '-color',
  '-family',
  '-timestamp',
  '-tshort',
  '-rcvbuf',
  '-batch',
  '-force',
  '-Numeric',
  '-resolve',
  '-4',
  '-6',
  '-0',
  '-M',
  '-B',
  '--record',
  '--replay',
  '--help',
  '--version',
] as const;

/** Options that take the next word as their value, and which names fit it. */
const OPTION_VALUES: [string, ValueKind][] = [
  ['-netns', 'netns'],
  ['-batch', 'none'],
  ['-family', 'none'],
  ['-rcvbuf', 'none'],
  ['-loops', 'none'],
];

/** The shells `nlts completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Routing table names as rtnl_rttable_initialize reads them: the built-ins, rt_tables, rt_tables.d/*.conf. */
export function tableNames(): string[] {
  const names = new Set(['default', 'main', 'local']);
  const dir = `${CONFDIR}/rt_tables.d`;
  const texts = [
    readTableFile(`${CONFDIR}/rt_tables`),
    ...listConfDir(dir).map((f) => readTableFile(`${dir}/${f}`)),
  ];
  for (const t of texts) for (const [, n] of parseIdNames(t)) names.add(n);
  return [...names];
}

/** Generic netlink family names of the running kernel (a CTRL_CMD_GETFAMILY dump); none when it fails. */
async function genlFamilies(): Promise<string[]> {
  try {
    const [{ Connection }, { openNativeTransport }, { listFamilies }, { NETLINK_GENERIC }] =
      await Promise.all([
        import('../netlink/connection.js'),
        import('../netlink/native-transport.js'),
        import('../netlink/genl/cache.js'),
        import('../netlink/gen/netlink.js'),
      ]);
    const conn = Connection.open(openNativeTransport, NETLINK_GENERIC);
    try {
      return listFamilies(conn).map((f) => f.name);
    } finally {
      conn.close();
    }
  } catch {
    return [];
  }
}

/**
 * `genl dump|do FAMILY OP ATTR=…`: the family, then its request ops, then the
 * op's attributes as NAME=, all from the family's bundled YNL spec (specs/).
 */
async function genlWords(words: string[]): Promise<string[]> {
  if (words.length === 0) return genlFamilies();
  const { bundledSpec, isRequestOp } = await import('../netlink/genl/spec.js');
  let spec;
  try {
    spec = bundledSpec(words[0]!);
  } catch {
    return [];
  }
  if (!spec) return [];
  if (words.length === 1) return spec.ops.filter(isRequestOp).map((o) => o.name);
  const op = spec.ops.find((o) => o.name === words[1]);
  const set = op?.attributeSet ? spec.attributeSets.get(op.attributeSet) : undefined;
  return set ? [...set.byName.keys()].map((n) => `${n}=`) : [];
}

async function valuesOf(kind: ValueKind, words: string[]): Promise<string[]> {
  switch (kind) {
    case 'dev':
      return listDir('/sys/class/net');
    case 'netns':
      return listDir(NETNS_RUN_DIR);
    case 'table':
      return tableNames();
    case 'monitor':
      return ['all', ...monitorObjects().map((m) => m.rtnl.monitor.word), 'proc', 'uevent', 'genl'];
    case 'genl-family':
      return genlFamilies();
    case 'genl-op':
      return genlWords(words);
    case 'none':
      return [];
  }
}

function findVerb(verbs: readonly VerbEntry[], word: string): VerbEntry | undefined {
  return verbs.find((v) => v.words.some((w) => matches(word, w)));
}

const provided = (o: ObjectEntry): boolean => o.provided !== false && o.usage;

/**
 * The candidates for the last of `words` (the word being typed; "" for a new
 * word), given the words before it. Only candidates starting with it are returned.
 */
export async function completeWords(words: string[]): Promise<string[]> {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const all = await candidates(before, current);
  return [...new Set(all)].filter((c) => c.startsWith(current));
}

async function candidates(before: string[], current: string): Promise<string[]> {
  // Global options come first; an option taking a value consumes the next word.
  let i = 0;
  while (i < before.length && before[i]!.startsWith('-')) {
    const opt = before[i]!.replace(/^--/, '-');
    const valued = OPTION_VALUES.find(([o]) => matches(opt, o));
    i += valued ? 2 : 1;
    if (valued && i > before.length) return valuesOf(valued[1], []);
  }
  const rest = before.slice(i);
  if (rest.length === 0) {
    if (current.startsWith('-')) return [...GLOBAL_OPTIONS];
    return [...OBJECTS.filter(provided).map((o) => o.words[0]!), 'completion'];
  }
  const objectWord = rest[0]!;
  if (objectWord === 'completion') return rest.length === 1 ? [...SHELLS] : [];
  const object = findObject(objectWord);
  if (!object || object.provided === false) return [];
  const verbs = VERBS[object.name] ?? [];
  const args = rest.slice(1);
  if (object.name === 'monitor' && (args.length === 0 || !findVerb(verbs, args[0]!))) {
    return valuesOf('monitor', []);
  }
  // A new word gets each verb's main word; a started one any of ip's spellings ("sh" → show).
  if (args.length === 0) return verbs.flatMap((v) => (current === '' ? [v.words[0]!] : v.words));
  const verb = findVerb(verbs, args[0]!);
  if (!verb) return [];
  const after = args.slice(1);
  const last = after[after.length - 1];
  const lastKind = last !== undefined ? verb.keywords[last] : undefined;
  if (lastKind !== undefined && lastKind !== 'none') return valuesOf(lastKind, []);
  const keywords = Object.keys(verb.keywords);
  const positional =
    verb.positional && verb.positional !== 'none' ? await valuesOf(verb.positional, after) : [];
  return [...keywords, ...positional];
}

/**
 * The script for one shell: it defines the completion function and registers
 * it for "nlts". Each calls `nlts __complete` with the words after "nlts" up to
 * the cursor, the current word last.
 */
export function completionScript(shell: (typeof SHELLS)[number]): string {
  switch (shell) {
    case 'bash':
      return `# nlts completion for bash: source it, or save it as
# /usr/share/bash-completion/completions/nlts (or ~/.local/share/bash-completion/completions/nlts).
_nlts() {
    local IFS=$'\\n'
    COMPREPLY=($(nlts __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _nlts nlts
`;
    case 'zsh':
      return `#compdef nlts
# nlts completion for zsh: save it as _nlts in a directory of $fpath, or source it after compinit.
_nlts() {
    local -a candidates
    candidates=("\${(@f)$(nlts __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
    candidates=(\${candidates:#})
    (( \${#candidates} )) && compadd -a candidates
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _nlts "$@"; else compdef _nlts nlts; fi
`;
    case 'fish':
      return `# nlts completion for fish: save it as ~/.config/fish/completions/nlts.fish
complete -c nlts -f -a '(nlts __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`;
  }
}

/** `nlts completion SHELL` and the hidden `nlts __complete WORD…`; returns the exit status. */
export async function runCompletion(
  command: 'completion' | '__complete',
  words: string[],
  out: { write(s: string): void },
  err: { write(s: string): void },
): Promise<number> {
  if (command === '__complete') {
    const found = await completeWords(words.length ? words : ['']);
    if (found.length) out.write(found.join('\n') + '\n');
    return 0;
  }
  const shell = SHELLS.find((s) => s === words[0]);
  if (!shell || words.length !== 1) {
    // The help policy (README "Conventions"): asked for, stdout and 0; a usage error, stderr and 255.
    const asked = words.length === 1 && (words[0] === 'help' || words[0] === '--help');
    (asked ? out : err).write(`Usage: nlts completion { ${SHELLS.join(' | ')} }\n`);
    return asked ? 0 : 255;
  }
  out.write(completionScript(shell));
  return 0;
}
