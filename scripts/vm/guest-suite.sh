#!/bin/bash
# scripts/vm/guest-suite.sh OUTDIR
#
# Runs inside the VM (scripts/vm/run-in-vm.sh, Debian's 6.1 kernel with drop_monitor and ip_vs):
# every VM scenario of nlts in one boot. Each scenario leaves in OUTDIR:
#   NAME.stdout NAME.stderr NAME.exit   and, when recorded, NAME.recording.json (nlts --record)
# and prints one machine-readable line on stdout:
#   VMCHECK NAME exit=N [key=value ...]
# test/vm/vm.test.ts asserts on those files (node is ~20x slower in the guest, so the checking is
# done on the host); scripts/vm/record-goldens.mjs turns the recordings into golden fixtures.
set -u
OUT=${1:?usage: guest-suite.sh OUTDIR}
cd "$(dirname "$0")/../.." || exit 125
mkdir -p "$OUT"
echo "VMINFO kernel=$(uname -r) node=$(node --version 2>/dev/null)"

# bin/nlts.js once the CLI dispatches "dropwatch", else the same handler through the shim.
if grep -q "commands/dropwatch" dist/cli/main.js 2>/dev/null; then NLTS=(node bin/nlts.js)
else NLTS=(node scripts/vm/dropwatch-cli.mjs); fi
echo "VMINFO cli=${NLTS[*]}"

