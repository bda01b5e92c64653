"""The content store: installed content packs side by side, one slot per pack id, each switched
atomically with one step of rollback.

The content store
-----------------
::

    root/packs/<pack-id>/versions/<version>-<hash>/   one unpacked pack each; complete and never changed
    root/packs/<pack-id>/current    -> versions/<...>   what the kiosk shows of this pack
    root/packs/<pack-id>/previous   -> versions/<...>   what ``rollback(pack_id)`` goes back to
    root/packs/<pack-id>/shown      -> versions/<...>   what the running kiosk has on screen
    root/.staging-*  root/.trash-*                       work folders (same file system), removed on next use
    root/.lock                                           one installer at a time, for every slot

A pack's slot is the ``pack_id`` of its manifest (``kiosk pack`` writes pack.yaml's ``id``
there; the two must agree): installing a pack replaces the pack of the same id and no other.
Every slot is what the whole store was before it held several packs, and so are its rules.

The pointers are relative symbolic links; where links cannot be made (Windows
without the privilege, FAT file systems) they are small text files holding the
same ``versions/<...>`` text. Either way a pointer is changed only by writing a
new one under a temporary name in its slot and ``os.replace``-ing it over the old.

THE INVARIANT: each slot's ``current`` always names a complete, validated version of
that pack, or nothing (the pack is not installed); never a mix of two versions.

Why it holds, even when the process is killed at any point:

1. A pack is unpacked, checked against its manifest and validated in a staging
   folder in ``root`` and fsynced, and only then renamed into its slot's ``versions/`` in
   one rename. So every folder in ``versions/`` is complete; a crash before the rename
   leaves only a staging folder, which nothing points at. A refused pack never reaches a slot.
2. Folders in ``versions/`` are never written again. They are deleted only when
   no pointer names them, and by first renaming them to ``root/.trash-*`` (one
   rename) so a half-deleted folder never sits in ``versions/``.
3. ``current`` changes in one ``os.replace`` (atomic on POSIX and Windows): a
   reader sees the old version or the new one.
4. Switching writes ``previous`` (= the old current) first and ``current`` second.
   A crash between the two leaves ``current`` on the old version and ``previous``
   equal to it: consistent, merely without a rollback target.
5. Removing a pack drops ``previous`` first and ``current`` second (so the repair below
   never brings a removed pack back); what the kiosk still shows stays until it stops
   showing it, and a slot no pointer names is renamed out of ``packs/`` in one rename.

Repair on next use (``recover()``, run under the lock by ``install``, ``rollback``,
``remove`` and ``process_inbox``), always the same steps: delete staging, trash and
temporary pointer files; migrate a one-pack store (below); in each slot, drop pointers that
do not name a folder in its ``versions/`` (a broken ``current`` is replaced by a valid
``previous``), drop ``previous`` when it equals ``current`` (the half-switched state above)
and delete versions no pointer names; delete slots no pointer names. ``current()`` itself
only reads pointers, so it is right even before a repair.

A store written before packs had slots (``root/versions``, ``root/current`` ...) is read as
the slot of its pack's id until the repair migrates it: the slot is built in a staging
folder (its version folders hard-linked, or copied where links cannot be made), fsynced and
renamed to ``packs/<id>`` in one rename; only then are the old pointers and folders removed.
A crash before that rename leaves the old store as it was; after it, the slot is complete
and the old store's leftovers are ignored and removed.

Wiring into the running kiosk (Qt-free hooks, see ``pending_content``): at each
idle reset call ``process_inbox``, then ``pending_content(store, packs)``; when that
returns folders, load them and call ``store.mark_shown(folders)``.

Failures: ``install``, ``rollback``, ``remove`` and ``process_inbox`` never raise for a bad
pack; they return ``InstallResult(ok=False, reason=...)``. Tests simulate a
kill with ``ContentStore(fail_at=...)``, a hook called with each stage name
(``STAGES``, ``ROLLBACK_STAGES``, ``REMOVE_STAGES``, ``MIGRATE_STAGES``) that may raise (or exit the process).
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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import __version__
from .keys import TrustedKey, trusted
from .manifest import MANIFEST, PackRefusedError, newer_kiosk, one_line, pack_yaml, pack_yaml_version, version_key
from .zipcheck import check_zip, extract, open_pack, verify

log = logging.getLogger("kiosk.core.packs")

_VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PACK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # pack.yaml's id (a slug): also the slot's folder name
MAX_PACK_ID = 100
POINTERS = ("current", "previous", "shown")
PACKS = "packs"

# The stages of an install, in order, as passed to the fail_at hook ("trashed" once per
# version pruned, after it left versions/ and before it is deleted).
STAGES = ("opened", "verified", "extracted", "validated", "synced", "renamed",
          "switched-previous", "switched-current", "trashed", "pruned")
ROLLBACK_STAGES = ("switched-previous", "switched-current")
REMOVE_STAGES = ("removed-previous", "removed-current", "trashed")
MIGRATE_STAGES = ("migrate-staged", "migrated", "legacy-pointers-removed", "legacy-removed")

Validate = Callable[[Path], list[str]]
FailAt = Callable[[str], None]
PublicKeys = str | Sequence[TrustedKey] | None

NO_KEY = ("this kiosk has no pack_public_key or pack_public_keys, so it takes no content packs: make a key pair with "
          "kiosk keygen and put pack_public_key in the config (for a test kiosk only: allow_unsigned_packs: true)")


class StoreBusyError(Exception):
    """Another process holds the content store's lock."""


