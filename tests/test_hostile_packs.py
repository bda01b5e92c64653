"""Hostile content packs and drawings: every case is refused with one line, in bounded time.

Each zip case goes through ``ContentStore.install`` (what ``kiosk install-pack`` and the inbox
run) and each SVG case through the drawing check (``kiosk validate``, ``kiosk pack``) and pack
validation. Every case asserts the one-line message a person sees and a time bound measured
as a ratio to a normal pack or drawing in the same run (tests/timing.py), never an absolute time.
The large files are made here at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core import svgstatic
from kiosk.core.packs import zipcheck
from kiosk.core.packs.inbox import process_inbox
from kiosk.core.packs.making import content_validator, make_pack
from kiosk.core.packs.store import ContentStore, InstallResult
from kiosk.core.paths import bundled_content_dir, resources_dir
from timing import best_time, bounded

MB = 1_000_000
LIMIT = 200 * MB  # the config's default pack_max_mb
HOSTILE = Path(__file__).parent / "hostile"
TIME_LIMIT = 60.0  # seconds before a case counts as a freeze (the ratio bound is the real test)


# ---------------------------------------------------------------------------- building zips by hand

def _local(name: bytes, data: bytes, *, method: int = 0, usize: int | None = None, crc: int | None = None) -> bytes:
    """A local file header and its (already compressed) data."""
    usize = len(data) if usize is None else usize
    crc = zlib.crc32(data) if crc is None else crc
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc, len(data), usize, len(name), 0) + name + data


def _central(name: bytes, offset: int, csize: int, usize: int, crc: int, method: int = 0) -> bytes:
    mode = 0o100644 << 16
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, 0x800, method, 0, 0x21, crc, csize, usize,
                       len(name), 0, 0, 0, 0, mode, offset) + name


def _end(count: int, size: int, offset: int, comment: bytes = b"") -> bytes:
    return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, offset, len(comment)) + comment


def _end64(count: int, size: int, offset: int) -> bytes:
    """A Zip64 end record and its locator, for counts that do not fit in 16 bits."""
    record_at = offset + size
    record = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, record_at, 1)
    return record + locator + _end(0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF)


def _manifest_zip(files: list[tuple[bytes, bytes, int, dict[str, int]]]) -> bytes:
    """A zip of manifest.json plus ``files`` (name, compressed data, method, overrides for the central directory)."""
    listed = {}
    for name, data, method, over in files:
        plain = zlib.decompress(data, -15) if method == 8 and "usize" not in over else data
        listed[name.decode()] = hashlib.sha256(plain).hexdigest()
    manifest = json.dumps({"format": 1, "pack_id": "x", "content_version": "9999.1", "date": "2026-01-01T00:00:00Z",
                           "signed_off_by": "Tester", "files": listed}).encode()
    body, directory = b"", b""
    for name, data, method, over in [(b"manifest.json", manifest, 0, {}), *files]:
        crc = over.get("crc", zlib.crc32(zlib.decompress(data, -15) if method == 8 else data))
        usize = over.get("usize", len(zlib.decompress(data, -15)) if method == 8 else len(data))
        directory += _central(name, len(body), len(data), usize, crc, method)
        body += _local(name, data, method=method, usize=usize, crc=crc)
    return body + directory + _end(len(files) + 1, len(directory), len(body))


def _deflate_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-packs")


@pytest.fixture(scope="module")
def good(folder: Path) -> Path:
    return make_pack(bundled_content_dir(), folder / "good.zip", "Dr. Test (test only)").path


@pytest.fixture(scope="module")
def million(folder: Path) -> Path:
    """A central directory of a million entries (47 MB): what froze the kiosk 20-46 s."""
    path = folder / "million.zip"
    entry = _central(b"a", 0, 0, 0, 0)
    count = 1_000_000
    with open(path, "wb") as out:
        out.write(_local(b"a", b""))
        out.write(entry * count)
        out.write(_end64(count, len(entry) * count, 31))
    return path


def _zip_case(case: str, folder: Path, good: Path, million: Path) -> Path:
    path = folder / f"{case.replace(' ', '-').replace(',', '')}.zip"
    if case == "million entries":
        return million
    if case == "million entries, count hidden":
        entry = _central(b"a", 0, 0, 0, 0)  # the same million entries; the end record's count says 1
        with open(path, "wb") as out:
            out.write(_local(b"a", b""))
            out.write(entry * 1_000_000)
            out.write(_end(1, len(entry) * 1_000_000, 31))
        return path
    if case == "huge declared sizes":
        path.write_bytes(_manifest_zip([(b"a.bin", b"hello", 0, {"usize": 0xFFFFFFFF})]))
        return path
    if case == "zip bomb":
        path.write_bytes(_manifest_zip([(b"zeros.bin", _deflate_zeros(150 * MB), 8, {})]))
        return path
    if case == "zip bomb, lying sizes":
        path.write_bytes(_manifest_zip([(b"zeros.bin", _deflate_zeros(150 * MB), 8, {"usize": 1000, "crc": 0})]))
        return path
    if case == "overlapping entries":  # b.yaml's header and data lie inside a.yaml's data
        return HOSTILE / "zip" / "overlapping.zip"
    if case == "tiny zip, fake end record in its comment":
        return HOSTILE / "zip" / "fake-end-in-comment.zip"
    if case == "truncated":
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path
    if case == "not a zip":
        path.write_bytes(os.urandom(100_000))
        return path
    if case == "fifo":
        path = folder / "fifo.zip"
        if not path.exists():
            os.mkfifo(path)
        return path
    if case == "huge file":
        with open(path, "wb") as out:
            out.truncate(LIMIT + 100 * MB)  # sparse: costs no disk
        return path
    if case == "comment hiding a fake end record":
        data = good.read_bytes()
        fake = _end(1, 0xFFFFFF00, 0)
        comment = b"x" * 100 + fake
        path.write_bytes(data[:-2] + struct.pack("<H", len(comment)) + comment)
        return path
    if case == "longest comment":
        with zipfile.ZipFile(shutil.copy(good, path), "a") as zf:
            zf.comment = b"c" * 65535
        return path
    raise AssertionError(case)


ZIP_CASES = [
    ("million entries", "the pack lists 1000000 entries; at most 20000 are allowed"),
    ("million entries, count hidden", "the pack's list of files takes 47 MB; at most 8 MB is allowed"),
    ("huge declared sizes", "the pack unpacks to more than the 200 MB limit (pack_max_mb)"),
    ("zip bomb", "zip entry 'zeros.bin' would unpack to"),
    ("zip bomb, lying sizes", "cannot unpack: Bad CRC-32 for file 'zeros.bin'"),
    ("overlapping entries", "zip entries 'a.yaml' and 'b.yaml' overlap"),
    ("truncated", "not a readable zip file: it has no zip end record (cut short, still being copied, or not a zip)"),
    ("not a zip", "not a readable zip file: it has no zip end record"),
    ("fifo", "is not a plain file"),
    ("huge file", "the pack file is 300 MB; a pack of at most 200 MB (pack_max_mb) cannot be that large"),
    ("comment hiding a fake end record", "the pack's list of files takes 4294.97 MB; at most 8 MB is allowed"),
    ("tiny zip, fake end record in its comment", "the pack's list of files takes 4294.97 MB; at most 8 MB is allowed"),
    ("longest comment", None),  # a legal zip: installed like any other
]


@pytest.fixture(scope="module")
def normal_install(folder: Path, good: Path) -> float:
    """Seconds for a normal install of the bundled content (validation included), the yardstick."""
    runs = iter(range(100))

    def work() -> None:
        result = ContentStore(folder / f"normal-{next(runs)}").install(good, None, LIMIT, content_validator(), allow_unsigned=True)
        assert result.ok, result.reason

    return best_time(work)


def _one_line(result: InstallResult) -> str:
    assert "\n" not in result.reason and "Traceback" not in result.reason, result.reason
    return result.reason


@pytest.mark.parametrize(("case", "message"), ZIP_CASES)
def test_hostile_zip_is_refused_in_one_line_in_bounded_time(
    case: str, message: str | None, folder: Path, good: Path, million: Path, normal_install: float, tmp_path: Path,
) -> None:
    pack = _zip_case(case, folder, good, million)
    runs = iter(range(100))
    results: list[InstallResult] = []

    def work() -> None:
        store = ContentStore(tmp_path / f"store-{next(runs)}")
        results.append(store.install(pack, None, LIMIT, content_validator(), allow_unsigned=True))

    spent = bounded(lambda: best_time(work), TIME_LIMIT)
    result = results[-1]
    if message is None:
        assert result.ok, result.reason
    else:
        assert not result.ok and message in _one_line(result), result.reason
    assert spent / normal_install < 3, f"{case}: {spent:.2f} s against {normal_install:.2f} s for a normal pack"


def test_the_end_record_is_read_as_zipfile_reads_it(folder: Path, good: Path, million: Path) -> None:
    """The bound is checked on the very record zipfile would use, never on another one."""
    for case, _ in ZIP_CASES:
        if case in ("fifo", "huge file"):
            continue
        path = _zip_case(case, folder, good, million)
        with open(path, "rb") as handle:
            theirs = zipfile._EndRecData(handle)  # type: ignore[attr-defined]
            ours = zipcheck.zip_end_record(handle)
        if theirs is None:
            assert ours is None, case
        else:
            assert ours is not None, case
            assert (ours.entries, ours.directory_size, ours.directory_offset) == (theirs[4], theirs[5], theirs[6]), case
            # Where the end record lies: for a Zip64 file, Python 3.11.2 (Debian 12) reports the
            # Zip64 end record 76 bytes earlier (56 + its 20-byte locator), 3.11.7 the classic one.
            zip64_records = 56 + 20
            assert ours.location in (theirs[9], theirs[9] + zip64_records), case


def test_a_million_entry_zip_in_the_inbox_is_set_aside_not_retried(folder: Path, million: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(million, inbox / "million.zip")
    store = ContentStore(tmp_path / "store")
    [(moved, result)] = bounded(lambda: process_inbox(inbox, store, None, LIMIT, content_validator(), allow_unsigned=True),
                                TIME_LIMIT)
    assert not result.ok and moved == inbox / "rejected" / "million.zip"
    assert "at most 20000 are allowed" in (inbox / "rejected" / "million.zip.reason.txt").read_text()
    assert process_inbox(inbox, store, None, LIMIT, content_validator(), allow_unsigned=True) == []


def test_a_pack_whose_install_crashed_is_set_aside_at_the_next_start(good: Path, tmp_path: Path) -> None:
    """A crash (or a kill by the watchdog) during an install never meets the same pack again."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(good, inbox / "crasher.zip")
    store = ContentStore(tmp_path / "store")

    def crash(folder: Path) -> list[str]:
        raise SystemExit("killed")  # nothing catches it, like a kill -9

    with pytest.raises(SystemExit):
        process_inbox(inbox, store, None, LIMIT, crash, allow_unsigned=True)
    assert not (inbox / "crasher.zip").exists(), "moved out of the inbox before it was opened"
    assert (inbox / "processing" / "crasher.zip").exists()
    # The next start: the leftover goes to rejected/ with a reason, and is not tried again.
    [(moved, result)] = process_inbox(inbox, store, None, LIMIT, content_validator(), allow_unsigned=True)
    assert moved == inbox / "rejected" / "crasher.zip" and not result.ok and "did not finish" in result.reason
    assert process_inbox(inbox, store, None, LIMIT, content_validator(), allow_unsigned=True) == []
    reason = (inbox / "rejected" / "crasher.zip.reason.txt").read_text()
    assert "did not finish" in reason
    assert store.current() is None


