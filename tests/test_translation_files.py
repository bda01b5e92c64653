"""The UI translations in translations/ are complete, keep their placeholders, match what the
patient-facing QML asks for, and the committed .qm files are what the .ts files compile to.

When one of these fails: run ``bash tools/translations.sh``, translate what it reports as
still to translate (translations/README.md), run it again and commit translations/.
Headless and quick: it reads XML and runs pyside6-lrelease once per language, no window.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TRANSLATIONS = REPO / "translations"
QML_DIR = REPO / "kiosk" / "qml" / "Kiosk"
# Staff-only screens stay in English (tools/translations.sh leaves them out too).
STAFF_ONLY = {"AdminScreen.qml", "PinPad.qml"}
LANGUAGES = ("es", "zh", "vi", "ar")
FIX = "run `bash tools/translations.sh`, translate, run it again and commit translations/ (translations/README.md)"

TS_FILES = sorted(TRANSLATIONS.glob("*.ts"))
PLACEHOLDER = re.compile(r"%(?:L?\d+|n)")
# qsTr("...") or qsTr('...'), with JavaScript escapes inside the literal.
QSTR_CALL = re.compile(r"\bqsTr\s*\(")
QSTR_LITERAL = re.compile(r"""\bqsTr\s*\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')\s*[,)]""")
JS_ESCAPE = re.compile(r"""\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)""")
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _js_unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return SIMPLE_ESCAPES.get(code, code)

    return JS_ESCAPE.sub(one, text)


def _messages(ts: Path) -> list[tuple[str, ET.Element]]:
    """(context name, <message>) for every message of a .ts file."""
    root = ET.parse(ts).getroot()  # noqa: S314 - the repository's own translation files
    return [(context.findtext("name") or "", message) for context in root.iter("context") for message in context.iter("message")]


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    forms = translation.findall("numerusform")
    return ["".join(form.itertext()) for form in forms] if forms else ["".join(translation.itertext())]


def _patient_qml() -> list[Path]:
    return [path for path in sorted(QML_DIR.glob("*.qml")) if path.name not in STAFF_ONLY]


def _lrelease() -> Path:
    """pyside6-lrelease next to the running Python (the project's .venv), else the binary in PySide6."""
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (here / name).exists():
            return here / name
    import PySide6

    for name in ("lrelease", "lrelease.exe"):
        candidate = Path(PySide6.__file__).parent / name
        if candidate.exists():
            return candidate
    found = shutil.which("pyside6-lrelease")
    if found:
        return Path(found)
    pytest.fail(f"pyside6-lrelease not found next to {sys.executable} nor in PySide6; run `bash tools/setup.sh`")


def _id(path: Path) -> str:
    return path.name


def test_every_language_has_its_files() -> None:
    for lang in LANGUAGES:
        assert (TRANSLATIONS / f"kiosk_{lang}.ts").is_file(), f"translations/kiosk_{lang}.ts is missing; {FIX}"
        assert (TRANSLATIONS / f"kiosk_{lang}.qm").is_file(), f"translations/kiosk_{lang}.qm is missing; {FIX}"
    stray = [path.name for path in TRANSLATIONS.glob("*.qm") if not path.with_suffix(".ts").exists()]
    assert not stray, f"compiled translations without a .ts source: {stray}"


@pytest.mark.parametrize("ts", TS_FILES, ids=_id)
def test_every_message_is_translated_and_finished(ts: Path) -> None:
    messages = _messages(ts)
    assert messages, f"{ts.name} has no messages; {FIX}"
    problems = []
    for context, message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "missing"
        texts = _translations(message)
        if kind is not None or not texts or not all(text.strip() for text in texts):
            problems.append(f"  [{context}] {source!r}: {kind or 'empty'}")
    assert not problems, f"{ts.name}: untranslated or unfinished messages; {FIX}:\n" + "\n".join(problems)


@pytest.mark.parametrize("ts", TS_FILES, ids=_id)
def test_placeholders_match_the_source(ts: Path) -> None:
    problems = []
    for context, message in _messages(ts):
        source = message.findtext("source") or ""
        want = Counter(PLACEHOLDER.findall(source))
        for text in _translations(message):
            got = Counter(PLACEHOLDER.findall(text))
            if text and got != want:
                problems.append(f"  [{context}] {source!r} -> {text!r}: {sorted(got.elements())} instead of {sorted(want.elements())}")
    assert not problems, f"{ts.name}: placeholders differ from the English:\n" + "\n".join(problems)


@pytest.mark.parametrize("ts", TS_FILES, ids=_id)
def test_the_file_says_how_far_it_is_reviewed(ts: Path) -> None:
    """lupdate and Qt Linguist drop XML comments; tools/translations.sh puts the review notice back."""
    head = ts.read_text(encoding="utf-8").split("<TS", 1)[0]
    comments = " ".join(re.findall(r"<!--(.*?)-->", head, flags=re.S))
    assert "review" in comments.lower(), f"{ts.name} lost its review-status comment at the top; {FIX}"


@pytest.mark.parametrize("ts", TS_FILES, ids=_id)
def test_the_committed_qm_is_current(ts: Path, tmp_path: Path) -> None:
    committed = ts.with_suffix(".qm")
    assert committed.is_file(), f"{committed.name} is missing; {FIX}"
    fresh = tmp_path / committed.name
    result = subprocess.run(
        [str(_lrelease()), "-silent", str(ts), "-qm", str(fresh)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"pyside6-lrelease failed on {ts.name}:\n{result.stdout}{result.stderr}"
    same = fresh.read_bytes() == committed.read_bytes()
    assert same, f"{committed.name} is not what {ts.name} compiles to (out of date); {FIX}"


def test_the_qml_literal_parser_sees_every_call() -> None:
    """Every qsTr() in the patient-facing QML has a plain string literal (which is all lupdate
    can extract), so the next test really covers every string."""
    problems = []
    for path in _patient_qml():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            calls = len(QSTR_CALL.findall(line))
            literals = len(QSTR_LITERAL.findall(line))
            if calls != literals:
                problems.append(f"  {path.name}:{number}: {line.strip()}")
    assert not problems, "qsTr() without a single string literal (lupdate cannot extract it):\n" + "\n".join(problems)
    assert sum(len(QSTR_LITERAL.findall(path.read_text(encoding="utf-8"))) for path in _patient_qml()) > 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_patient_string_in_the_qml_is_in_the_ts(lang: str) -> None:
    """A new or changed qsTr() string cannot ship untranslated: QML looks strings up by file
    name (the context) and exact English text."""
    ts = TRANSLATIONS / f"kiosk_{lang}.ts"
    assert ts.is_file(), f"{ts.name} is missing; {FIX}"
    known = {(context, message.findtext("source") or "") for context, message in _messages(ts)}
    missing = []
    for path in _patient_qml():
        for match in QSTR_LITERAL.finditer(path.read_text(encoding="utf-8")):
            source = _js_unescape(match.group(1) if match.group(1) is not None else match.group(2))
            if (path.stem, source) not in known:
                missing.append(f"  [{path.stem}] {source!r}")
    assert not missing, f"{ts.name} lacks these QML strings; {FIX}:\n" + "\n".join(sorted(set(missing)))
