#!/bin/bash
# scripts/vm/run-in-vm.sh "<command>"
#
# nlts's VM test runner (adapted from the team's shared qemu recipe). Used by
# test/vm/vm.test.ts, which boots it ONCE and runs scripts/vm/guest-suite.sh
# inside; also usable by hand:
#   sudo scripts/vm/run-in-vm.sh 'node bin/nlts.js genl family NET_DM'
#   scripts/vm/run-in-vm.sh --prepare      # install qemu, fetch the kernel, build the initramfs; no boot
#
# Boots Debian bookworm's stock kernel (linux-image-amd64 -> 6.1.x) under
# qemu-system-x86_64 (KVM when the CPU exposes vmx/svm, TCG otherwise). The
# guest's root is the HOST's root filesystem over 9p (read-only), with a
# throw-away tmpfs overlay on top so the guest can write anywhere. "<command>"
# runs under bash, as root, in the current directory, with the host's PATH.
# Its stdout+stderr come out on this script's stdout; the script exits with
# the command's exit status.
#
# Needs: root, Debian bookworm, apt sources reachable on first use (installs
# qemu-system-x86, busybox-static, xz-utils; downloads the kernel .deb into the
# cache and unpacks it there -- nothing is installed into /boot or /lib/modules).
#
# Env knobs:
#   RUNVM_CACHE    cache dir            (default: /var/cache/nlts-vm)
#   RUNVM_KPKG     kernel package       (default: what linux-image-amd64 depends on)
#   RUNVM_ACCEL    kvm|tcg|auto         (default: auto)
#   RUNVM_MEM      guest RAM            (default: 1G)
#   RUNVM_SMP      guest vCPUs          (default: 1 with TCG -- measured faster
#                                        on a busy 2-core host; nproc<=4 with KVM)
#   RUNVM_TIMEOUT  seconds for the VM   (default: 600)
#   RUNVM_MODULES  modules to preload   (default: "drop_monitor ip_vs veth")
#   RUNVM_VERBOSE  1 = copy the guest kernel log to stderr
#   RUNVM_OUTDIR   a host directory the guest may write to, at the same path
#                  (the rest of the guest's filesystem is a throw-away overlay)
#
# Exit codes: the command's; 124 = VM timed out; 125 = VM failed before or
# without reporting the command's status (kernel log is then shown on stderr);
# 126 = the VM could not be prepared (no apt archive / download failed).
set -euo pipefail

CACHE=${RUNVM_CACHE:-/var/cache/nlts-vm}
ACCEL=${RUNVM_ACCEL:-auto}
MEM=${RUNVM_MEM:-1G}
TMO=${RUNVM_TIMEOUT:-600}
MODS=${RUNVM_MODULES-drop_monitor ip_vs veth}