# ---------------------------------------------------------------------------- drawings


def _use_bomb(levels: int, fan: int = 10) -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100"><defs>',
             '<rect id="l0" width="1" height="1" fill="#000"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}" x="{j}"/>' for j in range(fan))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels}"/></svg>')
    return "".join(parts)


def _svg_case(case: str) -> bytes:
    head = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    if case == "use bomb":
        return (HOSTILE / "svg" / "use-bomb.svg").read_bytes()
    if case == "use chain":
        return _use_bomb(7, fan=1).encode()
    if case == "use loop":
        return (head + '<g id="a"><use href="#a"/></g></svg>').encode()
    if case == "deep nesting":
        return (head + "<g>" * 100_000 + "</g>" * 100_000 + "</svg>").encode()
    if case == "million elements":
        return (head + '<rect width="1" height="1"/>' * 1_000_000 + "</svg>").encode()[: 4 * 1024 * 1024 - 10] + b"</svg>"
    if case == "entity expansion":
        return (HOSTILE / "svg" / "laughs.svg").read_bytes()
    if case == "huge file":
        return (head + '<path d="M0 0' + " L1 1" * 2_000_000 + '"/></svg>').encode()
    if case == "external href":
        return (head + '<use href="file:///etc/passwd#x"/></svg>').encode()
    raise AssertionError(case)


