"""Hostile and mistaken state files: the config, the usage counts and the PIN lock state.

Each case asserts the one line a person sees (the log line, the admin screen line or the
self-test line) and a time bound measured as a ratio to a normal file in the same run
(tests/timing.py). Small samples live in tests/hostile/config/ and tests/hostile/usage/; large
ones are made here at run time. None of them may stop the kiosk.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.core.usage import UsageCounts
from timing import bounded, ratio

HOSTILE = Path(__file__).resolve().parent / "hostile"
TODAY = date(2026, 11, 27)


# ---- usage counts ---------------------------------------------------------------------------
def normal_usage(path: Path) -> None:
    """A year of a busy kiosk's counts: what a real file looks like."""
    days = {}
    for n in range(400):
        day = (TODAY - timedelta(days=n)).isoformat()
        days[day] = {"topics_opened": {f"topic-{t}": 3 + t for t in range(12)},
                     "finished": {f"topic-{t}": 1 + t for t in range(12)},
                     "languages": {"en": 30, "es": 9, "zh": 4, "ar": 2, "vi": 1},
                     "steps_viewed": 412, "idle_resets": 37}
    path.write_text(json.dumps({"version": 1, "days": days}, indent=1))


def load_usage(source: Path, target: Path) -> UsageCounts:
    """Put ``source`` in place as the usage file (a hard link: instant even for a large one) and load it."""
    target.unlink(missing_ok=True)
    os.link(source, target)
    return UsageCounts(target, today=lambda: TODAY)


USAGE_FILES = [
    ("infinity.json", "'Infinity' is not a count"),
    ("minus-infinity.json", "'-Infinity' is not a count"),
    ("nan.json", "'NaN' is not a count"),
    ("float-overflow.json", "1e400 is not a whole-number count"),
    ("fraction.json", "2.5 is not a whole-number count"),
    ("negative.json", "steps_viewed on 2026-11-27 is -3, not a count"),
    ("boolean.json", "steps_viewed on 2026-11-27 is true, not a count"),
    ("text-count.json", "steps_viewed on 2026-11-27 is '12', not a count"),
    ("list-at-top.json", "it is not a mapping with 'days'"),
    ("no-days.json", "it has no 'days'"),
    ("days-a-list.json", "'days' is not a mapping"),
    ("not-a-date.json", "'yesterday' is not a date (YYYY-MM-DD)"),
    ("day-a-list.json", "2026-11-27 is not a mapping"),
    ("counter-a-list.json", "topics_opened on 2026-11-27 is not a mapping"),
    ("count-a-mapping.json", "topics_opened.laminectomy on 2026-11-27 is a mapping, not a count"),
    ("syntax.json", "it is not JSON (Expecting property name enclosed in double quotes, line 1)"),
    ("empty.json", "it is empty"),
    ("utf16-junk.json", "it is not UTF-8 text"),
    ("binary.json", "it is not UTF-8 text"),
]


def made_usage(case: str, folder: Path) -> Path:
    """The large hostile usage files, made at run time."""
    path = folder / f"{case}.json"
    if case == "deep-nesting":
        path.write_text('{"version": 1, "days": ' + "[" * 100_000 + "]" * 100_000 + "}")
    elif case == "huge-integer":
        path.write_text('{"version": 1, "days": {"2026-11-27": {"steps_viewed": 1' + "0" * 5000 + "}}}")
    elif case == "huge-file":
        with open(path, "wb") as handle:  # sparse: 50 MB that cost no disk and no time to make
            handle.truncate(50_000_000)
    elif case == "directory":
        path.mkdir()
    elif case == "fifo":
        os.mkfifo(path)
    return path


MADE_USAGE = [
    ("deep-nesting", "it is nested too deeply"),
    ("huge-integer", "a count has more than 12 digits"),
    ("huge-file", "it is larger than 8 MB"),
    ("directory", "it is not a regular file"),
    ("fifo", "it is not a regular file"),
]