@dataclass(frozen=True)
class InstallResult:
    ok: bool
    version: str | None
    reason: str
    folder: Path | None = None  # the installed content folder (packs/<id>/versions/<...>) when ok
    busy: bool = False  # another process held the store; nothing was checked, try again later
    pack_id: str | None = None  # the slot the pack went into (or was refused for, when known)


@dataclass(frozen=True)
class PackState:
    """One installed pack, as ``kiosk packs`` and the admin screen list it."""

    pack_id: str
    current: Path
    previous: Path | None
    shown: Path | None
    version: str | None
    previous_version: str | None
    manifest: dict[str, Any]


def valid_pack_id(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_PACK_ID and bool(PACK_ID.match(value))



def _sweep_leftovers(folder: Path) -> None:
    """What an interrupted install, removal or pointer write left in ``folder``: half-unpacked
    staging and trash folders, and pointer files never renamed into place."""
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith((".staging-", ".trash-")):
            _remove_tree(entry)
        elif name.startswith(".") and ".tmp-" in name:
            with contextlib.suppress(OSError):
                entry.unlink()

class PackSlot:
    """One pack id's versions and pointers (``root/packs/<id>``; or ``root`` itself for a one-pack store
    that is not migrated yet). Everything here runs under the store's lock except the readers."""

    def __init__(self, store: ContentStore, root: Path, pack_id: str) -> None:
        self.store = store
        self.root = root
        self.versions = root / "versions"
        self.pack_id = pack_id

    def stage(self, name: str) -> None:
        self.store.stage(name)

    def read_pointer(self, name: str) -> str | None:
        """The version folder name a pointer holds, if it names an existing version folder."""
        return _read_pointer(self.root, name)

    def write_pointer(self, name: str, version: str | None) -> None:
        """Point ``name`` at versions/<version> (or remove it) with one atomic replace."""
        path = self.root / name
        if version is None:
            if path.exists() or path.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                _fsync_dir(self.root)
            return
        target = f"versions/{version}"
        tmp = self.root / f".{name}.tmp-{secrets.token_hex(4)}"
        made = False
        if self.store.use_symlinks:
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

    def folder_of(self, version: str | None) -> Path | None:
        return self.versions / version if version else None

    def current(self) -> Path | None:
        return self.folder_of(self.read_pointer("current"))

    def previous(self) -> Path | None:
        return self.folder_of(self.read_pointer("previous"))

    def shown(self) -> Path | None:
        return self.folder_of(self.read_pointer("shown"))

    def version_of(self, folder: Path | None) -> str | None:
        manifest = read_manifest(folder)
        value = manifest.get("content_version") if manifest else None
        return value if isinstance(value, str) else None

    def repair(self) -> None:
        _sweep_leftovers(self.root)
        for name in POINTERS:
            if self.read_pointer(name) is None and ((self.root / name).exists() or (self.root / name).is_symlink()):
                log.warning("content store: removing the broken pointer %s", self.root / name)
                self.write_pointer(name, None)
        current = self.read_pointer("current")
        previous = self.read_pointer("previous")
        if current is None and previous is not None:
            log.warning("content store: %s has no valid current version; going back to the previous one (%s)",
                        self.pack_id, previous)
            self.write_pointer("current", previous)
            current = previous
        if previous is not None and previous == current:
            self.write_pointer("previous", None)
        self.prune()

    def prune(self) -> None:
        """Delete every version no pointer names: first out of versions/ (one rename), then from disk."""
        if not self.versions.is_dir():
            return
        keep = {self.read_pointer(name) for name in POINTERS} - {None}
        for entry in sorted(self.versions.iterdir()):
            if entry.name in keep:
                continue
            trash = self.store.root / f".trash-{secrets.token_hex(6)}"
            try:
                os.replace(entry, trash)
            except OSError as exc:
                log.warning("content store: cannot remove old version %s: %s", entry, exc)
                continue
            _fsync_dir(self.versions)
            self.stage("trashed")
            _remove_tree(trash)

    def switch(self, new_previous: str | None, new_current: str) -> None:
        """previous first, current second: a crash in between leaves the old current (module doc, 4)."""
        self.write_pointer("previous", new_previous if new_previous != new_current else None)
        self.stage("switched-previous")
        self.write_pointer("current", new_current)
        self.stage("switched-current")

    def refuse_older(self, version: str, name: str) -> None:
        """PackRefusedError unless ``version`` is newer than every installed version of this pack (current and previous).

        An old pack, correctly signed, replayed into the inbox would otherwise roll the kiosk
        back without anyone asking (TUF and apt refuse the same); a different pack with the
        same version would make two contents indistinguishable on the admin screen and in rollback.
        Reinstalling the very pack that is ``previous`` (the same manifest) is allowed when it is the newer one.
        """
        for pointer in ("current", "previous"):
            installed = self.read_pointer(pointer)
            have = self.version_of(self.folder_of(installed))
            if have is None or (installed == name and version_key(version) == version_key(have)):
                continue
            if version_key(version) < version_key(have):
                raise PackRefusedError(f"content {version} is older than the installed {have}; a kiosk takes only newer content "
                                       "(to go back, use rollback; to force it, IT runs kiosk install-pack --allow-downgrade)")
            if version_key(version) == version_key(have):
                raise PackRefusedError(f"content {version} is already installed from another pack with the same version; "
                                       "give the new pack a higher version in pack.yaml")


class ContentStore:
    """Installed content packs, one slot per pack id, with atomic switching and one step of rollback (module doc)."""

    def __init__(self, root: Path, *, fail_at: FailAt | None = None, lock_timeout: float = 30.0,
                 use_symlinks: bool | None = None) -> None:
        self.root = Path(root).absolute()
        self.packs = self.root / PACKS
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

    def stage(self, name: str) -> None:
        if self.fail_at is not None:
            self.fail_at(name)

    # -- slots (readers: no lock, right even before a repair)

    def slot(self, pack_id: str) -> PackSlot:
        """The slot of ``pack_id`` (it need not exist); ValueError for an id that is not a pack id."""
        if not valid_pack_id(pack_id):
            raise ValueError(f"'{one_line(str(pack_id), 100)}' is not a pack id (lower-case letters, digits and single dashes)")
        return PackSlot(self, self.packs / pack_id, pack_id)

    def _legacy(self) -> PackSlot | None:
        """A one-pack store (written before slots) at ``root``, not yet migrated, as the slot of its pack's id."""
        legacy = PackSlot(self, self.root, "")
        for name in ("current", "previous", "shown"):
            folder = legacy.folder_of(legacy.read_pointer(name))
            if folder is None:
                continue
            pack_id = folder_pack_id(folder) or "content"
            if (self.packs / pack_id).is_dir():
                return None  # migrated: what is left at root is removed by the next repair
            return PackSlot(self, self.root, pack_id)
        return None

    def slots(self) -> dict[str, PackSlot]:
        """Every installed pack's slot (one with a current version), by pack id, in id order."""
        found: dict[str, PackSlot] = {}
        try:
            entries = sorted(self.packs.iterdir()) if self.packs.is_dir() else []
        except OSError:
            entries = []
        for entry in entries:
            if valid_pack_id(entry.name) and _read_pointer(entry, "current") is not None:
                found[entry.name] = PackSlot(self, entry, entry.name)
        legacy = self._legacy()
        if legacy is not None and legacy.pack_id not in found and legacy.current() is not None:
            found[legacy.pack_id] = legacy
        return dict(sorted(found.items()))

    def pack_ids(self) -> list[str]:
        """The installed packs' ids, in id order."""
        return list(self.slots())

    def _find(self, pack_id: str | None) -> PackSlot | None:
        slots = self.slots()
        if pack_id is None:
            return next(iter(slots.values()), None)
        return slots.get(pack_id)

    def current(self, pack_id: str | None = None) -> Path | None:
        """The content folder of ``pack_id`` the kiosk should show (None: not installed).

        Without an id: the first installed pack in id order (for one-pack callers; see ``folders``).
        """
        slot = self._find(pack_id)
        return slot.current() if slot is not None else None

    def previous(self, pack_id: str | None = None) -> Path | None:
        """The content folder ``rollback(pack_id)`` would go back to, or None."""
        slot = self._find(pack_id)
        return slot.previous() if slot is not None else None

    def shown(self, pack_id: str | None = None) -> Path | None:
        """The folder of ``pack_id`` the running kiosk last said it shows (``mark_shown``)."""
        if pack_id is None:
            slot = self._find(None)
        else:
            try:
                slot = self.slot(pack_id)
            except ValueError:
                return None
            legacy = self._legacy()
            if not slot.root.is_dir() and legacy is not None and legacy.pack_id == pack_id:
                slot = legacy
        return slot.shown() if slot is not None else None

    def folders(self, order: Sequence[str] | None = None) -> list[Path]:
        """The current folders of the packs ``order`` names, in that order (ids not installed are left out);
        with no order, every installed pack's, in id order."""
        slots = self.slots()
        ids = list(dict.fromkeys(order)) if order else list(slots)
        out = []
        for pack_id in ids:
            slot = slots.get(pack_id)
            folder = slot.current() if slot is not None else None
            if folder is not None:
                out.append(folder)
        return out

    def states(self) -> list[PackState]:
        """Every installed pack, in id order."""
        out = []
        for pack_id, slot in self.slots().items():
            current = slot.current()
            if current is None:
                continue
            previous = slot.previous()
            out.append(PackState(pack_id, current, previous, slot.shown(), slot.version_of(current),
                                 slot.version_of(previous), read_manifest(current) or {}))
        return out

    def manifest(self, folder: Path | None) -> dict[str, Any] | None:
        """The manifest of an installed version (content_version, date, signed_off_by ...)."""
        return read_manifest(folder)

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
        """Repair after a crash, and migrate a one-pack store (see the module doc).

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
        _sweep_leftovers(self.root)
        self._migrate()
        if not self.packs.is_dir():
            return
        for entry in sorted(self.packs.iterdir()):
            if not (valid_pack_id(entry.name) and entry.is_dir() and not entry.is_symlink()):
                continue  # not a slot the store made: left alone, never read
            slot = PackSlot(self, entry, entry.name)
            slot.repair()
            if all(slot.read_pointer(name) is None for name in POINTERS):
                self._trash_slot(slot)

    def _trash_slot(self, slot: PackSlot) -> None:
        """A slot no pointer names (its pack removed and no longer on screen) leaves ``packs/`` in one rename."""
        trash = self.root / f".trash-{secrets.token_hex(6)}"
        try:
            os.replace(slot.root, trash)
        except OSError as exc:
            log.warning("content store: cannot remove the empty slot %s: %s", slot.root, exc)
            return
        _fsync_dir(self.packs)
        _remove_tree(trash)

    def _migrate(self) -> None:
        """A one-pack store (root/versions, root/current ...) becomes the slot of its pack's id (module doc)."""
        legacy_names = [name for name in POINTERS if (self.root / name).exists() or (self.root / name).is_symlink()]
        if not legacy_names and not (self.root / "versions").exists():
            return
        old = self._legacy()
        if old is not None:
            pointers = {name: old.read_pointer(name) for name in POINTERS}
            slot = self.slot(old.pack_id)
            staging = self.root / f".staging-{secrets.token_hex(6)}"
            (staging / "versions").mkdir(parents=True)
            new = PackSlot(self, staging, old.pack_id)
            for version in sorted({v for v in pointers.values() if v is not None}):
                _link_tree(old.versions / version, new.versions / version)
            for name in ("previous", "current", "shown"):
                new.write_pointer(name, pointers[name])
            _fsync_tree(staging)
            self.stage("migrate-staged")
            self.packs.mkdir(exist_ok=True)
            os.replace(staging, slot.root)
            _fsync_dir(self.packs)
            _fsync_dir(self.root)
            self.stage("migrated")
            log.warning("content store: moved the installed pack %s into its own slot %s (this kiosk now holds "
                        "packs side by side)", old.pack_id, slot.root)
        leftover = PackSlot(self, self.root, "")
        for name in POINTERS:
            leftover.write_pointer(name, None)
        self.stage("legacy-pointers-removed")
        if (self.root / "versions").exists() or (self.root / "versions").is_symlink():
            trash = self.root / f".trash-{secrets.token_hex(6)}"
            os.replace(self.root / "versions", trash)
            _fsync_dir(self.root)
            self.stage("legacy-removed")
            _remove_tree(trash)

    # -- install, rollback, remove

    def install(self, zip_path: Path, public_keys: PublicKeys, max_bytes: int, validate: Validate, *,
                allow_unsigned: bool = False, allow_downgrade: bool = False) -> InstallResult:
        """Verify, validate and install one pack into the slot of its pack id; never raises for a bad pack.

        ``public_keys``: one key text (it may sign any pack) or TrustedKey entries (each may sign
        the pack ids it names; none named: any). Without keys every pack is refused unless
        ``allow_unsigned`` (the config's ``allow_unsigned_packs``). A pack whose version is not newer
        than its slot's installed ones is refused unless ``allow_downgrade``
        (``kiosk install-pack --allow-downgrade``, never the inbox). A refused pack touches no slot.
        """
        zip_path = Path(zip_path)
        try:
            with self.lock():
                result = self._install(zip_path, public_keys, max_bytes, validate, allow_unsigned, allow_downgrade)
            self.problem = None
        except StoreBusyError as exc:
            return InstallResult(False, None, str(exc), busy=True)
        except OSError as exc:  # the caller reports the result; start-up (recover) logs a store it cannot write
            return InstallResult(False, None, one_line(f"cannot install: {exc}"))
        except Exception as exc:  # a bug, or a check that broke on hostile input: refuse, never crash the caller
            log.info("content store: installing %s failed unexpectedly: %s: %s", zip_path, type(exc).__name__, one_line(str(exc)))
            log.debug("content store: the failure", exc_info=True)
            return InstallResult(False, None, one_line(f"the install failed unexpectedly ({type(exc).__name__}: {exc})"))
        return InstallResult(result.ok, result.version, one_line(result.reason), result.folder, result.busy, result.pack_id)

    def _install(self, zip_path: Path, public_keys: PublicKeys, max_bytes: int, validate: Validate,
                 allow_unsigned: bool, allow_downgrade: bool) -> InstallResult:
        keys = trusted(public_keys)
        if not keys and not allow_unsigned:
            return InstallResult(False, None, NO_KEY)
        self._recover()
        staging: Path | None = None
        version: str | None = None
        pack_id: str | None = None
        try:
            with open_pack(zip_path, max_bytes) as zf:
                files, special = check_zip(zf, max_bytes)
                self.stage("opened")
                opened = verify(zf, files, special, keys)
                version = opened.manifest["content_version"]
                named = opened.manifest.get("pack_id")
                if named is not None:
                    if not valid_pack_id(named):
                        raise PackRefusedError("manifest.json's pack_id is not a pack id (lower-case letters, digits and "
                                               "single dashes, as in pack.yaml's id)")
                    pack_id = named
                    _check_signers(named, opened.signers, keys)
                name = _version_name(version, opened.manifest_bytes)
                self.stage("verified")
                if pack_id is not None:
                    done = self._check_slot(self.slot(pack_id), name, version, allow_downgrade)
                    if done is not None:
                        return done
                staging = self.root / f".staging-{secrets.token_hex(6)}"
                extract(zf, opened, staging, max_bytes)
            self.stage("extracted")
            try:
                problems = validate(staging)
            except Exception as exc:  # the caller's check failed: refuse rather than install unchecked
                log.info("content store: validating %s failed: %s: %s", zip_path, type(exc).__name__, one_line(str(exc)))
                log.debug("content store: the failure", exc_info=True)
                problems = [f"the check itself failed ({exc})"]
            if problems:
                shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
                newer = newer_kiosk(opened.manifest.get("made_by_kiosk"))
                if newer is not None:  # (said first: the problems may be long)
                    raise PackRefusedError(
                        f"the pack was made by kiosk {newer}, newer than this kiosk ({__version__}), and its content is "
                        f"not valid here (upgrade this kiosk first, or make the pack with kiosk {__version__}): {shown}")
                raise PackRefusedError(f"the content is not valid: {shown}")
            in_yaml = pack_yaml_version(staging)
            if in_yaml != version:
                raise PackRefusedError(f"manifest.json says content version {version} but pack.yaml says {in_yaml}")
            yaml_id = folder_pack_id(staging, manifest_first=False)
            if pack_id is None:  # a pack made before manifests named the pack: pack.yaml's id (signed by its hash)
                if yaml_id is None:
                    raise PackRefusedError("pack.yaml has no id, so the kiosk cannot tell which pack this replaces")
                pack_id = yaml_id
                _check_signers(pack_id, opened.signers, keys)
                done = self._check_slot(self.slot(pack_id), name, version, allow_downgrade)
                if done is not None:
                    _remove_tree(staging)
                    return done
            elif yaml_id != pack_id:
                raise PackRefusedError(f"manifest.json says pack {pack_id} but pack.yaml says {yaml_id}")
            self.stage("validated")
            _fsync_tree(staging)
            self.stage("synced")
            slot = self.slot(pack_id)
            old = slot.read_pointer("current")
            slot.versions.mkdir(parents=True, exist_ok=True)
            _fsync_dir(self.packs)
            target = slot.versions / name
            if target.is_dir():
                _remove_tree(staging)  # already unpacked (it is previous, or on screen): complete by the invariant
            else:
                os.replace(staging, target)
                _fsync_dir(slot.versions)
                _fsync_dir(self.root)
                # The kiosk then loads this pack's checked index instead of reading every topic file
                # (the folder's path is part of the cache's key, so only after the rename).
                from ..loader import write_cache

                write_cache(target)
            staging = None
            self.stage("renamed")
            slot.switch(old, name)
            slot.prune()
            self.stage("pruned")
        except (PackRefusedError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
                UnicodeError, OSError) as exc:
            # zipfile raises BadZipFile for a bad CRC, NotImplementedError for unknown compression,
            # RuntimeError for encryption; OSError covers a full disk.
            if staging is not None:
                _remove_tree(staging)
            reason = str(exc) if isinstance(exc, PackRefusedError) else f"cannot unpack: {exc}"
            return InstallResult(False, version, reason, pack_id=pack_id)
        except Exception:  # unexpected: install() says so in one line; the half-made folder goes now
            if staging is not None:
                _remove_tree(staging)
            raise
        was = slot.version_of(slot.folder_of(old))
        return InstallResult(True, version, f"installed {pack_id} {version}" + (f" (was {was})" if was else ""),
                             slot.versions / name, pack_id=pack_id)

    def _check_slot(self, slot: PackSlot, name: str, version: str, allow_downgrade: bool) -> InstallResult | None:
        """A result when the pack is already current in its slot; PackRefusedError when it is not newer."""
        if slot.read_pointer("current") == name:
            return InstallResult(True, version, f"{slot.pack_id} {version} is already installed", slot.versions / name,
                                 pack_id=slot.pack_id)
        if not allow_downgrade:
            slot.refuse_older(version, name)
        return None

    def _chosen(self, pack_id: str | None, what: str) -> PackSlot | str:
        """The slot a rollback or removal is for, or why there is none."""
        ids = self.pack_ids()
        if pack_id is None:
            if len(ids) > 1:
                return f"several packs are installed ({', '.join(ids)}): say which one to {what}"
            pack_id = ids[0] if ids else None
        if pack_id is None:
            return "no content pack is installed"
        if not valid_pack_id(pack_id):
            return f"'{one_line(pack_id, 100)}' is not a pack id"
        if pack_id not in ids:
            return f"no pack {pack_id} is installed" + (f" (installed: {', '.join(ids)})" if ids else "")
        return self.slot(pack_id)

    def rollback(self, pack_id: str | None = None) -> InstallResult:
        """Make the previous version of ``pack_id`` current again (and the current one previous).

        Without an id: the only installed pack (refused when there are several).
        """
        try:
            with self.lock():
                self._recover()
                slot = self._chosen(pack_id, "roll back")
                if isinstance(slot, str):
                    return InstallResult(False, None, slot, pack_id=pack_id)
                current, previous = slot.read_pointer("current"), slot.read_pointer("previous")
                if previous is None:
                    return InstallResult(False, slot.version_of(slot.folder_of(current)),
                                         f"{slot.pack_id} has no previous version to go back to", pack_id=slot.pack_id)
                if current is None:  # _chosen found it installed, and nobody else changes it under the lock
                    raise AssertionError(slot.pack_id)
                slot.switch(current, previous)
        except StoreBusyError as exc:
            return InstallResult(False, None, str(exc), busy=True, pack_id=pack_id)
        except OSError as exc:
            return InstallResult(False, None, f"cannot roll back: {exc}", pack_id=pack_id)
        version = slot.version_of(slot.folder_of(previous))
        was = slot.version_of(slot.folder_of(current))
        return InstallResult(True, version, f"rolled {slot.pack_id} back to {version}" + (f" (from {was})" if was else ""),
                             slot.folder_of(previous), pack_id=slot.pack_id)

    def remove(self, pack_id: str) -> InstallResult:
        """Remove the pack ``pack_id`` (current and previous); the kiosk stops showing it at its next idle reset."""
        try:
            with self.lock():
                self._recover()
                slot = self._chosen(pack_id, "remove")
                if isinstance(slot, str):
                    return InstallResult(False, None, slot, pack_id=pack_id)
                version = slot.version_of(slot.current())
                slot.write_pointer("previous", None)  # previous first: the repair never brings a removed pack back
                self.stage("removed-previous")
                slot.write_pointer("current", None)
                self.stage("removed-current")
                slot.prune()
                if slot.read_pointer("shown") is None:
                    self._trash_slot(slot)
        except StoreBusyError as exc:
            return InstallResult(False, None, str(exc), busy=True, pack_id=pack_id)
        except OSError as exc:
            return InstallResult(False, None, f"cannot remove: {exc}", pack_id=pack_id)
        return InstallResult(True, version, f"removed {pack_id} {version}", pack_id=pack_id)

    def mark_shown(self, folders: Path | Sequence[Path] | None, timeout: float = 2.0) -> bool:
        """The running kiosk now shows ``folders`` (version folders; others, e.g. the bundled content, are ignored).

        Each slot's ``shown`` names its folder among them, or nothing: kept from pruning while
        shown, and what ``pending_content`` compares with. False when the store was busy (call
        again at the next idle reset).
        """
        listed = [] if folders is None else [folders] if isinstance(folders, Path) else list(folders)
        chosen: dict[Path, str] = {}
        for given in listed:
            folder = Path(given).absolute()
            slot_root = folder.parent.parent
            if folder.parent.name == "versions" and slot_root.parent == self.packs and valid_pack_id(slot_root.name):
                chosen[slot_root] = folder.name
        try:
            with self.lock(timeout):
                for root in _slot_roots(self):
                    slot = PackSlot(self, root, root.name)
                    name = chosen.get(root)
                    want = name if name is not None and (slot.versions / name).is_dir() else None
                    if slot.read_pointer("shown") != want:
                        slot.write_pointer("shown", want)
        except StoreBusyError:
            return False
        except OSError as exc:
            self._trouble(exc)
            return False
        return True


def _check_signers(pack_id: str, signers: Sequence[TrustedKey], keys: Sequence[TrustedKey]) -> None:
    """PackRefusedError unless one of the keys that signed the pack may sign ``pack_id`` (unsigned: no keys, no check)."""
    if not keys or any(key.may_sign(pack_id) for key in signers):
        return
    allowed = sorted({p for key in signers for p in key.packs})
    raise PackRefusedError(f"pack {pack_id} is signed with a key that may sign only {', '.join(allowed)} "
                           "(pack_public_keys in the config); a department's key never replaces another's pack")


def read_manifest(folder: Path | None) -> dict[str, Any] | None:
    """The manifest of an installed version (content_version, pack_id, date, signed_off_by ...)."""
    if folder is None:
        return None
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def folder_pack_id(folder: Path, manifest_first: bool = True) -> str | None:
    """The pack id of an unpacked pack: its manifest's pack_id, else pack.yaml's id (None when neither is one)."""
    if manifest_first:
        manifest = read_manifest(folder) or {}
        if valid_pack_id(manifest.get("pack_id")):
            return str(manifest["pack_id"])
    try:
        value = pack_yaml(folder).get("id")
    except (ValueError, OSError):
        return None
    return value if valid_pack_id(value) else None


def pending_content(store: ContentStore, order: Sequence[str] | None = None) -> list[Path] | None:
    """What the kiosk should switch to between patients, or None when it shows exactly that already.

    The folders are ``store.folders(order)``; an empty list means no pack it should show is
    installed any more (removed) while one is still on screen: the kiosk goes back to its
    other content (``content_dir``, else the bundled content).
    """
    folders = store.folders(order)
    shown: set[Path] = set()
    for root in _slot_roots(store):
        folder = PackSlot(store, root, root.name).shown()
        if folder is not None:
            shown.add(folder)
    if set(folders) == shown or (not folders and not shown):
        return None
    return folders


def _slot_roots(store: ContentStore) -> list[Path]:
    try:
        return sorted(p for p in store.packs.iterdir() if valid_pack_id(p.name) and p.is_dir()) if store.packs.is_dir() else []
    except OSError:
        return []


def _read_pointer(root: Path, name: str) -> str | None:
    """The version folder name a pointer in ``root`` holds, if it names an existing version folder."""
    path = root / name
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
        return parts[1] if (root / "versions" / parts[1]).is_dir() else None
    except (OSError, UnicodeDecodeError):  # a store the kiosk may not read: no pointer, never a crash
        return None


def _link_tree(source: Path, target: Path) -> None:
    """A copy of a version folder made of hard links (its files are never changed), or of copies where links cannot be made."""
    for folder, dirs, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            src, dst = Path(folder) / name, target / rel / name
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
        dirs.sort()


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
