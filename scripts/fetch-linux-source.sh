#!/bin/sh
# Fetch the pinned Debian linux-source package and keep only what the nlts tests read from it:
# the kernel's YNL specs (Documentation/netlink/specs), the UAPI headers (include/uapi/linux)
# and the YNL tools (tools/net/ynl). Never hand-install these: run this script.
#
#   scripts/fetch-linux-source.sh [CACHE_DIR]     (default /var/cache/nlts-linux-source)
#
# Prints the directory of the extracted tree (CACHE_DIR/linux-source-6.12-<version>) on stdout.
# Idempotent (a finished tree is reused) and safe to run in parallel (flock on CACHE_DIR/.lock).
# Exits non-zero with a one-line reason on stderr when it cannot.
set -eu

PACKAGE=linux-source-6.12
VERSION=6.12.118-1~deb12u1

CACHE=${1:-${NLTS_LINUX_SOURCE_CACHE:-/var/cache/nlts-linux-source}}
SAFE_VERSION=$(printf '%s' "$VERSION" | tr '~:' '__')
TREE="$CACHE/$PACKAGE-$SAFE_VERSION"
STAMP="$TREE/.complete"

fail() {
  echo "fetch-linux-source: $*" >&2
  exit 1
}

if [ -f "$STAMP" ]; then
  echo "$TREE"
  exit 0
fi

for tool in apt-get dpkg-deb tar flock xz; do
  command -v "$tool" >/dev/null 2>&1 || fail "needs $tool, which is not installed"
done

mkdir -p "$CACHE" 2>/dev/null || fail "cannot create $CACHE"
[ -w "$CACHE" ] || fail "cannot write to $CACHE"

exec 9>"$CACHE/.lock" || fail "cannot open $CACHE/.lock"
flock -w 1800 9 || fail "timed out waiting for the lock on $CACHE/.lock"

# Another worker may have finished while we waited for the lock.
if [ -f "$STAMP" ]; then
  echo "$TREE"
  exit 0
fi

WORK=$(mktemp -d "$CACHE/.work.XXXXXX") || fail "cannot make a work directory in $CACHE"
trap 'rm -rf "$WORK"' EXIT INT TERM

download() {
  (cd "$WORK" && apt-get download "$PACKAGE=$VERSION") >"$WORK/apt.log" 2>&1
}
if ! download; then
  # The package lists may be stale: refresh them once, then try again.
  apt-get update >"$WORK/update.log" 2>&1 || true
  download || fail "apt-get download $PACKAGE=$VERSION failed: $(tail -n 1 "$WORK/apt.log")"
fi

DEB=$(ls "$WORK"/*.deb 2>/dev/null | head -n 1)
[ -n "$DEB" ] || fail "apt-get download left no .deb in $WORK"

dpkg-deb -x "$DEB" "$WORK/deb" || fail "dpkg-deb -x $DEB failed"
rm -f "$DEB"
TARBALL=$(ls "$WORK"/deb/usr/src/linux-source-*.tar.xz 2>/dev/null | head -n 1)
[ -n "$TARBALL" ] || fail "$DEB holds no usr/src/linux-source-*.tar.xz"

mkdir -p "$WORK/tree"
tar -xJf "$TARBALL" -C "$WORK/tree" --strip-components=1 --wildcards \
  '*/Documentation/netlink/specs/*' '*/include/uapi/linux/*' '*/tools/net/ynl/*' ||
  fail "extracting from $TARBALL failed"
[ -d "$WORK/tree/Documentation/netlink/specs" ] || fail "$TARBALL has no Documentation/netlink/specs"
[ -d "$WORK/tree/include/uapi/linux" ] || fail "$TARBALL has no include/uapi/linux"

printf '%s=%s\n' "$PACKAGE" "$VERSION" >"$WORK/tree/.complete"
rm -rf "$TREE"
mv "$WORK/tree" "$TREE" || fail "cannot move the tree to $TREE"
echo "$TREE"
