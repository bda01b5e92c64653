"""Ed25519 key pairs for content packs: ``kiosk keygen``, and reading the keys back."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


@dataclass(frozen=True)
class TrustedKey:
    """A public key the kiosk trusts, and the pack ids it may sign (empty: any pack).

    From the config: ``pack_public_key`` (any pack) and each entry of ``pack_public_keys``
    (``{key: ..., packs: [...]}``: one per department, limited to that department's packs).
    """

    key: str
    packs: tuple[str, ...] = ()

    def may_sign(self, pack_id: str) -> bool:
        return not self.packs or pack_id in self.packs


def trusted(keys: str | Sequence[TrustedKey] | None) -> list[TrustedKey]:
    """The keys to check a pack with: one key text (any pack), a list of TrustedKey, or none."""
    if keys is None:
        return []
    if isinstance(keys, str):
        return [TrustedKey(keys)] if keys.strip() else []
    return [key for key in keys if key.key.strip()]
