"""Reading a content pack safely: bounded before ``zipfile`` parses anything, every entry
checked, the signature and the manifest verified, and every file's hash checked as it unpacks.

A hostile zip (a zip bomb, overlapping entries, a million entries, paths that climb out,
links) is refused with one sentence (PackRefusedError), in bounded time and memory.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import itertools
import json
import os
import re
import stat
import struct
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..statefile import NotPlainFileError, open_plain
from .keys import TrustedKey, load_public_key, trusted
from .manifest import (
    CHUNK,
    MANIFEST,
    MANIFEST_FORMAT,
    MAX_MANIFEST_BYTES,
    MAX_VERSION_LENGTH,
    RESERVED,
    SIGNATURE,
    PackRefusedError,
)

MAX_ENTRIES = 20_000
MAX_DIRECTORY_BYTES = 8_000_000  # the zip's list of files: 20,000 entries of a few hundred bytes
MAX_RATIO = 200  # unpacked / packed for one entry; YAML and SVG deflate about 3-10 times
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


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
def open_pack(zip_path: Path, max_bytes: int) -> Iterator[zipfile.ZipFile]:
    """Open a pack for reading after bounding it: a plain file, a sensible size, a short list of files.

    Everything here is read from the file's end before ``zipfile`` parses anything, so a
    hostile zip costs a few reads, never seconds or gigabytes. PackRefusedError otherwise.
    """
    stack = contextlib.ExitStack()  # zipfile leaves a file it was handed open: closed here
    try:
        handle, info = stack.enter_context(open_plain(zip_path))  # a FIFO would block a reader for ever
    except NotPlainFileError:
        raise PackRefusedError(f"{Path(zip_path).name} is not a plain file") from None
    except OSError as exc:
        raise PackRefusedError(f"cannot read the pack ({exc.strerror or exc})") from None
    with stack:
        if info.st_size > max_bytes + 2 * MAX_DIRECTORY_BYTES:
            raise PackRefusedError(f"the pack file is {_size(info.st_size)}; a pack of at most {_size(max_bytes)} (pack_max_mb) "
                                   "cannot be that large")
        try:
            end = zip_end_record(handle)
        except OSError as exc:
            raise PackRefusedError(f"cannot read the pack ({exc.strerror or exc})") from None
        if end is None:
            raise PackRefusedError("not a readable zip file: it has no zip end record (cut short, still being copied, or not a zip)")
        if end.entries > MAX_ENTRIES:
            raise PackRefusedError(f"the pack lists {end.entries} entries; at most {MAX_ENTRIES} are allowed")
        if end.directory_size > MAX_DIRECTORY_BYTES:
            raise PackRefusedError(f"the pack's list of files takes {_size(end.directory_size)}; "
                                   f"at most {_size(MAX_DIRECTORY_BYTES)} is allowed")
        if end.directory_offset + end.directory_size > end.location:
            raise PackRefusedError("not a readable zip file: its list of files lies outside the file")
        handle.seek(0)
        try:
            zf = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise PackRefusedError(f"not a readable zip file ({exc})") from None
        with zf:
            yield zf


@dataclass(frozen=True)
class Opened:
    manifest_bytes: bytes
    manifest: dict[str, Any]
    files: list[zipfile.ZipInfo]
    signers: list[TrustedKey] = field(default_factory=list)  # the trusted keys whose signature matches (none: unsigned)


def check_zip(zf: zipfile.ZipFile, max_bytes: int) -> tuple[list[zipfile.ZipInfo], dict[str, zipfile.ZipInfo]]:
    """The file entries and the manifest/signature entries; PackRefusedError on any unsafe entry."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackRefusedError(f"the pack has {len(infos)} entries; at most {MAX_ENTRIES} are allowed")
    seen: set[str] = set()
    files: list[zipfile.ZipInfo] = []
    special: dict[str, zipfile.ZipInfo] = {}
    declared = 0
    for info in infos:
        name = info.filename
        problem = _entry_problem(name)
        if problem:
            raise PackRefusedError(problem)
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise PackRefusedError(f"zip entry '{name}' is a symbolic link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise PackRefusedError(f"zip entry '{name}' is not a plain file or folder")
        if info.flag_bits & 0x1:
            raise PackRefusedError(f"zip entry '{name}' is encrypted")
        key = name.rstrip("/").casefold()
        if key in seen:
            raise PackRefusedError(f"zip entry '{name}' appears twice")
        seen.add(key)
        if info.is_dir():
            continue
        declared += info.file_size
        if declared > max_bytes:
            raise PackRefusedError(f"the pack unpacks to more than the {_size(max_bytes)} limit (pack_max_mb)")
        if name in RESERVED:
            special[name] = info
        else:
            files.append(info)
        if info.file_size > CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackRefusedError(f"zip entry '{name}' would unpack to {info.file_size // max(info.compress_size, 1)} times its "
                                   f"packed size; at most {MAX_RATIO} is allowed (a zip bomb?)")
    # A name may not be both a file and a folder ("a" and "a/b").
    file_names = {info.filename.casefold() for info in files} | set(special)
    for info in infos:
        for parent in PurePosixPath(info.filename.rstrip("/")).parents:
            if str(parent).casefold() in file_names:
                raise PackRefusedError(f"zip entry '{info.filename}' lies inside the file '{parent}'")
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
    for (_start, end, name), (next_start, _end, next_name) in itertools.pairwise(spans):
        if end > next_start:
            raise PackRefusedError(f"zip entries '{name}' and '{next_name}' overlap (a zip bomb?)")
    if spans and directory_start is not None and spans[-1][1] > directory_start:
        raise PackRefusedError(f"zip entry '{spans[-1][2]}' overlaps the list of files")


def _size(count: int) -> str:
    return f"{count / 1_000_000:g} MB"


def verify(zf: zipfile.ZipFile, files: list[zipfile.ZipInfo], special: dict[str, zipfile.ZipInfo],
           public_keys: str | Sequence[TrustedKey] | None) -> Opened:
    """Check the signature (when keys are configured: one of them must match), then the manifest against the entries.

    Which pack ids the matching keys may sign is the store's check (the pack id is read here).
    """
    if MANIFEST not in special:
        raise PackRefusedError("the pack has no manifest.json (make packs with kiosk pack)")
    if special[MANIFEST].file_size > MAX_MANIFEST_BYTES:
        raise PackRefusedError("manifest.json is too large")
    manifest_bytes = zf.read(MANIFEST)
    keys = trusted(public_keys)
    signers: list[TrustedKey] = []
    if keys:
        publics = []
        for trusted_key in keys:
            try:
                publics.append((trusted_key, load_public_key(trusted_key.key)))
            except ValueError as exc:
                raise PackRefusedError(f"the configured pack_public_key {exc}; refusing every pack until it is fixed") from None
        if SIGNATURE not in special:
            raise PackRefusedError("the pack is not signed (no manifest.sig) and this kiosk accepts signed packs only")
        if special[SIGNATURE].file_size > 1024:
            raise PackRefusedError("manifest.sig is not a signature")
        try:
            signature = base64.b64decode(b"".join(zf.read(SIGNATURE).split()), validate=True)
        except (binascii.Error, ValueError):
            raise PackRefusedError("manifest.sig is not a base64 signature") from None
        from cryptography.exceptions import InvalidSignature

        for trusted_key, public in publics:
            try:
                public.verify(signature, manifest_bytes)
            except InvalidSignature:
                continue
            signers.append(trusted_key)
        if not signers:
            raise PackRefusedError("the signature does not match: signed with another key, or manifest.json was changed")
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackRefusedError(f"manifest.json is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise PackRefusedError("manifest.json is not a JSON object")
    if manifest.get("format") != MANIFEST_FORMAT:
        raise PackRefusedError(f"manifest.json has format {manifest.get('format')!r}; this kiosk reads format {MANIFEST_FORMAT}")
    version = manifest.get("content_version")
    if not isinstance(version, str) or not version.strip():
        raise PackRefusedError("manifest.json has no content_version")
    if len(version) > MAX_VERSION_LENGTH or "\n" in version:
        raise PackRefusedError(f"manifest.json has a content_version of more than {MAX_VERSION_LENGTH} characters or lines")
    for field_name in ("date", "signed_off_by"):
        if not isinstance(manifest.get(field_name), str) or not manifest[field_name].strip():
            raise PackRefusedError(f"manifest.json has no {field_name}")
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not all(isinstance(v, str) and _HEX64.match(v) for v in listed.values()):
        raise PackRefusedError("manifest.json has no files list of SHA-256 hashes")
    in_zip = {info.filename for info in files}
    for name in sorted(in_zip - set(listed)):
        raise PackRefusedError(f"'{name}' is in the pack but not in the manifest")
    for name in sorted(set(listed) - in_zip):
        raise PackRefusedError(f"'{name}' is listed in the manifest but missing from the pack")
    return Opened(manifest_bytes, manifest, sorted(files, key=lambda i: i.filename), signers)


def extract(zf: zipfile.ZipFile, opened: Opened, target: Path, max_bytes: int) -> None:
    """Unpack the files into ``target``, counting bytes and checking every hash as they stream."""
    target.mkdir()
    total = 0
    base = target.resolve()
    for info in opened.files:
        dest = target.joinpath(*info.filename.split("/"))
        if not dest.resolve().is_relative_to(base):
            raise PackRefusedError(f"zip entry '{info.filename}' would land outside the content folder")
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with zf.open(info) as src, open(dest, "xb") as out:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                size += len(chunk)
                total += len(chunk)
                if size > info.file_size:
                    raise PackRefusedError(f"zip entry '{info.filename}' is larger than its header says")
                if total > max_bytes:
                    raise PackRefusedError(f"the pack unpacks to more than the {_size(max_bytes)} limit (pack_max_mb)")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != opened.manifest["files"][info.filename]:
            raise PackRefusedError(f"'{info.filename}' does not match its SHA-256 in the manifest (changed after packing?)")
    (target / MANIFEST).write_bytes(opened.manifest_bytes)
    if SIGNATURE in zf.NameToInfo:
        (target / SIGNATURE).write_bytes(zf.read(SIGNATURE))
