#!/usr/bin/env bash
# Install the kiosk's .deb and run it the way its service does, then remove and purge it.
# Run as root on a machine where the package may be installed and removed: tools/cleanroom.sh
# runs it inside a fresh minimal Debian 12 root, where a missing Depends has nowhere to hide.
#
#   bash tools/debcheck.sh ./clinic-kiosk_<version>_amd64.deb
#
# apt-get installs the package from Debian's own repositories only and without its
# recommended packages (so read-aloud is off: a normal state the kiosk must run in); later the
# recommended speech packages are added and the kiosk must find its voices.
# Checks: the kiosk on the PATH, its version, the system user, `kiosk self-test` as root and as
# the service user, READY=1 and watchdog pings from the unit's own command line, every library
# the bundle links is on the system (ldd), self-test and --smoke under cage on wlroots'
# headless backend as the unit starts it, `systemd-analyze verify` and `security` (exposure at most
# 3.0), no device groups for the user, the config 0640, then remove and purge.
# Stops at the first failure with a message that names it; prints a count at the end.
set -euo pipefail
DEB=$(readlink -f "${1:?usage: debcheck.sh PACKAGE.deb}")
HERE=$(dirname "$(readlink -f "$0")")
# notify_check.py lives in .ci/ in the repository, beside this script when copied into a root.
NOTIFY_CHECK=$HERE/notify_check.py
[ -f "$NOTIFY_CHECK" ] || NOTIFY_CHECK=$HERE/../.ci/notify_check.py
PYTHON=$(command -v python3) || { echo "debcheck: needs python3 (for the notify check)" >&2; exit 2; }

CHECK_NAME=debcheck
# checklib.sh lives in tools/ in the repository, beside this script when copied into a root.
# shellcheck source=tools/checklib.sh
. "$HERE/checklib.sh"  # ok, fail, run_clean

# --- install ---------------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
# A clean slate: no earlier install, and no user from one, so postinst is tested creating it.
dpkg -P clinic-kiosk >/dev/null 2>&1 || true
if getent passwd clinic-kiosk >/dev/null; then userdel clinic-kiosk; fi
if getent group clinic-kiosk >/dev/null; then groupdel clinic-kiosk; fi
apt-get update -qq
install_log=$(mktemp)
if ! apt-get install -y -q --no-install-recommends "$DEB" >"$install_log" 2>&1; then
  tail -30 "$install_log" >&2
  fail "apt-get install $(basename "$DEB") failed (a Depends that Debian does not have?)"
fi
grep -E '^(Setting up|The following NEW)' "$install_log" | tail -3 || true
echo "debcheck: apt installed $(grep -c '^Setting up' "$install_log") packages"
dpkg-query -W -f='${Status}\n' clinic-kiosk | grep -qx "install ok installed" || fail "clinic-kiosk is not installed"
ok "apt-get install $(basename "$DEB")"

# --- run -------------------------------------------------------------------------------------
VERSION=$(dpkg-deb -f "$DEB" Version)
[ "$(readlink -f "$(command -v kiosk)")" = /opt/clinic-kiosk/kiosk ] || fail "kiosk on the PATH is not /opt/clinic-kiosk/kiosk"
version_out=$(kiosk --version)
echo "$version_out"
grep -qx "kiosk $VERSION" <<< "$version_out" || fail "kiosk --version does not say $VERSION"
ok "kiosk --version (on the PATH)"
getent passwd clinic-kiosk | grep -q ':/var/lib/clinic-kiosk:/usr/sbin/nologin$' || fail "no clinic-kiosk system user"
[ "$(id -u clinic-kiosk)" -lt 1000 ] || fail "clinic-kiosk is not a system user"
ok "system user clinic-kiosk: $(id clinic-kiosk)"
for group in video render input audio; do
  if id -nG clinic-kiosk | tr ' ' '\n' | grep -qx "$group"; then
    fail "clinic-kiosk is in the $group group (only the eglfs drop-in may add it, for the service alone)"
  fi
done
config_mode=$(stat -c '%a %U:%G' /etc/clinic-kiosk/config.yaml)
[ "$config_mode" = "640 root:clinic-kiosk" ] || fail "/etc/clinic-kiosk/config.yaml is $config_mode, not 640 root:clinic-kiosk"
[ "$(dpkg-deb -c "$DEB" | awk '$6 == "./etc/clinic-kiosk/config.yaml" {print $1}')" = "-rw-r-----" ] \
  || fail "the .deb ships /etc/clinic-kiosk/config.yaml readable by everyone"
ok "no device groups; config 640 root:clinic-kiosk, and 640 in the .deb"
monitoring=/usr/share/clinic-kiosk/monitoring
for file in clinic-kiosk.rules.yml clinic-kiosk-fleet.json; do
  [ "$(stat -c '%a' "$monitoring/$file" 2>/dev/null)" = 644 ] || fail "$monitoring/$file is missing or not 0644"
