"""qmllint knows the Python bridges' types: a misspelt property in QML is found without running the kiosk."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from kiosk.buildtools import qmltypes

QML = REPO / "kiosk" / "qml"
TYPE_CATEGORIES = re.compile(r"\[(missing-property|unresolved-type|import|missing-type|incompatible-type)\]")


@pytest.fixture(scope="module")
def types_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return qmltypes.generate(tmp_path_factory.mktemp("qmltypes"))


def qmllint(types: Path, import_dir: Path, *files: Path) -> str:
    lint = shutil.which("pyside6-qmllint", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-qmllint")
    assert lint is not None, "pyside6-qmllint comes with PySide6"
    done = subprocess.run([lint, "-I", str(types), "-I", str(import_dir), *map(str, files)],
                          check=False, capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


def test_every_bridge_is_described_for_qmllint(types_dir: Path) -> None:
    qmltypes = (types_dir / "Kiosk" / "Bridges" / "bridges.qmltypes").read_text()
    for name in ("KioskBridge", "TopicModel", "PageBridge", "CardBridge", "DisplayBridge", "AdminBridge", "Speech"):
        assert f'exports: ["Kiosk.Bridges/{name} 1.0"]' in qmltypes, name
    assert 'name: "pageTerms"' in qmltypes and 'name: "swipe"' in qmltypes


def test_the_kiosk_s_qml_uses_only_properties_the_bridges_have(types_dir: Path) -> None:
    report = qmllint(types_dir, QML, *sorted((QML / "Kiosk").glob("*.qml")))
    problems = [line for line in report.splitlines() if TYPE_CATEGORIES.search(line)]
    assert not problems, "\n".join(problems)


def test_qmllint_finds_nothing_at_all(types_dir: Path) -> None:
    """Every category qmllint warns about by default (unqualified access, unused imports, types...): none."""
    report = qmllint(types_dir, QML, *sorted((QML / "Kiosk").glob("*.qml")))
    assert not [line for line in report.splitlines() if line.startswith(("Warning", "Error"))], report


def test_a_misspelt_bridge_property_is_caught(types_dir: Path, tmp_path: Path) -> None:
    """The check above can fail: the same lint reports a property no bridge has."""
    broken = tmp_path / "Broken.qml"
    broken.write_text("import QtQuick\nimport Kiosk.Bridges\n\nItem {\n    required property PageBridge page\n"
                      "    property string title: page.pageTittle\n}\n")
    report = qmllint(types_dir, QML, broken)
    assert re.search(r'Member "pageTittle" not found on type "PageBridge" \[missing-property\]', report), report
