"""Unattended-kiosk rules without Qt: config, PIN, idle, gesture, usage counts, health files, logging."""

from __future__ import annotations

import json
import logging
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.core.config import ENV_VAR, Config, config_path, example_config, load_config
from kiosk.core.gesture import HOLD_SECONDS, AdminGesture, corner_of, corner_size
from kiosk.core.health import PROM_FILE, STATUS_FILE, make_status, write_heartbeat
from kiosk.core.idle import IdleState, IdleWatch
from kiosk.core.pin import LOCK_SECONDS, PinPad, hash_pin, is_valid_hash, verify_pin
from kiosk.core.usage import UsageCounts
from kiosk.core.logsetup import RateLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ---- config ---------------------------------------------------------------------------
def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def test_config_defaults_and_values(tmp_path: Path) -> None:
    loaded = load_config(write(tmp_path, 'kiosk_name: "Lobby 2"\nidle_seconds: 60\nnightly_restart: "03:30"\nhide_cursor: false\n'))
    assert loaded.ok and loaded.config.kiosk_name == "Lobby 2"
    assert loaded.config.idle_seconds == 60 and loaded.config.countdown_seconds == 30
    assert loaded.config.nightly_restart == "03:30" and loaded.config.hide_cursor is False


# (config text, line of the problem, what the message says, the keys that keep their value)
CONFIG_ERRORS = [
    ("kiosk_name: Lobby\nidle_secs: 60\n", 2, "'idle_secs' is not a config key (check the spelling); ignored", {"kiosk_name": "Lobby"}),
    ("kiosk_name: Lobby\ncountdown_seconds: 10\n", 2,
     "countdown_seconds: Input should be greater than or equal to 20; using the default (30)", {"kiosk_name": "Lobby"}),
    ("idle_seconds: 5\nlog_dir: /var/log/k\n", 1, "greater than or equal to 15; using the default (90)", {"log_dir": "/var/log/k"}),
    ("nightly_restart: 3:30\nhide_cursor: false\n", 1, "the number 210", {"hide_cursor": False}),
    ('nightly_restart: "25:00"\nusage_counts: false\n', 1, "HH:MM", {"usage_counts": False}),
    ("kiosk_name: no\nidle_seconds: 60\n", 1, "yes/no value false", {"idle_seconds": 60}),
    ("idle_seconds: 60\norientation: sideways\n", 2, "orientation", {"idle_seconds": 60}),
    ("languages: [en]\ndefault_language: es\n", 2,
     "default_language 'es' is not in languages; using the default (empty)", {"languages": ["en"]}),
    ('take_home: {spinal-fusion: "ftp://x"}\nkiosk_name: Lobby\n', 1, "take_home.spinal-fusion: write a web address starting "
     "with https://; using the default ({})", {"kiosk_name": "Lobby"}),
]


@pytest.mark.parametrize(("text", "line", "fragment", "kept"), CONFIG_ERRORS, ids=[c[2][:40] for c in CONFIG_ERRORS])
def test_a_bad_config_key_falls_back_alone_and_says_where(tmp_path: Path, text: str, line: int, fragment: str,
                                                          kept: dict[str, object]) -> None:
    """One slip costs one key (its default), never the PIN, log folder, store or key beside it."""
    path = write(tmp_path, text)
    loaded = load_config(path)
    assert not loaded.ok
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    assert fragment in problem.message
    assert (problem.path, problem.line) == (path, line)
    assert f"config.yaml:{line}: error: " in str(problem)
    for key, value in kept.items():
        assert getattr(loaded.config, key) == value, f"{key} keeps its value"
    bad = [name for name in Config.model_fields if name not in kept and f"{name}:" in text]
    for name in bad:
        assert getattr(loaded.config, name) == getattr(Config(), name), f"{name} falls back to its default"
    assert loaded.rejected == set(bad) | ({"idle_secs"} if "idle_secs" in text else set())


WHOLE_FILE_ERRORS = [
    ("idle_seconds: [1\nkiosk_name: Lobby\n", 2, "not valid YAML"),
    ("- kiosk_name: Lobby\n", 1, "the config is a list; write it as key: value lines"),
    ("just some text\n", 1, "the config is text; write it as key: value lines"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), WHOLE_FILE_ERRORS, ids=[c[2] for c in WHOLE_FILE_ERRORS])
