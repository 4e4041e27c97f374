#!/bin/bash
# scripts/vm/route-encap.sh
#
# Route lightweight-tunnel encapsulations of nlts against ip (issue 12 items 4 and 11), for a
# kernel that has them all: mpls, ip/ip6 with key/csum/seq, seg6 (every mode, hmac), seg6local
# (End, End.X, End.T, End.DX2/DX4/DX6, End.DT4/DT6/DT46 with table or vrftable, End.B6,
# End.B6.Encaps, count), ila, and multipath `nexthop … encap …`. This host's kernel refuses all
# but ip/ip6 (test/live/route-encap-types.test.ts compares the request bytes there), so run it in
# the VM (Debian's 6.1 kernel):
#
#   RUNVM_MODULES="drop_monitor ip_vs veth mpls_router mpls_iptunnel vrf ila" \
#     scripts/vm/run-in-vm.sh 'bash scripts/vm/route-encap.sh'
#
# Each change runs with ip in namespace A and with nlts in its twin B: stderr and exit status must
# be equal. Then the state (ip -j -d route show of A and B) must be equal, and nlts's route show
# (text, -j, -s, -s -j, -d) of A must equal ip's. Prints "route-encap: N same, M different" and
# exits 1 when anything differs. Takes ~4 minutes in the VM (node is slow there).
set -u
cd "$(dirname "$0")/../.." || exit 125
NLTS=(node bin/nlts.js)
A=h11enc-a$$
B=h11enc-b$$
TMP=$(mktemp -d)
trap 'ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null; rm -rf "$TMP"' EXIT

for n in $A $B; do
  ip netns add $n
  ip netns exec $n sysctl -qw net.vrf.strict_mode=1 # seg6local vrftable needs it
  ip -n $n -batch - <<'SETUP'
link set lo up
link add e0 type veth peer name e1
link add e2 type veth peer name e3
link set e0 up
link set e1 up
link set e2 up
link set e3 up
address add 10.9.0.2/24 dev e0
address add 2001:db8:9::2/64 dev e0 nodad
link add vrf1 type vrf table 200
link set vrf1 up
SETUP
done

