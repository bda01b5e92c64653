"""The admin PIN: stored only as a salted, slow hash; wrong tries lock the pad, across restarts.

Five wrong PINs lock the pad for five minutes; each further lockout before a right PIN doubles
the lock, up to an hour. The count and the lock live in a small state file (wall-clock times,
written atomically), so a restart (watchdog, power cut, nightly) gives no fresh tries. A day
without a wrong PIN forgets the old ones. Lockouts are logged; the digits never are.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import math
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from .statefile import UnreadableError, atomic_write, parse_json, read_bounded, set_aside

log = logging.getLogger(__name__)

# scrypt from the standard library: memory-hard, so a stolen config does not give the PIN away
# cheaply. N=2**16 (64 MiB, about 0.1-0.2 s on a 2-core development machine, well under a second
# on a kiosk's CPU) is 4 times the cost of the 2**14 that kiosks used before issue 13, whose
# hashes still verify (the parameters are part of each hash).
_N, _R, _P = 2**16, 8, 1
PREFIX = "scrypt"
MIN_DIGITS, MAX_DIGITS = 6, 12
# What a stored hash may ask for: from the old cost (2**14) to 16 times ours in work, and at
# most 128 MiB of memory. A config line asking for more would freeze the pad at each try.
_MIN_N, _MAX_WORK = 2**14, 2**20
_MAX_MEMORY = 128 * 2**20

MAX_TRIES = 5
LOCK_SECONDS = 300
MAX_LOCK_SECONDS = 3600
QUIET_SECONDS = 86_400  # a day without a wrong PIN forgets the wrong tries and lockouts before it
STATE_MAX_BYTES = 4096


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash``: the one line that goes into the config."""
    if not pin.isascii() or not pin.isdigit() or not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise ValueError(f"a PIN is {MIN_DIGITS} to {MAX_DIGITS} digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32, maxmem=_MAX_MEMORY + 2**20)
    return f"{PREFIX}${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


@dataclass(frozen=True)
class _Parsed:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def _parse(stored: str) -> _Parsed | None:
    """The parts of a hash from ``kiosk set-pin``, or None when it is not one we would run."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != PREFIX or not all(x.isascii() and x.isdigit() and len(x) <= 12 for x in parts[1:4]):
        return None
    n, r, p = (int(x) for x in parts[1:4])
    if n < _MIN_N or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        return None
    if n * r * p > _MAX_WORK or 128 * n * r > _MAX_MEMORY:
        return None
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(salt) < 8 or not 16 <= len(digest) <= 64:
        return None
    return _Parsed(n, r, p, salt, digest)


def verify_pin(pin: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    try:
        actual = hashlib.scrypt(pin.encode(), salt=parsed.salt, n=parsed.n, r=parsed.r, p=parsed.p,
                                dklen=len(parsed.digest), maxmem=_MAX_MEMORY + 2**20)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, parsed.digest)


def is_valid_hash(stored: str) -> bool:
    return _parse(stored) is not None


def hash_strength(stored: str) -> str:
    """"ok", "weak" (cheaper than ``kiosk set-pin`` makes now: from an older kiosk, which also
    allowed 4-digit PINs) or "invalid"."""
    parsed = _parse(stored)
    if parsed is None:
        return "invalid"
    return "ok" if parsed.n * parsed.r * parsed.p >= _N * _R * _P else "weak"


def describe_hash(stored: str) -> str:
    parsed = _parse(stored)
    return f"scrypt N={parsed.n}, r={parsed.r}, p={parsed.p}" if parsed else "not a hash from kiosk set-pin"


def _minutes(seconds: float) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _clock_text(seconds: float) -> str:
    minutes, secs = divmod(math.ceil(seconds), 60)
    return f"{minutes}:{secs:02d}"


# The state file's fields and their bounds (anything else means the file is not ours).
_FIELDS = {"failures": MAX_TRIES - 1, "lockouts": 10_000, "lock_seconds": MAX_LOCK_SECONDS,
           "locked_until": 10**11, "last_failure": 10**11}


def _read_state(path: Path) -> dict[str, int]:
    data = parse_json(read_bounded(path, STATE_MAX_BYTES), noun="whole number")
    if not isinstance(data, dict):
        raise UnreadableError("it is not a mapping")
    state = {}
    for name, top in _FIELDS.items():
        value = data.get(name, 0)
        if type(value) is not int or not 0 <= value <= top:
            shown = json.dumps(value)[:40] if not isinstance(value, (dict, list)) else type(value).__name__
            raise UnreadableError(f"{name} is {shown}, not a whole number from 0 to {top}")
        state[name] = value
    return state


@dataclass
class PinPad:
    """Wrong-PIN lockout. ``clock`` is the wall clock (injectable, so tests need not wait); with a
    ``state_file`` the tries and the lock outlive the process."""

    stored_hash: str | None
    clock: Callable[[], float] = time.time
    state_file: Path | None = None
    failures: int = 0
    locked_until: float = 0.0
    lockouts: int = 0  # lockouts since the last right PIN
    lock_seconds: float = 0.0  # the length of the current (or last) lock
    last_failure: float = 0.0
    short_pin: bool = field(default=False, init=False)  # the right PIN, once entered, had fewer than MIN_DIGITS

    def __post_init__(self) -> None:
        if self.state_file is not None:
            self._load(self.state_file)

    @property
    def available(self) -> bool:
        """With no PIN configured there is no way in from the kiosk."""
        return bool(self.stored_hash)

    # ---- the lock --------------------------------------------------------------------------
    def locked_for(self) -> float:
        """Seconds until the pad takes PINs again (0 when open)."""
        now = self.clock()
        left = self.locked_until - now
        if left <= 0:
            return 0.0
        longest = self.lock_seconds or LOCK_SECONDS
        if left > longest:  # the clock went back (or the file says more): never longer than the lock
            self.locked_until = now + longest
            self._save()
            left = longest
        return left

    def try_pin(self, pin: str) -> bool:
        if not self.stored_hash or self.locked_for() > 0:
            return False
        now = self.clock()
        if self.last_failure and not 0 <= now - self.last_failure <= QUIET_SECONDS:
            self.failures = self.lockouts = 0  # a quiet day (or a clock set back): start afresh
        if verify_pin(pin, self.stored_hash):
            if self.failures or self.lockouts or self.last_failure:
                self.failures = self.lockouts = 0
                self.locked_until = self.lock_seconds = self.last_failure = 0
                self._save()
            self.short_pin = len(pin) < MIN_DIGITS
            return True
        self.failures += 1
        self.last_failure = now
        if self.failures >= MAX_TRIES:
            self.lockouts += 1
            self.lock_seconds = min(LOCK_SECONDS * 2 ** min(self.lockouts - 1, 16), MAX_LOCK_SECONDS)
            self.locked_until = now + self.lock_seconds
            log.warning("admin PIN pad locked for %s after %d wrong PINs (lockout %d since the last right PIN)",
                        _minutes(self.lock_seconds), MAX_TRIES, self.lockouts)
            self.failures = 0
        else:
            log.warning("wrong admin PIN (%d of %d before the pad locks)", self.failures, MAX_TRIES)
        self._save()
        return False

    # ---- the state file ----------------------------------------------------------------------
    def _load(self, state_file: Path) -> None:
        if not os.path.lexists(state_file):
            return
        try:
            state = _read_state(state_file)
        except Exception as exc:  # noqa: BLE001 - whatever the file holds, the pad stays safe
            # Fail closed, briefly: a file we did not write might be an attempt to reset the
            # count, so the pad is locked for one ordinary lock (never longer: a disk fault must
            # not keep staff out for long) and the file is set aside, never read again.
            aside = set_aside(state_file, f"corrupt-{int(self.clock())}")
            now = self.clock()
            self.failures, self.lockouts = 0, 1
            self.lock_seconds, self.locked_until, self.last_failure = LOCK_SECONDS, now + LOCK_SECONDS, now
            log.error("PIN lock state %s was unreadable (%s); set aside as %s; the PIN pad is locked for %s to be safe",
                      state_file, UnreadableError.reason(exc), aside.name, _minutes(LOCK_SECONDS))
            self._save()
            return
        self.failures, self.lockouts = state["failures"], state["lockouts"]
        self.lock_seconds, self.locked_until, self.last_failure = state["lock_seconds"], state["locked_until"], state["last_failure"]
        left = self.locked_for()
        if left > 0:
            log.warning("admin PIN pad is locked for %s more (locked before this start)", _clock_text(left))

    def _save(self) -> None:
        if self.state_file is None:
            return
        state = {"version": 1, "failures": self.failures, "lockouts": self.lockouts,
                 "lock_seconds": math.ceil(self.lock_seconds), "locked_until": math.ceil(self.locked_until),
                 "last_failure": math.ceil(self.last_failure)}
        try:
            atomic_write(self.state_file, json.dumps(state) + "\n")
        except OSError as exc:
            log.error("cannot keep the PIN lock state in %s (%s): a restart would forget wrong tries",
                      self.state_file, exc.strerror or exc)
