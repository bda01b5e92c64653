#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite headless (no display needed).
# Extra arguments go to pytest, e.g. tools/test.sh -m "not gui"
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_TEST_TOOLS=1 bash tools/setup.sh  # with promtool (see setup.sh)
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
exec .venv/bin/python -m pytest "$@"