done
"$PYTHON" -c 'import json, sys; json.load(open(sys.argv[1]))' "$monitoring/clinic-kiosk-fleet.json" \
  || fail "$monitoring/clinic-kiosk-fleet.json is not JSON"
grep -q '^  - name: clinic-kiosk$' "$monitoring/clinic-kiosk.rules.yml" || fail "$monitoring/clinic-kiosk.rules.yml has no rule group"
ok "Prometheus rules and Grafana dashboard in $monitoring"
# Every library that each file of the bundle links. The one exception: Qt's speech-dispatcher plugin
# links libspeechd.so.2, which is a Recommends (read-aloud is optional; the kiosk checks for the
# library before it loads the plugin).
missing=""
while IFS= read -r file; do
  libs=$(ldd "$file" 2>/dev/null | awk '/not found/ {print $1}' || true)
  case "$file" in *texttospeech_speechd*) libs=$(grep -vx 'libspeechd.so.2' <<< "$libs" || true) ;; esac
  for lib in $libs; do missing+="${missing:+, }$lib (linked by ${file#/opt/clinic-kiosk/})"; done
done < <(find /opt/clinic-kiosk -type f \( -name '*.so*' -o -name kiosk \))
[ -z "$missing" ] || fail "libraries the installed bundle cannot find (a missing Depends): $missing"
ok "every library the installed bundle links is on the system (libspeechd.so.2 only for the optional speech plugin)"
run_clean "kiosk self-test (root)" /opt/clinic-kiosk/kiosk self-test
# As the service runs it: its user, its home, the installed config.
run_clean "kiosk self-test (clinic-kiosk)" \
  runuser -u clinic-kiosk -- env HOME=/var/lib/clinic-kiosk /opt/clinic-kiosk/kiosk self-test
if ! dpkg-query -W -f='${Status}' libspeechd2 2>/dev/null | grep -q "ok installed"; then
  # Without the recommended speech packages: read-aloud is off, and self-test says what adds it.
  grep -q "WARN  text-to-speech: read-aloud is off: .*apt-get install libspeechd2" "$LAST_OUT" \
    || fail "without libspeechd2, self-test does not warn that read-aloud is off and name the package"
  ok "without libspeechd2: read-aloud off, self-test names the package"
fi
# The unit's own command line (what cage starts), with systemd's notify socket and watchdog.
UNIT=/lib/systemd/system/clinic-kiosk.service
# The unit's command minus cage (no screen here): `kiosk session -- /opt/clinic-kiosk/kiosk`.
unit_cmd=$(sed -n 's|^ExecStart=\(/opt/clinic-kiosk/kiosk session -- \)/usr/bin/cage .* -- |\1|p' "$UNIT")
[ -n "$unit_cmd" ] || fail "no 'kiosk session -- cage ...' ExecStart in $UNIT"
kiosk_cmd=$unit_cmd
# shellcheck disable=SC2086  # the command line is split as systemd splits it (no quoting in it)
"$PYTHON" "$NOTIFY_CHECK" runuser -u clinic-kiosk -- env HOME=/var/lib/clinic-kiosk --main $kiosk_cmd \
  || fail "the kiosk as the unit starts it does not notify systemd from the service's main process"
ok "READY=1 and WATCHDOG=1 from: $kiosk_cmd"
command -v cage >/dev/null || fail "cage (a Depends) is not installed"
# The kiosk under cage, as the service runs it (its user, the wayland platform), on wlroots'
# headless backend: no screen or GPU here, so the software scene graph. cage does not pass the
# kiosk's exit code on, so a shell inside records it.
cage_dir=$(mktemp -d)
# Xwayland's socket folder, as systemd-tmpfiles makes it at boot (cage refuses one not owned by root).
[ -d /tmp/.X11-unix ] || install -d -m 1777 -o root -g root /tmp/.X11-unix
chown clinic-kiosk "$cage_dir"
chmod 700 "$cage_dir"
under_cage() {
  rm -f "$cage_dir"/{out,err,rc}
  timeout 180 runuser -u clinic-kiosk -- env -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$cage_dir" \
    HOME=/var/lib/clinic-kiosk WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
    QT_QPA_PLATFORM=wayland QT_QUICK_BACKEND=software \
    cage -d -- /bin/sh -c 'd=$1; shift; "$@" >"$d/out" 2>"$d/err"; echo $? >"$d/rc"' sh "$cage_dir" "$@" \
    >/dev/null 2>"$cage_dir/cage.err" || true
  [ -f "$cage_dir/rc" ] || { cat "$cage_dir/cage.err" >&2; fail "cage did not run: $*"; }
  run_clean "under cage: $*" sh -c 'cat "$1/out"; cat "$1/err" >&2; exit "$(cat "$1/rc")"' sh "$cage_dir"
}
under_cage /opt/clinic-kiosk/kiosk self-test
grep -q "PASS  Qt platform: 'wayland'" "$cage_dir/out" || fail "under cage, the kiosk did not run on Qt's wayland platform"
under_cage /opt/clinic-kiosk/kiosk --smoke
rm -rf "$cage_dir"
if command -v systemd-analyze >/dev/null; then
  verify=$(systemd-analyze verify "$UNIT" 2>&1) || fail "systemd-analyze verify: $verify"
  [ -z "$verify" ] || fail "systemd-analyze verify complains: $verify"
  ok "systemd-analyze verify $UNIT"
  # The sandbox: exposure 3.0 or lower (--threshold counts in tenths).
  security=$(systemd-analyze security --offline=true --threshold=30 "$UNIT" 2>&1) \
    || fail "systemd-analyze security: exposure above 3.0: $(grep -E 'Overall|✗' <<< "$security" | head -20)"
  ok "$(grep -o 'Overall exposure level.*' <<< "$security")"
