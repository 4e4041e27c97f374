/**
 * The process events connector: struct cn_msg (<linux/connector.h>) carrying
 * struct proc_event (<linux/cn_proc.h>) on NETLINK_CONNECTOR. Pure codec: no
 * sockets here.
 */
import { HOST_LITTLE_ENDIAN, cString, view } from '../codec/bytes.js';
import { CodecError } from '../codec/errors.js';
import { encodeMessage } from '../codec/message.js';
import { NLMSG_DONE } from '../gen/netlink.js';
import {
  CN_IDX_PROC,
  CN_MSG_LEN,
  CN_VAL_PROC,
  PROC_EVENT_COMM,
  PROC_EVENT_COREDUMP,
  PROC_EVENT_EXEC,
  PROC_EVENT_EXIT,
  PROC_EVENT_FORK,
  PROC_EVENT_GID,
  PROC_EVENT_NONE,
  PROC_EVENT_PTRACE,
  PROC_EVENT_SID,
  PROC_EVENT_UID,
} from '../gen/connector.js';

/** struct proc_event: u32 what; u32 cpu; u64 timestamp_ns (8-aligned); then the event_data union. */
export const PROC_EVENT_HDRLEN = 16;

/** Event names as the command line spells them (--events fork,exec,...). */
export const PROC_EVENT_NAMES: ReadonlyMap<number, string> = new Map([
  [PROC_EVENT_NONE, 'none'],
  [PROC_EVENT_FORK, 'fork'],
  [PROC_EVENT_EXEC, 'exec'],
  [PROC_EVENT_UID, 'uid'],
  [PROC_EVENT_GID, 'gid'],
  [PROC_EVENT_SID, 'sid'],
  [PROC_EVENT_PTRACE, 'ptrace'],
  [PROC_EVENT_COMM, 'comm'],
  [PROC_EVENT_COREDUMP, 'coredump'],
  [PROC_EVENT_EXIT, 'exit'],
]);

export interface ConnectorMessage {
  idx: number;
  val: number;
  seq: number;
  ack: number;
  flags: number;
  /** cn_msg.len bytes after the header (a view). */
  data: Uint8Array;
}

/** Decode struct cn_msg; a length that overruns the payload is a CodecError. */
export function decodeConnectorMessage(payload: Uint8Array): ConnectorMessage {
  if (payload.length < CN_MSG_LEN) {
    throw new CodecError(`cn_msg needs ${CN_MSG_LEN} bytes, got ${payload.length}`, 0);
  }
  const dv = view(payload);
  const len = dv.getUint16(16, HOST_LITTLE_ENDIAN);
  if (CN_MSG_LEN + len > payload.length) {
    throw new CodecError(`cn_msg len ${len} overruns ${payload.length - CN_MSG_LEN} bytes of data`, 16);
  }
  return {
    idx: dv.getUint32(0, HOST_LITTLE_ENDIAN),
    val: dv.getUint32(4, HOST_LITTLE_ENDIAN),
    seq: dv.getUint32(8, HOST_LITTLE_ENDIAN),
    ack: dv.getUint32(12, HOST_LITTLE_ENDIAN),
    flags: dv.getUint16(18, HOST_LITTLE_ENDIAN),
    data: payload.subarray(CN_MSG_LEN, CN_MSG_LEN + len),
  };
}

/**
 * The whole netlink message that subscribes to (LISTEN) or unsubscribes from
 * (IGNORE) process events: nlmsghdr (type NLMSG_DONE, pid = our port id),
 * cn_msg {CN_IDX_PROC, CN_VAL_PROC, len 4}, then the u32 op.
 */
export function encodeProcMcastOp(op: number, portId: number, seq = 0): Uint8Array {
  const payload = new Uint8Array(CN_MSG_LEN + 4);
  const dv = view(payload);
  dv.setUint32(0, CN_IDX_PROC, HOST_LITTLE_ENDIAN);
  dv.setUint32(4, CN_VAL_PROC, HOST_LITTLE_ENDIAN);
  dv.setUint32(8, seq >>> 0, HOST_LITTLE_ENDIAN);
  dv.setUint16(16, 4, HOST_LITTLE_ENDIAN);
  dv.setUint32(CN_MSG_LEN, op, HOST_LITTLE_ENDIAN);
  return encodeMessage({ type: NLMSG_DONE, flags: 0, seq, pid: portId, payload });
}

/** One decoded process event. pid/tgid are the kernel's thread id and process id. */
export type ProcEvent =
  | { what: 'none'; cpu: number; timestampNs: bigint; err: number }
  | {
      what: 'fork';
      cpu: number;
      timestampNs: bigint;
      parentPid: number;
      parentTgid: number;
      childPid: number;
      childTgid: number;
    }
  | { what: 'exec' | 'sid'; cpu: number; timestampNs: bigint; pid: number; tgid: number }
  | {
      what: 'uid' | 'gid';
      cpu: number;
      timestampNs: bigint;
      pid: number;
      tgid: number;
      real: number;
      effective: number;
    }
  | {
      what: 'ptrace';
      cpu: number;
      timestampNs: bigint;
      pid: number;
      tgid: number;
      tracerPid: number;
      tracerTgid: number;
    }
  | { what: 'comm'; cpu: number; timestampNs: bigint; pid: number; tgid: number; comm: string }
  | {
      what: 'coredump';
      cpu: number;
      timestampNs: bigint;
      pid: number;
      tgid: number;
      parentPid: number;
      parentTgid: number;
    }
  | {
      what: 'exit';
      cpu: number;
      timestampNs: bigint;
      pid: number;
      tgid: number;
      /** task->exit_code as the kernel reports it: (status << 8) | terminating signal (0x80: core dumped). */
      exitCode: number;
      exitSignal: number;
      parentPid: number;
      parentTgid: number;
    }
  | { what: 'unknown'; cpu: number; timestampNs: bigint; type: number; data: Uint8Array };

