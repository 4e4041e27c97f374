/**
 * The seam between the netlink core and the kernel. The native socket, the
 * recorder and the replayer all implement it, so every command can run
 * against recorded bytes exactly as it runs against the kernel.
 */
export interface Datagram {
  data: Uint8Array;
  /** Sender's port id (0 = the kernel). */
  senderPid: number;
  /** Sender's nl_groups (multicast group bitmask for broadcasts, 0 for unicast). */
  senderGroups: number;
  /** NETLINK_PKTINFO destination group, -1 when not reported. */
  group: number;
  /** NETLINK_LISTEN_ALL_NSID namespace id, or null when not reported. */
  nsid: number | null;
}

export interface OpenOptions {
  /** /run/netns/NAME, a bare NAME, or /proc/PID/ns/net. */
  netns?: string;
  /** Port id to bind (0 = kernel assigns). */
  portId?: number;
  /** Legacy multicast group bitmask to bind. */
  groups?: number;
}

export interface Transport {
  readonly protocol: number;
  /** Our port id once bound. */
  readonly portId: number;
  send(data: Uint8Array, portId?: number, groups?: number): void;
  /** Block until one datagram arrives; null when the receive timeout expired. */
  receive(): Datagram | null;
  /**
   * Optional: receive() into a buffer the transport reuses. `data` is valid
   * only until the next receive of any kind; a caller that keeps bytes copies
   * them. Transports without it are read with receive().
   */
  receiveTransient?(): Datagram | null;
  /** Non-blocking receive: null when nothing is queued. */
  tryReceive(): Datagram | null;
  /** Call `cb` whenever the socket becomes readable; returns a function that stops watching. */
  watch(cb: () => void, onError?: (err: unknown) => void): () => void;
  setOption(level: number, name: number, value: number): void;
  getOption(level: number, name: number): number;
  /** Receive timeout for receive(), milliseconds; 0 = wait forever. */
  setReceiveTimeout(ms: number): void;
  close(): void;
}

export type TransportFactory = (protocol: number, options?: OpenOptions) => Transport;

/**
 * Socket options for "in namespace `netns`, or here when none was named".
 * Only null/undefined mean "here": an empty or blank name is passed on, so
 * the transport refuses it (ip: `setting the network namespace "" failed`)
 * instead of quietly running in the caller's namespace.
 */
export function inNetns(netns: string | null | undefined): OpenOptions | undefined {
  return netns === null || netns === undefined ? undefined : { netns };
}
