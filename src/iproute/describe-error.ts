import { CliError } from './errors.js';
import { CodecError } from '../netlink/codec/errors.js';
import {
  DumpInconsistentError,
  NetlinkKernelError,
  NetlinkSocketError,
  NetlinkTimeoutError,
} from '../netlink/errors.js';

import { InputFileError } from '../netlink/bounded-read.js';
import { rtnlAttributePath } from './attr-names.js';
import { EINVAL, EPERM } from '../netlink/gen/errno.js';

export interface DescribedError {
  message: string;
  exitCode: number;
  kind: string;
  errno?: number;
  code?: string;
  /** The request attribute the kernel's extack points at, by name (IFAL_ADDRESS, IFLA_LINKINFO.IFLA_INFO_DATA...). */
  attribute?: string;
  /** nlts's own multi-line text (usage, help): printed as its lines, not folded into one. */
  lines?: boolean;
}

/** ip's exit status when the kernel refuses a request (rtnl_talk failures exit(2)). */
export const EXIT_KERNEL = 2;

/** ip's exit status when -n NAME cannot be entered (ip/ip.c: netns_switch() failed, exit(-1)). */
export const EXIT_NETNS = 255;

/** Turn any error into one line for people, an exit status and a kind for the -j error object. */
export function describeError(e: unknown, debug = false): DescribedError {
  if (e instanceof CliError)
    return { message: e.message, exitCode: e.exitCode, kind: e.kind, ...(e.lines ? { lines: true } : {}) };
  if (e instanceof NetlinkKernelError) {
    const ext = e.extack.message;
    // ip prints only the kernel's text; nlts also names the attribute the
    // extack offset points at (NLMSGERR_ATTR_OFFS), as its genl errors do.
    const path = e.extack.attribute
      ? rtnlAttributePath(e.protocol, e.requestType, e.extack.attribute.path, e.request)
      : undefined;
    const at = path ? ` (attribute ${path.join('.')})` : '';
    const message = ext
      ? `Error: ${ext.replace(/[.!?]$/, '')}${at}${/[.!?]$/.exec(ext)?.[0] ?? '.'}`
      : `RTNETLINK answers: ${e.description}${at}`;
    return {
      message,
      exitCode: EXIT_KERNEL,
      kind: 'kernel',
      errno: e.errno,
      code: e.code,
      ...(path ? { attribute: path.join('.') } : {}),
    };
  }
  if (e instanceof NetlinkSocketError) {
    if (e.syscall === 'setns') {
      // ip/ip.c exits 255 when -n fails; its netns_switch says "Cannot open" when the
      // file cannot be opened and "setting ... failed" when setns() refuses it (EINVAL, EPERM).
      const message =
        e.errno === EINVAL || e.errno === EPERM
          ? `setting the network namespace "${e.subject}" failed: ${e.description}`
          : `Cannot open network namespace "${e.subject}": ${e.description}`;
      return { message, exitCode: EXIT_NETNS, kind: 'socket', errno: e.errno, code: e.code };
    }
    const message = `nlts: cannot ${e.syscall === 'socket' ? 'open netlink socket' : e.syscall}: ${e.description}`;
    return { message, exitCode: 1, kind: 'socket', errno: e.errno, code: e.code };
  }
  if (e instanceof InputFileError) return { message: `nlts: ${e.message}`, exitCode: 1, kind: 'input' };
  if (e instanceof DumpInconsistentError) return { message: e.message, exitCode: 1, kind: 'inconsistent' };
  if (e instanceof NetlinkTimeoutError)
    return { message: `nlts: ${e.message}`, exitCode: 1, kind: 'timeout' };
  if (e instanceof CodecError) {
    return { message: `nlts: malformed netlink data: ${e.message}`, exitCode: 1, kind: 'codec' };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'ReplayMismatchError')
    return { message: `nlts: ${err.message}`, exitCode: 1, kind: 'replay' };
  const message = debug && err.stack ? err.stack : `nlts: ${err.message}`;
  return { message, exitCode: 1, kind: 'internal' };
}

/** The object printed on stdout with -j when a command fails, so stdout stays valid JSON. */
export function errorJson(d: DescribedError): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { kind: d.kind, message: d.message };
  if (d.errno !== undefined) error.errno = d.errno;
  if (d.code !== undefined) error.code = d.code;
  if (d.attribute !== undefined) error.attribute = d.attribute;
  return { error };
}
