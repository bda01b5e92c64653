"""The content loader: good content loads; every class of error names its file and line."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core.loader import Problem, load_content, resolve_picture

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
PACK = 'id: demo-pack\ntitle: Demo\nversion: "1.0"\ndefault_language: en\nlanguages: [en]\n'
GLOSSARY = "terms:\n  - id: lamina\n    term: lamina\n    definition: The back part of a bone in your spine.\n"
TOPIC = """\
id: demo
order: 1
kind: procedure
title: Demo operation
summary: A short demo
tile: pics/a.svg
steps:
  - title: What it is
    body: The [[lamina]] is part of a bone. It is at the back.
    picture: pics/a.svg
  - title: Second step
    body: A short sentence.
    picture: pics/a.svg
    key_point: Remember this.
key_points:
  - First point.
  - Second point.
questions:
  - Is this right for me?
related: [after]
review:
  status: draft
  review_due: 2030-01-01
  sources:
    - title: A public clinic page
"""
RECOVERY = """\
id: after
order: 2
kind: recovery
title: After surgery
summary: What comes next
tile: pics/a.svg
stages:
  - when: Right after
    title: Rest
    body: You rest for a few hours.
    todo: [Rest.]
    picture: pics/a.svg
key_points: [One., Two.]
review: {status: draft, review_due: 2030-01-01, sources: [{title: A page}]}
"""


def make_content(root: Path) -> Path:
    (root / "topics").mkdir(parents=True)
    (root / "pics").mkdir()
    (root / "pics" / "a.svg").write_text(SVG)
    (root / "pack.yaml").write_text(PACK)
    (root / "glossary.yaml").write_text(GLOSSARY)
    (root / "topics" / "demo.yaml").write_text(TOPIC)
    (root / "topics" / "after.yaml").write_text(RECOVERY)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def test_good_content_loads(tmp_path: Path) -> None:
    result = load_content(make_content(tmp_path / "c"), resources=tmp_path)
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.content is not None
    assert [t.id for t in result.content.topics] == ["demo", "after"]
    demo = result.content.topic("demo")
    assert demo.title == {"en": "Demo operation"}
    assert demo.page_count == 3
    # Draft review is honest about itself: a warning, never silently 'approved'.
    assert any("not yet reviewed" in p.message for p in result.warnings)


def test_bundled_content_is_valid() -> None:
    from kiosk.core.paths import bundled_content_dir

    result = load_content(bundled_content_dir())
    assert result.ok, "\n".join(map(str, result.errors))


# (file, old text, new text, expected line, fragment of the message)
ERRORS: list[tuple[str, str, str, int, str]] = [
    ("topics/demo.yaml", "    body: The [[lamina]]", "    body: [unclosed", 10, "not valid YAML"),
    ("topics/demo.yaml", "title: Demo operation\n", "title: Demo operation\ntitle: Again\n", 5, "appears twice"),
    ("topics/demo.yaml", "summary: A short demo", "summary: no", 5, "yes/no value false"),
    ("topics/demo.yaml", "title: Demo operation", "title: 1.10", 4, "the number 1.1"),
    ("topics/demo.yaml", "  - Is this right for me?", "  - yes", 19, "put the text in quotes"),
    ("topics/demo.yaml", "    picture: pics/a.svg\n  - title: Second", "    picture: pics/a.svg\n    colour: red\n  - title: Second", 11,
     "'colour' is not a field"),
    ("topics/demo.yaml", "    picture: pics/a.svg\n  - title: Second", "  - title: Second", 8, "step 1, picture: is required"),
    ("topics/demo.yaml", "id: demo", "id: Demo_Op", 1, "lower-case letters"),
    ("topics/demo.yaml", "related: [after]", "related: [nope]", 20, "related topic 'nope' does not exist"),
    ("topics/demo.yaml", "related: [after]", "related: [demo]", 20, "related to itself"),
    ("topics/demo.yaml", "The [[lamina]]", "The [[spleen]]", 9, "glossary word 'spleen' is not defined"),
    ("topics/demo.yaml", "The [[lamina]]", "The [[lamina", 9, "not closed"),
    ("topics/demo.yaml", "    picture: pics/a.svg\n  - title: Second", "    picture: pics/missing.svg\n  - title: Second", 10, "not found"),
    ("topics/demo.yaml", "    picture: pics/a.svg\n  - title: Second", "    picture: /etc/a.svg\n  - title: Second", 10, "absolute path"),
    ("topics/demo.yaml", "    picture: pics/a.svg\n  - title: Second", "    picture: ../c/pics/a.svg\n  - title: Second", 10,
     "'..' is not allowed"),
    ("topics/demo.yaml", "tile: pics/a.svg", "tile: pics/a.png", 6, "must be SVG"),
    ("topics/demo.yaml", "body: A short sentence.", "body: One. Two. Three. Four.", 12,
     "step 2, body (en): keep it to 1 to 3 short sentences (found 4)"),
    ("topics/demo.yaml", "  review_due: 2030-01-01", "  review_due: 2027-6-5", 23,
     "review.review_due: '2027-6-5' is not a date: write dates as year-month-day with two digits each for month "
     "and day, for example 2027-06-05"),
    ("topics/demo.yaml", "summary: A short demo", "summary: Note: a short demo", 5, "put the text in quotes"),
    ("topics/demo.yaml", "summary: A short demo", "summary:\n\tA short demo", 6, "a tab was found: indent with spaces"),
    ("topics/demo.yaml", "  - Second point.", "  - Second point.\n  - {en: Third point., es: Tercero.}", 18,
     "key point 3: language 'es' is not listed in pack.yaml"),
    ("topics/demo.yaml", "kind: procedure", "kind: recovery", 1, "a recovery topic needs 'stages'"),
    ("topics/demo.yaml", "kind: procedure", "kind: surgery", 3, "kind"),
    ("topics/demo.yaml", "title: Demo operation", "title: {en: Demo, fr: Démo}", 4, "language 'fr' is not listed in pack.yaml"),
    ("topics/demo.yaml", "title: Demo operation", "title: {es: Demo}", 4, "no text in the default language 'en'"),
    ("topics/demo.yaml", "  - Second point.\n", "", 16, "needs at least 2 items (found 1)"),
    ("topics/demo.yaml", "questions:\n  - Is this right for me?\n", "", 1, "needs 'questions'"),
    ("topics/demo.yaml", "  review_due: 2030-01-01", "  review_due: soon", 23, "review_due"),
    ("topics/demo.yaml", "id: demo", "id: after", 1, "already used by"),
    ("topics/after.yaml", "    todo: [Rest.]", "    todo: []", 11, "stage 1, todo: needs at least 1 item"),
    ("glossary.yaml", "    term: lamina", "    term: on", 3, "yes/no value true"),
    ("glossary.yaml", "  - id: lamina", "  - id: lamina\n    extra: 1", 3, "'extra' is not a field"),
    ("pack.yaml", 'version: "1.0"', "version: 1.10", 3, "the number 1.1"),
    ("pack.yaml", "default_language: en", "default_language: fr", 1, "default_language 'fr' is not in languages"),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "fragment"), ERRORS, ids=[e[4][:40] for e in ERRORS])
def test_error_names_file_and_line(tmp_path: Path, file: str, old: str, new: str, line: int, fragment: str) -> None:
    root = make_content(tmp_path / "c")
    edit(root / file, old, new)
    result = load_content(root, resources=tmp_path / "c")
    assert not result.ok
    matches = [p for p in result.errors if fragment in p.message]
    got = "\n".join(map(str, result.problems))
    assert matches, f"expected an error containing {fragment!r}, got:\n{got}"
    problem = matches[0]
    assert problem.path == root / file
    assert problem.line == line, str(problem)
    assert f"{os.path.relpath(root / file)}:{line}: error: " in str(problem)


def test_all_problems_of_a_run_are_reported(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    edit(root / "topics/demo.yaml", "summary: A short demo", "summary: no")
    edit(root / "topics/after.yaml", "title: After surgery", "title: off")
    edit(root / "glossary.yaml", "    term: lamina", "    term: 1.5")
    result = load_content(root, resources=tmp_path / "c")
    files = {p.path.name for p in result.errors}
    assert files == {"demo.yaml", "after.yaml", "glossary.yaml"}


@pytest.mark.parametrize(
    ("setup", "fragment"),
    [
        (lambda root: (root / "pack.yaml").unlink(), "needs a pack.yaml"),
        (lambda root: (root / "topics/demo.yaml").write_text(""), "the file is empty"),
        (lambda root: (root / "topics/demo.yaml").write_bytes(b"id: \xff\xfe\n"), "not UTF-8"),
        (lambda root: [p.unlink() for p in (root / "topics").glob("*.yaml")], "no topic files"),
    ],
    ids=["no pack", "empty file", "not utf-8", "no topics"],
)
def test_broken_folder_is_reported_not_raised(tmp_path: Path, setup: Callable[[Path], object], fragment: str) -> None:
    root = make_content(tmp_path / "c")
    setup(root)
    result = load_content(root, resources=tmp_path / "c")
    assert not result.ok
    assert any(fragment in p.message for p in result.errors), "\n".join(map(str, result.problems))


def test_missing_folder(tmp_path: Path) -> None:
    result = load_content(tmp_path / "nowhere")
    assert not result.ok and "does not exist" in result.errors[0].message


def test_picture_link_out_of_the_folders_is_refused(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    outside = tmp_path / "secret.svg"
    outside.write_text(SVG)
    (root / "pics" / "link.svg").symlink_to(outside)
    found = resolve_picture("pics/link.svg", root, tmp_path / "c" / "pics")
    assert isinstance(found, str) and "outside" in found


def test_unused_glossary_word_is_a_warning(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    (root / "glossary.yaml").write_text(GLOSSARY + "  - id: spare\n    term: spare\n    definition: Not used.\n")
    result = load_content(root, resources=tmp_path / "c")
    assert result.ok
    spare = [p for p in result.warnings if "'spare' is not linked" in p.message]
    assert spare and spare[0].line == 5


def test_problem_str_without_line() -> None:
    assert str(Problem(Path("x.yaml"), None, "bad")) == "x.yaml: error: bad"


def test_every_enabled_language_needs_every_text(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    edit(root / "pack.yaml", "languages: [en]", "languages: [en, es]\ntranslations:\n  es: {status: draft}")
    result = load_content(root, resources=tmp_path / "c")
    missing = [p for p in result.errors if "no Spanish (es) text" in p.message]
    assert missing, "\n".join(map(str, result.problems))
    assert any(p.path.name == "demo.yaml" and p.line == 4 and p.message.startswith("title:") for p in missing)
    review = [p for p in result.warnings if "Spanish (es) translation is not reviewed" in p.message]
    assert review and review[0].path.name == "pack.yaml" and review[0].line == 7


def test_a_complete_translation_loads_and_is_shown(tmp_path: Path) -> None:
    from kiosk.core.model import text_in

    root = make_content(tmp_path / "c")
    edit(root / "pack.yaml", "languages: [en]", "languages: [en, es]")
    edit(root / "pack.yaml", "title: Demo", "title: {en: Demo, es: Demostración}")
    for path in [root / "glossary.yaml", *(root / "topics").glob("*.yaml")]:
        lines = []
        for line in path.read_text().splitlines():
            key, sep, value = line.partition(": ")
            field = key.strip().lstrip("- ")
            is_source = "page" in value  # review.sources titles are not patient text
            patient_text = field in {"title", "summary", "body", "key_point", "when", "term", "definition"}
            if sep and patient_text and not value.startswith(("{", "[")) and not is_source:
                lines.append(f'{key}: {{en: "{value}", es: "ES {value}"}}')
            elif line.strip().startswith("- ") and not sep and not line.strip().startswith("- {"):
                item = line.strip()[2:]
                lines.append(line.replace(item, f'{{en: "{item}", es: "ES {item}"}}'))
            else:
                lines.append(line)
        path.write_text("\n".join(lines) + "\n")
    edit(root / "topics/after.yaml", "todo: [Rest.]", "todo: [{en: Rest., es: Descanse.}]")
    edit(root / "topics/after.yaml", "key_points: [One., Two.]", "key_points: [{en: One., es: Uno.}, {en: Two., es: Dos.}]")
    result = load_content(root, resources=tmp_path / "c")
    assert result.ok, "\n".join(map(str, result.errors))
    assert result.content is not None
    assert text_in(result.content.topic("demo").title, "es") == "ES Demo operation"


# ---- one run: every problem of every file, and no knock-on messages (issue 13, item 15) ----------


def messages(result: object) -> str:
    return "\n".join(map(str, result.problems))  # type: ignore[attr-defined]


def test_an_unreadable_topic_hides_nothing_and_blames_nothing(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    # after.yaml cannot be read: demo.yaml names it in `related`, and only it links 'spare'.
    (root / "glossary.yaml").write_text(GLOSSARY + "  - id: spare\n    term: spare\n    definition: Not used here.\n")
    edit(root / "topics/after.yaml", "body: You rest for a few hours.", "body: You rest for a few [[spare|hours]].")
    edit(root / "topics/after.yaml", "title: After surgery", "title: [After surgery")
    # demo.yaml has a schema error, a key written twice, and problems only the cross-checks find.
    demo = root / "topics/demo.yaml"
    edit(demo, "summary: A short demo", "summary: no")
    edit(demo, "order: 1", "order: 1\norder: 2")
    edit(demo, "body: A short sentence.", "body: One. Two. Three. Four.")
    edit(demo, "The [[lamina]]", "The [[spleen]]")
    result = load_content(root, resources=tmp_path / "c")
    found = {(p.path.name, p.line, p.severity): p.message for p in result.problems}
    text = messages(result)
    assert any(name == "after.yaml" and "not valid YAML" in m for (name, _, _), m in found.items()), text
    assert found[("demo.yaml", 3, "error")].startswith("the key 'order' appears twice"), text
    assert "yes/no value false" in found[("demo.yaml", 6, "error")], text
    assert "glossary word 'spleen' is not defined" in found[("demo.yaml", 10, "error")], text
    assert "step 2, body (en): keep it to 1 to 3 short sentences (found 4)" in found[("demo.yaml", 13, "error")], text
    assert "does not exist" not in text, "after.yaml could not be read: its id is unknown, not missing"
    assert "is not linked" not in text, "after.yaml could not be read: its links are unknown, not missing"
    notes = [p for p in result.problems if p.severity == "note"]
    assert [str(p) for p in notes] == [
        f"{os.path.relpath(root)}: note: related topics and glossary use were not checked because "
        f"{os.path.relpath(root / 'topics/after.yaml')} could not be read"], text


def test_a_topic_with_schema_errors_is_still_checked_and_still_counts(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    after = root / "topics/after.yaml"
    edit(after, "kind: recovery", "kind: surgery")  # the model fails ...
    edit(after, "body: You rest for a few hours.", "body: You rest in the [[ward]].")  # ... its text is checked
    edit(after, "    picture: pics/a.svg", "    picture: pics/missing.svg")
    (root / "glossary.yaml").write_text(GLOSSARY + "  - id: spare\n    term: spare\n    definition: Not used here.\n")
    edit(after, "title: After surgery", "title: After [[spare|surgery]]")
    result = load_content(root, resources=tmp_path / "c")
    text = messages(result)
    assert any(p.path == after and p.line == 3 and "kind" in p.message for p in result.errors), text
    assert any(p.path == after and p.line == 10 and "glossary word 'ward' is not defined" in p.message
               for p in result.errors), text
    assert any(p.path == after and p.line == 12 and "picture 'pics/missing.svg' not found" in p.message
               for p in result.errors), text
    assert "related topic 'after' does not exist" not in text, "its id is still known"
    assert "'spare' is not linked" not in text, "its links still count"
    assert not [p for p in result.problems if p.severity == "note"], text


def test_an_unreadable_glossary_blames_no_link(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    edit(root / "glossary.yaml", "    term: lamina", "    term: [lamina")
    edit(root / "topics/demo.yaml", "body: A short sentence.", "body: One. Two. Three. Four.")
    result = load_content(root, resources=tmp_path / "c")
    text = messages(result)
    assert sorted(p.path.name for p in result.errors) == ["demo.yaml", "glossary.yaml"], text
    assert "is not defined" not in text
    assert (f"{os.path.relpath(root)}: note: glossary links were not checked because "
            f"{os.path.relpath(root / 'glossary.yaml')} could not be read") in text


def test_a_glossary_with_schema_errors_still_defines_its_words(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    edit(root / "glossary.yaml", "    term: lamina", "    term: lamina\n    plural: laminae")
    result = load_content(root, resources=tmp_path / "c")
    text = messages(result)
    assert [(p.path.name, p.line) for p in result.errors] == [("glossary.yaml", 4)], text
    assert "is not defined" not in text and "is not linked" not in text


def test_an_unreadable_pack_blames_no_language(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    (root / "pack.yaml").write_text('id: demo-pack\ntitle: {en: Demo, es: Demo\ndefault_language: es\n')
    result = load_content(root, resources=tmp_path / "c")
    text = messages(result)
    assert [p.path.name for p in result.errors] == ["pack.yaml"], text
    assert "default language" not in text and "not listed" not in text
    assert (f"{os.path.relpath(root)}: note: languages were not checked because "
            f"{os.path.relpath(root / 'pack.yaml')} could not be read") in text


def test_a_pack_with_schema_errors_still_names_its_languages(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    edit(root / "pack.yaml", 'version: "1.0"', "version: 1.10")
    edit(root / "topics/demo.yaml", "title: Demo operation", "title: {en: Demo, fr: Démo}")
    result = load_content(root, resources=tmp_path / "c")
    text = messages(result)
    assert any(p.path.name == "pack.yaml" and "the number 1.1" in p.message for p in result.errors), text
    assert any(p.path.name == "demo.yaml" and "language 'fr' is not listed in pack.yaml" in p.message
               for p in result.errors), text
    assert "note:" not in text


# ---- leftover starter text from kiosk new-topic (issue 13, item 16) ---------------------------------


def test_leftover_starter_text_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    from kiosk.core import starter

    root = make_content(tmp_path / "c")
    demo = root / "topics/demo.yaml"
    edit(demo, "    - title: A public clinic page", f'    - title: "{starter.SOURCE}"')
    edit(demo, "  - Second point.", f'  - "{starter.KEY_POINTS[1]}"')
    edit(demo, "summary: A short demo", "summary: A short demo  # translate")
    result = load_content(root, resources=tmp_path / "c")
    assert not result.ok
    found = sorted((p.line, p.message) for p in result.errors)
    assert found == [
        (5, "a '# translate' mark from kiosk new-topic is still here: translate the text on this line, then delete the mark"),
        (17, f'key point 2: the starter text "{starter.KEY_POINTS[1]}" is still here (en): write your own text'),
        (25, f'review, source 1, title: the starter text "{starter.SOURCE}" is still here: name the source of these facts'),
    ], "\n".join(map(str, result.problems))
    # Where an author looks at work in progress (kiosk preview), the same are warnings.
    preview = load_content(root, resources=tmp_path / "c", placeholders="warning")
    assert preview.ok and len([p for p in preview.warnings if "starter" in p.message or "# translate" in p.message]) == 3
    # An author's own words that merely resemble the starter are not flagged.
    edit(demo, f'"{starter.KEY_POINTS[1]}"', '"Replace with care: ask first."')
    assert not [p for p in load_content(root, resources=tmp_path / "c").errors if "key point" in p.message]


SECTIONS = """\
sections:
  - id: operations
    title: Your operation
    picture: pics/a.svg
  - id: recovery
    title: Recovery
    picture: pics/a.svg
