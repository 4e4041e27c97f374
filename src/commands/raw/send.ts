/** `nlts raw send`: build one message, send it, print every reply until the end of the exchange. */
import { CliError } from '../../cli/errors.js';
import type { CommandEnv } from '../../cli/env.js';
import { fromHex } from '../../netlink/codec/bytes.js';
import { InputFileError, MAX_REQUEST_FILE_BYTES, readFileBounded } from '../../netlink/bounded-read.js';
import { encodeMessage, parseMessages } from '../../netlink/codec/message.js';

import { NetlinkSocketError, NetlinkTimeoutError } from '../../netlink/errors.js';
import { joinGroup } from '../../netlink/events.js';

import type { Transport } from '../../netlink/transport.js';
import { inNetns } from '../../netlink/transport.js';
import { has, one, all, parseOptions, type OptionSpec } from './args.js';
import { buildAttributes } from './attrs.js';
import { decodeMessage } from './decode.js';
import { jsonRecord, messageText } from './format.js';
import { RAW_SEND_HELP } from './help.js';
import { parseFlags, parseProtocol, parseType, parseUint } from './names.js';
import {
  NETLINK_EXT_ACK,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLM_F_ACK,
  NLM_F_MULTI,
  NLM_F_REQUEST,
} from '../../netlink/gen/netlink.js';
import { ECONNREFUSED } from '../../netlink/gen/errno.js';
import { SOL_NETLINK } from '../../netlink/gen/socket.js';

const SPECS: Record<string, OptionSpec> = {
  proto: { value: true },
  type: { value: true },
  flags: { value: true },
  seq: { value: true },
  pid: { value: true },
  'msg-pid': { value: true },
  group: { value: true, repeat: true },
  'dest-pid': { value: true },
  'dest-group': { value: true },
  hex: { value: true },
  attr: { value: true, repeat: true },
  file: { value: true },
  'header-hex': { value: true },
  'header-len': { value: true },
  timeout: { value: true },
  help: { value: false },
};

/** Wait for each reply this long by default (milliseconds). */
export const DEFAULT_TIMEOUT_MS = 1000;
/** Multicast groups that fit sockaddr_nl.nl_groups (a 32-bit mask): 1-32. */
const MAX_BIND_GROUP = 32;
/** ip's exit status when the kernel refuses a request. */
const EXIT_KERNEL = 2;

export interface SendRequest {
  proto: number;
  type: number;
  flags: number;
  seq: number;
  msgPid: number;
  bindPid: number;
  groups: number[];
  destPid: number;
  destGroup: number;
  payload: Uint8Array;
  headerLen: number | undefined;
  timeoutMs: number;
}

function hexOption(value: string, what: string): Uint8Array {
  try {
    return fromHex(value);
  } catch {
    throw new CliError(`nlts raw send: ${what} "${value}" is not hex bytes (e.g. 0a00ff or "0a 00 ff")`);
  }
}

/** Parse `raw send` arguments into a request; null means help was asked for. */
export function parseSendArgs(args: string[]): SendRequest | null {
  const p = parseOptions('send', args, SPECS);
  if (has(p, 'help')) return null;
  const protoText = one(p, 'proto');
  if (protoText === undefined) throw new CliError('nlts raw send: missing --proto N|NAME');
  const proto = parseProtocol(protoText);
  const typeText = one(p, 'type');
  if (typeText === undefined) throw new CliError('nlts raw send: missing --type T');
  const type = parseType(proto, typeText);
  const flagsText = one(p, 'flags');
  const flags = flagsText === undefined ? NLM_F_REQUEST | NLM_F_ACK : parseFlags(flagsText);
  const seqText = one(p, 'seq');
  const seq =
    seqText === undefined ? Math.floor(Date.now() / 1000) >>> 0 : parseUint(seqText, 'sequence number');
  const bodies = ['hex', 'attr', 'file'].filter((k) => has(p, k));
  if (bodies.length > 1) throw new CliError('nlts raw send: use only one of --hex, --attr, --file');
  let body: Uint8Array = new Uint8Array(0);
  const hex = one(p, 'hex');
  const file = one(p, 'file');
  if (hex !== undefined) body = hexOption(hex, '--hex');
  else if (has(p, 'attr')) body = buildAttributes(all(p, 'attr'));
  else if (file !== undefined) {
    try {
      body = new Uint8Array(readFileBounded(file, MAX_REQUEST_FILE_BYTES, '--file'));
    } catch (e) {
      const why =
        e instanceof InputFileError
          ? `larger than ${MAX_REQUEST_FILE_BYTES / 1024 / 1024} MiB (a netlink message cannot be)`
          : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
      throw new CliError(`nlts raw send: cannot read --file ${file}: ${why}`);
    }
  }
  const headerHex = one(p, 'header-hex');
  const header: Uint8Array =
    headerHex === undefined ? new Uint8Array(0) : hexOption(headerHex, '--header-hex');
  const payload = new Uint8Array(header.length + body.length);
  payload.set(header);
  payload.set(body, header.length);
  const destPidText = one(p, 'dest-pid');
  const destGroupText = one(p, 'dest-group');
  const destPid = destPidText === undefined ? 0 : parseUint(destPidText, 'destination port id');
  const destGroup =
    destGroupText === undefined ? 0 : parseUint(destGroupText, 'destination group', MAX_BIND_GROUP);
  const headerLenText = one(p, 'header-len');
  const timeoutText = one(p, 'timeout');
  return {
    proto,
    type,
    flags,
    seq,
    msgPid: parseUint(one(p, 'msg-pid') ?? '0', 'message port id'),
    bindPid: parseUint(one(p, 'pid') ?? '0', 'port id'),
    groups: all(p, 'group').map((g) => parseUint(g, 'group')),
    destPid,
    destGroup,
    payload,
    headerLen: headerLenText === undefined ? undefined : parseUint(headerLenText, 'header length', 0xffff),
    // To a process (port id or group) nothing is expected back unless asked for.
    timeoutMs:
      timeoutText !== undefined
        ? parseUint(timeoutText, 'timeout', 2 ** 31 - 1)
        : destPid !== 0 || destGroup !== 0
          ? 0
          : DEFAULT_TIMEOUT_MS,
  };
}

