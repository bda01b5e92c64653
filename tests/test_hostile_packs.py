"""Hostile content packs and drawings: every case is refused with one line, in bounded time.

Each zip case goes through ``ContentStore.install`` (what ``kiosk install-pack`` and the inbox
run) and each SVG case through the drawing check (``kiosk validate``, ``kiosk pack``) and pack
validation. Every case asserts the one-line message a person sees and a time bound measured
as a ratio to a normal pack or drawing in the same run (tests/timing.py), never an absolute time.
The large files are made here at run time.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.core import svgstatic
from kiosk.core.packs import content_validator, make_pack
from kiosk.core.paths import bundled_content_dir, resources_dir
from timing import best_time, bounded

HOSTILE = Path(__file__).parent / "hostile"
TIME_LIMIT = 60.0  # seconds before a case counts as a freeze (the ratio bound is the real test)


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
    ("use loop", "has a <use> that refers to itself or to a group holding it (#a)"),
    ("deep nesting", "nests elements more than 100 deep"),
    ("million elements", "has more than 20,000 elements"),
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


def _pack_with_tile(content: Path, drawing: bytes, out: Path, version: str) -> Path:
    (content / "drawings" / "tile.svg").write_bytes(drawing)
    pack_yaml = content / "pack.yaml"
    pack_yaml.write_text(re.sub(r'^version: .*$', f'version: "{version}"', pack_yaml.read_text(), count=1, flags=re.M))
    return make_pack(content, out, "Dr. Test (test only)").path


@pytest.fixture
def bomb_pack(content_with_drawing: Path, tmp_path: Path) -> Iterator[Path]:
    yield _pack_with_tile(content_with_drawing, _svg_case("use bomb"), tmp_path / "bomb.zip", "2027.1.1")
