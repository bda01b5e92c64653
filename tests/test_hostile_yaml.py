"""Hostile YAML: every case through content loading AND config loading.

Each case is a file an attacker or a slip could put where the kiosk reads YAML: a topic file in a
content folder, or the config file (read before the window, so a hang there means the kiosk
never starts). Each must end in one line that names the file (and the line, where there is
one), never a traceback, and cost about what a normal file costs: the time bound is a ratio to
loading a normal file in the same run (tests/timing.py). The small files live in
tests/hostile/yaml/; the large ones are made here at run time.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO
from kiosk.core.config import Config, load_config
from kiosk.core.loader import load_content
from kiosk.core.paths import bundled_content_dir
from kiosk.core import yamlsrc
from kiosk.core.yamlsrc import YamlError, load_yaml
from timing import bounded, ratio

SAMPLES = REPO / "tests" / "hostile" / "yaml"
ANY_LINE = -1  # a line is named, whichever it is
ANCHORS = "YAML anchors and aliases (& and *) are not allowed: write the text out"


def sample(name: str) -> Callable[[Path], None]:
    return lambda target: target.write_bytes((SAMPLES / name).read_bytes())


def text(content: str | bytes) -> Callable[[Path], None]:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return lambda target: target.write_bytes(data)


def folder(target: Path) -> None:
    target.mkdir()


def fifo(target: Path) -> None:
    os.mkfifo(target)  # opening it for reading would wait for a writer forever


def deep_block(levels: int) -> str:
    return "".join(f"{'  ' * i}a:\n" for i in range(levels)) + "  " * levels + "b: 1\n"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]
    message: str  # what the person sees, in both the content's and the config's message
    line: int | None = None
    config_message: str | None = None  # when the config loader says something else
    ratio: float = 5  # time bound: this many times loading the bundled content
    config_ratio: float = 10  # time bound: this many times loading a normal config


CASES = [
    Case("alias bomb", sample("alias-bomb.yaml"), ANCHORS, 1),
    Case("billion laughs", sample("billion-laughs.yaml"), ANCHORS, 1),
    Case("merge key (an alias)", sample("merge-key.yaml"), ANCHORS, 1),
    Case("one harmless-looking anchor", text("id: &x demo\nkind: *x\n"), ANCHORS, 1),
    Case("deep flow nesting", text("id: " + "[" * 20000 + "]" * 20000 + "\n"), "nested more than 50 levels deep", 1),
    Case("deep block nesting", text(deep_block(300)), "nested more than 50 levels deep", 51,
         config_message="a config has at most 64 KB"),  # the config loader refuses its size first
    # Refused after yamlsrc.MAX_NODES parser events: bounded, about what the bundled content costs,
    # but tens of times a normal config (a dozen values, about a millisecond).
    Case("too many values", text("- a\n" * 150_000), "more than 50000 values", 50_000, config_message="a config has at most 64 KB"),
    Case("huge file", text("# padding\n" * 150_000), "the file is too large (1.5 MB; at most 1.0 MB)",
         config_message="a config has at most 64 KB"),
    Case("10 MB single line", text("title: " + "x" * 10_000_000 + "\n"), "the file is too large (10.0 MB; at most 1.0 MB)",
         config_message="a config has at most 64 KB"),
    Case("integer of 5000 digits", text("id: demo\norder: " + "9" * 5000 + "\n"),
         "a number with 5000 digits is too long (at most 50)", 2),
    Case("integer of 4301 digits, explicitly tagged", text("order: !!int '" + "1" * 4301 + "'\n"),
         "a number with 4301 digits is too long (at most 50)", 1),
    Case("impossible date", sample("impossible-date.yaml"), "'2027-13-45' is not a real date (month must be in 1..12)", 4),
    Case("tab indentation", sample("tab.yaml"), "a tab was found: indent with spaces, not tabs", 5),
    Case("unquoted colon", sample("colon.yaml"), "put the text in quotes", 3),
    Case("unknown tag", sample("unknown-tag.yaml"), "the tag '!shell' is not allowed", 2),
    Case("two documents", sample("two-documents.yaml"), "more than one YAML document", 2),
    Case("control character", sample("control-character.yaml"), "a control character (U+0001) that YAML does not allow", 2),
    Case("NUL byte", text(b"id: demo\ntitle: a\x00b\n"), "a control character (U+0000) that YAML does not allow", 2),
    Case("not UTF-8 (Latin-1)", sample("latin-1.yaml"), "the file is not UTF-8 text", 2),
    Case("binary junk", text(random.Random(13).randbytes(4096)), "the file is not UTF-8 text", ANY_LINE),  # noqa: S311 - junk bytes, seeded to repeat
    Case("a folder", folder, "this is a folder, not a file", config_message="this is a folder, not a config file"),
    Case("a FIFO", fifo, "not an ordinary file", config_message="this is not a regular file"),
    Case("a link to /dev/zero (endless)", lambda target: target.symlink_to("/dev/zero"), "not an ordinary file",
         config_message="this is not a regular file"),
    Case("a link to itself", lambda target: target.symlink_to(target), "cannot read the file",
         config_message="no config file here"),
]


def one_line(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message


# ---- content -------------------------------------------------------------------------------------

def content_with(root: Path, make: Callable[[Path], None] | None) -> Path:
    """A copy of the bundled content (the normal case), with the hostile file as one more topic."""
    shutil.copytree(bundled_content_dir(), root)
    if make is not None:
        make(root / "topics" / "hostile.yaml")
    return root


@pytest.fixture(scope="module")
def normal_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = content_with(tmp_path_factory.mktemp("normal") / "c", None)
    assert load_content(root).ok
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_topic_file(case: Case, tmp_path: Path, normal_content: Path) -> None:
    root = content_with(tmp_path / "c", case.make)
    hostile = root / "topics" / "hostile.yaml"
    result = bounded(lambda: load_content(root), 60)
    found = [p for p in result.errors if p.path == hostile]
    assert len(found) == 1, "\n".join(map(str, result.problems))
    problem = found[0]
    assert case.message in problem.message, str(problem)
    assert problem.line == case.line or (case.line == ANY_LINE and problem.line), str(problem)
    one_line(str(problem))
    # The other files are still checked and nothing else is blamed on the hostile one.
    assert [p for p in result.errors if p.path != hostile] == [], "\n".join(map(str, result.errors))
    assert ratio(lambda: load_content(root), lambda: load_content(normal_content)) < case.ratio


# ---- config --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def normal_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "config.yaml"
    path.write_text('kiosk_name: "Spine clinic"\nidle_seconds: 120\nlanguages: [en, es]\n'
                    'nightly_restart: "03:30"\ntake_home: {laminectomy: "https://example.org/x"}\n')
    assert load_config(path).ok
    return path


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_config_file(case: Case, tmp_path: Path, normal_config: Path) -> None:
    path = tmp_path / "config.yaml"
    case.make(path)
    loaded = bounded(lambda: load_config(path), 60)
    assert loaded.config == Config(), "runs on the defaults"
    assert loaded.problems, "and says why"
    problem = loaded.problems[0]
    assert (case.config_message or case.message) in problem.message, str(problem)
    if case.config_message is None:
        assert problem.line == case.line or (case.line == ANY_LINE and problem.line), str(problem)
    one_line(str(problem))
    assert ratio(lambda: load_config(path), lambda: load_config(normal_config)) < case.config_ratio


# ---- the limits are parameters with sane defaults -------------------------------------------------


def test_the_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: " + "b" * 2000 + "\n")
    assert load_yaml(path).data == {"a": "b" * 2000}
    with pytest.raises(YamlError, match=r"too large \(2.0 kB; at most 1.0 kB\)"):
        load_yaml(path, max_bytes=1000)
    assert yamlsrc.MAX_BYTES == 1_000_000
    nodes = tmp_path / "n.yaml"
    nodes.write_text("[1, 2, 3, 4]\n")
    with pytest.raises(YamlError, match="more than 3 values"):
        load_yaml(nodes, max_nodes=3)


def test_a_normal_file_with_an_ampersand_and_a_star_in_text_loads(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text('title: "Fusion & screws *not* needed"\nbody: A & B, 2 * 3\n')
    assert load_yaml(path).data == {"title": "Fusion & screws *not* needed", "body": "A & B, 2 * 3"}


# ---- the kiosk's content loading falls back (item 4) ---------------------------------------------


def test_the_kiosk_falls_back_from_a_topic_with_a_huge_integer(content_copy: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.core.contentsource import load_for_kiosk

    topic = content_copy / "topics" / "10-laminectomy.yaml"
    lines = topic.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("order:"))
    lines[index] = "order: " + "7" * 4301
    topic.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="kiosk"):
        content = bounded(lambda: load_for_kiosk(content_copy), 60)
    assert content.root == bundled_content_dir(), "the bundled content is shown instead"
    messages = [r.getMessage() for r in caplog.records]
    assert any(f"10-laminectomy.yaml:{index + 1}: error: a number with 4301 digits is too long" in m for m in messages), messages
    assert any("showing the bundled content instead" in m for m in messages), messages
    for message in messages:
        one_line(message)


def test_any_exception_while_loading_a_folder_falls_back_to_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.core import contentsource
    from kiosk.core import loader

    real = loader.load_content
    broken = tmp_path / "broken"
    shutil.copytree(bundled_content_dir(), broken)

    def exploding(root: Path, *args: object, **kwargs: object) -> object:
        if Path(root) == broken:
            raise RuntimeError("something no one foresaw")
        return real(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_content", exploding)
    with caplog.at_level(logging.ERROR, logger="kiosk"):
        content = contentsource.load_for_kiosk(broken)
    assert content.root == bundled_content_dir()
    messages = [r.getMessage() for r in caplog.records]
    assert any("cannot load the content in" in m and "something no one foresaw" in m for m in messages), messages


def test_validate_prints_one_line_per_problem_and_no_traceback(kiosk_app: object, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.commands.cli import main

    root = content_with(tmp_path / "c", sample("alias-bomb.yaml"))
    (root / "topics" / "big.yaml").write_text("id: big\norder: " + "1" * 4400 + "\n")
    assert main(["validate", str(root)]) == 1  # on this thread: validate lays pages out with Qt
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert f"hostile.yaml:1: error: {ANCHORS}" in captured.out
    assert "big.yaml:2: error: a number with 4400 digits is too long" in captured.out
