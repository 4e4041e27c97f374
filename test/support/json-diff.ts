/**
 * Field-by-field comparison of two JSON documents, reporting every
 * difference by path, including key order within objects (ip's order is
 * part of the contract). `ignoreValue(path)` says where only the presence
 * and type of a field must match (counters that move between two reads).
 */
export function jsonDiff(
  expected: unknown,
  actual: unknown,
  ignoreValue: (path: string) => boolean = () => false,
  at = '$',
): string[] {
  const diffs: string[] = [];
  const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(expected) !== kind(actual)) {
    return [
      `${at}: expected ${kind(expected)} ${JSON.stringify(expected)}, got ${kind(actual)} ${JSON.stringify(actual)}`,
    ];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length)
      diffs.push(`${at}: expected ${expected.length} items, got ${actual.length}`);
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) diffs.push(...jsonDiff(expected[i], actual[i], ignoreValue, `${at}[${i}]`));
    return diffs;
  }
  if (expected !== null && typeof expected === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const ek = Object.keys(e);
    const ak = Object.keys(a);
    for (const k of ek) if (!(k in a)) diffs.push(`${at}.${k}: missing (expected ${JSON.stringify(e[k])})`);
    for (const k of ak) if (!(k in e)) diffs.push(`${at}.${k}: unexpected (got ${JSON.stringify(a[k])})`);
    const common = ek.filter((k) => k in a);
    const order = ak.filter((k) => k in e);
    if (common.join(',') !== order.join(','))
      diffs.push(`${at}: key order ${order.join(',')} != ${common.join(',')}`);
    for (const k of common) diffs.push(...jsonDiff(e[k], a[k], ignoreValue, `${at}.${k}`));
    return diffs;
  }
  if (expected !== actual && !ignoreValue(at)) {
    diffs.push(`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return diffs;
}

/** Counters and timers that legitimately change between two reads of the same state. */
export function isVolatile(path: string): boolean {
  return /\.stats64\.|\.stats\.|_timer$|\.carrier_changes$|\.carrier_up_count$|\.carrier_down_count$/.test(
    path,
  );
}
