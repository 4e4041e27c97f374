import { readTableFile } from '../../../netlink/bounded-read.js';
import { IprouteNames } from '../../../iproute/names.js';
import { PRINT_ANY, PRINT_JSON, type Printer } from '../../../output/printer.js';
import { printOnOffAttr, type AttrTable, type KindHandler } from './common.js';
import {
  IFLA_TUN_GROUP,
  IFLA_TUN_MAX,
  IFLA_TUN_MULTI_QUEUE,
  IFLA_TUN_NUM_DISABLED_QUEUES,
  IFLA_TUN_NUM_QUEUES,
  IFLA_TUN_OWNER,
  IFLA_TUN_PERSIST,
  IFLA_TUN_PI,
  IFLA_TUN_TYPE,
  IFLA_TUN_VNET_HDR,
} from '../../../netlink/gen/if_link.js';
import { IFF_TAP, IFF_TUN } from '../../../netlink/gen/if_tun.js';

/** uid/gid -> name, as getpwuid()/getgrgid() answer; undefined when there is none. */
export interface AccountNames {
  user(uid: number): string | undefined;
  group(gid: number): string | undefined;
}

/** The real account files, read once, through the one passwd/group parser (IprouteNames.accountName). */
let systemNames: IprouteNames | undefined;
const system = (): IprouteNames => (systemNames ??= new IprouteNames({ file: readTableFile, dir: () => [] }));

/** The local account database (/etc/passwd, /etc/group), read once on first use. */
export const systemAccounts: AccountNames = {
  user: (uid) => system().accountName('user', uid),
  group: (gid) => system().accountName('group', gid),
};

let accounts: AccountNames = systemAccounts;

/** Replace the uid/gid name lookup (tests, or a caller with its own NSS view); returns the previous one. */
export function setAccountNames(a: AccountNames): AccountNames {
  const prev = accounts;
  accounts = a;
  return prev;
}

/** tun_print_opt() in ip/iptuntap.c (iproute2 6.1.0). */
function printTun(p: Printer, tb: AttrTable | undefined): void {
  if (!tb) return;
  const onOff = (type: number, key: string): void => printOnOffAttr(p, tb, type, key);
  const typeAttr = tb.get(IFLA_TUN_TYPE);
  if (typeAttr) {
    const t = tb.u8(IFLA_TUN_TYPE)!;
    const name = t === IFF_TUN ? 'tun' : t === IFF_TAP ? 'tap' : `UNKNOWN:${t}`;
    p.string(PRINT_ANY, 'type', 'type %s ', name);
  }
  onOff(IFLA_TUN_PI, 'pi');
  onOff(IFLA_TUN_VNET_HDR, 'vnet_hdr');

  const mq = tb.get(IFLA_TUN_MULTI_QUEUE);
  if (!mq || tb.u8(IFLA_TUN_MULTI_QUEUE)! === 0) {
    p.bool(PRINT_JSON, 'multi_queue', '', false);
  } else {
    p.bool(PRINT_ANY, 'multi_queue', 'multi_queue ', true);
    const nq = tb.get(IFLA_TUN_NUM_QUEUES);
    if (nq) p.number(PRINT_ANY, 'numqueues', 'numqueues %u ', tb.u32(IFLA_TUN_NUM_QUEUES)!);
    const nd = tb.get(IFLA_TUN_NUM_DISABLED_QUEUES);
    if (nd) p.number(PRINT_ANY, 'numdisabled', 'numdisabled %u ', tb.u32(IFLA_TUN_NUM_DISABLED_QUEUES)!);
  }

  onOff(IFLA_TUN_PERSIST, 'persist');

  printOwner(p, tb, IFLA_TUN_OWNER, 'user', (uid) => accounts.user(uid));
  printOwner(p, tb, IFLA_TUN_GROUP, 'group', (gid) => accounts.group(gid));
}

/** The owner uid or gid: its name when the account database has one, else the number. */
function printOwner(
  p: Printer,
  tb: AttrTable,
  type: number,
  key: string,
  nameOf: (id: number) => string | undefined,
): void {
  const id = tb.u32(type);
  if (id === undefined) return;
  const name = nameOf(id);
  if (name !== undefined) p.string(PRINT_ANY, key, `${key} %s `, name);
  else p.number(PRINT_ANY, key, `${key} %u `, id);
}

export const tunHandler: KindHandler = { maxattr: IFLA_TUN_MAX, print: printTun };
