#!/bin/bash
# scripts/vm/vrf-exec.sh OUTDIR — run inside the VM (scripts/vm/run-in-vm.sh) from the repo root, with
# the vrf and dummy modules (the 6.18 host kernel has no vrf link kind):
#   RUNVM_OUTDIR=/tmp/x RUNVM_MODULES="veth dummy vrf" scripts/vm/run-in-vm.sh 'bash scripts/vm/vrf-exec.sh /tmp/x'
# Twin namespaces xA (ip) and xB (nlts), each with VRF "red" (table 10) over a dummy d0. Each probe
# runs under `ip -n xA vrf exec` and under `nlts -n xB vrf exec`; OUTDIR/NAME.ip and NAME.nlts get
# its output, stderr and status, for test/vm/vrf-exec-checks.ts to compare (with xA/xB made one).
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
