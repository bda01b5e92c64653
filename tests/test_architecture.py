"""The layers hold: commands above the Qt layer above the core, the core free of Qt (napari's
rule), no import cycles. import-linter checks the contracts in pyproject.toml; the tests here
also prove that those contracts catch an upward import and a cycle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, kiosk.core.loader, kiosk.core.session, kiosk.core.model, kiosk.core.markup, kiosk.core.paths;"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'kiosk.qt')));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if lint is None:
        pytest.fail("lint-imports is not installed; the test command installs it with the [test] extra")
    env = {**os.environ, "PYTHONPATH": str(root)}  # this tree's kiosk package, not an installed one
    return subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=root, env=env, timeout=300, check=False)


def test_import_linter_contracts_hold() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_contracts_are_the_layers_no_qt_in_the_core_and_no_cycles() -> None:
    import tomllib

    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    kinds = {c["type"]: c for c in contracts}
    assert kinds["layers"]["containers"] == ["kiosk"]
    assert kinds["layers"]["layers"] == ["commands", "qt", "core"]
    assert kinds["layers"]["exhaustive"] is True, "every top-level module must belong to a layer"
    assert set(kinds["layers"]["exhaustive_ignores"]) <= {"__main__", "buildtools"}
    forbidden = {(tuple(c["source_modules"]), tuple(c["forbidden_modules"])) for c in contracts if c["type"] == "forbidden"}
    assert (("kiosk.core",), ("PySide6", "shiboken6", "kiosk.qt")) in forbidden
    assert (("kiosk.commands", "kiosk.qt", "kiosk.core"), ("kiosk.buildtools",)) in forbidden
    assert kinds["acyclic_siblings"]["ancestors"] == ["kiosk"]


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kiosk package's Python files and pyproject.toml, to break on purpose."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    for path in (REPO / "kiosk").rglob("*.py"):
        target = root / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return root


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("kiosk/core/paths.py", "from kiosk.qt import items", "Layers: commands above the Qt layer above the core"),
    ("kiosk/core/paths.py", "from kiosk.commands import cli", "Layers: commands above the Qt layer above the core"),
    ("kiosk/qt/items.py", "from kiosk.commands import selftest", "Layers: commands above the Qt layer above the core"),
    ("kiosk/commands/cli.py", "from kiosk.buildtools import bundle", "The kiosk never imports its build tools"),
    # kiosk.core.yamlsrc is imported by kiosk.core.loader: an import back is a cycle of two siblings.
    ("kiosk/core/yamlsrc.py", "from kiosk.core import loader", "No import cycles"),
    # The old cycle: the command line imports --smoke, which imported the command line back.
    ("kiosk/commands/smoke.py", "from kiosk.commands import cli", "No import cycles"),
])
def test_the_contracts_fail_on_an_upward_import_or_a_cycle(copy_of_the_code: Path, module: str, line: str,
                                                             contract: str) -> None:
    path = copy_of_the_code / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n\ndef _probe() -> None:\n    {line}  # noqa\n", encoding="utf-8")
    try:
        done = _lint_imports(copy_of_the_code)
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode != 0, f"{module}: `{line}` broke no contract:\n{done.stdout}"
    assert f"{contract} BROKEN" in done.stdout, done.stdout


def test_one_list_of_harmless_qt_messages() -> None:
    """The tests, `kiosk --smoke` and the running kiosk judge Qt's messages by one list."""
    import tomllib

    from kiosk.core.qtmessages import is_harmless

    pytest_ini = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "qt_log_ignore" not in pytest_ini, "a second list in pyproject.toml; use kiosk/core/qtmessages.py"
    for module in ("kiosk/commands/smoke.py", "kiosk/qt/runtime.py", "kiosk/qt/app.py", "tests/conftest.py"):
        assert "qtmessages import" in (REPO / module).read_text(), f"{module} does not read the shared list"
    assert is_harmless("qt.multimedia.symbolsresolver: Couldn't load pipewire-0.3 library")
    assert not is_harmless('Error loading text-to-speech plug-in "speechd"'), "a failed plugin is never harmless"


def test_commands_drop_harmless_qt_messages_and_print_the_rest() -> None:
    """kiosk self-test, validate, screenshots...: a clean machine without PipeWire says nothing about it."""
    code = (
        "from kiosk.qt.app import make_application; make_application();"
        "from PySide6.QtCore import qWarning;"
        "qWarning(\"Couldn't load pipewire-0.3 library\"); qWarning('a real problem')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "pipewire" not in done.stderr
    assert "a real problem" in done.stderr


# What the kiosk makes after its first frame (KioskWindow.complete): the bridges, the modules
# behind them and the screens. Importing them before that frame cost about 70 ms (bench/ui.py).
AFTER_THE_FIRST_FRAME = (
    "kiosk.qt.bridge", "kiosk.qt.page", "kiosk.qt.topics", "kiosk.qt.card", "kiosk.qt.display", "kiosk.qt.admin",
    "kiosk.qt.keypad", "kiosk.qt.speech", "kiosk.qt.drawing", "kiosk.qt.i18n", "kiosk.qt.runtime",
    "kiosk.core.pageview", "kiosk.core.shelfview", "kiosk.core.homeview", "kiosk.core.session", "kiosk.core.pin",
    "kiosk.core.adminreport", "kiosk.core.usage", "kiosk.core.speechplan", "kiosk.core.keypad",
)


def test_the_way_to_the_first_frame_loads_no_pydantic_yaml_bridges_or_qt_namespace() -> None:
    """The window comes before the content (start_kiosk): pydantic, YAML and the content model load after
    the first frame, and so does PySide6's ``Qt`` namespace (about 15 ms to build). A module-level import
    of the config in kiosk/qt/startup.py once made the first frame 1.7 times slower (bench/ui.py).
    The bridges, the admin side, the keypad and speech come after that frame too (AFTER_THE_FIRST_FRAME),
    and so does the standard library's ``dataclasses`` (6 ms to import on the development machine,
    which the Qt Quick hello world does not pay): its first frame is the benchmark's baseline."""
    code = (
        "import sys; from kiosk.qt.startup import start_kiosk;"
        "app, kiosk = start_kiosk(None, windowed=True, size=(640, 360));"
        "from PySide6 import QtCore;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml', 'dataclasses') or m in ("
        f"'kiosk.core.model', 'kiosk.core.loader', 'kiosk.core.config', 'kiosk.qt.afterframe') + {AFTER_THE_FIRST_FRAME!r});"
        "bad += ['bridges made'] if kiosk.is_complete else [];"
        "bad += ['PySide6.QtCore.Qt'] if 'Qt' in vars(QtCore) else [];"
        "print(bad); kiosk.dispose(); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software"})
    assert done.returncode == 0, done.stdout + done.stderr
