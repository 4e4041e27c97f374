/** `nlts raw send`: build one message, send it, print every reply until the end of the exchange. */
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { fromHex } from '../../netlink/codec/bytes.js';
import { InputFileError, MAX_REQUEST_FILE_BYTES, readFileBounded } from '../../netlink/bounded-read.js';
import { encodeMessage, parseMessages } from '../../netlink/codec/message.js';

import { NetlinkSocketError, NetlinkTimeoutError } from '../../netlink/errors.js';
import { joinGroup } from '../../netlink/events.js';

import type { Transport } from '../../netlink/transport.js';
import { inNetns } from '../../netlink/transport.js';
import { parseGnuOptions, uint, type GnuCommand, type Writable } from '../gnu-options.js';
import { HEADER_LEN, PID, PROTO, groupNumber, u32 } from './args.js';
import { buildAttributes } from './attrs.js';
import { decodeMessage } from './decode.js';
import { printMessage, rawPrinter } from './format.js';
import { RAW_SEND_HELP } from './help.js';
import { parseFlags, parseType } from './names.js';
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

/** Multicast groups that fit sockaddr_nl.nl_groups (a 32-bit mask): 1-32. */
const MAX_BIND_GROUP = 32;

const SEND: GnuCommand = {
  name: 'nlts raw send',
  hint: 'nlts raw send --help',
  helpText: RAW_SEND_HELP,
  options: [
    PROTO,
    { name: 'type', value: 'T', help: 'nlmsg_type' },
    { name: 'flags', value: 'FLAGS', help: 'comma-separated nlmsg_flags' },
    { name: 'seq', value: 'S', parse: u32, help: 'nlmsg_seq' },
    { name: 'msg-pid', value: 'P', parse: u32, default: 0, help: 'nlmsg_pid in the header' },
    { ...PID, default: 0 },
    { name: 'group', value: 'G', parse: groupNumber, repeat: true, help: 'join multicast group G' },
    { name: 'dest-pid', value: 'P', parse: u32, help: 'send to port id P' },
    {
      name: 'dest-group',
      value: 'G',
      parse: uint({ max: MAX_BIND_GROUP, hex: true }),
      help: 'send to group G',
    },
    { name: 'hex', value: 'BYTES', help: 'the rest of the payload as hex' },
    { name: 'attr', value: 'SPEC', repeat: true, help: 'an attribute TYPE[.TYPE...]:KIND[=VALUE]' },
    { name: 'file', value: 'F', help: 'the rest of the payload from file F' },
    { name: 'header-hex', value: 'BYTES', help: 'family header as hex' },
    HEADER_LEN,
    {
      name: 'timeout',
      value: 'MS',
      parse: uint({ max: 2 ** 31 - 1, hex: true }),
      help: 'wait MS for each reply',
    },
  ],
};

/** Wait for each reply this long by default (milliseconds). */
export const DEFAULT_TIMEOUT_MS = 1000;
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

/** Parse `raw send` arguments into a request; null means help was asked for (and written to `out`). */
export function parseSendArgs(args: string[], out?: Writable): SendRequest | null {
  const p = parseGnuOptions(SEND, args, out);
  if (p.help) return null;
  const proto = p.get<number>('proto');
  if (proto === undefined) throw new CliError('nlts raw send: missing --proto N|NAME');
  const typeText = p.get('type');
  if (typeText === undefined) throw new CliError('nlts raw send: missing --type T');
  const type = parseType(proto, typeText);
  const flagsText = p.get('flags');
  const flags = flagsText === undefined ? NLM_F_REQUEST | NLM_F_ACK : parseFlags(flagsText);
  const seq = p.get<number>('seq') ?? Math.floor(Date.now() / 1000) >>> 0;
  const bodies = ['hex', 'attr', 'file'].filter((k) => p.has(k));
  if (bodies.length > 1) throw new CliError('nlts raw send: use only one of --hex, --attr, --file');
  let body: Uint8Array = new Uint8Array(0);
  const hex = p.get('hex');
  const file = p.get('file');
  if (hex !== undefined) body = hexOption(hex, '--hex');
  else if (p.has('attr')) body = buildAttributes(p.all('attr'));
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
  const headerHex = p.get('header-hex');
  const header: Uint8Array =
    headerHex === undefined ? new Uint8Array(0) : hexOption(headerHex, '--header-hex');
  const payload = new Uint8Array(header.length + body.length);
  payload.set(header);
  payload.set(body, header.length);
  const destPid = p.get<number>('dest-pid') ?? 0;
  const destGroup = p.get<number>('dest-group') ?? 0;
  const timeout = p.get<number>('timeout');
  return {
    proto,
    type,
    flags,
    seq,
    msgPid: p.get<number>('msg-pid')!,
    bindPid: p.get<number>('pid')!,
    groups: p.all<number>('group'),
    destPid,
    destGroup,
    payload,
    headerLen: p.get<number>('header-len'),
    // To a process (port id or group) nothing is expected back unless asked for.
    timeoutMs: timeout ?? (destPid !== 0 || destGroup !== 0 ? 0 : DEFAULT_TIMEOUT_MS),
  };
}

export function rawSend(args: string[], env: CommandEnv): number {
  const req = parseSendArgs(args, env.out);
  if (!req) return 0;
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
  const p = rawPrinter(env.out, env.opts.json, env.opts.pretty);
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
      printMessage(p, decoded);
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
