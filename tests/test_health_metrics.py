"""The Prometheus textfile the kiosk writes: the exact text the alert rules and the dashboard
rely on (packaging/prometheus/, packaging/grafana/; README, "Metrics and alerts")."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from kiosk.core import health
from kiosk.core.health import PROM_FILE, STATUS_FILE, content_packs, make_status, pack_health, prometheus_text, write_heartbeat
from kiosk.core.logsetup import RateLimit, RecentErrors

TODAY = date(2026, 12, 6)
NOW = 1_796_000_000.0  # 2026-11-29T21:33:20Z


@pytest.fixture(autouse=True)
def fixed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "rss_bytes", lambda: 210_000_000)


def status(*, packs: tuple[health.PackHealth, ...] | list[health.PackHealth] = (), errors_total: int = 0,
           last_error_time: float = 0.0, speech_available: bool = False) -> health.Status:
    return make_status("Lobby", 100.0, "1.4.0", "spine-fbss 2026.12.1", "", clock=lambda: 3700.0, wall_clock=lambda: NOW,
                       packs=packs, errors_total=errors_total, last_error_time=last_error_time,
                       speech_available=speech_available)


def test_the_exact_text_of_a_healthy_kiosk() -> None:
    text = prometheus_text(status(
        errors_total=0, speech_available=True,
        packs=[pack_health("spine-fbss", "2026.12.1", [date(2027, 5, 27), date(2027, 6, 1)], TODAY)]))
    assert text == """\
