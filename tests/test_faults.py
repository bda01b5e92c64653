"""Faults that tools/bootcheck.sh injects under a booted systemd, at the level of the code that meets them.

A full disk under the log folder (the log file and the heartbeat), and the content folder deleted or
changed under a running kiosk. No Qt.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from conftest import REPO
from kiosk.core import health, logsetup
from kiosk.core.contentsource import ContentWatch
from kiosk.core.health import STATUS_FILE, make_status, write_heartbeat
from kiosk.core.loader import Problem
from kiosk.core.statefile import remove_leftovers


class FullDisk(io.StringIO):
    """A log file's stream on a full disk: lines go into the buffer, flushing them fails."""

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        try:
            self.flush()
        finally:
            super().close()


def test_a_full_disk_is_said_once_not_a_traceback_per_log_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    handler = logsetup.LogFileHandler(tmp_path / "kiosk.log", maxBytes=1000, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter(logsetup.FORMAT))
    real_open = handler._open
    assert handler.stream is not None
    handler.stream.close()
    handler.stream = cast(Any, FullDisk())
    handler._open = lambda: cast(Any, FullDisk())  # type: ignore[method-assign]
    try:
        for n in range(5):
            handler.handle(logging.LogRecord("kiosk", logging.ERROR, __file__, 1, "fault %d", (n,), None))
        said = capsys.readouterr().err
        assert "Traceback" not in said and "Logging error" not in said
        assert said.count("cannot write the log file") == 1 and "No space left on device" in said
        assert handler.failing == "No space left on device"
        handler._open = real_open  # type: ignore[method-assign]
        handler.handle(logging.LogRecord("kiosk", logging.ERROR, __file__, 1, "after %s", ("room",), None))
        assert "can be written again" in capsys.readouterr().err
        text = (tmp_path / "kiosk.log").read_text()
        assert "ERROR kiosk: after room" in text and "can be written again (it could not: No space left on device)" in text
        assert handler.failing is None
    finally:
        handler.close()


def test_the_heartbeat_stays_fresh_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No room for a temporary file: the files are rewritten in the room they have; a stale heartbeat
    would look like a dead kiosk."""
    assert write_heartbeat(tmp_path, make_status("Lobby", 0.0, "1.0", "x", "", wall_clock=lambda: 1000.0)) is True

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(health, "atomic_write", full)
    status = make_status("Lobby", 0.0, "1.0", "x", "the disk is full", wall_clock=lambda: 2000.0)
    assert write_heartbeat(tmp_path, status) is False
    written = json.loads((tmp_path / STATUS_FILE).read_text())
    assert written["timestamp"] == 2000 and written["last_error"] == "the disk is full"
    assert "clinic_kiosk_heartbeat_timestamp_seconds{kiosk=\"Lobby\"} 2000" in (tmp_path / health.PROM_FILE).read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [health.PROM_FILE, STATUS_FILE], "no temporary file left"
    with pytest.raises(OSError, match="No space"):
        write_heartbeat(tmp_path / "new", status)  # nothing there yet to rewrite


def content_folder(root: Path) -> Any:
    (root / "topics").mkdir(parents=True)
    (root / "pack.yaml").write_text("id: spine\n")
    files = {name: root / "topics" / f"{name}.yaml" for name in ("acdf", "scs")}
    for path in files.values():
        path.write_text("id: x\n")
    return SimpleNamespace(root=root, parts=[], files=files, pack=SimpleNamespace(id="spine", version="2026.1"))


def test_content_deleted_or_changed_under_a_running_kiosk_is_logged_once(tmp_path: Path) -> None:
    content = content_folder(tmp_path / "content")
    watch = ContentWatch(content)
    assert watch.check() == []
    (tmp_path / "content" / "topics" / "scs.yaml").write_text("\0junk: [\n")
    ((level, message),) = watch.check()
    assert level == logging.WARNING and f"1 files in the content folder {tmp_path / 'content'} changed" in message
    assert "keeps showing the content it loaded (spine 2026.1)" in message
    assert watch.check() == [], "once for each change"
    shutil.rmtree(tmp_path / "content")
    ((level, message),) = watch.check()
    assert level == logging.ERROR and f"the content folder {tmp_path / 'content'} is gone" in message
    assert watch.check() == []


def test_the_running_kiosk_names_its_config_in_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under its service the kiosk works in /var/lib/clinic-kiosk: its log said ../../../etc/clinic-kiosk/config.yaml."""
    work = tmp_path / "var" / "lib" / "clinic-kiosk"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    config = tmp_path / "etc" / "clinic-kiosk" / "config.yaml"
    problem = Problem(config, 3, "not valid YAML; using the defaults for every key")
    assert problem.in_full() == f"{config}:3: error: not valid YAML; using the defaults for every key"
    assert str(problem).startswith("../"), "commands (validate, self-test) still name files from the working folder"


_KILLED_MID_WRITE = """
import os, sys, time
from pathlib import Path
from kiosk.core import statefile

def stuck(*_args):  # the kill comes between the temporary file's writing and its rename
    print("written", flush=True)
    time.sleep(60)

os.replace = stuck
statefile.atomic_write(Path(sys.argv[1]), "{}")
"""


def test_a_write_killed_midway_leaves_a_temporary_file_that_the_next_start_removes(tmp_path: Path) -> None:
    """What CI's booted check found after its kill -9 and watchdog faults: a `.clinic_kiosk.prom.XXXXXXXX`
    in the log folder, and every such death would have left one more for ever."""
    target = tmp_path / health.PROM_FILE
    target.write_text("old\n")
    writer = subprocess.Popen([sys.executable, "-c", _KILLED_MID_WRITE, str(target)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "written\n"
    finally:
        writer.kill()
        writer.wait()
    (left,) = [p for p in tmp_path.iterdir() if p != target]
    assert left.name.startswith(f".{health.PROM_FILE}.") and left.read_text() == "{}"
    # Files that only look alike stay: another program's, a folder, and an older kiosk's aside copy.
    keep = [tmp_path / f".{health.PROM_FILE}.corrupt-1", tmp_path / f".{STATUS_FILE}.abcdefg",
            tmp_path / f".other.json.{left.name[-8:]}", tmp_path / f"{health.PROM_FILE}.abcdefgh"]
    for path in keep:
        path.write_text("x")
    folder = tmp_path / f".{STATUS_FILE}.abcd_123"
    folder.mkdir()
    stale_status = tmp_path / f".{STATUS_FILE}.zz9_0aq1"
    stale_status.write_text("x")

    removed = remove_leftovers([target, tmp_path / STATUS_FILE, tmp_path / "nothing" / "here.json"])

    assert sorted(removed) == sorted([left, stale_status])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, folder.name, *(p.name for p in keep)])
    assert target.read_text() == "old\n", "the file itself is untouched"
