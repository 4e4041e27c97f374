import { closeSync, fstatSync, openSync } from 'node:fs';
import { CliError } from '../iproute/errors.js';
import { escapeForDisplay } from '../netlink/codec/text.js';
import { EXIT_BAD_OPTION, colorEnabled, parseGlobalOptions, type GlobalOptions } from './options.js';
import type { CommandEnv } from '../commands/env.js';
import { BrokenPipeError, FdOutput, type Output } from '../output/output.js';
import type { TransportFactory } from '../netlink/transport.js';
import { readTableFile } from '../netlink/bounded-read.js';
import { findObject } from '../registry/registry.js';

/** package.json's version; test/unit/cli.test.ts checks they agree. */
export const VERSION = '0.1.0';

/**
 * Objects come from the one registry (src/registry/registry.ts), in ip's order of
 * matching, so abbreviations resolve like ip's ("l" is link, "net" is netns);
 * the usage text lists them from there too (src/cli/usage.ts).
 */

export interface RunIo {
  stdout: Output & { flush?: () => void };
  stderr: Output & { flush?: () => void };
  /** Whether stdout is a terminal; a function when finding out has a cost. */
  isTTY: boolean | (() => boolean);
  env: NodeJS.ProcessEnv;
  argv0?: string;
}

/**
 * Make sure the recording can be written before the command runs, so a
 * change is never made whose recording then fails: the file is created (or
 * opened for appending, leaving its content for save() to replace).
 */
async function checkRecordPath(path: string): Promise<void> {
  try {
    closeSync(openSync(path, 'a'));
  } catch (e) {
    const { native } = await import('../netlink/native.js');
    const errno = -((e as NodeJS.ErrnoException).errno ?? 0);
    throw new CliError(
      `nlts: cannot write the recording "${path}": ${native().strerror(errno)}`,
      1,
      'record',
    );
  }
}

/** stdout's terminal-ness, found out at most once and only when asked. */
function ttyOf(io: RunIo): () => boolean {
  if (typeof io.isTTY === 'boolean') {
    const v = io.isTTY;
    return () => v;
  }
  const probe = io.isTTY;
  let known: boolean | undefined;
  return () => (known ??= probe());
}

/** Build the transport factory: the kernel, or a recording/replay around it. */
async function transportsFor(
  opts: GlobalOptions,
  commandLine: string,
): Promise<{ factory: TransportFactory; finish: () => void; fact: CommandEnv['fact'] }> {
  if (opts.replay) {
    const { Replayer } = await import('../netlink/recording.js');
    const r = Replayer.load(opts.replay);
    return { factory: r.factory, finish: () => {}, fact: (key) => r.fact(key) };
  }
  const { openNativeTransport } = await import('../netlink/native-transport.js');
  if (opts.record) {
    await checkRecordPath(opts.record);
    const { Recorder } = await import('../netlink/recording.js');
    const rec = new Recorder(openNativeTransport, commandLine);
    const path = opts.record;
    return {
      factory: rec.factory,
      finish: () => rec.save(path),
      fact: (key, compute) => rec.fact(key, compute),
    };
  }
  return { factory: openNativeTransport, finish: () => {}, fact: (_key, compute) => compute() };
}

/** The command line stored in a recording: the command as replay will run it, without --record. */
export function commandLineWithoutRecord(argv: string[]): string {
  const words: string[] = ['nlts'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--record') i++;
    else if (!a.startsWith('--record=')) words.push(a);
  }
  return words.join(' ');
}

async function colorizer(): Promise<CommandEnv['colorize']> {
  const { colorize } = await import('../output/color.js');
  return colorize;
}

