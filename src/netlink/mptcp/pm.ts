/**
 * The in-kernel MPTCP path manager over generic netlink ("mptcp_pm",
 * <linux/mptcp.h>): endpoints (local addresses the PM announces or uses for
 * subflows) and limits. Request builders and decoders are pure; MptcpPm ties
 * them to a NETLINK_GENERIC connection.
 */
import { AttributeEncoder, AttributeIndex } from '../codec/attributes.js';
import { Connection } from '../connection.js';
import { decodeGenlPayload, encodeGenlPayload } from '../genl/message.js';
import { resolveFamily, UnknownFamilyError } from '../genl/cache.js';
import type { GenlFamily } from '../genl/ctrl.js';
import type { TransportFactory } from '../transport.js';
import { inNetns } from '../transport.js';
import { NETLINK_GENERIC } from '../gen/netlink.js';
import { AF_INET } from '../gen/socket.js';
import {
  MPTCP_PM_ADDR_ATTR_ADDR4,
  MPTCP_PM_ADDR_ATTR_ADDR6,
  MPTCP_PM_ADDR_ATTR_FAMILY,
  MPTCP_PM_ADDR_ATTR_FLAGS,
  MPTCP_PM_ADDR_ATTR_ID,
  MPTCP_PM_ADDR_ATTR_IF_IDX,
  MPTCP_PM_ADDR_ATTR_PORT,
  MPTCP_PM_ATTR_ADDR,
  MPTCP_PM_ATTR_RCV_ADD_ADDRS,
  MPTCP_PM_ATTR_SUBFLOWS,
  MPTCP_PM_CMD_ADD_ADDR,
  MPTCP_PM_CMD_DEL_ADDR,
  MPTCP_PM_CMD_FLUSH_ADDRS,
  MPTCP_PM_CMD_GET_ADDR,
  MPTCP_PM_CMD_GET_LIMITS,
  MPTCP_PM_CMD_SET_FLAGS,
  MPTCP_PM_CMD_SET_LIMITS,
  MPTCP_PM_VER,
} from '../gen/mptcp.js';

/** The family name (<linux/mptcp.h> MPTCP_PM_NAME, a string the generator leaves out). */
export const MPTCP_PM_FAMILY = 'mptcp_pm';

/** An endpoint as the kernel reports it, or as a request describes it (absent fields are not sent). */
export interface MptcpEndpoint {
  /** AF_INET or AF_INET6 with `address` (4 or 16 bytes). */
  family?: number;
  address?: Uint8Array;
  id?: number;
  port?: number;
  /** MPTCP_PM_ADDR_FLAG_* */
  flags?: number;
  ifindex?: number;
}

export interface MptcpLimits {
  /** MPTCP_PM_ATTR_RCV_ADD_ADDRS: ADD_ADDRs accepted per connection. */
  addAddrAccepted?: number;
  subflows?: number;
}

/**
 * MPTCP_PM_ATTR_ADDR, in the order ip's mptcp_parse_opt writes it: id,
 * flags, ifindex, port, then family and the address.
 */
export function encodeEndpoint(e: MptcpEndpoint): Uint8Array {
  return new AttributeEncoder()
    .nested(MPTCP_PM_ATTR_ADDR, (a) => {
      if (e.id !== undefined) a.u8(MPTCP_PM_ADDR_ATTR_ID, e.id);
      if (e.flags) a.u32(MPTCP_PM_ADDR_ATTR_FLAGS, e.flags);
      if (e.ifindex) a.u32(MPTCP_PM_ADDR_ATTR_IF_IDX, e.ifindex);
      if (e.port) a.u16(MPTCP_PM_ADDR_ATTR_PORT, e.port);
      if (e.address && e.family !== undefined) {
        a.u16(MPTCP_PM_ADDR_ATTR_FAMILY, e.family);
        a.bytes(e.family === AF_INET ? MPTCP_PM_ADDR_ATTR_ADDR4 : MPTCP_PM_ADDR_ATTR_ADDR6, e.address);
      }
    })
    .finish();
}

