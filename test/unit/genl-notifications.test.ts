/**
 * Issue 13 item 3 with the shipped specs: every notification and event the
 * pinned tree's UAPI headers number is named and decoded by its notify/event
 * value, never as the request that shares the number.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationOf } from '../../src/netlink/genl/notification.js';
import { bundledSpec } from '../../src/netlink/genl/spec.js';
import { linuxSourceTree } from '../support/linux-source.js';
import { parseUapiHeader } from '../support/uapi-enums.mjs';

const tree = linuxSourceTree();
const TREE = 'dir' in tree ? tree.dir : '';
if ('reason' in tree) console.warn(`skipping the notification naming test: ${tree.reason}`);
const constants = (rel: string): Map<string, number> =>
  (parseUapiHeader(path.join(TREE, 'include/uapi', rel)) as { constants: Map<string, number> }).constants;
const dashed = (c: string, prefix: string): string => c.slice(prefix.length).toLowerCase().replace(/_/g, '-');

describe.skipIf(!TREE)('monitor genl names notifications by their notify/event value', () => {
  it('mptcp_pm: every MPTCP_EVENT_* on the events group is that event, decoded with event-attr', () => {
    const spec = bundledSpec('mptcp_pm');
    const events = [...constants('linux/mptcp_pm.h')].filter(
      ([c]) => /^MPTCP_EVENT_/.test(c) && !/UNSPEC/.test(c),
    );
    expect(events.length).toBeGreaterThanOrEqual(10);
    for (const [c, v] of events) {
      const n = notificationOf(spec, 'mptcp_pm', v, 'mptcp_pm_events');
      expect(n.name, c).toBe(dashed(c, 'MPTCP_EVENT_'));
      expect(n.attributeSet, c).toBe('event-attr');
    }
    // announced (6) and removed (7): the numbers the shipped spec had wrong (4 and 5).
    expect(notificationOf(spec, 'mptcp_pm', 6, 'mptcp_pm_events').name).toBe('announced');
    expect(notificationOf(spec, 'mptcp_pm', 7, 'mptcp_pm_events').name).toBe('removed');
  });

  it('IOAM6: IOAM6_EVENT_TRACE on ioam6_events is "trace", decoded with event-attr (not add-namespace)', () => {
    const spec = bundledSpec('IOAM6');
    const trace = constants('linux/ioam6_genl.h').get('IOAM6_EVENT_TRACE')!;
    expect(notificationOf(spec, 'IOAM6', trace, 'ioam6_events')).toMatchObject({
      name: 'trace',
      attributeSet: 'event-attr',
    });
  });

  it('ethtool: every ETHTOOL_MSG_*_NTF is the -ntf op, decoded with the attribute set of the op it notifies', () => {
    const spec = bundledSpec('ethtool')!;
    const ntfs = [...constants('linux/ethtool_netlink.h')].filter(([c]) => /^ETHTOOL_MSG_.*_NTF$/.test(c));
    expect(ntfs.length).toBeGreaterThanOrEqual(15);
    for (const [c, v] of ntfs) {
      const n = notificationOf(spec, 'ethtool', v, 'monitor');
      expect(n.name, c).toBe(dashed(c, 'ETHTOOL_MSG_'));
      const op = spec.ops.find((o) => o.name === n.name)!;
      const target = op.notify ? spec.ops.find((o) => o.name === op.notify) : op;
      expect(n.attributeSet, c).toBe(op.attributeSet ?? target?.attributeSet);
      expect(n.attributeSet, c).toBeDefined();
    }
    const features = notificationOf(
      spec,
      'ethtool',
      constants('linux/ethtool_netlink.h').get('ETHTOOL_MSG_FEATURES_NTF')!,
      'monitor',
    );
    expect(features).toMatchObject({ name: 'features-ntf', attributeSet: 'features' });
  });
});
