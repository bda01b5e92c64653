"""The static checks configured in pyproject.toml run with the suite, so CI and the README's test command
run them, and a finding fails like any test: mypy (strict) and ruff here, import-linter in
test_architecture.py, qmllint (with the bridges' types) in test_qmltypes.py. Run only the checks with
`bash tools/test.sh tests/test_lint.py tests/test_architecture.py tests/test_qmltypes.py`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300, check=False)


def test_mypy_strict_finds_nothing(tmp_path: Path) -> None:
    # A cache of its own: a stale one from another checkout cannot hide a finding.
    done = _run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "kiosk"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_finds_nothing() -> None:
    done = _run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."])
    assert done.returncode == 0, done.stdout + done.stderr
