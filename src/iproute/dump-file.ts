/**
 * ip's binary dump files (`ip route|address|rule save`, read back by
 * `restore`/`showdump`): a 32-bit magic in host byte order, then the netlink
 * messages of the dump exactly as the kernel sent them (nlmsghdr included),
 * one after another (save_route/save_nlmsg/save_rule write n->nlmsg_len
 * bytes each; rtnl_from_file reads NLMSG_ALIGN(len) back). Files are
 * interchangeable with ip's in both directions.
 */
import { writeSync } from 'node:fs';
import { MAX_SAVED_DUMP_BYTES, readFileBounded } from '../netlink/bounded-read.js';
import { isatty } from 'node:tty';
import { HOST_LITTLE_ENDIAN, view } from '../netlink/codec/bytes.js';
import { encodeMessage, type NetlinkMessage } from '../netlink/codec/message.js';
import { CliError } from './errors.js';
import { describeError } from './describe-error.js';
import type { Connection } from '../netlink/connection.js';
import { NetlinkKernelError } from '../netlink/errors.js';
import { NLM_F_CREATE } from '../netlink/gen/netlink.js';

/** route_dump_magic (ip/iproute.c). */
export const ROUTE_DUMP_MAGIC = 0x45311224;
/** ipadd_dump_magic (ip/ipaddress.c). */
export const ADDR_DUMP_MAGIC = 0x47361222;
/** rule_dump_magic (ip/iprule.c). */
export const RULE_DUMP_MAGIC = 0x71706986;

const NLMSG_HDRLEN = 16;
/** rtnl_from_file's buffer: a longer message is "malformed". */
const FILE_MESSAGE_MAX = 16384;

/** One message as save_nlmsg writes it: nlmsg_len bytes (the header as received and the payload). */
export function encodeSavedMessage(m: NetlinkMessage): Uint8Array {
  return encodeMessage(m).subarray(0, NLMSG_HDRLEN + m.payload.length);
}

/**
 * The *_dump_check_magic functions: the first four bytes must be `magic`,
 * else ip's "Magic mismatch (N elems, X magic)" (status 255 for exit(-1), 1 for ip route).
 */
export function checkDumpMagic(data: Uint8Array, magic: number, exitCode = 255): void {
  const elems = data.length >= 4 ? 1 : 0;
  const found = elems ? view(data).getUint32(0, HOST_LITTLE_ENDIAN) : 0;
  if (found !== magic) {
    throw new CliError(`Magic mismatch (${elems} elems, ${found.toString(16)} magic)`, exitCode);
  }
}

/**
 * rtnl_from_file after the magic: the messages of a saved dump, read as ip
 * reads them (a header, then NLMSG_ALIGN(len - 16) bytes), or ip's message
 * for a broken file with `exitCode` (it differs between ip's objects).
 */
export function* readDumpFile(
  data: Uint8Array,
  magic: number,
  exitCode: number,
  magicExitCode = exitCode,
): Generator<NetlinkMessage> {
  checkDumpMagic(data, magic, magicExitCode);
  const dv = view(data);
  const truncated = (): never => {
    throw new CliError('rtnl-from_file: truncated message', exitCode);
  };
  let off = 4;
  while (off < data.length) {
    if (data.length - off < NLMSG_HDRLEN) truncated();
    const len = dv.getInt32(off, HOST_LITTLE_ENDIAN);
    const l = len - NLMSG_HDRLEN;
    if (l < 0 || len > FILE_MESSAGE_MAX)
      throw new CliError(`!!!malformed message: len=${len} @${off + NLMSG_HDRLEN}`, exitCode);
    const aligned = (l + 3) & ~3;
    if (data.length - off - NLMSG_HDRLEN < aligned) truncated();
    yield {
      type: dv.getUint16(off + 4, HOST_LITTLE_ENDIAN),
      flags: dv.getUint16(off + 6, HOST_LITTLE_ENDIAN),
      seq: dv.getUint32(off + 8, HOST_LITTLE_ENDIAN),
      pid: dv.getUint32(off + 12, HOST_LITTLE_ENDIAN),
      payload: data.subarray(off + NLMSG_HDRLEN, off + NLMSG_HDRLEN + l),
    };
    off += NLMSG_HDRLEN + aligned;
  }
}

/**
 * Binary standard input and output for save/restore. CommandEnv carries
 * text only; an environment may provide these (tests, the library), else
 * the process's own descriptors 0 and 1 are used, as ip does.
 */
