"""Content packs: make, sign, verify and install them, switch atomically, roll back.

A content pack is a zip of a content folder (``pack.yaml``, ``glossary.yaml``,
``topics/*.yaml`` and any drawings that live inside the folder) plus
``manifest.json`` (format, pack id, content version, date, who signed it off and
the SHA-256 of every file) and, when signed, ``manifest.sig`` (the base64
Ed25519 signature of the exact bytes of ``manifest.json``).

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

import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import stat
import struct
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .statefile import NotPlainFile, open_plain

if TYPE_CHECKING:
    from .loader import Content

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MANIFEST_FORMAT = 1
RESERVED = {MANIFEST, SIGNATURE}
MAX_ENTRIES = 20_000
MAX_DIRECTORY_BYTES = 8_000_000  # the zip's list of files: 20,000 entries of a few hundred bytes
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed for one entry; YAML and SVG deflate about 3-10 times
MAX_VERSION_LENGTH = 100
_CHUNK = 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
POINTERS = ("current", "previous", "shown")

# The stages of an install, in order, as passed to the fail_at hook ("trashed" once per
# version pruned, after it left versions/ and before it is deleted).
STAGES = ("opened", "verified", "extracted", "validated", "synced", "renamed",
          "switched-previous", "switched-current", "trashed", "pruned")

Validate = Callable[[Path], list[str]]
FailAt = Callable[[str], None]


NO_KEY = ("this kiosk has no pack_public_key, so it takes no content packs: make a key pair with kiosk keygen "
          "and put pack_public_key in the config (for a test kiosk only: allow_unsigned_packs: true)")


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Order content versions as people read them: numbers as numbers ("2026.11.10" > "2026.11.9").

    Runs of digits compare by value (without converting: a 5,000-digit number costs nothing),
    words by their letters, and words sort before numbers in the same place; other characters
    only separate the parts, so "2026.11.1" and "2026-11-01" are the same version.
    """
    parts = []
    for part in re.findall(r"[0-9]+|[A-Za-z]+", version):
        if part.isdigit():
            digits = part.lstrip("0") or "0"
            parts.append((1, len(digits), digits))
        else:
            parts.append((0, 0, part.casefold()))
    return tuple(parts)


def _one_line(text: str, limit: int = 2000) -> str:
    """A message as one line of bounded length (what a log line, a reason file or a terminal shows)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class PackRefused(Exception):
    """A pack failed a check; the message says which, in one sentence."""


class StoreBusy(Exception):
    """Another process holds the content store's lock."""


# ---------------------------------------------------------------------------- keys


