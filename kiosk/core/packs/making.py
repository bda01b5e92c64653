"""Making content packs (``kiosk pack``): the files, the manifest, the signature; and the
checks around it (what is not approved yet, and the validation an install runs)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import __version__
from .keys import load_private_key
from .manifest import CHUNK, MANIFEST, MANIFEST_FORMAT, RESERVED, SIGNATURE, pack_yaml

if TYPE_CHECKING:
    from ..loader import Content
    from .store import Validate

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class MadePack:
    path: Path
    pack_id: str | None
    version: str
    files: int
    signed: bool
    draft: bool = False


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
        for chunk in iter(lambda: handle.read(CHUNK), b""):
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
    from ..languages import english_name

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
    info = pack_yaml(content_dir)
    if version is None:
        if not isinstance(info.get("version"), str) or not info["version"].strip():
            raise ValueError("pack.yaml has no version (write it in quotes, for example \"2026.11.1\")")
        version = info["version"]
    files = content_files(content_dir)
    pack_id = info.get("id") if isinstance(info.get("id"), str) else None
    if draft is None:
        from ..loader import load_content

        loaded = load_content(content_dir)
        draft = loaded.content is None or bool(draft_reasons(loaded.content))
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "pack_id": pack_id,
        "content_version": version,
        "date": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "signed_off_by": signer,
        "draft": bool(draft),
        "made_by_kiosk": __version__,  # a kiosk older than this can say why it refuses content it does not know
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
                    shutil.copyfileobj(src, dst, CHUNK)
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
    from ..loader import load_content
    from ..svgstatic import check_svg_file

    def validate(folder: Path) -> list[str]:
        drawings: list[str] = []
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