export interface BinaryStdio {
  readStdin(): Uint8Array;
  writeStdout(data: Uint8Array): void;
  /** isatty(STDIN_FILENO) */
  stdinIsTTY(): boolean;
}

const EAGAIN = 'EAGAIN';

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off, data.length - off);
    } catch (e) {
      // A non-blocking pipe that is full: try again until the reader takes it.
      if ((e as NodeJS.ErrnoException).code !== EAGAIN) throw e;
    }
  }
}

/** What the dump files need of a command's environment: its text output (flushed before binary writes) and whether stdout is a terminal. */
export interface TextOut {
  out: { flush?(): void };
  isTTY?: boolean;
}

/** Bytes collected before a write (ip writes each message; a write per chunk is cheaper). */
const WRITE_CHUNK = 64 * 1024;

/**
 * save_*_prep and save_nlmsg: refuse a terminal ("Not sending a binary
 * stream to stdout", status 1), then write the magic and each message as it
 * comes (`messages` is only read after that check, so a dump is not sent first).
 */
export function writeDump(env: TextOut, magic: number, messages: Iterable<NetlinkMessage>): void {
  const io = binaryStdio(env);
  if (env.isTTY) throw new CliError('Not sending a binary stream to stdout', 1);
  const chunk = new Uint8Array(WRITE_CHUNK);
  view(chunk).setUint32(0, magic, HOST_LITTLE_ENDIAN);
  let used = 4;
  for (const m of messages) {
    const bytes = encodeSavedMessage(m);
    if (used + bytes.length > chunk.length) {
      io.writeStdout(chunk.slice(0, used));
      used = 0;
    }
    if (bytes.length > chunk.length) io.writeStdout(bytes);
    else {
      chunk.set(bytes, used);
      used += bytes.length;
    }
  }
  if (used) io.writeStdout(chunk.slice(0, used));
}

/**
 * The *_dump_check_magic terminal test ("Can't restore WHAT dump from a
 * terminal"), then the saved messages on standard input, read lazily.
 */
export function readDump(
  env: TextOut,
  magic: number,
  what: string,
  exitCode: number,
  magicExitCode = exitCode,
): Iterable<NetlinkMessage> {
  const io = binaryStdio(env);
  if (io.stdinIsTTY()) throw new CliError(`Can't restore ${what} dump from a terminal`, magicExitCode);
  const data = io.readStdin();
  return { [Symbol.iterator]: () => readDumpFile(data, magic, exitCode, magicExitCode) };
}

export function binaryStdio(env: TextOut): BinaryStdio {
  const own = env as TextOut & Partial<BinaryStdio>;
  return {
    // Bounded like every input (rule 5): a saved dump larger than this is refused, not read.
    readStdin:
      own.readStdin?.bind(own) ??
      (() => new Uint8Array(readFileBounded(0, MAX_SAVED_DUMP_BYTES, 'saved dump'))),
    writeStdout:
      own.writeStdout?.bind(own) ??
      ((data) => {
        env.out.flush?.();
        writeAll(1, data);
      }),
    stdinIsTTY: own.stdinIsTTY?.bind(own) ?? (() => isatty(0)),
  };
}

/** EEXIST: restore_handler keeps going when the object is already there (after rtnl_talk printed why). */
const EEXIST = 17;

/**
 * restore_handler of ip route/address/rule: each saved message sent back
 * as a request with NLM_F_CREATE added to its flags and an ACK. The kernel's
 * refusal is printed as rtnl_talk prints it; EEXIST goes on, anything else
 * ends the restore with `failExit` (2 for ip route, 255 for address and rule).
 */
export function restoreMessages(
  conn: Connection,
  messages: Iterable<NetlinkMessage>,
  err: { write(s: string): void },
  failExit: number,
): void {
  for (const m of messages) {
    try {
      conn.request(m.type, m.payload, m.flags | NLM_F_CREATE);
    } catch (e) {
      if (!(e instanceof NetlinkKernelError)) throw e;
      const message = describeError(e).message;
      if (e.errno !== EEXIST) throw new CliError(message, failExit, 'kernel');
      err.write(message + '\n');
    }
  }
}

/** The messages of a dump that are of one type (a dump may carry others, e.g. RTM_DELROUTE). */
export function* onlyType(messages: Iterable<NetlinkMessage>, type: number): Generator<NetlinkMessage> {
  for (const m of messages) if (m.type === type) yield m;
}
