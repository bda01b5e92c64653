"""Drawings with layer states: parts shown, hidden and highlighted; labels at anchors; renders cached."""

from __future__ import annotations

import itertools
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage

from kiosk.core.loader import load_content
from kiosk.qt.drawing import DrawingCache, DrawingState, apply_state
from test_loader import make_content, edit

KIT = """<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" viewBox="0 0 200 100" width="200" height="100">
  <g id="bone"><rect x="10" y="30" width="80" height="40" fill="#EADBB8" stroke="#2B2B2B" stroke-width="4"/></g>
  <g id="lamina"><rect x="110" y="30" width="40" height="40" fill="#EADBB8" stroke="#2B2B2B" stroke-width="4"/></g>
  <g id="screw" display="none"><rect x="160" y="45" width="30" height="10" fill="#7D8B99" stroke="#2B2B2B" stroke-width="3"/></g>
</svg>
"""


def kit(tmp_path: Path) -> Path:
    path = tmp_path / "kit.svg"
    path.write_text(KIT)
    return path


def render(cache: DrawingCache, state: DrawingState) -> QImage:
    return cache.image(cache.register(state), 400, 200)


def colour_at(image: QImage, x: float, y: float) -> str:
    return image.pixelColor(int(x * image.width() / 200), int(y * image.height() / 100)).name(QColor.NameFormat.HexArgb)


def test_show_hide_and_highlight_change_what_is_drawn(kiosk_app: object, tmp_path: Path) -> None:
    cache = DrawingCache()
    plain = render(cache, DrawingState(kit(tmp_path)))
    assert colour_at(plain, 175, 50) == "#00000000", "an optional part is hidden until a step shows it"
    assert colour_at(plain, 130, 50) == "#ffeadbb8"
    shown = render(cache, DrawingState(kit(tmp_path), show=("screw",), hide=("lamina",)))
    assert colour_at(shown, 175, 50) == "#ff7d8b99"
    assert colour_at(shown, 130, 50) == "#00000000"
    halo = render(cache, DrawingState(kit(tmp_path), highlight=("bone",)))
    # just outside the bone's outline: orange only when highlighted
    assert colour_at(plain, 50, 25) == "#00000000"
    assert QColor(colour_at(halo, 50, 25)).red() > 200 and QColor(colour_at(halo, 50, 25)).blue() < 80


def test_renders_are_cached_per_state_and_size(kiosk_app: object, tmp_path: Path) -> None:
    cache = DrawingCache()
    state = DrawingState(kit(tmp_path), show=("screw",))
    render(cache, state)
    render(cache, state)
    assert cache.renders == 1
    cache.image(cache.register(state), 800, 400)
    assert cache.renders == 2, "another size is another render"


def test_the_bound_is_a_few_screens_of_the_window_and_drops_the_oldest_renders(kiosk_app: object, tmp_path: Path) -> None:
    cache = DrawingCache()
    states = [DrawingState(kit(tmp_path), show=(part,)) for part in ("bone", "lamina", "screw")]
    for state in states:
        cache.image(cache.register(state), 400, 200)  # 400x200 drawn at 400x200: 320,000 bytes each
    assert cache.bytes == 3 * 400 * 200 * 4
    cache.fit_screen(160, 100)  # five screens of 160x100 = 320,000 bytes: room for one render
    assert cache.max_bytes == DrawingCache.SCREENS_KEPT * 160 * 100 * 4
    assert cache.bytes == 400 * 200 * 4, "the renders over the new bound are dropped at once"
    assert cache.cached(states[2].token, 400, 200) and not cache.cached(states[0].token, 400, 200)
    cache.fit_screen(0, 0)  # (a window not laid out yet says nothing)
    assert cache.max_bytes == DrawingCache.SCREENS_KEPT * 160 * 100 * 4


def test_the_window_bounds_its_pictures_by_its_own_size(kiosk_app: object) -> None:
    from conftest import open_kiosk

    with contextmanager(open_kiosk)(1280, 720) as kiosk:
        ratio = kiosk.window.effectiveDevicePixelRatio()
        assert kiosk.bridge.drawings.max_bytes == DrawingCache.SCREENS_KEPT * round(1280 * ratio) * round(720 * ratio) * 4
        kiosk.window.resize(1920, 1080)
        QCoreApplication.processEvents()
        assert kiosk.bridge.drawings.max_bytes == DrawingCache.SCREENS_KEPT * round(1920 * ratio) * round(1080 * ratio) * 4


