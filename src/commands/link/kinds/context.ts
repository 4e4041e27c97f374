import type { Attribute } from '../../../netlink/codec/attributes.js';
import type { Printer } from '../../../output/printer.js';
import type { NumberFormat } from '../../../iproute/human.js';

/** linkinfo.ts's printLinkInfo: the IFLA_LINKINFO part of `ip -d link show`. */
export type LinkInfoPrinter = (p: Printer, linkinfo: Attribute, ctx: LinkRenderContext) => void;

/** What a link renderer needs besides the message itself. */
export interface LinkRenderContext {
  /** ip -s count (0, 1 or 2+). */
  stats: number;
  /** ip -d count. */
  details: number;
  /** ip -o. */
  oneline: boolean;
  /**
   * ifindex -> interface name in the namespace being shown (iproute2's
   * ll_index_to_name); undefined when the index is unknown there.
   */
  nameOf(ifindex: number): string | undefined;
  /** ifindex -> IFF_* flags (ll_index_to_flags), 0 when unknown. */
  flagsOf(ifindex: number): number;
  /**
   * nsid -> name under /run/netns, as iproute2's get_name_from_nsid finds it
   * for "link-netns NAME" in text output; undefined when none has that nsid.
   */
  netnsNameOf(nsid: number): string | undefined;
  /** ip -h / -iec: how the -s counters are printed in text (print_num); JSON stays numeric. */
  numberFormat?: NumberFormat;
  /** ip -N: link types as [N] and groups as numbers instead of names (ll_type_n2a, rtnl_group_n2a). */
  numeric?: boolean;
  /**
   * Print the link as `ip monitor` does: iproute2 6.1's print_linkinfo with
   * do_link = 0 (ipmonitor.c never sets it) and filter.showqueue = 0 (only
   * `ip link`/`ip address` listings set it): no "mode", no "qlen", no
   * counters, no AF_SPEC details, and alias, VF and XDP program lines only
   * with -d. Text only: a monitor's JSON object is the `ip -j link show` one.
   */
  monitor?: boolean;
  /**
   * The IFLA_LINKINFO printer for -d (linkinfo.ts's printLinkInfo). Callers
   * that import render-base.ts instead of render.ts, to load the kind printers
   * only with -d, pass it here; render.ts's default is used otherwise.
   */
  printLinkInfo?: LinkInfoPrinter;
}
