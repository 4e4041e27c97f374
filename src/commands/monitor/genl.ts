/**
 * `nlts monitor genl FAMILY[:GROUP] …`: join generic netlink multicast
 * groups by name (resolved with CTRL_CMD_GETFAMILY) and decode what arrives
 * with the genl spec codec (names from the bundled YNL spec when there is one).
 */
import { unspeccedSpecFor } from '../../netlink/genl/unspecced.js';
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
  decodeStruct,
  SpecError,
  YamlError,
  loadSpecFile,
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
import { counter, runMonitorSource } from './runner.js';
import { inNetns } from '../../netlink/transport.js';
import { NETLINK_GENERIC, NETLINK_PKTINFO } from '../../netlink/gen/netlink.js';
import { SOL_NETLINK } from '../../netlink/gen/socket.js';

export interface GenlRequest extends MonitorRequest {
  /** FAMILY or FAMILY:GROUP words. */
  targets: string[];
  /** --spec FILE: YNL specs (each for the family it names), before the bundled ones. */
  specFiles?: string[];
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

/** The --spec files, each for the family it names. */
function userSpecs(files: readonly string[]): Map<string, Spec> {
  const out = new Map<string, Spec>();
  for (const file of files) {
    let spec: Spec;
    try {
      spec = loadSpecFile(file);
    } catch (e) {
      if (e instanceof SpecError || e instanceof YamlError)
        throw new CliError(`nlts monitor genl: ${e.message}`, 1, 'spec');
      throw e;
    }
    out.set(spec.name, spec);
  }
  return out;
}

export async function runGenl(req: GenlRequest, env: CommandEnv): Promise<number> {
  if (req.targets.length === 0)
    throw new CliError('nlts monitor genl: name at least one FAMILY[:GROUP] (e.g. nlctrl:notify)', 1);
  const netns = env.opts.netns ?? undefined;
  const query = Connection.open(env.transports, NETLINK_GENERIC, inNetns(netns));
  const byFamilyId = new Map<number, Joined>();
  const toJoin: number[] = [];
  const specs = userSpecs(req.specFiles ?? []);
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
        // Without a spec: names from the UAPI headers and the family's policy (one dump, here).
        const spec = specs.get(f.name) ?? bundledSpec(f.name) ?? unspeccedSpecFor(query, f);
        j = { family: f, spec, groups: new Map() };
        byFamilyId.set(f.id, j);
      }
      for (const g of groups) {
        if (!j.groups.has(g.id)) toJoin.push(g.id);
        j.groups.set(g.id, g.name);
      }
    }
    const unused = [...specs.keys()].filter(
      (n) => ![...byFamilyId.values()].some((j) => j.family.name === n),
    );
    if (unused.length)
      throw new CliError(
        `nlts monitor genl: --spec is for family "${unused[0]}", which is not monitored here`,
        1,
        'spec',
      );
  } finally {
    query.close();
  }

  const t = openMonitorSocket(env, NETLINK_GENERIC, req);
  return runMonitorSource(env, req, t, {
    start(w) {
      for (const g of toJoin) joinGroup(t, g);
      try {
        t.setOption(SOL_NETLINK, NETLINK_PKTINFO, 1);
      } catch {
        /* the group is then named after the first joined group of the family */
      }
      const more = counter(req.count);
      return {
        datagram(d) {
          for (const m of parseMessages(d.data)) {
            const j = byFamilyId.get(m.type);
            if (!j) continue;
            const gm = decodeGenlPayload(m.payload, j.family.hdrsize);
            const groupName = j.groups.get(d.group) ?? [...j.groups.values()][0]!;
            const ntf = notificationOf(j.spec, j.family.name, gm.cmd, groupName);
            const cmdName = ntf.name;
            const attrs = decodeAttrs(gm.attrs, { spec: j.spec }, ntf.attributeSet, undefined);
            // genetlink-legacy families (ovs_*) start each message with a fixed header struct.
            if (ntf.fixedHeader)
              attrs.unshift(...(decodeStruct(gm.familyHeader, ntf.fixedHeader, j.spec) ?? []));
            const group = `${j.family.name}:${groupName}`;
            w.plain(
              { source: 'genl', group, event: cmdName, label: '' },
              { family: j.family.name, cmd: cmdName, version: gm.version, attrs: attrsToJson(attrs) },
              `[${group}] ${cmdName}\n${attrsText(attrs, 4)}`,
            );
            if (!more()) return false;
          }
          return true;
        },
      };
    },
  });
}