SVG_CASES = [
    ("use bomb", "would draw more than 50,000 shapes once its <use> elements are expanded"),
    ("use chain", "nests <use> elements more than 5 levels deep"),
    ("use loop", "has a <use> (or another href) that refers to itself or to a group holding it (#a)"),
    ("deep nesting", "nests elements more than 100 deep"),
    ("million elements", "has more than 10,000 elements"),
    ("entity expansion", "declares its own entities in a <!DOCTYPE ...>"),
    ("huge file", "is 9.5 MB; a drawing may have at most 4.0 MB"),
    ("external href", "refers to another file or address; drawings must be self-contained"),
]


def test_the_use_bomb_sample_is_what_the_issue_describes() -> None:
    data = (HOSTILE / "svg" / "use-bomb.svg").read_bytes()
    assert data.decode() == _use_bomb(8) + "\n" and len(data) < 3000  # 2.4 KB, 8 levels of 10: 10^8 shapes


@pytest.fixture(scope="module")
def svg_check(kiosk_app: object) -> Callable[[Path], list[str]]:
    from kiosk.qt.svgcheck import check_svg

    return check_svg


@pytest.fixture(scope="module")
def normal_svg() -> Path:
    return resources_dir() / "kit" / "spine-side.svg"


@pytest.mark.parametrize(("case", "message"), SVG_CASES)
def test_hostile_drawing_is_refused_before_qt_draws_it(
    case: str, message: str, svg_check: Callable[[Path], list[str]], normal_svg: Path, tmp_path: Path,
) -> None:
    drawing = tmp_path / "hostile.svg"
    drawing.write_bytes(_svg_case(case))
    base = best_time(lambda: svg_check(normal_svg))
    assert svg_check(normal_svg) == []
    spent = bounded(lambda: best_time(lambda: svg_check(drawing)), TIME_LIMIT)
    problems = svg_check(drawing)
    assert len(problems) == 1 and message in problems[0] and "\n" not in problems[0], problems
    assert problems == svgstatic.check_svg_file(drawing), "the same sentence without Qt (pack validation)"
    assert spent / base < 20, f"{case}: {spent * 1000:.1f} ms against {base * 1000:.1f} ms for a normal drawing"


