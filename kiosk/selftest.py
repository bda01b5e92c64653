"""``kiosk self-test``: can this machine run the kiosk? Content, drawings, fonts, config,
log folder, text-to-speech and the Qt platform, each PASS, WARN or FAIL."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .core.config import LoadedConfig
from .core.paths import FONT_FAMILIES, bundled_content_dir, font_files
from .core.speechplan import library_loads
from .logsetup import default_log_dir


@dataclass(frozen=True)
class Check:
    status: str  # PASS, WARN or FAIL
    name: str
    detail: str


def run_checks(
    loaded: LoadedConfig, content_dir: Path | None = None, have_library: Callable[[str], bool] = library_loads
) -> list[Check]:
    """Every check; needs a QGuiApplication (the drawing and platform checks render with Qt)."""
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    from .core.loader import load_content
    from .qt.svgcheck import check_svg

    checks: list[Check] = []
    # Config
    if loaded.ok:
        checks.append(Check("PASS", "config", str(loaded.path)))
    elif not loaded.found:
        checks.append(Check("WARN", "config", f"{loaded.path} not found; the kiosk runs with the defaults"))
    else:
        checks.append(Check("FAIL", "config", "; ".join(str(p) for p in loaded.problems)))

    # Content and drawings
    folder = content_dir or (Path(loaded.config.content_dir) if loaded.config.content_dir else bundled_content_dir())
    result = load_content(folder, picture_check=check_svg)
    if result.ok and result.content is not None:
        content = result.content
        pictures = {content.picture_path(t.tile) for t in content.topics}
        pictures |= {content.picture_path(p.picture) for t in content.topics for p in (*t.steps, *t.stages)}
        checks.append(Check("PASS", "content", f"{folder}: {len(content.topics)} topics, version {content.pack.version}"))
        checks.append(Check("PASS", "drawings", f"all {len(pictures)} drawings the topics use draw cleanly with Qt"))
        drafts = [t.id for t in result.content.topics if t.review.status == "draft"]
        if drafts:
            checks.append(Check("WARN", "clinical review", "not yet reviewed by a clinician: " + ", ".join(drafts)))
    else:
        first = "; ".join(str(p) for p in result.errors[:5])
        more = f" (and {len(result.errors) - 5} more)" if len(result.errors) > 5 else ""
        picture_errors = [p for p in result.errors if "picture" in p.message]
        checks.append(Check("FAIL", "content", f"{folder}: {first}{more}"))
        checks.append(Check("FAIL" if picture_errors else "PASS", "drawings", f"{len(picture_errors)} picture problem(s)"))

    # Fonts
    files = font_files()
    loaded_families = set()
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            loaded_families.update(QFontDatabase.applicationFontFamilies(font_id))
    missing_families = [family for family in FONT_FAMILIES if family not in loaded_families]
    if files and "Atkinson Hyperlegible" in loaded_families and not missing_families:
        checks.append(Check("PASS", "fonts", f"{', '.join(FONT_FAMILIES)} ({len(files)} files)"))
    elif files and "Atkinson Hyperlegible" in loaded_families:
        checks.append(Check("FAIL", "fonts", f"missing or unreadable: {', '.join(missing_families)} (some languages would show boxes)"))
    else:
        checks.append(Check("FAIL", "fonts", "the Atkinson Hyperlegible font files are missing or unreadable"))

    # Log folder
    log_dir = Path(loaded.config.log_dir) if loaded.config.log_dir else default_log_dir()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=log_dir, prefix=".selftest-"):
            pass
        checks.append(Check("PASS", "log folder", f"{log_dir} is writable"))
    except OSError as exc:
        checks.append(Check("FAIL", "log folder", f"{log_dir} is not writable ({exc.strerror})"))

    # Text-to-speech: optional. Without a speech library the kiosk hides its speaker buttons;
    # the warning names the packages that turn read-aloud on.
    from .qt.speech import Speech

    speech = Speech(have_library=have_library)
    speech.set_preferred_voices(dict(loaded.config.voices))
    content_languages = list(result.content.pack.languages) if result.content is not None else ["en"]
    languages = list(loaded.config.languages or content_languages)
    # A language without a voice: a warning, or a failure where the config requires read-aloud.
    missing_status = "FAIL" if loaded.config.read_aloud_required else "WARN"
    if not speech.plan.on:
        checks.append(Check(missing_status, "text-to-speech", speech.plan.describe()))
    else:
        checks.append(Check("PASS", "text-to-speech", f"engine {speech.plan.engine}; the voice for each language:"))
        checks.extend(Check(missing_status if alert else "PASS", "  read aloud", text)
                      for text, alert in speech.voice_rows(languages))
    speech.deleteLater()

    # Qt platform and the QML front end
    app = QGuiApplication.instance()
    platform = QGuiApplication.platformName() if app is not None else "none"
    try:
        from .qt.app import KioskWindow, WindowOptions

        window = KioskWindow(result.content, WindowOptions(windowed=True, width=640, height=360, read_aloud=False))
        window.dispose()
        checks.append(Check("PASS", "Qt platform", f"'{platform}', and the kiosk's QML loads"))
    except Exception as exc:  # noqa: BLE001 - any failure to build the window is the finding
        checks.append(Check("FAIL", "Qt platform", f"'{platform}': the kiosk's QML does not load ({exc})"))
    return checks


def format_report(checks: list[Check]) -> str:
    lines = [f"{c.status:4}  {c.name}: {c.detail}" for c in checks]
    failed = sum(c.status == "FAIL" for c in checks)
    warned = sum(c.status == "WARN" for c in checks)
    lines.append(f"self-test: {'FAILED' if failed else 'passed'} ({failed} failed, {warned} warning(s))")
    return "\n".join(lines)


def main(loaded: LoadedConfig, content_dir: Path | None) -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen: check what can be checked
    from .qt.app import make_application

    make_application()
    checks = run_checks(loaded, content_dir)
    print(format_report(checks))
    return 1 if any(c.status == "FAIL" for c in checks) else 0