def test_an_unreadable_config_file_means_defaults_and_says_so(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    loaded = load_config(path)
    assert loaded.config == Config()
    problem = next(p for p in loaded.problems if fragment in p.message)
    assert (problem.path, problem.line) == (path, line)
    assert str(problem).endswith("; using the defaults for every key")


def test_missing_config_is_a_warning_with_defaults(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "nope.yaml")
    assert loaded.config == Config() and not loaded.found
    assert loaded.problems[0].severity == "warning"


def test_config_location_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert config_path(None) == Path("/etc/clinic-kiosk/config.yaml")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.yaml"))
    assert config_path(None) == tmp_path / "env.yaml"
    assert config_path(tmp_path / "cli.yaml") == tmp_path / "cli.yaml"


def test_example_config_is_valid_and_commented(tmp_path: Path) -> None:
    text = example_config()
    loaded = load_config(write(tmp_path, text))
    assert loaded.ok, loaded.problems
    assert loaded.config == Config()
    for name in Config.model_fields:
        assert f"\n{name}:" in text
    assert text.count("#") >= len(Config.model_fields)


# ---- PIN ------------------------------------------------------------------------------
def old_hash(pin: str) -> str:
    """A hash as kiosks before issue 13 made them: scrypt N=2**14, and 4 digits were allowed."""
    import base64
    import hashlib

    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def test_pin_is_stored_only_as_a_salted_slow_hash() -> None:
    first, second = hash_pin("246813"), hash_pin("246813")
    assert "246813" not in first and first != second, "salted: the same PIN hashes differently"
    assert first.startswith("scrypt$65536$8$1$") and is_valid_hash(first), "4 times the old cost (2**14)"
    assert verify_pin("246813", first) and not verify_pin("246814", first)
    assert not verify_pin("246813", "garbage")
    with pytest.raises(ValueError, match="6 to 12 digits"):
        hash_pin("12ab56")
    with pytest.raises(ValueError, match="6 to 12 digits"):
        hash_pin("24681"), "set-pin needs at least 6 digits"


def test_an_old_cheaper_hash_still_opens_the_pad_but_is_called_weak() -> None:
    from kiosk.core.pin import hash_strength

    stored = old_hash("2468")
    assert is_valid_hash(stored) and verify_pin("2468", stored)
    assert hash_strength(stored) == "weak" and hash_strength(hash_pin("246813")) == "ok"


@pytest.mark.parametrize("stored", [
    "scrypt$1073741824$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0MTI=",  # 1 TiB of memory
    "scrypt$65536$8$1000$MDEyMzQ1Njc4OWFiY2RlZg==$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0MTI=",  # 1000 times the work
    "scrypt$65535$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0MTI=",  # not a power of two
    "scrypt$1024$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0MTI=",  # too cheap to be ours
    "scrypt$65536$8$1$%%%$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0MTI=",
    "scrypt$65536$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$",
    "hunter2",
])
def test_a_hostile_hash_is_refused_without_running_it(stored: str) -> None:
    """A config line that would make every PIN try take minutes or all memory is not a hash."""
    from timing import bounded

    assert not is_valid_hash(stored)
    assert bounded(lambda: verify_pin("246813", stored), 5) is False


# The lockout rules do not depend on the hash's cost: a cheap (old-style) hash keeps these quick.
CHEAP = old_hash("246813")


def test_five_wrong_pins_lock_the_pad_for_five_minutes() -> None:
    clock = Clock()
    pad = PinPad(CHEAP, clock)
    for _ in range(4):
        assert not pad.try_pin("000000")
    assert pad.locked_for() == 0
    assert not pad.try_pin("000000")
    assert pad.locked_for() == LOCK_SECONDS
    assert not pad.try_pin("246813"), "even the right PIN is refused while locked"
    clock.now += LOCK_SECONDS - 1
    assert not pad.try_pin("246813")
    clock.now += 1
    assert pad.try_pin("246813")


def lock_out(pad: PinPad) -> None:
    for _ in range(5):
        assert not pad.try_pin("000000")


def test_the_lockout_survives_a_restart(tmp_path: Path) -> None:
    """Each new process used to allow five more tries: the count and the lock are on disk."""
    clock, state, stored = Clock(), tmp_path / "pin-lock.json", CHEAP
    pad = PinPad(stored, clock, state)
    for _ in range(4):
        assert not pad.try_pin("111111")
    pad = PinPad(stored, clock, state)  # the kiosk restarts (watchdog, power cut, nightly)
    assert not pad.try_pin("111111")
    assert pad.locked_for() == LOCK_SECONDS, "the fifth try locks, though a restart came between"
    clock.now += 60
    pad = PinPad(stored, clock, state)
    assert pad.locked_for() == LOCK_SECONDS - 60, "still locked after a restart, by the wall clock"
    assert not pad.try_pin("246813")
    assert state.stat().st_mode & 0o777 == 0o600
    assert "246813" not in state.read_text() and "111111" not in state.read_text()


def test_the_lock_doubles_with_each_lockout_up_to_an_hour_and_a_right_pin_resets_it(tmp_path: Path) -> None:
    from kiosk.core.pin import MAX_LOCK_SECONDS

    clock, stored = Clock(), CHEAP
    pad = PinPad(stored, clock, tmp_path / "pin-lock.json")
    locks = []
    for _ in range(6):
        lock_out(pad)
        locks.append(pad.locked_for())
        clock.now += pad.locked_for()
        pad = PinPad(stored, clock, tmp_path / "pin-lock.json")
    assert locks == [300, 600, 1200, 2400, 3600, 3600] and MAX_LOCK_SECONDS == 3600
    assert pad.try_pin("246813")
    lock_out(pad)
    assert pad.locked_for() == 300, "the right PIN starts the count afresh"


def test_a_quiet_day_forgets_old_wrong_tries(tmp_path: Path) -> None:
    clock, stored = Clock(), CHEAP
    pad = PinPad(stored, clock, tmp_path / "pin-lock.json")
    lock_out(pad)
    clock.now += 300
    for _ in range(4):
        pad.try_pin("000000")
    clock.now += 86_401
    pad = PinPad(stored, clock, tmp_path / "pin-lock.json")
    assert not pad.try_pin("000000") and pad.locked_for() == 0, "a slip now and then never adds up to a lock"
    lock_out(pad)
    assert pad.locked_for() == 300


def test_a_clock_set_back_never_lengthens_the_lock(tmp_path: Path) -> None:
    clock, stored = Clock(), CHEAP
    pad = PinPad(stored, clock, tmp_path / "pin-lock.json")
    lock_out(pad)
    clock.now -= 10 * 365 * 86400  # the RTC battery died
    pad = PinPad(stored, clock, tmp_path / "pin-lock.json")
    assert pad.locked_for() == LOCK_SECONDS
    clock.now += LOCK_SECONDS
    assert pad.locked_for() == 0 and pad.try_pin("246813")


def test_lockouts_are_logged_without_the_digits(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    with caplog.at_level(logging.INFO, logger="kiosk"):
        pad = PinPad(CHEAP, clock, tmp_path / "pin-lock.json")
        for digits in ("111111", "222222", "333333", "444444", "555555"):
            pad.try_pin(digits)
        PinPad(CHEAP, clock, tmp_path / "pin-lock.json")
    lines = [r.getMessage() for r in caplog.records]
    assert "wrong admin PIN (1 of 5 before the pad locks)" in lines
    assert "admin PIN pad locked for 5 minutes after 5 wrong PINs (lockout 1 since the last right PIN)" in lines
    assert "admin PIN pad is locked for 5:00 more (locked before this start)" in lines
    assert not any(d in caplog.text for d in ("111111", "222222", "333333", "444444", "555555", "246813"))


def test_no_pin_configured_means_no_way_in() -> None:
    pad = PinPad(None)
    assert not pad.available and not pad.try_pin("000000")


# ---- idle and gesture -------------------------------------------------------------------
def test_idle_asks_then_expires_and_a_touch_keeps_the_session() -> None:
    clock = Clock()
    idle = IdleWatch(90, 30, clock)
    clock.now += 89
    assert idle.state() is IdleState.ACTIVE
    clock.now += 2
    assert idle.state() is IdleState.ASKING and idle.remaining() == 29
    idle.touch()
    assert idle.state() is IdleState.ACTIVE
    clock.now += 120
    assert idle.state() is IdleState.EXPIRED


def test_countdown_is_never_under_20_seconds() -> None:
    assert IdleWatch(60, 5, Clock()).countdown_seconds == 20


def test_admin_gesture_needs_the_long_hold_and_the_corners_in_order() -> None:
    clock = Clock()
    g = AdminGesture(clock)

    def tap(corner: str | None, hold: float = 0.1) -> bool:
        g.press(corner)
        clock.now += hold
        return g.release(corner)

    assert not tap("top-left", hold=1.0)
    assert not tap("top-right") and not tap("bottom-right") and not tap("bottom-left"), "no long hold: nothing"
    assert not tap("top-left", hold=HOLD_SECONDS)
    assert not tap("top-right") and not tap("bottom-right")
    assert tap("bottom-left")
    # Wrong order breaks it.
    tap("top-left", hold=HOLD_SECONDS)
    assert not tap("bottom-right") and not tap("bottom-left")
    # Too slow breaks it.
    tap("top-left", hold=HOLD_SECONDS)
    clock.now += 11
    assert not tap("top-right")


def test_corners() -> None:
    assert corner_of(10, 10, 1920, 1080, 150) == "top-left"
    assert corner_of(1910, 1070, 1920, 1080, 150) == "bottom-right"
    assert corner_of(960, 10, 1920, 1080, 150) is None


def test_the_corner_squares_scale_with_the_screen_and_stop_at_half_size() -> None:
    """As Theme does: the same share of the screen at 720p, 4K and portrait, and in a window under
    960x540 no smaller than half (the runtime once had its own copy of the scale, without the floor)."""
    assert corner_size(1920, 1080) == 150 and corner_size(1080, 1920) == 150
    assert corner_size(3840, 2160) == 300 and corner_size(1280, 720) == 100
    assert corner_size(800, 480) == 75
    assert corner_of(70, 70, 800, 480, corner_size(800, 480)) == "top-left"


# ---- usage counts --------------------------------------------------------------------------
def test_usage_counts_hold_only_allowed_fields_per_day(tmp_path: Path) -> None:
    day = date(2026, 11, 27)
    counts = UsageCounts(tmp_path / "usage.json", today=lambda: day)
    counts.record("topics_opened", "laminectomy")
    counts.record("steps_viewed")
    counts.record("finished", "laminectomy")
    counts.record("languages", "en")
    counts.record("idle_resets")
    counts.flush()
    data = json.loads((tmp_path / "usage.json").read_text())
    assert set(data) == {"version", "days"}
    assert list(data["days"]) == ["2026-11-27"], "no time finer than the day"
    assert set(data["days"]["2026-11-27"]) == {"topics_opened", "finished", "languages", "steps_viewed", "idle_resets",
                                               "check_answered", "check_right_first"}  # per question, never per person
    with pytest.raises(ValueError, match="unknown metric patient_name"):
        counts.record("patient_name", "x")
    again = UsageCounts(tmp_path / "usage.json", today=lambda: day + timedelta(days=1))
    again.record("steps_viewed")
    assert again.totals(2)["steps_viewed"] == 2 and again.totals(1)["steps_viewed"] == 1
    assert "2026-11-27,topics_opened,laminectomy,1" in again.to_csv()


def test_corrupt_usage_file_is_set_aside_not_fatal(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "usage.json"
    path.write_text("{not json")
    counts = UsageCounts(path, today=lambda: date(2026, 11, 27))
    assert counts.days == {}
    assert (tmp_path / "usage.json.corrupt-2026-11-27").exists()
    assert "set aside" in caplog.text
    counts.record("steps_viewed")
    counts.flush()
    assert json.loads(path.read_text())["days"]["2026-11-27"]["steps_viewed"] == 1


def test_usage_counts_can_be_switched_off(tmp_path: Path) -> None:
    counts = UsageCounts(tmp_path / "usage.json", enabled=False)
    counts.record("steps_viewed")
    counts.flush()
    assert not (tmp_path / "usage.json").exists()


# ---- heartbeat ----------------------------------------------------------------------------
def test_heartbeat_files_hold_only_the_allowed_fields(tmp_path: Path) -> None:
    status = make_status("Lobby", started=0.0, app_version="1.0", content_version="spine 1", last_error="boom")
    write_heartbeat(tmp_path, status)
    data = json.loads((tmp_path / STATUS_FILE).read_text())
    assert set(data) == {"kiosk_name", "time", "uptime_seconds", "memory_bytes", "app_version", "content_version", "last_error",
                         "timestamp", "last_error_timestamp", "errors_total", "packs", "speech_available"}
    assert data["memory_bytes"] > 0
    prom = (tmp_path / PROM_FILE).read_text()
    assert 'clinic_kiosk_up{kiosk="Lobby"} 1' in prom
    assert "clinic_kiosk_memory_bytes" in prom and "clinic_kiosk_error" in prom
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".")], "no temporary files left behind"


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_status_files_are_readable_by_a_monitor_and_usage_stays_private(tmp_path: Path) -> None:
    """node_exporter runs as another user: it must read the status files, never the usage counts."""
    old = os.umask(0o077)  # a strict service umask must not undo it
    try:
        write_heartbeat(tmp_path, make_status("Lobby", started=0.0, app_version="1.0", content_version="x", last_error=""))
        counts = UsageCounts(tmp_path / "usage.json", today=lambda: date(2026, 11, 27))
        counts.record("steps_viewed")
        counts.flush()
    finally:
        os.umask(old)
    assert (tmp_path / STATUS_FILE).stat().st_mode & 0o777 == 0o644
    assert (tmp_path / PROM_FILE).stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "usage.json").stat().st_mode & 0o777 == 0o600


