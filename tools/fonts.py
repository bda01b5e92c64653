#!/usr/bin/env python3
"""Build the kiosk's bundled fonts in resources/fonts/ (a development tool; rerun it freely).

The kiosk shows English, Spanish, Simplified Chinese, Vietnamese and Arabic, so it needs four
faces, tried in this order for every character (``kiosk/qt/app.py`` sets them as the
application font's family list):

1. Atkinson Hyperlegible (Regular, Bold): the legibility face for Latin text, copied unchanged
   from the PyPI package ``fontpkg-atkinson-hyperlegible``. It has no Vietnamese letters with a
   horn or a hook (ơ ư ả ạ ế ộ ...), which is why the next face is there.
2. "Kiosk Noto Sans" (Regular, Bold), from Noto Sans: Vietnamese and any other Latin, Greek or
   punctuation Atkinson lacks; static instances of the variable font in PyPI ``fontpkg-noto-sans``.
3. "Kiosk Noto Sans Arabic" (Regular, Bold), from Noto Sans Arabic: static instances from PyPI
   ``fontpkg-noto-sans-arabic``, with every OpenType layout feature kept (contextual forms,
   ligatures, mark positioning).
4. "Kiosk Noto Sans SC" (Regular, Bold), from Noto Sans CJK SC: Simplified Chinese, from
   Debian's ``fonts-noto-cjk`` (``apt-get install fonts-noto-cjk``), cut down to the characters
   the kiosk really shows.

The subsets carry family names of their own (see FAMILIES in kiosk/buildtools/fontset.py, which
also holds the list of faces and gathers the characters below, for this tool and for the tests).

Every Noto face is subset to the characters the kiosk can show: every string in
``content/**/*.yaml``, the ``<source>`` and ``<translation>`` texts of ``translations/*.ts``,
the string literals in ``kiosk/qml``, the languages' own names, plus a safety margin (ASCII,
Latin-1, Latin Extended-A, the Vietnamese letters, general punctuation, the basic Arabic
block and CJK punctuation). Chinese characters get no margin beyond what is used: a new
Chinese string needs this tool run again, and ``tests/test_fonts.py`` says so.

Run ``.venv/bin/pip install -e '.[fonts]'`` (and ``apt-get install fonts-noto-cjk``) once, then
``.venv/bin/python tools/fonts.py``. ``--check`` only reports characters the bundled fonts
lack, without writing anything.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: this checkout's kiosk package
from kiosk.buildtools.fontset import (  # noqa: E402  (the faces and the characters, shared with the tests)
    ARABIC_FAMILY,
    ARABIC_RANGES,
    CJK_FAMILY,
    CJK_RANGES,
    CJK_SOURCE_FAMILY,
    FAMILIES,
    LATIN_FAMILY,
    Face,
    faces,
    in_ranges,
    used_characters,
    wanted_characters,
)

FONTS_DIR = ROOT / "resources" / "fonts"
LICENSES_DIR = FONTS_DIR / "LICENSES"

# Where Debian's fonts-noto-cjk is: installed (/), or unpacked without installing it, so the
# machine's own fonts stay as they are:  apt-get download fonts-noto-cjk &&
# dpkg-deb -x fonts-noto-cjk_*.deb /tmp/noto-cjk && FONTS_CJK_ROOT=/tmp/noto-cjk .venv/bin/python tools/fonts.py
CJK_ROOT = Path(os.environ.get("FONTS_CJK_ROOT", "/"))
CJK_TTC = {
    "Regular": CJK_ROOT / "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "Bold": CJK_ROOT / "usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}
CJK_LICENSE = CJK_ROOT / "usr/share/doc/fonts-noto-cjk/copyright"
CJK_COPYRIGHT = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."


# ------------------------------------------------------------------ the faces


def _package_files(module: str, pattern: str) -> list[Path]:
    try:
        package = __import__(module)
    except ImportError:
        sys.exit(f"fonts: {module} is missing; run .venv/bin/pip install -e '.[fonts]'")
    folder = Path(package.__file__).resolve().parent
    found = sorted(folder.glob(pattern))
    if not found:
        sys.exit(f"fonts: no {pattern} in {folder}")
    return found


def _package_file(module: str, pattern: str) -> Path:
    (path,) = _package_files(module, pattern)
    return path


def _package_version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


def _source_font(face: Face) -> Any:
    """The source font for a face, as a static fontTools TTFont."""
    from fontTools.ttLib import TTFont

    if face.upstream == "Atkinson Hyperlegible":
        return TTFont(_package_file("fontpkg_atkinson_hyperlegible", f"files/*-{face.style}.ttf"),
                      recalcTimestamp=False)
    if face.upstream == CJK_SOURCE_FAMILY:
        path = CJK_TTC[face.style]
        if not path.exists():
            sys.exit(f"fonts: {path} is missing; run apt-get install fonts-noto-cjk")
        from fontTools.ttLib import TTCollection

        collection = TTCollection(path, recalcTimestamp=False)
        for number, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1) == CJK_SOURCE_FAMILY:
                return TTFont(path, fontNumber=number, recalcTimestamp=False)
        sys.exit(f"fonts: no {CJK_SOURCE_FAMILY} in {path}")
    module = {"Noto Sans": "fontpkg_noto_sans", "Noto Sans Arabic": "fontpkg_noto_sans_arabic"}[face.upstream]
    upright = [path for path in _package_files(module, "files/*[[]wdth,wght[]].ttf") if "Italic" not in path.name]
    variable = TTFont(upright[0], recalcTimestamp=False)
    return _static_instance(variable, 700 if face.style == "Bold" else 400)


def _static_instance(font: Any, weight: int) -> Any:
    from fontTools.varLib import instancer

    location = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
    location["wght"] = weight
    return instancer.instantiateVariableFont(font, location, updateFontNames=True)


def _set_style(font: Any, family: str, style: str) -> None:
    """Plain four-style names and flags, so Qt files the face as ``family`` Regular or Bold."""
    bold = style == "Bold"
    if font["post"].italicAngle != 0:
        sys.exit(f"fonts: the source of {family} {style} is italic")
    name = font["name"]
    postscript = f"{family.replace(' ', '')}-{style}"
    version = name.getDebugName(5) or ""
    # Every naming record in every language goes (the CJK font also names itself "Noto Sans CJK
    # SC" in Chinese, which a Chinese-locale machine would match), then the English ones return.
    for name_id in (1, 2, 3, 4, 6, 16, 17, 21, 22, 25):
        name.removeNames(nameID=name_id)
    for name_id, value in ((1, family), (2, style), (4, f"{family} {style}"),
                           (6, postscript), (3, f"{version.split(';')[0].replace('Version ', '')};{postscript}")):
        name.setName(value, name_id, 3, 1, 0x409)
    os2 = font["OS/2"]
    os2.usWeightClass = 700 if bold else 400
    os2.fsSelection &= ~((1 << 0) | (1 << 5) | (1 << 6))  # italic, bold, regular
    os2.fsSelection |= (1 << 5) if bold else (1 << 6)
    font["head"].macStyle = (font["head"].macStyle & ~0b11) | (1 if bold else 0)
    if "CFF " in font:  # the CFF's own names should agree
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", f"{family} {style}"), ("FamilyName", family),
                           ("Weight", style)):
            if hasattr(top, key):
                setattr(top, key, value)


# OpenType layout features kept per face. Arabic keeps every one of them, so its joining forms
# (init, medi, fina, isol), ligatures (rlig, liga), cursive attachment and mark positioning are
# untouched. Latin keeps fontTools' default set, which is what a shaper applies by itself
# (ccmp, locl, mark, mkmk for the stacked Vietnamese accents, kern, liga, ...), without the small
# caps and stylistic sets nobody asks for. Chinese keeps only composition, kerning and marks:
# its locl and vertical features would pull in Japanese, Korean and vertical glyphs.
LAYOUT_FEATURES: dict[str, list[str] | None] = {
    "Atkinson Hyperlegible": None,
    LATIN_FAMILY: None,  # fontTools' default
    ARABIC_FAMILY: ["*"],
    CJK_FAMILY: ["ccmp", "kern", "mark", "mkmk"],
}


def _subset(font: Any, chars: set[str], features: list[str] | None) -> None:
    from fontTools import subset

    options = subset.Options()
    if features is not None:
        options.layout_features = features
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True  # a missing glyph shows as a box, not as nothing
    options.recalc_timestamp = False
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)


def _cmap(font: Any) -> set[str]:
    return {chr(c) for c in font.getBestCmap()}


def build() -> list[Face]:
    try:
        import fontTools  # noqa: F401 - only whether it is installed
    except ImportError:
        sys.exit("fonts: fontTools is missing; run .venv/bin/pip install -e '.[fonts]'")
    wanted = wanted_characters()
    used = set(used_characters())
    FONTS_DIR.mkdir(parents=True, exist_ok=True)
    LICENSES_DIR.mkdir(parents=True, exist_ok=True)
    built: list[Face] = []
    covered: dict[str, set[str]] = {}  # style -> characters the faces before have
    for face in faces():
        font = _source_font(face)
        have = _cmap(font)
        before = covered.setdefault(face.style, set())
        if not face.subset:
            face.chars = have
        elif face.family == LATIN_FAMILY:
            # Everything Latin, Greek and punctuation it has, so it can also be the first face
            # for Vietnamese text (one design for a whole word instead of a mix).
            face.chars = {c for c in wanted & have if not in_ranges(ord(c), CJK_RANGES + ARABIC_RANGES)}
        elif face.family == ARABIC_FAMILY:
            # (its Latin letters are never reached: Atkinson and Noto Sans come first)
            face.chars = {c for c in wanted & have if in_ranges(ord(c), ARABIC_RANGES) or c not in before}
        else:  # Chinese: what nothing before has, and only what is used or CJK punctuation
            face.chars = {c for c in wanted & have if c not in before}
        if face.subset:
            _subset(font, face.chars, LAYOUT_FEATURES[face.family])
            _set_style(font, face.family, face.style)
            face.chars = _cmap(font)
        before |= face.chars
        target = FONTS_DIR / face.file
        font.save(target)
        built.append(face)
        print(f"{face.file:32} {len(face.chars):5} characters {target.stat().st_size / 1024:8.1f} KB")
    _write_licenses()
    missing = sorted(c for c in used if c not in covered["Regular"] or c not in covered["Bold"])
    _write_readme(built)
    total = sum((FONTS_DIR / f.file).stat().st_size for f in built)
    print(f"total {total / 1024:.1f} KB in {FONTS_DIR.relative_to(ROOT)}")
    if missing:
        print("no bundled font has: " + " ".join(f"{c} U+{ord(c):04X}" for c in missing), file=sys.stderr)
        raise SystemExit(1)
    return built


def _write_licenses() -> None:
    copies = {
        "AtkinsonHyperlegible-OFL.txt": _package_file("fontpkg_atkinson_hyperlegible", "LICENSE").read_text(encoding="utf-8"),
        "NotoSans-OFL.txt": _package_file("fontpkg_noto_sans", "LICENSE").read_text(encoding="utf-8"),
        "NotoSansArabic-OFL.txt": _package_file("fontpkg_noto_sans_arabic", "LICENSE").read_text(encoding="utf-8"),
        "NotoSansCJK-OFL.txt": _cjk_license(),
    }
    for name, text in copies.items():
        (LICENSES_DIR / name).write_text(text.rstrip() + "\n", encoding="utf-8")


def _cjk_license() -> str:
    """The OFL as Debian's copyright file carries it, under the upstream copyright line."""
    if not CJK_LICENSE.exists():
        sys.exit(f"fonts: {CJK_LICENSE} is missing; run apt-get install fonts-noto-cjk")
    lines = CJK_LICENSE.read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("License: SIL-1.1") + 1)
    body: list[str] = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    header = [
        CJK_COPYRIGHT,
        "Noto is a trademark of Google Inc.",
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at:",
        "https://openfontlicense.org",
        "",
    ]
    return "\n".join(header + body)


