#!/usr/bin/env python3
"""Capture real RTM_NEWLINK replies and ip(8) outputs for test/unit/link-render.test.ts.

Run as root from the repository root:

    python3 test/support/capture_links.py [OUTDIR]      (default test/fixtures/unit/link)

What it does:
  1. creates two throw-away network namespaces, nlts-h2-<random> (A) and
     nlts-h2-<random>-peer (B), and always deletes them again (try/finally);
  2. builds in A: lo, a veth pair with its peer in B (alias, altnames), a bridge
     (left down) with an enslaved veth, a macvlan on the other end of that veth,
     a vxlan (id 42, dstport 4789, protodown), a tun, a down ifb, fixed MACs;
  3. makes some traffic (UDP to B, about 11 GB of TCP over lo so that the -s
     byte column widens) and waits until the counters stop moving;
  4. runs ip(8) under strace to record the exact RTM_GETLINK requests it sends,
     replays those very bytes on a NETLINK_ROUTE socket inside A and stores the
     replies as hex, and stores the ip(8) outputs taken between two identical
     replays (so the bytes and the text come from the same state).

Nothing here is typed by hand: every byte in the fixtures came from the kernel
or from ip(8).
"""

import json
import os
import re
import secrets
import socket
import struct
import subprocess
import sys
import time

RTM_GETLINK = 18
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_DUMP = 0x300
AF_PACKET = 17
REPLAY_PORTID = 0x6E6C7473  # "nlts"


# --------------------------------------------------------------------------
# In-namespace part: replay requests (run through `ip netns exec A`).
# --------------------------------------------------------------------------


def replay(requests):
    """Send each request (hex of a whole nlmsghdr+payload) and collect the replies."""
    out = {}
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    # A fixed port id (netlink port ids are per namespace) keeps nlmsg_pid in the
    # replies identical from one replay to the next.
    sock.bind((REPLAY_PORTID, 0))
    seq = 1000
    for name, hexreq in requests.items():
        req = bytearray(bytes.fromhex(hexreq))
        seq += 1
        struct.pack_into("=II", req, 8, seq, 0)
        sock.send(bytes(req))
        flags = struct.unpack_from("=H", req, 6)[0]
        dump = (flags & NLM_F_DUMP) == NLM_F_DUMP
        msgs = []
        done = False
        while not done:
            data = sock.recv(1 << 20)
            off = 0
            while off < len(data):
                length, mtype, mflags, mseq, _pid = struct.unpack_from("=IHHII", data, off)
                msg = data[off : off + length]
                off += (length + 3) & ~3
                if mseq != seq:
                    continue
                if mtype == NLMSG_DONE:
                    done = True
                    break
                if mtype == NLMSG_ERROR:
                    err = struct.unpack_from("=i", msg, 16)[0]
                    if err != 0:
                        raise SystemExit(f"request {name} failed: errno {-err}")
                    done = True
                    break
                msgs.append(msg.hex())
                if not dump:
                    done = True
        out[name] = msgs
    sock.close()
    return out


# --------------------------------------------------------------------------
# Host part.
# --------------------------------------------------------------------------


