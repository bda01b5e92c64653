"""The take-home code: the topic's questions and key points as text in a QR code (issue 17, item 3).

The core's text and fitting rule without a window; then the real finish screen, whose code is
grabbed from the window and decoded with zxing-cpp (a QR reader from PyPI), as a phone would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import fresh_ui, open_kiosk
from kiosk.core import markup
from kiosk.core.config import Config, load_config
from kiosk.core.loader import Content
from kiosk.core.model import text_in
from kiosk.core.takehome import MAX_VERSION, MIN_MM, TakeHomeWords, qr_version, side_px, take_home

QUESTIONS = ["How long will I stay in the hospital?", "When can I drive again?", "When can I go back to work?"]
POINTS = ["You rest in a recovery room.", "You take pain medicine for a few weeks."]


def test_the_code_holds_the_title_the_questions_and_the_key_points() -> None:
    code = take_home("Spinal fusion", QUESTIONS, POINTS)
    assert code is not None and code.fit == "all"
    assert code.text.splitlines()[0] == "Spinal fusion"
    assert "Questions to ask your care team" in code.text and "Key points" in code.text
    assert all(q in code.text for q in QUESTIONS + POINTS)
    assert "http" not in code.text and "://" not in code.text, "no address: nothing to download"
    assert code.version == qr_version(code.text) and code.modules == 17 + 4 * code.version + 8


def test_words_come_in_the_patients_language() -> None:
    words = TakeHomeWords("Preguntas para su equipo médico", "Lo más importante", "¿Tiene preguntas? Pregunte a su equipo médico.")
    code = take_home("Fusión espinal", ["¿Cuándo puedo manejar?"], ["Descanse."], words)
    assert code is not None and "Preguntas para su equipo médico\n• ¿Cuándo puedo manejar?" in code.text
    assert "Questions" not in code.text


def test_too_long_for_version_25_m_keeps_the_questions_alone() -> None:
    points = ["A long key point that goes on and on about the recovery, day by day, week by week. " * 3] * 5
    code = take_home("Spinal fusion", QUESTIONS, points)
    assert qr_version("\n".join([*QUESTIONS, *points])) is None or qr_version("\n".join(points)) > MAX_VERSION  # type: ignore[operator]
    assert code is not None and code.fit == "questions" and code.version <= MAX_VERSION
    assert all(q in code.text for q in QUESTIONS) and "Key points" not in code.text


def test_even_the_questions_too_long_keeps_the_first_that_fit_and_says_to_ask() -> None:
    questions = [f"Question {n}: " + "what exactly happens to me, and when, and why? " * 5 + "Who do I call?" for n in range(6)]
    code = take_home("Spinal fusion", questions, POINTS)
    assert code is not None and code.fit == "cut" and code.version <= MAX_VERSION
    assert questions[0] in code.text and questions[-1] not in code.text
    assert code.text.endswith("Questions? Ask your care team."), "the list never silently stops"
    assert take_home("x" * 3000, QUESTIONS, POINTS) is None, "nothing fits: no code"


def test_bundled_topics_fit_whole_in_every_language(bundled_content: Content) -> None:
    for topic in bundled_content.topics:
        for language in bundled_content.pack.languages:
            def say(value: object, language: str = language) -> str:
                return markup.plain(text_in(value, language, "en"))  # type: ignore[arg-type]
            code = take_home(say(topic.title), [say(q) for q in topic.questions], [say(p) for p in topic.key_points])
            assert code is not None and code.fit == "all" and code.version <= MAX_VERSION, (topic.id, language)


def test_size_rule_at_1080p() -> None:
    """At least 40 mm on the real screen, whole pixels per module, at least 2 per module at 1080p."""
    modules = 17 + 4 * MAX_VERSION + 8  # 125
    # A 24-inch 1080p screen: 1080 px over about 299 mm.
    per_mm = 1080 / 299
    side = side_px(modules, per_mm)
    assert side >= MIN_MM * per_mm and side % modules == 0 and side == 250
    # A 10-inch 1080p tablet: 1080 px over about 125 mm: 40 mm is 346 px, so 3 px a module.
    per_mm = 1080 / 125
    assert side_px(modules, per_mm) == 375 >= MIN_MM * per_mm
    assert side_px(33, 0.0) == 66, "unknown screen: 2 px a module"


def test_config_switch(tmp_path: Path) -> None:
    assert Config().take_home_code is True
    path = tmp_path / "config.yaml"
    path.write_text("take_home_code: false\n")
    assert load_config(path).config.take_home_code is False
    path.write_text("take_home_code: maybe\nkiosk_name: Lobby\n")
    loaded = load_config(path)
    assert loaded.config.take_home_code is True and loaded.config.kiosk_name == "Lobby"
    assert any("take_home_code" in p.message for p in loaded.problems)


# ---- the real finish screen --------------------------------------------------------
@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[object]:
    yield from open_kiosk(read_aloud=False)  # no speech engine to start: these tests never read aloud


@pytest.fixture
def ui(kiosk: object, qtbot: object) -> object:
    return fresh_ui(kiosk, qtbot)


def finish(ui: object, topic: str, language: str = "en") -> None:
    if language != "en":
        ui.tap(f"attractLang-{language}")  # type: ignore[attr-defined]  # (starts, in that language)
    else:
        ui.tap("touchToStart")  # type: ignore[attr-defined]
    if not ui.exists(f"tile-{topic}"):  # type: ignore[attr-defined]  # the tiles do not fit one screen in this language
        ui.tap({"recovery": "shelf-recovery", "overview": "shelf-about"}.get(topic, "shelf-operations"))  # type: ignore[attr-defined]
    while ui.screen == "home" and not ui.exists(f"tile-{topic}"):  # type: ignore[attr-defined]  # on a later page of the shelf
        ui.tap("nextPageButton")  # type: ignore[attr-defined]
    if ui.screen == "home":  # type: ignore[attr-defined]  # (a shelf of one topic opens it)
        ui.tap(f"tile-{topic}")  # type: ignore[attr-defined]
    while ui.screen in ("walk", "check"):  # type: ignore[attr-defined]  # (Next on the questions skips them)
        ui.tap("nextButton")  # type: ignore[attr-defined]
    assert ui.screen == "finish"  # type: ignore[attr-defined]


def grab_code(ui: object, name: str = "takeHomeTextQr") -> tuple[str, int]:
    """The code's text as zxing-cpp reads it from the window's pixels, and its width in pixels."""
    import numpy as np
    import zxingcpp
    from PySide6.QtGui import QImage

    item = ui.item(name)  # type: ignore[attr-defined]
    scroller = ui.item("finishScroller")  # type: ignore[attr-defined]
    box = scroller.mapRectFromItem(item, item.boundingRect())
    if box.top() < 0 or box.bottom() > scroller.height():  # scrolled into view, as a patient would (portrait)
        scroller.setProperty("contentY", min(scroller.property("contentY") + box.top(),
                                             max(0.0, scroller.property("contentHeight") - scroller.height())))
    # Drawn off the GUI thread: wait until it is in (the status enum has no Python converter).
    ui.qtbot.waitUntil(lambda: item.property("progress") == 1.0 and item.property("paintedWidth") > 0)  # type: ignore[attr-defined]
    window = ui.window  # type: ignore[attr-defined]
    image = window.grabWindow().convertToFormat(QImage.Format.Format_Grayscale8)
    top_left = item.mapToScene(item.boundingRect().topLeft()).toPoint()
    margin = 20  # the window around the code, as a camera sees it
    region = image.copy(top_left.x() - margin, top_left.y() - margin, int(item.width()) + 2 * margin, int(item.height()) + 2 * margin)
    pixels = np.array(region.constBits(), dtype=np.uint8).reshape(region.height(), region.bytesPerLine())[:, : region.width()]
    found = zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, "one readable QR code"
    return found[0].text, int(item.width())


@pytest.mark.parametrize(("language", "topic"),
                         [("en", "spinal-fusion"), ("es", "laminectomy"), ("ar", "spinal-fusion"), ("vi", "recovery")])
def test_the_finish_screen_code_reads_as_the_questions_in_the_patients_language(
        ui: object, bundled_content: Content, language: str, topic: str) -> None:
    finish(ui, topic, language)
    text, width = grab_code(ui)
    model = bundled_content.topic(topic)
    assert text.splitlines()[0] == markup.plain(text_in(model.title, language))
    for question in model.questions:
        assert markup.plain(text_in(question, language)) in text
    for point in model.key_points:
        assert markup.plain(text_in(point, language)) in text
    if language != "en":
        assert "Questions to ask your care team" not in text and "Key points" not in text, "headings translated too"
    assert "://" not in text
    version = qr_version(text)
    assert version is not None and version <= MAX_VERSION
    modules = 17 + 4 * version + 8
    assert width % modules == 0 and width >= 2 * modules, "whole pixels per module"
    assert ui.item("takeHomeText").isVisible() and not ui.exists("takeHome"), "no web page configured: only the text code"  # type: ignore[attr-defined]


def test_drawn_40_mm_wide_on_the_configured_screen(ui: object) -> None:
    """A 1080p picture 125 mm tall (a 10-inch screen): 40 mm is 346 px."""
    kiosk = ui.kiosk  # type: ignore[attr-defined]
    kiosk.set_screen_size(125.0)  # as the config's screen_height_mm does
    try:
        finish(ui, "diskectomy")
        text, width = grab_code(ui)
        assert "Questions to ask your care team" in text
        assert width >= MIN_MM * 1080 / 125
    finally:
        kiosk.set_screen_size(None)


def test_beside_the_clinics_web_code_and_off_by_config(ui: object) -> None:
    bridge = ui.kiosk.bridge  # type: ignore[attr-defined]
    bridge.take_home = {"spinal-fusion": "https://clinic.example/spinal-fusion"}
    try:
        finish(ui, "spinal-fusion")
        assert grab_code(ui, "takeHomeQr")[0] == "https://clinic.example/spinal-fusion", "the web code stays as it was"
        assert "Questions to ask your care team" in grab_code(ui)[0]
        web, own = ui.item("takeHomeQr"), ui.item("takeHomeTextQr")  # type: ignore[attr-defined]
        assert abs(web.mapToScene(web.boundingRect().topLeft()).y() - own.mapToScene(own.boundingRect().topLeft()).y()) < 1, "side by side"
        bridge.take_home_code = False
        bridge.refresh()
        assert not ui.exists("takeHomeText") and ui.exists("takeHome")  # type: ignore[attr-defined]
    finally:
        bridge.take_home = {}
        bridge.take_home_code = True


@pytest.mark.parametrize("language", ["en", "es", "zh", "vi", "ar"])
def test_the_whole_code_shows_without_scrolling_in_landscape(ui: object, bundled_content: Content, language: str) -> None:
    """A code cut by the screen's edge cannot be scanned, and a patient may not know the screen scrolls:
    at 1080p landscape the code of every topic shows whole as the finish screen opens, in every language
    (it used to sit under the related topics, below the fold in Arabic and Spanish)."""
    from PySide6.QtCore import QRectF

    for topic in bundled_content.topics:
        ui.kiosk.bridge.reset()  # type: ignore[attr-defined]
        finish(ui, topic.id, language)
        scroller, code = ui.item("finishScroller"), ui.item("takeHomeTextQr")  # type: ignore[attr-defined]
        assert scroller.property("contentY") == 0
        shown = scroller.mapRectToScene(QRectF(0, 0, scroller.width(), scroller.height()))
        assert shown.contains(code.mapRectToScene(code.boundingRect())), f"{topic.id} in {language}: the code is cut"
