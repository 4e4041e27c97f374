/**
 * The eBPF objects ip reaches by path or id (lib/bpf_legacy.c): a program
 * pinned in a bpf filesystem (bpf_obj_get, ip's "pinned FILE"), and what
 * bpf_dump_prog_info prints of an attached program (its tag, whether it is
 * jited). The native shim only makes the bpf() calls; struct bpf_prog_info is
 * read here at offsets generated from <linux/bpf.h>.
 */
import { HOST_LITTLE_ENDIAN, cString, view } from './codec/bytes.js';
import {
  BPF_OBJ_NAME_LEN,
  BPF_PROG_INFO_BTF_ID_OFFSET,
  BPF_PROG_INFO_CREATED_BY_UID_OFFSET,
  BPF_PROG_INFO_JITED_PROG_LEN_OFFSET,
  BPF_PROG_INFO_LEN,
  BPF_PROG_INFO_LOAD_TIME_OFFSET,
  BPF_PROG_INFO_NAME_OFFSET,
  BPF_PROG_INFO_TAG_OFFSET,
  BPF_TAG_SIZE,
} from './gen/bpf.js';
import { native } from './native.js';

/** bpf(BPF_OBJ_GET) of `path`: the object's fd | -errno. */
export function bpfObjGet(path: string): number {
  return native().bpfObjGet(path);
}

/** What bpf_dump_prog_info prints after "id N" (struct bpf_prog_info's fields). */
export interface BpfProgInfo {
  name: string;
  /** The tag in hex. */
  tag: string;
  jited: boolean;
  /** Nanoseconds since boot; 0 when the kernel does not say. */
  loadTime: bigint;
  createdByUid: number;
  btfId: number;
}

/**
 * bpf_prog_fd_by_id then bpf_prog_info_by_fd: null when the program cannot be
 * reached (gone, or no CAP_SYS_ADMIN), where ip prints only the id.
 */
export function bpfProgInfo(id: number): BpfProgInfo | null {
  const info = new Uint8Array(BPF_PROG_INFO_LEN);
  const len = native().bpfProgInfo(id, info);
  // ip's "if (!ret && len)"; fields past what the kernel filled read as 0 (info was zeroed).
  if (len <= 0) return null;
  const v = view(info);
  const tag = Buffer.from(info.subarray(BPF_PROG_INFO_TAG_OFFSET, BPF_PROG_INFO_TAG_OFFSET + BPF_TAG_SIZE));
  return {
    name: cString(info.subarray(BPF_PROG_INFO_NAME_OFFSET, BPF_PROG_INFO_NAME_OFFSET + BPF_OBJ_NAME_LEN)),
    tag: tag.toString('hex'),
    jited: v.getUint32(BPF_PROG_INFO_JITED_PROG_LEN_OFFSET, HOST_LITTLE_ENDIAN) !== 0,
    loadTime: v.getBigUint64(BPF_PROG_INFO_LOAD_TIME_OFFSET, HOST_LITTLE_ENDIAN),
    createdByUid: v.getUint32(BPF_PROG_INFO_CREATED_BY_UID_OFFSET, HOST_LITTLE_ENDIAN),
    btfId: v.getUint32(BPF_PROG_INFO_BTF_ID_OFFSET, HOST_LITTLE_ENDIAN),
  };
}