def sh(*args, check=True, env=None):
    r = subprocess.run(list(args), capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


# strace -e write=... hex dump line: " | 00010  11 00 00 00 ...  ................ |"
HEXLINE = re.compile(r"^ \| [0-9a-f]{5}  ")


def strace_requests(ns, args):
    """Run `ip -n ns ARGS` under strace; return the RTM_GETLINK AF_PACKET requests it wrote."""
    log = f"/tmp/nlts-capture-{os.getpid()}.strace"
    try:
        sh(
            "strace", "-f", "-qq", "-e", "trace=sendto,sendmsg", "-e", "signal=none",
            "-e", "write=all", "-o", log, "ip", "-n", ns, *args,
        )
        with open(log) as f:
            lines = f.read().splitlines()
    finally:
        if os.path.exists(log):
            os.unlink(log)
    bufs, cur = [], None
    for line in lines:
        m = HEXLINE.match(line)
        if m:
            if cur is None:
                cur = bytearray()
                bufs.append(cur)
            cur.extend(bytes.fromhex("".join(re.findall(r"[0-9a-f]{2}", line[10:58]))))
        else:
            cur = None
    reqs = []
    for b in bufs:
        if len(b) >= 32 and struct.unpack_from("=H", b, 4)[0] == RTM_GETLINK and b[16] == AF_PACKET:
            reqs.append(bytes(b))
    if not reqs:
        raise SystemExit(f"no RTM_GETLINK request seen for ip {' '.join(args)}")
    return reqs[-1]


def main():
    if os.geteuid() != 0:
        raise SystemExit("must run as root (creates network namespaces)")
    if len(sys.argv) >= 3 and sys.argv[1] == "--replay":
        print(json.dumps(replay(json.loads(sys.argv[2]))))
        return
    outdir = sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/unit/link"
    os.makedirs(outdir, exist_ok=True)
    tag = secrets.token_hex(3)
    ns_a, ns_b = f"nlts-h2-{tag}", f"nlts-h2-{tag}-peer"
    script = os.path.abspath(__file__)
    created = []
    try:
        for ns in (ns_a, ns_b):
            sh("ip", "netns", "add", ns)
            created.append(ns)
        capture(ns_a, ns_b, script, outdir)
    finally:
        for ns in reversed(created):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        left = sh("ip", "netns", "list", check=False)
        for ns in created:
            if re.search(rf"^{re.escape(ns)}\b", left, re.M):
                print(f"WARNING: netns {ns} still exists", file=sys.stderr)


def setup(a, b):
    ipa = ("ip", "-n", a)
    ipb = ("ip", "-n", b)
    sh(*ipa, "link", "set", "lo", "up")
    sh(*ipb, "link", "set", "lo", "up")
    # veth pair, peer in B
    sh(*ipa, "link", "add", "veth0", "address", "02:00:00:00:00:01", "type", "veth",
       "peer", "name", "veth0p", "address", "02:00:00:00:00:02", "netns", b)
    sh(*ipa, "link", "set", "veth0", "alias", "uplink to the peer namespace")
    sh(*ipa, "link", "property", "add", "dev", "veth0", "altname", "nlts-up0",
       "altname", "nlts-uplink-to-the-peer-namespace")
    sh(*ipa, "addr", "add", "192.0.2.1/24", "dev", "veth0")
    sh(*ipb, "addr", "add", "192.0.2.2/24", "dev", "veth0p")
    sh(*ipa, "link", "set", "veth0", "up")
    sh(*ipb, "link", "set", "veth0p", "up")
    # bridge (kept down: an up bridge's gc_timer never stands still) with an enslaved veth
    sh(*ipa, "link", "add", "br0", "address", "02:00:00:00:01:00", "mtu", "1400", "type", "bridge")
    sh(*ipa, "link", "add", "veth1", "address", "02:00:00:00:00:11", "type", "veth",
       "peer", "name", "veth1p", "address", "02:00:00:00:00:12")
    sh(*ipa, "link", "set", "veth1", "master", "br0")
    sh(*ipa, "link", "set", "veth1", "up")
    sh(*ipa, "link", "set", "veth1p", "up")
    # macvlan on veth1p, numeric group, dormant link mode
    sh(*ipa, "link", "add", "mv0", "link", "veth1p", "address", "02:00:00:00:02:00",
       "type", "macvlan", "mode", "bridge")
    sh(*ipa, "link", "set", "mv0", "group", "7", "mode", "dormant", "up")
    # vxlan, no qlen, protodown with a reason
    sh(*ipa, "link", "add", "vx0", "address", "02:00:00:00:03:00", "type", "vxlan",
       "id", "42", "dstport", "4789")
    sh(*ipa, "link", "set", "vx0", "txqueuelen", "0", "mtu", "1450")
    sh(*ipa, "link", "set", "vx0", "protodown_reason", "0", "on")
    sh(*ipa, "link", "set", "vx0", "protodown", "on")
    sh(*ipa, "link", "set", "vx0", "up")
    # tun (no reader: NO-CARRIER)
    sh(*ipa, "tuntap", "add", "mode", "tun", "tun0")
    sh(*ipa, "link", "set", "tun0", "up")
    # a down interface
    sh(*ipa, "link", "add", "ifb0", "address", "02:00:00:00:04:00", "type", "ifb")


TRAFFIC = r"""
import socket, threading
# UDP to the peer namespace (ARP, ICMP port unreachable back)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(300):
    u.sendto(b"x" * (i % 200 + 1), ("192.0.2.2", 9))
u.close()
# about 11 GB of TCP over lo so that the byte counters need 11 digits
total = 11 * 1000 ** 3
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
port = srv.getsockname()[1]
def sink():
    c, _ = srv.accept()
    buf = bytearray(1 << 20)
    while c.recv_into(buf):
        pass
    c.close()
t = threading.Thread(target=sink); t.start()
c = socket.create_connection(("127.0.0.1", port))
chunk = b"\0" * (1 << 22)
sent = 0
while sent < total:
    c.sendall(chunk); sent += len(chunk)
c.close(); t.join(); srv.close()
"""


# ip(8) invocations whose outputs are stored; name -> arguments after `ip -n A`.
DUMP_OUTPUTS = {
    "link.txt": ["link", "show"],
    "link-s.txt": ["-s", "link", "show"],
    "link-s-s.txt": ["-s", "-s", "link", "show"],
    "link-d.txt": ["-d", "link", "show"],
    "link-o.txt": ["-o", "link", "show"],
    "link-o-s-s.txt": ["-o", "-s", "-s", "link", "show"],
    "link-br.txt": ["-br", "link", "show"],
    "link-c.txt": ["-c=always", "link", "show"],
    "link-br-c.txt": ["-c=always", "-br", "link", "show"],
    "link-j.json": ["-j", "link", "show"],
    "link-j-s.json": ["-j", "-s", "link", "show"],
    "link-j-s-s.json": ["-j", "-s", "-s", "link", "show"],
    "link-j-d.json": ["-j", "-d", "link", "show"],
    "link-j-d-s-s.json": ["-j", "-d", "-s", "-s", "link", "show"],
    "link-j-br.json": ["-j", "-br", "link", "show"],
    "link-j-p.json": ["-j", "-p", "link", "show"],
}

# Requests recorded from ip(8) and replayed; name -> (arguments, stored outputs of the same request).
REQUESTS = {
    "dump": (["link", "show"], {}),
    "dump-s": (["-s", "link", "show"], {}),
    "dump-d": (["-d", "link", "show"], {}),
    "dev-veth0": (["link", "show", "dev", "veth0"], {
        "dev-veth0.txt": ["link", "show", "dev", "veth0"],
        "dev-veth0-j-s-s.json": ["-j", "-s", "-s", "link", "show", "dev", "veth0"],
    }),
    "dev-altname": (["link", "show", "dev", "nlts-uplink-to-the-peer-namespace"], {
        "dev-altname.txt": ["link", "show", "dev", "nlts-uplink-to-the-peer-namespace"],
    }),
    "type-veth": (["link", "show", "type", "veth"], {
        "type-veth.txt": ["link", "show", "type", "veth"],
    }),
    "master-br0": (["link", "show", "master", "br0"], {
        "master-br0.txt": ["link", "show", "master", "br0"],
    }),
}


def capture(a, b, script, outdir):
    setup(a, b)
    t0 = time.time()
    sh("ip", "netns", "exec", a, sys.executable, "-c", TRAFFIC)
    print(f"traffic done in {time.time() - t0:.1f}s", file=sys.stderr)

    requests = {name: strace_requests(a, args).hex() for name, (args, _) in REQUESTS.items()}

    def dump():
        return json.loads(sh("ip", "netns", "exec", a, sys.executable, script, "--replay", json.dumps(requests)))

    # wait for the counters to stand still (IPv6 DAD, router solicitations, MLD reports)
    deadline = time.time() + 120
    prev, stable = dump(), 0
    while stable < 3:
        if time.time() > deadline:
            raise SystemExit("link state never settled")
        time.sleep(1)
        cur = dump()
        stable = stable + 1 if cur == prev else 0
        prev = cur
    print(f"settled after {time.time() - t0:.1f}s", file=sys.stderr)

    env = dict(os.environ)
    env.pop("COLORFGBG", None)  # ip -c picks the light palette without it
    outputs = {**DUMP_OUTPUTS}
    for _, extra in REQUESTS.values():
        outputs.update(extra)
    for attempt in range(10):
        before = dump()
        texts = {name: sh("ip", "-n", a, *args, env=env) for name, args in outputs.items()}
        after = dump()
        if before == after:
            break
    else:
        raise SystemExit("could not take the outputs between two identical dumps")

    nsid_line = sh("ip", "-n", a, "netns", "list-id")
    m = re.search(r"nsid (\d+)", nsid_line)
    for name, msgs in before.items():
        with open(os.path.join(outdir, f"{name}.hex"), "w") as f:
            f.write("".join(m + "\n" for m in msgs))
    for name, text in texts.items():
        with open(os.path.join(outdir, name), "w") as f:
            f.write(text)
    meta = {
        "kernel": sh("uname", "-r").strip(),
        "ip": sh("ip", "-V").strip(),
        "netns": a,
        "peerNetns": b,
        "peerNsid": int(m.group(1)) if m else None,
        "requests": {name: {"args": ["ip", *args], "hex": requests[name]} for name, (args, _) in REQUESTS.items()},
        "outputs": {name: ["ip", "-n", a, *args] for name, args in outputs.items()},
    }
    with open(os.path.join(outdir, "capture.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"wrote {len(before)} captures and {len(texts)} outputs to {outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
