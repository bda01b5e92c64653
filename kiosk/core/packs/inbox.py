"""The content inbox: packs IT drops into a folder, taken in once complete and checked once;
and the hooks the running kiosk calls between patients (``pending_content``)."""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..statefile import atomic_write, open_plain
from .store import ContentStore, InstallResult, PublicKeys, Validate
from .store import pending_content as store_pending
from .zipcheck import zip_end_record

log = logging.getLogger("kiosk.core.packs")


INSTALLED, REJECTED, PROCESSING = "installed", "rejected", "processing"
UNFINISHED = ("an earlier check of this pack did not finish (the kiosk stopped, crashed or ran out of time during it); "
              "it was set aside so that it cannot stop the kiosk again; copy it into the inbox again to retry")


def _candidates(inbox: Path) -> list[Path]:
    """The packs waiting in the inbox: plain ``*.zip`` files, not hidden (``.name.zip``, ``name.zip.part`` wait)."""
    try:
        return [p for p in Path(inbox).iterdir() if p.suffix.lower() == ".zip" and not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []


class InboxWatch:
    """Which inbox files are complete: unchanged across two looks and ending in a zip end record.

    A file is taken when its size and modification time are the same as at an earlier look
    at least ``settle_seconds`` before, and the zip's end record (its last bytes) is there: a
    copy that stalls keeps its old size but has no end yet, so it waits instead of being
    refused half-copied. A file that has no end record and has not changed for
    ``stale_seconds`` is taken anyway (and refused as not a zip). IT can also copy under
    another name (``pack.zip.part``, ``.pack.zip``) and rename it into place: only finished
    ``*.zip`` names are looked at.
    """

    def __init__(self, inbox: Path, settle_seconds: float = 5.0, stale_seconds: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.inbox = Path(inbox)
        self.settle_seconds = settle_seconds
        self.stale_seconds = stale_seconds
        self.clock = clock
        self._seen: dict[str, tuple[tuple[int, int], float]] = {}  # name -> ((size, mtime), unchanged since)

    def look(self) -> list[Path]:
        """The files ready to install now, oldest first; remembers this look for the next one."""
        now = self.clock()
        seen: dict[str, tuple[tuple[int, int], float]] = {}
        ready = []
        for path in _candidates(self.inbox):
            try:
                info = path.stat()
            except OSError:
                continue
            key = (info.st_size, info.st_mtime_ns)
            before = self._seen.get(path.name)
            since = before[1] if before is not None and before[0] == key else now
            seen[path.name] = (key, since)
            if before is None or before[0] != key or now - since < self.settle_seconds:
                continue
            if now - since < self.stale_seconds and not _has_end_record(path):
                continue  # unchanged, but the zip's end is not there yet: a copy that stalled
            ready.append((info.st_mtime_ns, path.name, path))
        self._seen = seen
        return [path for _mtime, _name, path in sorted(ready)]


def _has_end_record(path: Path) -> bool:
    try:
        with open_plain(path) as (handle, _info):
            return zip_end_record(handle) is not None
    except OSError:  # NotPlainFileError included
        return False


def claim(path: Path, inbox: Path) -> Path | None:
    """Move a pack into ``inbox/processing/`` before anything opens it; None if it cannot be moved.

    Whatever happens during the check (a crash, a kill by the watchdog, a time limit), the pack
    is no longer where the next start would look for new packs: ``sweep_processing`` sets it
    aside, so a pack can never make the kiosk fail over and over.
    """
    folder = Path(inbox) / PROCESSING
    try:
        folder.mkdir(exist_ok=True)
        target = _free_name(folder, path)
        os.replace(path, target)
    except OSError as exc:
        log.error("content pack %s: cannot move it into %s, so it is not checked: %s", path.name, folder, exc)
        return None
    return target


def settle_pack(claimed: Path, inbox: Path, result: InstallResult) -> Path:
    """Where a checked pack goes: installed/, rejected/ (with its reason), or back into the inbox when the store was busy."""
    inbox = Path(inbox)
    if result.busy:
        try:
            target = _free_name(inbox, claimed)
            os.replace(claimed, target)
        except OSError as exc:
            log.error("content pack %s: cannot move it back into the inbox: %s", claimed.name, exc)
            return claimed
        return target
    if result.ok:
        log.info("content pack %s: %s", claimed.name, result.reason)
        return _move_aside(claimed, inbox / INSTALLED)
    log.error("content pack %s refused: %s", claimed.name, result.reason)
    return _move_aside(claimed, inbox / REJECTED, result.reason)


def sweep_processing(inbox: Path, reason: str = UNFINISHED) -> list[tuple[Path, InstallResult]]:
    """Set aside (to rejected/, with ``reason``) every pack left in ``inbox/processing/`` by a check that did not finish.

    Call it only when no check is running: at start-up, and before each new check.
    """
    folder = Path(inbox) / PROCESSING
    try:
        left = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError:
        return []
    out = []
    for path in left:
        result = InstallResult(False, None, reason)
        out.append((settle_pack(path, inbox, result), result))
    return out


def process_inbox(
    inbox: Path,
    store: ContentStore,
    public_keys: PublicKeys,
    max_bytes: int,
    validate: Validate,
    *,
    allow_unsigned: bool = False,
    watch: InboxWatch | None = None,
) -> list[tuple[Path, InstallResult]]:
    """Install every ready ``*.zip`` in ``inbox``, oldest first, in this process.

    Which files are ready is ``watch``'s call (see InboxWatch); without one, every complete
    file now. Each pack moves into ``inbox/processing/`` before it is opened, then to
    ``inbox/installed/``, or to ``inbox/rejected/`` with ``<name>.reason.txt`` beside it.
    Packs a crashed check left in processing/ go to rejected/ first. Everything waits while
    another process holds the store. Returns (pack, result) pairs. Never raises for a bad
    pack or a missing inbox. Downgrades are always refused here (never from the inbox).

    The running kiosk does the same, with each install in a separate process with a time
    limit (kiosk.qt.runtime), so that no pack can freeze or crash it.
    """
    inbox = Path(inbox)
    if not inbox.is_dir() or not store.recover(timeout=0):
        return []  # no inbox; or another process is installing: the packs wait for the next call
    results = sweep_processing(inbox)
    if watch is None:  # every file now, finished or not
        watch = InboxWatch(inbox, settle_seconds=0, stale_seconds=0)
        watch.look()
    for path in watch.look():
        claimed = claim(path, inbox)
        if claimed is None:
            continue
        result = store.install(claimed, public_keys, max_bytes, validate, allow_unsigned=allow_unsigned)
        results.append((settle_pack(claimed, inbox, result), result))
        if result.busy:
            break
    return results


def _free_name(folder: Path, path: Path) -> Path:
    target = folder / path.name
    if target.exists() or target.is_symlink():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = folder / f"{path.stem}-{stamp}-{secrets.token_hex(2)}{path.suffix}"
    return target


def _move_aside(path: Path, folder: Path, reason: str | None = None) -> Path:
    """Move a pack into ``folder`` (a new name if one is there already); write its reason file."""
    try:
        folder.mkdir(exist_ok=True)
        target = _free_name(folder, path)
        if reason is not None:
            when = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            atomic_write(target.with_name(target.name + ".reason.txt"), f"{path.name} refused {when}:\n{reason}\n")
        os.replace(path, target)
    except OSError as exc:
        log.error("content pack %s: cannot move it to %s: %s", path.name, folder, exc)
        return path
    return target


def pending_content(store: ContentStore, order: Sequence[str] | None = None) -> list[Path] | None:
    """The folders to show when the kiosk does not show exactly them yet, else None (``store.pending_content``).

    The runtime, at each idle reset (never in front of a patient)::

        process_inbox(inbox, store, keys, max_bytes, validate)   # when content_inbox is set
        folders = pending_content(store, config.packs)
        if folders is not None:
            kiosk.set_content(load_for_kiosk(folders or fallback))
            store.mark_shown(folders)

    and at start-up, after showing ``store.folders(config.packs)``, ``store.mark_shown(them)``.
    After ``store.rollback(pack_id)`` (admin screen) the same lines swap the content in.
    """
    return store_pending(store, order)