/** Bytes of event_data each event needs (the union members of <linux/cn_proc.h>). */
const DATA_LEN: Record<string, number> = {
  none: 4,
  fork: 16,
  exec: 8,
  sid: 8,
  uid: 16,
  gid: 16,
  ptrace: 16,
  comm: 24,
  coredump: 16,
  exit: 24,
};

/** Decode struct proc_event (the data of a CN_IDX_PROC connector message). */
export function decodeProcEvent(data: Uint8Array): ProcEvent {
  if (data.length < PROC_EVENT_HDRLEN) {
    throw new CodecError(`proc_event needs ${PROC_EVENT_HDRLEN} bytes, got ${data.length}`, 0);
  }
  const dv = view(data);
  const type = dv.getUint32(0, HOST_LITTLE_ENDIAN);
  const cpu = dv.getUint32(4, HOST_LITTLE_ENDIAN);
  const timestampNs = dv.getBigUint64(8, HOST_LITTLE_ENDIAN);
  const what = PROC_EVENT_NAMES.get(type);
  const body = data.subarray(PROC_EVENT_HDRLEN);
  if (what === undefined) return { what: 'unknown', cpu, timestampNs, type, data: body };
  const need = DATA_LEN[what]!;
  if (body.length < need) {
    throw new CodecError(
      `proc_event ${what} needs ${need} bytes of data, got ${body.length}`,
      PROC_EVENT_HDRLEN,
    );
  }
  const b = view(body);
  const i32 = (off: number): number => b.getInt32(off, HOST_LITTLE_ENDIAN);
  const u32 = (off: number): number => b.getUint32(off, HOST_LITTLE_ENDIAN);
  const base = { cpu, timestampNs };
  switch (what) {
    case 'none':
      return { what, ...base, err: u32(0) };
    case 'fork':
      return { what, ...base, parentPid: i32(0), parentTgid: i32(4), childPid: i32(8), childTgid: i32(12) };
    case 'exec':
    case 'sid':
      return { what, ...base, pid: i32(0), tgid: i32(4) };
    case 'uid':
    case 'gid':
      return { what, ...base, pid: i32(0), tgid: i32(4), real: u32(8), effective: u32(12) };
    case 'ptrace':
      return { what, ...base, pid: i32(0), tgid: i32(4), tracerPid: i32(8), tracerTgid: i32(12) };
    case 'comm':
      return { what, ...base, pid: i32(0), tgid: i32(4), comm: cString(body.subarray(8, 24)) };
    case 'coredump':
      return { what, ...base, pid: i32(0), tgid: i32(4), parentPid: i32(8), parentTgid: i32(12) };
    default:
      return {
        what: 'exit',
        ...base,
        pid: i32(0),
        tgid: i32(4),
        exitCode: u32(8),
        exitSignal: u32(12),
        parentPid: i32(16),
        parentTgid: i32(20),
      };
  }
}

/** The process id an event is about (the child for fork), for --pid filters and /proc lookups. */
export function eventPid(e: ProcEvent): number | undefined {
  if (e.what === 'fork') return e.childTgid;
  if ('tgid' in e) return e.tgid;
  return undefined;
}

/**
 * The JSON object of one event, as `nlts -j monitor proc` prints it and procEvents() hands it out:
 * iproute2-style snake_case keys, the process name where known.
 */
export function procObject(e: ProcEvent, comm: string | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = { what: e.what, cpu: e.cpu, timestamp_ns: e.timestampNs };
  switch (e.what) {
    case 'fork':
      Object.assign(o, {
        parent_pid: e.parentPid,
        parent_tgid: e.parentTgid,
        child_pid: e.childPid,
        child_tgid: e.childTgid,
      });
      break;
    case 'exec':
    case 'sid':
      Object.assign(o, { pid: e.pid, tgid: e.tgid });
      break;
    case 'uid':
    case 'gid':
      Object.assign(o, { pid: e.pid, tgid: e.tgid, [`r${e.what}`]: e.real, [`e${e.what}`]: e.effective });
      break;
    case 'ptrace':
      Object.assign(o, { pid: e.pid, tgid: e.tgid, tracer_pid: e.tracerPid, tracer_tgid: e.tracerTgid });
      break;
    case 'comm':
      Object.assign(o, { pid: e.pid, tgid: e.tgid });
      break;
    case 'coredump':
      Object.assign(o, { pid: e.pid, tgid: e.tgid, parent_pid: e.parentPid, parent_tgid: e.parentTgid });
      break;
    case 'exit': {
      Object.assign(o, { pid: e.pid, tgid: e.tgid, exit_code: e.exitCode });
      const sig = e.exitCode & 0x7f;
      if (sig === 0) o.status = (e.exitCode >> 8) & 0xff;
      else {
        o.signal = sig;
        if (e.exitCode & 0x80) o.core_dumped = true;
      }
      Object.assign(o, { exit_signal: e.exitSignal, parent_pid: e.parentPid, parent_tgid: e.parentTgid });
      break;
    }
    case 'unknown':
      Object.assign(o, { type: e.type });
      break;
    default:
      break;
  }
  if (comm !== undefined) o.comm = comm;
  return o;
}
