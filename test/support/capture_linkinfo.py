#!/usr/bin/env python3
"""Capture real RTM_GETLINK dump replies next to `ip -d link show` output.

Run as root from the repository root:

    python3 test/support/capture_linkinfo.py test/fixtures/unit/linkinfo

It creates a throw-away network namespace (nlts-h3-<random>), builds a set of
links of the kinds nlts renders for `ip -d link show` (bridge with two veth
ports, macvlan/macvtap in several modes, vxlan over IPv4 and IPv6, tun/tap,
ifb), then, with nothing running in between:

  * dumps the links with a raw AF_NETLINK socket (RTM_GETLINK, NLM_F_DUMP,
    ifinfomsg family AF_PACKET, IFLA_EXT_MASK = RTEXT_FILTER_VF) from inside
    the namespace (this script re-executed by `ip netns exec` with --dump),
    writing each RTM_NEWLINK message (nlmsghdr included) as one hex line;
  * runs `ip -d link show`, `ip -j -d link show` and `ip -o -d link show`.

The namespace is always deleted, also when a step fails. All links stay down,
so no timer moves between the dump and ip's own dump. As a check, `ip -d link
show` runs once more at the end and must print the same text.
"""

import json
import os
import secrets
import socket
import struct
import subprocess
import sys

NETLINK_ROUTE = 0
RTM_NEWLINK = 16
RTM_GETLINK = 18
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_DUMP = 0x300
AF_PACKET = 17
IFLA_EXT_MASK = 29
RTEXT_FILTER_VF = 1

# Every command is `ip -n <ns> ...`; each must succeed.
SETUP = [
    "link add br0 address 02:00:0a:00:00:01 type bridge group_fwd_mask 0x8",
    "link add br1 address 0a:1b:00:c0:ff:ee type bridge stp_state 1 priority 4096 forward_delay 400"
    " hello_time 100 max_age 800 mcast_snooping 0 mcast_querier 1 mcast_igmp_version 3"
    " mcast_mld_version 2 no_linklocal_learn 1 nf_call_iptables 1 mcast_hash_max 1024",
    "link add v0 type veth peer name v1",
    "link add v2 type veth peer name v3",
    "link set v0 master br0",
    "link set v2 master br0",
    "link set v0 type bridge_slave priority 7 cost 100 hairpin on guard on learning off group_fwd_mask 0x4",
    "link set v2 type bridge_slave group_fwd_mask 0x4009 backup_port v0 proxy_arp on mcast_flood off"
    " isolated on neigh_suppress on root_block on fastleave on vlan_tunnel on locked on",
    "link add mv0 link v1 type macvlan mode bridge",
    "link add mvt0 link v3 type macvtap mode vepa",
    "link add mvs0 link v3 type macvlan mode source macaddr add 00:11:22:33:44:55",
    "link set mvs0 type macvlan macaddr add 00:aa:bb:cc:dd:0e",
    "link add v4 type veth peer name v5",
    "link add mvp0 link v4 type macvlan mode passthru nopromisc",
    "link add mvn0 link v5 type macvlan mode private nodst bcqueuelen 500",
    "link add vx0 type vxlan id 42 dstport 4789 local 10.1.0.1 remote 10.1.0.2",
    "link add vx1 type vxlan id 43 group 239.1.1.1 dev v1 dstport 4790 ttl 64 tos 0x10 nolearning proxy rsc"
    " l2miss l3miss ageing 0 maxaddr 100 df set srcport 1000 2000 noudpcsum",
    "link add vx2 type vxlan id 44 local fd00::1 remote fd00::2 dstport 4791 flowlabel 0x12345 ttl inherit"
    " tos inherit udp6zerocsumtx udp6zerocsumrx df inherit",
    "link add vx3 type vxlan external vnifilter dstport 4792",
    "link add vx4 type vxlan id 45 dstport 4793 gbp remcsumtx remcsumrx local 10.1.0.1",
    "link add vx5 type vxlan id 46 group ff05::100 dev v1 dstport 4794 ttl 0",
    "tuntap add dev tun0 mode tun",
    "tuntap add dev tap0 mode tap user 0 group 12345 vnet_hdr pi",
    "tuntap add dev tap1 mode tap multi_queue",
    "link add ifb0 type ifb",
]

TIMER_SETUP = "link add brt address 02:00:00:00:00:77 type bridge ageing_time 12345"


