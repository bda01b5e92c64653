"""kiosk preview: reload within a second on save, keep the place, show errors over the last good version."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.core.paths import bundled_content_dir
from kiosk.qt.preview import Previewer, resolve, start_preview
from uihelpers import UI


@pytest.fixture
def preview(kiosk_app: object, tmp_path: Path) -> Iterator[tuple[Previewer, Path]]:
    folder = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), folder)
    # (no speech engine: a real speech-dispatcher hung here once and froze a tap for good)
    _app, kiosk, previewer = start_preview(folder / "topics" / "30-spinal-fusion.yaml", read_aloud=False)
    yield previewer, folder
    kiosk.dispose()
    QCoreApplication.processEvents()


def replace_line(path: Path, prefix: str, new: str) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    old, lines[index] = lines[index], new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return old


def test_resolve_a_topic_file_and_a_folder(tmp_path: Path) -> None:
    folder, topic = resolve(bundled_content_dir() / "topics" / "10-laminectomy.yaml")
    assert folder == bundled_content_dir() and topic == "laminectomy"
    assert resolve(bundled_content_dir()) == (bundled_content_dir(), None)


def test_preview_reloads_on_save_and_keeps_the_place(preview: tuple[Previewer, Path], qtbot: object) -> None:
    previewer, folder = preview
    ui = UI(previewer.kiosk, qtbot)
    assert ui.screen == "walk" and ui.kiosk.page.property("topicId") == "spinal-fusion", "a topic file opens that topic"
    ui.tap("nextButton")
    ui.tap("nextButton")
    ui.kiosk.display.setLanguage("es")
    topic = folder / "topics" / "30-spinal-fusion.yaml"
    text = topic.read_text(encoding="utf-8")
    start = time.monotonic()
    topic.write_text(text.replace('es: "Fusión espinal"', 'es: "Fusión espinal (nueva)"', 1), encoding="utf-8")
    qtbot.waitUntil(lambda: ui.text("topicTitle") == "Fusión espinal (nueva)", timeout=3000)  # type: ignore[attr-defined]
    assert time.monotonic() - start < 1.5, "seen within a second or so of the save"
    assert ui.text("stepCounter").startswith("Paso 3"), "same step, same language"


def test_a_broken_file_shows_located_messages_over_the_last_good_version(preview: tuple[Previewer, Path], qtbot: object) -> None:
    previewer, folder = preview
    ui = UI(previewer.kiosk, qtbot)
    title = ui.text("topicTitle")
    topic = folder / "topics" / "30-spinal-fusion.yaml"
    old = replace_line(topic, "order:", "order: [broken")
    qtbot.waitUntil(lambda: ui.exists("noticeOverlay"), timeout=3000)  # type: ignore[attr-defined]
    notices = [str(i.property("text")) for i in ui.items("notice")]
    assert any("30-spinal-fusion.yaml:" in n and "error:" in n for n in notices), notices
    assert ui.text("topicTitle") == title, "the last good version stays on screen"
    ui.tap("nextButton")
    assert ui.screen == "walk", "and it still responds"
    replace_line(topic, "order:", old)
    qtbot.waitUntil(lambda: not ui.exists("noticeOverlay"), timeout=3000)  # type: ignore[attr-defined]


def test_a_changed_drawing_reloads_too(preview: tuple[Previewer, Path], qtbot: object) -> None:
    previewer, folder = preview
    before = previewer.reloads
    drawing = folder / "mine.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>')
    qtbot.waitUntil(lambda: previewer.reloads > before, timeout=3000)  # type: ignore[attr-defined]


def test_a_new_starter_topic_opens_in_preview_with_its_placeholders(kiosk_app: object, tmp_path: Path, qtbot: object) -> None:
    from kiosk.commands.authoring import newtopic

    folder = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), folder)
    assert newtopic.cmd_new_topic("cord-stimulator", folder) == 0
    _app, kiosk, _previewer = start_preview(folder / "topics" / "60-cord-stimulator.yaml")
    try:
        ui = UI(kiosk, qtbot)
        assert ui.screen == "walk" and kiosk.page.property("topicId") == "cord-stimulator"
        assert ui.text("stepTitle") == "Replace with a title", "the stand-in says what to write"
        assert not ui.exists("noticeOverlay"), "placeholders are no error while an author previews"
    finally:
        kiosk.dispose()
        QCoreApplication.processEvents()
