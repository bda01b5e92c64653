"""A cache of validated content: each topic file's check results, kept until anything they depend on changes.

What one topic file's results depend on, and so its key: the file's bytes, ``pack.yaml`` and
``glossary.yaml`` (languages, sections, glossary words), the folders as messages name them, how the
folder is checked (the picture check in use, whether starter text is an error), the code that checks
(the kiosk's version, this cache's schema and, from a source checkout, the checking modules' bytes)
and every picture the file's checks looked at (where each one resolved, and that file's bytes).
A result whose key differs is not used; the checks across files (duplicate ids, related topics,
sections, glossary use, overdue reviews) run on every load from the results of every file, so a
load with the cache reports exactly what a load without it does.

The cache is JSON (never pickle), read only up to a size limit, and any cache that cannot be read,
was written for another folder or another kiosk, or holds anything unexpected is ignored and
written anew. If it cannot be written, everything still works, only slower.

Where it lives: for a pack installed in the content store, in the pack's folder (``.kiosk-cache``,
written at install time by ``contentsource.write_cache``); for any other folder, in the platform's cache folder
under a name made from the folder's absolute path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .topicindex import TopicEntry, TopicFacts

log = logging.getLogger("kiosk")

SCHEMA = 1
FORMAT = "clinic-kiosk content cache"
FOLDER_NAME = ".kiosk-cache"
"""The cache's folder inside an installed pack (the loader reads only pack.yaml, glossary.yaml and topics/)."""
MAX_INDEX_BYTES = 64 * 2**20
MAX_MODELS_BYTES = 256 * 2**20
MAX_INPUT_BYTES = 1_000_000  # yamlsrc.MAX_BYTES: a bigger file is refused by the loader anyway
_CODE = ("loader.py", "model.py", "review.py", "markup.py", "svgstatic.py", "starter.py", "yamlsrc.py",
         "languages.py", "topicindex.py", "contentcache.py")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bounded(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it is missing, unreadable or larger than ``limit``."""
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def _code_key() -> str:
    from .. import __version__

    parts = [f"{FORMAT} {SCHEMA} {__version__}".encode()]
    here = Path(__file__).parent
    for name in _CODE:  # from a source checkout (a bundle has no .py files: its version says enough)
        parts.append(_read_bounded(here / name, 4 * 2**20) or b"-")
    return _sha(b"\0".join(parts))


def cache_base() -> Path:
    """The platform's cache folder for content caches (``KIOSK_CACHE_DIR`` overrides it, e.g. in tests)."""
    explicit = os.environ.get("KIOSK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs

    from .. import APP_NAME

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "content"


def _machine_secret() -> str:
    """A random value kept in the platform cache folder and part of every key: a cache that came from
    elsewhere (for example inside a pack's zip) never matches, even with the right file hashes."""
    path = cache_base() / "secret"
    data = _read_bounded(path, 256)
    if data is not None and len(data) >= 32:
        return data.decode("ascii", "replace")
    secret = os.urandom(32).hex()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="ascii") as file:
            file.write(secret)
    except FileExistsError:
        data = _read_bounded(path, 256)
        return data.decode("ascii", "replace") if data is not None else secret
    except OSError:
        pass  # not kept: this load's cache will not match the next one (only slower)
    return secret


def cache_dir(root: Path) -> Path:
    """Where the cache of the content folder ``root`` lives (see the module's text)."""
    inside = root / FOLDER_NAME
    if inside.is_dir() and not inside.is_symlink():
        return inside
    return cache_base() / _sha(str(root.resolve()).encode())[:32]


class ContentCache:
    """The cached results of one content folder checked one way (``mode``), for one load."""

    def __init__(self, root: Path, resources: Path, mode: str, default_language: str,
                 resolve: Callable[[str], Path | str], directory: Path | None = None) -> None:
        """``mode``: how the folder is checked, including the folders as messages name them;
        ``resolve``: a picture's file (or why not), as the loader resolves it."""
        self.root, self.resources = root, resources
        self.resolve = resolve
        self.default_language = default_language
        self.directory = directory if directory is not None else cache_dir(root)
        mode_key = _sha(mode.encode())[:16]
        self.index_path = self.directory / f"index-{mode_key}.json"
        self._models_prefix = f"models-{mode_key}-"
        inputs = [_machine_secret(), _code_key(), mode, str(root.resolve()), str(resources.resolve())]
        for name in ("pack.yaml", "glossary.yaml"):
            data = _read_bounded(root / name, MAX_INPUT_BYTES)
            inputs.append(_sha(data) if data is not None else "-")
        self.key = _sha("\0".join(inputs).encode())
        self._old: dict[str, Any] = {}
        self._models = b""
        self._keys: dict[str, str] = {}
        self._used: dict[str, tuple[dict[str, Any] | None, TopicFacts]] = {}
        self._hashes: dict[str, str] = {}
        self._resolved: dict[str, str] = {}
        self.changed = False
        self._read()

    # ---- reading ---------------------------------------------------------------------
    def _read(self) -> None:
        data = _read_bounded(self.index_path, MAX_INDEX_BYTES)
        if data is None:
            return
        try:
            index = json.loads(data)
            if (not isinstance(index, dict) or index.get("format") != FORMAT or index.get("schema") != SCHEMA
                    or index.get("key") != self.key or not isinstance(index.get("files"), dict)):
                return  # another folder, another kiosk, or pack.yaml or the glossary changed
            models = index.get("models")
            if models is not None:
                name = str(models)
                if "/" in name or "\\" in name or not name.startswith(self._models_prefix):
                    return
                blob = _read_bounded(self.directory / name, MAX_MODELS_BYTES)
                if blob is None or _sha(blob) != index.get("models_sha256"):
                    return
                self._models = blob
            self._old = index["files"]
        except (ValueError, TypeError):
            log.info("content cache %s cannot be read; it is made anew", self.index_path)

    def _picture_hash(self, resolved: str) -> str:
        if resolved.startswith("!"):
            return ""
        known = self._hashes.get(resolved)
        if known is None:
            data = _read_bounded(Path(resolved), 64 * 2**20)
            known = _sha(data) if data is not None else "?"
            self._hashes[resolved] = known
        return known

    def lookup(self, path: Path) -> TopicFacts | None:
        """The cached results for the topic file ``path``, or None when there are none that still hold."""
        data = _read_bounded(path, MAX_INPUT_BYTES)
        if data is None:
            return None  # unreadable or too big: the loader says why
        key = _sha(self.key.encode() + b"\0" + data)
        self._keys[path.name] = key
        record = self._old.get(path.name)
        if not isinstance(record, dict) or record.get("key") != key:
            return None
        try:
            pictures: dict[str, str] = {}
            for src, (resolved, digest) in record["pictures"].items():
                now = self._resolved.get(src)
                if now is None:  # many topics share a drawing: resolved once per load
                    found = self.resolve(str(src))
                    now = self._resolved[src] = str(found) if isinstance(found, Path) else "!" + found
                if now != resolved or self._picture_hash(now) != digest:
                    return None
                pictures[str(src)] = now
            facts = TopicFacts.from_json(path.name, record["facts"], pictures)
            if facts.valid:
                start, length = record["model"]
                if not (isinstance(start, int) and isinstance(length, int) and start >= 0
                        and start + length <= len(self._models)):
                    return None
                facts.model_json = self._models[start:start + length]
                facts.entry = TopicEntry.from_json(record["entry"], self.default_language)
        except (KeyError, TypeError, ValueError):
            return None
        self._used[path.name] = (record, facts)
        return facts

    def file_key(self, name: str) -> str | None:
        """The key of the topic file ``name`` as this load read it (None when it could not be read)."""
        return self._keys.get(name)

    def remember(self, path: Path, facts: TopicFacts) -> None:
        """New results for ``path`` (after :meth:`lookup` found none)."""
        self._used[path.name] = (None, facts)
        self.changed = True

    # ---- writing ---------------------------------------------------------------------
    def save(self) -> bool:
        """Write what this load used (the files that are gone are dropped); False when it cannot be written."""
        if not self.changed and set(self._used) == set(self._old):
            return True
        files: dict[str, Any] = {}
        chunks: list[bytes] = []
        offset = 0
        for name, (_record, facts) in self._used.items():
            key = self._keys.get(name)
            if key is None:
                continue
            record: dict[str, Any] = {
                "key": key, "facts": facts.to_json(),
                "pictures": {src: [resolved, self._picture_hash(resolved)] for src, resolved in facts.pictures.items()}}
            model = facts.model_bytes() if facts.valid else None
            entry = facts.index_entry() if facts.valid else None
            if facts.valid:
                if model is None or entry is None:
                    continue
                record["model"] = [offset, len(model)]
                record["entry"] = entry.to_json()
                chunks.append(model)
                offset += len(model)
            files[name] = record
        blob = b"".join(chunks)
        digest = _sha(blob)
        models_name = f"{self._models_prefix}{digest[:16]}.json"
        index = {"format": FORMAT, "schema": SCHEMA, "key": self.key, "folder": str(self.root.resolve()),
                 "models": models_name, "models_sha256": digest, "files": files}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write(self.directory / models_name, blob)
            _write(self.index_path, json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode())
            for old in self.directory.glob(self._models_prefix + "*.json"):
                if old.name != models_name:  # the kiosk keeps the models it loaded in memory: safe to delete
                    with contextlib.suppress(OSError):
                        old.unlink()
        except OSError as exc:
            log.info("content cache %s cannot be written (%s); loading stays slower", self.directory, exc)
            return False
        return True


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class FitCache:
    """``kiosk validate``'s text-fit results (which pages' text needs more room than it has), by a key
    made of everything the layout depends on: the topic file's cache key and the kiosk's QML, fonts
    and screen size (see ``kiosk.qt.textfit``). Kept beside the folder's cache of validated content."""

    def __init__(self, root: Path) -> None:
        self.path = cache_dir(root) / "fits.json"
        self._old: dict[str, Any] = {}
        self._new: dict[str, list[list[Any]]] = {}
        data = _read_bounded(self.path, MAX_INDEX_BYTES)
        if data is None:
            return
        try:
            stored = json.loads(data)
        except ValueError:
            return
        if isinstance(stored, dict) and stored.get("format") == FORMAT + " fits" and stored.get("schema") == SCHEMA \
                and isinstance(stored.get("fits"), dict):
            self._old = stored["fits"]

    def get(self, key: str) -> list[list[Any]] | None:
        """The rows stored under ``key`` (each a list of JSON values), or None."""
        rows = self._new.get(key, self._old.get(key))
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            return None
        self._new[key] = rows
        return rows

    def put(self, key: str, rows: list[list[Any]]) -> None:
        self._new[key] = rows

    def save(self) -> bool:
        """Keep what this run used (older results are dropped); False when it cannot be written."""
        if self._new == self._old:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write(self.path, json.dumps({"format": FORMAT + " fits", "schema": SCHEMA, "fits": self._new}).encode())
        except OSError as exc:
            log.info("text-fit cache %s cannot be written (%s)", self.path, exc)
            return False
        return True
