#!/usr/bin/env bash
# The kiosk's service under a real, booted systemd: boot a minimal Debian 12 with systemd-nspawn,
# install the .deb from Debian's repositories, start clinic-kiosk.service (the unit as shipped,
# sandbox and all) with cage on wlroots' headless backend, and check that
#   1. systemd hears READY=1 (the service becomes active, not "activating" until a time-out),
#   2. a frozen kiosk (SIGSTOP) is restarted by the watchdog within WatchdogSec + 5 s,
#   3. the frozen kiosk is gone afterwards (nothing left behind in the old logind session).
#
#   sudo bash tools/bootcheck.sh dist/clinic-kiosk_<version>_amd64.deb
#
# Needs root, systemd-nspawn (package systemd-container) and mmdebstrap. The root is cached in
# /var/cache/clinic-kiosk-cleanroom (remade after a week). Takes about 2 minutes. Not yet a CI
# stage (issue 18 makes the fault list longer and puts it in CI).
set -euo pipefail
DEB=$(readlink -f "${1:?usage: bootcheck.sh PACKAGE.deb}")
HERE=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${KIOSK_CLEANROOM_CACHE:-/var/cache/clinic-kiosk-cleanroom}
TARBALL="$CACHE/bookworm-systemd.tar"
WORK=$(mktemp -d /var/tmp/kiosk-bootcheck.XXXXXX)
R="$WORK/root"; OUT="$WORK/out"
trap 'rm -rf "$WORK"' EXIT
say() { echo "bootcheck: $*"; }
fail() { echo "bootcheck: FAILED: $*" >&2; [ -f "$OUT/report.txt" ] && tail -60 "$OUT/report.txt" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run it as root"
command -v systemd-nspawn >/dev/null || fail "systemd-nspawn is missing (apt-get install systemd-container)"
# On a machine whose PID 1 is not systemd, nspawn must neither register nor make a scope.
NSPAWN=(systemd-nspawn -q --register=no --keep-unit)

mkdir -p "$CACHE"
if [ ! -f "$TARBALL" ] || [ -n "$(find "$TARBALL" -mtime +6)" ]; then
  command -v mmdebstrap >/dev/null || fail "mmdebstrap is missing (apt-get install mmdebstrap)"
  SOURCES=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    if [ -s "$f" ] && grep -q debian "$f"; then SOURCES+=("$f"); fi
  done
  say "mmdebstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm"
  mmdebstrap --quiet --format=tar --variant=minbase --include=systemd,systemd-sysv,dbus,ca-certificates \
    bookworm "$TARBALL.new" "${SOURCES[@]}" || fail "mmdebstrap could not make a Debian root"
  mv "$TARBALL.new" "$TARBALL"
fi
mkdir -p "$R" "$OUT"
tar -C "$R" -xf "$TARBALL"
cp "$DEB" "$R/root/kiosk.deb"  # not /tmp: nspawn mounts a fresh tmpfs there
"${NSPAWN[@]}" -D "$R" --pipe sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends /root/kiosk.deb >/root/apt.log 2>&1 || { tail -20 /root/apt.log; exit 1; }' \
  2> >(grep -v 'propagate' >&2) || fail "apt-get install of $(basename "$DEB") in the booted root"
say "installed $(basename "$DEB")"

# No console, GPU or VTs in a container: cage on the headless backend, the session on /dev/console.
mkdir -p "$R/etc/systemd/system/clinic-kiosk.service.d"
cat > "$R/etc/systemd/system/clinic-kiosk.service.d/headless.conf" <<'UNIT'
[Unit]
ConditionPathExists=
[Service]
StandardInput=null
TTYPath=/dev/console
UtmpIdentifier=console
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
ExecStartPre=
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 QT_QUICK_BACKEND=software
TimeoutStopSec=5
UNIT
WATCHDOG=$(sed -n 's/^WatchdogSec=//p' "$R/lib/systemd/system/clinic-kiosk.service")
cat > "$R/usr/local/bin/kiosk-bootcheck" <<'SH'
#!/bin/sh
# Inside the booted root, after clinic-kiosk.service has started (or given up): measure, report, power off.
kiosk_pid() {  # the kiosk itself: its command line is exactly /opt/clinic-kiosk/kiosk
  for d in /proc/[0-9]*; do
    if [ "$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null)" = "/opt/clinic-kiosk/kiosk " ]; then echo "${d#/proc/}"; return; fi
  done
}
{
  echo "active=$(systemctl is-active clinic-kiosk)"
  sleep 5
  before=$(systemctl show -p NRestarts --value clinic-kiosk)
  pid=$(kiosk_pid)
  echo "kiosk_pid=$pid"
  if [ -n "$pid" ]; then
    kill -STOP "$pid"
    t=0
    while [ $t -lt 90 ]; do
      if [ "$(systemctl show -p NRestarts --value clinic-kiosk)" != "$before" ] && \
         [ "$(systemctl is-active clinic-kiosk)" = active ]; then break; fi
      sleep 1; t=$((t+1))
    done
    echo "restarted_after=$t"
    if [ -d "/proc/$pid" ]; then echo "frozen_left=yes"; else echo "frozen_left=no"; fi
  fi
} > /out/result 2>&1
{ systemctl status --no-pager clinic-kiosk; journalctl -b --no-pager -u clinic-kiosk | tail -60; } > /out/report.txt 2>&1
systemctl poweroff
SH
chmod +x "$R/usr/local/bin/kiosk-bootcheck"
cat > "$R/etc/systemd/system/kiosk-bootcheck.service" <<'UNIT'
[Unit]
After=clinic-kiosk.service
[Service]
Type=oneshot
ExecStart=/usr/local/bin/kiosk-bootcheck
[Install]
WantedBy=multi-user.target
UNIT
"${NSPAWN[@]}" -D "$R" --pipe systemctl enable clinic-kiosk kiosk-bootcheck >/dev/null 2>&1
say "booting (systemd-nspawn -b); clinic-kiosk.service starts as at boot"
SECONDS=0
timeout 300 "${NSPAWN[@]}" -b -D "$R" --bind="$OUT:/out" >"$WORK/console.log" 2>&1 || true
say "booted, checked and powered off in ${SECONDS}s"
[ -f "$OUT/result" ] || fail "the check inside the booted root did not run (see the console: $(tail -5 "$WORK/console.log"))"
cat "$OUT/result"
value() { sed -n "s/^$1=//p" "$OUT/result"; }
[ "$(value active)" = active ] || fail "systemd never heard READY=1: the service is '$(value active)'"
say "ok: systemd heard READY=1 (the service is active)"
[ -n "$(value kiosk_pid)" ] || fail "no kiosk process found"
restarted=$(value restarted_after)
[ -n "$restarted" ] && [ "$restarted" -le $((WATCHDOG + 5)) ] \
  || fail "a frozen kiosk was not restarted within WatchdogSec + 5 s ($((WATCHDOG + 5)) s): ${restarted:-never}"
say "ok: a frozen kiosk (SIGSTOP) was restarted by the watchdog after ${restarted}s"
[ "$(value frozen_left)" = no ] || fail "the frozen kiosk is still there after the restart"
say "ok: nothing left behind"