def test_anchor_positions_are_fractions_of_the_drawing(kiosk_app: object, tmp_path: Path) -> None:
    cache = DrawingCache()
    token = cache.register(DrawingState(kit(tmp_path)))
    where = cache.anchors(token, ["lamina", "missing"])
    assert where == {"lamina": pytest.approx((0.65, 0.5), abs=0.01)}


def test_apply_state_leaves_a_picture_without_layers_untouched(tmp_path: Path) -> None:
    data = kit(tmp_path).read_bytes()
    assert apply_state(data, DrawingState(kit(tmp_path))) == data


def test_validate_reports_parts_the_drawing_lacks(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    (root / "pics" / "kit.svg").write_text(KIT)
    edit(root / "topics/demo.yaml", "    picture: pics/a.svg\n  - title: Second",
         "    picture:\n      src: pics/kit.svg\n      show: [screw, bolt]\n      highlight: [lamina]\n"
         "      labels:\n        - anchor: laminae\n          text: Lamina\n  - title: Second")
    result = load_content(root, resources=tmp_path / "c")
    messages = {(p.line, p.message) for p in result.errors}
    assert (12, "picture 'pics/kit.svg' has no part 'bolt' (show)") in messages
    assert (15, "picture 'pics/kit.svg' has no part 'laminae' (labels)") in messages
    assert not any("'screw'" in m or "'lamina'" in m for _, m in messages)


def test_label_text_needs_every_language(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    (root / "pics" / "kit.svg").write_text(KIT)
    edit(root / "pack.yaml", "languages: [en]", "languages: [en, es]")
    edit(root / "topics/demo.yaml", "    picture: pics/a.svg\n  - title: Second",
         "    picture:\n      src: pics/kit.svg\n      labels:\n        - anchor: lamina\n          text: Lamina\n  - title: Second")
    result = load_content(root, resources=tmp_path / "c")
    assert any(p.line == 14 and "step 1, picture, label 1, text: no Spanish (es) text" in p.message for p in result.errors), result.errors


def test_consecutive_steps_look_different_where_their_layer_states_differ(kiosk_app: object, bundled_content: object) -> None:
    content = bundled_content
    cache = DrawingCache(max_images=8)
    compared = 0
    for topic in content.topics:  # type: ignore[attr-defined]
        pictures = [item.picture for item in (*topic.steps, *topic.stages)]
        for before, after in itertools.pairwise(pictures):
            a = DrawingState.of(content.picture_path(before), before)  # type: ignore[attr-defined]
            b = DrawingState.of(content.picture_path(after), after)  # type: ignore[attr-defined]
            if a == b:
                continue
            first, second = cache.image(cache.register(a), 400, 300), cache.image(cache.register(b), 400, 300)
            assert first != second, f"{topic.id}: two steps with different layer states draw the same picture"  # type: ignore[attr-defined]
            compared += 1
    assert compared >= 20, "the bundled topics change their pictures from step to step"


# ---- drawn off the GUI thread: a picture on screen asks, the worker draws and tells ---------
class Gated(DrawingCache):
    """A cache whose first render waits until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.drawing = threading.Event()

    def _draw(self, token: str, width: int, height: int) -> QImage:
        self.drawing.set()
        self.gate.wait(5)
        return super()._draw(token, width, height)


def listener() -> tuple[list[tuple[tuple[str, int, int], threading.Thread]], threading.Event, object]:
    told: list[tuple[tuple[str, int, int], threading.Thread]] = []
    heard = threading.Event()

    def tell(token: str, width: int, height: int) -> None:
        told.append(((token, width, height), threading.current_thread()))
        heard.set()
    return told, heard, tell


def three_states(cache: DrawingCache, tmp_path: Path) -> tuple[str, str, str]:
    """Three states of the kit drawing (one part hidden in each), registered with ``cache``."""
    drawing = kit(tmp_path)
    first, second, third = (cache.register(DrawingState(drawing, hide=(part,))) for part in ("bone", "lamina", "screw"))
    return first, second, third


def test_a_render_wanted_on_screen_is_drawn_by_the_worker_which_then_tells(kiosk_app: object, tmp_path: Path) -> None:
    cache = DrawingCache()
    token = cache.register(DrawingState(kit(tmp_path)))
    told, heard, tell = listener()
    cache.listen(tell)  # type: ignore[arg-type]
    try:
        assert cache.want("no-such-drawing", 400, 200), "nothing to draw: load at once"
        assert not cache.want(token, 400, 200), "not drawn yet: the worker draws it"
        cache.want(token, 400, 200)  # asked again, while it is drawn (or just after)
        assert heard.wait(5), "the listener is told once it is drawn"
        time.sleep(0.1)
        assert [key for key, _ in told] == [(token, 400, 200)], "asked twice, drawn and told once"
        assert told[0][1] is not threading.main_thread()
        assert cache.renders == 1
        assert cache.want(token, 400, 200), "drawn: load it now (from the cache)"
        cache.image(token, 400, 200)
        assert cache.renders == 1
    finally:
        cache.listen(None)
        cache.close()


def test_drawing_ahead_never_drops_a_render_a_picture_on_screen_waits_for(kiosk_app: object, tmp_path: Path) -> None:
    cache = Gated()
    first, wanted, next_step = three_states(cache, tmp_path)
    told, _heard, tell = listener()
    cache.listen(tell)  # type: ignore[arg-type]
    try:
        assert not cache.want(first, 400, 200)
        assert cache.drawing.wait(5), "the worker is drawing the first"
        assert not cache.want(wanted, 400, 200)  # a Next tap's picture, while the first is still being drawn
        cache.prefetch([next_step], like=wanted)  # and the bridge plans the drawing ahead
        cache.gate.set()
        deadline = time.monotonic() + 5
        while {key for key, _ in told} != {(first, 400, 200), (wanted, 400, 200)} and time.monotonic() < deadline:
            time.sleep(0.02)
        assert {key for key, _ in told} == {(first, 400, 200), (wanted, 400, 200)}, told
        assert cache.want(wanted, 400, 200)
    finally:
        cache.listen(None)
        cache.close()


def test_a_listener_whose_window_is_gone_does_not_stop_the_worker(kiosk_app: object, tmp_path: Path) -> None:
    """A window deleted without detaching its Pictures bridge: telling it fails (its C++ object is
    gone); the worker goes on to draw what is queued behind it."""
    cache = Gated()
    busy, gone_one, waiting = three_states(cache, tmp_path)
    told, _heard, tell = listener()

    def gone(token: str, width: int, height: int) -> None:
        if token == gone_one:
            raise RuntimeError("Internal C++ object (Pictures) already deleted.")
        tell(token, width, height)  # type: ignore[operator]

    cache.listen(gone)
    try:
        assert not cache.want(busy, 400, 200)
        assert cache.drawing.wait(5), "the worker is drawing the first"
        assert not cache.want(waiting, 400, 200)
        assert not cache.want(gone_one, 400, 200)  # asked last, so drawn (and told) before `waiting`
        cache.gate.set()
        deadline = time.monotonic() + 5
        while (waiting, 400, 200) not in [key for key, _ in told] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [key for key, _ in told] == [(busy, 400, 200), (waiting, 400, 200)]
    finally:
        cache.listen(None)
        cache.close()


def test_a_render_wanted_on_screen_does_not_wait_for_the_frame_the_drawing_ahead_waits_for(
        kiosk_app: object, tmp_path: Path) -> None:
    """Drawing ahead waits for the next frame (so it never slows it), up to 2 s when none comes; a
    picture on screen that asks meanwhile is drawn at once, not after that wait."""
    cache = DrawingCache()
    shown, ahead, wanted = three_states(cache, tmp_path)
    told, heard, tell = listener()
    cache.listen(tell)  # type: ignore[arg-type]
    try:
        cache.image(shown, 400, 200)  # the page on screen, at its size
        cache.prefetch([ahead], like=shown)  # the worker now waits for the next frame, which does not come
        time.sleep(0.2)
        assert not cache.cached(ahead, 400, 200), "drawing ahead waits for the frame"
        started = time.monotonic()
        assert not cache.want(wanted, 400, 200)
        assert heard.wait(5)
        assert time.monotonic() - started < 1.0, "the picture on screen waited for the frame"
        assert [key for key, _ in told] == [(wanted, 400, 200)]
    finally:
        cache.listen(None)
        cache.close()


def test_a_swapped_frame_wakes_the_drawing_ahead_on_the_next_turn_of_the_event_loop(
        kiosk_app: object, tmp_path: Path) -> None:
    """The window's frameSwapped wakes the worker only once the frame's other listeners have run:
    Qt holds Python's lock while it draws, so a listener after it (the page's text slots, the
    benchmark's clock) waited 5 to 10 ms for a drawing begun inside frameSwapped."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtTest import QTest

    from kiosk.qt.afterframe import AfterFrame, Waiter

    class Window(QObject):
        frameSwapped = Signal()

    cache = DrawingCache()
    window = Window()
    after = AfterFrame([Waiter(lambda: cache.waiting_for_frame, cache.frame_shown)])
    window.frameSwapped.connect(after.frame_swapped)
    seen: list[bool] = []
    window.frameSwapped.connect(lambda: seen.append(cache.waiting_for_frame))  # a listener after it
    shown, ahead, _ = three_states(cache, tmp_path)
    try:
        cache.image(shown, 400, 200)
        cache.prefetch([ahead], like=shown)
        assert cache.waiting_for_frame
        window.frameSwapped.emit()
        assert seen == [True], "the worker was woken inside frameSwapped"
        time.sleep(0.2)
        assert not cache.cached(ahead, 400, 200)
        deadline = time.monotonic() + 5
        while not cache.cached(ahead, 400, 200) and time.monotonic() < deadline:
            QTest.qWait(20)  # the next turn of the event loop wakes it
        assert not cache.waiting_for_frame
        assert cache.cached(ahead, 400, 200), "drawn ahead once the frame was out"
    finally:
        cache.close()


def test_after_a_frame_each_waiter_runs_once_on_the_next_turn_and_a_frame_nobody_waits_for_queues_nothing(
        kiosk_app: object) -> None:
    """One listener serves both the drawing ahead and the page's text: a frame with nothing
    waiting (most frames of a fade) puts nothing on the event queue; two frames before the turn
    run each waiter once; a waiter that no longer waits at the turn is not run."""
    from PySide6.QtCore import QObject, Signal

    from kiosk.qt.afterframe import AfterFrame, Waiter

    class Window(QObject):
        frameSwapped = Signal()

    waiting = {"pictures": False, "text": False}
    ran: list[str] = []

    def waiter(name: str) -> Waiter:
        return Waiter(lambda: waiting[name], lambda: (ran.append(name), waiting.__setitem__(name, False)))

    window = Window()
    after = AfterFrame([waiter("pictures"), waiter("text")])
    window.frameSwapped.connect(after.frame_swapped)
    window.frameSwapped.emit()
    assert not after.due, "a frame nobody waits for queued a turn"
    waiting.update(pictures=True, text=True)
    window.frameSwapped.emit()
    window.frameSwapped.emit()
    assert after.due and ran == [], "run inside frameSwapped"
    waiting["text"] = False  # (no longer waits by the turn)
    QCoreApplication.processEvents()
    assert ran == ["pictures"] and not after.due
    QCoreApplication.processEvents()
    assert ran == ["pictures"], "run twice for two frames"


def test_a_render_wanted_on_screen_while_a_frame_is_on_its_way_is_drawn_after_that_frame(
        kiosk_app: object, tmp_path: Path) -> None:
    """A tap plans the drawing ahead, then its page's picture asks for a render: the worker draws
    it once the tap's frame is out, not while the tap still runs Python (Qt holds Python's lock
    while it draws; the first patient's summary page waited 10-20 ms for it, bench/ui.py)."""
    cache = DrawingCache()
    cache.asked_wait = 10.0  # (a frame comes well before; the default gives up after 0.1 s)
    shown, ahead, wanted = three_states(cache, tmp_path)
    told, heard, tell = listener()
    cache.listen(tell)  # type: ignore[arg-type]
    try:
        cache.image(shown, 400, 200)
        cache.prefetch([ahead], like=shown)  # the tap: its frame is on its way
        assert not cache.want(wanted, 400, 200)  # its page's picture, not drawn ahead
        time.sleep(0.3)
        assert not cache.cached(wanted, 400, 200), "drawn before the tap's frame was out"
        cache.frame_shown()
        assert heard.wait(5)
        assert [key for key, _ in told] == [(wanted, 400, 200)], "then drawn first, and told"
    finally:
        cache.listen(None)
        cache.close()
