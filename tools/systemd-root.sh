#!/usr/bin/env bash
# The cached minimal Debian 12 root with systemd that the booted checks (tools/bootcheck.sh,
# tools/fleetcheck.sh) unpack and boot with systemd-nspawn:
#
#   sudo bash tools/systemd-root.sh TARBALL
#
# Makes TARBALL with mmdebstrap (minbase + systemd, systemd-sysv, dbus, ca-certificates) from the
# host's Debian sources when it is missing or older than a week; else leaves it. Both checks may
# run at once (CI starts them side by side): each writes its own temporary name and moves it into
# place, so neither ever unpacks a half-written root.
set -euo pipefail
TARBALL=${1:?usage: systemd-root.sh TARBALL}
if [ -f "$TARBALL" ] && [ -z "$(find "$TARBALL" -mtime +6)" ]; then
  exit 0
fi
command -v mmdebstrap >/dev/null \
  || { echo "systemd-root: mmdebstrap is missing: SETUP_TEST_TOOLS=1 bash tools/setup.sh installs it" >&2; exit 1; }
SOURCES=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
  if [ -s "$f" ] && grep -q debian "$f"; then SOURCES+=("$f"); fi
done
echo "systemd-root: mmdebstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm (cached as $TARBALL)"
mkdir -p "$(dirname "$TARBALL")"
tmp=$(mktemp "$TARBALL.XXXXXX")
trap 'rm -f "$tmp"' EXIT
mmdebstrap --quiet --format=tar --variant=minbase --include=systemd,systemd-sysv,dbus,ca-certificates \
  bookworm "$tmp" "${SOURCES[@]}" || { echo "systemd-root: mmdebstrap could not make a Debian root" >&2; exit 1; }
mv "$tmp" "$TARBALL"
