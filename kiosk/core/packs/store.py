"""The content store: installed content packs, switched atomically, with one step of rollback.

The content store
-----------------
::

    root/versions/<version>-<hash>/   one unpacked pack each; complete and never changed
    root/current                      -> versions/<...>   what the kiosk shows
    root/previous                     -> versions/<...>   what ``rollback()`` goes back to
    root/shown                        -> versions/<...>   what the running kiosk has on screen
    root/.staging-*  root/.trash-*    work folders (same file system), removed on next use
    root/.lock                        one installer at a time

The pointers are relative symbolic links; where links cannot be made (Windows
without the privilege, FAT file systems) they are small text files holding the
same ``versions/<...>`` text. Either way a pointer is changed only by writing a
new one under a temporary name in ``root`` and ``os.replace``-ing it over the old.

THE INVARIANT: ``current`` always names a complete, validated version, or
nothing (no pack installed yet); never a mix of two versions.

Why it holds, even when the process is killed at any point:

1. A pack is unpacked, checked against its manifest and validated in a staging
   folder and fsynced, and only then renamed into ``versions/`` in one rename.
   So every folder in ``versions/`` is complete; a crash before the rename
   leaves only a staging folder, which nothing points at.
2. Folders in ``versions/`` are never written again. They are deleted only when
   no pointer names them, and by first renaming them to ``root/.trash-*`` (one
   rename) so a half-deleted folder never sits in ``versions/``.
3. ``current`` changes in one ``os.replace`` (atomic on POSIX and Windows): a
   reader sees the old version or the new one.
4. Switching writes ``previous`` (= the old current) first and ``current`` second.
   A crash between the two leaves ``current`` on the old version and ``previous``
   equal to it: consistent, merely without a rollback target.

Repair on next use (``recover()``, run under the lock by ``install``,
``rollback`` and ``process_inbox``), always the same steps: delete staging,
trash and temporary pointer files; drop pointers that do not name a folder in
``versions/`` (a broken ``current`` is replaced by a valid ``previous``); drop
``previous`` when it equals ``current`` (the half-switched state above); delete
versions no pointer names. ``current()`` itself only reads a pointer, so it is
right even before a repair.

Wiring into the running kiosk (Qt-free hooks, see ``pending_content``): at each
idle reset call ``process_inbox``, then ``pending_content(store)``; when that
returns a folder, load it and call ``store.mark_shown(folder)``.

Failures: ``install``, ``rollback`` and ``process_inbox`` never raise for a bad
pack; they return ``InstallResult(ok=False, reason=...)``. Tests simulate a
kill with ``ContentStore(fail_at=...)``, a hook called with each stage name
(``STAGES``) that may raise (or exit the process).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import stat
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .manifest import MANIFEST, PackRefusedError, one_line, pack_yaml_version, version_key
from .zipcheck import check_zip, extract, open_pack, verify

log = logging.getLogger("kiosk.core.packs")

_VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
POINTERS = ("current", "previous", "shown")

# The stages of an install, in order, as passed to the fail_at hook ("trashed" once per
# version pruned, after it left versions/ and before it is deleted).
STAGES = ("opened", "verified", "extracted", "validated", "synced", "renamed",
          "switched-previous", "switched-current", "trashed", "pruned")

Validate = Callable[[Path], list[str]]
FailAt = Callable[[str], None]

NO_KEY = ("this kiosk has no pack_public_key, so it takes no content packs: make a key pair with kiosk keygen "
          "and put pack_public_key in the config (for a test kiosk only: allow_unsigned_packs: true)")


class StoreBusyError(Exception):
    """Another process holds the content store's lock."""


@dataclass(frozen=True)
class InstallResult:
    ok: bool
    version: str | None
    reason: str
    folder: Path | None = None  # the installed content folder (versions/<...>) when ok
    busy: bool = False  # another process held the store; nothing was checked, try again later