def dump_links():
    """RTM_GETLINK dump in the current namespace; returns the RTM_NEWLINK messages."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind((0, 0))
    seq = 1
    ifinfomsg = struct.pack("=BxHiII", AF_PACKET, 0, 0, 0, 0)
    ext_mask = struct.pack("=HHI", 8, IFLA_EXT_MASK, RTEXT_FILTER_VF)
    payload = ifinfomsg + ext_mask
    hdr = struct.pack("=IHHII", 16 + len(payload), RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0)
    s.send(hdr + payload)
    out = []
    while True:
        data = s.recv(1 << 20)
        off = 0
        while off + 16 <= len(data):
            length, mtype, _flags, mseq, _pid = struct.unpack_from("=IHHII", data, off)
            if length < 16 or off + length > len(data):
                raise RuntimeError("bad nlmsg_len %d" % length)
            if mseq == seq:
                if mtype == NLMSG_DONE:
                    s.close()
                    return out
                if mtype == NLMSG_ERROR:
                    (err,) = struct.unpack_from("=i", data, off + 16)
                    raise OSError(-err, "RTM_GETLINK dump failed")
                if mtype == RTM_NEWLINK:
                    out.append(data[off : off + length])
            off += (length + 3) & ~3


def snapshot(dev, tries=200):
    """Inside the namespace: the dump and ip's output of `dev` taken while no timer of it moved.

    A running timer changes what both print every few milliseconds, so the
    dump is taken before and after ip's three commands and the round counts
    only when both dumps carry the same bytes for `dev`.
    """
    for _ in range(tries):
        before = dump_links()
        text = run(["ip", "-d", "link", "show", "dev", dev])
        js = run(["ip", "-j", "-d", "link", "show", "dev", dev])
        oneline = run(["ip", "-o", "-d", "link", "show", "dev", dev])
        after = dump_links()
        if before == after:
            return before, text, js, oneline
    raise RuntimeError("no still moment for %s in %d tries" % (dev, tries))


def run(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--dump":
        for msg in dump_links():
            sys.stdout.write(msg.hex() + "\n")
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--snapshot":
        msgs, text, js, oneline = snapshot(sys.argv[2])
        sys.stdout.write(json.dumps({"hex": "".join(m.hex() + "\n" for m in msgs), "text": text, "json": js,
                                     "oneline": oneline}))
        return
    if len(sys.argv) != 2:
        sys.exit("usage: capture_linkinfo.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    ns = "nlts-h3-" + secrets.token_hex(4)
    run(["ip", "netns", "add", ns])
    try:
        for cmd in SETUP:
            run(["ip", "-n", ns] + cmd.split())
        hexdump = run(["ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__), "--dump"])
        text = run(["ip", "-n", ns, "-d", "link", "show"])
        js = run(["ip", "-n", ns, "-j", "-d", "link", "show"])
        oneline = run(["ip", "-n", ns, "-o", "-d", "link", "show"])
        if run(["ip", "-n", ns, "-d", "link", "show"]) != text:
            sys.exit("links changed during the capture; run again")
        files = {
            "messages.hex": hexdump,
            "ip-d-link-show.txt": text,
            "ip-j-d-link-show.json": js,
            "ip-o-d-link-show.txt": oneline,
            "environment.txt": "uname -r: %s\nip -V: %s\nsetup (each as `ip -n NS ...`):\n%s\n"
            % (run(["uname", "-r"]).strip(), run(["ip", "-V"]).strip(), "\n".join(SETUP)),
        }
        # A bridge whose gc timer runs (changing ageing_time schedules it, even while the bridge is down):
        # the timers' non-zero formatting, captured at a still moment.
        run(["ip", "-n", ns] + TIMER_SETUP.split())
        snap = json.loads(run(["ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__), "--snapshot",
                               "brt"]))
        files["timers-messages.hex"] = snap["hex"]
        files["timers-ip-d-link-show.txt"] = snap["text"]
        files["timers-ip-j-d-link-show.json"] = snap["json"]
        files["timers-ip-o-d-link-show.txt"] = snap["oneline"]
        files["environment.txt"] += "then: %s\nand a still moment of `ip ... link show dev brt`\n" % TIMER_SETUP
        for name, content in files.items():
            with open(os.path.join(outdir, name), "w") as f:
                f.write(content)
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)


if __name__ == "__main__":
    main()