/** Look the object up (ip's abbreviation order) and run its handler; long-running ones get a signal. */
async function execute(words: string[], env: CommandEnv): Promise<number> {
  const word = words[0]!;
  const object = findObject(word);
  if (!object) throw new CliError(`Object "${word}" is unknown, try "nlts help".`, EXIT_BAD_OPTION);
  const handler = await object.load();
  if (words.length === 2 && (words[1] === 'help' || words[1] === '--help')) {
    // The help policy (README "Conventions"): help that was asked for goes to
    // stdout and exits 0, whatever stream and status the object's usage()
    // uses for a usage error (ip's usage() writes stderr and exits 255 for both).
    try {
      const code = await handler(['help'], { ...env, err: env.out });
      return code === EXIT_BAD_OPTION ? 0 : code;
    } catch (e) {
      // Objects whose usage() throws its text as a help CliError (lines: true).
      if (!(e instanceof CliError) || !e.lines) throw e;
      env.out.write(e.message.endsWith('\n') ? e.message : e.message + '\n');
      return 0;
    }
  }
  if (!object.longRunning) return await handler(words.slice(1), env);
  // Only listeners get signal handlers: a short command keeps the default,
  // so Ctrl-C always ends it at once.
  const ac = new AbortController();
  // The signal's name is the abort reason: a stop by SIGINT/SIGTERM exits 130/143 (monitor/session.ts).
  const stop = (sig: NodeJS.Signals): void => ac.abort(sig);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await handler(words.slice(1), { ...env, signal: ac.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function isStack(e: unknown): boolean {
  return !(e instanceof CliError) && e instanceof Error && e.stack !== undefined;
}

/**
 * An error message as one line for stderr: newlines, escape sequences and
 * other control characters inside it (from an argument such as a device
 * name, or from a kernel extended-ACK message) are shown escaped (\n, \x1b),
 * so they can neither split the line nor drive the terminal. Trailing
 * newlines are ip's own blank lines after some messages and are kept.
 */
function oneLine(message: string, lines = false): string {
  const body = message.replace(/\n+$/, '');
  const tail = message.slice(body.length);
  // nlts's own usage texts keep their layout: lines and ip's tab indents.
  const shown = lines
    ? body
        .split('\n')
        .map((l) => l.split('\t').map(escapeForDisplay).join('\t'))
        .join('\n')
    : escapeForDisplay(body);
  return shown + (tail || '\n');
}

/** One line on stderr (and a JSON error object on stdout with -j); returns the exit status. */
async function report(e: unknown, io: RunIo, json: boolean): Promise<number> {
  // Loaded on the error path only: a successful command does not pay for them.
  const { describeError, errorJson } = await import('../iproute/describe-error.js');
  const { takeOpenDocument } = await import('../output/output.js');
  const debug = io.env.NLTS_DEBUG === '1';
  const d = describeError(e, debug);
  // The JSON document the failed command left open on stdout (kept by the output, not a static).
  const started = takeOpenDocument(io.stdout);
  if (json) {
    try {
      // Mid-document (e.g. a dump that failed after "[" went out): close it with the error as last element.
      if (!started?.abortDocument(JSON.stringify(errorJson(d))))
        io.stdout.write(JSON.stringify(errorJson(d)) + '\n');
    } catch {
      /* stdout is gone too */
    }
  }
  // The JSON object keeps the real text (JSON escapes it); stderr gets one line.
  io.stderr.write(debug && isStack(e) ? d.message + '\n' : oneLine(d.message, d.lines));
  return d.exitCode;
}

/**
 * ip -batch: every line of FILE (or stdin for "-") is one command with the
 * same global options, "#" starts a comment, a trailing backslash continues
 * the line. The first failure stops the batch unless -force; each failure is
 * followed by "Command failed FILE:LINE" as ip prints it. Lines are read and
 * run one at a time as they arrive (a pipe that writes one line and waits
 * sees that line's output at once), each bounded in length.
 */
async function runBatch(name: string, io: RunIo, env: CommandEnv): Promise<number> {
  let fd: number;
  try {
    fd = name === '-' ? 0 : openSync(name, 'r');
  } catch (e) {
    const { native } = await import('../netlink/native.js');
    const errno = -((e as NodeJS.ErrnoException).errno ?? 0);
    throw new CliError(`Cannot open file "${name}" for reading: ${native().strerror(errno)}`);
  }
  const [{ batchItems }, { BoundedLineReader, MAX_BATCH_LINE_BYTES }] = await Promise.all([
    import('./batch.js'),
    import('../netlink/bounded-read.js'),
  ]);
  const reader = new BoundedLineReader(fd, MAX_BATCH_LINE_BYTES);
  let status = 0;
  try {
    for (const item of batchItems(() => readBatchLine(reader, name))) {
      if ('error' in item && item.end) {
        io.stderr.write(item.error + '\n');
        break;
      }
      if ('error' in item && item.fatal) {
        await report(new CliError(item.error), io, env.opts.json);
        status = 1;
        break;
      }
      let code: number;
      try {
        if ('error' in item) throw new CliError(item.error);
        code = await execute(item.words, env);
      } catch (e) {
        if (e instanceof BrokenPipeError) throw e;
        code = await report(e, io, env.opts.json);
      }
      if (code !== 0) {
        io.stderr.write(`Command failed ${name}:${item.line}\n`);
        status = 1;
        if (!env.opts.force) break;
      }
      // The next read may wait on a pipe: what this line printed goes out first.
      io.stdout.flush?.();
      io.stderr.flush?.();
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  return status;
}

/** The next line of a batch input; a read error (EISDIR, EIO) is said as ip would say it. */
function readBatchLine(reader: import('../netlink/bounded-read.js').BoundedLineReader, name: string) {
  try {
    return reader.next();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`nlts: cannot read batch input "${name}": ${err.code ?? err.message}`);
  }
}

/**
 * Run one nlts command line. Never throws: every failure becomes one line on
 * stderr (and a JSON error object on stdout with -j) and an exit status.
 */
export async function run(argv: string[], io: RunIo): Promise<number> {
  const state: RunState = { opts: undefined, finish: () => {} };
  let code: number;
  try {
    code = await runCommand(argv, io, state);
  } catch (e) {
    code = e instanceof BrokenPipeError ? 0 : await report(e, io, state.opts?.json ?? false);
  }
  try {
    state.finish();
  } catch (e) {
    // The command ran but its recording is lost: that is a failure of this run.
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`nlts: cannot write the recording: ${oneLine(err.message)}`);
    if (code === 0) code = 1;
  }
  return code;
}

/** What run() needs after the command, however it ended: the options (for -j) and the recording's save. */
interface RunState {
  opts: GlobalOptions | undefined;
  finish: () => void;
}

async function runCommand(argv: string[], io: RunIo, state: RunState): Promise<number> {
  // The shell's callback (src/cli/completion.ts): its words are the user's half-typed line, not options.
  if (argv[0] === '__complete')
    return (await import('./completion.js')).runCompletion('__complete', argv.slice(1), io.stdout, io.stderr);
  const parsed = parseGlobalOptions(argv);
  const opts = parsed.opts;
  state.opts = opts;
  const rest = parsed.rest;
  if (opts.version) {
    // ip.c prints "ip utility, iproute2-6.1.0"; the same shape for nlts.
    io.stdout.write(`nlts utility, nlts-${VERSION}\n`);
    return 0;
  }
  // ip enters -n NAME before anything else runs; a blank NAME is refused here, before
  // any socket exists, so no command can run in the caller's namespace by mistake.
  if (opts.netns !== null && opts.netns.trim() === '') {
    const [{ NetlinkSocketError }, { EINVAL }] = await Promise.all([
      import('../netlink/errors.js'),
      import('../netlink/gen/errno.js'),
    ]);
    throw new NetlinkSocketError('setns', EINVAL, 'EINVAL', 'Invalid argument', opts.netns);
  }
  if (opts.record !== null && opts.replay !== null) {
    throw new CliError('nlts: --record and --replay cannot be used together', EXIT_BAD_OPTION);
  }
  if ((rest[0] === undefined && opts.batch === null) || opts.help) {
    (opts.help ? io.stdout : io.stderr).write((await import('./usage.js')).USAGE);
    return opts.help ? 0 : EXIT_BAD_OPTION;
  }
  if (rest[0] === 'completion')
    return (await import('./completion.js')).runCompletion('completion', rest.slice(1), io.stdout, io.stderr);
  const t = await transportsFor(opts, commandLineWithoutRecord(argv));
  state.finish = t.finish;
  const env: CommandEnv = {
    opts,
    out: io.stdout,
    err: io.stderr,
    transports: t.factory,
    colorize: colorEnabled(opts, ttyOf(io), io.env) ? await colorizer() : undefined,
    readFile: readTableFile,
    fact: t.fact,
    get isTTY() {
      return ttyOf(io)();
    },
  };
  if (opts.batch !== null) return await runBatch(opts.batch, io, env);
  return await execute(rest, env);
}

/** Entry point used by bin/nlts.js. */
export async function main(): Promise<void> {
  const stdout = new FdOutput(1);
  const stderr = new FdOutput(2);
  let code: number;
  try {
    let argv = process.argv.slice(2);
    // Words that were not UTF-8 (U+FFFD in them): their bytes, from /proc/self/cmdline.
    if (argv.some((a) => a.includes('\ufffd'))) argv = (await import('./argv.js')).recoverArgvBytes(argv);
    code = await run(argv, {
      stdout,
      stderr,
      // isatty(1), not process.stdout: touching that stream would make a pipe non-blocking.
      // Asked only when colour is "auto". isatty(1) without node:tty (which drags in
      // node:net, ~4 ms of start-up): stdout is a terminal when it is a character
      // device of a tty driver (major 4 and 5: tty, console; 136-143: pseudo-terminals).
      isTTY: () => isTerminalFd(1),
      env: process.env,
    });
    stdout.flush();
  } catch (e) {
    // Only a broken pipe can get here (run() catches everything else).
    code = e instanceof BrokenPipeError ? 0 : 1;
  }
  try {
    stderr.flush();
  } catch {
    /* nothing left to tell */
  }
  process.exitCode = code;
}

/** isatty(fd) for Linux from fstat: a character device whose major number is a tty driver's. */
function isTerminalFd(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    const major = Math.floor(st.rdev / 256) & 0xfff;
    return major === 4 || major === 5 || (major >= 136 && major <= 143);
  } catch {
    return false;
  }
}