class ContentStore:
    """Installed content packs with atomic switching and one step of rollback (see the module doc)."""

    def __init__(self, root: Path, *, fail_at: FailAt | None = None, lock_timeout: float = 30.0,
                 use_symlinks: bool | None = None) -> None:
        self.root = Path(root).absolute()
        self.versions = self.root / "versions"
        self.fail_at = fail_at
        self.lock_timeout = lock_timeout
        self.use_symlinks = (os.name != "nt") if use_symlinks is None else use_symlinks
        # Why the store cannot be written (an admin ran install-pack as root; a folder like /proc),
        # or None. The kiosk goes on with what it can read and shows this on the admin screen.
        self.problem: str | None = None

    def _trouble(self, exc: OSError) -> None:
        problem = one_line(f"cannot write the content store {self.root} ({exc.strerror or exc}); the kiosk shows the "
                            "content it can read and installs no packs until the folder belongs to the kiosk's user")
        if problem != self.problem:
            log.error("content store: %s", problem)
        self.problem = problem

    # -- pointers

    def _stage(self, name: str) -> None:
        if self.fail_at is not None:
            self.fail_at(name)

    def _read_pointer(self, name: str) -> str | None:
        """The version folder name a pointer holds, if it names an existing version folder."""
        path = self.root / name
        try:
            if path.is_symlink():
                text = os.readlink(path)
            elif path.is_file():
                with open(path, encoding="utf-8") as handle:
                    text = handle.read(512).strip()
            else:
                return None
            text = text.replace("\\", "/")
            parts = text.split("/")
            if len(parts) != 2 or parts[0] != "versions" or not _VERSION_NAME.match(parts[1]):
                return None
            return parts[1] if (self.versions / parts[1]).is_dir() else None
        except (OSError, UnicodeDecodeError):  # a store the kiosk may not read: no pointer, never a crash
            return None

    def _write_pointer(self, name: str, version: str | None) -> None:
        """Point ``name`` at versions/<version> (or remove it) with one atomic replace."""
        path = self.root / name
        if version is None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            _fsync_dir(self.root)
            return
        target = f"versions/{version}"
        tmp = self.root / f".{name}.tmp-{secrets.token_hex(4)}"
        made = False
        if self.use_symlinks:
            try:
                os.symlink(target, tmp)
                made = True
            except (OSError, NotImplementedError):
                made = False  # no links here (FAT, Windows without the privilege): a pointer file
        if not made:
            with open(tmp, "x", encoding="utf-8") as handle:
                handle.write(target + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        try:
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _fsync_dir(self.root)

    def _folder(self, version: str | None) -> Path | None:
        return self.versions / version if version else None

    def current(self) -> Path | None:
        """The content folder the kiosk should show, or None when no pack is installed."""
        return self._folder(self._read_pointer("current"))

    def previous(self) -> Path | None:
        """The content folder ``rollback()`` would go back to, or None."""
        return self._folder(self._read_pointer("previous"))

    def shown(self) -> Path | None:
        """The content folder the running kiosk last said it shows (``mark_shown``)."""
        return self._folder(self._read_pointer("shown"))

    def manifest(self, folder: Path | None) -> dict[str, Any] | None:
        """The manifest of an installed version (content_version, date, signed_off_by ...)."""
        if folder is None:
            return None
        try:
            data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _version_of(self, folder: Path | None) -> str | None:
        manifest = self.manifest(folder)
        value = manifest.get("content_version") if manifest else None
        return value if isinstance(value, str) else None

    # -- the lock

    @contextlib.contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the store's lock (one installer at a time); StoreBusyError after ``timeout`` seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        wait = self.lock_timeout if timeout is None else timeout
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise StoreBusyError(f"another process is installing content in {self.root}")
                time.sleep(0.05)
            try:
                yield
            finally:
                _unlock(fd)
        finally:
            os.close(fd)

    # -- repair

    def recover(self, timeout: float | None = None) -> bool:
        """Repair after a crash (see the module doc).

        False when another process holds the store, or when the store cannot be written
        (``problem`` says why; logged once). Never raises: a kiosk starts whatever the store is like.
        """
        try:
            if not self.root.is_dir():
                return True
            with self.lock(timeout):
                self._recover()
        except StoreBusyError:
            return False
        except OSError as exc:
            self._trouble(exc)
            return False
        self.problem = None
        return True

    def _recover(self) -> None:
        for entry in sorted(self.root.iterdir()):
            name = entry.name
            if name.startswith((".staging-", ".trash-")):
                _remove_tree(entry)
            elif name.startswith(".") and ".tmp-" in name:
                with contextlib.suppress(OSError):
                    entry.unlink()
        for name in POINTERS:
            if self._read_pointer(name) is None and ((self.root / name).exists() or (self.root / name).is_symlink()):
                log.warning("content store: removing the broken pointer %s", self.root / name)
                self._write_pointer(name, None)
        current = self._read_pointer("current")
        previous = self._read_pointer("previous")
        if current is None and previous is not None:
            log.warning("content store: no valid current version; going back to the previous one (%s)", previous)
            self._write_pointer("current", previous)
            current = previous
        if previous is not None and previous == current:
            self._write_pointer("previous", None)
        self._prune()

    def _prune(self) -> None:
        """Delete every version no pointer names: first out of versions/ (one rename), then from disk."""
        if not self.versions.is_dir():
            return
        keep = {self._read_pointer(name) for name in POINTERS} - {None}
        for entry in sorted(self.versions.iterdir()):
            if entry.name in keep:
                continue
            trash = self.root / f".trash-{secrets.token_hex(6)}"
            try:
                os.replace(entry, trash)
            except OSError as exc:
                log.warning("content store: cannot remove old version %s: %s", entry, exc)
                continue
            _fsync_dir(self.versions)
            self._stage("trashed")
            _remove_tree(trash)

    # -- install and rollback

    def _switch(self, new_previous: str | None, new_current: str) -> None:
        """previous first, current second: a crash in between leaves the old current (module doc, 4)."""
        self._write_pointer("previous", new_previous if new_previous != new_current else None)
        self._stage("switched-previous")
        self._write_pointer("current", new_current)
        self._stage("switched-current")

    def install(self, zip_path: Path, public_key_b64: str | None, max_bytes: int, validate: Validate, *,
                allow_unsigned: bool = False, allow_downgrade: bool = False) -> InstallResult:
        """Verify, validate and install one pack; never raises for a bad pack (see the module doc).

        Without ``public_key_b64`` every pack is refused unless ``allow_unsigned`` (the config's
        ``allow_unsigned_packs``). A pack whose version is not newer than the installed ones
        is refused unless ``allow_downgrade`` (``kiosk install-pack --allow-downgrade``, never the inbox).
        """
        zip_path = Path(zip_path)
        try:
            with self.lock():
                result = self._install(zip_path, public_key_b64, max_bytes, validate, allow_unsigned, allow_downgrade)
            self.problem = None
        except StoreBusyError as exc:
            return InstallResult(False, None, str(exc), busy=True)
        except OSError as exc:  # the caller reports the result; start-up (recover) logs a store it cannot write
            return InstallResult(False, None, one_line(f"cannot install: {exc}"))
        except Exception as exc:  # a bug, or a check that broke on hostile input: refuse, never crash the caller
            log.info("content store: installing %s failed unexpectedly: %s: %s", zip_path, type(exc).__name__, one_line(str(exc)))
            log.debug("content store: the failure", exc_info=True)
            return InstallResult(False, None, one_line(f"the install failed unexpectedly ({type(exc).__name__}: {exc})"))
        return InstallResult(result.ok, result.version, one_line(result.reason), result.folder, result.busy)

    def _install(self, zip_path: Path, public_key_b64: str | None, max_bytes: int, validate: Validate,
                 allow_unsigned: bool, allow_downgrade: bool) -> InstallResult:
        if not public_key_b64 and not allow_unsigned:
            return InstallResult(False, None, NO_KEY)
        self._recover()
        self.versions.mkdir(exist_ok=True)
        staging: Path | None = None
        version: str | None = None
        try:
            with open_pack(zip_path, max_bytes) as zf:
                files, special = check_zip(zf, max_bytes)
                self._stage("opened")
                opened = verify(zf, files, special, public_key_b64)
                version = opened.manifest["content_version"]
                name = _version_name(version, opened.manifest_bytes)
                old = self._read_pointer("current")
                self._stage("verified")
                if name == old:
                    return InstallResult(True, version, f"content {version} is already installed", self.versions / name)
                if not allow_downgrade:
                    self._refuse_older(version, name)
                staging = self.root / f".staging-{secrets.token_hex(6)}"
                extract(zf, opened, staging, max_bytes)
            self._stage("extracted")
            try:
                problems = validate(staging)
            except Exception as exc:  # the caller's check failed: refuse rather than install unchecked
                log.info("content store: validating %s failed: %s: %s", zip_path, type(exc).__name__, one_line(str(exc)))
                log.debug("content store: the failure", exc_info=True)
                problems = [f"the check itself failed ({exc})"]
            if problems:
                shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
                raise PackRefusedError(f"the content is not valid: {shown}")
            in_yaml = pack_yaml_version(staging)
            if in_yaml != version:
                raise PackRefusedError(f"manifest.json says content version {version} but pack.yaml says {in_yaml}")
            self._stage("validated")
            _fsync_tree(staging)
            self._stage("synced")
            target = self.versions / name
            if target.is_dir():
                _remove_tree(staging)  # already unpacked (it is previous, or on screen): complete by the invariant
            else:
                os.replace(staging, target)
                _fsync_dir(self.versions)
                _fsync_dir(self.root)
            staging = None
            self._stage("renamed")
            self._switch(old, name)
            self._prune()
            self._stage("pruned")
        except (PackRefusedError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
                UnicodeError, OSError) as exc:
            # zipfile raises BadZipFile for a bad CRC, NotImplementedError for unknown compression,
            # RuntimeError for encryption; OSError covers a full disk.
            if staging is not None:
                _remove_tree(staging)
            reason = str(exc) if isinstance(exc, PackRefusedError) else f"cannot unpack: {exc}"
            return InstallResult(False, version, reason)
        except Exception:  # unexpected: install() says so in one line; the half-made folder goes now
            if staging is not None:
                _remove_tree(staging)
            raise
        was = self._version_of(self._folder(old))
        return InstallResult(True, version, f"installed content {version}" + (f" (was {was})" if was else ""), self.versions / name)

    def _refuse_older(self, version: str, name: str) -> None:
        """PackRefusedError unless ``version`` is newer than every installed version (current and previous).

        An old pack, correctly signed, replayed into the inbox would otherwise roll the kiosk
        back without anyone asking (TUF and apt refuse the same); a different pack with the
        same version would make two contents indistinguishable on the admin screen and in rollback.
        Reinstalling the very pack that is ``previous`` (the same manifest) is allowed when it is the newer one.
        """
        for pointer in ("current", "previous"):
            installed = self._read_pointer(pointer)
            have = self._version_of(self._folder(installed))
            if have is None or (installed == name and version_key(version) == version_key(have)):
                continue
            if version_key(version) < version_key(have):
                raise PackRefusedError(f"content {version} is older than the installed {have}; a kiosk takes only newer content "
                                       "(to go back, use rollback; to force it, IT runs kiosk install-pack --allow-downgrade)")
            if version_key(version) == version_key(have):
                raise PackRefusedError(f"content {version} is already installed from another pack with the same version; "
                                       "give the new pack a higher version in pack.yaml")

    def rollback(self) -> InstallResult:
        """Make the previous version current again (and the current one previous)."""
        try:
            with self.lock():
                self._recover()
                current, previous = self._read_pointer("current"), self._read_pointer("previous")
                if previous is None:
                    return InstallResult(False, self._version_of(self._folder(current)), "there is no previous version to go back to")
                self._switch(current, previous)
        except StoreBusyError as exc:
            return InstallResult(False, None, str(exc), busy=True)
        except OSError as exc:
            return InstallResult(False, None, f"cannot roll back: {exc}")
        version = self._version_of(self._folder(previous))
        was = self._version_of(self._folder(current))
        return InstallResult(True, version, f"rolled back to content {version}" + (f" (from {was})" if was else ""),
                             self._folder(previous))

    def mark_shown(self, folder: Path | None, timeout: float = 2.0) -> bool:
        """The running kiosk now shows ``folder`` (a version folder, or None for other content).

        Kept from pruning while shown, and what ``pending_content`` compares with.
        False when the store was busy (call again at the next idle reset).
        """
        name = Path(folder).absolute().name if folder is not None and Path(folder).absolute().parent == self.versions else None
        try:
            with self.lock(timeout):
                self._write_pointer("shown", name if name and (self.versions / name).is_dir() else None)
        except StoreBusyError:
            return False
        except OSError as exc:
            self._trouble(exc)
            return False
        return True


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # (Windows only; typeshed hides it elsewhere)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # (Windows only; typeshed hides it elsewhere)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _remove_tree(path: Path) -> None:
    def retry_writable(func: Callable[..., Any], name: str, _exc: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(name, stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
            func(name)

    if path.is_symlink() or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, onerror=retry_writable)


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a folder to flush it; NTFS journals renames
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for folder, _dirs, _files in os.walk(root, topdown=False):
        _fsync_dir(Path(folder))


def _version_name(version: str, manifest_bytes: bytes) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", version).strip("._-")[:40] or "content"
    return f"{safe}-{hashlib.sha256(manifest_bytes).hexdigest()[:12]}"
