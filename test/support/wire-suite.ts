import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { Netns, liveSkipReason } from './scenario.mjs';
import { NLTS } from './cli.js';
import { hasStrace, newlinkRequests, sentMessages } from './wire.js';

type Ns = { name: string; delete(): void; ip(x: string[]): string };

/**
 * Link kinds the host kernel lacks, compared on the wire: for each of `cases`
 * (`KIND OPTIONS…`), `ip link add tnl1 type …` and `nlts link add …` must send
 * the same RTM_NEWLINK bytes (bar sequence and port id), or be refused alike
 * (same exit status and message). ip 6.1 parses every option before the kernel
 * says "Unknown device type", so each option's encoding is checked; the state
 * and printers are checked under the 6.1 kernel in the VM. `setKind`: a
 * `link set DEV type KIND OPTION` that nlts refuses in one line (ip edits the
 * existing device there; nlts does not yet).
 */
export function linkWireSuite(
  title: string,
  nsPrefix: string,
  cases: readonly string[],
  setKind: { kind: string; option: string[] },
): void {
  const live = liveSkipReason() as string | null;
  const skip = live ?? (hasStrace ? null : 'strace is not installed');
  if (skip) console.warn(`SKIPPED ${title}: ${skip}`);

  describe.skipIf(skip !== null)(title, () => {
    let ns: Ns;
    beforeAll(() => {
      ns = Netns.create(nsPrefix) as Ns;
      ns.ip(['link', 'add', 'tw0', 'type', 'veth', 'peer', 'name', 'tw1']);
    });
    afterAll(() => ns?.delete());

    for (const words of cases) {
      it(`link add tnl1 type ${words}`, () => {
        const args = ['link', 'add', 'tnl1', 'type', ...words.split(' ')];
        const theirs = sentMessages('ip', ['-n', ns.name, ...args]);
        const ours = sentMessages(process.execPath, [NLTS, '-n', ns.name, ...args]);
        const want = newlinkRequests(theirs.messages);
        // nlts's stderr as the message: a request missing because nlts failed says why.
        expect(newlinkRequests(ours.messages), ours.stderr).toEqual(want);
        expect(ours.code).toBe(theirs.code);
        if (want.length === 0) {
          // Refused before sending: ip's whole message. nlts's CLI shows a usage text's tabs as
          // "\t" (src/cli/main.ts escapes every line), so those are read back as tabs.
          expect(ours.stderr.replaceAll('\\t', '\t')).toBe(theirs.stderr);
        }
      });
    }

    it(`link set … type ${setKind.kind} … is refused with one line (ip edits the existing device; nlts does not yet)`, () => {
      const ours = sentMessages(process.execPath, [
        NLTS,
        '-n',
        ns.name,
        'link',
        'set',
        'tw0',
        'type',
        setKind.kind,
        ...setKind.option,
      ]);
      expect(newlinkRequests(ours.messages)).toEqual([]);
      expect(ours.code).toBe(1);
      expect(ours.stderr.trim().split('\n')).toHaveLength(1);
      expect(ours.stderr).toContain(`type ${setKind.kind}`);
    });
  });
}