# ---- logging --------------------------------------------------------------------------------
def record(message: str, level: int = logging.WARNING, *args: object) -> logging.LogRecord:
    return logging.LogRecord("kiosk.test", level, __file__, 1, message, args or None, None)


def test_a_repeating_fault_cannot_flood_the_log() -> None:
    limiter = RateLimit(burst=10, period=60, clock=Clock())
    passed = 0
    for _ in range(1000):
        one = record("same fault %s", logging.ERROR, "x")
        passed += limiter.filter(one)
        # A second handler sees the same record and the same verdict.
        assert limiter.filter(one) == bool(one._rate_limit_ok)
    assert passed == 10


def test_the_limit_is_per_formatted_message_under_a_global_budget() -> None:
    """Messages formatted before logging (f-strings) were not limited at all; one template
    with different arguments was limited as one message."""
    clock = Clock()
    limiter = RateLimit(burst=10, period=60, budget=100, clock=clock)
    assert sum(limiter.filter(record(f"varying warning {n}")) for n in range(200_000)) == 100
    assert not limiter.filter(record("fault %s", logging.WARNING, "a")), "the budget holds for every message"
    clock.now += 60
    assert sum(limiter.filter(record("fault %s", logging.WARNING, n)) for n in range(50)) == 50, \
        "different arguments, different messages"
    assert sum(limiter.filter(record("fault %s", logging.WARNING, "a")) for _ in range(50)) == 10