@pytest.fixture(scope="module")
def content_with_drawing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content with drawings/tile.svg as the diskectomy topic's tile."""
    target = tmp_path_factory.mktemp("svg-content") / "content"
    shutil.copytree(bundled_content_dir(), target)
    topic = target / "topics" / "40-diskectomy.yaml"
    topic.write_text(re.sub(r"^tile:.*\n(?:[ ]+.*\n)*", "tile: drawings/tile.svg\n", topic.read_text(), count=1, flags=re.M))
    (target / "drawings").mkdir()
    shutil.copy(resources_dir() / "kit" / "spine-side.svg", target / "drawings" / "tile.svg")
    return target


@pytest.mark.parametrize(("case", "message"), SVG_CASES)
def test_hostile_drawing_in_a_pack_is_refused_by_pack_validation(
    case: str, message: str, content_with_drawing: Path, tmp_path: Path,
) -> None:
    validate = content_validator()
    shutil.copy(resources_dir() / "kit" / "spine-side.svg", content_with_drawing / "drawings" / "tile.svg")
    assert validate(content_with_drawing) == []
    base = best_time(lambda: validate(content_with_drawing))
    (content_with_drawing / "drawings" / "tile.svg").write_bytes(_svg_case(case))
    spent = bounded(lambda: best_time(lambda: validate(content_with_drawing)), TIME_LIMIT)
    problems = validate(content_with_drawing)
    assert problems == [f"drawings/tile.svg: {svgstatic.check_svg_file(content_with_drawing / 'drawings' / 'tile.svg')[0]}"]
    assert message in problems[0]
    assert spent / base < 3, f"{case}: {spent * 1000:.1f} ms against {base * 1000:.1f} ms for normal content"


