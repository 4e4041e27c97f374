/**
 * An RTM_NEWLINK message shaped like a PF's with SR-IOV VFs (IFLA_NUM_VF, an
 * IFLA_VFINFO_LIST of IFLA_VF_INFO nests as the kernel's rtnl_fill_vfinfo
 * writes them). No kernel here has VFs (no SR-IOV hardware; neither this
 * kernel nor the VM's has netdevsim), so the VF show path is compared with
 * ip's by giving both this message as a saved stream (`monitor file`).
 * VF 0 has most settings off; VF 1 has a VLAN with 802.1ad, rates, spoof
 * checking, link-state disable and trust; both carry counters.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/netlink');
const { AttributeEncoder } = await import(path.join(DIST, 'codec/attributes.js'));
const { encodeMessage } = await import(path.join(DIST, 'codec/message.js'));
const L = await import(path.join(DIST, 'gen/if_link.js'));
const { RTM_NEWLINK } = await import(path.join(DIST, 'gen/rtnetlink.js'));

/** Little-endian u32s (the host order of these structs on x86 and arm64). */
function u32s(...v) {
  const b = new Uint8Array(v.length * 4);
  const d = new DataView(b.buffer);
  v.forEach((x, i) => d.setUint32(i * 4, x, true));
  return b;
}

/** struct ifla_vf_mac / ifla_vf_broadcast: u32 vf then 32 address bytes. */
function vfAddr(vf, bytes) {
  const b = new Uint8Array(4 + 32);
  new DataView(b.buffer).setUint32(0, vf, true);
  b.set(bytes, 4);
  return b;
}

export function vfLinkMessage() {
  const e = new AttributeEncoder();
  e.string(L.IFLA_IFNAME, 'pf0');
  e.u32(L.IFLA_MTU, 1500);
  e.u32(L.IFLA_NUM_VF, 2);
  e.nested(
    L.IFLA_VFINFO_LIST,
    (list) => {
      for (const vf of [0, 1]) {
        list.nested(
          L.IFLA_VF_INFO,
          (i) => {
            i.bytes(L.IFLA_VF_MAC, vfAddr(vf, [2, 0, 0, 0, 0x10, vf]));
            i.bytes(L.IFLA_VF_BROADCAST, vfAddr(vf, new Array(6).fill(0xff)).subarray(4));
            i.bytes(L.IFLA_VF_VLAN, u32s(vf, vf ? 100 : 0, vf ? 3 : 0));
            i.nested(
              L.IFLA_VF_VLAN_LIST,
              (vl) => {
                // struct ifla_vf_vlan_info: vf, vlan, qos, __be16 vlan_proto.
                const b = new Uint8Array(16);
                const d = new DataView(b.buffer);
                d.setUint32(0, vf, true);
                d.setUint32(4, vf ? 100 : 0, true);
                d.setUint32(8, vf ? 3 : 0, true);
                d.setUint16(12, vf ? 0x88a8 : 0x8100, false);
                vl.bytes(L.IFLA_VF_VLAN_INFO, b);
              },
              false,
            );
            i.bytes(L.IFLA_VF_TX_RATE, u32s(vf, vf ? 1000 : 0));
            i.bytes(L.IFLA_VF_RATE, u32s(vf, vf ? 10 : 0, vf ? 1000 : 0));
            i.bytes(L.IFLA_VF_SPOOFCHK, u32s(vf, vf));
            i.bytes(
              L.IFLA_VF_LINK_STATE,
              u32s(vf, vf ? L.IFLA_VF_LINK_STATE_DISABLE : L.IFLA_VF_LINK_STATE_AUTO),
            );
            i.bytes(L.IFLA_VF_RSS_QUERY_EN, u32s(vf, vf ? 1 : 0xffffffff));
            i.bytes(L.IFLA_VF_TRUST, u32s(vf, 1));
            i.nested(
              L.IFLA_VF_STATS,
              (s) => {
                for (const t of [
                  L.IFLA_VF_STATS_RX_PACKETS,
                  L.IFLA_VF_STATS_TX_PACKETS,
                  L.IFLA_VF_STATS_RX_BYTES,
                  L.IFLA_VF_STATS_TX_BYTES,
                  L.IFLA_VF_STATS_BROADCAST,
                  L.IFLA_VF_STATS_MULTICAST,
                  L.IFLA_VF_STATS_RX_DROPPED,
                  L.IFLA_VF_STATS_TX_DROPPED,
                ])
                  s.u64(t, BigInt(1000 * (t + 1) + vf));
              },
              false,
            );
          },
          false,
        );
      }
    },
    false,
  );
  const attrs = e.finish();
  // struct ifinfomsg: AF_UNSPEC, ARPHRD_ETHER, ifindex 7, IFF_UP|IFF_BROADCAST|IFF_MULTICAST.
  const payload = new Uint8Array(16 + attrs.length);
  const h = new DataView(payload.buffer);
  h.setUint16(2, 1, true);
  h.setInt32(4, 7, true);
  h.setUint32(8, 0x1003, true);
  payload.set(attrs, 16);
  return encodeMessage({ type: RTM_NEWLINK, flags: 0, seq: 0, pid: 0, payload });
}
