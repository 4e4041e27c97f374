/** `nlts raw listen`: bind a port id and groups, print what arrives with its recvmsg metadata. */
import { CliError } from '../../iproute/errors.js';
import type { CommandEnv } from '../env.js';
import { receiveEvents, joinGroup } from '../../netlink/events.js';

import { parseGnuOptions, seconds, uint, type GnuCommand, type Writable } from '../gnu-options.js';
import { HEADER_LEN, PID, PROTO, groupNumber } from './args.js';
import { decodeMessage } from './decode.js';
import { printLost, printMalformed, printMessage, rawPrinter } from './format.js';
import { RAW_LISTEN_HELP } from './help.js';
import { inNetns, type Datagram } from '../../netlink/transport.js';
import type { CodecError } from '../../netlink/codec/errors.js';
import { datagramHex } from '../../netlink/pump.js';
import { NETLINK_LISTEN_ALL_NSID, NETLINK_PKTINFO } from '../../netlink/gen/netlink.js';
import { SOL_NETLINK } from '../../netlink/gen/socket.js';

const LISTEN: GnuCommand = {
  name: 'nlts raw listen',
  hint: 'nlts raw listen --help',
  helpText: RAW_LISTEN_HELP,
  options: [
    PROTO,
    { name: 'group', value: 'G', parse: groupNumber, repeat: true, help: 'join multicast group G' },
    { ...PID, default: 0 },
    { name: 'count', value: 'N', parse: uint({ hex: true }), help: 'stop after N messages' },
    { name: 'duration', value: 'S', parse: seconds(), help: 'stop after S seconds' },
    { name: 'all-nsid', help: 'NETLINK_LISTEN_ALL_NSID: other namespaces too, with nsid=' },
    HEADER_LEN,
  ],
};

export interface ListenRequest {
  proto: number;
  groups: number[];
  pid: number;
  count: number | undefined;
  durationMs: number | undefined;
  allNsid: boolean;
  headerLen: number | undefined;
}

export interface ListenHooks {
  /** Ends the listener (main wires SIGINT to it). */
  signal?: AbortSignal;
  /** Called once the socket is bound and subscribed, with its port id. */
  onListening?: (portId: number) => void;
}

/** Parse `raw listen` arguments; null means help was asked for (and written to `out`). */
export function parseListenArgs(args: string[], out?: Writable): ListenRequest | null {
  const p = parseGnuOptions(LISTEN, args, out);
  if (p.help) return null;
  const proto = p.get<number>('proto');
  if (proto === undefined) throw new CliError('nlts raw listen: missing --proto N|NAME');
  const duration = p.get<number>('duration');
  return {
    proto,
    groups: p.all<number>('group'),
    pid: p.get<number>('pid')!,
    count: p.get<number>('count'),
    durationMs: duration === undefined ? undefined : Math.round(duration * 1000),
    allNsid: p.has('all-nsid'),
    headerLen: p.get<number>('header-len'),
  };
}

/** Arguments are checked synchronously (a usage error throws at once); the listening is async. */
export function rawListen(
  args: string[],
  env: CommandEnv,
  hooks: ListenHooks = {},
): number | Promise<number> {
  const req = parseListenArgs(args, env.out);
  if (!req) return 0;
  if (req.count === 0) return 0;
  return listen(req, env, hooks);
}

async function listen(req: ListenRequest, env: CommandEnv, hooks: ListenHooks): Promise<number> {
  const t = env.transports(req.proto, {
    ...inNetns(env.opts.netns),
    ...(req.pid ? { portId: req.pid } : {}),
  });
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  let timer: NodeJS.Timeout | undefined;
  try {
    for (const g of req.groups) joinGroup(t, g);
    t.setOption(SOL_NETLINK, NETLINK_PKTINFO, 1);
    if (req.allNsid) t.setOption(SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, 1);
    if (hooks.signal?.aborted) return 0;
    hooks.signal?.addEventListener('abort', onOuterAbort);
    if (req.durationMs !== undefined) timer = setTimeout(() => stop.abort(), req.durationMs);
    hooks.onListening?.(t.portId);
    let seen = 0;
    const p = rawPrinter(env.out, env.opts.json, env.opts.pretty);
    const malformed = (d: Datagram, e: CodecError): void =>
      printMalformed(p, e.message, d.senderPid, datagramHex(d.data));
    // Any sender: raw listen is for watching a protocol, and each record shows sender_pid.
    for await (const ev of receiveEvents(t, stop.signal, { senders: 'any', onMalformed: malformed })) {
      if (ev.kind === 'lost') {
        printLost(p, ev.error);
        continue;
      }
      const decoded = decodeMessage(ev.message, {
        proto: req.proto,
        headerLen: req.headerLen,
        datagram: ev.datagram,
        withNsid: req.allNsid,
      });
      printMessage(p, decoded);
      if (req.count !== undefined && ++seen >= req.count) break;
    }
    return 0;
  } finally {
    if (timer) clearTimeout(timer);
    hooks.signal?.removeEventListener('abort', onOuterAbort);
    t.close();
  }
}
