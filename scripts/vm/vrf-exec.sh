#!/bin/bash
# scripts/vm/vrf-exec.sh OUTDIR — run inside the VM (scripts/vm/run-in-vm.sh) from the repo root, with
# the vrf and dummy modules (the 6.18 host kernel has no vrf link kind):
#   RUNVM_OUTDIR=/tmp/x RUNVM_MODULES="veth dummy vrf" scripts/vm/run-in-vm.sh 'bash scripts/vm/vrf-exec.sh /tmp/x'
# Twin namespaces xA (ip) and xB (nlts), each with VRF "red" (table 10) over a dummy d0. Each probe
# runs under `ip -n xA vrf exec` and under `nlts -n xB vrf exec`; OUTDIR/NAME.ip and NAME.nlts get
# its output, stderr and status, for test/vm/vrf-exec-checks.ts to compare (with xA/xB made one).
# Then the `vrf NAME` selectors of route, link and address: reads by both tools of xA's state, and
# route changes made by ip in xA and by nlts in xB (OUTDIR/sel-NAME.ip and .nlts).
set -u
out=${1:?OUTDIR}
mkdir -p "$out"
NLTS="node bin/nlts.js"
for ns in xA xB; do
  ip netns add $ns
  ip -n $ns link set lo up
  ip -n $ns link add red type vrf table 10
  ip -n $ns link set red up
  ip -n $ns link add d0 type dummy
  ip -n $ns link set d0 master red
  ip -n $ns link set d0 up
  ip -n $ns addr add 192.0.2.1/24 dev d0
  ip -n $ns link add d1 type dummy
done
# The new socket's bound device (SO_BINDTODEVICE; "-" when unbound) and this process's cgroup.
probe='grep "^0::" /proc/self/cgroup; python3 -c "import socket; s = socket.socket(); print(s.getsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, 16).rstrip(b\"\\0\").decode() or \"-\")"'
both() { # both NAME ARGS...: "ip -n xA ARGS" and "nlts -n xB ARGS" (XNS in ARGS is the namespace)
  local name=$1; shift
  local tool ns
  for tool in ip nlts; do
    [ $tool = ip ] && ns=xA || ns=xB
    local args=("${@//XNS/$ns}")
    if [ $tool = ip ]; then ip -n $ns "${args[@]}"; else $NLTS -n $ns "${args[@]}"; fi \
      > "$out/$name.$tool" 2> "$out/$name.$tool.err"
    echo "status: $?" >> "$out/$name.$tool"
    cat "$out/$name.$tool.err" >> "$out/$name.$tool"
  done
  echo "VMCHECK vrf-exec-$name"
}
both bound vrf exec red sh -c "$probe"
both default vrf exec default sh -c "$probe"
both status vrf exec red sh -c 'exit 5'
both invalid vrf exec d0 true
both nested vrf exec red sh -c "exec ip netns exec XNS sh -c 'grep ^0:: /proc/self/cgroup'"
# pids and identify while a program runs bound to red (started by the same tool).
for tool in ip nlts; do
  [ $tool = ip ] && ns=xA || ns=xB
  if [ $tool = ip ]; then ip -n $ns vrf exec red sleep 30 & else $NLTS -n $ns vrf exec red sleep 30 & fi
  runner=$!
  for i in $(seq 100); do pgrep -f "^sleep 30" > /dev/null && break; sleep 0.1; done
  sleeper=$(pgrep -n -f "^sleep 30")
  { ip -n $ns vrf pids red | sed "s/^ *$sleeper /SLEEPER /"; ip vrf identify "$sleeper"
    $NLTS -n $ns vrf pids red | sed "s/^ *$sleeper /SLEEPER /"; $NLTS vrf identify "$sleeper"; } > "$out/pids.$tool" 2>&1
  kill "$sleeper"; wait "$runner"; echo "status: $?" >> "$out/pids.$tool"
done
echo "VMCHECK vrf-exec-pids"

# The vrf selectors.
sel() { # sel NAME ARGS...: "ip -n xA ARGS" and "nlts -n xA ARGS" (the same state)
  local name=$1; shift
  ip -n xA "$@" > "$out/sel-$name.ip" 2>&1; echo "status: $?" >> "$out/sel-$name.ip"
  $NLTS -n xA "$@" > "$out/sel-$name.nlts" 2>&1; echo "status: $?" >> "$out/sel-$name.nlts"
  echo "VMCHECK vrf-sel-$name"
}
change() { # change NAME ARGS...: "ip -n xA ARGS" and "nlts -n xB ARGS", then table 10 of each
  local name=$1; shift
  ip -n xA "$@" > "$out/sel-$name.ip" 2>&1; echo "status: $?" >> "$out/sel-$name.ip"
  $NLTS -n xB "$@" > "$out/sel-$name.nlts" 2>&1; echo "status: $?" >> "$out/sel-$name.nlts"
  ip -n xA -j route show table 10 >> "$out/sel-$name.ip"
  ip -n xB -j route show table 10 >> "$out/sel-$name.nlts"
  echo "VMCHECK vrf-sel-$name"
}
change route-add route add 198.51.100.0/24 via 192.0.2.2 vrf red
change route-add6 -6 route add 2001:db8:1::/64 dev d0 vrf red
sel route-show route show vrf red
sel route-show-j -j route show vrf red
sel route-show-6 -6 route show vrf red
sel route-get route get 198.51.100.7 vrf red
sel route-get-j -j route get 198.51.100.7 vrf red
sel link-show link show vrf red
sel link-show-j -j link show vrf red
sel addr-show-j -j addr show vrf red
sel vrf-not-a-vrf route show vrf d0
sel vrf-master-order -j link show master d1 vrf red
change route-flush route flush vrf red
# link set DEV vrf NAME: d1 joins red (by ip in xA, by nlts in xB); then the ports of red of each.
ip -n xA link set d1 vrf red > "$out/sel-link-set-vrf.ip" 2>&1; echo "status: $?" >> "$out/sel-link-set-vrf.ip"
$NLTS -n xB link set d1 vrf red > "$out/sel-link-set-vrf.nlts" 2>&1; echo "status: $?" >> "$out/sel-link-set-vrf.nlts"
ip -n xA -br link show master red | awk '{print $1}' >> "$out/sel-link-set-vrf.ip"
ip -n xB -br link show master red | awk '{print $1}' >> "$out/sel-link-set-vrf.nlts"
echo "VMCHECK vrf-sel-link-set-vrf"
