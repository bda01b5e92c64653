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

The subsets carry family names of their own (see FAMILIES below for why).

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
import re
import shutil
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FONTS_DIR = ROOT / "resources" / "fonts"
LICENSES_DIR = FONTS_DIR / "LICENSES"

# The language button shows every language in its own name and script.
LANGUAGE_NAMES = ("English", "Español", "中文", "Tiếng Việt", "العربية")

# Characters kept whether or not a string uses them today, so that small edits to the text
# (an accent, a dash, an Arabic letter not yet used) need no new fonts. Chinese has no such
# margin: its characters are kept only when used (a few thousand would cost megabytes).
MARGIN_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement (Spanish and more)
    (0x0100, 0x017F),  # Latin Extended-A
    (0x01A0, 0x01A1),  # Ơ ơ
    (0x01AF, 0x01B0),  # Ư ư
    (0x0300, 0x0303),  # combining grave, acute, circumflex, tilde
    (0x0309, 0x0309),  # combining hook above
    (0x0323, 0x0323),  # combining dot below
    (0x1EA0, 0x1EF9),  # Vietnamese letters with two diacritics
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x2030, 0x203A),  # per mille, primes, angle quotes
    (0x20AB, 0x20AC),  # dong and euro signs
    (0x0600, 0x06FF),  # Arabic (letters, harakat, Arabic-Indic digits, ، ؛ ؟)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、 。 「 」 ...)
    (0xFF01, 0xFF5E),  # full-width punctuation and letters (， ！ ？ ： ...)
    (0x25CF, 0x25CF),  # ● (the PIN pad's dots)
    # Invisible format characters translators use (zero-width space and (non-)joiners, the
    # left-to-right and right-to-left marks, the Arabic letter mark): kept where a face has
    # them, so Qt takes even these from a bundled face and not from a system font.
    (0x200B, 0x200F),
    (0x061C, 0x061C),
    (0x2060, 0x2060),
)

CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0xFE30, 0xFE4F),  # Compatibility Forms
    (0xFF00, 0xFFEF),  # Half-width and full-width forms
)
ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

# Where Debian's fonts-noto-cjk is: installed (/), or unpacked without installing it, so the
# machine's own fonts stay as they are:  apt-get download fonts-noto-cjk &&
# dpkg-deb -x fonts-noto-cjk_*.deb /tmp/noto-cjk && FONTS_CJK_ROOT=/tmp/noto-cjk .venv/bin/python tools/fonts.py
CJK_ROOT = Path(os.environ.get("FONTS_CJK_ROOT", "/"))
CJK_TTC = {
    "Regular": CJK_ROOT / "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "Bold": CJK_ROOT / "usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}
CJK_SOURCE_FAMILY = "Noto Sans CJK SC"  # the face in Debian's collection
CJK_LICENSE = CJK_ROOT / "usr/share/doc/fonts-noto-cjk/copyright"
CJK_COPYRIGHT = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."

# The subsets get family names of their own. A machine that has the full Noto fonts installed
# (Debian's fonts-noto-core or fonts-noto-cjk) would otherwise shadow them under the same name,
# and what the kiosk draws, and what the tests check, would depend on the machine.
LATIN_FAMILY = "Kiosk Noto Sans"
ARABIC_FAMILY = "Kiosk Noto Sans Arabic"
CJK_FAMILY = "Kiosk Noto Sans SC"
# The family names the application font tries, in order (kiosk/qt/app.py keeps the same list).
FAMILIES = ("Atkinson Hyperlegible", LATIN_FAMILY, ARABIC_FAMILY, CJK_FAMILY)


# ------------------------------------------------------------------ what the kiosk can show


def _in(code: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def drawn(ch: str) -> bool:
    """Whether a character needs a glyph (control and format characters such as the
    right-to-left mark or the zero-width joiner are never drawn)."""
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")


def _yaml_strings(node: yaml.Node, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, yaml.ScalarNode):
        if isinstance(node.value, str) and node.value:
            yield f"{where}:{node.start_mark.line + 1}", node.value
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_strings(item, where)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:  # keys are field names and language codes
            yield from _yaml_strings(value, where)


def _ts_strings(path: Path, where: str) -> Iterator[tuple[str, str]]:
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or "?"
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            label = f"{where} [{name}] {source[:40]!r}"
            for tag in ("source", "translation", "translatorcomment", "numerusform", "lengthvariant"):
                for element in message.iter(tag):
                    text = "".join(element.itertext())
                    if text:
                        yield label, text


_QML_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')
_JS_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")


def _js_unescape(text: str) -> str:
    return _JS_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2) or m.group(3), 16)), text)


