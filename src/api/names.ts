/**
 * Names the typed requests take besides numbers, looked up in the CLI's one
 * name database (IprouteNames: /etc/iproute2/rt_tables, rt_protos,
 * rt_scopes, …), so `table: 'vpn'` means what `ip route add … table vpn` means.
 */
import { IprouteNames, type NamesEnv } from '../iproute/names.js';
import { readTableFile } from '../netlink/bounded-read.js';
import { InvalidRequestError } from './errors.js';

/** The name database as the library reads it: the files themselves, no recording. */
export function libraryNames(): IprouteNames {
  const env: NamesEnv = {
    opts: { numeric: false },
    // As the CLI reads a table file: bounded, UTF-8, absent or unreadable is "none".
    readFile: readTableFile,
    fact: (_key, compute) => compute(),
  };
  return IprouteNames.forEnv(env);
}

/** Route and address scopes by their rt_scopes names. */
export type ScopeName = 'global' | 'universe' | 'site' | 'link' | 'host' | 'nowhere' | (string & {});
/** Route protocols by their rt_protos names. */
export type ProtocolName = 'kernel' | 'boot' | 'static' | 'dhcp' | (string & {});
/** Tables by their rt_tables names. */
export type TableName = 'main' | 'local' | 'default' | (string & {});

function lookup(
  option: string,
  v: string | number,
  byName: (s: string) => number | undefined,
  max: number,
): number {
  const n = typeof v === 'number' ? v : byName(v);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > max)
    throw new InvalidRequestError(`unknown or out of range: "${String(v)}"`, option);
  return n;
}

/** RT_SCOPE_* of a name (rt_scopes) or number. */
export function scopeId(names: IprouteNames, option: string, v: ScopeName | number): number {
  return lookup(option, v, (s) => names.scopeId(s), 255);
}

/** RTPROT_* of a name (rt_protos) or number. */
export function protocolId(names: IprouteNames, option: string, v: ProtocolName | number): number {
  return lookup(option, v, (s) => names.protocolId(s), 255);
}

/** A table id of a name (rt_tables) or number. */
export function tableId(names: IprouteNames, option: string, v: TableName | number): number {
  return lookup(option, v, (s) => names.tableId(s), 0xffffffff);
}

/** A u32 option. */
export function u32Option(option: string, v: number, max = 0xffffffff): number {
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw new InvalidRequestError(`${v} is not in 0..${max}`, option);
  return v;
}
