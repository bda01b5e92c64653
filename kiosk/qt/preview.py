"""``kiosk preview``: the kiosk in a window on an author's content, reloaded on every save.

Watches the content folder and the drawings; a change is read within a second,
keeping the topic, step and language on screen. A file with errors shows the
located messages over the last good version instead of crashing.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtGui import QGuiApplication

from ..core.loader import load_content
from ..core.paths import resources_dir
from .app import KioskWindow, WindowOptions, make_application
from .svgcheck import check_svg

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


def resolve(path: Path) -> tuple[Path, str | None]:
    """The content folder and, for a topic file, the topic to open."""
    path = path.resolve()
    if path.is_file():
        folder = path.parent.parent if path.parent.name == "topics" else path.parent
        topic_id = None
        try:
            from ..core.yamlsrc import load_yaml

            data = load_yaml(path).data
            topic_id = data.get("id") if isinstance(data, dict) else None
        except Exception:  # noqa: BLE001 - a broken file still opens; the overlay will say why
            topic_id = None
        return folder, topic_id if isinstance(topic_id, str) else None
    return path, None


class Previewer(QObject):
    def __init__(self, kiosk: KioskWindow, folder: Path, topic_id: str | None = None) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.folder = folder
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.reload)
        self.reloads = 0
        self.reload()
        if topic_id and self.kiosk.bridge.property("ready"):
            try:
                self.kiosk.bridge.session.start()
                self.kiosk.page.openTopic(topic_id)
            except KeyError:
                pass

    def _watch(self) -> None:
        """(Re)watch every folder and file: editors that save by replacing a file drop the old watch."""
        kit = resources_dir() / "kit"
        paths = [self.folder, self.folder / "topics", kit]
        for base in (self.folder, kit):
            if base.is_dir():
                paths += [p for p in base.rglob("*") if p.suffix in (".yaml", ".svg") or p.is_dir()]
        wanted = {str(p) for p in paths if p.exists()}
        current = set(self.watcher.files()) | set(self.watcher.directories())
        missing = sorted(wanted - current)
        if missing:
            self.watcher.addPaths(missing)

    def _changed(self, _path: str) -> None:
        self.timer.start()

    def reload(self) -> None:
        """Read the content again; show it keeping the patient's place, or show why not."""
        self.reloads += 1
        bridge = self.kiosk.bridge
        # kiosk new-topic's stand-in texts are work in progress here: warnings, not errors.
        result = load_content(self.folder, picture_check=check_svg, placeholders="warning")
        self._watch()
        if not result.ok or result.content is None:
            messages = [str(p) for p in result.errors] or ["the content could not be read"]
            log.warning("preview: %d problem(s); keeping the last good version", len(messages))
            bridge.set_notices(messages)
            return
        place = None
        if bridge.property("ready"):
            session = bridge.session
            place = (session.screen, session.topic_id, session.page_index, session.language, session.term_id)
        bridge.set_notices([])
        self.kiosk.set_content(result.content)
        if place is not None:
            self._restore(*place)

    def _restore(self, screen: object, topic_id: str | None, page: int, language: str, term: str | None) -> None:
        bridge = self.kiosk.bridge
        session = bridge.session
        session.set_language(language)
        if str(screen) == "attract":
            bridge.refresh()
            return
        session.start()
        if topic_id is not None:
            try:
                session.open_topic(topic_id)
            except KeyError:
                topic_id = None
        if topic_id is not None:
            session.go_to(min(page, session.page_count - 1))
            if str(screen) == "finish":
                session.go_to(session.page_count - 1)
                session.next()
            if term:
                session.open_term(term)
        bridge.refresh()  # every bridge shows the restored place (and the window its language)


def start_preview(path: Path | None, *, read_aloud: bool = True) -> tuple[QGuiApplication, KioskWindow, Previewer]:
    """``read_aloud``: False for tests, which need no speech engine (a real one can hang)."""
    from ..core.paths import bundled_content_dir

    folder, topic_id = resolve(path or bundled_content_dir())
    app = make_application(sys.argv[:1])
    kiosk = KioskWindow(None, WindowOptions(windowed=True, width=1600, height=900, read_aloud=read_aloud))
    kiosk.show()
    previewer = Previewer(kiosk, folder, topic_id)
    return app, kiosk, previewer


def main(path: Path | None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("kiosk preview needs a screen (no DISPLAY or WAYLAND_DISPLAY is set)", file=sys.stderr)
        return 2
    app, _kiosk, previewer = start_preview(path)
    print(f"preview: watching {previewer.folder} and the drawings; save a file to see the change")
    return int(app.exec())
