"""Find the bundled folders, from a source checkout and from a PyInstaller bundle alike."""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder that holds ``kiosk/``, ``content/`` and ``resources/``.

    From source this is the repository root; frozen it is PyInstaller's
    read-only ``_internal`` folder (``sys._MEIPASS``).
    """
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return bundle_root() / "resources"


def bundled_content_dir() -> Path:
    return bundle_root() / "content"


def qml_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "qml"


def font_files() -> list[Path]:
    """The bundled legibility font (Atkinson Hyperlegible), installed from PyPI."""
    import fontpkg_atkinson_hyperlegible as fonts

    folder = Path(fonts.__file__).resolve().parent / "files"
    return sorted(folder.glob("*.ttf"))


def usage_file() -> Path:
    """Where the anonymous daily usage counts live (the platform's data folder)."""
    import platformdirs

    from .. import APP_NAME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "usage.json"
