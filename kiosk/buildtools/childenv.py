"""The environment a test or a benchmark runs a ``kiosk`` command in, as a child process.

Such a child must not meet this machine's kiosk or its user: its own config file, home, data,
state and runtime folders (so its own lock, usage counts, PIN lock and speech-dispatcher
socket), headless Qt with the software scene graph, and no ``NOTIFY_SOCKET`` (a child that
inherited it would report to the systemd unit of whatever runs the tests)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def kiosk_child_env(home: Path, config: Path | None = None, base: Mapping[str, str] | None = None,
                    **extra: str) -> dict[str, str]:
    """``base`` (default: this process's environment) with everything the kiosk keeps under
    ``home``, its config read from ``config`` (default: a file that does not exist, so the
    defaults), and ``extra`` on top."""
    env = dict(os.environ if base is None else base)
    env.pop("NOTIFY_SOCKET", None)
    env.update(
        KIOSK_CONFIG=str(config if config is not None else home / "no-config.yaml"),
        QT_QPA_PLATFORM="offscreen",
        QT_QUICK_BACKEND="software",
        HOME=str(home),
        TMPDIR=str(home),
        XDG_RUNTIME_DIR=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    env.update(extra)
    return env
