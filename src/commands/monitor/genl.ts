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
  UnknownFamilyError,
  bundledSpec,
  decodeAttrs,
  decodeGenlPayload,
  decodeStruct,
  SpecError,
  YamlError,
  loadSpecFile,
  resolveFamily,
  type GenlFamily,
  type Spec,
} from '../../netlink/genl/index.js';
import { attrsText } from '../genl/render.js';
import { attrsToJson } from '../../netlink/genl/json.js';
import { notificationOf } from '../../netlink/genl/notification.js';

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

interface Joined {
  family: GenlFamily;
  spec: Spec | null;
  /** Group id → name. */
  groups: Map<number, string>;
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
