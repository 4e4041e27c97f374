/**
 * A minimal pcapng writer (draft-ietf-opsawg-pcapng): one section header,
 * interface descriptions, and enhanced packet blocks with a comment option,
 * timestamps in nanoseconds. Pure: it hands finished blocks to `sink`.
 */

/** LINKTYPE_RAW: the packet starts with an IPv4 or IPv6 header (tcpdump.org link-layer header types). */
export const LINKTYPE_RAW = 101;
/** LINKTYPE_ETHERNET: the packet starts with an Ethernet header. */
export const LINKTYPE_ETHERNET = 1;

const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 0x00000001;
const BT_EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_TSRESOL = 9;

const enc = new TextEncoder();

class BlockBuilder {
  private parts: Uint8Array[] = [];
  private len = 0;
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    return this.add(b);
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.add(b);
  }
  add(b: Uint8Array): this {
    this.parts.push(b);
    this.len += b.length;
    return this;
  }
  padded(b: Uint8Array): this {
    this.add(b);
    const pad = (4 - (b.length % 4)) % 4;
    if (pad) this.add(new Uint8Array(pad));
    return this;
  }
  option(code: number, value: Uint8Array): this {
    return this.u16(code).u16(value.length).padded(value);
  }
  /** type + total length + body + total length. */
  block(type: number): Uint8Array {
    const total = this.len + 12;
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, type, true);
    dv.setUint32(4, total, true);
    let off = 8;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    dv.setUint32(total - 4, total, true);
    return out;
  }
}

export interface PcapInterface {
  linktype: number;
  name: string;
  snaplen?: number;
}

export class PcapngWriter {
  private started = false;
  packets = 0;

  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    private readonly interfaces: PcapInterface[],
    private readonly application = 'nlts dropwatch',
  ) {}

  private start(): void {
    if (this.started) return;
    this.started = true;
    const shb = new BlockBuilder()
      .u32(BYTE_ORDER_MAGIC)
      .u16(1)
      .u16(0)
      .u32(0xffffffff)
      .u32(0xffffffff) // section length: unknown (-1)
      .option(SHB_USERAPPL, enc.encode(this.application))
      .u32(OPT_ENDOFOPT);
    this.sink(shb.block(BT_SHB));
    for (const i of this.interfaces) {
      const idb = new BlockBuilder()
        .u16(i.linktype)
        .u16(0)
        .u32(i.snaplen ?? 0)
        .option(IF_NAME, enc.encode(i.name))
        .option(IF_TSRESOL, new Uint8Array([9])) // 10^-9 s
        .u32(OPT_ENDOFOPT);
      this.sink(idb.block(BT_IDB));
    }
  }

  /** Write the headers even when no packet comes, so the file is always a valid capture. */
  open(): void {
    this.start();
  }

  /** One packet on interface `iface` (index into the interfaces given), timestamp in ns since the epoch. */
  packet(iface: number, timestampNs: bigint, data: Uint8Array, origLen: number, comment?: string): void {
    this.start();
    const b = new BlockBuilder()
      .u32(iface)
      .u32(Number((timestampNs >> 32n) & 0xffffffffn))
      .u32(Number(timestampNs & 0xffffffffn))
      .u32(data.length)
      .u32(Math.max(origLen, data.length))
      .padded(data);
    if (comment) b.option(OPT_COMMENT, enc.encode(comment));
    b.u32(OPT_ENDOFOPT);
    this.sink(b.block(BT_EPB));
    this.packets++;
  }
}