"""


def sectioned(root: Path) -> Path:
    make_content(root)
    (root / "pack.yaml").write_text(PACK + SECTIONS)
    edit(root / "topics" / "demo.yaml", "order: 1\n", "order: 1\nsection: operations\n")
    edit(root / "topics" / "after.yaml", "order: 2\n", "order: 2\nsection: recovery\n")
    return root


def test_sections_group_topics_in_pack_order(tmp_path: Path) -> None:
    result = load_content(sectioned(tmp_path / "c"), resources=tmp_path)
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.content is not None
    shelves = result.content.shelves()
    assert [(s.id, s.title, s.topic_ids) for s in shelves] == [
        ("operations", {"en": "Your operation"}, ("demo",)), ("recovery", {"en": "Recovery"}, ("after",))]


def test_a_pack_without_sections_is_one_shelf(tmp_path: Path) -> None:
    result = load_content(make_content(tmp_path / "c"), resources=tmp_path)
    assert result.content is not None
    [shelf] = result.content.shelves()
    assert (shelf.id, shelf.title, shelf.topic_ids) == ("demo-pack", {"en": "Demo"}, ("demo", "after"))
    assert shelf.picture.src == "pics/a.svg", "the first topic's tile stands for the pack"


@pytest.mark.parametrize(("file", "old", "new", "line", "fragment", "severity"), [
    ("topics/demo.yaml", "section: operations\n", "", 1, "name this topic's section, for example 'section: operations'",
     "error"),
    ("topics/demo.yaml", "section: operations", "section: surgery", 3,
     "section 'surgery' is not one of pack.yaml's sections (operations, recovery)", "error"),
    ("topics/after.yaml", "section: recovery", "section: operations", 10, "section 'recovery' has no topics", "warning"),
    ("pack.yaml", "  - id: recovery", "  - id: operations", 10, "section id 'operations' is used twice", "error"),
])
def test_section_slips_name_file_and_line(tmp_path: Path, file: str, old: str, new: str, line: int, fragment: str,
                                          severity: str) -> None:
    root = sectioned(tmp_path / "c")
    edit(root / file, old, new)
    result = load_content(root, resources=tmp_path)
    found = [p for p in result.problems if fragment in p.message]
    assert found, "\n".join(map(str, result.problems))
    where = root / ("pack.yaml" if "has no topics" in fragment else file)
    assert (found[0].path, found[0].line, found[0].severity) == (where, line, severity)


def test_a_section_named_in_a_pack_without_sections(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    edit(root / "topics" / "demo.yaml", "order: 1\n", "order: 1\nsection: operations\n")
    result = load_content(root, resources=tmp_path)
    assert [(p.line, p.message) for p in result.errors] == [
        (3, "section 'operations' does not exist: pack.yaml has no sections (add it there, or delete this line)")]
