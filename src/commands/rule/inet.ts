import { inet4, inet6 } from '../link/kinds/common.js';
import { AF_INET, AF_INET6 } from '../../netlink/gen/socket.js';

/** rt_addr_n2a / format_host (numeric): inet_ntop for IPv4 and IPv6. */
export function formatAddr(family: number, data: Uint8Array): string {
  if (family === AF_INET && data.length >= 4) return inet4(data);
  if (family === AF_INET6 && data.length >= 16) return inet6(data);
  return '???';
}