PREPARE_ONLY=0
[ "${1:-}" = --prepare ] && { PREPARE_ONLY=1; set -- true; }
[ $# -eq 1 ] || { echo "usage: $0 '<command>' | --prepare" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run-in-vm: must run as root" >&2; exit 2; }
log() { echo "run-in-vm: $*" >&2; }

# ---------- 1. host packages ----------------------------------------------
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1   || need+=(busybox-static)
command -v xz >/dev/null                 || need+=(xz-utils)
# the guest runs the host's binaries: guest-suite.sh needs ipvsadm for the IPVS recordings
command -v ipvsadm >/dev/null || [ -x /usr/sbin/ipvsadm ] || need+=(ipvsadm)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${need[@]}" >&2; then
    # a stale package list: refresh once and try again
    apt-get update >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "${need[@]}" >&2 || { log "cannot install ${need[*]}"; exit 126; }
  fi
fi

# ---------- 2. kernel: downloaded and unpacked into the cache only ---------
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"; flock 9              # serialise cache population
KPKG=${RUNVM_KPKG:-$(apt-cache depends linux-image-amd64 2>/dev/null |
                     awk '/Depends: linux-image-[0-9]/{print $2; exit}')}
if [ -z "$KPKG" ]; then
  apt-get update >&2 || true
  KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
fi
[ -n "$KPKG" ] || { log "cannot resolve the kernel package name"; exit 126; }
KV=${KPKG#linux-image-}
KDIR=$CACHE/$KPKG
MODDIR=$KDIR/root/lib/modules/$KV
if [ ! -f "$KDIR/.done" ]; then
  log "fetching $KPKG"
  rm -rf "$KDIR"; mkdir -p "$KDIR/dl"; chmod 777 "$KDIR/dl"   # _apt must write
  (cd "$KDIR/dl" && apt-get download "$KPKG" >&2) || { log "cannot download $KPKG"; rm -rf "$KDIR"; exit 126; }
  dpkg-deb -x "$KDIR"/dl/*.deb "$KDIR/root"
  rm -rf "$KDIR/dl"
  # the package's postinst would run depmod; do it in the cache instead
  if command -v depmod >/dev/null; then depmod -b "$KDIR/root" "$KV"
  else busybox depmod -b "$KDIR/root" "$KV"; fi
  # bzImage is XZ-compressed: decompressing it under TCG costs 3-9 s, so
  # pull out the ELF vmlinux once and boot that via PVH (CONFIG_PVH=y).
  bz=$KDIR/root/boot/vmlinuz-$KV
  off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$bz" | head -1 | cut -d: -f1)
  tail -c +$((off + 1)) "$bz" | xz -dc 2>/dev/null > "$KDIR/vmlinux" || true
  head -c4 "$KDIR/vmlinux" | grep -q ELF || { log "vmlinux extraction failed"; rm -f "$KDIR/vmlinux"; }
  touch "$KDIR/.done"
fi
KERNEL=$KDIR/vmlinux; [ -s "$KERNEL" ] || KERNEL=$KDIR/root/boot/vmlinuz-$KV

# ---------- 3. initramfs: busybox + what is needed to mount the 9p root ----
INITRD=$KDIR/initrd.cpio
if [ ! -f "$INITRD" ] || [ "$0" -nt "$INITRD" ]; then
  log "building initramfs"
  ir=$(mktemp -d "$CACHE/ir.XXXXXX")
  mkdir -p "$ir"/{bin,sbin,proc,sys,dev,lower,newroot,rw,lib/modules/$KV}
  cp /bin/busybox "$ir/bin/busybox"
  for a in $(/bin/busybox --list); do        # the list includes "busybox"!
    [ "$a" = busybox ] || ln -sf busybox "$ir/bin/$a"; done
  ln -sf ../bin/busybox "$ir/sbin/modprobe"  # kernel's request_module() helper
  early="virtio_pci 9pnet_virtio 9p overlay" # + dependency closure below
  for m in $early; do
    line=$(grep -E "(^|/)$m\.ko(\.[a-z]+)?:" "$MODDIR/modules.dep") ||
      { log "module $m not in modules.dep"; exit 125; }
    for f in ${line%%:*} ${line#*:}; do
      mkdir -p "$ir/lib/modules/$KV/${f%/*}"; cp "$MODDIR/$f" "$ir/lib/modules/$KV/$f"
    done
  done
  cp "$MODDIR"/modules.{dep,builtin} "$ir/lib/modules/$KV/"
  echo $early > "$ir/early-modules"
  cat > "$ir/init" <<'EOF'
#!/bin/busybox sh
# ttyS0 = kernel console (log file on the host), ttyS1 = command output
# (host stdout), ttyS2 = exit status (file on the host)
export PATH=/bin:/sbin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs dev /dev
for x in $(cat /proc/cmdline); do
  case $x in vmrun=*) RUN=${x#vmrun=};; vmkdir=*) KDIR=${x#vmkdir=};;
             vmmods=*) MODS=$(echo ${x#vmmods=} | tr , ' ');; vmout=*) OUT=${x#vmout=};; esac
done
KV=$(uname -r)
mark() { echo "run-in-vm: $*" > /dev/kmsg; }   # timestamped in the kernel log
mark init started
stty -F /dev/ttyS1 raw -echo; stty -F /dev/ttyS2 raw -echo
report() { echo "RC=$1" > /dev/ttyS2; sync; reboot -f; }  # qemu -no-reboot exits
fail() { echo "run-in-vm(guest): $*" | tee /dev/ttyS1; report 125; }
for m in $(cat /early-modules); do modprobe $m || fail "modprobe $m"; done
mark early modules loaded
i=0; until mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose \
        hostroot /lower 2>/dev/null; do
  i=$((i+1)); [ $i -gt 50 ] && fail "cannot mount 9p hostroot"; sleep 0.1; done
# throw-away writable layer over the read-only host root
mount -t tmpfs -o mode=755 rw /rw; mkdir /rw/u /rw/w
mount -t overlay -o lowerdir=/lower,upperdir=/rw/u,workdir=/rw/w overlay /newroot ||
  fail "overlay mount"
R=/newroot
mark root mounted
mount -t proc proc $R/proc; mount -t sysfs sysfs $R/sys; mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts; mount -t tmpfs shm $R/dev/shm
mount -t tmpfs -o mode=755 run $R/run        # hide the host's /run (netns mounts...)
if [ -n "$OUT" ]; then                       # the one writable host directory
  mkdir -p $R$OUT && mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 hostout $R$OUT ||
    fail "cannot mount 9p hostout at $OUT"
fi
mount -t cgroup2 cgroup2 $R/sys/fs/cgroup 2>/dev/null
mount -t debugfs debugfs $R/sys/kernel/debug 2>/dev/null
mount -t bpf bpf $R/sys/fs/bpf 2>/dev/null
# guest kernel's modules: for this busybox modprobe (also used by the kernel's
# module autoloading) and for modprobe inside the chroot
mount --bind /lower$KDIR/lib/modules/$KV /lib/modules/$KV
mkdir -p $R/lib/modules/$KV && mount --bind /lower$KDIR/lib/modules/$KV $R/lib/modules/$KV
for m in $MODS; do modprobe $m || echo "run-in-vm(guest): modprobe $m failed" > /dev/ttyS1; done
hostname vm; ip link set lo up
mark running command
chroot $R /bin/bash $RUN/cmd.sh </dev/null >/dev/ttyS1 2>&1
report $?
EOF
  chmod +x "$ir/init"
  (cd "$ir" && find . | busybox cpio -o -H newc 2>/dev/null) > "$INITRD.tmp"
  mv "$INITRD.tmp" "$INITRD"; rm -rf "$ir"
fi
flock -u 9
[ "$PREPARE_ONLY" = 1 ] && { log "prepared: $KERNEL"; exit 0; }

# ---------- 4. per-run command file (the guest sees it through the 9p root) --
RUN=$(mktemp -d "$CACHE/run.XXXXXX"); chmod 755 "$RUN"
trap 'rm -rf "$RUN"' EXIT
{
  echo "export PATH=$(printf %q "$PATH") HOME=/root TERM=dumb LANG=C.UTF-8"
  echo "cd $(printf %q "$PWD") || exit 125"
  printf '%s\n' "$1"
} > "$RUN/cmd.sh"

# ---------- 5. boot ---------------------------------------------------------
case $ACCEL in
  kvm) acc=(-accel kvm) ;;
  tcg) acc=(-accel tcg) ;;
  *)   # A stock kernel needs hardware virtualisation (vmx/svm in cpuinfo).
       # A /dev/kvm without it (e.g. PVM's kvm_pvm in a Firecracker VM)
       # accepts the VM, but a non-PVM guest kernel then hangs at boot.
       if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
         acc=(-accel kvm -accel tcg); else acc=(-accel tcg); fi ;;
esac
if [ "${acc[1]}" = tcg ]; then SMP=${RUNVM_SMP:-1}
else SMP=${RUNVM_SMP:-$(n=$(nproc); [ "$n" -gt 4 ] && n=4; echo "$n")}; fi
ll=4; [ "${RUNVM_VERBOSE:-0}" = 1 ] && ll=7
append="console=ttyS0 loglevel=$ll panic=-1 rdinit=/init mitigations=off \
cryptomgr.notests vmrun=$RUN vmkdir=$KDIR/root vmmods=$(echo $MODS | tr ' ' ,)"
outfs=()
if [ -n "${RUNVM_OUTDIR:-}" ]; then
  OUTDIR=$(cd "$RUNVM_OUTDIR" && pwd)
  append="$append vmout=$OUTDIR"
  outfs=(-virtfs "local,path=$OUTDIR,mount_tag=hostout,security_model=none")
fi

set +e
timeout -k 5 "$TMO" qemu-system-x86_64 "${acc[@]}" -cpu max -smp "$SMP" -m "$MEM" \
  -nodefaults -no-user-config -display none -no-reboot \
  -serial file:"$RUN/console.log" \
  -chardev stdio,id=out,signal=off -serial chardev:out \
  -serial file:"$RUN/status" \
  -kernel "$KERNEL" -initrd "$INITRD" -append "$append" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  "${outfs[@]}" \
  </dev/null
st=$?
set -e
rc=$(sed -n 's/^RC=\([0-9]*\).*/\1/p' "$RUN/status" 2>/dev/null | tail -1)
if [ "${RUNVM_VERBOSE:-0}" = 1 ] || [ -z "$rc" ]; then
  log "guest kernel log:"; tr -d '\r' < "$RUN/console.log" >&2 || true
fi
[ "$st" = 124 ] && { log "timed out after ${TMO}s"; exit 124; }
[ -n "$rc" ] || { log "VM exited (qemu status $st) without reporting a status"; exit 125; }
exit "$rc"
