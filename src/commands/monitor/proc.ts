/**
 * `nlts monitor proc`: the process events connector (NETLINK_CONNECTOR,
 * CN_IDX_PROC). Subscribes with PROC_CN_MCAST_LISTEN, checks the kernel's
 * acknowledgement (the first PROC_EVENT_NONE), and always unsubscribes with
 * PROC_CN_MCAST_IGNORE on the way out.
 */
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { parseMessages } from '../../netlink/codec/message.js';
import {
  CN_IDX_PROC,
  CN_VAL_PROC,
  PROC_CN_MCAST_IGNORE,
  PROC_CN_MCAST_LISTEN,
  decodeConnectorMessage,
  decodeProcEvent,
  encodeProcMcastOp,
  eventPid,
  procObject,
  type ProcEvent,
} from '../../netlink/connector/index.js';

import { NetlinkSocketError } from '../../netlink/errors.js';
import type { Datagram } from '../../netlink/transport.js';
import { openMonitorSocket, type MonitorRequest } from './socket.js';
import { fromKernel } from '../../netlink/pump.js';
import { CodecError } from '../../netlink/codec/errors.js';
import { counter, runMonitorSource } from './runner.js';
import { NETLINK_CONNECTOR } from '../../netlink/gen/netlink.js';
import { EPERM } from '../../netlink/gen/errno.js';

export const PROC_EVENT_WORDS = ['fork', 'exec', 'exit', 'uid', 'gid', 'sid', 'comm', 'ptrace', 'coredump'];

export interface ProcRequest extends MonitorRequest {
  pids: number[];
  comm: string | undefined;
  /** Event names to print; null = all. */
  events: Set<string> | null;
}

/** How long to wait for the kernel's answer to LISTEN before giving up. */
const ACK_TIMEOUT_MS = 5000;

function needRoot(detail: string): CliError {
  return new CliError(
    `nlts monitor proc: process events need root (CAP_NET_ADMIN in the initial user namespace): ${detail}`,
    2,
    'permission',
  );
}

/** A process's name from /proc while it still exists (a zombie still has one). */
function procComm(env: CommandEnv, e: ProcEvent, pid: number | undefined): string | undefined {
  if (e.what === 'comm') return e.comm;
  if (pid === undefined || pid <= 0) return undefined;
  // A system fact: --record keeps it, --replay answers it without looking at this machine's /proc.
  const text = env.fact(`proc-comm:${pid}:${e.timestampNs}`, () => env.readFile(`/proc/${pid}/comm`));
  return text === null ? undefined : text.replace(/\n$/, '');
}

const ids = (pid: number, tgid: number): string => (pid === tgid ? `pid ${tgid}` : `pid ${tgid} tid ${pid}`);
const named = (comm: string | undefined): string => (comm === undefined ? '' : ` (${comm})`);

/** One text line per event. */
export function procText(e: ProcEvent, comm: string | undefined): string {
  switch (e.what) {
    case 'fork':
      return `fork parent ${ids(e.parentPid, e.parentTgid)} child ${ids(e.childPid, e.childTgid)}${named(comm)}\n`;
    case 'exec':
      return `exec ${ids(e.pid, e.tgid)}${named(comm)}\n`;
    case 'sid':
      return `sid ${ids(e.pid, e.tgid)}${named(comm)}\n`;
    case 'uid':
    case 'gid':
      return `${e.what} ${ids(e.pid, e.tgid)}${named(comm)} r${e.what} ${e.real} e${e.what} ${e.effective}\n`;
    case 'ptrace':
      return `ptrace ${ids(e.pid, e.tgid)}${named(comm)} tracer ${ids(e.tracerPid, e.tracerTgid)}\n`;
    case 'comm':
      return `comm ${ids(e.pid, e.tgid)} name ${e.comm}\n`;
    case 'coredump':
      return `coredump ${ids(e.pid, e.tgid)}${named(comm)} parent ${ids(e.parentPid, e.parentTgid)}\n`;
    case 'exit': {
      const sig = e.exitCode & 0x7f;
      const how =
        sig === 0
          ? `status ${(e.exitCode >> 8) & 0xff}`
          : `signal ${sig}${e.exitCode & 0x80 ? ' (core dumped)' : ''}`;
      return `exit ${ids(e.pid, e.tgid)}${named(comm)} ${how}\n`;
    }
    case 'unknown':
      return `event 0x${e.type.toString(16)} (${e.data.length} bytes)\n`;
    default:
      return `${e.what}\n`;
  }
}

