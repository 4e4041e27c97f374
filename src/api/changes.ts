/**
 * How RouteClient sends a change: build the request (devices resolved on
 * the client's socket, names from the CLI's name database), send it with
 * NLM_F_ACK, close any file descriptor it carried. A refusal is the
 * kernel's NetlinkKernelError, unchanged.
 */
import type { IprouteNames } from '../iproute/names.js';
import { closeSync } from 'node:fs';
import type { Connection } from '../netlink/connection.js';
import { Devices } from './devices.js';
import { libraryNames } from './names.js';
import type { ChangeRequest } from './request.js';

/** Build one change request against `conn`'s namespace and send it; resolves once the kernel ACKs it. */
export function applyChange(
  conn: Connection,
  build: (devices: Devices, names: IprouteNames) => ChangeRequest,
): Promise<void> {
  try {
    const req = build(new Devices(conn), libraryNames());
    try {
      conn.request(req.type, req.payload, req.flags);
    } finally {
      for (const fd of req.fds) closeSync(fd);
    }
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e as Error);
  }
}