def keygen(private_path: Path, public_path: Path) -> str:
    """Write a new Ed25519 key pair; return the public key text (base64 of the 32 raw bytes).

    The private key is PKCS#8 PEM, created with mode 0600; neither file may exist yet.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private_path, public_path = Path(private_path), Path(public_path)
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise FileExistsError(f"{path} already exists; not overwriting a key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = base64.b64encode(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    with open(public_path, "x", encoding="ascii") as handle:
        handle.write(public + "\n")
    return public


def load_private_key(data: bytes) -> Any:
    """An Ed25519 private key from keygen's PEM file (or the 32 raw bytes); ValueError otherwise."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    if len(data) == 32:
        return Ed25519PrivateKey.from_private_bytes(data)
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def load_public_key(text: str) -> Any:
    """An Ed25519 public key from its base64 text (``pack_public_key``); ValueError otherwise."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("is not base64 text") from None
    if len(raw) != 32:
        raise ValueError(f"has {len(raw)} bytes; an Ed25519 public key has 32")
    return Ed25519PublicKey.from_public_bytes(raw)


# ---------------------------------------------------------------------------- making packs


@dataclass(frozen=True)
class MadePack:
    path: Path
    pack_id: str | None
    version: str
    files: int
    signed: bool
    draft: bool = False


def _pack_yaml(folder: Path) -> dict[str, Any]:
    from .yamlsrc import YamlError, load_yaml

    try:
        data = load_yaml(folder / "pack.yaml").data
    except YamlError as exc:
        raise ValueError(f"cannot read pack.yaml: {exc.message}") from None
    return data if isinstance(data, dict) else {}


def content_files(content_dir: Path) -> list[str]:
    """The files a pack of ``content_dir`` holds: relative POSIX paths, sorted.

    Hidden files and folders (names starting with a dot) and a top-level
    manifest.json / manifest.sig (from an earlier install) are left out; a link
    is refused, since a pack holds plain files only.
    """
    root = Path(content_dir)
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        for name in list(dirs):
            if name.startswith("."):
                dirs.remove(name)
            elif (here / name).is_symlink():
                raise ValueError(f"{here / name} is a link; a content pack holds plain files only")
        dirs.sort()
        for name in files:
            path = here / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or rel in RESERVED:
                continue
            if path.is_symlink() or not path.is_file():
                raise ValueError(f"{path} is a link or a special file; a content pack holds plain files only")
            found.append(rel)
    return sorted(found)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.create_system = 3  # Unix, so the mode above is read as one
    return info


def draft_reasons(content: Content) -> list[str]:
    """What in ``content`` a clinician has not approved for patients, one phrase each; [] when nothing.

    A topic whose ``review.status`` is draft, and each language patients can choose (other
    than the default one) whose translation is not approved in pack.yaml. ``kiosk pack``
    refuses such content unless ``--draft``; the manifest records it and the admin screen shows it.
    """
    from .languages import english_name

    reasons = [f"topic '{topic.id}' is a draft (review.status: draft)" for topic in content.topics
               if topic.review.status != "approved"]
    pack = content.pack
    for lang in pack.languages:
        review = pack.translations.get(lang)
        if lang != pack.default_language and (review is None or review.status != "approved"):
            reasons.append(f"the {english_name(lang)} ({lang}) translation is not approved")
    return reasons


def make_pack(
    content_dir: Path,
    out_zip: Path,
    signed_off_by: str,
    private_key_bytes: bytes | None = None,
    version: str | None = None,
    draft: bool | None = None,
) -> MadePack:
    """Write a pack of ``content_dir`` to ``out_zip``; the caller has validated the content.

    Entries: manifest.json, manifest.sig (when a key is given), then the files in
    sorted order, all with a fixed date and mode. The manifest's ``draft`` says whether
    the content holds anything not approved (``draft_reasons``; worked out here unless
    given; content that does not load counts as a draft). Raises ValueError for what
    cannot be packed (no signer, a bad key, a link in the folder, the zip inside the folder).
    """
    content_dir, out_zip = Path(content_dir), Path(out_zip)
    signer = signed_off_by.strip()
    if not signer:
        raise ValueError("say who signed the content off (--signed-off-by NAME)")
    if out_zip.resolve().is_relative_to(content_dir.resolve()):
        raise ValueError("write the pack outside the content folder")
    key = load_private_key(private_key_bytes) if private_key_bytes is not None else None
    info = _pack_yaml(content_dir)
    if version is None:
        if not isinstance(info.get("version"), str) or not info["version"].strip():
            raise ValueError("pack.yaml has no version (write it in quotes, for example \"2026.11.1\")")
        version = info["version"]
    files = content_files(content_dir)
    pack_id = info.get("id") if isinstance(info.get("id"), str) else None
    if draft is None:
        from .loader import load_content

        loaded = load_content(content_dir)
        draft = loaded.content is None or bool(draft_reasons(loaded.content))
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "pack_id": pack_id,
        "content_version": version,
        "date": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "signed_off_by": signer,
        "draft": bool(draft),
        "files": {rel: _sha256_file(content_dir / rel) for rel in files},
    }
    manifest_bytes = (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_zip.with_name(f".{out_zip.name}.{secrets.token_hex(4)}.part")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr(_zip_info(MANIFEST), manifest_bytes)
            if key is not None:
                zf.writestr(_zip_info(SIGNATURE), base64.b64encode(key.sign(manifest_bytes)) + b"\n")
            for rel in files:
                with open(content_dir / rel, "rb") as src, zf.open(_zip_info(rel), "w") as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
        os.replace(tmp, out_zip)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return MadePack(out_zip, pack_id, version, len(files), key is not None, bool(draft))


def content_validator(picture_check: Callable[[Path], list[str]] | None = None) -> Validate:
    """A ``validate`` for ``install``: every error ``load_content`` finds, paths relative to the pack.

    First every drawing (``*.svg``) in the pack passes the bounded static check of
    :mod:`kiosk.core.svgstatic`; a pack with a drawing it refuses is refused before anything
    reads or renders that drawing. Pass ``kiosk.qt.svgcheck.check_svg`` (with a
    QGuiApplication) to check drawings as ``kiosk validate`` does; the core itself stays free of Qt.
    """
    from .loader import load_content
    from .svgstatic import check_svg_file

    def validate(folder: Path) -> list[str]:
        drawings = []
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix.lower() == ".svg" and not path.is_symlink() and path.is_file():
                drawings.extend(f"{path.relative_to(folder).as_posix()}: {msg}" for msg in check_svg_file(path))
        if drawings:
            return drawings
        result = load_content(folder, picture_check=picture_check)
        out = []
        for problem in result.errors:
            try:
                where = problem.path.relative_to(folder).as_posix()
            except ValueError:
                where = str(problem.path)
            out.append(f"{where}{f':{problem.line}' if problem.line else ''}: {problem.message}")
        if not out and not result.ok:
            out.append("the content does not load")
        return out

    return validate


# ---------------------------------------------------------------------------- reading packs safely


def _entry_problem(name: str) -> str | None:
    """Why a zip entry name is unsafe, or None."""
    if not name:
        return "an entry has an empty name"
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return f"zip entry {name!r} has control characters in its name"
    if name.startswith(("/", "\\")):
        return f"zip entry '{name}' has an absolute path"
    if re.match(r"^[A-Za-z]:", name):
        return f"zip entry '{name}' starts with a drive letter"
    if "\\" in name:
        return f"zip entry '{name}' uses backslashes; zip paths use /"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return f"zip entry '{name}' uses '..'"
    if any(part in ("", ".") for part in parts):
        return f"zip entry '{name}' has an empty or '.' path part"
    return None


@dataclass(frozen=True)
class ZipEnd:
    """A zip's end record (the Zip64 one where there is one): where its list of files lies."""

    entries: int
    directory_size: int
    directory_offset: int
    location: int  # where the end record starts in the file
    zip64: bool


