/**
 * `nlts netns exec` and `nlts -all netns exec` against ip's (ip/ipnetns.c netns_exec, lib/namespace.c
 * netns_switch, lib/exec.c cmd_exec). Each tool runs the same script in a private mount namespace of
 * its own (`unshare -m`) with a tmpfs over /run/netns: the namespaces the script names there are
 * made fresh for each run, other tests' namespaces are not visible to `-all`, and nothing outlives
 * the script (the names go with the mount namespace). The two transcripts (stdout, stderr, status
 * of every command) must be equal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS support module
import { liveSkipReason } from '../support/scenario.mjs';
import { NLTS } from '../support/cli.js';

const hasUnshare = spawnSync('unshare', ['--version']).status === 0;
const skip = (liveSkipReason() as string | null) ?? (hasUnshare ? null : 'unshare (util-linux) is missing');
if (skip) console.warn(`SKIPPED live netns exec tests: ${skip}`);

const TOOLS = { ip: 'ip', nlts: `${process.execPath} ${NLTS}` } as const;

/**
 * Runs `body` with $TOOL set to ip or nlts, after making namespaces alpha and beta under a private
 * /run/netns; `run CMD...` prints the command's stdout, then its stderr, then its status.
 */
function transcript(
  tool: keyof typeof TOOLS,
  body: string,
): { stdout: string; stderr: string; status: number } {
  const work = mkdtempSync(path.join(tmpdir(), 'nlts-exec-'));
  try {
    const script = `
set -e
mkdir -p /run/netns
mount -t tmpfs nlts-exec-test /run/netns
ip netns add alpha
ip netns add beta
ip -n alpha link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02
ip -n alpha addr add 192.0.2.1/24 dev v0
set +e
W=${work}
run() { "$@" > "$W/out" 2> "$W/err"; rc=$?; cat "$W/out"; echo "stderr: $(cat "$W/err")"; echo "status: $rc"; }
${body}
`;
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', TOOL: TOOLS[tool] },
      timeout: 60_000,
    });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function sameAsIp(body: string): string {
  const a = transcript('ip', body);
  const b = transcript('nlts', body);
  expect(a.status, a.stderr).toBe(0);
  expect(b.stdout).toBe(a.stdout);
  expect(b.stderr).toBe(a.stderr);
  expect(b.status).toBe(a.status);
  return b.stdout;
}

describe.skipIf(skip)('netns exec (live, against ip)', () => {
  it('runs a program in the namespace: its links, addresses and sysfs; stdin, stdout, status', () => {
    const out = sameAsIp(`
run $TOOL netns exec alpha ip -j addr show
run $TOOL netns exec alpha sh -c 'ls /sys/class/net; cat /sys/class/net/v0/ifindex'
run $TOOL netns exec beta ip -br link show
run $TOOL netns exec alpha sh -c 'exit 7'
echo from-stdin | $TOOL netns exec alpha cat; echo "status: $?"
run $TOOL netns e alpha true
`);
    // The program really ran in alpha: its veth and address are there.
    expect(out).toContain('"ifname":"v0"');
    expect(out).toContain('192.0.2.1');
    expect(out).toMatch(/^v1$/m);
    expect(out).toContain('status: 7');
    expect(out).toContain('from-stdin');
  });

  it('the errors and statuses of ip: no name, no command, unknown or invalid name, exec failure, signals', () => {
    const out = sameAsIp(`
run $TOOL netns exec
run $TOOL netns exec alpha
run $TOOL netns exec no-such-ns true
run $TOOL netns exec a/b true
run $TOOL netns exec alpha no-such-program-nlts
run $TOOL netns exec alpha sh -c 'kill -TERM $$'
`);
    expect(out).toContain('stderr: No netns name specified');
    expect(out).toContain('Cannot open network namespace "no-such-ns": No such file or directory');
    expect(out).toContain('exec of "no-such-program-nlts" failed: No such file or directory');
    expect(out).toContain('status: 143');
  });

  it('-all: every named namespace in directory order with a heading; a killed program ends the walk with 1', () => {
    const out = sameAsIp(`
run $TOOL -all netns exec ip -br link show
run $TOOL -all netns exec sh -c 'exit 3'
run $TOOL -all netns exec sh -c 'kill -KILL $$'
run $TOOL -all netns exec
`);
    expect(out).toContain('\nnetns: alpha\n');
    expect(out).toContain('\nnetns: beta\n');
    expect(out).toMatch(/status: 1\n[^]*stderr: No command specified/);
  });

  it('-all netns delete is refused in one line and deletes nothing (ip would delete every name)', () => {
    const r = transcript(
      'nlts',
      `run $TOOL -all netns delete\nrun $TOOL -all netns delete alpha\nls /run/netns`,
    );
    const refusal =
      'stderr: nlts: "-all netns delete" (delete every named namespace) is not offered; delete them by name\nstatus: 1\n';
    expect(r.stdout).toBe(`${refusal}${refusal}alpha\nbeta\n`);
  });

  it('/etc/netns/NAME files are bound over /etc (and a missing target is reported, then the program runs)', (ctx) => {
    // An overlay over /etc inside the private mount namespace: /etc/netns/alpha exists only there.
    const body = `
mkdir -p "$W/upper" "$W/work"
mount -t overlay nlts-etc -o "lowerdir=/etc,upperdir=$W/upper,workdir=$W/work" /etc || { echo "no overlay"; exit 0; }
mkdir -p /etc/netns/alpha
echo nlts-alpha-hostname > /etc/netns/alpha/hostname
echo x > /etc/netns/alpha/nlts-no-such-target
run $TOOL netns exec alpha cat /etc/hostname
`;
    const probe = transcript('ip', body);
    if (probe.stdout.includes('no overlay')) {
      console.warn('SKIPPED /etc/netns bind check: overlayfs cannot be mounted here');
      ctx.skip();
    }
    const out = sameAsIp(body);
    expect(out).toContain('nlts-alpha-hostname');
    expect(out).toContain(
      'Bind /etc/netns/alpha/nlts-no-such-target -> /etc/nlts-no-such-target failed: No such file or directory',
    );
  });
});