export function rawSend(args: string[], env: CommandEnv): number {
  const req = parseSendArgs(args);
  if (!req) {
    env.out.write(RAW_SEND_HELP);
    return 0;
  }
  const t = env.transports(req.proto, {
    ...inNetns(env.opts.netns),
    ...(req.bindPid ? { portId: req.bindPid } : {}),
  });
  try {
    return exchange(t, req, env);
  } finally {
    t.close();
  }
}

function exchange(t: Transport, req: SendRequest, env: CommandEnv): number {
  try {
    t.setOption(SOL_NETLINK, NETLINK_EXT_ACK, 1);
  } catch {
    // Kernels before 4.12 have no extended ACKs: errors come without text.
  }
  for (const g of req.groups) joinGroup(t, g);
  const bytes = encodeMessage({
    type: req.type,
    flags: req.flags,
    seq: req.seq,
    pid: req.msgPid,
    payload: req.payload,
  });
  try {
    t.send(bytes, req.destPid, req.destGroup ? 2 ** (req.destGroup - 1) : 0);
  } catch (e) {
    // netlink_sendmsg() (net/netlink/af_netlink.c) broadcasts to the group and then
    // also unicasts to nl_pid; with nl_pid 0 on a protocol without a kernel socket
    // (usersock) that unicast fails with ECONNREFUSED although the broadcast went out.
    const broadcastOnly = req.destGroup !== 0 && req.destPid === 0;
    if (!(broadcastOnly && e instanceof NetlinkSocketError && e.errno === ECONNREFUSED)) throw e;
  }
  if (req.timeoutMs === 0) return 0;
  t.setReceiveTimeout(req.timeoutMs);
  let status = 0;
  for (;;) {
    const d = t.receive();
    if (!d)
      throw new NetlinkTimeoutError(`no reply within ${req.timeoutMs} ms (use --timeout MS to wait longer)`);
    let end = false;
    for (const m of parseMessages(d.data)) {
      const decoded = decodeMessage(m, {
        proto: req.proto,
        headerLen: req.headerLen,
        request: bytes,
        requestType: req.type,
        ...(d.senderPid !== 0 || d.group >= 0 ? { datagram: d } : {}),
      });
      env.out.write(env.opts.json ? jsonRecord(decoded, env.opts.pretty) : messageText(decoded));
      if (m.seq !== req.seq) continue;
      if (m.type === NLMSG_ERROR || m.type === NLMSG_DONE) {
        end = true;
        if (decoded.error) {
          status = EXIT_KERNEL;
          const x = decoded.error.extack?.message;
          env.err.write(
            `nlts raw send: ${decoded.error.code ?? `errno ${decoded.error.errno}`}: ${decoded.error.description ?? ''}${x ? `: ${x}` : ''}\n`,
          );
        }
      } else if (!(m.flags & NLM_F_MULTI) && !(req.flags & NLM_F_ACK)) {
        // A single reply to a request that asked for no ACK ends the exchange.
        end = true;
      }
    }
    if (end) return status;
  }
}
