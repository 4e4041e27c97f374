/**
 * Kernel addresses → "symbol+0xoffset" from /proc/kallsyms. The table is
 * parsed once into sorted arrays and searched by binary search. When the
 * kernel hides addresses (kernel.kptr_restrict, or not privileged), every
 * address reads as zero: `hidden` says so and lookups give nothing.
 */

export interface KernelSymbol {
  name: string;
  /** Bytes from the start of the symbol. */
  offset: bigint;
  /** The module the symbol lives in, when not built in. */
  module?: string;
}

/** Code symbols: text (t/T) and weak (w/W). Data symbols would only mislead a program-counter lookup. */
const CODE_TYPES = new Set(['t', 'T', 'w', 'W']);

export class Kallsyms {
  private constructor(
    private readonly addrs: BigUint64Array,
    private readonly names: string[],
    private readonly modules: (string | undefined)[],
    /** True when the file listed symbols but every address was zero. */
    readonly hidden: boolean,
  ) {}

  get size(): number {
    return this.addrs.length;
  }

  /** Parse the text of /proc/kallsyms ("ffffffff81000000 T _stext [module]" per line). */
  static parse(text: string): Kallsyms {
    const rows: { addr: bigint; name: string; module: string | undefined }[] = [];
    let seen = 0;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      const sp1 = line.indexOf(' ');
      if (sp1 <= 0 || line.length < sp1 + 4) continue;
      const type = line[sp1 + 1]!;
      if (!CODE_TYPES.has(type)) continue;
      seen++;
      const addr = BigInt('0x' + line.slice(0, sp1));
      if (addr === 0n) continue;
      const rest = line.slice(sp1 + 3);
      // "name" or "name\t[module]"
      const m = /^(\S+)(?:\s+\[([^\]]+)\])?/.exec(rest);
      if (!m) continue;
      const name = m[1]!;
      const module = m[2];
      rows.push({ addr, name, module });
    }
    rows.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
    return new Kallsyms(
      BigUint64Array.from(rows.map((r) => r.addr)),
      rows.map((r) => r.name),
      rows.map((r) => r.module),
      seen > 0 && rows.length === 0,
    );
  }

  /** The symbol at or below `addr`; undefined below the first one or when addresses are hidden. */
  lookup(addr: bigint): KernelSymbol | undefined {
    let lo = 0;
    let hi = this.addrs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.addrs[mid]! <= addr) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const sym: KernelSymbol = { name: this.names[found]!, offset: addr - this.addrs[found]! };
    const module = this.modules[found];
    if (module !== undefined) sym.module = module;
    return sym;
  }
}

/** "name+0x9a2", with " [module]" for module symbols. */
export function formatSymbol(s: KernelSymbol): string {
  return `${s.name}+0x${s.offset.toString(16)}${s.module ? ` [${s.module}]` : ''}`;
}

/** The kernel's own "%pS" text ("__udp4_lib_rcv+0x9a2/0xb40 [mod]") without the "/size" part. */
export function trimKernelSymbol(s: string): string {
  return s.replace(/\/0x[0-9a-f]+/, '');
}