def test_the_first_of_a_new_error_always_passes() -> None:
    clock = Clock()
    limiter = RateLimit(burst=10, period=60, budget=100, clock=clock)
    for n in range(200_000):
        limiter.filter(record(f"varying warning {n}"))
    assert limiter.filter(record("the disk is full", logging.CRITICAL)), "a new error after a flood of warnings"
    assert limiter.filter(record("cannot write the heartbeat", logging.ERROR))
    assert not limiter.filter(record("the disk is full", logging.CRITICAL)), "its repeats count against the budget"
    assert limiter.filter(record("fault 1", logging.ERROR))
    assert not limiter.filter(record("fault 2", logging.ERROR)), "the same error with another number is not new"
    clock.now += 61
    assert limiter.filter(record("the disk is full", logging.CRITICAL)), "new again in the next window"


def test_dropped_counts_are_written_by_the_timer(caplog: pytest.LogCaptureFixture) -> None:
    """The "dropped N" line used to appear only when the same message came back."""
    clock = Clock()
    limiter = RateLimit(burst=10, period=60, budget=100, clock=clock)
    for n in range(1000):
        limiter.filter(record(f"varying warning {n}"))
    for _ in range(30):
        limiter.filter(record("same fault", logging.ERROR))
    with caplog.at_level(logging.INFO, logger="kiosk"):
        limiter.flush()
        assert not caplog.records, "nothing to say before the window closes"
        clock.now += 60
        limiter.flush()
        limiter.flush()
    (line,) = [r.getMessage() for r in caplog.records]
    assert line == ("log rate limit: 929 log lines dropped in the last 60 s; most often: 900 x WARNING 'varying warning #', "
                    "29 x ERROR 'same fault'")
    assert caplog.records[0].levelno == logging.WARNING


