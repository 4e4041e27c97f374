/**
 * The JSON form of decoded generic netlink attributes, as `nlts -j genl` prints a reply and
 * `nlts -j monitor genl` an event, and as the library hands them out: YNL's shape (names as keys,
 * nests as objects, multi-attrs as lists).
 */
import type { DecodedAttr, DecodedValue } from './codec.js';

/** A plain JSON-able value (bigint kept exact). */
export type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };

function valueJson(v: DecodedValue | undefined): Json {
  if (v === undefined) return null;
  if (Array.isArray(v)) return [...v];
  return v;
}

/**
 * Attributes as an object keyed by name (number when unnamed); repeated attributes become an array.
 * A spec multi-attr is always an array, even with one entry (YNL's shape, so jq scripts do not break on the count).
 */
export function attrsToJson(attrs: DecodedAttr[]): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  const repeated = new Set<string>();
  for (const a of attrs) {
    const key = a.name ?? String(a.id);
    const v = attrToJson(a);
    if (!(key in out)) {
      out[key] = a.multi ? [v] : v;
      if (a.multi) repeated.add(key);
    } else if (repeated.has(key)) (out[key] as Json[]).push(v);
    else {
      out[key] = [out[key]!, v];
      repeated.add(key);
    }
  }
  return out;
}

function attrToJson(a: DecodedAttr): Json {
  if (a.attrs) return attrsToJson(a.attrs);
  if (a.items) return a.items.map((i) => (i.attrs ? attrsToJson(i.attrs) : valueJson(i.value)));
  return valueJson(a.value);
}
