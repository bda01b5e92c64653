#!/usr/bin/env bash
# Faults survived, under a real, booted systemd (issue 18, item 1). Boots a minimal Debian 12 with
# systemd-nspawn, installs the kiosk (a .deb, or from a signed apt repository), starts
# clinic-kiosk.service as shipped (its sandbox on; a drop-in only puts cage on wlroots' headless
# backend and the session on /dev/console, as a container has no GPU, VT or tty1), and then, in
# that ONE boot, injects each fault and measures how the kiosk comes back:
#   kill -9       the kiosk killed: running again (READY=1 heard) within 5 s
#   SIGSTOP       a frozen event loop: restarted by the watchdog within WatchdogSec + 5 s, nothing left over
#   bad config    junk written over config.yaml while running: after a restart it runs on the defaults
#                 and says why (a "config:" line naming the file), and comes back on the good config
#   content gone  the content folder deleted, then its files corrupted, while running: the kiosk keeps
#                 running and showing the content it loaded (status.json's content version) and logs it
#   disk full     a full, small tmpfs over the log folder: the kiosk keeps running, restarts onto it,
#                 pings the watchdog and writes its heartbeat (no restart, no restart loop)
#   50 restarts   `systemctl restart` 50 times, each waiting for READY=1: each stop clean (the kiosk
#                 exits 0, no failure logged), no leftover lock or temp file
#                 in the state, cache and runtime folders; the usage counts intact (byte for byte)
# After every fault: the usage counts, the config and the earlier log lines must be as they were. It prints
# a table (fault, limit, time to recover, what was lost: must be "nothing") and each phase's time, and
# exits non-zero when any check fails.
#
#   sudo bash tools/bootcheck.sh dist/clinic-kiosk_<version>_amd64.deb
#   sudo bash tools/bootcheck.sh --repo DIR --key KEYFILE [PACKAGE]
#       DIR: a flat apt repository (Packages, Release and InRelease signed by KEYFILE, as
#       tools/apt-repo.sh makes it); KEYFILE: the public key, binary (.gpg) or armored (.asc).
#       The kiosk gets it as `deb [signed-by=KEYFILE] file:/srv/clinic-kiosk-repo ./` and
#       `apt-get install PACKAGE` (default clinic-kiosk).
#
# Needs root, systemd-nspawn (package systemd-container) and mmdebstrap. The root is cached in
# /var/cache/clinic-kiosk-cleanroom (remade after a week), the packages apt downloads in
# bootcheck-apt-archives there. Takes about 2.5 minutes on 2 busy cores: 2.3 in the boot, of which the
# watchdog's 30 s and a few 10 s heartbeats are waiting (KIOSK_BOOTCHECK_RESTARTS=N: another number of
# restarts than 50; KIOSK_BOOTCHECK_KEEP=1: keep the root and its journal afterwards).
set -euo pipefail
usage() { sed -n '/^#   sudo/,/^#$/p' "$0" | sed 's/^#//' >&2; exit 2; }
DEB="" REPO="" KEY="" PACKAGE=clinic-kiosk
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) REPO=$(readlink -f "${2:?--repo DIR}")/; shift 2 ;;
    --key) KEY=$(readlink -f "${2:?--key KEYFILE}"); shift 2 ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) if [ -n "$REPO" ]; then PACKAGE=$1; else DEB=$(readlink -f "$1"); fi; shift ;;
  esac
