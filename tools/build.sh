#!/usr/bin/env bash
# Build the kiosk for installation: the one-folder bundle dist/kiosk/ (executable dist/kiosk/kiosk)
# with PyInstaller and kiosk.spec, then the Debian package dist/clinic-kiosk_<version>_<arch>.deb
# with dpkg-deb. Needs the network only to set up (apt and PyPI); the .deb step uses none.
#   bash tools/build.sh           set up, bundle, package
#   bash tools/build.sh --no-deb  set up and bundle only
set -euo pipefail
cd "$(dirname "$0")/.."
MAKE_DEB=1
[ "${1:-}" = "--no-deb" ] && MAKE_DEB=0

step() { printf 'build: %s\n' "$*"; }
SECONDS=0

# --- set up: the project's venv (tools/setup.sh) plus what building needs ---------------------
# binutils: strip and readelf. The rest are system libraries that Qt plugins the bundle keeps link
# against: PyInstaller silently skips a plugin whose libraries it cannot find on the build machine
# (kiosk.spec then stops the build), and the .deb's Depends are read off the same libraries.
BUILD_PACKAGES=(
  binutils
  libpulse0 libspeechd2 libpipewire-0.3-0
  libwayland-client0 libwayland-cursor0 libwayland-egl1 libdrm2
)
bash tools/setup.sh "${BUILD_PACKAGES[@]}"
stamp=.venv/.kiosk-build-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  step "installing the build tools (pyproject.toml's build extra)"
  .venv/bin/python -m pip install --quiet -e ".[test,build]"
  echo "$want" > "$stamp"
fi
step "set up in ${SECONDS}s"

# --- the bundle ------------------------------------------------------------------------------
t0=$SECONDS
step "PyInstaller (log: build/pyinstaller.log)"
mkdir -p build
if ! .venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build kiosk.spec \
    > build/pyinstaller.log 2>&1; then
  grep -v "WARNING: Library not found\|WARNING: Library .* required via ctypes" build/pyinstaller.log | tail -40 >&2
  echo "build: PyInstaller failed; the whole log is build/pyinstaller.log" >&2
  exit 1
fi
grep "^kiosk.spec:" build/pyinstaller.log || true
BUNDLE=dist/kiosk
[ -x "$BUNDLE/kiosk" ] || { echo "build: $BUNDLE/kiosk is missing" >&2; exit 1; }
step "bundle $BUNDLE: $(du -sh "$BUNDLE" | cut -f1) on disk, built in $((SECONDS - t0))s"

[ "$MAKE_DEB" = 1 ] || exit 0

# --- the Debian package ----------------------------------------------------------------------
t0=$SECONDS
VERSION=$(.venv/bin/python -c 'import kiosk; print(kiosk.__version__)')
ARCH=$(dpkg --print-architecture)
PKG=clinic-kiosk
DEB="dist/${PKG}_${VERSION}_${ARCH}.deb"
ROOT="build/deb/${PKG}"
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/etc/clinic-kiosk" "$ROOT/etc/pam.d" \
  "$ROOT/lib/systemd/system" "$ROOT/usr/share/clinic-kiosk" "$ROOT/usr/share/doc/$PKG"

cp -a "$BUNDLE" "$ROOT/opt/$PKG"
ln -s "/opt/$PKG/kiosk" "$ROOT/usr/bin/kiosk"

# The config: the program's own commented example, with Debian's log folder filled in.
"$BUNDLE/kiosk" config --example > build/config.example.yaml
sed 's|^log_dir: null$|log_dir: "/var/log/clinic-kiosk"|' build/config.example.yaml > "$ROOT/etc/clinic-kiosk/config.yaml"
if ! grep -q '^log_dir: "/var/log/clinic-kiosk"$' "$ROOT/etc/clinic-kiosk/config.yaml"; then
  echo "build: the example config has no 'log_dir: null' line any more; update tools/build.sh" >&2
  exit 1
fi
# It may hold the admin PIN's hash: never world-readable, not even between unpack and postinst
# (which gives it to the kiosk's group).
chmod 0640 "$ROOT/etc/clinic-kiosk/config.yaml"
install -m 0644 packaging/linux/pam.d-clinic-kiosk "$ROOT/etc/pam.d/clinic-kiosk"
install -m 0644 packaging/linux/clinic-kiosk.service "$ROOT/lib/systemd/system/clinic-kiosk.service"
install -m 0644 packaging/linux/eglfs.conf "$ROOT/usr/share/clinic-kiosk/eglfs.conf"
# For the hospital's Prometheus and Grafana (README, "Metrics and alerts"), not used on the kiosk.
install -D -m 0644 -t "$ROOT/usr/share/clinic-kiosk/monitoring" \
  packaging/prometheus/clinic-kiosk.rules.yml packaging/grafana/clinic-kiosk-fleet.json
install -m 0644 packaging/linux/README.Debian packaging/linux/copyright "$ROOT/usr/share/doc/$PKG/"
install -m 0755 packaging/linux/postinst packaging/linux/prerm packaging/linux/postrm "$ROOT/DEBIAN/"
printf '/etc/clinic-kiosk/config.yaml\n/etc/pam.d/clinic-kiosk\n' > "$ROOT/DEBIAN/conffiles"

# Depends: the packages of the system libraries the bundle links (read off the bundle with ldd),
# plus what the session needs. Speech is optional: without speech-dispatcher the kiosk hides its
# read-aloud buttons. libc6 is versioned: the bundle's Python was built against this glibc.
deps=$(.venv/bin/python packaging/linux/depends.py "$BUNDLE" --recommend libspeechd2 --optional-lib libspeechd.so.2)
LIB_DEPENDS=$(sed -n 's/^Depends: //p' <<< "$deps")
LIBC=$(dpkg-query -W -f='${Version}' libc6 | sed 's/-[^-]*$//')
LIB_DEPENDS=$(sed "s/\blibc6\b/libc6 (>= ${LIBC})/" <<< "$LIB_DEPENDS")
# cage 0.1.4 (Debian 12) refuses to start without Xwayland ("Cannot create XWayland server"),
# yet does not depend on it.
DEPENDS="$LIB_DEPENDS, adduser, cage, xwayland, dbus, libpam-systemd, systemd, init-system-helpers"
RECOMMENDS="libspeechd2, speech-dispatcher, speech-dispatcher-espeak-ng, libpipewire-0.3-0"
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: Clinic kiosk team <kiosk@clinic.invalid>
Section: misc
Priority: optional
Installed-Size: $SIZE
Depends: $DEPENDS
Recommends: $RECOMMENDS
Description: clinic waiting-room kiosk: spine surgery walk-throughs
 A full-screen touch kiosk that walks patients through spine operations and
 recovery in plain language. Runs at boot on tty1 under the cage Wayland
 kiosk compositor as the unprivileged user clinic-kiosk, restarted by systemd
 whenever it stops or hangs. Config: /etc/clinic-kiosk/config.yaml.
EOF
(cd "$ROOT" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's| \./| |') > "$ROOT/DEBIAN/md5sums"
rm -f dist/"${PKG}"_*.deb
# xz at level 3: 19 s on 2 cores and 43 MB, where level 6 took 46 s (a third of CI's build) for
# 40 MB; unpacking is as fast. (zstd is faster still, but not every repository tool takes it.)
dpkg-deb --root-owner-group -Zxz -z3 --build "$ROOT" "$DEB" > /dev/null
step "package $DEB: $(du -h "$DEB" | cut -f1), built in $((SECONDS - t0))s"
step "Depends: $DEPENDS"
step "done in ${SECONDS}s"
