"""Teach-back questions in the content: the model and `kiosk validate`'s checks, each with file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.core.loader import load_content
from test_loader import edit, make_content

CHECK = """\
check:
  - question: Where is the lamina?
    answers:
      - text: At the back of a bone.
        right: true
      - text: In your knee.
    explanation: The lamina is at the back of a bone in your spine.
    step: 1
  - question: What should you remember?
    answers:
      - text: This.
        right: true
        picture: pics/a.svg
      - text: Nothing.
      - text: Something else.
    explanation: Step 2 says to remember this.
    step: 2
"""
FIRST = 21  # the line of "check:" once CHECK is put before "review:" in the demo topic


def with_check(root: Path, check: str = CHECK) -> Path:
    edit(root / "topics/demo.yaml", "review:\n", check + "review:\n")
    return root


def test_a_topic_with_questions_loads(tmp_path: Path) -> None:
    root = with_check(make_content(tmp_path / "c"))
    result = load_content(root, resources=root)
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.content is not None
    check = result.content.topic("demo").check
    assert check is not None and len(check) == 2
    assert [q.right_index for q in check] == [0, 0]
    assert check[1].answers[0].picture is not None
    assert check[0].explanation == {"en": "The lamina is at the back of a bone in your spine."}


# (old text in CHECK, new text, line counted from "check:" (0), fragment of the message)
SLIPS: list[tuple[str, str, int, str]] = [
    ("      - text: In your knee.\n", "      - text: In your knee.\n        right: true\n", 1,
     "check question 1: exactly one answer must have 'right: true' (found 2)"),
    ("        right: true\n      - text: In your knee.", "      - text: In your knee.", 1,
     "check question 1: exactly one answer must have 'right: true' (found 0)"),
    ("      - text: In your knee.\n", "", 3, "check question 1, answers: needs at least 2 items (found 1)"),
    ("      - text: Something else.\n", "      - text: Something else.\n      - text: A fourth.\n", 10,
     "check question 2, answers: has room for at most 3 items (found 4)"),
    ("    explanation: The lamina is at the back of a bone in your spine.\n", "", 1,
     "check question 1, explanation: is required but missing"),
    ("    step: 2\n", "    step: 5\n", 16, "check question 2, step: there is no step 5 (this topic has 2 steps"),
    ("    step: 1\n", "    step: 0\n", 7, "check question 1, step: Input should be greater than or equal to 1"),
    ("  - question: What should you remember?", "  - question: {es: ¿Qué?}", 8, "no text in the default language 'en'"),
    ("    explanation: Step 2 says to remember this.", "    explanation: {en: Step 2., fr: Étape 2.}", 15,
     "language 'fr' is not listed in pack.yaml"),
    ("        picture: pics/a.svg", "        picture: pics/none.svg", 12, "not found"),
    ("      - text: Nothing.", "      - text: Nothing.\n        colour: red", 14, "'colour' is not a field"),
]


@pytest.mark.parametrize(("old", "new", "offset", "fragment"), SLIPS, ids=[s[3][:48] for s in SLIPS])
def test_question_slips_name_file_and_line(tmp_path: Path, old: str, new: str, offset: int, fragment: str) -> None:
    assert old in CHECK, old
    root = with_check(make_content(tmp_path / "c"), CHECK.replace(old, new, 1))
    result = load_content(root, resources=root)
    got = "\n".join(map(str, result.problems))
    matches = [p for p in result.errors if fragment in p.message]
    assert matches, f"expected an error containing {fragment!r}, got:\n{got}"
    path = root / "topics/demo.yaml"
    assert matches[0].line == FIRST + offset, str(matches[0])
    assert f"{os.path.relpath(path)}:{FIRST + offset}: error: " in str(matches[0])


def test_one_question_or_four_are_refused(tmp_path: Path) -> None:
    one = CHECK.split("  - question: What should")[0]
    root = with_check(make_content(tmp_path / "one"), one)
    result = load_content(root, resources=root)
    assert any(p.line == FIRST + 1 and "check: needs at least 2 items (found 1)" in p.message for p in result.errors), \
        "\n".join(map(str, result.problems))
    four = CHECK + CHECK.split("\n", 1)[1]
    root = with_check(make_content(tmp_path / "four"), four)
    result = load_content(root, resources=root)
    assert any("check: has room for at most 3 items (found 4)" in p.message for p in result.errors)


def test_every_problem_of_the_questions_in_one_run(tmp_path: Path) -> None:
    bad = CHECK.replace("    step: 2\n", "    step: 9\n").replace("      - text: In your knee.\n", "")
    root = with_check(make_content(tmp_path / "c"), bad)
    edit(root / "topics/demo.yaml", "summary: A short demo", "summary: no")
    messages = [p.message for p in load_content(root, resources=root).errors]
    assert any("answers: needs at least 2" in m for m in messages)
    assert any("summary" in m for m in messages)


def test_the_step_check_also_counts_recovery_stages(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    check = CHECK.replace("    step: 2\n", "    step: 3\n")
    edit(root / "topics/after.yaml", "review:", check + "review:")
    result = load_content(root, resources=root)
    assert any("there is no stage 2" in p.message or "there is no stage 3" in p.message for p in result.errors), \
        "\n".join(map(str, result.problems))


def test_every_language_of_the_pack_is_needed(tmp_path: Path) -> None:
    root = with_check(make_content(tmp_path / "c"))
    edit(root / "pack.yaml", "languages: [en]", "languages: [en, es]")
    result = load_content(root, resources=root)
    lines = {p.line for p in result.errors if "no Spanish (es) text" in p.message and "check question" in p.message}
    assert FIRST + 1 in lines and FIRST + 6 in lines, "\n".join(map(str, result.problems))


def test_questions_are_graded_for_reading_level(tmp_path: Path) -> None:
    pytest.importorskip("textstat")
    from kiosk.core.readability import STEP_LIMIT, topic_grades

    hard = CHECK.replace("Where is the lamina?", "Which anatomical structure constitutes the posterior vertebral arch "
                                                  "whose resection alleviates neurological compression?").replace(
        "The lamina is at the back of a bone in your spine.", "Laminectomy necessitates the resection of the "
        "posterior vertebral lamina, alleviating neurological compression attributable to degenerative stenosis.")
    root = with_check(make_content(tmp_path / "c"), hard)
    result = load_content(root, resources=root)
    assert result.content is not None
    grades = {g.topic: g for g in topic_grades(result.content)}["demo"].steps
    labels = [g.label for g in grades if g.label.startswith("check question")]
    assert len(labels) == 2
    assert next(g for g in grades if g.label.startswith("check question 1")).grade > STEP_LIMIT