CHANGES=$(cat <<'CMDS'
route add 10.1.0.0/24 encap mpls 100 dev e0
route add 10.1.1.0/24 encap mpls 100/200/300 ttl 5 via 10.9.0.1 dev e0
route add 10.1.2.0/24 nexthop via 10.9.0.1 dev e0 encap mpls 16 nexthop via 10.9.0.3 dev e0 encap mpls 17/18 ttl 3
route add 10.1.3.0/24 encap mpls abc dev e0
route add 10.1.4.0/24 encap mpls 5 ttl 1 ttl 2 dev e0
route add 10.1.5.0/24 encap mpls 5 ttl 300 dev e0
route add 10.1.6.0/24 encap mpls 1048576 dev e0
route add 10.1.7.0/24 encap mpls 0x10/020 dev e0
route add 10.4.0.0/24 encap ip id 5 dst 1.2.3.4 key csum seq dev e0
route add 10.4.1.0/24 nexthop via 10.9.0.1 dev e0 encap ip dst 1.1.1.1 key nexthop dev e2 encap ip6 dst 2001:db8::1 seq
-6 route add 2001:db8:1::/64 encap seg6 mode encap segs fc00::1 dev e0
-6 route add 2001:db8:2::/64 encap seg6 mode inline segs fc00::1,fc00::2 dev e0
-6 route add 2001:db8:3::/64 encap seg6 mode l2encap segs fc00::1,fc00::2,fc00::3 dev e0
-6 route add 2001:db8:4::/64 encap seg6 mode encap segs fc00::1 hmac 0xab dev e0
route add 10.2.0.0/24 encap seg6 mode encap segs fc00::9 dev e0
-6 route add 2001:db8:5::/64 encap seg6 mode foo segs fc00::1 dev e0
-6 route add 2001:db8:6::/64 encap seg6 segs fc00::1 dev e0
-6 route add 2001:db8:7::/64 encap seg6 mode encap dev e0
-6 route add 2001:db8:8::/64 encap seg6 mode encap.red segs fc00::1 dev e0
-6 route add 2001:db8:a::/64 encap seg6 mode inline segs fc00::1 hmac 5 dev e0
-6 route add 2001:db8:b::/64 nexthop via 2001:db8:9::1 dev e0 encap seg6 mode encap segs fc00::1,fc00::2 nexthop via 2001:db8:9::3 dev e0 encap mpls 77 ttl 2
-6 route add 2001:db8:c::/64 nexthop via 2001:db8:9::1 dev e0 encap seg6local action End nexthop via 2001:db8:9::3 dev e0 encap mpls 77
-6 route add fc00:1::/64 encap seg6local action End dev e0
-6 route add fc00:2::/64 encap seg6local action End.X nh6 2001:db8:9::1 dev e0
-6 route add fc00:3::/64 encap seg6local action End.T table 100 dev e0
-6 route add fc00:4::/64 encap seg6local action End.DX4 nh4 10.9.0.1 dev e0
-6 route add fc00:5::/64 encap seg6local action End.DX6 nh6 2001:db8:9::1 dev e0
-6 route add fc00:6::/64 encap seg6local action End.DT6 table local dev e0
-6 route add fc00:7::/64 encap seg6local action End.DT4 vrftable 200 dev vrf1
-6 route add fc00:8::/64 encap seg6local action End.B6 srh segs fc00::a,fc00::b dev e0
-6 route add fc00:9::/64 encap seg6local action End.B6.Encaps srh segs fc00::a hmac 7 dev e0
-6 route add fc00:a::/64 encap seg6local action End.DT6 vrftable 200 dev vrf1
-6 route add fc00:b::/64 encap seg6local action End count dev e0
-6 route add fc00:c::/64 encap seg6local action End.DX2 oif e1 dev e0
-6 route add fc00:d::/64 encap seg6local action Foo dev e0
-6 route add fc00:e::/64 encap seg6local action End.DT46 vrftable 200 dev vrf1
-6 route add fc00:f::/64 encap seg6local action End.X nh6 2001:db8:9::1 oif nosuch dev e0
-6 route add fc00:10::/64 encap seg6local action End.B6 srh foo dev e0
-6 route add fc00:11::/64 encap seg6local nh6 2001:db8:9::1 dev e0
-6 route add fc00:12::/64 encap seg6local action End action End dev e0
-6 route add fc00:13::/64 encap seg6local action End.T table nosuch dev e0
-6 route add 2001:db8:d::1/128 encap ila 2001:0:0:1 csum-mode no-action ident-type luid hook-type input dev e0
-6 route add 2001:db8:d::2/128 encap ila 2001:0:0:2 dev e0
-6 route add 2001:db8:d::3/128 encap ila 1:2:3:4:5 dev e0
-6 route add 2001:db8:d::4/128 encap ila 1:2 csum-mode foo dev e0
CMDS
)

same=0
different=0
check() { # check LABEL FILE-A FILE-B
  if cmp -s "$2" "$3"; then same=$((same + 1)); else
    different=$((different + 1)); echo "DIFF $1"; diff "$2" "$3" | head -8
  fi
}
while IFS= read -r line; do
  # shellcheck disable=SC2086 # the words of the line are the arguments
  { ip -n $A $line 2>&1 >/dev/null; echo "exit $?"; } > "$TMP/ip"
  # shellcheck disable=SC2086
  { "${NLTS[@]}" -n $B $line 2>&1 >/dev/null; echo "exit $?"; } > "$TMP/nlts"
  check "[$line]" "$TMP/ip" "$TMP/nlts"
done <<< "$CHANGES"
for fam in -4 -6; do
  ip -n $A $fam -d -j route show table main > "$TMP/a"; ip -n $B $fam -d -j route show table main > "$TMP/b"
  check "state $fam" "$TMP/a" "$TMP/b"
  for opts in "" "-j" "-s" "-s -j" "-d"; do
    # shellcheck disable=SC2086
    ip -n $A $fam $opts route show table main > "$TMP/a"
    # shellcheck disable=SC2086
    "${NLTS[@]}" -n $A $fam $opts route show table main > "$TMP/b"
    check "show $fam $opts" "$TMP/a" "$TMP/b"
  done
done
echo "--- ip -s route show (namespace A)"
ip -n $A -s route show table main; ip -n $A -6 -s route show table main
echo "route-encap: $same same, $different different ($(uname -r))"
[ $different = 0 ]
