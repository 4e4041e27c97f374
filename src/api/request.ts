/** One change request ready to send: what RouteClient's change methods build and send. */
export interface ChangeRequest {
  /** RTM_NEW* or RTM_DEL*. */
  type: number;
  /** NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_APPEND (the connection adds NLM_F_REQUEST|NLM_F_ACK). */
  flags: number;
  /** The message body: the object's header struct and its attributes. */
  payload: Uint8Array;
  /** File descriptors the request refers to (IFLA_NET_NS_FD), closed once it is answered. */
  fds: number[];
}