done
if [ -n "$REPO" ]; then [ -n "$KEY" ] || usage; elif [ -z "$DEB" ]; then usage; fi
RESTARTS=${KIOSK_BOOTCHECK_RESTARTS:-50}
CACHE=${KIOSK_CLEANROOM_CACHE:-/var/cache/clinic-kiosk-cleanroom}
TARBALL="$CACHE/bookworm-systemd.tar"
WORK=$(mktemp -d /var/tmp/kiosk-bootcheck.XXXXXX)
R="$WORK/root"; OUT="$WORK/out"
# KIOSK_BOOTCHECK_KEEP=1: keep the root and its journal (out/journal.txt) to look at afterwards.
if [ "${KIOSK_BOOTCHECK_KEEP:-0}" = 1 ]; then trap 'echo "bootcheck: kept $WORK"' EXIT; else trap 'rm -rf "$WORK"' EXIT; fi
say() { echo "bootcheck: $*"; }
fail() {
  echo "bootcheck: FAILED: $*" >&2
  [ -f "$OUT/report.txt" ] && tail -80 "$OUT/report.txt" >&2
  exit 1
}
TIMES=()
T0=$SECONDS; PHASE_START=$SECONDS
phase() { TIMES+=("$(printf '  %-34s %4ss' "$1" "$((SECONDS - PHASE_START))")"); PHASE_START=$SECONDS; }
[ "$(id -u)" -eq 0 ] || fail "run it as root"
command -v systemd-nspawn >/dev/null || fail "systemd-nspawn is missing (apt-get install systemd-container)"
[ -z "$DEB" ] || [ -f "$DEB" ] || fail "no such package: $DEB"
[ -z "$REPO" ] || [ -f "$REPO/InRelease" ] || [ -f "$REPO/Release.gpg" ] || fail "$REPO has no signed Release (InRelease)"
[ -z "$KEY" ] || [ -f "$KEY" ] || fail "no such key file: $KEY"
# On a machine whose PID 1 is not systemd, nspawn must neither register nor make a scope.
NSPAWN=(systemd-nspawn -q --register=no --keep-unit)

# --- the root: a cached minimal Debian 12 with systemd ---------------------------------------
bash "$(dirname "$0")/systemd-root.sh" "$TARBALL" || fail "no Debian root with systemd"
mkdir -p "$R" "$OUT"
tar -C "$R" -xf "$TARBALL"
phase "unpack the cached root"

# --- install: the .deb, or from the signed repository ----------------------------------------
if [ -n "$REPO" ]; then
  mkdir -p "$R/srv/clinic-kiosk-repo" "$R/etc/apt/keyrings"
  cp -a "$REPO". "$R/srv/clinic-kiosk-repo/"
  ext=gpg; grep -q 'BEGIN PGP PUBLIC KEY BLOCK' "$KEY" && ext=asc
  cp "$KEY" "$R/etc/apt/keyrings/clinic-kiosk.$ext"
  chmod -R a+rX "$R/srv/clinic-kiosk-repo" "$R/etc/apt/keyrings"
  echo "deb [signed-by=/etc/apt/keyrings/clinic-kiosk.$ext] file:/srv/clinic-kiosk-repo ./" \
    > "$R/etc/apt/sources.list.d/clinic-kiosk.list"
  TARGET=$PACKAGE; FROM="$PACKAGE from the signed repository $REPO"
else
  cp "$DEB" "$R/root/kiosk.deb"  # not /tmp: nspawn mounts a fresh tmpfs there
  TARGET=/root/kiosk.deb; FROM=$(basename "$DEB")
fi
# The test's own state, as IT could have it: a copy of the bundled content as content_dir (so that it
# can be deleted), a heartbeat every 10 s (the fastest allowed), and usage counts from earlier days.
TODAY=$(date +%F); YESTERDAY=$(date -d yesterday +%F)
# Downloaded packages are kept for the next run (a folder of this script's own, never the root tarball).
APT_ARCHIVES="$CACHE/bootcheck-apt-archives"
mkdir -p "$APT_ARCHIVES"
"${NSPAWN[@]}" -D "$R" --bind="$APT_ARCHIVES:/var/cache/apt/archives" --pipe env TARGET="$TARGET" TODAY="$TODAY" YESTERDAY="$YESTERDAY" sh -c '
  set -e
  apt-get update -qq >/root/apt.log 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$TARGET" >>/root/apt.log 2>&1 || { tail -20 /root/apt.log; exit 1; }
  cfg=/etc/clinic-kiosk/config.yaml
  sed -i -e "s|^content_dir: null$|content_dir: \"/var/lib/clinic-kiosk/content\"|" \
         -e "s|^heartbeat_seconds: 60$|heartbeat_seconds: 10|" "$cfg"
  grep -q "^content_dir: \"/var/lib/clinic-kiosk/content\"$" "$cfg" && grep -q "^heartbeat_seconds: 10$" "$cfg" \
    || { echo "the packaged config has no content_dir: null or heartbeat_seconds: 60 line"; exit 1; }
  cp -a /opt/clinic-kiosk/_internal/content /var/lib/clinic-kiosk/content
  data=/var/lib/clinic-kiosk/.local/share/clinic-kiosk
  mkdir -p "$data"
  printf "{\"days\": {\"%s\": {\"finished\": {\"acdf\": 3}, \"idle_resets\": 7, \"languages\": {\"en\": 9, \"es\": 2}, \"steps_viewed\": 41, \"topics_opened\": {\"acdf\": 4, \"lumbar-fusion\": 6}}, \"%s\": {\"finished\": {}, \"idle_resets\": 2, \"languages\": {\"en\": 3}, \"steps_viewed\": 12, \"topics_opened\": {\"scs\": 3}}}, \"version\": 1}" \
    "$YESTERDAY" "$TODAY" > "$data/usage.json"
  chmod 0600 "$data/usage.json"
  chown -R clinic-kiosk:clinic-kiosk /var/lib/clinic-kiosk
