/**
 * The link renderer with the IFLA_LINKINFO printers (linkinfo.ts, kinds/*)
 * loaded and installed, for callers that print -d output without passing
 * ctx.printLinkInfo (`ip address`, `ip monitor`, tests). The code is in
 * render-base.ts, which `nlts link show` imports directly so that the kind
 * printers are loaded only when -d asks for them.
 */
import { printLinkInfo } from './linkinfo.js';
import { setDefaultLinkInfoPrinter } from './render-base.js';

setDefaultLinkInfoPrinter(printLinkInfo);

export * from './render-base.js';
export * from '../../netlink/gen/socket.js';
