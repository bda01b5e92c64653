"""The running kiosk and content packs: checks off the GUI thread, when packs go in, what the admin sees.

The kiosk checks an inbox pack in a separate process with a time limit (``kiosk install-pack
--worker``) while its event loop runs on, and switches content on the GUI thread afterwards,
only between patients. These tests drive the real window and the real worker process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from conftest import REPO
from kiosk.core.config import Config, LoadedConfig
from kiosk.core.loader import load_content
from kiosk.core.packs.making import content_validator, make_pack
from kiosk.core.packs.store import ContentStore
from kiosk.core.paths import bundled_content_dir
from kiosk.core.pin import hash_pin
from kiosk.qt.app import KioskWindow, WindowOptions
from kiosk.qt.runtime import KioskRuntime
from uihelpers import UI, Clock, LoopTicks, install_the_bundled_pack

PIN = "246813"
WAIT_MS = 120_000  # the worker process starts Python and Qt: seconds, on a busy machine more


class Kiosk:
    def __init__(self, window: KioskWindow, runtime: KioskRuntime, clock: Clock) -> None:
        self.window, self.runtime, self.clock = window, runtime, clock


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    folder = tmp_path_factory.mktemp("pack-runtime")
    content = load_content(bundled_content_dir()).content
    window = KioskWindow(content, WindowOptions(windowed=True, width=1280, height=720, speech_engine="mock"))
    window.show()
    clock = Clock(10_000.0)
    config = Config(idle_seconds=30, countdown_seconds=20, admin_pin_hash=hash_pin(PIN), status_dir=str(folder))
    runtime = KioskRuntime(window, LoadedConfig(config, folder / "config.yaml"), lambda: None,
                           usage_file=folder / "usage.json", clock=clock, ticking=False)  # the tests drive time
    yield Kiosk(window, runtime, clock, )
    QCoreApplication.instance().removeEventFilter(runtime)  # type: ignore[union-attr]
    window.dispose()
    QCoreApplication.processEvents()


@pytest.fixture
def packs_set_up(kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, ContentStore]]:
    """A store with the bundled content installed and on screen, an inbox, unsigned packs allowed (a test kiosk)."""
    runtime = kiosk.runtime
    inbox, store = install_the_bundled_pack(runtime, tmp_path, monkeypatch)
    kiosk.window.bridge.reset()
    runtime.use_store(store, store.current())
    runtime.swap_content(store.current())  # type: ignore[arg-type]
    runtime.forget()  # an idle reset: the attract screen from now
    try:
        yield inbox, store
    finally:
        QCoreApplication.processEvents()
        runtime.store = None
        kiosk.window.admin.close_all()
        kiosk.window.admin.set_can_rollback(False)
        kiosk.window.set_content(load_content(bundled_content_dir()).content)  # type: ignore[arg-type]
        kiosk.window.bridge.reset()


def newer_pack(tmp_path: Path, version: str = "2026.12.1", drawing: bytes | None = None) -> Path:
    """The bundled content as ``version``, with a new overview title (and, if given, a drawing as a tile)."""
    new = tmp_path / f"content-{version}"
    shutil.copytree(bundled_content_dir(), new)
    pack_yaml = new / "pack.yaml"
    pack_yaml.write_text(pack_yaml.read_text().replace('version: "2026.11.1"', f'version: "{version}"'))
    topic = new / "topics" / "00-overview.yaml"
    topic.write_text(topic.read_text().replace('en: "Surgery for back pain after back surgery"',
                                               'en: "Back pain after surgery: the options"', 1))
    if drawing is not None:
        tile = new / "topics" / "40-diskectomy.yaml"
        tile.write_text(re.sub(r"^tile:.*\n(?:[ ]+.*\n)*", "tile: drawings/tile.svg\n", tile.read_text(), count=1, flags=re.M))
        (new / "drawings").mkdir()
        (new / "drawings" / "tile.svg").write_bytes(drawing)
    return make_pack(new, tmp_path / f"pack-{version}.zip", "Dr. Test (test only)").path


def drop(pack: Path, inbox: Path, name: str) -> Path:
    target = inbox / name
    shutil.copy(pack, target)
    return target


def on_attract(kiosk: Kiosk, seconds: int) -> None:
    """Nobody touches the kiosk for ``seconds``: the attract screen ticks on."""
    assert kiosk.window.page.property("screen") == "attract"
    for _ in range(seconds):
        kiosk.clock.now += 1
        kiosk.runtime.tick()
    QCoreApplication.processEvents()


def shown_version(kiosk: Kiosk) -> str:
    return str(kiosk.window.bridge.session.content.pack.version)


def pack_lines(runtime: KioskRuntime) -> list[str]:
    """The content-pack lines of the admin screen's report."""
    return [row.text for row in runtime.pack_report()]


