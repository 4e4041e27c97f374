import type { Connection } from '../connection.js';
import { NetlinkKernelError } from '../errors.js';
import { dumpFamilies, getFamily, type GenlFamily } from './ctrl.js';

/** The kernel has no generic netlink family of this name or id. */
export class UnknownFamilyError extends Error {
  override readonly name = 'UnknownFamilyError';
  constructor(
    readonly family: string,
    /** Registered family names close to `family`, best first. */
    readonly closeNames: string[],
    /** Every registered family name, for callers that want to list them. */
    readonly known: string[],
  ) {
    super(
      `Generic netlink family "${family}" is unknown` +
        (closeNames.length ? `; did you mean ${closeNames.map((n) => `"${n}"`).join(', ')}?` : '') +
        (!closeNames.length && known.length ? `; registered families: ${known.join(' ')}` : ''),
    );
  }
}

/** Family records per connection: name → family, id → family, and whether a full dump was done. */
class FamilyCache {
  readonly byName = new Map<string, GenlFamily>();
  readonly byId = new Map<number, GenlFamily>();
  complete = false;
  add(f: GenlFamily): GenlFamily {
    this.byName.set(f.name, f);
    this.byId.set(f.id, f);
    return f;
  }
}

const caches = new WeakMap<Connection, FamilyCache>();

function cacheFor(conn: Connection): FamilyCache {
  let c = caches.get(conn);
  if (!c) {
    c = new FamilyCache();
    caches.set(conn, c);
  }
  return c;
}

/** Forget what `conn` learnt (e.g. after a family was registered or removed). */
export function clearFamilyCache(conn: Connection): void {
  caches.delete(conn);
}

/** Every family, fetched once per connection. */
export function listFamilies(conn: Connection): GenlFamily[] {
  const c = cacheFor(conn);
  if (!c.complete) {
    for (const f of dumpFamilies(conn)) c.add(f);
    c.complete = true;
  }
  return [...c.byId.values()].sort((a, b) => a.id - b.id);
}

/** Levenshtein distance, case-insensitive, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** Names close to `word`: a case-insensitive match, a shared prefix or substring, or a small edit distance. */
export function closeNames(word: string, names: string[], max = 3): string[] {
  const w = word.toLowerCase();
  const scored = names
    .map((n) => {
      const l = n.toLowerCase();
      let score = editDistance(w, l);
      if (l === w) score = -3;
      else if (l.startsWith(w) || w.startsWith(l)) score = Math.min(score, 0);
      else if (l.includes(w) || w.includes(l)) score = Math.min(score, 1);
      return { n, score };
    })
    .filter((x) => x.score <= Math.max(2, Math.floor(w.length / 3)))
    .sort((a, b) => a.score - b.score || a.n.localeCompare(b.n));
  return scored.slice(0, max).map((x) => x.n);
}

/**
 * Resolve a family by name or numeric id (decimal or 0x hex), asking the
 * kernel once per connection and name. An unknown family is an
 * UnknownFamilyError listing close names.
 */
export function resolveFamily(conn: Connection, nameOrId: string | number): GenlFamily {
  const c = cacheFor(conn);
  const asId =
    typeof nameOrId === 'number'
      ? nameOrId
      : /^(0x[0-9a-f]+|\d+)$/i.test(nameOrId)
        ? Number(nameOrId)
        : undefined;
  const hit = asId !== undefined ? c.byId.get(asId) : c.byName.get(nameOrId as string);
  if (hit) return hit;
  if (!c.complete) {
    try {
      return c.add(getFamily(conn, asId !== undefined ? { id: asId } : { name: nameOrId as string }));
    } catch (e) {
      if (!(e instanceof NetlinkKernelError && (e.errno === 2 /* ENOENT */ || e.errno === 22) /* EINVAL */)) {
        throw e;
      }
    }
  }
  const names = listFamilies(conn).map((f) => f.name);
  const word = String(nameOrId);
  throw new UnknownFamilyError(word, asId !== undefined ? [] : closeNames(word, names), names);
}
