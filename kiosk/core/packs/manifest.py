"""What a content pack is: its special files and format, how versions compare, its refusals.

A content pack is a zip of a content folder (``pack.yaml``, ``glossary.yaml``,
``topics/*.yaml`` and any drawings that live inside the folder) plus
``manifest.json`` (format, pack id, content version, date, who signed it off and
the SHA-256 of every file) and, when signed, ``manifest.sig`` (the base64
Ed25519 signature of the exact bytes of ``manifest.json``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MANIFEST_FORMAT = 1
RESERVED = {MANIFEST, SIGNATURE}
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_VERSION_LENGTH = 100
CHUNK = 1024 * 1024  # files are read, hashed and copied in pieces this large


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


def one_line(text: str, limit: int = 2000) -> str:
    """A message as one line of bounded length (what a log line, a reason file or a terminal shows)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def newer_kiosk(made_by: object) -> str | None:
    """The version of the kiosk that made a pack (the manifest's ``made_by_kiosk``) when it is
    newer than this kiosk, else None: content such a pack holds may use what only the newer
    kiosk knows, and a refusal should say so rather than only name a field this kiosk lacks."""
    from ... import __version__

    if not isinstance(made_by, str) or not made_by or len(made_by) > MAX_VERSION_LENGTH:
        return None
    return made_by if version_key(made_by) > version_key(__version__) else None


class PackRefusedError(Exception):
    """A pack failed a check; the message says which, in one sentence."""


def pack_yaml(folder: Path) -> dict[str, Any]:
    from ..yamlsrc import YamlError, load_yaml

    try:
        data = load_yaml(folder / "pack.yaml").data
    except YamlError as exc:
        raise ValueError(f"cannot read pack.yaml: {exc.message}") from None
    return data if isinstance(data, dict) else {}


def pack_yaml_version(folder: Path) -> str | None:
    try:
        value = pack_yaml(folder).get("version")
    except ValueError:
        return None
    return value if isinstance(value, str) else None
