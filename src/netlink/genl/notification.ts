/**
 * What a generic netlink multicast message is called and which attribute set decodes it: the one
 * rule `nlts monitor genl` and the library's genlEvents() name notifications by.
 */
import {
  CTRL_CMD_DELFAMILY,
  CTRL_CMD_DELMCAST_GRP,
  CTRL_CMD_NEWFAMILY,
  CTRL_CMD_NEWMCAST_GRP,
} from '../gen/genetlink.js';
import { CTRL_FAMILY_NAME } from './constants.js';
import { opByName, opByReplyValue, opByValue, type Spec, type SpecOp } from './spec.js';

/** nlctrl's notifications (<linux/genetlink.h> CTRL_CMD_*): not operations of its spec. */
const CTRL_NOTIFY_NAMES = new Map([
  [CTRL_CMD_NEWFAMILY, 'newfamily'],
  [CTRL_CMD_DELFAMILY, 'delfamily'],
  [CTRL_CMD_NEWMCAST_GRP, 'newmcast-grp'],
  [CTRL_CMD_DELMCAST_GRP, 'delmcast-grp'],
]);

/**
 * The operation a multicast message is: the kernel sends notifications with
 * their reply/notify numbers (YNL: the reply enum in the directional model),
 * so a notify or event op with that number first, then a reply of that
 * number; a request number only for specs that lack both.
 */
export function notificationOp(spec: Spec | null, cmd: number): SpecOp | undefined {
  return notifyOrEventOp(spec, cmd) ?? opByReplyValue(spec, cmd) ?? opByValue(spec, cmd);
}

function notifyOrEventOp(spec: Spec | null, cmd: number): SpecOp | undefined {
  return spec?.ops.find((o) => o.notification && o.replyValue === cmd);
}

/**
 * The attribute set of a notification: its own, else that of the operation
 * it notifies about (YNL "notify: dev-get").
 */
function attributeSetOf(spec: Spec | null, op: SpecOp | undefined, familyName: string): string | undefined {
  if (familyName === CTRL_FAMILY_NAME) return 'ctrl-attrs';
  if (!spec || !op) return undefined;
  if (op.attributeSet) return op.attributeSet;
  return op.notify ? opByName(spec, op.notify)?.attributeSet : undefined;
}

/**
 * A family whose events are not operations of its spec names them in an
 * enum: mptcp_pm sends MPTCP_EVENT_* (<linux/mptcp.h> enum mptcp_event_type,
 * the YNL definition "event-type") as the genl command on its
 * "mptcp_pm_events" group, with MPTCP_ATTR_* of enum mptcp_event_attr (the
 * YNL attribute set "event-attr"). Its command numbers 1-3 are also
 * add-addr/del-addr/get-addr, so the enum is used only on an events group.
 */
const EVENT_ENUM = 'event-type';
const EVENT_ATTRIBUTES = 'event-attr';

/** What a multicast message is called and the attribute set it is decoded with. */
export interface Notification {
  name: string;
  attributeSet: string | undefined;
  /** The struct the message starts with (YNL fixed-header), when the spec has one. */
  fixedHeader?: string;
}

/** Name a message of `familyName` with command `cmd` that arrived on the group `groupName`. */
export function notificationOf(
  spec: Spec | null,
  familyName: string,
  cmd: number,
  groupName: string,
): Notification {
  const ctrl = familyName === CTRL_FAMILY_NAME ? CTRL_NOTIFY_NAMES.get(cmd) : undefined;
  const ntf = notifyOrEventOp(spec, cmd);
  if (ctrl === undefined && ntf === undefined) {
    const events = groupName.includes('event') ? spec?.definitions.get(EVENT_ENUM) : undefined;
    if (events?.kind === 'enum') {
      return {
        name: events.byValue.get(cmd) ?? String(cmd),
        attributeSet: spec!.attributeSets.has(EVENT_ATTRIBUTES) ? EVENT_ATTRIBUTES : undefined,
      };
    }
  }
  const op = ntf ?? opByReplyValue(spec, cmd) ?? opByValue(spec, cmd);
  return {
    name: ctrl ?? op?.name ?? String(cmd),
    attributeSet: attributeSetOf(spec, op, familyName),
    ...(op?.fixedHeader ? { fixedHeader: op.fixedHeader } : {}),
  };
}
