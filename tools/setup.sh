#!/usr/bin/env bash
# Set up everything the kiosk needs, on a fresh Debian or Ubuntu machine with Python 3.11+:
# the system libraries Qt loads, a virtual environment in .venv, and the project with its
# test tools. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Libraries that PySide6's Qt (GUI, Quick, SVG, the offscreen and xcb platforms, and text-to-speech,
# whose Qt Multimedia needs PulseAudio's client library) links against, and speech-dispatcher's
# client library, which Qt's speechd engine loads. Every package that the tests or tools/run.sh
# need is here: tools/cleanroom.sh proves it in a fresh Debian 12 root.
SYSTEM_PACKAGES=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
  libxcb-shm0 libxcb-sync1 libxcb-render0
  libpulse0 libspeechd2
  # speech-dispatcher with espeak-ng's voices: the tests choose a voice for every language from
  # a real engine (tests/test_voices.py), and tools/run.sh reads aloud.
  speech-dispatcher speech-dispatcher-espeak-ng
  # The pixel tests under Qt's hardware scene graph (tests/test_ui_pixels_gl.py): a virtual X
  # screen and Mesa's software OpenGL.
  xvfb xauth libgl1-mesa-dri libglx-mesa0
  "$@"
)
# SETUP_TEST_TOOLS=1 (tools/test.sh sets it): also what only the test suite needs. promtool, which
# checks and unit-tests the Prometheus alert rules (tests/test_prometheus_rules.py fails without it),
# comes only in Debian's prometheus package (19 MB download, 96 MB installed, about 11 s to fetch and
# install); on a machine booted with systemd its postinst also starts a Prometheus server on port
# 9090, which is why tools/run.sh (a kiosk) does not ask for it. `systemctl disable --now prometheus`
# stops that server; promtool still works.
# tools/fleetcheck.sh (the signed apt repository, the upgrade and the Ansible role in a booted
# Debian 12) needs apt-ftparchive (apt-utils) and gpg to make and sign the repository, ssh to reach
# the container as Ansible does, systemd-nspawn to boot it and mmdebstrap to make its root.
if [ "${SETUP_TEST_TOOLS:-0}" = 1 ]; then
  SYSTEM_PACKAGES+=(prometheus apt-utils gnupg openssh-client systemd-container mmdebstrap)
fi
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  missing+=("python3-venv")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages: ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the project's dependencies changed.
stamp=.venv/.kiosk-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  echo "$want" > "$stamp"
fi