# HELP clinic_kiosk_up 1 while the kiosk's event loop is running.
# TYPE clinic_kiosk_up gauge
clinic_kiosk_up{kiosk="Lobby"} 1
# HELP clinic_kiosk_heartbeat_timestamp_seconds When the kiosk last wrote this file.
# TYPE clinic_kiosk_heartbeat_timestamp_seconds gauge
clinic_kiosk_heartbeat_timestamp_seconds{kiosk="Lobby"} 1796000000
# HELP clinic_kiosk_uptime_seconds Seconds since the kiosk started.
# TYPE clinic_kiosk_uptime_seconds gauge
clinic_kiosk_uptime_seconds{kiosk="Lobby"} 3600
# HELP clinic_kiosk_memory_bytes Resident memory of the kiosk process.
# TYPE clinic_kiosk_memory_bytes gauge
clinic_kiosk_memory_bytes{kiosk="Lobby"} 210000000
# HELP clinic_kiosk_error Whether an error was logged since start (see status.json).
# TYPE clinic_kiosk_error gauge
clinic_kiosk_error{kiosk="Lobby"} 0
# HELP clinic_kiosk_errors_total Errors logged since start.
# TYPE clinic_kiosk_errors_total counter
clinic_kiosk_errors_total{kiosk="Lobby"} 0
# HELP clinic_kiosk_last_error_timestamp_seconds When the last error was logged; 0 when none was since start.
# TYPE clinic_kiosk_last_error_timestamp_seconds gauge
clinic_kiosk_last_error_timestamp_seconds{kiosk="Lobby"} 0
# HELP clinic_kiosk_speech_available 1 when read-aloud works: the speech engine runs and has a voice for every patient language.
# TYPE clinic_kiosk_speech_available gauge
clinic_kiosk_speech_available{kiosk="Lobby"} 1
# HELP clinic_kiosk_content_review_overdue 1 when a topic of the content pack is past its clinical review date.
# TYPE clinic_kiosk_content_review_overdue gauge
clinic_kiosk_content_review_overdue{kiosk="Lobby",pack="spine-fbss"} 0
# HELP clinic_kiosk_content_review_due_timestamp_seconds Start (UTC) of the day the pack's next clinical review is due (its earliest topic).
# TYPE clinic_kiosk_content_review_due_timestamp_seconds gauge
clinic_kiosk_content_review_due_timestamp_seconds{kiosk="Lobby",pack="spine-fbss"} 1811376000
# HELP clinic_kiosk_info Versions of the app and its content.
# TYPE clinic_kiosk_info gauge
clinic_kiosk_info{kiosk="Lobby",app_version="1.4.0",content_version="spine-fbss 2026.12.1"} 1
"""


def test_errors_several_packs_and_no_read_aloud() -> None:
    text = prometheus_text(make_status(
        "Lobby", 0.0, "1.4.0", "spine-fbss 2026.12.1, hip 3", "2026-11-29 21:00:00 kiosk: boom",
        clock=lambda: 10.0, wall_clock=lambda: NOW, last_error_time=NOW - 1999.7, errors_total=4, speech_available=False,
        packs=[pack_health("spine-fbss", "2026.12.1", [date(2026, 12, 5), date(2027, 1, 1)], TODAY),
               pack_health("hip", "3", [date(2026, 12, 6)], TODAY),  # due today: not overdue yet
               pack_health("empty", "1", [], TODAY)]))
    lines = text.splitlines()
    for line in [
        'clinic_kiosk_error{kiosk="Lobby"} 1',
        'clinic_kiosk_errors_total{kiosk="Lobby"} 4',
        'clinic_kiosk_last_error_timestamp_seconds{kiosk="Lobby"} 1795998000',
        'clinic_kiosk_speech_available{kiosk="Lobby"} 0',
        'clinic_kiosk_content_review_overdue{kiosk="Lobby",pack="spine-fbss"} 1',
        'clinic_kiosk_content_review_overdue{kiosk="Lobby",pack="hip"} 0',
        'clinic_kiosk_content_review_overdue{kiosk="Lobby",pack="empty"} 0',
        'clinic_kiosk_content_review_due_timestamp_seconds{kiosk="Lobby",pack="spine-fbss"} 1796428800',  # 2026-12-05
        'clinic_kiosk_content_review_due_timestamp_seconds{kiosk="Lobby",pack="hip"} 1796515200',
        'clinic_kiosk_info{kiosk="Lobby",app_version="1.4.0",content_version="spine-fbss 2026.12.1, hip 3"} 1',
    ]:
        assert line in lines
    due = [line for line in lines if 'pack="empty"' in line and "review_due_timestamp" in line]
    assert not due, "a pack without topics has no due date"


def test_before_content_is_loaded_no_pack_series_and_no_empty_family() -> None:
    text = prometheus_text(status(packs=content_packs(None, TODAY)))
    assert "pack=" not in text and "clinic_kiosk_content_review" not in text, "no HELP/TYPE without a sample"
    assert 'clinic_kiosk_info{kiosk="Lobby",app_version="1.4.0",content_version="spine-fbss 2026.12.1"} 1' in text


def test_label_values_are_escaped() -> None:
    text = prometheus_text(make_status('Ward "3"\\\nnorth', 0.0, 'v"1', "x\\y", "", wall_clock=lambda: NOW,
                                       packs=[pack_health('a"b', "1", [], TODAY)]))
    assert 'clinic_kiosk_up{kiosk="Ward _3___north"} 1' in text
    assert 'app_version="v_1",content_version="x_y"' in text
    assert 'clinic_kiosk_content_review_overdue{kiosk="Ward _3___north",pack="a_b"} 0' in text
    assert len(text.splitlines()) == text.count("\n"), "no value breaks a line"


def test_content_packs_reads_every_pack_on_screen(tmp_path: Path) -> None:
    from kiosk.core.contentsource import load_for_kiosk
    from test_library import edit, make_pack

    a = make_pack(tmp_path / "a", "spine", "a", "Spine's words.")
    b = make_pack(tmp_path / "b", "joints", "b", "Joint words.")
    edit(a / "topics" / "after.yaml", "review_due: 2030-01-01", "review_due: 2026-11-30")
    assert content_packs(load_for_kiosk([a, b]), TODAY) == (  # each pack its own earliest review date
        health.PackHealth("spine", "1.0", "2026-11-30", True), health.PackHealth("joints", "1.0", "2030-01-01", False))


def test_recent_errors_count_and_time_every_error_even_rate_limited() -> None:
    recent = RecentErrors()
    recent.limiter = RateLimit(burst=1, period=60, clock=lambda: 0.0)
    assert recent.count == 0 and recent.last_time == 0.0
    for n in range(3):
        record = logging.LogRecord("kiosk.test", logging.ERROR, __file__, 1, "same fault", None, None)
        record.created = NOW + n
        recent.handle(record)
    assert len(recent.records) == 1, "the limiter kept the repeats off the admin screen"
    assert recent.count == 3 and recent.last_time == NOW + 2


def test_status_json_carries_the_new_figures(tmp_path: Path) -> None:
    write_heartbeat(tmp_path, status(errors_total=2, last_error_time=NOW - 5, speech_available=True,
                                     packs=[pack_health("spine-fbss", "2026.12.1", [date(2027, 5, 27)], TODAY)]))
    data = json.loads((tmp_path / STATUS_FILE).read_text())
    assert data["timestamp"] == int(NOW) and data["errors_total"] == 2 and data["last_error_timestamp"] == int(NOW) - 5
    assert data["packs"] == [{"pack_id": "spine-fbss", "version": "2026.12.1", "review_due": "2027-05-27",
                              "review_overdue": False}]
    assert data["speech_available"] is True
    assert (tmp_path / PROM_FILE).read_text() == prometheus_text(
        status(errors_total=2, last_error_time=NOW - 5, speech_available=True,
               packs=[pack_health("spine-fbss", "2026.12.1", [date(2027, 5, 27)], TODAY)]))


TRIM_PROBE = r"""
import ctypes, sys
from kiosk.core.health import return_free_memory, rss_bytes

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
# 60 MB in blocks under glibc's mmap threshold (so from the heap), each written to, then all
# freed but the last, which keeps the heap's top in use: free() alone gives none of it back.
blocks = [libc.malloc(100_000) for _ in range(600)]
for block in blocks:
    ctypes.memset(block, 1, 100_000)
before = rss_bytes()
for block in blocks[:-1]:
    libc.free(block)
freed = rss_bytes()
trimmed = return_free_memory()
print(before, freed, rss_bytes(), trimmed)
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="glibc and /proc: a Linux kiosk")
def test_the_freed_heap_goes_back_to_the_system() -> None:
    """glibc keeps freed heap memory for later, so resident memory stays up after a patient's
    screens are freed; return_free_memory (at each idle reset) hands it back."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", TRIM_PROBE], capture_output=True, text=True, check=True)
    before, freed, trimmed, ran = done.stdout.split()
    mb = 2**20
    assert ran == "True"
    assert int(freed) > int(before) - 10 * mb, "free() alone keeps the memory (else this test shows nothing)"
    assert int(trimmed) < int(freed) - 40 * mb, f"{int(freed) / mb:.0f} MB -> {int(trimmed) / mb:.0f} MB"
