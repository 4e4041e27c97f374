/**
 * Runs command lines in a private bpf filesystem: run it under `unshare -m`
 * (its mount stays in that mount namespace). It mounts a bpf filesystem on a
 * new temporary directory, loads four two-instruction programs ("return 2":
 * XDP_PASS; BPF_OK for the lwt hooks) of the types ip's pinned form is used
 * with, pins them there as xdp, lwt_in, lwt_out and lwt_xmit, then runs each
 * command of the JSON list on stdin ({ tool: 'ip' | 'nlts', args }), '@D' in
 * an argument standing for the directory, and prints their results as JSON.
 * The programs live as long as something holds them: the pins (gone with the
 * mount namespace) and what they are attached to (gone with the test's
 * network namespaces).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { native } = await import(path.join(ROOT, 'dist/netlink/native.js'));
const { BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_LWT_IN, BPF_PROG_TYPE_LWT_OUT, BPF_PROG_TYPE_LWT_XMIT } =
  await import(path.join(ROOT, 'dist/netlink/gen/bpf.js'));

const dir = mkdtempSync(path.join(tmpdir(), 'nlts-bpffs-'));
execFileSync('mount', ['-t', 'bpf', 'bpf', dir]);

// r0 = 2; exit. (BPF_ALU64|BPF_MOV|BPF_K = 0xb7, BPF_JMP|BPF_EXIT = 0x95; x86/arm64 are little-endian.)
const insns = new Uint8Array(16);
new DataView(insns.buffer).setInt32(4, 2, true);
insns[0] = 0xb7;
insns[8] = 0x95;
for (const [name, type] of [
  ['xdp', BPF_PROG_TYPE_XDP],
  ['lwt_in', BPF_PROG_TYPE_LWT_IN],
  ['lwt_out', BPF_PROG_TYPE_LWT_OUT],
  ['lwt_xmit', BPF_PROG_TYPE_LWT_XMIT],
]) {
  const fd = native().bpfProgLoad(type, insns, 'GPL');
  if (fd < 0) throw new Error(`BPF_PROG_LOAD ${name}: ${native().strerror(fd)}`);
  const r = native().bpfObjPin(fd, path.join(dir, name));
  if (r < 0) throw new Error(`BPF_OBJ_PIN ${name}: ${native().strerror(r)}`);
}

const steps = JSON.parse(readFileSync(0, 'utf8'));
const results = steps.map(({ tool, args }) => {
  const argv = args.map((a) => a.replaceAll('@D', dir));
  const r =
    tool === 'ip'
      ? spawnSync('ip', argv, { encoding: 'utf8' })
      : spawnSync(process.execPath, [path.join(ROOT, 'bin/nlts.js'), ...argv], {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        });
  // The directory's name is random: tests see it as @D.
  const clean = (s) => s.replaceAll(dir, '@D');
  return { code: r.status ?? -1, stdout: clean(r.stdout), stderr: clean(r.stderr) };
});
process.stdout.write(JSON.stringify(results));