function wanted(req: ProcRequest, e: ProcEvent): boolean {
  if (req.events && !req.events.has(e.what)) return false;
  if (req.pids.length) {
    const pids = [eventPid(e)];
    if (e.what === 'fork') pids.push(e.parentTgid);
    if (!pids.some((p) => p !== undefined && req.pids.includes(p))) return false;
  }
  return true;
}

export async function runProc(req: ProcRequest, env: CommandEnv): Promise<number> {
  if (env.opts.netns !== null) {
    throw new CliError(
      'nlts monitor proc: process events are only sent to the initial network namespace; drop -n',
      1,
    );
  }
  let t;
  try {
    t = openMonitorSocket(env, NETLINK_CONNECTOR, req, { groups: CN_IDX_PROC, netns: false });
  } catch (e) {
    if (e instanceof NetlinkSocketError && e.errno === EPERM) throw needRoot(e.description);
    throw e;
  }
  let listening = false;
  return runMonitorSource(env, req, t, {
    start(w) {
      let acked = false;
      const more = counter(req.count);
      /** Handle one datagram; false once --count is reached. */
      const onDatagram = (d: Datagram): boolean => {
        for (const m of parseMessages(d.data)) {
          const cn = decodeConnectorMessage(m.payload);
          if (cn.idx !== CN_IDX_PROC || cn.val !== CN_VAL_PROC) continue;
          const e = decodeProcEvent(cn.data);
          if (e.what === 'none') {
            if (!acked) {
              acked = true;
              if (e.err === EPERM) throw needRoot('Operation not permitted');
              if (e.err !== 0)
                throw new CliError(
                  `nlts monitor proc: the kernel refused to listen (error ${e.err})`,
                  2,
                  'kernel',
                );
            }
            continue;
          }
          if (!wanted(req, e)) continue;
          const pid = eventPid(e);
          const comm = procComm(env, e, pid);
          if (req.comm !== undefined && comm !== req.comm) continue;
          w.plain(
            { source: 'proc', group: 'cn_proc', event: e.what, label: '' },
            procObject(e, comm),
            procText(e, comm),
          );
          if (!more()) return false;
        }
        return true;
      };

      t.send(encodeProcMcastOp(PROC_CN_MCAST_LISTEN, t.portId));
      listening = true;
      // Wait for the acknowledgement: it says whether the kernel accepted us.
      t.setReceiveTimeout(ACK_TIMEOUT_MS);
      while (!acked) {
        const d = t.receive();
        if (!d)
          throw new CliError('nlts monitor proc: the kernel did not acknowledge PROC_CN_MCAST_LISTEN', 1);
        if (!fromKernel(d)) continue; // a forged acknowledgement (or event) from a local process
        let go: boolean;
        try {
          go = onDatagram(d);
        } catch (e) {
          if (!(e instanceof CodecError)) throw e;
          w.malformed(d.data, e.message);
          continue;
        }
        if (!go) return null;
      }
      w.flush();
      if (req.count === 0) return null;
      return { datagram: onDatagram };
    },
    close() {
      if (!listening) return;
      try {
        t.send(encodeProcMcastOp(PROC_CN_MCAST_IGNORE, t.portId));
      } catch {
        /* the socket is going away anyway; the kernel drops the listener count on close in new kernels */
      }
    },
  });
}
