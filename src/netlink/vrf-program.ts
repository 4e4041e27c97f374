/**
 * The cgroup program of `ip vrf exec` (ip/ipvrf.c prog_load, vrf_configure_cgroup):
 * a BPF_PROG_TYPE_CGROUP_SOCK program, attached to a cgroup as
 * BPF_CGROUP_INET_SOCK_CREATE, that sets sk_bound_dev_if of every socket a
 * process of that cgroup creates to the VRF device, so the socket uses the
 * VRF's table. The instructions are encoded here; the native shim only makes
 * the bpf() calls.
 */
import { constants as osConstants } from 'node:os';
import { HOST_LITTLE_ENDIAN } from './codec/bytes.js';
import {
  BPF_ALU64,
  BPF_CGROUP_INET_SOCK_CREATE,
  BPF_EXIT,
  BPF_INSN_LEN,
  BPF_JMP,
  BPF_K,
  BPF_MEM,
  BPF_MOV,
  BPF_PROG_TYPE_CGROUP_SOCK,
  BPF_REG_0,
  BPF_REG_1,
  BPF_REG_2,
  BPF_REG_3,
  BPF_REG_6,
  BPF_SOCK_BOUND_DEV_IF_OFFSET,
  BPF_STX,
  BPF_W,
  BPF_X,
} from './gen/bpf.js';
import { native } from './native.js';

/** One struct bpf_insn: code, dst_reg:4 and src_reg:4 (a host-order bitfield byte), s16 off, s32 imm. */
function insn(code: number, dst: number, src: number, off: number, imm: number): Uint8Array {
  const b = new Uint8Array(BPF_INSN_LEN);
  const v = new DataView(b.buffer);
  v.setUint8(0, code);
  // The bitfield's first member takes the low bits on a little-endian ABI, the high bits otherwise.
  v.setUint8(1, HOST_LITTLE_ENDIAN ? (src << 4) | dst : (dst << 4) | src);
  v.setInt16(2, off, HOST_LITTLE_ENDIAN);
  v.setInt32(4, imm, HOST_LITTLE_ENDIAN);
  return b;
}

/**
 * prog_load's instructions for `ifindex`: r6 = r1 (the struct bpf_sock);
 * r3 = ifindex; r2 = offsetof(bound_dev_if); *(u32 *)(r1 + offset) = r3;
 * r0 = 1 (allow the socket); exit.
 */
export function vrfBindProgram(ifindex: number): Uint8Array {
  const off = BPF_SOCK_BOUND_DEV_IF_OFFSET;
  const parts = [
    insn(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0),
    insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, ifindex),
    insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, off),
    insn(BPF_STX | BPF_W | BPF_MEM, BPF_REG_1, BPF_REG_3, off, 0),
    insn(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1),
    insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
  ];
  const out = new Uint8Array(parts.length * BPF_INSN_LEN);
  parts.forEach((p, i) => out.set(p, i * BPF_INSN_LEN));
  return out;
}

/** A step of vrf_configure_cgroup failed; `message` is ip's line(s) for it. */
export class VrfCgroupError extends Error {
  override readonly name = 'VrfCgroupError';
}

/**
 * vrf_configure_cgroup: load the program for `ifindex` and attach it to the
 * cgroup directory open as `cgroupFd`. Throws VrfCgroupError with ip's wording.
 */
export function attachVrfProgram(cgroupFd: number, ifindex: number): void {
  const b = native();
  const prog = b.bpfProgLoad(BPF_PROG_TYPE_CGROUP_SOCK, vrfBindProgram(ifindex), 'GPL');
  if (prog < 0) {
    const lines = [`Failed to load BPF prog: '${b.strerror(prog)}'`];
    if (-prog !== osConstants.errno.EPERM) lines.push('Kernel compiled with CGROUP_BPF enabled?');
    throw new VrfCgroupError(lines.join('\n'));
  }
  try {
    const rc = b.bpfProgAttach(prog, cgroupFd, BPF_CGROUP_INET_SOCK_CREATE);
    if (rc < 0) throw new VrfCgroupError(`Failed to attach prog to cgroup: '${b.strerror(rc)}'`);
  } finally {
    b.close(prog);
  }
}