else
  fail "systemd-analyze is missing, although the package depends on systemd"
fi

# --- with the recommended speech packages: read-aloud on --------------------------------------
# The same kiosk with speech-dispatcher and a voice (what a plain `apt install` brings): the real
# engine starts, self-test lists the voices, and the smoke test still passes.
speech_log=$(mktemp)
apt-get install -y -q --no-install-recommends libspeechd2 speech-dispatcher speech-dispatcher-espeak-ng \
  >"$speech_log" 2>&1 || { tail -20 "$speech_log" >&2; fail "apt-get install of the recommended speech packages failed"; }
speech_dir=$(mktemp -d)
chown clinic-kiosk "$speech_dir"
chmod 700 "$speech_dir"
as_kiosk() { runuser -u clinic-kiosk -- env HOME=/var/lib/clinic-kiosk XDG_RUNTIME_DIR="$speech_dir" QT_QPA_PLATFORM=offscreen "$@"; }
run_clean "kiosk self-test with speech-dispatcher" as_kiosk /opt/clinic-kiosk/kiosk self-test
grep -q "^PASS  text-to-speech: engine speechd" "$LAST_OUT" \
  || fail "with speech-dispatcher and espeak-ng installed, self-test finds no speech engine"
for language in "English (en)" "Spanish (es)" "Chinese (zh): Chinese (Mandarin" "Vietnamese (vi)" "Arabic (ar)"; do
  grep -q "^PASS    read aloud: $language" "$LAST_OUT" \
    || fail "with speech-dispatcher and espeak-ng installed, self-test lists no voice for $language"
done
ok "a voice for each of the five languages (Chinese: Mandarin)"
run_clean "kiosk --smoke with speech-dispatcher" as_kiosk /opt/clinic-kiosk/kiosk --smoke
pkill -u clinic-kiosk speech-dispatcher 2>/dev/null || true
rm -rf "$speech_dir"

# --- remove and purge ------------------------------------------------------------------------
apt-get remove -y -q clinic-kiosk >/dev/null
[ "$(dpkg-query -W -f='${Status}' clinic-kiosk)" = "deinstall ok config-files" ] || fail "apt-get remove: unexpected state"
[ -f /etc/clinic-kiosk/config.yaml ] || fail "apt-get remove removed the conffile /etc/clinic-kiosk/config.yaml"
getent passwd clinic-kiosk >/dev/null || fail "apt-get remove removed the clinic-kiosk user"
[ ! -e /opt/clinic-kiosk ] || fail "apt-get remove left /opt/clinic-kiosk: $(find /opt/clinic-kiosk | head)"
[ ! -e /usr/bin/kiosk ] || fail "apt-get remove left /usr/bin/kiosk"
ok "apt-get remove: program gone; config and user kept"
apt-get purge -y -q clinic-kiosk >/dev/null
if dpkg-query -W clinic-kiosk >/dev/null 2>&1 && [ -n "$(dpkg-query -W -f='${Status}' clinic-kiosk | grep -v not-installed)" ]; then
  fail "apt-get purge: the package is still known to dpkg"
fi
left=$(ls -d /opt/clinic-kiosk /etc/clinic-kiosk /var/log/clinic-kiosk /var/lib/clinic-kiosk /etc/pam.d/clinic-kiosk \
  /lib/systemd/system/clinic-kiosk.service /etc/systemd/system/clinic-kiosk.service \
  /etc/systemd/system/*.wants/clinic-kiosk.service /usr/bin/kiosk 2>/dev/null || true)
[ -z "$left" ] || fail "apt-get purge left: $left"
echo "debcheck: after purge: no files left; the system user stays by design: $(getent passwd clinic-kiosk || echo none)"
ok "apt-get purge: nothing of the package left"
printf 'packaging: %s passed, 0 failed\n' "$PASSED"
