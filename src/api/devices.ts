/**
 * Devices in library requests: a name (or alternative name) resolved the way
 * the CLI resolves `dev NAME` (LinkCache, ip's ll_name_to_index), or an
 * ifindex taken as it is.
 */
import { LinkCache } from '../iproute/link-cache.js';
import type { Connection } from '../netlink/connection.js';
import type { DeviceResolver } from '../netlink/route/route.js';
import { LinkNotFoundError } from './errors.js';

/** A device: its name (or an alternative name), or its ifindex. */
export type DeviceRef = string | number;

/**
 * DeviceRefs to ifindexes for one request. A fresh one per request, so a
 * device deleted and made again under the same name is found anew.
 * Numbers are passed through; a name keys the CLI's own resolver, so a
 * RouteChange's `dev` may carry either (see `key`).
 */
export class Devices implements DeviceResolver {
  private readonly cache: LinkCache;

  constructor(conn: Connection) {
    this.cache = new LinkCache(conn);
  }

  /**
   * The text a request structure keeps for a device (RouteChange.dev):
   * its name, or "\0INDEX" for an ifindex (no device name has a NUL byte).
   */
  static key(ref: DeviceRef): string {
    return typeof ref === 'number' ? `\0${ref}` : ref;
  }

  /** The ifindex of `ref`; LinkNotFoundError when there is no such device. */
  index(ref: DeviceRef): number {
    return this.require(Devices.key(ref));
  }

  /** DeviceResolver: a key (name or "\0INDEX") to its ifindex. */
  require(key: string): number {
    if (key.startsWith('\0')) return Number(key.slice(1)) >>> 0;
    // ll_name_to_index, as `dev NAME` in the CLI: "if<N>" names index N too.
    const idx = this.cache.indexOf(key);
    if (!idx) throw new LinkNotFoundError(key);
    return idx;
  }
}
