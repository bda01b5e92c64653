#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite headless (no display needed).
# Extra arguments go to pytest, e.g. tools/test.sh -m "not gui"; it runs on every core (pytest-xdist,
# -n auto: each worker has its own kiosk windows); tools/test.sh -n 0 runs in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_TEST_TOOLS=1 bash tools/setup.sh  # with promtool (see setup.sh)
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
exec .venv/bin/python -m pytest -n auto "$@"