_END = struct.Struct("<4s4H2LH")  # signature, disk numbers, entries here, entries, size, offset, comment length
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")


def zip_end_record(handle: Any) -> ZipEnd | None:
    """The end record ``zipfile`` would use, read from the last 64 KB of an open file; None if there is none.

    This is the very record ``zipfile.ZipFile`` reads first (same search: the last 22 bytes,
    else the last signature in the last 64 KB), so the sizes checked here are the sizes it
    would then read: ZipFile builds its whole list of files in memory, a million entries
    taking seconds and gigabytes, before anyone can count them.
    """
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    if size < _END.size:
        return None
    handle.seek(size - _END.size)
    data = handle.read(_END.size)
    if data[:4] == b"PK\x05\x06" and data[-2:] == b"\x00\x00":
        location = size - _END.size
    else:
        start = max(size - (1 << 16) - _END.size, 0)
        handle.seek(start)
        data = handle.read()
        found = data.rfind(b"PK\x05\x06")
        if found < 0 or len(data) - found < _END.size:
            return None
        location = start + found
        data = data[found:found + _END.size]
    _sig, _disk, _disk_dir, _here, entries, dir_size, dir_offset, _comment = _END.unpack(data)
    end = ZipEnd(entries, dir_size, dir_offset, location, False)
    if location < _END64_LOCATOR.size:
        return end
    handle.seek(location - _END64_LOCATOR.size)
    data = handle.read(_END64_LOCATOR.size)
    if len(data) != _END64_LOCATOR.size or _END64_LOCATOR.unpack(data)[0] != b"PK\x06\x07":
        return end
    if location < _END64_LOCATOR.size + _END64.size:
        return end
    handle.seek(location - _END64_LOCATOR.size - _END64.size)
    data = handle.read(_END64.size)
    if len(data) != _END64.size:
        return end
    fields = _END64.unpack(data)
    if fields[0] != b"PK\x06\x06":
        return end
    return ZipEnd(fields[7], fields[8], fields[9], location, True)


