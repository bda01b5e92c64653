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


# The application font's families, tried in this order for every character: Atkinson
# Hyperlegible for Latin text, then the Noto subsets for Vietnamese, Arabic and Chinese. The
# subsets have names of their own, so full Noto fonts on the machine never shadow them.
FONT_FAMILY = "Atkinson Hyperlegible"  # the kiosk's own face; the others fill in what it lacks
FONT_FAMILIES = [FONT_FAMILY, "Kiosk Noto Sans", "Kiosk Noto Sans Arabic", "Kiosk Noto Sans SC"]


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def font_files() -> list[Path]:
    """The bundled fonts: Atkinson Hyperlegible for Latin text, and Noto Sans, Noto Sans
    Arabic and Noto Sans CJK SC subsets for Vietnamese, Arabic and Chinese (all from package
    registries, made by ``tools/fonts.py``; see ``resources/fonts/README.md``)."""
    folder = fonts_dir()
    return sorted([*folder.glob("*.ttf"), *folder.glob("*.otf")])


def usage_file() -> Path:
    """Where the anonymous daily usage counts live (the platform's data folder)."""
    import platformdirs

    from .. import APP_NAME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "usage.json"