def test_setup_logging_keeps_history_and_the_last_error_through_a_flood(tmp_path: Path) -> None:
    """200,000 varying warnings: a different critical message must reach the log and
    status.json's last_error, and the history before the flood must not be rotated away."""
    from kiosk.core import logsetup

    clock = Clock()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        log_file = logsetup.setup_logging(tmp_path, clock=clock)
        assert log_file is not None
        log = logging.getLogger("kiosk.flood")
        log.info("the kiosk started: history worth keeping")
        for n in range(200_000):
            log.warning(f"varying warning {n}")
        log.error("fault %d", 1)
        for n in range(2, 50):
            log.error("fault %d", n)  # dropped (same error, budget spent) ...
        assert logsetup.RECENT.last.endswith("kiosk.flood: fault 49"), "... yet the last error is the last one"
        log.critical("the content store is gone")
        assert logsetup.RECENT.last.endswith("kiosk.flood: the content store is gone")
        status = make_status("Lobby", 0.0, "1.0", "x", logsetup.RECENT.last)
        write_heartbeat(tmp_path / "status", status)
        assert json.loads((tmp_path / "status" / STATUS_FILE).read_text())["last_error"].endswith("the content store is gone")
        clock.now += 60
        logsetup.LIMITER.flush()
        for handler in root.handlers:
            handler.flush()
        text = log_file.read_text()
        assert "the kiosk started: history worth keeping" in text and "CRITICAL kiosk.flood: the content store is gone" in text
        assert not (tmp_path / "kiosk.log.1").exists() and len(text.splitlines()) < 200
        assert "log rate limit: 199,9" in text and "x WARNING 'varying warning #'" in text
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])


