/**
 * The errors RouteClient's change methods throw. A kernel refusal is the
 * core's NetlinkKernelError (errno, code, extack message, the offending
 * attribute); what the library refuses before sending anything is one of
 * the two classes here. None of them is a string to parse.
 */
import { rtnlAttributePath } from '../iproute/attr-names.js';
import { CliError } from '../iproute/errors.js';
import { NetlinkKernelError } from '../netlink/errors.js';

/**
 * A device named in a request does not exist (ip's `Cannot find device "X"`).
 *
 * @example
 * try { await nl.addRoute({ dst: '10.9.0.0/16', dev: 'nope0' }); }
 * catch (e) { if (e instanceof LinkNotFoundError) console.error(e.device); }
 */
export class LinkNotFoundError extends Error {
  override readonly name = 'LinkNotFoundError';
  constructor(
    /** The name (or `#INDEX`) that named no device. */
    readonly device: string,
  ) {
    super(`Cannot find device "${device}"`);
  }
}

/**
 * An option of a change request is not valid (an address that does not
 * parse, a value out of range): nothing was sent.
 *
 * @example
 * try { nl.addAddress({ dev: 'eth0', address: '10.0.0.300/24' }); }
 * catch (e) { if (e instanceof InvalidRequestError) console.error(e.option, e.message); }
 */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  constructor(
    message: string,
    /** The option of the request object at fault, e.g. "address" or "nexthops[1].gateway". */
    readonly option: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/**
 * The names of the request attribute a kernel refusal points at (the
 * extack's NLMSGERR_ATTR_OFFS), outermost first, e.g.
 * `['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'IFLA_VXLAN_ID']`; undefined when the
 * kernel named none. The CLI prints the same path as "(attribute …)".
 *
 * @example
 * try { nl.addLink({ name: 'vx0', type: 'vxlan', id: 1 << 24 }); }
 * catch (e) {
 *   if (e instanceof NetlinkKernelError) console.error(e.code, e.extack.message, attributePath(e)?.join('.'));
 * }
 */
export function attributePath(e: NetlinkKernelError): string[] | undefined {
  const at = e.extack.attribute;
  return at ? rtnlAttributePath(e.protocol, e.requestType, at.path, e.request) : undefined;
}

/**
 * Run a request builder that reuses the CLI's iproute helpers, turning
 * their people-facing CliError (ip's message) into InvalidRequestError for
 * `option`. Kernel errors and every other error pass through unchanged.
 */
export function asRequestError<T>(option: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof CliError) throw new InvalidRequestError(e.message, option);
    throw e;
  }
}

export { NetlinkKernelError };
