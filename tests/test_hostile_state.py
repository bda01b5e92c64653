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
    if source.is_dir() or not source.is_file() and not source.exists():
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