@contextlib.contextmanager
def _open_pack(zip_path: Path, max_bytes: int) -> Iterator[zipfile.ZipFile]:
    """Open a pack for reading after bounding it: a plain file, a sensible size, a short list of files.

    Everything here is read from the file's end before ``zipfile`` parses anything, so a
    hostile zip costs a few reads, never seconds or gigabytes. PackRefused otherwise.
    """
    stack = contextlib.ExitStack()  # zipfile leaves a file it was handed open: closed here
    try:
        handle, info = stack.enter_context(open_plain(zip_path))  # a FIFO would block a reader for ever
    except NotPlainFile:
        raise PackRefused(f"{Path(zip_path).name} is not a plain file") from None
    except OSError as exc:
        raise PackRefused(f"cannot read the pack ({exc.strerror or exc})") from None
    with stack:
        if info.st_size > max_bytes + 2 * MAX_DIRECTORY_BYTES:
            raise PackRefused(f"the pack file is {_size(info.st_size)}; a pack of at most {_size(max_bytes)} (pack_max_mb) "
                              "cannot be that large")
        try:
            end = zip_end_record(handle)
        except OSError as exc:
            raise PackRefused(f"cannot read the pack ({exc.strerror or exc})") from None
        if end is None:
            raise PackRefused("not a readable zip file: it has no zip end record (cut short, still being copied, or not a zip)")
        if end.entries > MAX_ENTRIES:
            raise PackRefused(f"the pack lists {end.entries} entries; at most {MAX_ENTRIES} are allowed")
        if end.directory_size > MAX_DIRECTORY_BYTES:
            raise PackRefused(f"the pack's list of files takes {_size(end.directory_size)}; "
                              f"at most {_size(MAX_DIRECTORY_BYTES)} is allowed")
        if end.directory_offset + end.directory_size > end.location:
            raise PackRefused("not a readable zip file: its list of files lies outside the file")
        handle.seek(0)
        try:
            zf = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise PackRefused(f"not a readable zip file ({exc})") from None
        with zf:
            yield zf


@dataclass(frozen=True)
class _Opened:
    manifest_bytes: bytes
    manifest: dict[str, Any]
    files: list[zipfile.ZipInfo]


