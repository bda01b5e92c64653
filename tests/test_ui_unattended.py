"""The unattended kiosk in the real window: idle reset, lockdown, the hidden admin, faults."""

from __future__ import annotations

import json
import logging
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLockFile, QPoint, Qt
from PySide6.QtTest import QTest

from conftest import REPO
from kiosk.commands.selftest import report as self_test_report
from kiosk.core.config import Config, LoadedConfig
from kiosk.core.gesture import HOLD_SECONDS
from kiosk.core.loader import load_content
from kiosk.core.paths import bundled_content_dir
from kiosk.core.pin import LOCK_SECONDS, hash_pin
from kiosk.qt.app import KioskWindow, WindowOptions
from kiosk.qt.runtime import FAULT_HOME_SECONDS, RESTART_AFTER_SECONDS, KioskRuntime
from uihelpers import UI, Clock, install_the_bundled_pack

PIN = "246813"
CARE_CONTACT = {"en": "Questions? Call the spine clinic at 555-0100.", "es": "¿Preguntas? Llame a la clínica al 555-0100."}
RELOADS: list[int] = []
TRIMS: list[float] = []  # when the runtime gave the freed heap back (by its clock)


class Kiosk:
    def __init__(self, window: KioskWindow, runtime: KioskRuntime, clock: Clock, folder: Path) -> None:
        self.window, self.runtime, self.clock, self.folder = window, runtime, clock, folder


