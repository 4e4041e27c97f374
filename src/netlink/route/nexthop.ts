/**
 * Nexthop objects (<linux/nexthop.h>): struct nhmsg, NHA_* attributes,
 * RTM_*NEXTHOP requests. Pure: bytes in, values out.
 */
import { AttributeEncoder, AttributeIndex, type Attribute } from '../codec/attributes.js';
import { HOST_LITTLE_ENDIAN, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import {
  NEXTHOP_GRP_LEN,
  NHA_BLACKHOLE,
  NHA_ENCAP,
  NHA_ENCAP_TYPE,
  NHA_FDB,
  NHA_GATEWAY,
  NHA_GROUP,
  NHA_GROUPS,
  NHA_GROUP_TYPE,
  NHA_ID,
  NHA_MASTER,
  NHA_OIF,
  NHA_RES_BUCKET,
  NHA_RES_BUCKET_IDLE_TIME,
  NHA_RES_BUCKET_INDEX,
  NHA_RES_BUCKET_NH_ID,
  NHA_RES_GROUP,
  NHA_RES_GROUP_BUCKETS,
  NHA_RES_GROUP_IDLE_TIMER,
  NHA_RES_GROUP_UNBALANCED_TIME,
  NHA_RES_GROUP_UNBALANCED_TIMER,
  NHMSG_LEN,
} from '../gen/nexthop.js';
import { NLA_F_NESTED } from '../gen/netlink.js';

export interface NexthopGroupMember {
  id: number;
  /** The wire weight (the configured weight minus one). */
  weight: number;
}

export interface NexthopResGroup {
  buckets: number;
  /** clock_t (USER_HZ) values. */
  idleTimer: number;
  unbalancedTimer: number;
  unbalancedTime: bigint;
}

/** One RTM_NEWNEXTHOP/DELNEXTHOP: struct nhmsg and its attributes (first of a type wins). */
export interface NexthopMessage {
  family: number;
  scope: number;
  protocol: number;
  flags: number;
  id: number;
  oif: number;
  groupType: number;
  gateway?: Uint8Array;
  /** NHA_GROUP; undefined when absent, null when its length is not a positive multiple of 8. */
  group?: NexthopGroupMember[] | null;
  resGroup?: NexthopResGroup;
  blackhole: boolean;
  fdb: boolean;
  encapType?: number;
  encap?: Attribute;
  attrs: AttributeIndex;
}

function decodeGroup(a: Attribute): NexthopGroupMember[] | null {
  const d = a.data;
  const n = Math.floor(d.length / NEXTHOP_GRP_LEN);
  if (n === 0 || n * NEXTHOP_GRP_LEN !== d.length) return null;
  const dv = view(d);
  const out: NexthopGroupMember[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: dv.getUint32(i * NEXTHOP_GRP_LEN, HOST_LITTLE_ENDIAN),
      weight: dv.getUint8(i * NEXTHOP_GRP_LEN + 4),
    });
  }
  return out;
}

function decodeResGroup(a: Attribute): NexthopResGroup {
  const tb = new AttributeIndex(a.data);
  const g: NexthopResGroup = {
    buckets: tb.u16(NHA_RES_GROUP_BUCKETS) ?? 0,
    idleTimer: tb.u32(NHA_RES_GROUP_IDLE_TIMER) ?? 0,
    unbalancedTimer: tb.u32(NHA_RES_GROUP_UNBALANCED_TIMER) ?? 0,
    unbalancedTime: tb.u64(NHA_RES_GROUP_UNBALANCED_TIME) ?? 0n,
  };
  tb.throwIfError();
  return g;
}

