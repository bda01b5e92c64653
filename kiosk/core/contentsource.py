"""Which content a kiosk shows, and loading it so that bad content never stops the kiosk.

Importing this module is cheap: the kiosk's window comes up before pydantic and YAML load.

Every command that works on "the content in use" (``kiosk --version``, ``validate``,
``self-test``, ``--smoke``) and the kiosk itself (at start-up, on a new pack, on the admin
screen's reload) choose and load content here, so they all show the same content.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import bundled_content_dir

if TYPE_CHECKING:  # the loader (pydantic, YAML) is imported when content is loaded, not before
    from .config import LoadedConfig
    from .loader import Content, Severity

log = logging.getLogger("kiosk")


def content_folders(loaded: LoadedConfig, explicit: Path | None = None) -> list[Path]:
    """The content folders a kiosk with this config shows, in order: ``explicit`` (--content), else the
    content store's installed packs (config ``packs``, in that order; empty: every installed pack,
    in pack id order), else ``content_dir``, else the bundled content. Never empty."""
    if explicit is not None:
        return [Path(explicit)]
    config = loaded.config
    if config.content_store:
        from .packs.store import ContentStore

        try:
            folders = ContentStore(Path(config.content_store)).folders(config.packs)
        except OSError:
            folders = []
        if folders:
            return folders
    return [fallback_folder(loaded)]


def fallback_folder(loaded: LoadedConfig) -> Path:
    """What a kiosk shows when no pack it should show is installed: ``content_dir``, else the bundled content."""
    config = loaded.config
    return Path(config.content_dir) if config.content_dir else bundled_content_dir()


def content_folder(loaded: LoadedConfig, explicit: Path | None = None) -> Path:
    """The first of ``content_folders`` (for commands that work on one folder: ``--version``, ``self-test``)."""
    return content_folders(loaded, explicit)[0]


def _load_one(folder: Path, placeholders: Severity) -> Content | None:
    """One folder's validated content (through the cache of validated content), or None (logged)."""
    from . import loader

    try:
        result = loader.load_content(folder, placeholders=placeholders, cache=True)
    except Exception as exc:  # noqa: BLE001 - a bug the content triggers must not stop the kiosk
        log.error("content: cannot load the content in %s (%s: %s)", folder, type(exc).__name__,
                  " ".join(str(exc).split()))
        return None
    for problem in result.errors:
        log.error("content: %s", problem)
    return result.content if result.ok else None


def write_cache(folder: Path) -> bool:
    """See :func:`kiosk.core.loader.write_cache` (the content store calls that one: no import cycle)."""
    from . import loader

    return loader.write_cache(folder)


def load_for_kiosk(folders: Path | Sequence[Path] | None, placeholders: Severity = "error") -> Content:
    """The content to show: the configured folders that are valid, as one library, else the bundled content.

    ``folders``: one content folder per pack, in the order the kiosk shows them (one Path or None
    also works). Each is validated on its own; an invalid one is logged and left out, never
    stopping the others (see :func:`kiosk.core.loader.combine` for how they make one library).
    Through the cache of validated content, the kiosk reads each topic's index, and a topic's
    model only when it is opened.

    ``placeholders``: whether ``kiosk new-topic``'s stand-in texts make a folder invalid (the
    kiosk: they must never reach patients) or are only warned about (screenshots and gallery,
    which show an author's work in progress).

    Bad content never stops a kiosk: the problems are logged and the last good
    content (the bundled pack) is shown instead. Any exception while loading one
    folder leaves that folder out, so nothing a content folder holds can raise
    here; only when even the bundled content cannot be shown (a broken install)
    does this end the program (SystemExit, which ``start_kiosk`` logs).
    """
    from . import loader

    if folders is None:
        wanted: list[Path] = []
    elif isinstance(folders, (str, os.PathLike)):
        wanted = [Path(folders)]
    else:
        wanted = [Path(folder) for folder in folders]
    shown: list[Content] = []
    for folder in wanted:
        content = _load_one(folder, placeholders)
        if content is not None:
            shown.append(content)
        elif len(wanted) > 1:
            log.error("content in %s is not valid; it is left out", folder)
    if shown:
        return loader.combine(shown)
    if wanted:
        names = ", ".join(str(folder) for folder in wanted)
        log.error("content in %s is not valid; showing the bundled content instead", names)
    bundled = _load_one(bundled_content_dir(), placeholders)
    if bundled is None:
        raise SystemExit("kiosk: no valid content to show (see the errors above)")
    return bundled


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


class ContentWatch:
    """Notices when the content on screen is deleted or changed on disk while the kiosk shows it.

    The kiosk keeps showing what it loaded and validated (every topic's model is in memory), so a
    content folder deleted or corrupted under a running kiosk costs patients nothing; but IT must
    learn of it before the next restart or reload shows other content. ``check()`` (from the
    heartbeat; a few ``stat`` calls per topic) gives the log lines, once for each change."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.parts = [(part.root, part.pack, [part.root / "pack.yaml", *part.files.values()])
                      for part in (content.parts or [content])]
        self.seen = self._look()

    def _look(self) -> dict[Path, tuple[int, int, int] | None]:
        return {path: _stamp(path) for _, _, files in self.parts for path in [*files]}

    def check(self) -> list[tuple[int, str]]:
        """(logging level, message) for each folder gone or changed since the last check."""
        now = self._look()
        said: list[tuple[int, str]] = []
        for root, pack, files in self.parts:
            changed = [path for path in files if now.get(path) != self.seen.get(path)]
            if not changed:
                continue
            shown = f"{pack.id} {pack.version}"
            if not root.is_dir():
                said.append((logging.ERROR, f"content: the content folder {root} is gone (deleted or moved) while the kiosk "
                                            f"shows it; it keeps showing the content it loaded from there ({shown}), "
                                            "until it restarts or reloads content"))
            else:
                gone = sum(1 for path in changed if now.get(path) is None)
                said.append((logging.WARNING, f"content: {len(changed)} files in the content folder {root} changed"
                                              f"{f' ({gone} of them gone)' if gone else ''} while the kiosk shows it, "
                                              f"for example {changed[0].name}; it keeps showing the content it loaded "
                                              f"({shown}) and validates the folder again when it restarts or reloads content"))
        self.seen = now
        return said