def wait_for_the_check(kiosk: Kiosk, qtbot: object) -> None:
    qtbot.waitUntil(lambda: not kiosk.runtime.pack_busy(), timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_an_untouched_kiosk_installs_an_inbox_pack_after_a_minute_on_the_attract_screen(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, qtbot: object,
) -> None:
    inbox, store = packs_set_up
    drop(newer_pack(tmp_path), inbox, "update.zip")
    on_attract(kiosk, 59)
    assert not kiosk.runtime.pack_busy() and (inbox / "update.zip").exists(), "not before a minute"
    on_attract(kiosk, 1)
    assert kiosk.runtime.pack_busy(), "a minute on the attract screen: the check starts (in its own process)"
    wait_for_the_check(kiosk, qtbot)
    assert (inbox / "installed" / "update.zip").exists()
    assert shown_version(kiosk) == "2026.12.1", "still on the attract screen: switched at once"
    assert store.shown() == store.current()
    assert any("installed update.zip (spine-fbss 2026.12.1)" in line for line in pack_lines(kiosk.runtime))


def test_a_pack_checked_while_a_patient_arrives_waits_for_the_next_reset(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, qtbot: object,
) -> None:
    inbox, _store = packs_set_up
    drop(newer_pack(tmp_path), inbox, "update.zip")
    on_attract(kiosk, 60)
    assert kiosk.runtime.pack_busy()
    ui = UI(kiosk.window, qtbot)
    ui.tap("touchToStart")  # a patient arrives while the pack is checked
    wait_for_the_check(kiosk, qtbot)
    assert (inbox / "installed" / "update.zip").exists()
    assert shown_version(kiosk) == "2026.11.1", "never in front of a patient"
    kiosk.runtime.forget()  # the patient walked away
    assert shown_version(kiosk) == "2026.12.1"


def test_the_event_loop_keeps_running_while_a_slow_pack_is_checked_and_the_limit_stops_it(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A check that takes too long (here a worker that sleeps) never freezes the kiosk, and is stopped at the limit."""
    inbox, store = packs_set_up
    before = store.current()
    drop(newer_pack(tmp_path), inbox, "slow.zip")
    monkeypatch.setattr(kiosk.runtime, "pack_time_limit", 3.0)
    monkeypatch.setattr(kiosk.runtime, "pack_worker_command", lambda pack: [sys.executable, "-c", "import time; time.sleep(60)"])
    with LoopTicks() as loop:
        on_attract(kiosk, 60)
        assert kiosk.runtime.pack_busy()
        kiosk.clock.now += 2.9  # the runtime's clock: just short of the limit
        qtbot.waitUntil(lambda: len(loop.ticks) >= 10)  # type: ignore[attr-defined]  # (the check is polled every 200 ms)
        assert kiosk.runtime.pack_busy(), "not stopped before its time limit"
        kiosk.clock.now += 0.2
        wait_for_the_check(kiosk, qtbot)
    loop.assert_kept_running()
    assert (inbox / "rejected" / "slow.zip").exists() and not (inbox / "processing" / "slow.zip").exists()
    reason = (inbox / "rejected" / "slow.zip.reason.txt").read_text()
    assert "checking it took longer than 3 s" in reason
    assert store.current() == before and shown_version(kiosk) == "2026.11.1"
    assert any("REFUSED slow.zip: checking it took longer than 3 s" in line for line in pack_lines(kiosk.runtime))


def test_a_use_bomb_through_the_inbox_is_refused_and_never_freezes_the_kiosk(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, qtbot: object,
) -> None:
    """Item 3: the 8-level <use> bomb froze the kiosk 134.6 s and was then installed as current."""
    inbox, store = packs_set_up
    before = store.current()
    bomb = (Path(__file__).parent / "hostile" / "svg" / "use-bomb.svg").read_bytes()
    drop(newer_pack(tmp_path, drawing=bomb), inbox, "bomb.zip")
    with LoopTicks() as loop:
        on_attract(kiosk, 60)
        wait_for_the_check(kiosk, qtbot)
    loop.assert_kept_running()
    reason = (inbox / "rejected" / "bomb.zip.reason.txt").read_text()
    assert "drawings/tile.svg: would draw more than 50,000 shapes" in reason
    assert store.current() == before and shown_version(kiosk) == "2026.11.1"


def test_a_pack_left_by_a_crashed_check_is_set_aside_at_start_up(kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watchdog restart never meets the same pack again: no restart loop."""
    inbox = tmp_path / "inbox"
    (inbox / "processing").mkdir(parents=True)
    (inbox / "processing" / "crasher.zip").write_bytes(b"whatever froze the last run")
    runtime = kiosk.runtime
    monkeypatch.setattr(runtime, "config", runtime.config.model_copy(update={"content_inbox": str(inbox)}))
    store = ContentStore(tmp_path / "store")
    try:
        runtime.use_store(store, None)
        assert (inbox / "rejected" / "crasher.zip").exists() and not (inbox / "processing" / "crasher.zip").exists()
        assert "did not finish" in (inbox / "rejected" / "crasher.zip.reason.txt").read_text()
        assert any("REFUSED crasher.zip: an earlier check of this pack did not finish" in line for line in pack_lines(runtime))
    finally:
        runtime.store = None
        kiosk.window.admin.set_can_rollback(False)


def open_admin(kiosk: Kiosk, qtbot: object) -> UI:
    admin = kiosk.window.admin
    admin.open_pin_pad()
    for digit in PIN:
        admin.pinDigit(digit)
    admin.pinSubmit()
    QCoreApplication.processEvents()
    assert admin.property("adminOpen")
    return UI(kiosk.window, qtbot)


def test_a_store_the_kiosk_cannot_write_is_shown_on_the_admin_screen(kiosk: Kiosk, qtbot: object) -> None:
    """Item 6: content_store: "/proc" (or a root-owned store) stopped every start with exit 1."""
    runtime = kiosk.runtime
    store = ContentStore(Path("/proc"))
    assert store.recover() is False  # what start-up does; it no longer raises
    try:
        runtime.use_store(store, None)
        ui = open_admin(kiosk, qtbot)
        lines = [str(item.property("text")) for item in ui.items("packLine")]
        assert any(line.startswith("PROBLEM: cannot write the content store /proc") for line in lines), lines
        runtime.check_packs()  # nothing to do, nothing raised
    finally:
        kiosk.window.admin.close_all()
        runtime.store = None
        kiosk.window.admin.set_can_rollback(False)


def test_the_kiosk_starts_on_a_store_it_cannot_write(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{tmp_path / "logs"}"\nusage_counts: false\ncontent_store: "/proc"\ncontent_inbox: "{tmp_path}"\n')
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_QUICK_BACKEND": "software", "KIOSK_BENCH_EXIT_AFTER_FIRST_FRAME": "1",
           "XDG_RUNTIME_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "--windowed"],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    log_text = "\n".join(p.read_text() for p in (tmp_path / "logs").glob("*.log"))
    assert "cannot write the content store /proc" in log_text


def test_the_admin_screen_says_when_the_content_on_screen_is_a_draft(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], qtbot: object,
) -> None:
    """Item 16: the bundled content is a draft (no topic reviewed yet); the admin screen says so."""
    ui = open_admin(kiosk, qtbot)
    assert ui.text("info-content").startswith("Content version: spine-fbss 2026.11.1 (DRAFT: not approved for patients)")
    assert ui.item("info-content").property("alert")
    lines = [str(item.property("text")) for item in ui.items("packLine")]
    draft = "DRAFT: the content on screen is not approved for patients: topic 'overview' is a draft"
    assert any(line.startswith(draft) for line in lines), lines


def test_a_store_that_cannot_record_what_is_shown_is_not_reloaded_over_and_over(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A read-only store cannot write its 'shown' pointer; the kiosk remembers what it shows itself."""
    _inbox, store = packs_set_up
    result = store.install(newer_pack(tmp_path), None, 10**9, content_validator(), allow_unsigned=True)  # IT, on the command line
    assert result.ok
    monkeypatch.setattr(store, "mark_shown", lambda folder, timeout=2.0: False)
    swaps: list[Path] = []
    real = kiosk.runtime.swap_content
    monkeypatch.setattr(kiosk.runtime, "swap_content", lambda folder: (swaps.append(folder), real(folder)))
    for _ in range(3):
        kiosk.runtime.check_packs()
    assert swaps == [[store.current()]] and shown_version(kiosk) == "2026.12.1"


def test_rollback_waits_while_a_pack_is_checked(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, qtbot: object, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The admin's rollback never waits on the GUI thread for the store's lock held by the check."""
    inbox, store = packs_set_up
    drop(newer_pack(tmp_path), inbox, "slow.zip")
    monkeypatch.setattr(kiosk.runtime, "pack_worker_command", lambda pack: [sys.executable, "-c", "import time; time.sleep(2)"])
    on_attract(kiosk, 60)
    assert kiosk.runtime.pack_busy()
    before = store.current()
    kiosk.runtime.rollback_content()
    assert store.current() == before
    assert any("rollback not done: a pack is being checked" in line for line in pack_lines(kiosk.runtime))
    wait_for_the_check(kiosk, qtbot)


def test_a_restart_during_a_check_puts_the_pack_back_in_the_inbox(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The nightly restart is no crash: the pack is not to blame and is checked again after it."""
    inbox, _store = packs_set_up
    drop(newer_pack(tmp_path), inbox, "update.zip")
    monkeypatch.setattr(kiosk.runtime, "pack_worker_command", lambda pack: [sys.executable, "-c", "import time; time.sleep(60)"])
    on_attract(kiosk, 60)
    assert kiosk.runtime.pack_busy() and (inbox / "processing" / "update.zip").exists()
    kiosk.runtime.stop_pack_check()  # what restart() and exit_to_desktop() do first
    assert not kiosk.runtime.pack_busy()
    assert (inbox / "update.zip").exists() and not (inbox / "processing" / "update.zip").exists()
    assert not (inbox / "rejected").exists()


def scroll_into_view(item: object) -> None:
    """Scroll the admin screen's Flickable until ``item`` is on screen (a tap reaches only what is there)."""
    from PySide6.QtCore import QPointF

    flickable = item.parentItem()  # type: ignore[attr-defined]
    while flickable is not None and flickable.property("contentY") is None:
        flickable = flickable.parentItem()
    assert flickable is not None
    inside = item.mapToItem(flickable.property("contentItem"), QPointF(0, 0))  # type: ignore[attr-defined]
    flickable.setProperty("contentY", max(0.0, inside.y() - 20))
    QCoreApplication.processEvents()


def test_an_inbox_pack_goes_into_its_own_slot_and_staff_roll_back_one_pack_of_two(
    kiosk: Kiosk, packs_set_up: tuple[Path, ContentStore], tmp_path: Path, qtbot: object,
) -> None:
    """Issue 15 item 2: packs side by side; the admin screen lists each with its version and review dates."""
    inbox, store = packs_set_up  # spine-fbss 2026.11.1, on screen
    assert store.install(newer_pack(tmp_path), None, 10**9, lambda folder: [], allow_unsigned=True).ok  # IT: spine 2026.12.1
    joint = tmp_path / "joint"
    shutil.copytree(bundled_content_dir(), joint)
    (joint / "pack.yaml").write_text((joint / "pack.yaml").read_text().replace("id: spine-fbss", "id: joint-replacement"))
    drop(make_pack(joint, tmp_path / "joint.zip", "Dr. Joint (test only)").path, inbox, "joint.zip")
    on_attract(kiosk, 60)
    assert kiosk.runtime.pack_busy()
    wait_for_the_check(kiosk, qtbot)
    assert (inbox / "installed" / "joint.zip").exists()
    assert store.pack_ids() == ["joint-replacement", "spine-fbss"]
    assert store.manifest(store.current("spine-fbss"))["content_version"] == "2026.12.1"  # type: ignore[index]
    assert store.shown("joint-replacement") == store.current("joint-replacement"), "still on the attract screen: switched"
    assert any("installed joint.zip (joint-replacement 2026.11.1)" in line for line in pack_lines(kiosk.runtime))

    ui = open_admin(kiosk, qtbot)
    try:
        lines = [str(item.property("text")) for item in ui.items("packLine")]
        spine = next(line for line in lines if line.startswith("spine-fbss 2026.12.1 (Spine surgery"))
        assert "6 topics, DRAFT (6 not reviewed), next review due 2027-05-27" in spine and spine.endswith("can roll back to 2026.11.1")
        joint_line = next(line for line in lines if line.startswith("joint-replacement 2026.11.1 ("))
        assert joint_line.endswith("no earlier version to roll back to")
        assert not ui.exists("packRollback-joint-replacement")
        button = ui.item("packRollback-spine-fbss")
        scroll_into_view(button)
        ui.tap("packRollback-spine-fbss")
        assert store.manifest(store.current("spine-fbss"))["content_version"] == "2026.11.1"  # type: ignore[index]
        assert store.manifest(store.current("joint-replacement"))["content_version"] == "2026.11.1"  # type: ignore[index]
        assert any("rolled spine-fbss back to 2026.11.1" in line for line in pack_lines(kiosk.runtime))
        assert set(kiosk.runtime._showing) == {store.current("spine-fbss"), store.current("joint-replacement")}
    finally:
        kiosk.window.admin.close_all()
