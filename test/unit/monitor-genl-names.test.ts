import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationOp } from '../../src/netlink/genl/notification.js';
import { bundledSpec } from '../../src/netlink/genl/spec.js';
import { ROOT } from '../support/cli.js';

/** ETHTOOL_MSG_*_NTF values of <linux/ethtool_netlink.h> 6.1 (recorded in the fixture). */
const facts = JSON.parse(
  readFileSync(path.join(ROOT, 'test/fixtures/unit/ethtool-ops-6.1.json'), 'utf8'),
) as { replies: Record<string, number> };

describe('monitor genl names a notification by its notify number (issue 13, item 3)', () => {
  const spec = bundledSpec('ethtool');
  const ntf = Object.entries(facts.replies).filter(([name]) => name.endsWith('-ntf'));

  it.each(ntf)('%s (cmd %i) is named as the notification, not the request with that number', (name, cmd) => {
    expect(spec).not.toBeNull();
    expect(notificationOp(spec, cmd)?.name).toBe(name);
  });

  it('features-ntf (13) is not privflags-get (request 13)', () => {
    expect(notificationOp(spec, facts.replies['features-ntf']!)?.name).toBe('features-ntf');
  });
});
