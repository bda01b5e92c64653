"""Every screen, at several window sizes: big enough targets, spaced apart, nothing cut off or off-screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtQuick import QQuickItem

from kiosk.core.bigglyphs import theme_scale
from kiosk.core.paths import bundled_content_dir
from kiosk.qt.app import KioskWindow, WindowOptions
from kiosk.qt.items import settle
from uihelpers import UI, walk_visible, wrong_answer

SIZES = [(1920, 1080), (1080, 1920), (1280, 720)]


@pytest.fixture(scope="module", params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def sized_kiosk(request: pytest.FixtureRequest, kiosk_app: object) -> Iterator[KioskWindow]:
    from kiosk.core.loader import load_content

    content = load_content(bundled_content_dir()).content
    assert content is not None
    width, height = request.param
    # read_aloud=False: the speaker buttons are drawn whether or not this machine has a voice.
    window = KioskWindow(content, WindowOptions(windowed=True, width=width, height=height, read_aloud=False))
    window.show()
    yield window
    window.dispose()
    QCoreApplication.processEvents()


def scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def screens(kiosk: KioskWindow, language: str | None = None, text_step: int = 0, second: str | None = None) -> Iterator[str]:
    """Drive the bridge to every kind of screen in ``language`` at ``text_step`` (with ``second`` under it:
    the settings panel too); yields a label for each."""
    bridge = kiosk.bridge
    bridge.reset()
    if language is not None:
        bridge.display.setLanguage(language)
    bridge.display.setTextStep(text_step)
    yield "attract"
    bridge.page.start()
    yield "home"
    if second is not None:
        bridge.display.openSettings(True)
        bridge.display.setSecondLanguage(second)
        yield "settings"
        bridge.display.openSettings(False)
    for topic in bridge.session.content.topics:
        bridge.page.openTopic(topic.id)
        for index in range(topic.page_count):
            bridge.page.goTo(index)
            yield f"{topic.id} page {index + 1}"
            terms = bridge.page.property("pageTerms")
            if terms and index == 0:
                bridge.card.openTerm(terms[0]["id"])
                yield f"{topic.id} card {terms[0]['id']}"
                bridge.card.closeTerm()
        bridge.page.next()
        if bridge.page.property("screen") == "check":
            bridge.check.answer(wrong_answer(bridge))  # the fullest: answers, kind words, explanation, buttons
            yield f"{topic.id} check"
            bridge.check.skip()
        yield f"{topic.id} finish"


TEXT_STEPS = (0, 2)  # normal and the largest (1.6x) text


def every_screen(kiosk: KioskWindow) -> Iterator[str]:
    """Every screen, in every language the content has, at normal and at the largest text size."""
    for language in kiosk.bridge.session.content.pack.languages:
        for step in TEXT_STEPS:
            for label in screens(kiosk, language, step):
                yield f"[{language}, text {step}] {label}"
    kiosk.bridge.reset()


def tappables(ui: UI) -> list[QQuickItem]:
    """Controls a finger can reach now: with a card open, only those on the card."""
    window_area = ui.window.width() * ui.window.height()
    found = []
    cards = ui.items("glossaryCard") or ui.items("settingsPanel")
    for item in walk_visible(cards[0] if cards else ui.window.contentItem()):
        if item.metaObject().className() != "QQuickMouseArea" or not item.isEnabled():
            continue
        rect = scene_rect(item)
        if rect.width() * rect.height() > window_area / 4:
            continue  # whole-screen areas: the attract screen, swipe areas, the card's scrim
        if item.parentItem() is not None and item.parentItem().objectName() in ("cardBox", "settingsBox"):
            continue  # the card swallowing taps, not a control
        found.append(item)
    return found


# Two languages side by side (issue 17): at normal text size, each pair on every page.
PAIRS = [("es", "en"), ("ar", "en"), ("en", "ar")]


def bilingual_screens(kiosk: KioskWindow) -> Iterator[str]:
    for first, second in PAIRS:
        for label in screens(kiosk, first, 0, second):
            yield f"[{first}+{second}] {label}"
    kiosk.bridge.reset()


def test_targets_are_big_and_spaced_and_no_text_is_cut_off(sized_kiosk: KioskWindow, qtbot: object) -> None:
    """Every screen in every language at normal and largest text: the targets (size, spacing, on
    screen) and the text (not cut off, not off screen, no word wider than its box), in one walk."""
    assert_screens(sized_kiosk, qtbot, every_screen(sized_kiosk))


def test_two_languages_stay_within_their_areas(sized_kiosk: KioskWindow, qtbot: object) -> None:
    """Targets and text on every page with a second language, 1080p landscape and portrait."""
    if 720 in (sized_kiosk.window.width(), sized_kiosk.window.height()):
        pytest.skip("two languages are checked at 1080p, landscape and portrait")
    ui = UI(sized_kiosk, qtbot)
    seen: list[str] = []

    def both() -> Iterator[str]:
        for label in bilingual_screens(sized_kiosk):
            seen.append(label)
            yield label
            if "page" in label and "text 2" not in label:
                assert ui.kiosk.page.property("pageTitle2") != "" or ui.kiosk.page.property("pageKind") == "summary", label
    assert_screens(sized_kiosk, qtbot, both())
    assert any("settings" in label for label in seen)


def assert_screens(kiosk: KioskWindow, qtbot: object, labels: Iterator[str]) -> None:
    """Walk the screens once; on each, check the targets and the text."""
    ui = UI(kiosk, qtbot)
    problems: list[str] = []
    for label in labels:
        settle(ui.window)
        problems += target_problems(ui, label) + text_problems(ui, label)
    assert not problems, "\n".join(problems)


def target_problems(ui: UI, label: str) -> list[str]:
    """Every control a finger can reach is big enough, apart from the others and on screen."""
    scale = theme_scale(ui.window.width(), ui.window.height())  # (Theme's scale: a test fails if the two drift apart)
    minimum, spacing = 80 * scale, 16 * scale
    window = QRectF(0, 0, ui.window.width(), ui.window.height())
    problems = []
    rects = []
    for area in tappables(ui):
        rect = scene_rect(area)
        name = area.parentItem().objectName() or area.parentItem().metaObject().className()
        if rect.width() < minimum - 0.5 or rect.height() < minimum - 0.5:
            problems.append(f"{label}: {name} is {rect.width():.0f}x{rect.height():.0f}, smaller than {minimum:.0f} px")
        # What a finger can reach: a control scrolled partly out of a clipping area is cut there.
        reachable = visible_part(area)
        if reachable.isEmpty():
            continue  # scrolled out of view entirely; scrolling brings it back
        if not window.contains(reachable):
            problems.append(f"{label}: {name} lies partly off screen at {reachable}")
        rects.append((name, reachable))
    for i, (name_a, a) in enumerate(rects):
        for name_b, b in rects[i + 1 :]:
            gap_x = max(b.left() - a.right(), a.left() - b.right())
            gap_y = max(b.top() - a.bottom(), a.top() - b.bottom())
            if max(gap_x, gap_y) < spacing - 0.5:
                problems.append(f"{label}: {name_a} and {name_b} are closer than {spacing:.0f} px")
    return problems


def text_problems(ui: UI, label: str) -> list[str]:
    """No visible text is cut off, off screen, or wider than its box."""
    window = QRectF(0, 0, ui.window.width(), ui.window.height())
    problems = []
    for item in walk_visible(ui.window.contentItem()):
        if item.metaObject().className() != "QQuickText" or not item.property("text"):
            continue
        if item.property("truncated"):
            problems.append(f"{label}: text {item.property('text')[:40]!r} is cut off")
        rect = scene_rect(item)
        # Text inside a scrolling area may lie below the fold; it must still fit sideways.
        inside_flickable = _in_flickable(item)
        below = not inside_flickable and rect.bottom() > window.bottom() + 0.5
        if rect.left() < -0.5 or rect.right() > window.right() + 0.5 or below:
            problems.append(f"{label}: text {item.property('text')[:40]!r} lies off screen at {rect}")
        # A word too long to wrap overshoots by tens of pixels; rich Arabic text reports up to
        # about 1% more than it draws (measured), so allow 2% before calling it cut off.
        if item.property("contentWidth") > item.width() * 1.02 + 4:
            problems.append(f"{label}: text {item.property('text')[:40]!r} is wider than its box (a word too long to wrap)")
    return problems


def visible_part(item: QQuickItem) -> QRectF:
    """The item's scene rectangle cut by every clipping ancestor (Qt delivers no taps outside those)."""
    rect = scene_rect(item)
    parent = item.parentItem()
    while parent is not None:
        if parent.clip():
            rect = rect.intersected(scene_rect(parent))
        parent = parent.parentItem()
    return rect


def _in_flickable(item: QQuickItem) -> bool:
    parent = item.parentItem()
    while parent is not None:
        if parent.inherits("QQuickFlickable"):  # Flickable, ListView, GridView
            return True
        parent = parent.parentItem()
    return False
