"""The kiosk's own small state files (usage counts, the PIN lock): read them bounded and strictly,
write them atomically, and set a bad one aside.

Anything may be found in place of such a file: junk, a huge or endlessly nested file, a folder,
a FIFO. Reading never blocks, never reads more than a limit, and turns every way of failing
into ``UnreadableError`` with a few words for the log.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

MAX_DIGITS = 12  # no count or time of ours has more (a Unix time has 10)


class UnreadableError(ValueError):
    """Why a state file cannot be used, in a few words for the log."""

    @staticmethod
    def reason(exc: BaseException) -> str:
        """One short line for any failure, expected (UnreadableError) or not."""
        text = str(exc) if isinstance(exc, UnreadableError) else f"{type(exc).__name__}: {exc}"
        lines = text.splitlines()
        return lines[0][:300] if lines else type(exc).__name__


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Write to a temporary file beside ``path`` and rename it over: never a half-written file.

    The file gets exactly ``mode`` (private by default), whatever the process's umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # not filtered by the umask, unlike the mode of open()
        else:  # Windows: only the read-only bit exists
            os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# The name of atomic_write's temporary file: a dot, the file's name, a dot and mkstemp's eight
# random characters (Python's tempfile draws them from a-z, 0-9 and _).
_TEMPORARY_TAIL = re.compile(r"[a-z0-9_]{8}")


def remove_leftovers(paths: Iterable[Path]) -> list[Path]:
    """Remove the temporary files that an ``atomic_write`` of one of ``paths`` left behind when its
    process was killed in the middle (kill -9, a power cut, the watchdog's abort of a frozen kiosk).
    Each restart after such a death would otherwise keep one more for ever. Returns what it removed.

    Only the one process that writes these files may call this (the kiosk, holding its lock): the
    temporary file of a write under way looks the same."""
    removed: list[Path] = []
    for path in paths:
        prefix = f".{path.name}."
        try:
            siblings = list(os.scandir(path.parent))
        except OSError:
            continue
        for entry in siblings:
            if not (entry.name.startswith(prefix) and _TEMPORARY_TAIL.fullmatch(entry.name[len(prefix):])):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def overwrite_in_place(path: Path, text: str) -> bool:
    """Rewrite an existing file in the space it already has, for a full disk where ``atomic_write``
    cannot make its temporary file. Not atomic (a reader may see half of it), so only the last resort
    of files that are rewritten often and read by monitors, which would rather see a fresh file than a
    stale one. False (nothing written) when the file is not a regular file or the text needs more room
    than the file has on disk."""
    data = text.encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        room = getattr(info, "st_blocks", 0) * 512
        if not stat.S_ISREG(info.st_mode) or len(data) > room:
            return False
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.ftruncate(fd, len(data))
        os.fsync(fd)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def set_aside(path: Path, suffix: str) -> Path:
    """Rename ``path`` to ``<name>.<suffix>`` (replacing an older one of that name) so that it is
    never read again; returns the new path, or ``path`` itself when it cannot be moved."""
    aside = path.with_name(f"{path.name}.{suffix}")
    try:
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)
        os.replace(path, aside)
    except OSError:
        return path
    return aside


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} KB"


class NotPlainFileError(OSError):
    """A path that is there but is no regular file: ``folder`` tells a folder from a FIFO, socket or device."""

    def __init__(self, path: Path, folder: bool) -> None:
        super().__init__(f"{path} is {'a folder' if folder else 'not a regular file'}")
        self.folder = folder


@contextlib.contextmanager
def open_plain(path: Path) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """A regular file opened for reading, with its stat; NotPlainFileError or OSError otherwise.

    The one way the kiosk opens a file someone else may have put there (content, config, state,
    drawings, packs): opened non-blocking, so a FIFO or a device never blocks the reader, and
    checked to be a regular file before anything reads it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:  # Windows cannot open a folder; Linux can, and fstat tells below
        raise NotPlainFileError(Path(path), folder=True) from None
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode):  # checked before Python's file object, which refuses folders
        os.close(fd)
        raise NotPlainFileError(Path(path), folder=stat.S_ISDIR(info.st_mode))
    with os.fdopen(fd, "rb") as handle:
        yield handle, info


def read_at_most(handle: BinaryIO, limit: int) -> bytes | None:
    """At most ``limit`` bytes from ``handle``; None if there are more (it grew, or lied in stat)."""
    chunks, total = [], 0
    while total <= limit:
        chunk = handle.read(min(limit + 1 - total, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return None if total > limit else b"".join(chunks)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; UnreadableError otherwise.

    Never blocks on a FIFO or a device and never reads more than ``limit`` + 1 bytes, whatever
    the file claims."""
    try:
        with open_plain(path) as (handle, info):
            if info.st_size > limit:
                raise UnreadableError(f"it is larger than {_size(limit)}")
            data = read_at_most(handle, limit)
    except NotPlainFileError:
        raise UnreadableError("it is not a regular file") from None
    except OSError as exc:
        raise UnreadableError(f"cannot read it: {exc.strerror}") from None
    if data is None:
        raise UnreadableError(f"it is larger than {_size(limit)}")
    return data


def parse_json(data: bytes, noun: str = "count") -> Any:
    """Strict JSON of whole numbers: no Infinity or NaN, no fractions, no number of more than
    MAX_DIGITS digits (Python would spend time on it or refuse it with a ValueError), and nesting
    bounded (RecursionError). UnreadableError with one short reason otherwise; ``noun`` names what a
    number in the file is."""
    def no_constant(name: str) -> Any:
        raise UnreadableError(f"'{name}' is not a {noun}")

    def no_float(text: str) -> Any:
        raise UnreadableError(f"{text[:40]} is not a {noun if noun.startswith('whole') else 'whole-number ' + noun}")

    def whole(text: str) -> int:
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise UnreadableError(f"a {noun} has more than {MAX_DIGITS} digits")
        return int(text)

    if not data.strip():
        raise UnreadableError("it is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableError("it is not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=no_constant, parse_float=no_float, parse_int=whole)
    except json.JSONDecodeError as exc:
        raise UnreadableError(f"it is not JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise UnreadableError("it is nested too deeply") from None
