#!/bin/bash
# scripts/vm/tunnel-set.sh OUTDIR — run inside the VM (scripts/vm/run-in-vm.sh) from the repo root, with
# the tunnel modules (the 6.18 host kernel has none):
#   RUNVM_OUTDIR=/tmp/x RUNVM_MODULES="veth ip_gre ipip sit ip_vti ip6_vti ip6_gre ip6_tunnel" \
#     scripts/vm/run-in-vm.sh 'bash scripts/vm/tunnel-set.sh /tmp/x'
# `link set DEV type KIND OPTIONS`: ip and nlts must read the tunnel's settings first and change only
# what is given (the kernel's changelink rebuilds the whole set from the request). ip makes the same
# tunnels in namespaces tA and tB; each change runs with ip in tA and nlts in tB; OUTDIR/NAME.ip and
# NAME.nlts get the command's output and status, then `ip -j -d link show DEV` of that namespace, for
# test/vm/tunnel-set-checks.ts to compare.
set -u
out=${1:?OUTDIR}
mkdir -p "$out"
NLTS="node bin/nlts.js"
for ns in tA tB; do
  ip netns add $ns
  ip -n $ns link add d0 type veth peer name d0p
  ip -n $ns link add g1 type gre remote 10.1.0.2 local 10.1.0.1 key 5 seq csum ttl 64 tos 0x10 dev d0 fwmark 7
  ip -n $ns link add g2 type gretap remote 10.1.0.3 local 10.1.0.1 ikey 1.2.3.4 okey 9 nopmtudisc ignore-df
  ip -n $ns link add e1 type erspan remote 10.1.0.5 local 10.1.0.1 erspan_ver 2 erspan_dir egress erspan_hwid 7 seq key 3
  ip -n $ns link add i1 type ipip remote 10.1.0.7 local 10.1.0.1 ttl 5 tos 0x10 dev d0 fwmark 3
  ip -n $ns link add s1 type sit remote 10.1.0.9 local 10.1.0.1 mode ip6ip ttl 9
  ip -n $ns link add s2 type sit remote 10.1.0.10 local 10.1.0.1 6rd-prefix 2001:db8::/32 6rd-relay_prefix 10.0.0.0/8
  ip -n $ns link add v1 type vti remote 10.1.0.11 local 10.1.0.1 key 5 fwmark 2
  ip -n $ns link add v2 type vti6 remote fd00::2 local fd00::1 ikey 7 okey 8
  ip -n $ns link add q1 type ip6gre remote fd00::2 local fd00::1 key 5 seq hoplimit 10 tclass 0x10 flowlabel 0x12345 dev d0 fwmark 7 encaplimit 3
  ip -n $ns link add q5 type ip6erspan remote fd00::6 local fd00::1 erspan_ver 1 erspan 9 seq key 4
  ip -n $ns link add t1 type ip6tnl remote fd00::7 local fd00::1 mode ip6ip6 hoplimit 5 encaplimit none tclass 0x20 flowlabel 0xabc dev d0 fwmark 9
done
step() { # step NAME DEV ARGS...: "ip -n tA link set DEV ARGS" and "nlts -n tB link set DEV ARGS"
  local name=$1 dev=$2; shift 2
  ip -n tA link set "$dev" "$@" > "$out/$name.ip" 2>&1; echo "status: $?" >> "$out/$name.ip"
  $NLTS -n tB link set "$dev" "$@" > "$out/$name.nlts" 2>&1; echo "status: $?" >> "$out/$name.nlts"
  ip -n tA -j -d link show "$dev" >> "$out/$name.ip" 2>&1
  ip -n tB -j -d link show "$dev" >> "$out/$name.nlts" 2>&1
  echo "VMCHECK tunnel-set-$name"
}
step gre-ttl g1 type gre ttl 10
step gre-nokey g1 type gre nokey noseq
step gre-remote g1 type gre remote 10.1.0.99 tos inherit
step gretap-okey g2 type gretap okey 11 pmtudisc
step erspan-hwid e1 type erspan erspan_hwid 9
step ipip-ttl i1 type ipip ttl 9
step ipip-remote i1 type ipip remote 10.1.0.77 nopmtudisc ttl 0
step sit-ttl s1 type sit ttl 3
step sit-6rd s2 type sit ttl 4
step vti-okey v1 type vti okey 9
step vti6-fwmark v2 type vti6 fwmark 4
step ip6gre-hoplimit q1 type ip6gre hoplimit 9
step ip6gre-tclass q1 type ip6gre tclass inherit flowlabel 0x123 nookey
step ip6erspan-index q5 type ip6erspan erspan 11
step ip6tnl-hoplimit t1 type ip6tnl hoplimit 20
step ip6tnl-mode t1 type ip6tnl mode any encaplimit 7
step not-a-tunnel d0 type gre ttl 3