def _qml_strings(path: Path, where: str) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in _QML_STRING.finditer(line):
            text = _js_unescape(match.group(1) if match.group(1) is not None else match.group(2))
            if text:
                yield f"{where}:{number}", text


def iter_texts(root: Path = ROOT) -> Iterator[tuple[str, str]]:
    """Every text the kiosk can show, as (where it comes from, text)."""
    for path in sorted((root / "content").rglob("*.yaml")):
        where = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:  # kiosk validate reports it; still check the characters
            yield where, text
            continue
        if node is not None:
            yield from _yaml_strings(node, where)
    for path in sorted((root / "translations").glob("*.ts")):
        where = path.relative_to(root).as_posix()
        try:
            yield from _ts_strings(path, where)
        except ET.ParseError:
            yield where, path.read_text(encoding="utf-8")
    for path in sorted((root / "kiosk" / "qml").rglob("*.qml")):
        yield from _qml_strings(path, path.relative_to(root).as_posix())
    for name in LANGUAGE_NAMES:
        yield "language names", name


def used_characters(root: Path = ROOT) -> dict[str, list[str]]:
    """Each drawn character of every text, with the places it occurs."""
    places: dict[str, list[str]] = {}
    for where, text in iter_texts(root):
        for ch in set(text):
            if drawn(ch):
                places.setdefault(ch, []).append(where)
    return places


def wanted_characters(root: Path = ROOT) -> set[str]:
    margin = {chr(c) for lo, hi in MARGIN_RANGES for c in range(lo, hi + 1)}
    return set(used_characters(root)) | margin


# ------------------------------------------------------------------ the faces


@dataclass
class Face:
    file: str  # name in resources/fonts
    family: str  # the family name in the bundled file
    upstream: str  # the family it is made from
    style: str  # Regular or Bold
    origin: str  # registry and package, for the README
    license_file: str
    subset: bool = True
    chars: set[str] = field(default_factory=set)


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


def faces() -> list[Face]:
    atkinson = ("Atkinson Hyperlegible", "Atkinson Hyperlegible", "PyPI fontpkg-atkinson-hyperlegible",
                "AtkinsonHyperlegible-OFL.txt")
    latin = (LATIN_FAMILY, "Noto Sans", "PyPI fontpkg-noto-sans", "NotoSans-OFL.txt")
    arabic = (ARABIC_FAMILY, "Noto Sans Arabic", "PyPI fontpkg-noto-sans-arabic", "NotoSansArabic-OFL.txt")
    cjk = (CJK_FAMILY, CJK_SOURCE_FAMILY, "Debian fonts-noto-cjk", "NotoSansCJK-OFL.txt")
    return [
        Face("AtkinsonHyperlegible-Regular.ttf", *atkinson[:2], "Regular", *atkinson[2:], subset=False),
        Face("AtkinsonHyperlegible-Bold.ttf", *atkinson[:2], "Bold", *atkinson[2:], subset=False),
        Face("KioskNotoSans-Regular.ttf", *latin[:2], "Regular", *latin[2:]),
        Face("KioskNotoSans-Bold.ttf", *latin[:2], "Bold", *latin[2:]),
        Face("KioskNotoSansArabic-Regular.ttf", *arabic[:2], "Regular", *arabic[2:]),
        Face("KioskNotoSansArabic-Bold.ttf", *arabic[:2], "Bold", *arabic[2:]),
        Face("KioskNotoSansSC-Regular.otf", *cjk[:2], "Regular", *cjk[2:]),
        Face("KioskNotoSansSC-Bold.otf", *cjk[:2], "Bold", *cjk[2:]),
    ]


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
    static = instancer.instantiateVariableFont(font, location, updateFontNames=True)
    return static


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
        import fontTools  # noqa: F401
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
            face.chars = {c for c in wanted & have if not _in(ord(c), CJK_RANGES + ARABIC_RANGES)}
        elif face.family == ARABIC_FAMILY:
            # (its Latin letters are never reached: Atkinson and Noto Sans come first)
            face.chars = {c for c in wanted & have if _in(ord(c), ARABIC_RANGES) or c not in before}
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
        if face.origin.startswith("PyPI"):
            origin = f"{face.origin} {_package_version(package)}"
        else:
            origin = f"{face.origin} ({version})"
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