@pytest.fixture(scope="module")
def unattended(kiosk_app: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    folder = tmp_path_factory.mktemp("unattended")
    content = load_content(bundled_content_dir()).content
    # No real voice: keypad mode speaks, and speech-dispatcher without a sound device hangs after
    # speaking (then every later test that starts the real engine finds it not answering).
    window = KioskWindow(content, WindowOptions(windowed=True, width=1920, height=1080, read_aloud=False))
    window.show()
    clock = Clock()
    config = Config(idle_seconds=30, countdown_seconds=20, admin_pin_hash=hash_pin(PIN), status_dir=str(folder),
                    care_contact=CARE_CONTACT)
    runtime = KioskRuntime(window, LoadedConfig(config, folder / "config.yaml"), lambda: RELOADS.append(1),
                           usage_file=folder / "usage.json", clock=clock, wall_clock=clock, ticking=False,  # the tests drive time
                           self_test=self_test_report, trim_memory=lambda: TRIMS.append(clock.now))
    yield Kiosk(window, runtime, clock, folder)
    QCoreApplication.instance().removeEventFilter(runtime)  # type: ignore[union-attr]
    window.dispose()
    QCoreApplication.processEvents()


@pytest.fixture
def ui(unattended: Kiosk, qtbot: object) -> UI:
    unattended.window.admin.close_all()
    unattended.window.admin.pad.failures = 0
    unattended.window.admin.pad.locked_until = 0
    unattended.window.admin.pad.lockouts = 0
    unattended.window.bridge.reset()
    unattended.runtime.idle.touch()
    unattended.runtime.tick()
    QCoreApplication.processEvents()
    return UI(unattended.window, qtbot)


def pass_time(k: Kiosk, seconds: float) -> None:
    k.clock.now += seconds
    k.runtime.tick()
    QCoreApplication.processEvents()


def test_idle_asks_then_forgets_every_patient_choice(ui: UI, unattended: Kiosk) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    ui.tap("nextButton")
    ui.tap("term-" + ui.kiosk.page.property("pageTerms")[0]["id"])
    ui.kiosk.bridge.session.language = "es"  # the language switch arrives with issue #5; the reset must cover it
    pass_time(unattended, 31)
    assert ui.exists("idleOverlay")
    assert ui.text("idleQuestion") == "Are you still there?"
    assert ui.text("idleCountdown") == "The screen will start over soon. Seconds left: 19"
    pass_time(unattended, 20)
    assert not ui.exists("idleOverlay")
    session = ui.kiosk.bridge.session
    assert (ui.screen, session.topic_id, session.page_index, session.term_id, session.language) == ("attract", None, 0, None, "en")
    assert unattended.runtime.usage.totals(1)["idle_resets"] >= 1


def test_a_patient_s_memory_goes_back_to_the_system_once_the_attract_screen_is_back(ui: UI, unattended: Kiosk) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    ui.tap("nextButton")
    TRIMS.clear()
    pass_time(unattended, 31)
    pass_time(unattended, 20)
    assert ui.screen == "attract" and not TRIMS, "not while the patient's screens are being taken down"
    pass_time(unattended, 2)
    assert not TRIMS
    pass_time(unattended, 4)
    assert len(TRIMS) == 1 and TRIMS[0] == unattended.clock.now, "a few seconds into the attract screen"
    for _ in range(5):
        pass_time(unattended, 60)
    assert len(TRIMS) == 1, "once after each patient, not every second"


def test_im_still_here_keeps_the_session(ui: UI, unattended: Kiosk) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-diskectomy")
    ui.tap("nextButton")
    pass_time(unattended, 35)
    assert ui.exists("idleOverlay")
    ui.tap("stillHereButton")
    assert not ui.exists("idleOverlay")
    pass_time(unattended, 25)
    assert ui.screen == "walk" and ui.text("stepCounter").startswith("Step 2 of")


def test_nobody_is_asked_on_the_attract_screen(ui: UI, unattended: Kiosk) -> None:
    first = ui.kiosk.page.property("attractPicture")
    for _ in range(10):
        pass_time(unattended, 60)
    assert not ui.exists("idleOverlay") and ui.screen == "attract"
    assert ui.kiosk.page.property("attractPicture") != first, "the attract screen cycles through the topics' pictures"


def gesture(ui: UI, unattended: Kiosk) -> None:
    """Hold the top-left corner for 5 s, then tap top-right, bottom-right, bottom-left."""
    w, h = ui.window.width(), ui.window.height()
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(ui.window, left, Qt.KeyboardModifier.NoModifier, QPoint(20, 20))
    unattended.clock.now += HOLD_SECONDS
    QTest.mouseRelease(ui.window, left, Qt.KeyboardModifier.NoModifier, QPoint(20, 20))
    for point in (QPoint(w - 20, 20), QPoint(w - 20, h - 20), QPoint(20, h - 20)):
        unattended.clock.now += 0.5
        ui.tap_at(point)


def enter(ui: UI, pin: str) -> None:
    for digit in pin:
        ui.tap(f"pin-{digit}")
    ui.tap("pin-ok")


def test_hidden_gesture_then_pin_opens_the_admin_screen(ui: UI, unattended: Kiosk) -> None:
    ui.tap("touchToStart")
    gesture(ui, unattended)
    assert ui.exists("pinPad")
    enter(ui, PIN)
    assert not ui.exists("pinPad") and ui.exists("adminScreen")
    assert ui.text("info-version").startswith("App version: ")
    assert ui.text("info-content").startswith("Content version: spine-fbss ")
    assert ui.text("review-laminectomy").startswith("laminectomy: review due ")
    # Read-aloud: the voice for each language, the same rows as kiosk self-test.
    rows = unattended.window.speech.voice_rows(list(unattended.window.bridge.session.content.pack.languages))
    shown = [item.property("text") for item in ui.items("voiceLine")]
    assert shown and shown == [text for text, _ in rows]
    ui.tap("adminSelfTest")
    assert "self-test:" in ui.text("selfTestReport")
    ui.tap("adminLeave")
    assert not ui.exists("adminScreen")


def test_a_patient_tapping_corners_does_not_open_anything(ui: UI, unattended: Kiosk) -> None:
    ui.tap("touchToStart")
    w, h = ui.window.width(), ui.window.height()
    for point in (QPoint(20, 20), QPoint(w - 20, 20), QPoint(w - 20, h - 20), QPoint(20, h - 20)):
        ui.tap_at(point)
    assert not ui.exists("pinPad")


def test_five_wrong_pins_lock_the_pad_then_it_opens_again(ui: UI, unattended: Kiosk) -> None:
    gesture(ui, unattended)
    for _ in range(4):
        enter(ui, "1111")
    assert ui.text("pinMessage") == "Wrong PIN. 1 tries left."
    enter(ui, "1111")
    assert ui.text("pinMessage").startswith("Too many wrong PINs. Try again in 5:00")
    enter(ui, PIN)
    assert ui.exists("pinPad") and not ui.exists("adminScreen"), "locked: even the right PIN waits"
    state = json.loads((unattended.folder / "pin-lock.json").read_text())
    assert state["lockouts"] == 1 and state["locked_until"] == math.ceil(unattended.clock.now + LOCK_SECONDS), \
        "the lock is on disk, by the wall clock: a restart does not lift it"
    unattended.clock.now += LOCK_SECONDS
    enter(ui, PIN)
    assert ui.exists("adminScreen")


def test_the_admin_screen_shows_each_config_problem_and_a_short_pin(ui: UI, unattended: Kiosk,
                                                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """One line per bad key, with file and line, in the Problems list; and a PIN under 6 digits."""
    import base64
    import hashlib

    from kiosk.core.config import load_config

    config = tmp_path / "config.yaml"
    config.write_text('kiosk_name: "Lobby 2"\nidle_seconds: 5\nidle_secs: 60\n')
    loaded = load_config(config)
    monkeypatch.setattr(unattended.runtime, "loaded", loaded)
    salt = b"0123456789abcdef"  # a hash as older kiosks made them, for a 4-digit PIN
    digest = hashlib.scrypt(b"2468", salt=salt, n=2**14, r=8, p=1, dklen=32)
    monkeypatch.setattr(ui.kiosk.admin.pad, "stored_hash",
                        f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}")
    gesture(ui, unattended)
    enter(ui, "2468")
    assert ui.exists("adminScreen"), "an old, short PIN still opens the admin screen"
    shown = [str(item.property("text")) for item in ui.items("problemLine")]
    assert shown == [str(p) for p in loaded.problems] + [
        "The admin PIN has fewer than 6 digits: set a longer one with kiosk set-pin."], shown
    assert any("config.yaml:2: error: idle_seconds: Input should be greater than or equal to 15; using the default (90)" in line
               for line in shown)
    assert any("config.yaml:3: error: 'idle_secs' is not a config key (check the spelling); ignored" in line for line in shown)
    assert ui.item("info-config").property("alert") is True
    ui.tap("adminLeave")
    ui.kiosk.admin.pad.short_pin = False


def test_the_runtime_s_tick_writes_the_log_s_dropped_counts(unattended: Kiosk, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """The dropped counts come from a timer (the tick), not only when the same message returns."""
    from kiosk.core import logsetup

    clock = Clock()
    limiter = logsetup.RateLimit(budget=1, clock=clock)
    monkeypatch.setattr(logsetup, "LIMITER", limiter)
    for n in range(5):
        limiter.filter(logging.LogRecord("kiosk.x", logging.WARNING, __file__, 1, f"warning {n}", None, None))
    clock.now += 60
    with caplog.at_level(logging.INFO, logger="kiosk"):
        unattended.runtime.tick()
    assert "log rate limit: 4 log lines dropped in the last 60 s; most often: 4 x WARNING 'warning #'" in caplog.messages


def test_admin_screen_closes_itself_when_left_alone(ui: UI, unattended: Kiosk) -> None:
    gesture(ui, unattended)
    enter(ui, PIN)
    assert ui.exists("adminScreen")
    pass_time(unattended, 31)
    assert not ui.exists("adminScreen") and ui.screen == "attract"


def test_no_pin_configured_keeps_the_admin_screen_unreachable(ui: UI, unattended: Kiosk, caplog: pytest.LogCaptureFixture) -> None:
    pad = ui.kiosk.admin.pad
    stored, pad.stored_hash = pad.stored_hash, None
    try:
        gesture(ui, unattended)
        assert not ui.exists("pinPad")
        assert "no admin PIN is configured" in caplog.text
    finally:
        pad.stored_hash = stored


def test_a_fault_in_a_tap_handler_is_logged_and_the_patient_lands_home(
    ui: UI, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")

    def broken() -> None:
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(ui.kiosk.bridge.session, "next", broken)
    ui.tap("nextButton")
    assert ui.screen == "home"
    assert "simulated fault" in caplog.text and "Traceback" in caplog.text
    monkeypatch.undo()
    ui.tap("tile-recovery")
    assert ui.screen == "walk", "still responds after the fault"


def test_heartbeat_and_usage_files(ui: UI, unattended: Kiosk) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-overview")
    unattended.runtime.heartbeat()
    status = json.loads((unattended.folder / "status.json").read_text())
    assert status["content_version"].startswith("spine-fbss ")
    prom = (unattended.folder / "clinic_kiosk.prom").read_text()
    assert prom.count("clinic_kiosk_up") >= 1
    # the per-pack review figures and read-aloud, as the alert rules read them (packaging/prometheus/)
    assert [p["pack_id"] for p in status["packs"]] == ["spine-fbss"]
    assert 'clinic_kiosk_content_review_overdue{kiosk="' in prom and ',pack="spine-fbss"} ' in prom
    assert f'clinic_kiosk_speech_available{{kiosk="{status["kiosk_name"]}"}} {int(status["speech_available"])}' in prom
    usage = json.loads((unattended.folder / "usage.json").read_text())
    today = next(iter(usage["days"].values()))
    assert today["topics_opened"].get("overview", 0) >= 1


def test_the_heartbeat_says_when_the_content_on_screen_changes_on_disk(
        ui: UI, unattended: Kiosk, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The content folder deleted or rewritten under a running kiosk: it keeps what it shows, and says so
    (tools/bootcheck.sh does it for real under systemd)."""
    from kiosk.core import contentsource

    unattended.runtime.heartbeat()  # the content's files as they are now
    monkeypatch.setattr(contentsource, "_stamp", lambda _path: None)  # every file gone from under it
    with caplog.at_level(logging.WARNING, logger="kiosk.runtime"):
        unattended.runtime.heartbeat()
        unattended.runtime.heartbeat()
    said = [r.getMessage() for r in caplog.records if "content folder" in r.getMessage()]
    assert len(said) == 1, "once for each change"
    assert "of them gone" in said[0] and "keeps showing the content it loaded (spine-fbss " in said[0]
    assert json.loads((unattended.folder / "status.json").read_text())["content_version"].startswith("spine-fbss ")


def test_full_screen_kiosk_refuses_to_close(kiosk_app: object, qtbot: object, caplog: pytest.LogCaptureFixture) -> None:
    content = load_content(bundled_content_dir()).content
    kiosk = KioskWindow(content, WindowOptions(windowed=False, width=800, height=600, read_aloud=False))
    kiosk.show()
    try:
        assert kiosk.window.flags() & Qt.WindowType.FramelessWindowHint
        assert kiosk.window.flags() & Qt.WindowType.WindowStaysOnTopHint
        kiosk.window.close()  # what Alt+F4 and the window manager's close do
        QCoreApplication.processEvents()
        assert kiosk.window.isVisible()
        assert "refused to close" in caplog.text
    finally:
        kiosk.dispose()
    assert caplog.text.count("refused to close") == 1, "dispose() lifts the lockdown: its close is not refused"


def test_a_second_kiosk_does_not_start(tmp_path: Path) -> None:
    lock_dir = str(tmp_path)
    lock = QLockFile(str(tmp_path / "clinic-kiosk.lock"))
    assert lock.tryLock(100), "a kiosk is already running on this machine"
    try:
        env = {"QT_QPA_PLATFORM": "offscreen", "KIOSK_CONFIG": str(tmp_path / "none.yaml"), "PATH": "/usr/bin:/bin",
               "HOME": str(tmp_path), "XDG_RUNTIME_DIR": lock_dir}
        done = subprocess.run([sys.executable, "-m", "kiosk", "--windowed"], capture_output=True, text=True, cwd=REPO, env=env, timeout=60,
                              check=False)
    finally:
        lock.unlock()
    assert done.returncode == 3
    assert "another kiosk is already running" in done.stderr


def test_qml_errors_and_uncaught_exceptions_are_logged_and_lead_home(
    ui: UI, unattended: Kiosk, caplog: pytest.LogCaptureFixture, qtbot: object
) -> None:
    from PySide6.QtCore import QUrl, qInstallMessageHandler
    from PySide6.QtQml import QQmlComponent

    ui.tap("touchToStart")
    ui.tap("tile-overview")
    unattended.clock.now += FAULT_HOME_SECONDS  # no earlier fault counts against this one
    hook, handler = unattended.runtime.install_fault_handlers()
    try:
        component = QQmlComponent(unattended.window.engine)
        component.setData(b"import QtQuick\nItem { property int answer: missingThing.y }", QUrl("file:///broken.qml"))
        broken = component.create()
        QCoreApplication.processEvents()
        assert "Qt: file:///broken.qml:2" in caplog.text and "ReferenceError" in caplog.text
        qtbot.waitUntil(lambda: ui.screen == "home", timeout=2000)  # type: ignore[attr-defined]
        ui.tap("tile-overview")
        unattended.clock.now += FAULT_HOME_SECONDS  # no earlier fault counts against this one
        try:
            raise ValueError("simulated uncaught error")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # what Python does with an exception nobody caught
        assert "uncaught exception" in caplog.text and "simulated uncaught error" in caplog.text
        qtbot.waitUntil(lambda: ui.screen == "home", timeout=2000)  # type: ignore[attr-defined]
        del broken
    finally:
        sys.excepthook = hook
        qInstallMessageHandler(handler)


def test_admin_reload_and_exit(ui: UI, unattended: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QGuiApplication

    quits: list[int] = []
    app = QGuiApplication.instance()
    monkeypatch.setattr(app, "quit", lambda: quits.append(1))
    gesture(ui, unattended)
    enter(ui, PIN)
    before = len(RELOADS)
    ui.tap("adminReload")
    assert len(RELOADS) == before + 1
    ui.tap("adminExit")
    assert quits == [1] and ui.kiosk.bridge.close_allowed
    ui.kiosk.bridge.close_allowed = True


def test_nightly_restart_only_when_idle_at_the_configured_time(ui: UI, unattended: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    restarts: list[int] = []
    runtime, clock = unattended.runtime, unattended.clock
    monkeypatch.setattr(runtime, "restart", lambda: restarts.append(1))
    clock.now += RESTART_AFTER_SECONDS + 60 - clock.now % 60  # over an hour after start-up, at the start of a minute
    runtime.idle.touch()
    monkeypatch.setattr(runtime, "config", runtime.config.model_copy(update={"nightly_restart": runtime.now().strftime("%H:%M")}))
    ui.tap("touchToStart")
    pass_time(unattended, 1)
    assert restarts == [], "not while a patient is using it"
    ui.kiosk.bridge.reset()
    pass_time(unattended, 1)
    assert restarts == [1]
    pass_time(unattended, 1)
    assert restarts == [1], "once a night"


def test_take_home_qr_code_only_where_configured(ui: UI) -> None:
    from PySide6.QtGui import QImage

    bridge = ui.kiosk.bridge
    bridge.take_home = {"spinal-fusion": "https://clinic.example/spinal-fusion"}
    try:
        ui.tap("touchToStart")
        ui.tap("tile-spinal-fusion")
        while ui.screen in ("walk", "check"):  # (Next on the questions skips them)
            ui.tap("nextButton")
        assert ui.exists("takeHome")
        source = ui.item("takeHomeQr").property("source").toString()
        assert source == "image://qr/https%3A%2F%2Fclinic.example%2Fspinal-fusion", "only the configured address, nothing about the patient"
        image = ui.window.grabWindow()
        qr = ui.item("takeHomeQr")
        centre = qr.mapToScene(qr.boundingRect().center()).toPoint()
        assert isinstance(image, QImage)
        colours = {image.pixelColor(centre.x() + dx, centre.y() + dy).name() for dx in range(-40, 40, 3) for dy in range(-40, 40, 3)}
        assert {"#000000", "#ffffff"} <= colours, "a real black-and-white code is drawn"
        ui.tap("homeButton")
        ui.tap("tile-diskectomy")
        while ui.screen in ("walk", "check"):  # (Next on the questions skips them)
            ui.tap("nextButton")
        assert not ui.exists("takeHome"), "no address configured for this topic: no code"
    finally:
        bridge.take_home = {}


def test_the_finish_screen_says_whom_to_ask(ui: UI) -> None:
    """The clinic's own line from the config, in the patient's language; without one, "ask your care team"."""
    bridge = ui.kiosk.bridge
    assert bridge.care_contact == CARE_CONTACT, "the runtime hands the config's line to the screen"
    ui.tap("touchToStart")
    ui.tap("tile-recovery")
    while ui.screen in ("walk", "check"):  # (Next on the questions skips them)
        ui.tap("nextButton")
    assert ui.text("careContactText") == CARE_CONTACT["en"]
    assert ui.item("careContact").property("visible")
    bridge.display.setLanguage("es")
    QCoreApplication.processEvents()
    assert ui.text("careContactText") == CARE_CONTACT["es"]
    bridge.display.setLanguage("vi")
    QCoreApplication.processEvents()
    assert ui.text("careContactText") == CARE_CONTACT["en"], "no Vietnamese line: the English one, never nothing"
    try:
        bridge.care_contact = None
        bridge.display.setLanguage("es")
        bridge.display.setLanguage("en")
        QCoreApplication.processEvents()
        assert ui.text("careContactText") == "Questions? Ask your care team."
        bridge.display.setLanguage("es")
        QCoreApplication.processEvents()
        assert ui.text("careContactText") == "¿Tiene preguntas? Pregunte a su equipo médico."
    finally:
        bridge.care_contact = CARE_CONTACT


def test_admin_screen_shows_reach_and_translation_reviews(ui: UI, unattended: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.core.reach import Screen

    runtime = unattended.runtime
    configured = runtime.screen
    # A tall screen, mounted high: its top row of controls 10 cm above seated reach. (At 76 cm the
    # recovery timeline lay 1 cm above it, and once in a full run none was found above it.)
    runtime.set_screen(Screen(height_mm=600, bottom_mm=850))
    before = runtime.usage.totals(1)["steps_viewed"]
    gesture(ui, unattended)
    enter(ui, PIN)

    def reach_lines() -> list[str]:
        return [str(i.property("text")) for i in ui.items("reachLine")]

    ui.qtbot.waitUntil(lambda: any("cm above the floor" in line for line in reach_lines()), timeout=10000)  # type: ignore[attr-defined]
    assert any("higher than 122 cm" in line for line in reach_lines()), reach_lines()
    assert ui.exists("adminScreen"), "the check ran behind the admin screen and left it open"
    assert runtime.usage.totals(1)["steps_viewed"] == before, "checking reach is not counted as use"
    assert ui.text("review-lang-ar").startswith("Arabic (ar) translation: NOT reviewed")
    ui.tap("adminLeave")
    runtime.set_screen(configured)


def test_targets_grow_to_15_mm_on_a_small_dense_screen(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-overview")
    normal = ui.item("nextButton").height()
    ui.kiosk.set_screen_size(100)  # 1080 px in 100 mm: 15 mm is 162 px
    try:
        QCoreApplication.processEvents()
        assert ui.item("nextButton").height() >= 162 > normal
    finally:
        ui.kiosk.set_screen_size(None)


def test_a_dropped_pack_is_installed_between_patients_and_can_be_rolled_back(
    ui: UI, unattended: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import shutil
    import time

    from kiosk.core.packs.making import make_pack

    runtime = unattended.runtime
    inbox, store = install_the_bundled_pack(runtime, tmp_path, monkeypatch)
    shown = store.current()
    runtime.use_store(store, shown)
    runtime.swap_content(shown)
    try:
        new = tmp_path / "new-content"
        shutil.copytree(bundled_content_dir(), new)
        pack_yaml = new / "pack.yaml"
        pack_yaml.write_text(pack_yaml.read_text().replace('version: "2026.11.1"', 'version: "2026.12.1"'))
        topic = new / "topics" / "00-overview.yaml"
        topic.write_text(topic.read_text().replace('en: "Surgery for back pain after back surgery"',
                                                   'en: "Back pain after surgery: the options"', 1))
        make_pack(new, inbox / "update.zip", "Dr. Test (test only)")
        old_enough = time.time() - 60  # the inbox leaves files alone while they may still be copying
        os.utime(inbox / "update.zip", (old_enough, old_enough))
        ui.tap("touchToStart")
        ui.tap("tile-overview")
        old_title = ui.text("topicTitle")
        pass_time(unattended, 29)
        assert ui.text("topicTitle") == old_title, "never in front of a patient"
        pass_time(unattended, 60)  # the patient walked away: idle reset; the pack is checked in its own process
        ui.qtbot.waitUntil(lambda: not runtime.pack_busy(), timeout=120_000)  # type: ignore[attr-defined]
        assert (inbox / "installed" / "update.zip").exists()
        assert ui.kiosk.bridge.session.content.pack.version == "2026.12.1"
        ui.tap("touchToStart")
        ui.tap("tile-overview")
        assert ui.text("topicTitle") == "Back pain after surgery: the options"
        gesture(ui, unattended)
        enter(ui, PIN)
        assert any("installed update.zip" in str(i.property("text")) for i in ui.items("packLine"))
        ui.tap("adminRollback")
        assert ui.kiosk.bridge.session.content.pack.version == "2026.11.1", "back to the previous content"
        ui.tap("adminLeave")
    finally:
        runtime.store = None
        ui.kiosk.admin.set_can_rollback(False)
        ui.kiosk.set_content(load_content(bundled_content_dir()).content)


def test_harmless_qt_messages_are_no_fault_and_a_qml_error_sends_home(ui: UI, unattended: Kiosk,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    """The running kiosk reads the same list of harmless messages as the tests and the smoke test."""
    import sys

    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from kiosk.core.qtmessages import HARMLESS

    ui.tap("touchToStart")
    ui.tap("tile-diskectomy")
    assert ui.screen == "walk"
    previous_hook, previous_handler = unattended.runtime.install_fault_handlers()
    unattended.clock.now += FAULT_HOME_SECONDS  # no earlier fault counts against this one
    try:
        with caplog.at_level(logging.DEBUG, logger="kiosk.runtime"):
            qWarning("Couldn't load pipewire-0.3 library")
            QCoreApplication.processEvents()
            assert ui.screen == "walk", "a harmless message is no fault"
            assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
            assert len(HARMLESS) >= 5 and all(h.why for h in HARMLESS), "each harmless message says why"
            qWarning("qrc:/qt/qml/Kiosk/WalkScreen.qml:12: TypeError: Cannot read property 'x' of null")
            QCoreApplication.processEvents()
            QCoreApplication.processEvents()
    finally:
        sys.excepthook = previous_hook
        qInstallMessageHandler(previous_handler)
    assert "Qt: qrc:/qt/qml/Kiosk/WalkScreen.qml:12: TypeError" in caplog.text
    assert ui.screen == "home", "a QML error sends the patient home"


def test_a_keypad_key_counts_as_presence_and_the_idle_reset_ends_keypad_mode(ui: UI, unattended: Kiosk) -> None:
    """A patient who uses only the keypad is present; when they leave, the next one meets touch."""
    ui.window.requestActivate()  # as the kiosk's only window is; after some earlier tests here it was not active, and keys went nowhere
    ui.qtbot.waitUntil(ui.window.isActive)  # type: ignore[attr-defined]
    ui.tap("touchToStart")
    QTest.keyClick(ui.window, Qt.Key.Key_Down)
    QCoreApplication.processEvents()
    assert ui.kiosk.keypad.property("active") and ui.exists("focusRing")
    for _ in range(4):  # 100 s with no touch, a key every 25 s
        pass_time(unattended, 25)
        QTest.keyClick(ui.window, Qt.Key.Key_Down)
        QCoreApplication.processEvents()
        assert not ui.exists("idleOverlay")
    assert ui.screen == "home" and ui.kiosk.keypad.property("active")
    pass_time(unattended, 31)
    assert ui.exists("idleOverlay")
    pass_time(unattended, 21)
    assert ui.screen == "attract" and not ui.kiosk.keypad.property("active") and not ui.exists("focusRing")