/** The MPTCP_PM_ATTR_ADDR nest of a reply; undefined when the message has none. */
export function decodeEndpoint(attrs: AttributeIndex): MptcpEndpoint | undefined {
  const a = attrs.nested(MPTCP_PM_ATTR_ADDR);
  if (!a) return undefined;
  const family = a.u16(MPTCP_PM_ADDR_ATTR_FAMILY);
  const e: MptcpEndpoint = {
    family,
    address: a.bytes(family === AF_INET ? MPTCP_PM_ADDR_ATTR_ADDR4 : MPTCP_PM_ADDR_ATTR_ADDR6),
    port: a.u16(MPTCP_PM_ADDR_ATTR_PORT),
    id: a.u8(MPTCP_PM_ADDR_ATTR_ID),
    flags: a.u32(MPTCP_PM_ADDR_ATTR_FLAGS),
    ifindex: a.s32(MPTCP_PM_ADDR_ATTR_IF_IDX),
  };
  a.throwIfError();
  return e;
}

export function encodeLimits(l: MptcpLimits): Uint8Array {
  const a = new AttributeEncoder();
  if (l.addAddrAccepted !== undefined) a.u32(MPTCP_PM_ATTR_RCV_ADD_ADDRS, l.addAddrAccepted);
  if (l.subflows !== undefined) a.u32(MPTCP_PM_ATTR_SUBFLOWS, l.subflows);
  return a.finish();
}

export function decodeLimits(attrs: AttributeIndex): MptcpLimits {
  const l = {
    addAddrAccepted: attrs.u32(MPTCP_PM_ATTR_RCV_ADD_ADDRS),
    subflows: attrs.u32(MPTCP_PM_ATTR_SUBFLOWS),
  };
  attrs.throwIfError();
  return l;
}

/** No mptcp_pm family in this kernel (CONFIG_MPTCP off). */
export class NoMptcpError extends Error {
  override readonly name = 'NoMptcpError';
  constructor() {
    super('the kernel has no MPTCP path manager (generic netlink family "mptcp_pm")');
  }
}

export class MptcpPm {
  private constructor(
    readonly conn: Connection,
    readonly family: GenlFamily,
  ) {}

  static open(transports: TransportFactory, netns: string | null = null): MptcpPm {
    const conn = Connection.open(transports, NETLINK_GENERIC, inNetns(netns));
    try {
      return new MptcpPm(conn, resolveFamily(conn, MPTCP_PM_FAMILY));
    } catch (e) {
      conn.close();
      if (e instanceof UnknownFamilyError) throw new NoMptcpError();
      throw e;
    }
  }

  close(): void {
    this.conn.close();
  }

  private attrsOf(payload: Uint8Array): AttributeIndex {
    const g = decodeGenlPayload(payload, this.family.hdrsize);
    return new AttributeIndex(g.attrs, 0);
  }

  private request(cmd: number, attrs?: Uint8Array): AttributeIndex[] {
    return this.conn
      .request(this.family.id, encodeGenlPayload(cmd, MPTCP_PM_VER, attrs))
      .filter((m) => m.type === this.family.id)
      .map((m) => this.attrsOf(m.payload));
  }

  addEndpoint(e: MptcpEndpoint): void {
    this.request(MPTCP_PM_CMD_ADD_ADDR, encodeEndpoint(e));
  }

  deleteEndpoint(e: MptcpEndpoint): void {
    this.request(MPTCP_PM_CMD_DEL_ADDR, encodeEndpoint(e));
  }

  /** MPTCP_PM_CMD_SET_FLAGS: backup/fullmesh of the endpoint named by id or address. */
  setEndpointFlags(e: MptcpEndpoint): void {
    this.request(MPTCP_PM_CMD_SET_FLAGS, encodeEndpoint(e));
  }

  flushEndpoints(): void {
    this.request(MPTCP_PM_CMD_FLUSH_ADDRS);
  }

  /** One endpoint (by id, or by address): the kernel's reply. */
  getEndpoint(e: MptcpEndpoint): MptcpEndpoint[] {
    return this.request(MPTCP_PM_CMD_GET_ADDR, encodeEndpoint(e)).flatMap((a) => decodeEndpoint(a) ?? []);
  }

  endpoints(): MptcpEndpoint[] {
    return this.conn
      .dumpConsistent(this.family.id, encodeGenlPayload(MPTCP_PM_CMD_GET_ADDR, MPTCP_PM_VER))
      .filter((m) => m.type === this.family.id)
      .flatMap((m) => decodeEndpoint(this.attrsOf(m.payload)) ?? []);
  }

  limits(): MptcpLimits {
    const [a] = this.request(MPTCP_PM_CMD_GET_LIMITS);
    return a ? decodeLimits(a) : {};
  }

  setLimits(l: MptcpLimits): void {
    this.request(MPTCP_PM_CMD_SET_LIMITS, encodeLimits(l));
  }
}
