"""The kiosk's start-up order (kiosk/qt/startup.py): the window's first frame, then the bridges and
screens, then what the caller hands in (the runtime), then the content. Order, not timings: the
figures are bench/ui.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.qt.app import KioskWindow
from kiosk.qt.items import walk_items


def test_first_frame_then_bridges_then_runtime_then_content(kiosk_app: object, qtbot: object) -> None:
    from kiosk.qt.startup import start_kiosk

    events: list[str] = []

    def then(kiosk: KioskWindow) -> None:
        events.append("then")
        assert kiosk.is_complete
        assert not kiosk.bridge.property("ready"), "the runtime comes before the content"

    _app, kiosk = start_kiosk(None, windowed=True, size=(800, 600), then=then)
    try:
        assert not kiosk.is_complete, "nothing but the window before its first frame"
        assert kiosk.window.findChild(object, "firstInvitation") is not None
        kiosk.window.frameSwapped.connect(lambda: events.append("frame") if not events else None)
        qtbot.waitUntil(lambda: kiosk.is_complete and kiosk.bridge.property("ready"), timeout=10000)  # type: ignore[attr-defined]
        assert events == ["frame", "then"]
        assert kiosk.window.property("screensIn")
        assert kiosk.page.property("screen") == "attract" and kiosk.page.property("packTitle")
    finally:
        kiosk.dispose()


def test_a_bridge_asked_for_early_makes_the_screens_at_once(kiosk_app: object) -> None:
    """Tools and tests that ask for a bridge before the first frame get a complete window, not an error."""
    from kiosk.qt.app import WindowOptions

    kiosk = KioskWindow(None, WindowOptions(windowed=True, width=640, height=360, speech_engine="mock"), defer=True)
    try:
        assert not kiosk.is_complete and not kiosk.window.property("screensIn")
        assert kiosk.page.property("screen") == "attract"
        assert kiosk.is_complete and kiosk.window.property("screensIn")
        assert kiosk.screens.objectName() == "screensRoot"
    finally:
        kiosk.dispose()


def _warm_kiosk() -> KioskWindow:
    from kiosk.core.contentsource import load_for_kiosk
    from kiosk.qt.app import WindowOptions

    kiosk = KioskWindow(None, WindowOptions(windowed=True, width=960, height=540, speech_engine="mock", warm_up=True))
    kiosk.show()
    kiosk.set_content(load_for_kiosk(None))
    return kiosk


def test_warm_up_runs_in_slices_while_idle_and_prepares_every_picture(kiosk_app: object, qtbot: object) -> None:
    kiosk = _warm_kiosk()
    try:
        warm = kiosk.warm_up
        assert warm is not None and warm.running and warm.done == 0, "nothing is done inside set_content"
        content = kiosk.bridge.session.content
        with qtbot.waitSignal(warm.finished, timeout=20000):  # type: ignore[attr-defined]
            warm._slice()  # what its timer calls, a few milliseconds apart: one job each time
            assert warm.done == 1 and warm.running, "one job per turn of the event loop, not all at once"
        pictures = [(entry.id, p) for entry in content.topics for t in [content.topic(entry.id)]
                    for p in [s.picture for s in t.steps] + [s.picture for s in t.stages]]
        from kiosk.qt.warmup import LAZY_SCREENS

        assert warm.done == LAZY_SCREENS + 2 * len(content.topics) + len(pictures), \
            "a job per screen built on first use, per topic, per picture, and per topic's codes"
        loaders = [item for item in walk_items(kiosk.window.contentItem()) if item.inherits("QQuickLoader")]
        lazy = [loader for loader in loaders if loader.parentItem().objectName() == "patientSide"]
        assert len(lazy) == LAZY_SCREENS, "the warm-up builds as many screens as Main.qml builds on first use"
        assert all(loader.property("item") is not None for loader in lazy), "every screen is built before the first patient"
        assert kiosk.page.property("screen") == "attract"
        drawings = kiosk.bridge.drawings
        from kiosk.qt.drawing import DrawingState

        for topic_id, picture in pictures:
            token = DrawingState.of(content.picture_path(picture, topic_id), picture).token
            assert token in drawings._svg, "the picture's layer states are applied ahead"
            if picture.labels:
                assert (token, tuple(label.anchor for label in picture.labels)) in drawings._anchors
    finally:
        kiosk.dispose()


def test_the_first_patient_to_finish_a_topic_finds_its_take_home_codes_encoded(kiosk_app: object, qtbot: object) -> None:
    """Encoding a finish screen's code of questions and key points (version 25) takes about 100 ms of
    pure Python: it was done in the tap that opened the screen, the first time in each topic and
    language. The warm-up encodes them in the default language while the attract screen waits."""
    from kiosk.qt import qrcode

    qrcode._modules.cache_clear()
    kiosk = _warm_kiosk()
    try:
        kiosk.bridge.take_home = {"laminectomy": "https://clinic.example/laminectomy"}
        warm = kiosk.warm_up
        assert warm is not None
        qtbot.waitUntil(lambda: not warm.running, timeout=20000)  # type: ignore[attr-defined]
        encoded = qrcode._modules.cache_info().misses
        assert encoded >= len(kiosk.bridge.session.content.topics) + 1, "every topic's code, and the address"
        bridge = kiosk.bridge
        bridge.page.start()
        bridge.page.openTopic("laminectomy")
        bridge.page.goTo(bridge.session.topic.page_count - 1)
        hits = qrcode._modules.cache_info().hits
        bridge.page.next()
        if bridge.page.property("screen") == "check":
            bridge.check.skip()
        assert bridge.page.property("screen") == "finish"
        qtbot.waitUntil(lambda: qrcode._modules.cache_info().hits >= hits + 2, timeout=5000)  # type: ignore[attr-defined]
        assert qrcode._modules.cache_info().misses == encoded, "nothing encoded in the patient's tap"
    finally:
        kiosk.dispose()


def test_warm_up_pauses_while_a_patient_uses_the_kiosk(kiosk_app: object, qtbot: object) -> None:
    from PySide6.QtTest import QTest

    kiosk = _warm_kiosk()
    try:
        warm = kiosk.warm_up
        assert warm is not None
        kiosk.page.start()  # a patient taps the attract screen at once
        assert kiosk.page.property("screen") == "home"
        before = warm.done
        QTest.qWait(200)
        assert warm.done == before and warm.running, "no warm-up job runs while a patient is there"
        kiosk.bridge.reset()  # the idle reset: back on the attract screen
        qtbot.waitUntil(lambda: not warm.running, timeout=20000)  # type: ignore[attr-defined]
    finally:
        kiosk.dispose()


def test_a_closed_window_s_engine_is_deleted_at_once_with_its_speech_thread_ended(kiosk_app: object) -> None:
    """dispose() deletes the QML engine before it returns, while all it refers to is alive. Left
    to a later turn of the event loop (another test's), the engine was deleted after Python had
    collected parts of its window: a pure virtual call in its destructor crashed the test process."""
    import shiboken6

    import kiosk.qt.speech as speech_module
    from kiosk.qt.app import WindowOptions

    kiosk = KioskWindow(None, WindowOptions(windowed=True, width=640, height=360, speech_engine="mock"))
    kiosk.show()
    engine, speech = kiosk.engine, kiosk.speech
    assert speech.property("available")
    kiosk.dispose()
    assert not shiboken6.isValid(engine) and not shiboken6.isValid(speech)
    assert not speech_module._RUNNING, "the speech thread ended before the engine went"


def test_once_runs_its_slot_once_when_two_emissions_from_another_thread_are_queued(kiosk_app: object) -> None:
    """Under a real display (tools/run.sh on Xvfb), frameSwapped comes from Qt Quick's render thread:
    two frames were queued before the first reached the main thread, so the kiosk logged "first frame
    drawn" twice and libpyside warned that it failed to disconnect."""
    import threading
    import warnings

    from PySide6.QtCore import QCoreApplication, QObject, Signal

    from kiosk.qt.once import once

    class Frames(QObject):
        swapped = Signal(int)

    frames, calls = Frames(), []
    once(frames.swapped, calls.append)
    render = threading.Thread(target=lambda: (frames.swapped.emit(1), frames.swapped.emit(2)))
    render.start()
    render.join()
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        QCoreApplication.processEvents()
    assert calls == [1]
    assert [str(w.message) for w in said] == []
    frames.swapped.emit(3)
    assert calls == [1], "and it stays disconnected"


# The command the kiosk service runs (`kiosk`, under `kiosk session`): what it must not load
# before its first frame. The config's models (pydantic, YAML) took the command's first frame from
# 1.0x to 2.7x a Qt Quick hello world; the log's handlers, the sockets of systemd's stop and
# notifications, the session relay and the parser of every command took 60 ms more (bench/ui.py).
NOT_BEFORE_THE_COMMANDS_FIRST_FRAME = (
    "pydantic", "yaml", "dataclasses", "logging.handlers", "socket", "subprocess",
    "kiosk.core.config", "kiosk.core.loader", "kiosk.core.logsetup", "kiosk.core.notifyrelay", "kiosk.core.sdnotify",
    "kiosk.commands.selftest", "kiosk.qt.stopsignal", "kiosk.qt.runtime",
)

_COMMAND = r"""
import sys
from PySide6.QtGui import QGuiApplication
from kiosk.qt import startup
from kiosk.qt.once import once

started = startup.start_kiosk
def start_kiosk(*args, **kwargs):
    app, kiosk = started(*args, **kwargs)
    def frame():  # (after the kiosk's own listener of its first frame, which only queues)
        print("before:", sorted(m for m in sys.modules if m in NOT_BEFORE), flush=True)
    once(kiosk.window.frameSwapped, frame)
    def ready():
        if kiosk.is_complete and kiosk.bridge.property("ready"):
            cursor = QGuiApplication.overrideCursor()
            print("cursor:", cursor.shape().name if cursor is not None else None, flush=True)
            QGuiApplication.exit(0)
        else:
            QTimer.singleShot(50, ready)
    from PySide6.QtCore import QTimer
    QTimer.singleShot(50, ready)
    return app, kiosk
startup.start_kiosk = start_kiosk
from kiosk.commands.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run_command(tmp_path: Path, *args: str) -> tuple[list[str], str]:
    import subprocess
    import sys

    from conftest import REPO
    from kiosk.buildtools.childenv import kiosk_child_env

    logs = tmp_path / "logs"
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{logs}"\nusage_counts: false\n', encoding="utf-8")
    env = kiosk_child_env(tmp_path, config, KIOSK_DIE_WITH_PARENT="1")  # (as under `kiosk session`)
    code = f"NOT_BEFORE = {NOT_BEFORE_THE_COMMANDS_FIRST_FRAME!r}\n" + _COMMAND
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines(), (logs / "kiosk.log").read_text(encoding="utf-8")


def test_the_kiosk_command_draws_its_first_frame_before_it_reads_its_config(tmp_path: Path) -> None:
    """`kiosk` as the service runs it: the first frame comes before the config, the log and the
    rest are read; then the log says the kiosk started and that its first frame was drawn, once,
    in that order (tools/cleanroom.sh counts it), and the lockdown hides the pointer."""
    said, log = _run_command(tmp_path)
    assert said[0] == "before: []", said
    assert said[1] == "cursor: BlankCursor", said
    starting, drawn = log.index(" starting; config "), log.index("first frame drawn, ")
    assert starting < drawn and log.count("first frame drawn") == 1


def test_the_kiosk_command_windowed_keeps_the_pointer(tmp_path: Path) -> None:
    said, _ = _run_command(tmp_path, "--windowed", "--size", "800x600")
    assert said == ["before: []", "cursor: None"]


def test_a_start_that_fails_after_the_first_frame_is_logged_and_exits_1_without_content(
        kiosk_app: object, qtbot: object, caplog: object) -> None:
    """What ``then`` does (the config, the log, the runtime) runs after the first frame, inside the
    event loop: if it fails, the kiosk must not go on without its runtime (no idle reset would
    forget the patient). It logs why and exits with code 1 (systemd restarts it)."""
    import logging

    from PySide6.QtCore import QTimer

    from kiosk.qt.startup import start_kiosk

    def then(_kiosk: KioskWindow) -> None:
        raise OSError("the content store cannot be read")

    app, kiosk = start_kiosk(None, windowed=True, size=(800, 600), then=then)
    # A guard against a start that never ends, stopped when the test ends: left to fire later
    # (a bare single-shot timer), its app.exit() ended the event loop of every wait of the
    # tests after it in the same process (QCoreApplication.exit sets quitNow, which makes every
    # later QEventLoop.exec return at once until the next app.exec).
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: app.exit(99))
    guard.start(10000)
    try:
        with caplog.at_level(logging.CRITICAL, logger="kiosk"):  # type: ignore[attr-defined]
            assert app.exec() == 1
        assert "the kiosk could not start" in caplog.text  # type: ignore[attr-defined]
        assert "the content store cannot be read" in caplog.text  # type: ignore[attr-defined]
        assert not kiosk.bridge.property("ready"), "no content without the runtime"
    finally:
        guard.stop()
        kiosk.dispose()


@pytest.mark.parametrize(("argv", "runs"), [
    ([], True), (["--windowed", "--size", "800x600"], True), (["--config", "x.yaml", "--content", "d"], True),
    (["run"], False), (["validate"], False), (["--help"], False), (["--size", "tiny"], False), (["--bogus"], False),
])
def test_the_kiosk_alone_is_parsed_by_its_options_and_everything_else_by_the_whole_parser(
        argv: list[str], runs: bool) -> None:
    from kiosk.commands.cli import _run_args

    args = _run_args(argv)
    assert (args is not None) == runs
    if args is not None:
        from kiosk.commands.cli import build_parser

        full = build_parser().parse_args(argv)
        assert vars(args) == vars(full), "the same arguments as the whole parser gives"


def test_a_mistake_in_the_kiosks_options_gets_the_whole_parsers_message(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.commands.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--size", "tiny"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "usage: kiosk" in err and "COMMAND" in err and "write the size as WIDTHxHEIGHT" in err
