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
 * `link set DEV type KIND OPTION` on a veth, which has no tunnel settings for
 * ip or nlts to read and edit (the edits themselves are checked in the VM,
 * scripts/vm/tunnel-set.sh).
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

    it(`link set … type ${setKind.kind} … of a device with no tunnel settings: the same read and refusal as ip`, () => {
      // ip's parse_opt asks the kernel for the device's settings before it edits them (the kernel's
      // changelink rebuilds the whole set from the request); a veth has none to edit.
      const args = ['-n', ns.name, 'link', 'set', 'tw0', 'type', setKind.kind, ...setKind.option];
      const theirs = sentMessages('ip', args);
      const ours = sentMessages(process.execPath, [NLTS, ...args]);
      expect(newlinkRequests(theirs.messages)).toEqual([]);
      expect(newlinkRequests(ours.messages)).toEqual([]);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: theirs.code, stderr: theirs.stderr });
      expect(ours.stderr).toBe('Failed to get existing tunnel info.\n');
    });
  });
}
