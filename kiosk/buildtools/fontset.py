"""The bundled fonts: which faces the kiosk carries, and every character they must draw.

``tools/fonts.py`` builds the subset fonts in resources/fonts from this; ``tests/test_fonts.py``
checks the committed fonts against it. What the kiosk can show: every string in
``content/**/*.yaml``, the ``<source>`` and ``<translation>`` texts of ``translations/*.ts``,
the string literals in ``kiosk/qml``, the languages' own names, plus a safety margin.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]  # the repository (content/, translations/, kiosk/qml/)

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

CJK_SOURCE_FAMILY = "Noto Sans CJK SC"  # the face in Debian's collection (fonts-noto-cjk)

# The subsets get family names of their own. A machine that has the full Noto fonts installed
# (Debian's fonts-noto-core or fonts-noto-cjk) would otherwise shadow them under the same name,
# and what the kiosk draws, and what the tests check, would depend on the machine.
LATIN_FAMILY = "Kiosk Noto Sans"
ARABIC_FAMILY = "Kiosk Noto Sans Arabic"
CJK_FAMILY = "Kiosk Noto Sans SC"
# The family names the application font tries, in order (kiosk/qt/app.py keeps the same list).
FAMILIES = ("Atkinson Hyperlegible", LATIN_FAMILY, ARABIC_FAMILY, CJK_FAMILY)


# ------------------------------------------------------------------ what the kiosk can show


def in_ranges(code: int, ranges: Iterable[tuple[int, int]]) -> bool:
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
    root = ET.parse(path).getroot()  # noqa: S314 - the repository's own translation files, at build time
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