udp() { # udp HOST PORT N: N datagrams, each from a fresh socket (bash /dev/udp)
  local i; for ((i = 0; i < $3; i++)); do echo "nlts-drop-$i" > "/dev/udp/$1/$2"; done 2>/dev/null
}
ready() { # ready NAME: wait until the monitor said it started (or died)
  local i; for ((i = 0; i < 600; i++)); do
    grep -q 'monitoring' "$OUT/$1.stderr" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done; return 1
}
finish() { # finish NAME PID [extra...]: wait for it, write NAME.exit, print the VMCHECK line
  local name=$1 pid=$2; shift 2
  local i; for ((i = 0; i < 900; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; echo "VMCHECK $name timeout"; }
  wait "$pid"; local rc=$?
  echo "$rc" > "$OUT/$name.exit"
  echo "VMCHECK $name exit=$rc $*"
}
bg() { # bg NAME NLTS-ARGS...: start nlts recording NAME in the background; sets PID
  local name=$1; shift
  "${NLTS[@]}" --record "$OUT/$name.recording.json" "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr" &
  PID=$!
}
fg() { # fg NAME CLI-ARGS...: run to completion
  local name=$1; shift
  "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"; local rc=$?
  echo "$rc" > "$OUT/$name.exit"; echo "VMCHECK $name exit=$rc"
}
tracing_off() { # status as JSON after NAME: proves STOP was sent
  fg "$1" "${NLTS[@]}" --record "$OUT/$1.recording.json" -j dropwatch status
}

# 10. link kinds the 6.18 host kernel lacks (dummy, vlan, bond, bond_slave, vrf): the same words with
# nlts (one batch) in namespace vbA and with ip in vbB (modules autoloaded, or preloaded by vm.test.ts); then -d link show of both, and nlts's of vbA.
# test/vm/vm.test.ts compares nlts with ip on vbA, and vbA's state with vbB's.
vlan_bond() {
  local vb="$OUT/vlan-bond" ns t0=$SECONDS
  mkdir -p "$vb"
  cat > "$vb/cases" <<'CASES'
link add d0 type dummy
link add d1 type dummy
link add d2 type dummy
link add link d0 name v1 type vlan id 5
link add link d0 name v2 type vlan id 100 protocol 802.1ad reorder_hdr off gvrp on mvrp on loose_binding on bridge_binding on ingress-qos-map 1:2 3:4 egress-qos-map 2:5 6:7
link add b0 type bond
link add b1 type bond mode 802.3ad miimon 100 xmit_hash_policy layer3+4 lacp_rate fast min_links 2
link add b2 type bond mode active-backup arp_interval 100 arp_ip_target 10.0.0.1,10.0.0.2 arp_validate all
link set d1 master b2
link set d2 master b2
link set b2 type bond primary d1 primary_reselect better num_grat_arp 3 resend_igmp 2
link set d1 type bond_slave queue_id 3
link set b0 type bond mode balance-xor miimon 50 updelay 100 downdelay 150 xmit_hash_policy layer2+3 all_slaves_active 1
link set b1 type bond ad_actor_sys_prio 100 ad_user_port_key 5 ad_actor_system 02:00:00:00:00:01 ad_select count
link add d3 type dummy
link set d3 master b1
link set b1 up
link add r1 type vrf table 10
CASES
  for ns in vbA vbB; do ip netns add "$ns"; done
  node bin/nlts.js -n vbA -batch "$vb/cases" > "$vb/nlts-batch.stdout" 2> "$vb/nlts-batch.stderr"
  echo $? > "$vb/nlts-batch.exit"
  ip -n vbB -batch "$vb/cases" > "$vb/ip-batch.stdout" 2> "$vb/ip-batch.stderr"
  echo $? > "$vb/ip-batch.exit"
  sleep 3 # the 802.3ad port state of d3 settles (AD_AGGREGATOR_WAIT_TIME is 2 s) before the dumps
  for ns in vbA vbB; do
    ip -n "$ns" -d link show > "$vb/ip-$ns.txt"
    ip -n "$ns" -j -d link show > "$vb/ip-$ns.json"
  done
  node bin/nlts.js -n vbA -d link show > "$vb/nlts-vbA.txt" 2> "$vb/nlts-vbA.stderr"
  node bin/nlts.js -n vbA -j -d link show > "$vb/nlts-vbA.json" 2>> "$vb/nlts-vbA.stderr"
  for ns in vbA vbB; do ip netns del "$ns"; done
  echo "VMCHECK vlan-bond exit=$(cat "$vb/nlts-batch.exit") ip=$(cat "$vb/ip-batch.exit") secs=$((SECONDS - t0))"
}
[ "${VMSUITE_ONLY-}" = vlan-bond ] && { vlan_bond; echo "VMDONE"; exit 0; }

# 1. summary mode, ended by SIGINT: 50 UDP datagrams to a closed port
bg summary-sigint -j dropwatch
ready summary-sigint $PID && { udp 127.0.0.1 9 50; sleep 2.5; kill -INT $PID; }
finish summary-sigint $PID sent=50
tracing_off status-after-sigint

# 2. summary mode, line view, ends after the first alert
bg summary-lines dropwatch --count 1
ready summary-lines $PID && udp 127.0.0.1 9 20
finish summary-lines $PID sent=20

# 3. packet mode: UDP to a closed port on 127.0.0.1 (reason UDP_NO_SOCKET)
bg packet-udp -j dropwatch --mode packet --count 5
ready packet-udp $PID && udp 127.0.0.1 9 10
finish packet-udp $PID sent=10

# 4. packet mode: a packet routed into a blackhole route in a netns, with a pcap
ip netns add bh && ip link add v0 type veth peer name v1 netns bh &&
  ip addr add 10.9.0.1/24 dev v0 && ip link set v0 up &&
  ip -n bh addr add 10.9.0.2/24 dev v1 && ip -n bh link set v1 up && ip -n bh link set lo up &&
  ip -n bh route add blackhole 10.99.0.0/24 && ip route add 10.99.0.0/24 via 10.9.0.2 dev v0 ||
  echo "VMCHECK netns-setup failed"
ip neigh replace 10.9.0.2 lladdr "$(ip -n bh -br link show v1 | awk '{print $3}')" dev v0 nud permanent
bg packet-blackhole -j dropwatch --mode packet --trunc 96 --count 3 --pcap "$OUT/packet-blackhole.pcapng"
ready packet-blackhole $PID && { for r in 1 2 3; do
  udp 10.99.0.1 7 3; kill -0 $PID 2>/dev/null || break; sleep 1; done; }
finish packet-blackhole $PID dst=10.99.0.1

# 5. packet mode, line view, then the live table (fixed --interval) for the golden renderers
bg packet-lines dropwatch --mode packet --count 3 --view lines
ready packet-lines $PID && udp 127.0.0.1 9 6
finish packet-lines $PID sent=6
bg packet-table dropwatch --mode packet --count 4 --view table --interval 60
ready packet-table $PID && udp 127.0.0.1 9 8
finish packet-table $PID sent=8

# 6. SIGTERM, then a broken pipe (| head -1): both must STOP
bg packet-sigterm -j dropwatch --mode packet
ready packet-sigterm $PID && { udp 127.0.0.1 9 3; sleep 1; kill -TERM $PID; }
finish packet-sigterm $PID
tracing_off status-after-sigterm
( "${NLTS[@]}" -j dropwatch --mode packet 2> "$OUT/pipe.stderr"; echo $? > "$OUT/pipe.nlts-exit" ) | head -1 > "$OUT/pipe.stdout" &
PID=$!
for ((i = 0; i < 300; i++)); do
  grep -q monitoring "$OUT/pipe.stderr" 2>/dev/null && udp 127.0.0.1 9 2
  kill -0 $PID 2>/dev/null || break; sleep 0.2
done
finish pipe $PID nlts_exit=$(cat "$OUT/pipe.nlts-exit" 2>/dev/null)
tracing_off status-after-pipe

# 7. software + hardware drops for a fixed time (no devlink device here: software alerts only)
bg sw-hw -j dropwatch --sw --hw --duration 3
ready sw-hw $PID && udp 127.0.0.1 9 5
finish sw-hw $PID sent=5
tracing_off status-final

# 8. IPVS: the family, and a dump of services after ipvsadm adds one (in a netns)
ip netns add ipvs && ip netns exec ipvs ipvsadm -A -t 10.0.0.1:80 -s rr || echo "VMCHECK ipvsadm failed"
fg ipvs-family node bin/nlts.js --record "$OUT/ipvs-family.recording.json" genl family IPVS
fg ipvs-dump-services node bin/nlts.js --record "$OUT/ipvs-dump-services.recording.json" -n ipvs genl dump IPVS get-service
fg ipvs-dump-services-json node bin/nlts.js --record "$OUT/ipvs-dump-services-json.recording.json" -n ipvs -j genl dump IPVS get-service
ip netns exec ipvs ipvsadm -Ln > "$OUT/ipvsadm.txt" 2>&1

# 9. the library example examples/count-drops.mjs counts the same drops (summary mode, 16 s).
# Node needs several seconds under TCG just to load the library, so the datagrams are sent
# well after the example has started tracing (at 5 s they came before it and none were counted).
node examples/count-drops.mjs 16 > "$OUT/example-count-drops.stdout" 2> "$OUT/example-count-drops.stderr" &
PID=$!
sleep 12; udp 127.0.0.1 9 30
finish example-count-drops $PID sent=30
tracing_off status-after-example
vlan_bond

# 11. tunnel, vrf, ipvlan and geneve links (scripts/vm/tunnel-kinds.sh), checked by test/vm/link-tunnel-checks.ts.
bash scripts/vm/tunnel-kinds.sh "$OUT/tunnel" > "$OUT/tunnel-kinds.log" 2>&1
echo "VMCHECK tunnel-kinds exit=$?"

# 12. vrf exec and the vrf NAME selectors against ip (scripts/vm/vrf-exec.sh), checked by
# test/vm/vrf-exec-checks.ts.
bash scripts/vm/vrf-exec.sh "$OUT/vrf" > "$OUT/vrf-exec.log" 2>&1
echo "VMCHECK vrf-exec exit=$?"

# 13. link set … type <tunnel> against ip (scripts/vm/tunnel-set.sh), checked by test/vm/tunnel-set-checks.ts.
bash scripts/vm/tunnel-set.sh "$OUT/tunnel-set" > "$OUT/tunnel-set.log" 2>&1
echo "VMCHECK tunnel-set exit=$?"
echo "VMDONE"