def _check_zip(zf: zipfile.ZipFile, max_bytes: int) -> tuple[list[zipfile.ZipInfo], dict[str, zipfile.ZipInfo]]:
    """The file entries and the manifest/signature entries; PackRefused on any unsafe entry."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackRefused(f"the pack has {len(infos)} entries; at most {MAX_ENTRIES} are allowed")
    seen: set[str] = set()
    files: list[zipfile.ZipInfo] = []
    special: dict[str, zipfile.ZipInfo] = {}
    declared = 0
    for info in infos:
        name = info.filename
        problem = _entry_problem(name)
        if problem:
            raise PackRefused(problem)
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise PackRefused(f"zip entry '{name}' is a symbolic link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise PackRefused(f"zip entry '{name}' is not a plain file or folder")
        if info.flag_bits & 0x1:
            raise PackRefused(f"zip entry '{name}' is encrypted")
        key = name.rstrip("/").casefold()
        if key in seen:
            raise PackRefused(f"zip entry '{name}' appears twice")
        seen.add(key)
        if info.is_dir():
            continue
        declared += info.file_size
        if declared > max_bytes:
            raise PackRefused(f"the pack unpacks to more than the {_size(max_bytes)} limit (pack_max_mb)")
        if name in RESERVED:
            special[name] = info
        else:
            files.append(info)
        if info.file_size > _CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackRefused(f"zip entry '{name}' would unpack to {info.file_size // max(info.compress_size, 1)} times its "
                              f"packed size; at most {MAX_RATIO} is allowed (a zip bomb?)")
    # A name may not be both a file and a folder ("a" and "a/b").
    file_names = {info.filename.casefold() for info in files} | set(special)
    for info in infos:
        for parent in PurePosixPath(info.filename.rstrip("/")).parents:
            if str(parent).casefold() in file_names:
                raise PackRefused(f"zip entry '{info.filename}' lies inside the file '{parent}'")
    _check_overlaps(infos, getattr(zf, "start_dir", None))
    return files, special


def _check_overlaps(infos: list[zipfile.ZipInfo], directory_start: int | None) -> None:
    """Every entry's bytes lie apart from the next one's and before the list of files.

    Entries that share bytes let a small zip unpack to far more than its size (the
    "overlapping" zip bomb); no zip tool writes them. Each entry takes at least its 30-byte
    header, its name and its packed data.
    """
    spans = []
    for info in infos:
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        try:
            name_length = len(info.orig_filename.encode(encoding))
        except UnicodeEncodeError:
            name_length = len(info.orig_filename.encode("utf-8"))
        spans.append((info.header_offset, info.header_offset + 30 + name_length + info.compress_size, info.filename))
    spans.sort()
    for (_start, end, name), (next_start, _end, next_name) in zip(spans, spans[1:]):
        if end > next_start:
            raise PackRefused(f"zip entries '{name}' and '{next_name}' overlap (a zip bomb?)")
    if spans and directory_start is not None and spans[-1][1] > directory_start:
        raise PackRefused(f"zip entry '{spans[-1][2]}' overlaps the list of files")


def _size(count: int) -> str:
    return f"{count / 1_000_000:g} MB"


def _verify(zf: zipfile.ZipFile, files: list[zipfile.ZipInfo], special: dict[str, zipfile.ZipInfo],
            public_key_b64: str | None) -> _Opened:
    """Check the signature (when a key is configured), then the manifest against the entries."""
    if MANIFEST not in special:
        raise PackRefused("the pack has no manifest.json (make packs with kiosk pack)")
    if special[MANIFEST].file_size > MAX_MANIFEST_BYTES:
        raise PackRefused("manifest.json is too large")
    manifest_bytes = zf.read(MANIFEST)
    if public_key_b64:
        try:
            public = load_public_key(public_key_b64)
        except ValueError as exc:
            raise PackRefused(f"the configured pack_public_key {exc}; refusing every pack until it is fixed") from None
        if SIGNATURE not in special:
            raise PackRefused("the pack is not signed (no manifest.sig) and this kiosk accepts signed packs only")
        if special[SIGNATURE].file_size > 1024:
            raise PackRefused("manifest.sig is not a signature")
        try:
            signature = base64.b64decode(b"".join(zf.read(SIGNATURE).split()), validate=True)
        except (binascii.Error, ValueError):
            raise PackRefused("manifest.sig is not a base64 signature") from None
        from cryptography.exceptions import InvalidSignature

        try:
            public.verify(signature, manifest_bytes)
        except InvalidSignature:
            raise PackRefused("the signature does not match: signed with another key, or manifest.json was changed") from None
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackRefused(f"manifest.json is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise PackRefused("manifest.json is not a JSON object")
    if manifest.get("format") != MANIFEST_FORMAT:
        raise PackRefused(f"manifest.json has format {manifest.get('format')!r}; this kiosk reads format {MANIFEST_FORMAT}")
    version = manifest.get("content_version")
    if not isinstance(version, str) or not version.strip():
        raise PackRefused("manifest.json has no content_version")
    if len(version) > MAX_VERSION_LENGTH or "\n" in version:
        raise PackRefused(f"manifest.json has a content_version of more than {MAX_VERSION_LENGTH} characters or lines")
    for key in ("date", "signed_off_by"):
        if not isinstance(manifest.get(key), str) or not manifest[key].strip():
            raise PackRefused(f"manifest.json has no {key}")
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not all(isinstance(v, str) and _HEX64.match(v) for v in listed.values()):
        raise PackRefused("manifest.json has no files list of SHA-256 hashes")
    in_zip = {info.filename for info in files}
    for name in sorted(in_zip - set(listed)):
        raise PackRefused(f"'{name}' is in the pack but not in the manifest")
    for name in sorted(set(listed) - in_zip):
        raise PackRefused(f"'{name}' is listed in the manifest but missing from the pack")
    return _Opened(manifest_bytes, manifest, sorted(files, key=lambda i: i.filename))


def _extract(zf: zipfile.ZipFile, opened: _Opened, target: Path, max_bytes: int) -> None:
    """Unpack the files into ``target``, counting bytes and checking every hash as they stream."""
    target.mkdir()
    total = 0
    base = target.resolve()
    for info in opened.files:
        dest = target.joinpath(*info.filename.split("/"))
        if not dest.resolve().is_relative_to(base):
            raise PackRefused(f"zip entry '{info.filename}' would land outside the content folder")
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with zf.open(info) as src, open(dest, "xb") as out:
            for chunk in iter(lambda: src.read(_CHUNK), b""):
                size += len(chunk)
                total += len(chunk)
                if size > info.file_size:
                    raise PackRefused(f"zip entry '{info.filename}' is larger than its header says")
                if total > max_bytes:
                    raise PackRefused(f"the pack unpacks to more than the {_size(max_bytes)} limit (pack_max_mb)")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != opened.manifest["files"][info.filename]:
            raise PackRefused(f"'{info.filename}' does not match its SHA-256 in the manifest (changed after packing?)")
    (target / MANIFEST).write_bytes(opened.manifest_bytes)
    if SIGNATURE in zf.NameToInfo:
        (target / SIGNATURE).write_bytes(zf.read(SIGNATURE))


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


def _pack_yaml_version(folder: Path) -> str | None:
    try:
        value = _pack_yaml(folder).get("version")
    except ValueError:
        return None
    return value if isinstance(value, str) else None


# ---------------------------------------------------------------------------- the store


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
        problem = _one_line(f"cannot write the content store {self.root} ({exc.strerror or exc}); the kiosk shows the "
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
        """Hold the store's lock (one installer at a time); StoreBusy after ``timeout`` seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        wait = self.lock_timeout if timeout is None else timeout
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"another process is installing content in {self.root}")
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
        except StoreBusy:
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
        except StoreBusy as exc:
            return InstallResult(False, None, str(exc), busy=True)
        except OSError as exc:  # the caller reports the result; start-up (recover) logs a store it cannot write
            return InstallResult(False, None, _one_line(f"cannot install: {exc}"))
        except Exception as exc:  # a bug, or a check that broke on hostile input: refuse, never crash the caller
            log.info("content store: installing %s failed unexpectedly: %s: %s", zip_path, type(exc).__name__, _one_line(str(exc)))
            log.debug("content store: the failure", exc_info=True)
            return InstallResult(False, None, _one_line(f"the install failed unexpectedly ({type(exc).__name__}: {exc})"))
        return InstallResult(result.ok, result.version, _one_line(result.reason), result.folder, result.busy)

    def _install(self, zip_path: Path, public_key_b64: str | None, max_bytes: int, validate: Validate,
                 allow_unsigned: bool, allow_downgrade: bool) -> InstallResult:
        if not public_key_b64 and not allow_unsigned:
            return InstallResult(False, None, NO_KEY)
        self._recover()
        self.versions.mkdir(exist_ok=True)
        staging: Path | None = None
        version: str | None = None
        try:
            with _open_pack(zip_path, max_bytes) as zf:
                files, special = _check_zip(zf, max_bytes)
                self._stage("opened")
                opened = _verify(zf, files, special, public_key_b64)
                version = opened.manifest["content_version"]
                name = _version_name(version, opened.manifest_bytes)
                old = self._read_pointer("current")
                self._stage("verified")
                if name == old:
                    return InstallResult(True, version, f"content {version} is already installed", self.versions / name)
                if not allow_downgrade:
                    self._refuse_older(version, name)
                staging = self.root / f".staging-{secrets.token_hex(6)}"
                _extract(zf, opened, staging, max_bytes)
            self._stage("extracted")
            try:
                problems = validate(staging)
            except Exception as exc:  # the caller's check failed: refuse rather than install unchecked
                log.info("content store: validating %s failed: %s: %s", zip_path, type(exc).__name__, _one_line(str(exc)))
                log.debug("content store: the failure", exc_info=True)
                problems = [f"the check itself failed ({exc})"]
            if problems:
                shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
                raise PackRefused(f"the content is not valid: {shown}")
            in_yaml = _pack_yaml_version(staging)
            if in_yaml != version:
                raise PackRefused(f"manifest.json says content version {version} but pack.yaml says {in_yaml}")
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
        except (PackRefused, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
                UnicodeError, OSError) as exc:
            # zipfile raises BadZipFile for a bad CRC, NotImplementedError for unknown compression,
            # RuntimeError for encryption; OSError covers a full disk.
            if staging is not None:
                _remove_tree(staging)
            reason = str(exc) if isinstance(exc, PackRefused) else f"cannot unpack: {exc}"
            return InstallResult(False, version, reason)
        except Exception:  # unexpected: install() says so in one line; the half-made folder goes now
            if staging is not None:
                _remove_tree(staging)
            raise
        was = self._version_of(self._folder(old))
        return InstallResult(True, version, f"installed content {version}" + (f" (was {was})" if was else ""), self.versions / name)

    def _refuse_older(self, version: str, name: str) -> None:
        """PackRefused unless ``version`` is newer than every installed version (current and previous).

        An old pack, correctly signed, replayed into the inbox would otherwise roll the kiosk
        back without anyone asking (TUF and apt refuse the same); a different pack with the
        same version would make two contents indistinguishable on the admin screen and in rollback.
        Reinstalling the very pack that is ``previous`` (the same manifest) is allowed when it is the newer one.
        """
        for pointer in ("current", "previous"):
            installed = self._read_pointer(pointer)
            have = self._version_of(self._folder(installed))
            if have is None or installed == name and version_key(version) == version_key(have):
                continue
            if version_key(version) < version_key(have):
                raise PackRefused(f"content {version} is older than the installed {have}; a kiosk takes only newer content "
                                  "(to go back, use rollback; to force it, IT runs kiosk install-pack --allow-downgrade)")
            if version_key(version) == version_key(have):
                raise PackRefused(f"content {version} is already installed from another pack with the same version; "
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
        except StoreBusy as exc:
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
        except StoreBusy:
            return False
        except OSError as exc:
            self._trouble(exc)
            return False
        return True


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
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
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
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


# ---------------------------------------------------------------------------- the inbox and the runtime


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
    except OSError:  # NotPlainFile included
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
    public_key: str | None,
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
        result = store.install(claimed, public_key, max_bytes, validate, allow_unsigned=allow_unsigned)
        results.append((settle_pack(claimed, inbox, result), result))
        if result.busy:
            break
    return results


def _free_name(folder: Path, path: Path) -> Path:
    target = folder / path.name
    if target.exists() or target.is_symlink():
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        target = folder / f"{path.stem}-{stamp}-{secrets.token_hex(2)}{path.suffix}"
    return target


def _move_aside(path: Path, folder: Path, reason: str | None = None) -> Path:
    """Move a pack into ``folder`` (a new name if one is there already); write its reason file."""
    try:
        folder.mkdir(exist_ok=True)
        target = _free_name(folder, path)
        if reason is not None:
            from .usage import atomic_write

            when = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            atomic_write(target.with_name(target.name + ".reason.txt"), f"{path.name} refused {when}:\n{reason}\n")
        os.replace(path, target)
    except OSError as exc:
        log.error("content pack %s: cannot move it to %s: %s", path.name, folder, exc)
        return path
    return target


def pending_content(store: ContentStore) -> Path | None:
    """The current pack's folder when the kiosk is not showing it yet, else None.

    The runtime, at each idle reset (never in front of a patient)::

        process_inbox(inbox, store, key, max_bytes, validate)   # when content_inbox is set
        folder = pending_content(store)
        if folder is not None:
            kiosk.set_content(load_for_kiosk(folder))
            store.mark_shown(folder)

    and at start-up, after showing ``store.current()``, ``store.mark_shown(it)``.
    After ``store.rollback()`` (admin screen) the same two lines swap the content in.
    """
    current = store.current()
    if current is None or current == store.shown():
        return None
    return current
