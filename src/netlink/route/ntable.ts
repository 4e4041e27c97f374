/**
 * Neighbour tables (<linux/neighbour.h>): struct ndtmsg, NDTA_* attributes
 * with the nested NDTPA_* parameters, struct ndt_config and struct ndt_stats.
 * Pure: bytes in, values out.
 */
import { AttributeIndex, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN as LE } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import {
  NDTA_CONFIG,
  NDTA_GC_INTERVAL,
  NDTA_NAME,
  NDTA_PARMS,
  NDTA_STATS,
  NDTA_THRESH1,
  NDTA_THRESH2,
  NDTA_THRESH3,
  NDTPA_IFINDEX,
} from '../gen/neighbour.js';

/** sizeof(struct ndtmsg): ndtm_family, ndtm_pad1, ndtm_pad2 (u8, u8, u16). */
export const NDTMSG_LEN = 4;

/** struct ndt_config. */
export interface NdtConfig {
  keyLen: number;
  entrySize: number;
  entries: number;
  /** Milliseconds since the last flush / rehash (deltas to now). */
  lastFlush: number;
  lastRand: number;
  hashRnd: number;
  hashMask: number;
  hashChainGc: number;
  proxyQlen: number;
}

/** struct ndt_stats (ndts_table_fulls since Linux 4.16: absent from a shorter struct). */
export interface NdtStats {
  allocs: bigint;
  destroys: bigint;
  hashGrows: bigint;
  resFailed: bigint;
  lookups: bigint;
  hits: bigint;
  rcvProbesMcast: bigint;
  rcvProbesUcast: bigint;
  periodicGcRuns: bigint;
  forcedGcRuns: bigint;
  tableFulls?: bigint;
}

export interface NtableMessage {
  family: number;
  name?: string;
  thresh1?: number;
  thresh2?: number;
  thresh3?: number;
  gcInterval?: bigint;
  config?: NdtConfig;
  /** NDTA_PARMS, by NDTPA_* type (typed getters); undefined when absent. */
  parms?: AttributeIndex;
  /** NDTPA_IFINDEX: the device these parameters are for; undefined for the table's defaults. */
  ifindex?: number;
  stats?: NdtStats;
}

function view(a: Attribute, need: number, what: string): DataView {
  const d = a.data;
  if (d.length < need) throw new CodecError(`${what} needs ${need} bytes, got ${d.length}`, 0);
  return new DataView(d.buffer, d.byteOffset, d.byteLength);
}

function decodeConfig(a: Attribute): NdtConfig {
  const v = view(a, 32, 'ndt_config');
  return {
    keyLen: v.getUint16(0, LE),
    entrySize: v.getUint16(2, LE),
    entries: v.getUint32(4, LE),
    lastFlush: v.getUint32(8, LE),
    lastRand: v.getUint32(12, LE),
    hashRnd: v.getUint32(16, LE),
    hashMask: v.getUint32(20, LE),
    hashChainGc: v.getUint32(24, LE),
    proxyQlen: v.getUint32(28, LE),
  };
}

function decodeStats(a: Attribute): NdtStats {
  const v = view(a, 80, 'ndt_stats');
  const at = (i: number): bigint => v.getBigUint64(i * 8, LE);
  const s: NdtStats = {
    allocs: at(0),
    destroys: at(1),
    hashGrows: at(2),
    resFailed: at(3),
    lookups: at(4),
    hits: at(5),
    rcvProbesMcast: at(6),
    rcvProbesUcast: at(7),
    periodicGcRuns: at(8),
    forcedGcRuns: at(9),
  };
  if (a.data.length >= 88) s.tableFulls = at(10);
  return s;
}

/**
 * An RTM_NEWNEIGHTBL payload. A malformed attribute run, or a value too
 * short for its type, is a CodecError (offsets in the payload).
 */
export function decodeNtable(payload: Uint8Array): NtableMessage {
  if (payload.length < NDTMSG_LEN) {
    throw new CodecError(`ndtmsg needs ${NDTMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  const attrs = new AttributeIndex(payload, NDTMSG_LEN);
  const m: NtableMessage = { family: payload[0]! };
  const name = attrs.string(NDTA_NAME);
  if (name !== undefined) m.name = name;
  const thresh1 = attrs.u32(NDTA_THRESH1);
  if (thresh1 !== undefined) m.thresh1 = thresh1;
  const thresh2 = attrs.u32(NDTA_THRESH2);
  if (thresh2 !== undefined) m.thresh2 = thresh2;
  const thresh3 = attrs.u32(NDTA_THRESH3);
  if (thresh3 !== undefined) m.thresh3 = thresh3;
  const gcInterval = attrs.u64(NDTA_GC_INTERVAL);
  if (gcInterval !== undefined) m.gcInterval = gcInterval;
  const config = attrs.get(NDTA_CONFIG);
  if (config) m.config = decodeConfig(config);
  const stats = attrs.get(NDTA_STATS);
  if (stats) m.stats = decodeStats(stats);
  const parms = attrs.nested(NDTA_PARMS);
  if (parms) {
    m.parms = parms;
    const ifindex = parms.u32(NDTPA_IFINDEX);
    if (ifindex !== undefined) m.ifindex = ifindex;
    parms.throwIfError();
  }
  attrs.throwIfError();
  return m;
}

/** RTM_GETNEIGHTBL dump request (rtnl_neightbldump_req): an ndtmsg with the family. */
export function encodeNtableDumpRequest(family: number): Uint8Array {
  const out = new Uint8Array(NDTMSG_LEN);
  out[0] = family;
  return out;
}

/** RTM_SETNEIGHTBL's payload: struct ndtmsg for `family` (0: every family's table of that name), then `attrs`. */
export function encodeNtableChange(family: number, attrs: Uint8Array): Uint8Array {
  const out = new Uint8Array(NDTMSG_LEN + attrs.length);
  out[0] = family;
  out.set(attrs, NDTMSG_LEN);
  return out;
}
