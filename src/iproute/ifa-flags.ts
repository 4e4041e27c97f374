/**
 * Address flags by name (ip/ipaddress.c ifa_flag_data[], iproute2 6.1): what `address add|change`
 * and the library take, and what `address show` prints.
 */
import {
  IFA_F_DADFAILED,
  IFA_F_DEPRECATED,
  IFA_F_HOMEADDRESS,
  IFA_F_MANAGETEMPADDR,
  IFA_F_MCAUTOJOIN,
  IFA_F_NODAD,
  IFA_F_NOPREFIXROUTE,
  IFA_F_OPTIMISTIC,
  IFA_F_PERMANENT,
  IFA_F_SECONDARY,
  IFA_F_STABLE_PRIVACY,
  IFA_F_TENTATIVE,
} from '../netlink/gen/if_addr.js';

/**
 * ifa_flag_data[] of ip/ipaddress.c, in its order: flag names users type and
 * ip prints, which ones userspace may set, and which only IPv6 has.
 */
export const IFA_FLAG_DATA: ReadonlyArray<{
  name: string;
  mask: number;
  readonly: boolean;
  v6only: boolean;
}> = [
  { name: 'secondary', mask: IFA_F_SECONDARY, readonly: true, v6only: false },
  { name: 'temporary', mask: IFA_F_SECONDARY, readonly: true, v6only: false },
  { name: 'nodad', mask: IFA_F_NODAD, readonly: false, v6only: true },
  { name: 'optimistic', mask: IFA_F_OPTIMISTIC, readonly: false, v6only: true },
  { name: 'dadfailed', mask: IFA_F_DADFAILED, readonly: true, v6only: true },
  { name: 'home', mask: IFA_F_HOMEADDRESS, readonly: false, v6only: true },
  { name: 'deprecated', mask: IFA_F_DEPRECATED, readonly: true, v6only: true },
  { name: 'tentative', mask: IFA_F_TENTATIVE, readonly: true, v6only: true },
  { name: 'permanent', mask: IFA_F_PERMANENT, readonly: true, v6only: true },
  { name: 'mngtmpaddr', mask: IFA_F_MANAGETEMPADDR, readonly: false, v6only: true },
  { name: 'noprefixroute', mask: IFA_F_NOPREFIXROUTE, readonly: false, v6only: false },
  { name: 'autojoin', mask: IFA_F_MCAUTOJOIN, readonly: false, v6only: false },
  { name: 'stable-privacy', mask: IFA_F_STABLE_PRIVACY, readonly: true, v6only: true },
];
