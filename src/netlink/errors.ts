import type { Attribute } from './codec/attributes.js';

/** A socket call failed (socket, bind, sendto, recvmsg...). */
export class NetlinkSocketError extends Error {
  override readonly name: string = 'NetlinkSocketError';
  constructor(
    readonly syscall: string,
    readonly errno: number,
    readonly code: string,
    readonly description: string,
    /** What the call was about, e.g. the network namespace path for setns. */
    readonly subject?: string,
  ) {
    super(`${syscall}${subject ? ` ${subject}` : ''}: ${description}`);
  }
}

/**
 * The socket's receive queue overflowed (ENOBUFS): the kernel dropped
 * messages. Monitors turn this into a `lost` record and resynchronise.
 */
export class OverrunError extends NetlinkSocketError {
  override readonly name: string = 'OverrunError';
}

/**
 * Messages this process dropped itself: the consumer of a stream fell behind
 * and the stream's bounded queue was full (PumpOptions.overflow 'drop'). Unlike
 * the kernel's ENOBUFS, the count is known: `dropped` messages were lost here,
 * in order, between the item before this one and the item after it.
 */
export class QueueOverrunError extends OverrunError {
  override readonly name = 'QueueOverrunError';
  dropped = 0;
  constructor(errno: number) {
    super('queue', errno, 'ENOBUFS', 'the consumer fell behind and the bounded queue was full');
  }
}

/** Extended ACK details (<linux/netlink.h> enum nlmsgerr_attrs). */
export interface ExtendedAck {
  /** NLMSGERR_ATTR_MSG: the kernel's human-readable explanation. */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset into the request of the offending attribute. */
  offset?: number;
  /** The attribute of our request that `offset` points at, when it points at one. */
  attribute?: { type: number; path: number[]; attr: Attribute };
  /** NLMSGERR_ATTR_MISS_TYPE: a missing attribute's type. */
  missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST: offset of the nest that lacks it. */
  missingNest?: number;
  /** Unparsed TLVs we do not interpret, kept. */
  other?: Attribute[];
}

/** The kernel answered a request with NLMSG_ERROR and a non-zero error. */
export class NetlinkKernelError extends Error {
  override readonly name = 'NetlinkKernelError';
  constructor(
    /** Positive errno, e.g. 19 for ENODEV. */
    readonly errno: number,
    readonly code: string,
    /** strerror text, e.g. "No such device". */
    readonly description: string,
    readonly extack: ExtendedAck,
    /** The request's nlmsg_type. */
    readonly requestType: number,
    /** The socket's protocol (NETLINK_ROUTE, NETLINK_GENERIC, ...), when the connection knows it. */
    readonly protocol?: number,
    /** The request as sent, so an extack offset can be named against it. */
    readonly request?: Uint8Array,
  ) {
    super(extack.message ? `${description}: ${extack.message}` : description);
  }
}

/** A dump kept coming back with NLM_F_DUMP_INTR after the allowed retries. */
export class DumpInconsistentError extends Error {
  override readonly name = 'DumpInconsistentError';
  constructor(readonly attempts: number) {
    super(`Dump was interrupted and may be inconsistent (after ${attempts} attempts)`);
  }
}

/** A reply did not arrive within the connection's timeout. */
export class NetlinkTimeoutError extends Error {
  override readonly name = 'NetlinkTimeoutError';
}

/** The replayed command sent something other than what was recorded (--replay). */
export class ReplayMismatchError extends Error {
  override readonly name = 'ReplayMismatchError';
}

/**
 * A request was made while this connection's socket is carrying an unfinished
 * dump and the connection cannot open a side socket (it was built on a bare
 * Transport, not with Connection.open).
 */
export class ConnectionBusyError extends Error {
  override readonly name = 'ConnectionBusyError';
  constructor() {
    super('netlink connection busy: a dump on this socket is still being read');
  }
}

/** A request was made on a connection after close(). */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
  constructor() {
    super('netlink connection closed');
  }
}
