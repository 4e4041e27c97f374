/**
 * Neighbour tables (<linux/neighbour.h>): struct ndtmsg, NDTA_* attributes
 * with the nested NDTPA_* parameters, struct ndt_config and struct ndt_stats.
 * Pure: bytes in, values out.
 */
import { attributeTable, str, u32, u64, type Attribute } from '../codec/attributes.js';
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
  /** NDTA_PARMS, by NDTPA_* type; undefined when absent. */
  parms?: Map<number, Attribute>;
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

/** An RTM_NEWNEIGHTBL payload. */
export function decodeNtable(payload: Uint8Array): NtableMessage {
  if (payload.length < NDTMSG_LEN) {
    throw new CodecError(`ndtmsg needs ${NDTMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  let attrs: Map<number, Attribute>;
  try {
    attrs = attributeTable(payload.subarray(NDTMSG_LEN));
  } catch (e) {
    if (e instanceof CodecError) throw new CodecError(e.message, e.offset + NDTMSG_LEN);
    throw e;
  }
  const m: NtableMessage = { family: payload[0]! };
  const a = (t: number): Attribute | undefined => attrs.get(t);
  if (a(NDTA_NAME)) m.name = str(a(NDTA_NAME));
  if (a(NDTA_THRESH1)) m.thresh1 = u32(a(NDTA_THRESH1));
  if (a(NDTA_THRESH2)) m.thresh2 = u32(a(NDTA_THRESH2));
  if (a(NDTA_THRESH3)) m.thresh3 = u32(a(NDTA_THRESH3));
  if (a(NDTA_GC_INTERVAL)) m.gcInterval = u64(a(NDTA_GC_INTERVAL));
  if (a(NDTA_CONFIG)) m.config = decodeConfig(a(NDTA_CONFIG)!);
  if (a(NDTA_STATS)) m.stats = decodeStats(a(NDTA_STATS)!);
  const parms = a(NDTA_PARMS);
  if (parms) {
    m.parms = attributeTable(parms.data);
    const idx = m.parms.get(NDTPA_IFINDEX);
    if (idx) m.ifindex = u32(idx);
  }
  return m;
}

/** RTM_GETNEIGHTBL dump request (rtnl_neightbldump_req): an ndtmsg with the family. */
export function encodeNtableDumpRequest(family: number): Uint8Array {
  const out = new Uint8Array(NDTMSG_LEN);
  out[0] = family;
  return out;
}
