"""Which content a kiosk shows, and loading it so that bad content never stops the kiosk.

Importing this module is cheap: the kiosk's window comes up before pydantic and YAML load.

Every command that works on "the content in use" (``kiosk --version``, ``validate``,
``self-test``, ``--smoke``) and the kiosk itself (at start-up, on a new pack, on the admin
screen's reload) choose and load content here, so they all show the same content.
"""

from __future__ import annotations

import logging
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


def load_for_kiosk(folder: Path | None, placeholders: Severity = "error") -> Content:
    """The content to show: the configured folder if it is valid, else the bundled content.

    ``placeholders``: whether ``kiosk new-topic``'s stand-in texts make a folder invalid (the
    kiosk: they must never reach patients) or are only warned about (screenshots and gallery,
    which show an author's work in progress).

    Bad content never stops a kiosk: the problems are logged and the last good
    content (the bundled pack) is shown instead. Any exception while loading one
    folder falls back to the next, so nothing a content folder holds can raise
    here; only when even the bundled content cannot be shown (a broken install)
    does this end the program (SystemExit, which ``start_kiosk`` logs).
    """
    from . import loader

    candidates = [folder] if folder is not None else []
    candidates.append(bundled_content_dir())
    for candidate in candidates:
        try:
            result = loader.load_content(candidate, placeholders=placeholders)
        except Exception as exc:  # noqa: BLE001 - a bug the content triggers must not stop the kiosk
            log.error("content: cannot load the content in %s (%s: %s)", candidate, type(exc).__name__,
                      " ".join(str(exc).split()))
            continue
        for problem in result.errors:
            log.error("content: %s", problem)
        if result.ok and result.content is not None:
            if candidate != candidates[0]:
                log.error("content in %s is not valid; showing the bundled content instead", candidates[0])
            return result.content
    raise SystemExit("kiosk: no valid content to show (see the errors above)")
