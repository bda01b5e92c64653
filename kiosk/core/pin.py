"""The admin PIN: stored only as a salted, slow hash; five wrong tries lock the pad for five minutes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

# scrypt from the standard library: memory-hard, so a stolen config does not give the PIN away cheaply.
_N, _R, _P = 2**14, 8, 1
PREFIX = "scrypt"
MAX_TRIES = 5
LOCK_SECONDS = 300


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash``: the one line that goes into the config."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("a PIN is 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"{PREFIX}${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        name, n, r, p, salt, digest = stored.split("$")
        if name != PREFIX:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def is_valid_hash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == PREFIX and all(parts[1:4]) and parts[1].isdigit()


@dataclass
class PinPad:
    """Wrong-PIN lockout. ``clock`` is injectable so tests need not wait five minutes."""

    stored_hash: str | None
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    locked_until: float = 0.0

    @property
    def available(self) -> bool:
        """With no PIN configured there is no way in from the kiosk."""
        return bool(self.stored_hash)

    def locked_for(self) -> float:
        """Seconds until the pad takes PINs again (0 when open)."""
        return max(0.0, self.locked_until - self.clock())

    def try_pin(self, pin: str) -> bool:
        if not self.stored_hash or self.locked_for() > 0:
            return False
        if verify_pin(pin, self.stored_hash):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= MAX_TRIES:
            self.failures = 0
            self.locked_until = self.clock() + LOCK_SECONDS
        return False
