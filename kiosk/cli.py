"""The ``kiosk`` command: run the kiosk, validate content, render screenshots."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .core.paths import bundled_content_dir

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication

    from .core.loader import Content
    from .qt.app import KioskWindow

log = logging.getLogger("kiosk")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("write the size as WIDTHxHEIGHT, for example 1920x1080") from None
    if width < 320 or height < 320:
        raise argparse.ArgumentTypeError("the smallest size is 320x320")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Clinic waiting-room kiosk: spine surgery walk-throughs.")
    parser.add_argument("--version", action="store_true", help="print the app and content versions and exit")
    parser.add_argument("--content", type=Path, metavar="DIR", help="content folder to use (default: the bundled content)")
    parser.add_argument("--windowed", action="store_true", help="run in a normal window instead of full screen (development)")
    parser.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH", help="window size with --windowed (default 1920x1080)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the kiosk (the default)")
    validate = sub.add_parser("validate", help="check a content folder and report every problem with file and line")
    validate.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="content folder (default: --content or the bundled content)")
    shots = sub.add_parser("screenshots", help="render every screen and every step of every topic to PNG")
    shots.add_argument("outdir", type=Path, metavar="OUTDIR")
    shots.add_argument("--size", type=_size, dest="shot_size", default=None, metavar="WxH", help="image size (default 1920x1080)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.version:
        return print_version(args.content)
    command = args.command or "run"
    if command == "validate":
        return cmd_validate(args.dir or args.content or bundled_content_dir())
    if command == "screenshots":
        return cmd_screenshots(args.content, args.outdir, args.shot_size or args.size)
    return cmd_run(args.content, windowed=args.windowed, size=args.size)


def print_version(content_dir: Path | None) -> int:
    from .core.model import PackInfo
    from .core.yamlsrc import YamlError, load_yaml

    folder = content_dir or bundled_content_dir()
    try:
        pack = PackInfo.model_validate(load_yaml(folder / "pack.yaml").data)
        content = f"{pack.id} {pack.version}"
    except (YamlError, ValueError) as exc:
        content = f"unreadable ({exc})"
    print(f"kiosk {__version__}\ncontent {content}")
    return 0


def _headless() -> None:
    """Commands that draw nothing on screen need no display."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def cmd_validate(folder: Path) -> int:
    _headless()
    from .qt.app import make_application
    from .qt.svgcheck import check_svg

    from .core.loader import load_content

    make_application()
    result = load_content(folder, picture_check=check_svg)
    for problem in result.problems:
        print(problem)
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        print(f"{folder}: {errors} error(s), {warnings} warning(s)")
        return 1
    assert result.content is not None
    topics = len(result.content.topics)
    print(f"{folder}: OK: {topics} topics, {len(result.content.glossary)} glossary words, {warnings} warning(s)")
    return 0


def load_for_kiosk(folder: Path | None) -> Content:
    """The content to show: the configured folder if it is valid, else the bundled content.

    Bad content never stops a kiosk: the problems are logged and the last good
    content (the bundled pack) is shown instead.
    """
    from .core.loader import load_content

    candidates = [folder] if folder is not None else []
    candidates.append(bundled_content_dir())
    for candidate in candidates:
        result = load_content(candidate)
        for problem in result.errors:
            log.error("content: %s", problem)
        if result.ok and result.content is not None:
            if candidate != candidates[0]:
                log.error("content in %s is not valid; showing the bundled content instead", candidates[0])
            return result.content
    raise SystemExit("kiosk: no valid content to show (see the errors above)")


def start_kiosk(folder: Path | None, *, windowed: bool, size: tuple[int, int]) -> tuple[QGuiApplication, KioskWindow]:
    """Create the app and show the window; the content loads on the first turn of the event loop.

    The window comes first and the content right after: the attract screen
    appears without waiting for the content to be read and validated.
    """
    from PySide6.QtCore import Qt, QTimer

    from .qt.app import KioskWindow, WindowOptions, make_application

    app = make_application(sys.argv[:1])
    kiosk = KioskWindow(None, WindowOptions(windowed=windowed, width=size[0], height=size[1]))
    kiosk.show()

    def load() -> None:
        if kiosk.bridge.property("ready"):
            return
        try:
            kiosk.set_content(load_for_kiosk(folder))
        except SystemExit as exc:
            log.critical("%s", exc)
            app.exit(2)

    # After the first frame is on screen; a timer covers platforms that never report frames.
    kiosk.window.frameSwapped.connect(lambda: QTimer.singleShot(0, load), Qt.ConnectionType.SingleShotConnection)
    QTimer.singleShot(1000, load)
    return app, kiosk


def cmd_run(folder: Path | None, *, windowed: bool, size: tuple[int, int]) -> int:
    app, _kiosk = start_kiosk(folder, windowed=windowed, size=size)
    return app.exec()


def cmd_screenshots(folder: Path | None, outdir: Path, size: tuple[int, int]) -> int:
    _headless()
    from .qt.app import KioskWindow, WindowOptions, make_application
    from .qt.screenshots import render_all

    make_application()
    content = load_for_kiosk(folder)
    kiosk = KioskWindow(content, WindowOptions(windowed=True, width=size[0], height=size[1]))
    kiosk.show()
    files = render_all(kiosk, outdir)
    print(f"wrote {len(files)} screenshots to {outdir}")
    return 0
