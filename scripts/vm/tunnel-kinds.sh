#!/bin/bash
# scripts/vm/tunnel-kinds.sh OUTDIR — run inside the VM (scripts/vm/run-in-vm.sh) from the repo root:
#   RUNVM_OUTDIR=/tmp/x RUNVM_MODULES="veth ip_gre ipip sit ip_vti ip6_vti vrf ipvlan geneve fou" \
#     scripts/vm/run-in-vm.sh 'bash scripts/vm/tunnel-kinds.sh /tmp/x'
# Creates the same tunnel, vrf, ipvlan and geneve links with nlts in namespace A and with ip in
# namespace B (kinds the 6.18 host kernel lacks), then writes, per namespace, `ip -d link show`
# and `ip -j -d link show`, and for A `nlts -d link show` and `nlts -j -d link show`, for
# test/vm (or a person) to compare: nlts's -d output against ip's on A, and A's state against B's.
set -u
out=${1:?OUTDIR}
mkdir -p "$out"
NLTS="node bin/nlts.js"
cases="$out/cases"
cat >"$cases" <<'CASES'
link add g1 type gre remote 10.1.0.2 local 10.1.0.1 key 5 seq csum ttl 64 tos 0x10 dev d0 fwmark 7
link add g2 type gre remote 10.1.0.3 local 10.1.0.1 ikey 1.2.3.4 okey 9 nopmtudisc ignore-df tos inherit
link add g3 type gretap remote 10.1.0.4 local 10.1.0.1 oseq icsum encap fou encap-sport 100 encap-dport 5555 encap-csum
link add e1 type erspan remote 10.1.0.5 local 10.1.0.1 erspan_ver 2 erspan_dir egress erspan_hwid 7 seq key 3
link add e2 type erspan remote 10.1.0.6 local 10.1.0.1 erspan_ver 1 erspan 9 seq key 4
link add g4 type gre external
link add i1 type ipip remote 10.1.0.7 local 10.1.0.1 ttl 5 tos 0x10 dev d0 fwmark 3
link add i2 type ipip mode any remote 10.1.0.8 local 10.1.0.1 encap gue encap-dport 6000 encap-remcsum
link add s1 type sit remote 10.1.0.9 local 10.1.0.1 mode ip6ip ttl 9
link add s2 type sit remote 10.1.0.10 local 10.1.0.1 6rd-prefix 2001:db8::/32 6rd-relay_prefix 10.0.0.0/8
link add s3 type sit isatap local 10.1.0.1
link add v1 type vti remote 10.1.0.11 local 10.1.0.1 key 5 fwmark 2
link add v2 type vti6 remote fd00::2 local fd00::1 ikey 7 okey 8
link add r1 type vrf table 100
link add iv1 link d0 type ipvlan mode l3 private
link add iv2 link d1x type ipvlan mode l2
link add gn1 type geneve id 5 remote 10.1.0.20 ttl 20 tos 0x10 df set dstport 6082 noudpcsum
link add gn2 type geneve id 6 remote fd00::20 flowlabel 0x1234 ttl inherit udp6zerocsumtx
link add gn3 type geneve external dstport 7000
link add q1 type ip6gre remote fd00::2 local fd00::1 key 5 seq csum hoplimit 10 tclass 0x10 flowlabel 0x12345 dev d0 fwmark 7 encaplimit 3 allow-localremote
link add q2 type ip6gre remote fd00::3 local fd00::1 tclass inherit flowlabel inherit dscp inherit fwmark inherit encaplimit none ikey 1.2.3.4 okey 9
link add q4 type ip6erspan remote fd00::5 local fd00::1 erspan_ver 2 erspan_dir egress erspan_hwid 7 seq key 3
link add q5 type ip6erspan remote fd00::6 local fd00::1 erspan_ver 1 erspan 9 seq key 4
link add q6 type ip6gre external
link add q8 type ip6gretap remote fd00::12 local fd00::1 key 1 fwmark 5 allow-localremote tclass 0xff flowlabel 0xfffff
link add t1 type ip6tnl remote fd00::7 local fd00::1 mode ip6ip6 hoplimit 5 encaplimit none tclass 0x20 flowlabel 0xabc dev d0 fwmark 9 allow-localremote
link add t2 type ip6tnl remote fd00::8 local fd00::1 mode ipip6 tclass inherit flowlabel inherit dscp inherit fwmark inherit
link add t4 type ip6tnl external
link add t6 type ip6tnl remote fd00::13 local fd00::1 mode ip6ip6 fwmark 0x10 encaplimit 0 hoplimit 255
link set d1x master r1
CASES
for ns in A B; do
  ip netns add "$ns"
  ip -n "$ns" link add d0 type veth peer name d1
  ip -n "$ns" link add d1x type veth peer name d2x
done
$NLTS -n A -force -batch "$cases" >"$out/nlts-batch.txt" 2>&1
echo "nlts batch exit $?" >>"$out/nlts-batch.txt"
ip -n B -force -batch "$cases" >"$out/ip-batch.txt" 2>&1
echo "ip batch exit $?" >>"$out/ip-batch.txt"
for ns in A B; do
  ip -n "$ns" -d link show >"$out/ip-$ns.txt"
  ip -n "$ns" -j -d link show >"$out/ip-$ns.json"
done
$NLTS -n A -d link show >"$out/nlts-A.txt" 2>&1
$NLTS -n A -j -d link show >"$out/nlts-A.json" 2>&1
echo done