def test_sd_notify_reaches_the_supervisor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from kiosk.core import sdnotify

    address = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(address)
        monkeypatch.setenv("NOTIFY_SOCKET", address)
        assert sdnotify.notify("WATCHDOG=1")
        assert server.recv(64) == b"WATCHDOG=1"
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert sdnotify.watchdog_interval_ms() == 15000, "pings at half the watchdog interval"
    monkeypatch.setenv("WATCHDOG_PID", "1")
    assert sdnotify.watchdog_interval_ms() is None, "the watchdog is for another process"
    monkeypatch.delenv("NOTIFY_SOCKET")
    assert not sdnotify.notify("READY=1")


# ---- seated reach ---------------------------------------------------------------------------
def test_seated_reach_band() -> None:
    from kiosk.core.reach import screen_from_config

    assert screen_from_config(None, 900) is None
    # A 1080 px tall picture 540 mm high whose bottom edge is 900 mm above the floor: 2 px per mm.
    screen = screen_from_config(540, 900)
    assert screen is not None and screen.px_per_mm(1080) == 2
    assert screen.outside_reach(960, 1060, 1080) is None, "the bottom bar is at 91-96 cm"
    top = screen.outside_reach(0, 100, 1080)
    assert top is not None and "higher than 122 cm" in top, "the top of the screen is at 139-144 cm"
    low = screen_from_config(540, 200)
    assert low is not None and "lower than 38 cm" in (low.outside_reach(1000, 1080, 1080) or "")


def test_a_key_written_twice_costs_that_key_alone(tmp_path: Path) -> None:
    """Which of two values was meant is unknown: that key runs on its default, the others stay."""
    path = tmp_path / "config.yaml"
    path.write_text('kiosk_name: "Lobby"\nidle_seconds: 60\nidle_seconds: 120\n'
                    'voices:\n  en: "A"\n  en: "B"\nreduced_motion: true\n', encoding="utf-8")
    loaded = load_config(path)
    assert loaded.config.kiosk_name == "Lobby" and loaded.config.reduced_motion is True
    assert loaded.config.idle_seconds == Config().idle_seconds and loaded.config.voices == {}
    assert [(p.line, p.message) for p in loaded.problems] == [
        (3, "the key 'idle_seconds' appears twice in the same block (first on line 2); using the default for idle_seconds (90)"),
        (6, "the key 'en' appears twice in the same block (first on line 5); using the default for voices ({})"),
    ]