def check_usage_case(source: Path, reason: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    target = tmp_path / "usage.json"
    with caplog.at_level(logging.INFO, logger="kiosk"):
        counts = bounded(lambda: load_usage(source, target), 30)
    assert counts.days == {}, "counting starts afresh"
    aside = tmp_path / "usage.json.corrupt-2026-11-27"
    assert aside.exists() or aside.is_symlink(), "the file is set aside, not read again at the next start"
    assert not target.exists(), "nothing is left in the usage file's place"
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [f"usage counts file {target} was unreadable ({reason}); set aside as usage.json.corrupt-2026-11-27, "
                     "counting afresh"], lines
    # The kiosk goes on counting in a fresh file.
    counts.record("steps_viewed")
    counts.flush()
    assert json.loads(target.read_text())["days"]["2026-11-27"]["steps_viewed"] == 1
    # Time: no worse than reading a normal year of counts.
    normal = tmp_path / "normal.json"
    normal_usage(normal)
    if source.is_dir() or (not source.is_file() and not source.exists()):
        return  # a folder or FIFO cannot be hard-linked back into place; its bound is the one above
    assert ratio(lambda: load_usage(source, target), lambda: load_usage(normal, tmp_path / "normal-usage.json")) < 5


@pytest.mark.parametrize(("name", "reason"), USAGE_FILES, ids=[c[0] for c in USAGE_FILES])
def test_hostile_usage_file_is_set_aside_with_one_line(name: str, reason: str, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    source = tmp_path / "source.json"
    source.write_bytes((HOSTILE / "usage" / name).read_bytes())
    check_usage_case(source, reason, tmp_path, caplog)


@pytest.mark.parametrize(("case", "reason"), MADE_USAGE, ids=[c[0] for c in MADE_USAGE])
def test_large_hostile_usage_file_is_set_aside_with_one_line(case: str, reason: str, tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    if case == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    folder = tmp_path / "made"
    folder.mkdir()
    source = made_usage(case, folder)
    if case in ("directory", "fifo"):
        os.replace(source, tmp_path / "usage.json")
        with caplog.at_level(logging.INFO, logger="kiosk"):
            counts = bounded(lambda: UsageCounts(tmp_path / "usage.json", today=lambda: TODAY), 30)
        assert counts.days == {}
        lines = [r.getMessage() for r in caplog.records]
        assert lines == [f"usage counts file {tmp_path / 'usage.json'} was unreadable ({reason}); set aside as "
                         "usage.json.corrupt-2026-11-27, counting afresh"], lines
        counts.record("idle_resets")
        counts.flush()
        assert json.loads((tmp_path / "usage.json").read_text())["days"]["2026-11-27"]["idle_resets"] == 1
        return
    check_usage_case(source, reason, tmp_path, caplog)


def test_a_normal_usage_file_loads_whole(tmp_path: Path) -> None:
    path = tmp_path / "usage.json"
    normal_usage(path)
    counts = UsageCounts(path, today=lambda: TODAY)
    assert len(counts.days) == 400 and counts.totals(1)["steps_viewed"] == 412
    assert counts.totals(1)["topics_opened"]["topic-11"] == 14


# ---- config ---------------------------------------------------------------------------------
KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def normal_config(path: Path) -> None:
    """A real kiosk's config: the commented example with a clinic's own settings."""
    from kiosk.core.config import example_config

    own = "\n".join([
        'kiosk_name: "Spine clinic lobby 2"', "idle_seconds: 120", "languages: [en, es, zh, vi, ar]",
        'log_dir: "/var/log/clinic-kiosk"', 'content_store: "/var/lib/clinic-kiosk/store"', f'pack_public_key: "{KEY}"',
        'nightly_restart: "03:30"', "take_home:",
        *(f'  topic-{n}: "https://clinic.example/spine/topic-{n}"' for n in range(12)),
        "care_contact:", *(f'  {lang}: "Questions? Call the spine clinic at 555-0100."' for lang in ("en", "es", "zh", "vi", "ar")),
    ])
    text = example_config()
    for line in own.splitlines():  # replace each default line with the clinic's, keep the comments
        key = line.split(":")[0]
        if not line.startswith(" ") and f"\n{key}:" in text:
            start = text.index(f"\n{key}:") + 1
            text = text[:start] + "#" + text[start:]
    path.write_text(text + "\n" + own + "\n")


def load(path: Path) -> object:
    from kiosk.core.config import load_config

    return load_config(path)


def problem_lines(loaded: object) -> list[str]:
    return [f"{p.line}: {p.message}" for p in loaded.problems]  # type: ignore[attr-defined]


def check_config_bound(path: Path, tmp_path: Path, limit: float = 5) -> None:
    normal = tmp_path / "normal.yaml"
    normal_config(normal)
    assert ratio(lambda: load(path), lambda: load(normal), repeat=9) < limit


def test_a_normal_config_loads_clean(tmp_path: Path) -> None:
    from kiosk.core.config import Config

    path = tmp_path / "config.yaml"
    normal_config(path)
    loaded = load(path)
    assert problem_lines(loaded) == []
    assert loaded.config.pack_public_key == KEY and loaded.config.idle_seconds == 120  # type: ignore[attr-defined]
    assert len(loaded.config.take_home) == 12 and loaded.config != Config()  # type: ignore[attr-defined]


# (sample file, the problem lines "line: message", keys that keep their value)
CONFIG_FILES = [
    ("unknown-keys.yaml", ["3: 'idle_secs' is not a config key (check the spelling); ignored",
                           "4: 'admin_pin' is not a config key (check the spelling); ignored",
                           "6: 'logdir' is not a config key (check the spelling); ignored",
                           "9: 'Orientation' is not a config key (check the spelling); ignored"],
     {"kiosk_name": "Lobby 3", "log_dir": "/var/log/clinic-kiosk", "content_store": "/var/lib/clinic-kiosk/store",
      "pack_public_key": KEY, "usage_counts": False}),
    ("one-bad-value.yaml", ["3: idle_seconds: Input should be greater than or equal to 15; using the default (90)"],
     {"kiosk_name": "Lobby 3", "log_dir": "/var/log/clinic-kiosk", "content_store": "/var/lib/clinic-kiosk/store",
      "pack_public_key": KEY, "admin_pin_hash": "scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0ZGlnZXN0MTI="}),
    ("odd-keys.yaml", ["2: '1' is not a config key (check the spelling); ignored",
                       "3: 'null' is not a config key (check the spelling); ignored",
                       "4: 'true' is not a config key (check the spelling); ignored",
                       "5: '2026-01-01' is not a config key (check the spelling); ignored"],
     {"kiosk_name": "Lobby 3"}),
    ("binary.yaml", ["1: the file is not UTF-8 text (invalid continuation byte at byte 1); save it as UTF-8; "
                     "using the defaults for every key"], {}),
    ("latin1.yaml", ["1: the file is not UTF-8 text (invalid continuation byte at byte 17); save it as UTF-8; "
                     "using the defaults for every key"], {}),
    ("utf16.yaml", ["1: the file is not UTF-8 text (invalid start byte at byte 1); save it as UTF-8; "
                    "using the defaults for every key"], {}),
    ("top-list.yaml", ["1: the config is a list; write it as key: value lines; using the defaults for every key"], {}),
    ("top-text.yaml", ["1: the config is text; write it as key: value lines; using the defaults for every key"], {}),
]


@pytest.mark.parametrize(("name", "lines", "kept"), CONFIG_FILES, ids=[c[0] for c in CONFIG_FILES])
def test_hostile_config_file(name: str, lines: list[str], kept: dict[str, object], tmp_path: Path) -> None:
    from kiosk.core.config import Config

    path = tmp_path / "config.yaml"
    path.write_bytes((HOSTILE / "config" / name).read_bytes())
    loaded = bounded(lambda: load(path), 30)
    assert problem_lines(loaded) == lines
    for key, value in Config.model_dump(loaded.config).items():  # type: ignore[attr-defined]
        assert value == kept.get(key, getattr(Config(), key)), key
    check_config_bound(path, tmp_path)


def test_a_tab_in_the_config_means_defaults_and_says_so(tmp_path: Path) -> None:
    from kiosk.core.config import Config

    path = tmp_path / "config.yaml"
    path.write_bytes((HOSTILE / "config" / "tab.yaml").read_bytes())
    loaded = load(path)
    (line,) = problem_lines(loaded)  # the YAML loader's own words for a tab may change; the frame may not
    assert line.startswith("2: not valid YAML") and line.endswith("; using the defaults for every key")
    assert loaded.config == Config()  # type: ignore[attr-defined]


def wrong_value(name: str) -> str:
    """A value of the wrong type for the key (a mapping of numbers: no key takes one)."""
    return "{wrong: [1, 2]}"


def test_wrong_types_for_every_key_fall_back_one_by_one(tmp_path: Path) -> None:
    from kiosk.core.config import Config

    names = list(Config.model_fields)
    path = tmp_path / "config.yaml"
    path.write_text("".join(f"{name}: {wrong_value(name)}\n" for name in names))
    loaded = bounded(lambda: load(path), 30)
    assert loaded.config == Config()  # type: ignore[attr-defined]
    assert loaded.rejected == set(names)  # type: ignore[attr-defined]
    lines = problem_lines(loaded)
    assert len(lines) == len(names), lines
    for number, (name, line) in enumerate(zip(names, lines, strict=True), start=1):
        assert line.startswith(f"{number}: {name}"), line
        assert line.endswith(")") and "; using the default (" in line and "\n" not in line, line
    check_config_bound(path, tmp_path, limit=10)


def test_wrong_types_beside_good_keys_keep_the_good_ones(tmp_path: Path) -> None:
    """Alternate good and bad keys: every good one survives."""
    path = tmp_path / "config.yaml"
    path.write_text("admin_pin_hash: [1]\nlog_dir: /var/log/k\nidle_seconds: many\ncontent_store: /srv/store\n"
                    f"languages: en\npack_public_key: \"{KEY}\"\nheartbeat_seconds: 1.5\nkiosk_name: Lobby\n")
    loaded = load(path)
    config = loaded.config  # type: ignore[attr-defined]
    assert (config.log_dir, config.content_store, config.pack_public_key, config.kiosk_name) == ("/var/log/k", "/srv/store", KEY, "Lobby")
    assert [line.split(":")[0] for line in problem_lines(loaded)] == ["1", "3", "5", "7"]


def made_config(case: str, folder: Path) -> Path:
    path = folder / "config.yaml"
    if case == "huge-sparse":
        with open(path, "wb") as handle:
            handle.truncate(100_000_000)
    elif case == "huge-real":
        path.write_text("kiosk_name: Lobby\n" + "# a long comment line to make the file large ...........\n" * 20_000)
    elif case == "deep-flow-over-limit":
        path.write_text("take_home: " + "[" * 100_000 + "]" * 100_000 + "\n")
    elif case == "directory":
        path.mkdir()
    elif case == "fifo":
        os.mkfifo(path)
    return path


MADE_CONFIG = [
    ("huge-sparse", "None: the file has 100,000,000 bytes; a config has at most 64 KB; using the defaults for every key"),
    ("huge-real", "None: the file has 1,140,018 bytes; a config has at most 64 KB; using the defaults for every key"),
    ("deep-flow-over-limit", "None: the file has 200,012 bytes; a config has at most 64 KB; using the defaults for every key"),
    ("directory", "None: this is a folder, not a config file; using the defaults for every key"),
    ("fifo", "None: this is not a regular file; using the defaults for every key"),
]


@pytest.mark.parametrize(("case", "line"), MADE_CONFIG, ids=[c[0] for c in MADE_CONFIG])
def test_large_or_odd_config_is_refused_before_it_is_read(case: str, line: str, tmp_path: Path) -> None:
    from kiosk.core.config import Config

    if case == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    folder = tmp_path / "made"
    folder.mkdir()
    path = made_config(case, folder)
    loaded = bounded(lambda: load(path), 30)
    assert problem_lines(loaded) == [line]
    assert loaded.config == Config() and loaded.found  # type: ignore[attr-defined]
    check_config_bound(path, tmp_path)


def test_deep_nesting_within_the_size_limit(tmp_path: Path) -> None:
    from kiosk.core.config import Config

    path = tmp_path / "config.yaml"
    path.write_text("kiosk_name: Lobby\ntake_home: " + "[" * 30_000 + "]" * 30_000 + "\n")
    loaded = bounded(lambda: load(path), 30)
    (line,) = problem_lines(loaded)
    assert line == "2: lists and blocks are nested more than 50 levels deep; using the defaults for every key", line
    assert loaded.config == Config()  # type: ignore[attr-defined]
    check_config_bound(path, tmp_path)
    # Block nesting as deep as YAML reading allows (yamlsrc.MAX_DEPTH) is read, and the key falls back alone.
    path.write_text("kiosk_name: Lobby\ntake_home:\n" + "".join(" " * (n + 1) + f"k{n}:\n" for n in range(45)))
    assert path.stat().st_size < 64_000
    loaded = bounded(lambda: load(path), 30)
    (line,) = problem_lines(loaded)
    assert line == "4: take_home.k0: Input should be a valid string; using the default ({})", line
    assert loaded.config.kiosk_name == "Lobby"  # type: ignore[attr-defined]
    check_config_bound(path, tmp_path, limit=15)


def test_a_config_as_large_as_allowed_loads_in_proportion(tmp_path: Path) -> None:
    """Alias-free but as big as the limit allows: read, at a cost in proportion to its size."""
    path = tmp_path / "config.yaml"
    path.write_text("kiosk_name: Lobby\ntake_home:\n" + "".join(f'  t{n}: "https://example.org/{n}"\n' for n in range(1800)))
    size = path.stat().st_size
    assert 55_000 < size < 64_000
    loaded = bounded(lambda: load(path), 30)
    assert problem_lines(loaded) == [] and len(loaded.config.take_home) == 1800  # type: ignore[attr-defined]
    normal = tmp_path / "normal.yaml"
    normal_config(normal)
    per_byte = ratio(lambda: load(path), lambda: load(normal), repeat=9) / (size / normal.stat().st_size)
    assert per_byte < 5, "no worse per byte than a normal config"


# ---- PIN lock state -------------------------------------------------------------------------
NOW = 1_800_000_000


class WallClock:
    def __init__(self) -> None:
        self.now = float(NOW)

    def __call__(self) -> float:
        return self.now


def cheap_hash() -> str:
    """An old-style hash (N=2**14): the lock rules do not depend on the cost."""
    import base64
    import hashlib

    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(b"246813", salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


PIN_STATES = [
    ("infinity", '{"version": 1, "failures": Infinity}', "'Infinity' is not a whole number"),
    ("nan", '{"version": 1, "locked_until": NaN}', "'NaN' is not a whole number"),
    ("float-overflow", '{"version": 1, "locked_until": 1e400}', "1e400 is not a whole number"),
    ("huge-integer", '{"version": 1, "lockouts": 1' + "0" * 4000 + "}", "a whole number has more than 12 digits"),
    ("huge-integer-over-limit", '{"version": 1, "lockouts": 1' + "0" * 5000 + "}", "it is larger than 4 KB"),
    ("deep-nesting", '{"version": 1, "failures": ' + "[" * 1900 + "]" * 1900 + "}", "it is nested too deeply"),
    ("deep-nesting-over-limit", '{"version": 1, "failures": ' + "[" * 100_000 + "]" * 100_000 + "}", "it is larger than 4 KB"),
    ("list", "[1, 2, 3]", "it is not a mapping"),
    ("negative", '{"version": 1, "failures": -1}', "failures is -1, not a whole number from 0 to 4"),
    ("too-many-failures", '{"version": 1, "failures": 5}', "failures is 5, not a whole number from 0 to 4"),
    ("text", '{"version": 1, "failures": "3"}', 'failures is "3", not a whole number from 0 to 4'),
    ("boolean", '{"version": 1, "lockouts": true}', "lockouts is true, not a whole number from 0 to 10000"),
    ("wrong-shape", '{"version": 1, "locked_until": [1]}', "locked_until is list, not a whole number from 0 to 100000000000"),
    ("lock-too-long", '{"version": 1, "lock_seconds": 999999}', "lock_seconds is 999999, not a whole number from 0 to 3600"),
    ("syntax", '{"failures": 1,', "it is not JSON (Expecting property name enclosed in double quotes, line 1)"),
    ("empty", "", "it is empty"),
    ("binary", "\udcff\udcfe junk \udc80", "it is not UTF-8 text"),
    ("huge-file", None, "it is larger than 4 KB"),
    ("directory", None, "it is not a regular file"),
    ("fifo", None, "it is not a regular file"),
]


def made_pin_state(case: str, text: str | None, path: Path) -> None:
    if text is not None:
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    elif case == "huge-file":
        with open(path, "wb") as handle:
            handle.truncate(10_000_000)
    elif case == "directory":
        path.mkdir()
    elif case == "fifo":
        os.mkfifo(path)


@pytest.mark.parametrize(("case", "text", "reason"), PIN_STATES, ids=[c[0] for c in PIN_STATES])
def test_hostile_pin_state_is_set_aside_and_the_pad_stays_locked_a_while(
        case: str, text: str | None, reason: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A lock state the kiosk did not write might be an attempt to reset the count: set it aside and
    lock for one ordinary lock (5 minutes), never unlock, never longer."""
    from kiosk.core.pin import LOCK_SECONDS, PinPad

    if case == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    clock, stored = WallClock(), cheap_hash()
    state = tmp_path / "pin-lock.json"
    made_pin_state(case, text, state)
    with caplog.at_level(logging.INFO, logger="kiosk"):
        pad = bounded(lambda: PinPad(stored, clock, state), 30)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [f"PIN lock state {state} was unreadable ({reason}); set aside as pin-lock.json.corrupt-{NOW}; "
                     "the PIN pad is locked for 5 minutes to be safe"], lines
    assert pad.locked_for() == LOCK_SECONDS and not pad.try_pin("246813")
    assert os.path.lexists(tmp_path / f"pin-lock.json.corrupt-{NOW}")
    assert json.loads(state.read_text())["locked_until"] == NOW + LOCK_SECONDS, "a fresh state file in its place"
    again = PinPad(stored, clock, state)  # a restart keeps that lock, and reads the new file cleanly
    assert again.locked_for() == LOCK_SECONDS
    clock.now += LOCK_SECONDS
    assert again.try_pin("246813"), "the right PIN opens the pad after the lock"
    if case in ("directory", "fifo"):
        return
    source = tmp_path / "source.json"
    made_pin_state(case, text, source)
    normal = tmp_path / "normal.json"
    normal.write_text(json.dumps({"version": 1, "failures": 2, "lockouts": 1, "lock_seconds": 300,
                                  "locked_until": NOW - 100, "last_failure": NOW - 50}))

    def hostile() -> None:
        state.unlink(missing_ok=True)
        os.link(source, state)
        PinPad(stored, clock, state)

    def ordinary() -> None:
        target = tmp_path / "normal-state.json"
        target.unlink(missing_ok=True)
        os.link(normal, target)
        PinPad(stored, clock, target)._save()  # as much writing as the hostile case does

    with caplog.at_level(logging.CRITICAL, logger="kiosk"):
        assert ratio(hostile, ordinary, repeat=9) < 10  # setting aside and logging cost a little more


@pytest.mark.parametrize(("locked_until", "lock_seconds", "left"), [
    (99_999_999_999, 3600, 3600),  # thousands of years ahead: the lock it names, no longer
    (99_999_999_999, 0, 300),
    (NOW + 10_000, 600, 600),
])
def test_a_lock_too_far_ahead_is_cut_to_its_length(locked_until: int, lock_seconds: int, left: int, tmp_path: Path) -> None:
    from kiosk.core.pin import PinPad

    state = tmp_path / "pin-lock.json"
    state.write_text(json.dumps({"version": 1, "failures": 0, "lockouts": 1, "lock_seconds": lock_seconds,
                                 "locked_until": locked_until, "last_failure": NOW}))
    pad = PinPad(cheap_hash(), WallClock(), state)
    assert pad.locked_for() == left
    assert json.loads(state.read_text())["locked_until"] == NOW + left


def test_an_unwritable_state_folder_is_logged_and_the_pad_still_works(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.core.pin import PinPad

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    pad = PinPad(cheap_hash(), WallClock(), blocker / "pin-lock.json")
    with caplog.at_level(logging.INFO, logger="kiosk"):
        assert not pad.try_pin("000000")
    assert any(r.getMessage().startswith(f"cannot keep the PIN lock state in {blocker / 'pin-lock.json'} (")
               for r in caplog.records)
    assert pad.try_pin("246813")


# ---- self-test on an admin's slips (issue 13, item 17 and the self-test side of items 6 and 8) -----
@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The kiosk user's data folder (usage counts, PIN lock state) inside the test's folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def self_test_lines(tmp_path: Path, text: str) -> list[str]:
    from kiosk.core.config import load_config
    from kiosk.commands.selftest import setup_checks

    path = tmp_path / "config.yaml"
    path.write_text(text)
    return [f"{c.status:4}  {c.name}: {c.detail}" for c in bounded(lambda: setup_checks(load_config(path)), 30)]


def only(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if line[6:].startswith(name + ":")]


def test_self_test_fails_a_pin_hash_that_is_not_one(tmp_path: Path, state_home: Path) -> None:
    lines = self_test_lines(tmp_path, 'admin_pin_hash: "hunter2"\n')
    assert only(lines, "admin PIN") == ["FAIL  admin PIN: admin_pin_hash is not a hash from `kiosk set-pin`: the admin screen "
                                        "cannot be opened; run kiosk set-pin and paste the whole line it prints"]
    (config,) = only(lines, "config")
    assert config.startswith("FAIL  config: ") and config.endswith(
        "config.yaml:1: error: admin_pin_hash: is not a hash from `kiosk set-pin` (run it and paste the whole line it "
        "prints); using the default (empty)")


def test_self_test_warns_about_an_old_or_missing_pin(tmp_path: Path, state_home: Path) -> None:
    from kiosk.core.pin import hash_pin

    assert only(self_test_lines(tmp_path, 'kiosk_name: "Lobby"\n'), "admin PIN") == [
        "WARN  admin PIN: none configured: the admin screen cannot be opened on the kiosk (kiosk set-pin)"]
    assert only(self_test_lines(tmp_path, f'admin_pin_hash: "{cheap_hash()}"\n'), "admin PIN") == [
        "WARN  admin PIN: set on an older kiosk (scrypt N=16384, r=8, p=1; 4 or 5 digits were allowed then): cheaper to "
        "crack; set a new PIN of 6 to 12 digits with kiosk set-pin"]
    assert only(self_test_lines(tmp_path, f'admin_pin_hash: "{hash_pin("246813")}"\n'), "admin PIN") == [
        "PASS  admin PIN: set (scrypt N=65536, r=8, p=1)"]


@pytest.mark.parametrize(("key", "why"), [
    ("not-a-key", "is not base64 text"),
    ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", "has 31 bytes; an Ed25519 public key has 32"),
])
def test_self_test_fails_a_public_key_that_is_not_one(key: str, why: str, tmp_path: Path, state_home: Path) -> None:
    lines = self_test_lines(tmp_path, f'content_inbox: "{tmp_path}"\npack_public_key: "{key}"\nallow_unsigned_packs: true\n')
    assert only(lines, "content packs") == ["FAIL  content packs: pack_public_key is not a valid key (see the config line "
                                            "above): every content pack is refused until it is fixed"]
    config = only(lines, "config")
    assert config[0].endswith(f"config.yaml:2: error: pack_public_key: is not an Ed25519 public key from `kiosk keygen` "
                              f"({why}); every content pack is refused until it is fixed; using the default (empty)")
    assert config[1].endswith("config.yaml:3: error: allow_unsigned_packs: ignored while pack_public_key is set but not "
                              "valid (never accept unsigned packs by mistake); using the default (false)")


def test_self_test_fails_an_inbox_without_a_key(tmp_path: Path, state_home: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert only(self_test_lines(tmp_path, f'content_inbox: "{inbox}"\n'), "content packs") == [
        "FAIL  content packs: content_inbox is set but pack_public_key is not: every pack dropped there is refused. Set "
        "pack_public_key (from kiosk keygen), or allow_unsigned_packs: true (never for a kiosk in a public place)"]
    assert only(self_test_lines(tmp_path, f'content_inbox: "{inbox}"\nallow_unsigned_packs: true\n'), "content packs") == [
        f"WARN  content packs: unsigned packs are accepted (allow_unsigned_packs: true): anyone who can write to {inbox} "
        "can change what patients see"]
    lines = self_test_lines(tmp_path, f'content_inbox: "{inbox}"\npack_public_key: "{KEY}"\n')
    assert only(lines, "content packs") == ["PASS  content packs: only packs signed with the key AAECAwQF… are installed"]
    assert only(lines, "content inbox") == [f"PASS  content inbox: {inbox} is writable"]
    assert only(self_test_lines(tmp_path, f'content_inbox: "{tmp_path / "nowhere"}"\npack_public_key: "{KEY}"\n'),
                "content inbox") == [f"WARN  content inbox: {tmp_path / 'nowhere'} does not exist: create it, writable by "
                                     "the kiosk's user"]


def test_self_test_fails_a_status_dir_that_is_a_file(tmp_path: Path, state_home: Path) -> None:
    status = tmp_path / "status"
    status.write_text("I am a file")
    assert only(self_test_lines(tmp_path, f'status_dir: "{status}"\n'), "status files") == [
        f"FAIL  status files: {status} is a file, not a folder: status.json and clinic_kiosk.prom cannot be written there"]
    status.unlink()
    status.mkdir()
    assert only(self_test_lines(tmp_path, f'status_dir: "{status}"\n'), "status files") == [
        f"PASS  status files: {status} is writable (status.json and clinic_kiosk.prom, readable by all)"]


def user() -> str:
    import getpass

    return getpass.getuser()


def test_self_test_fails_a_content_store_the_kiosk_cannot_write(tmp_path: Path, state_home: Path) -> None:
    """content_store: "/proc", or a store an admin's root install-pack left behind, crashed the
    kiosk at every start while self-test said PASS."""
    if os.path.isdir("/proc"):
        assert only(self_test_lines(tmp_path, 'content_store: "/proc"\n'), "content store") == [
            f"FAIL  content store: /proc: user {user()} cannot write here (No such file or directory: .lock); the kiosk would "
            "stop at every start. Give the folder to the kiosk's user (chown -R clinic-kiosk /proc) and run install-pack as that user"]
    store = tmp_path / "store"
    store.mkdir()
    (store / ".lock").mkdir()  # something the kiosk cannot open as its lock
    assert only(self_test_lines(tmp_path, f'content_store: "{store}"\n'), "content store") == [
        f"FAIL  content store: {store}: user {user()} cannot write here (Is a directory: .lock); the kiosk would stop at every "
        f"start. Give the folder to the kiosk's user (chown -R clinic-kiosk {store}) and run install-pack as that user"]
    (store / ".lock").rmdir()
    assert only(self_test_lines(tmp_path, f'content_store: "{store}"\n'), "content store") == [
        f"PASS  content store: {store} is writable by user {user()}"]
    assert not (store / ".lock").exists() and not list(store.iterdir()), "self-test leaves nothing behind (as root: no root-owned lock)"
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert only(self_test_lines(tmp_path, f'content_store: "{afile}"\n'), "content store") == [
        f"FAIL  content store: {afile} is a file, not a folder"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere")
def test_self_test_fails_a_store_whose_lock_belongs_to_someone_else(tmp_path: Path, state_home: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / ".lock").write_text("")
    (store / ".lock").chmod(0o444)
    (line,) = only(self_test_lines(tmp_path, f'content_store: "{store}"\n'), "content store")
    assert line.startswith(f"FAIL  content store: {store}: user {user()} cannot write here (Permission denied: .lock)")


def test_self_test_checks_the_store_s_current_pack_not_the_bundled_content(tmp_path: Path) -> None:
    import shutil

    from kiosk.core.config import load_config
    from kiosk.core.paths import bundled_content_dir
    from kiosk.core.contentsource import content_folder

    store = tmp_path / "store"
    version = store / "versions" / "2026.11.3-0123456789ab"
    shutil.copytree(bundled_content_dir(), version)
    (store / "current").symlink_to("versions/2026.11.3-0123456789ab")
    config = tmp_path / "config.yaml"
    config.write_text(f'content_store: "{store}"\n')
    assert content_folder(load_config(config), None) == version
    assert content_folder(load_config(config), tmp_path / "explicit") == tmp_path / "explicit"
    config.write_text(f'content_dir: "{tmp_path / "mine"}"\n')
    assert content_folder(load_config(config), None) == tmp_path / "mine"
    config.write_text("kiosk_name: Lobby\n")
    assert content_folder(load_config(config), None) == bundled_content_dir()


def test_self_test_fails_when_the_state_folder_is_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without it the PIN lockout would not survive a restart (and usage counts are lost)."""
    from kiosk.core.pin import hash_pin

    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    lines = self_test_lines(tmp_path, f'admin_pin_hash: "{hash_pin("246813")}"\n')
    (line,) = only(lines, "state folder")
    assert line.startswith(f"FAIL  state folder: {blocker / 'clinic-kiosk'}: user {user()} cannot write here (") and line.endswith(
        "): the PIN lockout would not survive a restart and usage counts are lost")


# ---- the real kiosk starts through all of it ---------------------------------------------------
def test_the_kiosk_starts_with_a_hostile_usage_file_pin_state_and_a_slip_in_its_config(tmp_path: Path) -> None:
    """An Infinity count made every start exit 1; one bad key cost the whole config. Now the
    kiosk comes up, sets the files aside and logs each problem with its file and line."""
    import subprocess
    import sys

    from conftest import REPO

    data = tmp_path / "data" / "clinic-kiosk"
    data.mkdir(parents=True)
    (data / "usage.json").write_bytes((HOSTILE / "usage" / "infinity.json").read_bytes())
    (data / "pin-lock.json").write_text('{"failures": NaN}')
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{tmp_path / "logs"}"\nidle_seconds: 5\nkiosk_name: "Lobby 3"\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_RUNTIME_DIR=str(tmp_path), KIOSK_BENCH_EXIT_AFTER_FIRST_FRAME="1")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "--windowed", "--size", "640x400"],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "first-frame" in done.stdout
    log = (tmp_path / "logs" / "kiosk.log").read_text()
    assert "config.yaml:2: error: idle_seconds: Input should be greater than or equal to 15; using the default (90)" in log
    assert f"usage counts file {data / 'usage.json'} was unreadable ('Infinity' is not a count)" in log
    assert f"PIN lock state {data / 'pin-lock.json'} was unreadable ('NaN' is not a whole number)" in log
    assert "Traceback" not in log + done.stderr
    assert sorted(p.name for p in data.iterdir() if ".corrupt-" in p.name)[0].startswith("pin-lock.json.corrupt-")
    assert any(p.name.startswith("usage.json.corrupt-") for p in data.iterdir())