@pytest.mark.parametrize(("case", "message"), SVG_CASES)
def test_a_folder_s_hostile_drawing_with_parts_is_never_parsed_for_them(
    case: str, message: str, content_with_drawing: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kiosk loads a content folder without the picture check; a step's drawing that names parts was then
    parsed whole by ElementTree to find them, whatever its size. Now the bounded check comes first."""
    import xml.etree.ElementTree as ET

    from kiosk.core.loader import load_content

    drawing = content_with_drawing / "drawings" / "step.svg"
    drawing.write_bytes(_svg_case(case))
    topic = content_with_drawing / "topics" / "10-laminectomy.yaml"
    original = topic.read_text()
    topic.write_text(original.replace("src: kit/spine-side.svg\n      highlight: [vertebra-middle-lamina]",
                                      "src: drawings/step.svg\n      highlight: [vertebra-middle-lamina]", 1))
    assert topic.read_text() != original
    parse = ET.parse

    def watched_parse(source: object, *args: object, **kw: object) -> object:
        assert Path(str(source)).name != "step.svg", "the hostile drawing was parsed"
        return parse(source, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ET, "parse", watched_parse)
    try:
        result = bounded(lambda: load_content(content_with_drawing), TIME_LIMIT)
    finally:
        topic.write_text(original)
        drawing.unlink()
    errors = [f"{p.path.name}:{p.line}: {p.message}" for p in result.errors]
    assert len(errors) == 1 and message in errors[0] and "picture 'drawings/step.svg'" in errors[0], errors
    assert errors[0].startswith("10-laminectomy.yaml:"), errors


def test_a_drawing_within_the_limits_still_renders(svg_check: Callable[[Path], list[str]], tmp_path: Path) -> None:
    """<use> itself is fine: a few levels of reuse, as an illustrator would write, pass."""
    drawing = tmp_path / "reuse.svg"
    drawing.write_text(_use_bomb(3, fan=5))  # 125 rectangles through 3 levels of <use>
    assert svg_check(drawing) == []
    plain_doctype = tmp_path / "doctype.svg"
    plain_doctype.write_text('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                             '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
                             '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>')
    assert svg_check(plain_doctype) == [], "the DOCTYPE line many editors write is harmless without entities"
