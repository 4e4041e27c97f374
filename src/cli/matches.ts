/**
 * iproute2's matches(): `word` abbreviates `full` when it is a non-empty
 * prefix of it. Order of checks matters exactly as in ip ("s" is "set" in
 * `ip link`, "l" is "link" at the top level).
 */
export function matches(word: string, full: string): boolean {
  return word.length > 0 && full.startsWith(word);
}
