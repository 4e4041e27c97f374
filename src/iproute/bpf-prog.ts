/**
 * ip's eBPF program argument (lib/bpf_legacy.c bpf_do_parse, the eBPF modes),
 * one home for every command that takes one: `link set … xdp`, `route … encap
 * bpf in|out|xmit` and seg6local's `endpoint`.
 *
 *   pinned|object-pinned|fd FILE [ section NAME ] [ verbose ]
 *
 * opens the program pinned at FILE (bpf_obj_get). `obj|object-file FILE` asks
 * ip to load an ELF object (libbpf or its own ELF loader); nlts has no such
 * loader and refuses it in one line before anything is sent, naming the
 * pinned form that does the same.
 */
import { basename } from 'node:path';
import { bpfObjGet } from '../netlink/bpf-obj.js';
import { native } from '../netlink/native.js';
import type { Args } from './args.js';
import { CliError } from './errors.js';
import { EXIT_USAGE, matches } from './parse.js';

/** A program to hand to the kernel: its fd and ip's annotation ("FILE:[*fsobj]" for a pinned one). */
export interface BpfProgram {
  fd: number;
  annotation: string;
}

/**
 * bpf_do_parse + bpf_load_common for an eBPF program, `a` at the mode word (a
 * pinned program's type is checked by the kernel when it is attached). Leaves
 * `a` at the last word used, as PREV_ARG() does. Its own failures ("What mode
 * is …?", "Couldn't retrieve pinned program …") end the command with status
 * 255 and `callerLine` under them, as ip's callers add theirs (none for xdp;
 * lwt's "Failed to parse eBPF program: …", whose err is bpf_do_parse's -1,
 * so EPERM's text).
 */
export function parseBpfProgram(a: Args, callerLine?: string): BpfProgram {
  // Two lines, as ip prints them; each is still escaped (the path is the user's).
  function fail(line: string): never {
    throw new CliError(callerLine ? `${line}\n${callerLine}` : line, EXIT_USAGE, 'usage', true);
  }
  const mode = a.cur;
  let pinned: boolean;
  if (matches(mode, 'object-file') || mode === 'obj') pinned = false;
  else if (matches(mode, 'object-pinned') || matches(mode, 'pinned') || matches(mode, 'fd')) pinned = true;
  else fail(`What mode is "${mode}"?`);
  const file = a.next();
  a.i++;
  if (a.more && matches(a.cur, 'section')) {
    a.next();
    a.i++;
  }
  if (a.more && matches(a.cur, 'verbose')) a.i++;
  a.i--;
  if (!pinned) {
    throw new CliError(
      `nlts: "${mode} ${file}" needs an eBPF ELF loader, which nlts does not have; load and pin the ` +
        `program (bpftool prog load ${file} /sys/fs/bpf/NAME) and give "pinned /sys/fs/bpf/NAME".`,
      1,
      'unsupported',
    );
  }
  const fd = bpfObjGet(file);
  if (fd < 0) fail(`Couldn't retrieve pinned program '${file}': ${native().strerror(fd)}`);
  return { fd, annotation: `${basename(file)}:[*fsobj]` };
}
