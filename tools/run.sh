#!/usr/bin/env bash
# Set up (if needed) and start the kiosk on the bundled content.
# Extra arguments go to the kiosk, e.g. tools/run.sh --windowed
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  bash tools/setup.sh  # it installs Xvfb too
  echo "run: no display here; starting the kiosk on a virtual 1920x1080 screen (Xvfb)."
  echo "run: to see its screens, run: .venv/bin/kiosk screenshots screenshots/"
  exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/kiosk "$@"
fi
bash tools/setup.sh
exec .venv/bin/kiosk "$@"
