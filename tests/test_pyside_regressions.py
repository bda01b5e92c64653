"""Guards against Qt-binding bugs that would crash an unattended kiosk after days of use."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

# PySide6 6.12.0: each Signal.emit() from Python decrements True's reference count.
# On Python 3.11 (where True is not immortal) the interpreter aborts once it reaches
# zero: a few thousand taps into a kiosk's day. Run in a child so a regression
# cannot take the test session down with it.
EMIT_MANY = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Bridge(QObject):
    changed = Signal()
bridge = Bridge()
bridge.changed.connect(lambda: None)
before = sys.getrefcount(True), sys.getrefcount(False)
for _ in range(5000):
    bridge.changed.emit()
after = sys.getrefcount(True), sys.getrefcount(False)
print(before, after)
sys.exit(0 if abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50 else 1)
"""


def test_emitting_signals_does_not_corrupt_reference_counts() -> None:
    done = subprocess.run([sys.executable, "-c", EMIT_MANY], capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, f"refcounts of True/False drift when emitting (PySide6 bug): {done.stdout}{done.stderr[-500:]}"