export function decodeNexthop(payload: Uint8Array): NexthopMessage {
  if (payload.length < NHMSG_LEN) {
    throw new CodecError(`nhmsg needs ${NHMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  const dv = view(payload);
  // Offsets in a CodecError are offsets in the payload.
  const attrs = new AttributeIndex(payload, NHMSG_LEN);
  const m: NexthopMessage = {
    family: dv.getUint8(0),
    scope: dv.getUint8(1),
    protocol: dv.getUint8(2),
    flags: dv.getUint32(4, HOST_LITTLE_ENDIAN),
    id: attrs.u32(NHA_ID) ?? 0,
    oif: attrs.u32(NHA_OIF) ?? 0,
    groupType: attrs.u16(NHA_GROUP_TYPE) ?? 0,
    blackhole: attrs.flag(NHA_BLACKHOLE),
    fdb: attrs.flag(NHA_FDB),
    attrs,
  };
  const gw = attrs.get(NHA_GATEWAY);
  if (gw) m.gateway = gw.data;
  const grp = attrs.get(NHA_GROUP);
  if (grp) m.group = decodeGroup(grp);
  const res = attrs.get(NHA_RES_GROUP);
  if (res) m.resGroup = decodeResGroup(res);
  const encap = attrs.get(NHA_ENCAP);
  if (encap) {
    m.encap = encap;
    m.encapType = attrs.u16(NHA_ENCAP_TYPE) ?? 0;
  }
  attrs.throwIfError();
  return m;
}

export interface NexthopDumpOptions {
  family: number;
  /** NHA_OIF: only nexthops using this device. */
  ifindex?: number;
  /** NHA_GROUPS: only groups. */
  groups?: boolean;
  /** NHA_MASTER: only nexthops whose device has this master. */
  master?: number;
  /** NHA_FDB: only fdb nexthops. */
  fdb?: boolean;
}

function nhmsg(family: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(NHMSG_LEN + body.length);
  out[0] = family;
  out.set(body, NHMSG_LEN);
  return out;
}

/** The RTM_GETNEXTHOP dump request of iproute2's rtnl_nexthopdump_req + nh_dump_filter. */
export function encodeNexthopDumpRequest(o: NexthopDumpOptions): Uint8Array {
  const a = new AttributeEncoder();
  if (o.ifindex) a.u32(NHA_OIF, o.ifindex);
  if (o.groups) a.flag(NHA_GROUPS);
  if (o.master) a.u32(NHA_MASTER, o.master);
  if (o.fdb) a.flag(NHA_FDB);
  return nhmsg(o.family, a.finish());
}

/** RTM_GETNEXTHOP for one id (__ipnh_get_id). */
export function encodeNexthopGetRequest(family: number, id: number): Uint8Array {
  return nhmsg(family, new AttributeEncoder().u32(NHA_ID, id).finish());
}

/**
 * RTM_DELNEXTHOP for one id as ip nexthop flush sends it (delete_nexthop:
 * AF_UNSPEC, NHA_ID only). `ip nexthop del` is a full change request instead.
 */
export function encodeNexthopDeleteRequest(id: number): Uint8Array {
  return nhmsg(0, new AttributeEncoder().u32(NHA_ID, id).finish());
}

/** NHA_RES_GROUP's members as ip nexthop add writes them (parse_nh_group_type_res); unset ones are left out. */
export interface NexthopResGroupSpec {
  buckets?: number;
  /** clock_t (USER_HZ 100) ticks: ip writes seconds * 100. */
  idleTimer?: number;
  unbalancedTimer?: number;
}

/** The nexthop of an RTM_NEWNEXTHOP/RTM_DELNEXTHOP change (ipnh_modify). Unset fields are not sent. */
export interface NexthopSpec {
  family: number;
  protocol?: number;
  /** nh_flags: RTNH_F_ONLINK for "onlink". */
  flags?: number;
  id?: number;
  oif?: number;
  gateway?: Uint8Array;
  blackhole?: boolean;
  fdb?: boolean;
  group?: NexthopGroupMember[];
  groupType?: number;
  /** The NHA_RES_GROUP nest (present, possibly empty, when ip would send it). */
  resGroup?: NexthopResGroupSpec;
  /** NHA_ENCAP_TYPE and the NHA_ENCAP nest's contents. */
  encap?: { type: number; attrs: Uint8Array };
}

/** struct nexthop_grp array (<linux/nexthop.h>): id u32, weight u8 (configured weight minus one), 3 bytes reserved. */
export function encodeNexthopGroup(members: readonly NexthopGroupMember[]): Uint8Array {
  const out = new Uint8Array(members.length * NEXTHOP_GRP_LEN);
  const dv = view(out);
  members.forEach((g, i) => {
    dv.setUint32(i * NEXTHOP_GRP_LEN, g.id >>> 0, HOST_LITTLE_ENDIAN);
    dv.setUint8(i * NEXTHOP_GRP_LEN + 4, g.weight & 0xff);
  });
  return out;
}

/** The payload of ipnh_modify's request: struct nhmsg (family, protocol, flags) and the NHA_* of `spec`. */
export function encodeNexthopChange(spec: NexthopSpec): Uint8Array {
  const a = new AttributeEncoder();
  if (spec.id !== undefined) a.u32(NHA_ID, spec.id);
  if (spec.oif !== undefined) a.u32(NHA_OIF, spec.oif);
  if (spec.gateway) a.bytes(NHA_GATEWAY, spec.gateway);
  if (spec.blackhole) a.flag(NHA_BLACKHOLE);
  if (spec.fdb) a.flag(NHA_FDB);
  if (spec.group) a.bytes(NHA_GROUP, encodeNexthopGroup(spec.group));
  const res = spec.resGroup;
  if (res) {
    a.nested(NHA_RES_GROUP, (n) => {
      if (res.buckets !== undefined) n.u16(NHA_RES_GROUP_BUCKETS, res.buckets);
      if (res.idleTimer !== undefined) n.u32(NHA_RES_GROUP_IDLE_TIMER, res.idleTimer);
      if (res.unbalancedTimer !== undefined) n.u32(NHA_RES_GROUP_UNBALANCED_TIMER, res.unbalancedTimer);
    });
  }
  if (spec.groupType !== undefined) a.u16(NHA_GROUP_TYPE, spec.groupType);
  if (spec.encap) {
    // lwt_parse_encap: the NHA_ENCAP nest (rta_nest sets NLA_F_NESTED), then NHA_ENCAP_TYPE.
    a.raw(NHA_ENCAP | NLA_F_NESTED, spec.encap.attrs);
    a.u16(NHA_ENCAP_TYPE, spec.encap.type);
  }
  const out = nhmsg(spec.family, a.finish());
  out[2] = spec.protocol ?? 0;
  view(out).setUint32(4, (spec.flags ?? 0) >>> 0, HOST_LITTLE_ENDIAN);
  return out;
}

export interface NexthopBucketDumpOptions extends NexthopDumpOptions {
  /** NHA_ID: the buckets of this resilient group only. */
  id?: number;
  /** NHA_RES_BUCKET { NHA_RES_BUCKET_NH_ID }: only buckets holding this nexthop. */
  nhid?: number;
}

/** RTM_GETNEXTHOPBUCKET dump request: nh_dump_filter + nh_dump_bucket_filter (ip/ipnexthop.c). */
export function encodeNexthopBucketDumpRequest(o: NexthopBucketDumpOptions): Uint8Array {
  const a = new AttributeEncoder();
  if (o.ifindex) a.u32(NHA_OIF, o.ifindex);
  if (o.groups) a.flag(NHA_GROUPS);
  if (o.master) a.u32(NHA_MASTER, o.master);
  if (o.fdb) a.flag(NHA_FDB);
  if (o.id) a.u32(NHA_ID, o.id);
  const nhid = o.nhid;
  if (nhid) a.nested(NHA_RES_BUCKET, (n) => n.u32(NHA_RES_BUCKET_NH_ID, nhid));
  return nhmsg(o.family, a.finish());
}

/** RTM_GETNEXTHOPBUCKET for one bucket (ipnh_bucket_get_id). */
export function encodeNexthopBucketGetRequest(family: number, id: number, index: number): Uint8Array {
  const a = new AttributeEncoder().u32(NHA_ID, id);
  a.nested(NHA_RES_BUCKET, (n) => n.u16(NHA_RES_BUCKET_INDEX, index));
  return nhmsg(family, a.finish());
}

/** One RTM_NEWNEXTHOPBUCKET: the group id and its NHA_RES_BUCKET nest. */
export interface NexthopBucketMessage {
  family: number;
  flags: number;
  id?: number;
  bucket?: {
    index?: number;
    /** clock_t (USER_HZ) ticks since the bucket was last used. */
    idleTime?: bigint;
    nhid?: number;
  };
}

export function decodeNexthopBucket(payload: Uint8Array): NexthopBucketMessage {
  if (payload.length < NHMSG_LEN) {
    throw new CodecError(`nhmsg needs ${NHMSG_LEN} bytes, got ${payload.length}`, 0);
  }
  const dv = view(payload);
  const attrs = new AttributeIndex(payload, NHMSG_LEN);
  const m: NexthopBucketMessage = { family: dv.getUint8(0), flags: dv.getUint32(4, HOST_LITTLE_ENDIAN) };
  m.id = attrs.u32(NHA_ID);
  const b = attrs.get(NHA_RES_BUCKET);
  if (b) {
    const tb = new AttributeIndex(b.data);
    m.bucket = {
      index: tb.u16(NHA_RES_BUCKET_INDEX),
      idleTime: tb.u64(NHA_RES_BUCKET_IDLE_TIME),
      nhid: tb.u32(NHA_RES_BUCKET_NH_ID),
    };
    tb.throwIfError();
  }
  attrs.throwIfError();
  return m;
}
