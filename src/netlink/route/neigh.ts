import { AttributeEncoder, AttributeIndex, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import {
  NDA_DST,
  NDA_FLAGS_EXT,
  NDA_IFINDEX,
  NDA_LLADDR,
  NDA_MASTER,
  NDA_PROTOCOL,
  NDMSG_LEN,
} from '../gen/neighbour.js';

/** struct nda_cacheinfo: times in USER_HZ ticks. */
export interface NdaCacheinfo {
  confirmed: number;
  used: number;
  updated: number;
  refcnt: number;
}

/** One RTM_NEWNEIGH/DELNEIGH/GETNEIGH: struct ndmsg and its attributes (first of a type wins). */
export interface NeighMessage {
  family: number;
  ifindex: number;
  state: number;
  flags: number;
  type: number;
  attrs: AttributeIndex;
}

export function decodeNeigh(payload: Uint8Array): NeighMessage {
  if (payload.length < NDMSG_LEN) {
    throw new CodecError(`ndmsg needs ${NDMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  const dv = view(payload);
  // Offsets in a CodecError are offsets in the payload.
  const attrs = new AttributeIndex(payload, NDMSG_LEN);
  return {
    family: dv.getUint8(0),
    ifindex: dv.getInt32(4, HOST_LITTLE_ENDIAN),
    state: dv.getUint16(8, HOST_LITTLE_ENDIAN),
    flags: dv.getUint8(10),
    type: dv.getUint8(11),
    attrs,
  };
}

/** NDA_CACHEINFO as struct nda_cacheinfo; undefined when absent or short. */
export function cacheinfo(a: Attribute | undefined): NdaCacheinfo | undefined {
  if (!a || a.data.length < 16) return undefined;
  const dv = view(a.data);
  return {
    confirmed: dv.getUint32(0, HOST_LITTLE_ENDIAN),
    used: dv.getUint32(4, HOST_LITTLE_ENDIAN),
    updated: dv.getUint32(8, HOST_LITTLE_ENDIAN),
    refcnt: dv.getUint32(12, HOST_LITTLE_ENDIAN),
  };
}

export interface NeighDumpOptions {
  family: number;
  /** ndm_flags of the request: NTF_PROXY asks for the proxy table. */
  flags?: number;
  /** NDA_IFINDEX: the kernel filters by device. */
  ifindex?: number;
  /** NDA_MASTER: the kernel filters by master device. */
  master?: number;
}

/** The RTM_GETNEIGH dump request iproute2's rtnl_neighdump_req builds. */
export function encodeNeighDumpRequest(o: NeighDumpOptions): Uint8Array {
  const attrs = new AttributeEncoder();
  if (o.ifindex) attrs.u32(NDA_IFINDEX, o.ifindex);
  if (o.master) attrs.u32(NDA_MASTER, o.master);
  const body = attrs.finish();
  const out = new Uint8Array(NDMSG_LEN + body.length);
  out[0] = o.family;
  out[10] = o.flags ?? 0;
  out.set(body, NDMSG_LEN);
  return out;
}

/** What RTM_NEWNEIGH / RTM_DELNEIGH carry: struct ndmsg and the attributes ip's ipneigh_modify sends. */
export interface NeighChange {
  family: number;
  ifindex: number;
  /** ndm_state (NUD_*). */
  state: number;
  /** ndm_flags (NTF_*). */
  flags: number;
  /** NDA_PROTOCOL values in command-line order (ip adds one per "protocol" word, before NDA_DST). */
  protocols?: number[];
  /** NDA_DST: the address bytes. */
  dst: Uint8Array;
  /** NDA_FLAGS_EXT (NTF_EXT_*); left out when 0. */
  extFlags?: number;
  /** NDA_LLADDR; left out when undefined. */
  lladdr?: Uint8Array;
}

/** struct ndmsg followed by the attributes in ipneigh_modify's order. */
export function encodeNeighChange(c: NeighChange): Uint8Array {
  const attrs = new AttributeEncoder();
  for (const p of c.protocols ?? []) attrs.u8(NDA_PROTOCOL, p);
  attrs.bytes(NDA_DST, c.dst);
  if (c.extFlags) attrs.u32(NDA_FLAGS_EXT, c.extFlags);
  if (c.lladdr) attrs.bytes(NDA_LLADDR, c.lladdr);
  const body = attrs.finish();
  const out = new Uint8Array(NDMSG_LEN + body.length);
  const dv = view(out);
  dv.setUint8(0, c.family);
  dv.setInt32(4, c.ifindex, HOST_LITTLE_ENDIAN);
  dv.setUint16(8, c.state, HOST_LITTLE_ENDIAN);
  dv.setUint8(10, c.flags);
  out.set(body, NDMSG_LEN);
  return out;
}
