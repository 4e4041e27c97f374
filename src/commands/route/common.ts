import type { CommandEnv } from '../env.js';

import { Connection } from '../../netlink/connection.js';

import { incomplete } from '../../iproute/parse.js';
import type { Output } from '../../output/output.js';
import { Printer } from '../../output/printer.js';
import { inNetns } from '../../netlink/transport.js';
import { NETLINK_GET_STRICT_CHK, NETLINK_ROUTE } from '../../netlink/gen/netlink.js';
import { SOL_NETLINK } from '../../netlink/gen/socket.js';

/** Open the rtnetlink socket like ip: strict dump checking on, so the kernel filters dumps. */
export function openRoute(env: CommandEnv): Connection {
  const conn = Connection.open(env.transports, NETLINK_ROUTE, inNetns(env.opts.netns));
  try {
    conn.transport.setOption(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
  } catch {
    // Kernels before 4.20: the dump is filtered in userspace only (filterRoute does it anyway).
  }
  return conn;
}

// One chunking output (it names its target, so a failure mid-document closes the JSON).
export { ChunkedOutput } from '../../output/output.js';

export function makePrinter(env: CommandEnv, out: Output): Printer {
  return new Printer(out, {
    json: env.opts.json,
    pretty: env.opts.pretty,
    oneline: env.opts.oneline,
    colorize: env.colorize,
  });
}

/** An argument cursor with ip's NEXT_ARG. */
export class Args {
  i = 0;
  constructor(readonly words: string[]) {}
  get more(): boolean {
    return this.i < this.words.length;
  }
  get cur(): string {
    return this.words[this.i]!;
  }
  /** NEXT_ARG(): step to the value, or "Command line is not complete". */
  next(): string {
    if (this.i + 1 >= this.words.length) incomplete();
    return this.words[++this.i]!;
  }
  /** The following word without consuming it. */
  peek(): string | undefined {
    return this.words[this.i + 1];
  }
}