' 2> >(grep -v 'propagate' >&2) || fail "apt-get install of $FROM in the root"
say "installed $FROM"
phase "install (apt-get)"

# No console, GPU or VTs in a container: cage on the headless backend, the session on /dev/console
# (tools/container-headless.conf). Nothing of the sandbox changes.
install -D -m 0644 "$(dirname "$0")/container-headless.conf" "$R/etc/systemd/system/clinic-kiosk.service.d/headless.conf"
unit_value() { sed -n "s/^$1=//p" "$R/lib/systemd/system/clinic-kiosk.service" | tail -1; }
WATCHDOG=$(unit_value WatchdogSec); RESTART_SEC=$(unit_value RestartSec)
[ -n "$WATCHDOG" ] && [ -n "$RESTART_SEC" ] || fail "the installed unit has no WatchdogSec or RestartSec"
for key in ProtectSystem NoNewPrivileges CapabilityBoundingSet SystemCallFilter; do
  grep -q "^$key=" "$R/lib/systemd/system/clinic-kiosk.service" || fail "the installed unit has lost $key="
done

# --- the faults, inside the booted root ------------------------------------------------------
cat > "$R/usr/local/bin/kiosk-faults" <<'SH'
#!/bin/bash
# Inside the booted root, once clinic-kiosk.service has started: inject each fault, measure, power off.
# Writes /out/table (fault|limit s|recovered after s|lost|ok or why not) and /out/phases.
set -u
: "${WATCHDOG:?}" "${RESTART_SEC:?}" "${RESTARTS:?}"
UNIT=clinic-kiosk
CFG=/etc/clinic-kiosk/config.yaml
STATE=/var/lib/clinic-kiosk
LOGS=/var/log/clinic-kiosk
USAGE=$STATE/.local/share/clinic-kiosk/usage.json
CONTENT=$STATE/content
KUID=$(id -u clinic-kiosk)
RUNTIME=/run/user/$KUID
FAILED=0
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
prop() { systemctl show -p "$1" --value "$UNIT"; }
kiosk_pid() {  # the kiosk itself: its command line is exactly /opt/clinic-kiosk/kiosk
  local d
  for d in /proc/[0-9]*; do
    if [ "$(tr '\0' ' ' < "$d/cmdline" 2>/dev/null)" = "/opt/clinic-kiosk/kiosk " ]; then echo "${d#/proc/}"; return; fi
  done
}
# until LIMIT COMMAND...: poll every 0.1 s until COMMAND succeeds; false after LIMIT seconds.
until_ok() {
  local limit=$1 start; shift; start=$(now)
  while ! "$@"; do
    awk -v a="$start" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }' && return 1
    sleep 0.1
  done
}
running() { [ "$(prop ActiveState)" = active ] && [ -n "$(kiosk_pid)" ]; }
restarted_since() { [ "$(prop NRestarts)" -gt "$1" ] && running; }
status_file() { if [ -f "$LOGS/status.json" ]; then echo "$LOGS/status.json"; fi; }
field() { sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" 2>/dev/null | head -1; }
heartbeat_after() { [ -f "$1" ] && [ "$(field "$1" timestamp)" -gt "${2%.*}" ] 2>/dev/null; }
# logged_since SINCE PATTERN: the kiosk said it. Its lines (and cage's) are the journal's "kiosk" (-t): the logind
# session moves it out of the unit, so `journalctl -u` has only systemd's own lines (said_since).
logged_since() { journalctl -q -b -t kiosk --since "@${1%.*}" -o cat 2>/dev/null | grep -Eq "$2"; }
said_since() { journalctl -q -b -u "$UNIT" --since "@${1%.*}" -o cat 2>/dev/null | grep -Eq "$2"; }
sum() { sha256sum "$1" 2>/dev/null | cut -c1-16; }
row() { echo "$1|$2|$3|$4|$5" >> /out/table; case "$5" in ok) ;; *) FAILED=1 ;; esac; }
PHASE_AT=$(now)
phase() { echo "$1|$(since "$PHASE_AT")" >> /out/phases; PHASE_AT=$(now); }
# What a fault must not take: the usage counts, the config, and the log's lines from before it.
USAGE_SUM=$(sum "$USAGE"); CFG_SUM=$(sum "$CFG")
FIRST_LOG_LINE=""
lost() {
  local what=()
  [ "$(sum "$USAGE")" = "$USAGE_SUM" ] || what+=("usage counts")
  [ "$(sum "$CFG")" = "$CFG_SUM" ] || what+=("config")
  if [ -n "$FIRST_LOG_LINE" ] && ! grep -qxF "$FIRST_LOG_LINE" "$LOGS"/kiosk.log* 2>/dev/null; then what+=("log history"); fi
  if [ ${#what[@]} -eq 0 ]; then echo nothing; else (IFS=,; echo "${what[*]}"); fi
}
verdict() {  # verdict LOST CONDITION-MESSAGE...: ok when nothing was lost and no message was given
  local lost=$1; shift
  if [ "$lost" != nothing ]; then echo "lost $lost"; elif [ $# -gt 0 ]; then echo "$*"; else echo ok; fi
}

# 0. Boot: the service as started at boot becomes active (READY=1).
if ! until_ok 60 running; then
  row "boot: READY=1" 60 never "$(lost)" "the service is '$(prop ActiveState)', not active"
  exit 0
fi
until_ok 15 test -s "$LOGS/kiosk.log"
FIRST_LOG_LINE=$(head -1 "$LOGS/kiosk.log" 2>/dev/null)
until_ok 15 heartbeat_after "$LOGS/status.json" 0
VERSION=$(field "$LOGS/status.json" content_version)
echo "content_version=$VERSION" >> /out/facts
phase "boot to READY=1"

# 1. kill -9 of the kiosk: systemd restarts it after RestartSec; running (READY=1) again within 5 s.
before=$(prop NRestarts); pid=$(kiosk_pid); t=$(now)
kill -9 "$pid"
if until_ok 30 restarted_since "$before"; then took=$(since "$t"); else took=never; fi
problem=()
[ "$took" != never ] && awk -v s="$took" 'BEGIN { exit !(s <= 5) }' || problem+=("not running again within 5 s")
row "kill -9 of the kiosk" 5 "$took" "$(lost)" "$(verdict "$(lost)" "${problem[@]}")"
phase "kill -9"

# 2. SIGSTOP: the event loop frozen; the watchdog restarts it within WatchdogSec + 5 s, nothing left over.
until_ok 10 heartbeat_after "$LOGS/status.json" "$t" || true  # settled after the last fault
before=$(prop NRestarts); pid=$(kiosk_pid); t=$(now)
kill -STOP "$pid"
limit=$((WATCHDOG + 5))
if until_ok $((limit + 30)) restarted_since "$before"; then took=$(since "$t"); else took=never; fi
problem=()
[ "$took" != never ] && awk -v s="$took" -v l="$limit" 'BEGIN { exit !(s <= l) }' || problem+=("not restarted within $limit s")
[ -d "/proc/$pid" ] && problem+=("the frozen kiosk $pid is still there")
said_since "$t" "[Ww]atchdog timeout" || problem+=("systemd did not say the watchdog fired")
row "SIGSTOP (frozen event loop)" "$limit" "$took" "$(lost)" "$(verdict "$(lost)" "${problem[@]}")"
phase "SIGSTOP"

# 3. A bad config written while running: after a restart the kiosk runs on the defaults and says why
#    (a "config:" line with the file's name, in the journal); the good config back, it uses it again.
cp -p "$CFG" /root/config.good
printf 'log_dir: "/var/log/clinic-kiosk\nidle_seconds: [\n' > "$CFG"
t=$(now)
problem=()
if timeout 60 systemctl restart "$UNIT" && until_ok 10 running; then took=$(since "$t"); else took=never; problem+=("not running after the restart"); fi
until_ok 10 logged_since "$t" "config: $CFG:[0-9]+" || problem+=("no log line names the bad config in full")
logged_since "$t" "config: .*(default|YAML|yaml)" || problem+=("the log does not say it runs on the defaults")
# On the defaults, the log and heartbeat go to the platform's folder under the kiosk's home.
default_heartbeat() { [ -n "$(find "$STATE" -name status.json -newermt "@${t%.*}" 2>/dev/null)" ]; }
until_ok 15 default_heartbeat || problem+=("no heartbeat from the kiosk on its default folders")
cp -p /root/config.good "$CFG"
timeout 60 systemctl restart "$UNIT" && until_ok 10 running || problem+=("not running on the good config again")
t2=$(now)
until_ok 15 heartbeat_after "$LOGS/status.json" "$t2" || problem+=("no heartbeat in $LOGS on the good config")
row "bad config (then a restart)" 10 "$took" "$(lost)" "$(verdict "$(lost)" "${problem[@]}")"
phase "bad config"

# 4. The content folder deleted, then corrupted, while running: the kiosk keeps running and showing the
#    content it has (status.json's content_version, in a heartbeat written after the fault), and logs it.
content_fault() {  # content_fault NAME COMMAND...
  local name=$1 pid before t problem=() shown; shift
  pid=$(kiosk_pid); before=$(prop NRestarts); t=$(now)
  "$@"
  until_ok 25 heartbeat_after "$LOGS/status.json" "$t" || problem+=("no heartbeat after the fault")
  shown=$(field "$LOGS/status.json" content_version)
  [ "$shown" = "$VERSION" ] || problem+=("shows content '$shown', not '$VERSION'")
  [ "$(kiosk_pid)" = "$pid" ] && [ "$(prop NRestarts)" = "$before" ] && running || problem+=("the kiosk did not keep running")
  until_ok 15 logged_since "$t" "content.*$CONTENT" || problem+=("nothing logged about $CONTENT")
  row "$name" - "$( [ ${#problem[@]} -eq 0 ] && echo "kept running" || echo - )" "$(lost)" "$(verdict "$(lost)" "${problem[@]}")"
}
corrupt() {
  find "$CONTENT" -type f \( -name '*.yaml' -o -name '*.svg' \) -exec sh -c 'printf "\0\377junk: [\n" > "$1"' _ {} \;
}
content_fault "content folder deleted" rm -rf "$CONTENT"
cp -a /opt/clinic-kiosk/_internal/content "$CONTENT"; chown -R clinic-kiosk:clinic-kiosk "$CONTENT"
sleep 1.1  # a new second: the next fault's log lines are told from this one's
content_fault "content files corrupted" corrupt
rm -rf "$CONTENT"; cp -a /opt/clinic-kiosk/_internal/content "$CONTENT"; chown -R clinic-kiosk:clinic-kiosk "$CONTENT"
phase "content deleted, corrupted"

# 5. The log folder's disk full (a 1 MB tmpfs over it, holding the heartbeat files, then filled): the kiosk keeps
#    running, says so once, keeps its heartbeat fresh; restarted onto the full disk it comes up, pings the watchdog
#    and does not restart; once there is room, the log file is written again.
problem=()
pid=$(kiosk_pid); before=$(prop NRestarts)
mkdir -p /root/logs.saved; cp -a "$LOGS"/. /root/logs.saved/
mount -t tmpfs -o size=1m,mode=0750 kiosk-logs-full "$LOGS"
cp -a /root/logs.saved/status.json /root/logs.saved/clinic_kiosk.prom "$LOGS"/
chown clinic-kiosk:clinic-kiosk "$LOGS"
dd if=/dev/zero of="$LOGS/filler" bs=4k 2>/dev/null
[ "$(df --output=avail -k "$LOGS" | tail -1 | tr -d ' ')" -eq 0 ] || problem+=("could not fill the tmpfs")
t=$(now)
if until_ok 15 heartbeat_after "$LOGS/status.json" "$t"; then echo "disk_full_heartbeat_while_running=$(since "$t")" >> /out/facts
else problem+=("no fresh heartbeat on the full disk (while running)"); fi
[ "$(kiosk_pid)" = "$pid" ] && [ "$(prop NRestarts)" = "$before" ] && running || problem+=("stopped when the disk filled")
t=$(now)
if timeout 60 systemctl restart "$UNIT" && until_ok 10 running; then took=$(since "$t"); else took=never; problem+=("not running on a full log disk"); fi
pid=$(kiosk_pid); before=$(prop NRestarts); ping=$(prop WatchdogTimestampMonotonic)
pinged() { [ "$(prop WatchdogTimestampMonotonic)" -gt "$ping" ]; }
until_ok 15 heartbeat_after "$LOGS/status.json" "$t" || problem+=("no fresh heartbeat on the full disk (after a restart)")
says_full() { grep -q 'disk of .* is full' "$LOGS/status.json"; }  # from the heartbeat after the one that found it
until_ok 15 says_full || problem+=("status.json does not say the disk is full")
[ "$(kiosk_pid)" = "$pid" ] && [ "$(prop NRestarts)" = "$before" ] && running || problem+=("restarted or stopped on a full disk")
until_ok 5 logged_since "$t" "cannot write the log file .*No space left on device" || problem+=("nothing says the log file cannot be written")
[ "$(journalctl -q -b -t kiosk --since "@${t%.*}" -o cat | grep -c 'Logging error')" -eq 0 ] || problem+=("a traceback per log line")
rm -f "$LOGS/filler"; t2=$(now)
until_ok 25 logged_since "$t2" "room in $LOGS again" || problem+=("the heartbeat was not written atomically again once there was room")
until_ok 5 logged_since "$t2" "log file can be written again" || problem+=("the log file was not written again once there was room")
echo "disk_room_log_again=$(since "$t2")" >> /out/facts
# A watchdog ping since it came up on the full disk (every WatchdogSec/2: mostly there by now).
until_ok $((WATCHDOG / 2 + 5)) pinged || problem+=("no watchdog ping on a full disk")
[ "$(kiosk_pid)" = "$pid" ] && [ "$(prop NRestarts)" = "$before" ] || problem+=("restarted on the full disk or when room came back")
umount -l "$LOGS"
timeout 60 systemctl restart "$UNIT" && until_ok 10 running || problem+=("not running after the tmpfs was gone")
row "log disk full (restart onto it)" 10 "$took" "$(lost)" "$(verdict "$(lost)" "${problem[@]}")"
phase "log disk full"

# 6. Restarts in a row, each waiting for READY=1 (systemctl restart returns once the unit is active):
#    no lock or temp file left over, nothing growing, the usage counts intact.
listing() {  # every file and folder; the kiosk-notify-* folder of `kiosk session` has a new name each start
  find "$STATE" "$RUNTIME" "$LOGS" -xdev \( -path "$CONTENT" -prune \) -o -print 2>/dev/null \
    | grep -v -e "^$LOGS/kiosk.log" | sed 's|/kiosk-notify-[^/]*|/kiosk-notify-*|' | sort -u
}
csv() { runuser -u clinic-kiosk -- env HOME="$STATE" /opt/clinic-kiosk/kiosk --config "$CFG" usage --csv 2>/dev/null; }
counts_before=$(csv)
until_ok 15 heartbeat_after "$LOGS/status.json" "$(now)" || true
listing > /root/files.before
problem=(); slowest=0; t=$(now)
for i in $(seq 1 "$RESTARTS"); do
  s=$(now)
  if ! timeout 60 systemctl restart "$UNIT" || [ "$(prop ActiveState)" != active ]; then problem+=("restart $i: not active"); break; fi
  slowest=$(awk -v a="$slowest" -v b="$(since "$s")" 'BEGIN { print (b > a ? b : a) }')
done
took=$(since "$t")
# Each stop was clean in systemd's eyes: the kiosk ended and cage with it (no "status=134").
failed_stops=$(journalctl -u "$UNIT" --since "@$(printf %.0f "$t")" -o cat 2>/dev/null | grep -c "Failed with result" || true)
[ "$failed_stops" = 0 ] || problem+=("$failed_stops of the restarts stopped the service with a failure")
grep -q "stopping: asked to by SIGTERM" "$LOGS/kiosk.log" || problem+=("the kiosk never logged a clean stop")
until_ok 15 heartbeat_after "$LOGS/status.json" "$(now)" || problem+=("no heartbeat after the restarts")
listing > /root/files.after
new=$(comm -13 /root/files.before /root/files.after || true)
[ -z "$new" ] || problem+=("new files: $(echo $new)")
# Temporary files (atomic writes: .NAME.XXXXXXXX), locks other than the running kiosk's and cage's.
leftover=$(find "$STATE" "$RUNTIME" "$LOGS" -xdev \( -path "$CONTENT" -prune \) -o \( -type f \( -name '.*.*' -o -name '*.tmp' \
             -o -name '*.lock' \) -print \) 2>/dev/null | grep -v -x -e "$RUNTIME/clinic-kiosk.lock" -e "$RUNTIME/wayland-[0-9]*.lock" || true)
[ -z "$leftover" ] || problem+=("left over: $(echo $leftover)")
for pattern in 'kiosk-notify-*' 'wayland-[0-9]*.lock'; do
  n=$(find "$RUNTIME" -maxdepth 1 -name "$pattern" 2>/dev/null | wc -l)
  [ "$n" -le 1 ] || problem+=("$n $pattern in $RUNTIME")
done
counts_after=$(csv)
[ -n "$counts_before" ] && [ "$counts_before" = "$counts_after" ] || problem+=("usage counts differ ($(echo "$counts_before" | wc -l) rows before, $(echo "$counts_after" | wc -l) after)")
echo "restart_slowest=$slowest" >> /out/facts
row "$RESTARTS restarts in a row" "-" "$took" "$(lost)" "$(verdict "$(lost)" "${problem[@]}")"
phase "$RESTARTS restarts"
echo "failed=$FAILED" >> /out/facts
SH
chmod +x "$R/usr/local/bin/kiosk-faults"
cat > "$R/etc/systemd/system/kiosk-faults.service" <<UNIT
[Unit]
After=clinic-kiosk.service
[Service]
Type=oneshot
Environment=WATCHDOG=$WATCHDOG RESTART_SEC=$RESTART_SEC RESTARTS=$RESTARTS
ExecStart=/usr/local/bin/kiosk-faults
ExecStopPost=/bin/sh -c '{ systemctl status --no-pager clinic-kiosk; journalctl -b --no-pager -u clinic-kiosk | tail -150; } > /out/report.txt 2>&1; journalctl -b --no-pager -o short-precise > /out/journal.txt 2>&1; systemctl poweroff'
TimeoutStartSec=600
[Install]
WantedBy=multi-user.target
UNIT
"${NSPAWN[@]}" -D "$R" --pipe systemctl enable clinic-kiosk kiosk-faults >/dev/null 2>&1
say "booting (systemd-nspawn -b); clinic-kiosk.service starts as at boot, then the faults"
BOOT=$SECONDS
timeout 900 "${NSPAWN[@]}" -b -D "$R" --bind="$OUT:/out" >"$WORK/console.log" 2>&1 || true
say "booted, faulted and powered off in $((SECONDS - BOOT))s"
[ -f "$OUT/table" ] || fail "the faults inside the booted root did not run (console: $(tail -5 "$WORK/console.log"))"
if [ -f "$OUT/phases" ]; then
  while IFS='|' read -r name secs; do TIMES+=("$(printf '  %-34s %4.0fs' "in the boot: $name" "$secs")"); done < "$OUT/phases"
fi
PHASE_START=$SECONDS

echo
printf '%-34s %7s %12s  %-14s %s\n' "fault" "limit s" "recovered s" "lost" "result"
while IFS='|' read -r name limit took lost result; do
  printf '%-34s %7s %12s  %-14s %s\n' "$name" "$limit" "$took" "$lost" "$result"
done < "$OUT/table"
echo
sed 's/^/  /' "$OUT/facts" 2>/dev/null || true
echo
printf 'bootcheck: phases\n'; printf '%s\n' "${TIMES[@]}"; printf '  %-34s %4ss\n' total "$((SECONDS - T0))"
grep -q '^failed=0$' "$OUT/facts" 2>/dev/null || fail "a fault was not survived (see the table above)"
awk -F'|' '$5 != "ok" { bad = 1 } END { exit bad }' "$OUT/table" || fail "a fault was not survived (see the table above)"
say "ok: every fault survived, nothing lost"
