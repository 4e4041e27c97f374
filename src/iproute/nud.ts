/**
 * Neighbour states by name (ip/ipneigh.c, iproute2 6.1): nud_state_a2n for what users type
 * (`nud stale`, `neigh add … nud reachable`, the library's `state`), and the names
 * print_neigh_state writes, in its order.
 */
import { matches, strtoul0 } from './parse.js';
import {
  NUD_DELAY,
  NUD_FAILED,
  NUD_INCOMPLETE,
  NUD_NOARP,
  NUD_NONE,
  NUD_PERMANENT,
  NUD_PROBE,
  NUD_REACHABLE,
  NUD_STALE,
} from '../netlink/gen/neighbour.js';

/** NUD_* bits with the names print_neigh_state gives them, in the order it tests them. */
export const NUD_NAMES: ReadonlyArray<readonly [number, string]> = [
  [NUD_INCOMPLETE, 'INCOMPLETE'],
  [NUD_REACHABLE, 'REACHABLE'],
  [NUD_STALE, 'STALE'],
  [NUD_DELAY, 'DELAY'],
  [NUD_PROBE, 'PROBE'],
  [NUD_FAILED, 'FAILED'],
  [NUD_NOARP, 'NOARP'],
  [NUD_PERMANENT, 'PERMANENT'],
];

/** nud_state_a2n; undefined when the word is not a state. */
export function nudStateA2n(arg: string): number | undefined {
  if (matches(arg, 'permanent')) return NUD_PERMANENT;
  if (matches(arg, 'reachable')) return NUD_REACHABLE;
  if (arg === 'noarp') return NUD_NOARP;
  if (arg === 'none') return NUD_NONE;
  if (arg === 'stale') return NUD_STALE;
  if (arg === 'incomplete') return NUD_INCOMPLETE;
  if (arg === 'delay') return NUD_DELAY;
  if (arg === 'probe') return NUD_PROBE;
  if (matches(arg, 'failed')) return NUD_FAILED;
  const n = strtoul0(arg);
  if (n === undefined || n > 0xffffffff || n >= 0x100 || (n & (n - 1)) !== 0) return undefined;
  return n;
}