def _write_readme(built: list[Face]) -> None:
    from fontTools.ttLib import TTFont

    rows = []
    for face in built:
        path = FONTS_DIR / face.file
        version = TTFont(path, lazy=True)["name"].getDebugName(5) or "?"
        version = version.split(";")[0]
        package = face.origin.split()[-1]
        origin = f"{face.origin} {_package_version(package)}" if face.origin.startswith("PyPI") else f"{face.origin} ({version})"
        how = "copied unchanged" if not face.subset else f"subset, {len(face.chars)} characters"
        face_name = face.family if face.family == face.upstream else f"{face.family} (from {face.upstream})"
        rows.append(f"| `{face.file}` | {face_name} {face.style} | {origin} | {how} | "
                    f"{path.stat().st_size / 1024:.0f} KB | `LICENSES/{face.license_file}` |")
    total = sum((FONTS_DIR / f.file).stat().st_size for f in built) / 1024
    text = f"""# Bundled fonts

Generated by `tools/fonts.py`; do not edit the font files by hand. All are under the SIL Open
Font License 1.1 (texts in `LICENSES/`); none of the subset faces uses a Reserved Font Name.
The kiosk loads every file here (`kiosk/core/paths.py` `font_files()`) and sets the
application font to the families in this order, so Qt takes each character from the first
face that has it: {", ".join(FAMILIES)}. The Noto subsets are renamed "Kiosk ..." so
that full Noto fonts installed on a machine (same family name, different files) never shadow
them: the kiosk draws with these files everywhere, and the tests check these files.

| file | face | from | how | size | licence |
| --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}

Total {total:.0f} KB.

The Noto faces are static Regular (400) and Bold (700) instances of the variable fonts (Noto
Sans, Noto Sans Arabic) or the SC face of the OpenType collection (Noto Sans CJK), subset to
the characters the kiosk can show: every string in `content/**/*.yaml`, `translations/*.ts`
and the QML, the languages' own names, plus a margin (ASCII, Latin-1, Latin Extended-A, the
Vietnamese letters, general punctuation, the Arabic block, CJK punctuation). Chinese
characters are kept only when used. Arabic keeps every OpenType layout feature (its joining
forms, ligatures and mark positioning); Latin the features a shaper applies by default; Chinese
only ccmp, kern, mark and mkmk.

## Regenerate (after any text change; `tests/test_fonts.py` fails when a character is missing)

```
.venv/bin/pip install -e '.[fonts]'
apt-get install fonts-noto-cjk        # the Chinese source font (dev machines only)
.venv/bin/python tools/fonts.py
```

Or, to leave the machine's fonts as they are, unpack the Chinese source font without installing it:

```
apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/noto-cjk
FONTS_CJK_ROOT=/tmp/noto-cjk .venv/bin/python tools/fonts.py
```
"""
    (FONTS_DIR / "README.md").write_text(text, encoding="utf-8")


def check() -> int:
    """Report characters of the kiosk's texts that no bundled font has (needs fontTools)."""
    from fontTools.ttLib import TTFont

    have: set[str] = set()
    for path in sorted(FONTS_DIR.glob("*.[ot]tf")):
        have |= _cmap(TTFont(path, lazy=True))
    missing = {c: places for c, places in used_characters().items() if c not in have}
    for ch, places in sorted(missing.items()):
        print(f"U+{ord(ch):04X} {ch!r}: {', '.join(sorted(set(places))[:5])}")
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only list characters the bundled fonts lack")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    build()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
