/**
 * `link set group N …` with no device (ip/iplink.c iplink_parse): one RTM_NEWLINK with ifi_index 0
 * and IFLA_GROUP, which the kernel applies to every link of the group. ip in one namespace, nlts in
 * its twin; the links left must be equal (bar random addresses).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, ipBatch, liveSkipReason } from '../support/scenario.mjs';
import { ip, nlts } from '../support/cli.js';

const skip = liveSkipReason() as string | null;
if (skip) console.warn(`SKIPPED live link group set tests: ${skip}`);

describe.skipIf(skip)('link set group N … (live, twin namespaces against ip)', () => {
  let theirs: { name: string; delete(): void };
  let ours: { name: string; delete(): void };
  beforeAll(() => {
    theirs = Netns.create('nlgs-ip');
    ours = Netns.create('nlgs-nl');
    for (const ns of [theirs, ours])
      ipBatch(
        [
          'link add v0 group 5 type veth peer name v1 group 5',
          'link add x0 group 7 type veth peer name x1',
          'link add w0 type veth peer name w1',
        ],
        ns.name,
      );
  });
  afterAll(() => {
    theirs?.delete();
    ours?.delete();
  });

  const links = (ns: string): unknown =>
    JSON.parse(ip(['-n', ns, '-j', '-d', 'link', 'show']).stdout, (k, v: unknown) =>
      k === 'address' || k === 'broadcast' ? undefined : v,
    );

  for (const step of [
    'link set group 5 up mtu 1400',
    'link set group 7 up',
    'link set group 5 down',
    'link add group 5 type veth',
    'link set group nosuchgroup up',
  ]) {
    it(step, async () => {
      const words = step.split(' ');
      const a = ip(['-n', theirs.name, ...words]);
      const b = nlts(['-n', ours.name, ...words]);
      expect({ code: b.code, stderr: b.stderr }).toEqual({
        code: a.code,
        stderr: a.stderr,
      });
      // A link brought up settles (operstate, LOWER_UP) a moment later: compare once both have settled.
      for (let i = 0; i < 20 && JSON.stringify(links(ours.name)) !== JSON.stringify(links(theirs.name)); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(links(ours.name)).toEqual(links(theirs.name));
    });
  }

  it('the group changes reached every link of the group and no other', () => {
    const show = ip(['-n', ours.name, '-br', 'link', 'show']).stdout;
    expect(show).toMatch(/^x0@x1 +\S+ .*,UP/m);
    expect(show).not.toMatch(/^w0@w1 .*,UP/m);
    expect(ip(['-n', ours.name, '-j', 'link', 'show', 'v1']).stdout).toContain('"mtu":1400');
  });
});
