/**
 * `nlts monitor genl FAMILY[:GROUP] …`: join generic netlink multicast
 * groups by name (resolved with CTRL_CMD_GETFAMILY) and decode what arrives
 * with the genl spec codec (names from the bundled YNL spec when there is one).
 */
import type { CommandEnv } from '../env.js';
import { CliError } from '../../iproute/errors.js';
import { parseMessages } from '../../netlink/codec/message.js';
import { Connection } from '../../netlink/connection.js';

import { joinGroup } from '../../netlink/events.js';
import {
  CTRL_CMD_DELFAMILY,
  CTRL_CMD_DELMCAST_GRP,
  CTRL_CMD_NEWFAMILY,
  CTRL_CMD_NEWMCAST_GRP,
  CTRL_FAMILY_NAME,
  UnknownFamilyError,
  bundledSpec,
  decodeAttrs,
  decodeGenlPayload,
  opByName,
  opByReplyValue,
  opByValue,
  resolveFamily,
  type GenlFamily,
  type Spec,
  type SpecOp,
} from '../../netlink/genl/index.js';
import { attrsText, attrsToJson } from '../genl/render.js';

import { openMonitorSocket, type MonitorRequest } from './socket.js';
import { pump, stopSignal } from '../../netlink/pump.js';
import { EventWriter } from './writer.js';
import { inNetns } from '../../netlink/transport.js';
import { NETLINK_GENERIC, NETLINK_PKTINFO } from '../../netlink/gen/netlink.js';
import { SOL_NETLINK } from '../../netlink/gen/socket.js';

export interface GenlRequest extends MonitorRequest {
  /** FAMILY or FAMILY:GROUP words. */
  targets: string[];
}

/** nlctrl's notifications (<linux/genetlink.h> CTRL_CMD_*): not operations of its spec. */
const CTRL_NOTIFY_NAMES = new Map([
  [CTRL_CMD_NEWFAMILY, 'newfamily'],
  [CTRL_CMD_DELFAMILY, 'delfamily'],
  [CTRL_CMD_NEWMCAST_GRP, 'newmcast-grp'],
  [CTRL_CMD_DELMCAST_GRP, 'delmcast-grp'],
]);

interface Joined {
  family: GenlFamily;
  spec: Spec | null;
  /** Group id → name. */
  groups: Map<number, string>;
}

/**
 * The operation a multicast message is: the kernel sends notifications with
 * their reply/notify numbers (YNL: the reply enum in the directional model),
 * so a notify or event op with that number first, then a reply of that
 * number; a request number only for specs that lack both.
 */
export function notificationOp(spec: Spec | null, cmd: number): SpecOp | undefined {
  return (
    spec?.ops.find((o) => o.notification && o.replyValue === cmd) ??
    opByReplyValue(spec, cmd) ??
    opByValue(spec, cmd)
  );
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

export async function runGenl(req: GenlRequest, env: CommandEnv): Promise<number> {
  if (req.targets.length === 0)
    throw new CliError('nlts monitor genl: name at least one FAMILY[:GROUP] (e.g. nlctrl:notify)', 1);
  const netns = env.opts.netns ?? undefined;
  const query = Connection.open(env.transports, NETLINK_GENERIC, inNetns(netns));
  const byFamilyId = new Map<number, Joined>();
  const toJoin: number[] = [];
  try {
    for (const word of req.targets) {
      const colon = word.indexOf(':');
      const fname = colon < 0 ? word : word.slice(0, colon);
      const gname = colon < 0 ? undefined : word.slice(colon + 1);
      let f: GenlFamily;
      try {
        f = resolveFamily(query, fname);
      } catch (e) {
        if (e instanceof UnknownFamilyError)
          throw new CliError(`nlts monitor genl: ${e.message}`, 1, 'unknown-family');
        throw e;
      }
      const groups = gname === undefined ? f.groups : f.groups.filter((g) => g.name === gname);
      if (groups.length === 0) {
        const have = f.groups.map((g) => g.name).join(' ');
        throw new CliError(
          gname === undefined
            ? `nlts monitor genl: family "${f.name}" has no multicast groups`
            : `nlts monitor genl: family "${f.name}" has no multicast group "${gname}"${have ? `; it has: ${have}` : ''}`,
          1,
          'unknown-group',
        );
      }
      let j = byFamilyId.get(f.id);
      if (!j) {
        j = { family: f, spec: bundledSpec(f.name), groups: new Map() };
        byFamilyId.set(f.id, j);
      }
      for (const g of groups) {
        if (!j.groups.has(g.id)) toJoin.push(g.id);
        j.groups.set(g.id, g.name);
      }
    }
  } finally {
    query.close();
  }

  const t = openMonitorSocket(env, NETLINK_GENERIC, req);
  const stop = stopSignal(env.signal, req.durationMs);
  try {
    for (const g of toJoin) joinGroup(t, g);
    try {
      t.setOption(SOL_NETLINK, NETLINK_PKTINFO, 1);
    } catch {
      /* the group is then named after the first joined group of the family */
    }
    const w = new EventWriter(env, {
      json: env.opts.json,
      timestamp: req.timestamp,
      labels: false,
      oneline: false,
    });
    let seen = 0;
    req.onReady?.();
    await pump(
      t,
      {
        datagram(d) {
          for (const m of parseMessages(d.data)) {
            const j = byFamilyId.get(m.type);
            if (!j) continue;
            const gm = decodeGenlPayload(m.payload, j.family.hdrsize);
            const op = notificationOp(j.spec, gm.cmd);
            const cmdName =
              (j.family.name === CTRL_FAMILY_NAME ? CTRL_NOTIFY_NAMES.get(gm.cmd) : undefined) ??
              op?.name ??
              String(gm.cmd);
            const attrs = decodeAttrs(
              gm.attrs,
              { spec: j.spec },
              attributeSetOf(j.spec, op, j.family.name),
              undefined,
            );
            const groupName = j.groups.get(d.group) ?? [...j.groups.values()][0]!;
            const group = `${j.family.name}:${groupName}`;
            w.plain(
              { source: 'genl', group, event: cmdName, label: '' },
              { family: j.family.name, cmd: cmdName, version: gm.version, attrs: attrsToJson(attrs) },
              `[${group}] ${cmdName}\n${attrsText(attrs, 4)}`,
            );
            seen++;
            if (req.count !== undefined && seen >= req.count) return false;
          }
          return true;
        },
        lost(e) {
          w.lost(e);
          return true;
        },
        malformed(d, e) {
          w.malformed(d.data, e.message);
          return true;
        },
        idle: () => w.flush(),
      },
      { signal: stop.signal, senders: 'kernel' },
    );
    return 0;
  } finally {
    stop.dispose();
    t.close();
  }
}
