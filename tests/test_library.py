"""A library: the cache of validated content, topics read when opened, several packs as one library."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from test_loader import ERRORS, SVG, edit, make_content

from kiosk.core import contentcache
from kiosk.core.contentsource import load_for_kiosk, write_cache
from kiosk.core.loader import LoadResult, Problem, load_content
from kiosk.core.model import Topic
from kiosk.core.paths import bundled_content_dir
from kiosk.core.topicindex import TopicEntry

PARTS_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
             '<rect id="bone" width="10" height="10"/><rect id="nerve" width="2" height="2"/></svg>')


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(folder))
    return folder


def load(root: Path, cache: bool = True) -> LoadResult:
    return load_content(root, resources=root, cache=cache)


def same_as_cold(root: Path) -> LoadResult:
    """A load through the cache, checked against a load without it: same problems, same topics."""
    warm = load(root)
    cold = load(root, cache=False)
    assert warm.problems == cold.problems
    assert (warm.content is None) == (cold.content is None)
    if warm.content is not None and cold.content is not None:
        assert [t.id for t in warm.content.topics] == [t.id for t in cold.content.topics]
        for topic in cold.content.topics:
            assert isinstance(topic, Topic)
            assert warm.content.topic(topic.id) == topic
            assert warm.content.entry(topic.id) == TopicEntry.of(topic)
    return warm


def test_a_load_through_the_cache_equals_one_without(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    first = same_as_cold(root)
    assert first.ok and first.cache_written
    again = same_as_cold(root)
    assert again.ok
    assert all(isinstance(t, TopicEntry) for t in again.content.topics)  # type: ignore[union-attr]


def test_a_cached_topic_is_read_only_when_opened_and_equals_the_validated_one(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    load(root)
    content = load(root).content
    assert content is not None
    assert not content._full
    validated = load(root, cache=False).content
    assert validated is not None
    assert content.topic("demo") == validated.topic("demo")
    # The file changes or goes after the kiosk loaded it: the kiosk shows what validated.
    (root / "topics" / "demo.yaml").unlink()
    content._full.clear()
    assert content.topic("demo") == validated.topic("demo")


@pytest.mark.parametrize(("file", "old", "new", "line", "fragment"), ERRORS, ids=[e[4][:40] for e in ERRORS])
def test_an_edit_after_the_cache_was_made_is_checked_again(tmp_path: Path, file: str, old: str, new: str, line: int,
                                                           fragment: str) -> None:
    root = make_content(tmp_path / "c")
    assert load(root).ok
    edit(root / file, old, new)
    result = same_as_cold(root)
    assert any(p.path == root / file and p.line == line and fragment in p.message for p in result.errors), \
        "\n".join(map(str, result.problems))
    assert same_as_cold(root).problems == result.problems  # and from the cache made of the broken folder


def test_an_edited_picture_is_checked_again(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    (root / "pics" / "a.svg").write_text(PARTS_SVG)
    edit(root / "topics" / "demo.yaml", "tile: pics/a.svg", "tile: {src: pics/a.svg, highlight: [nerve]}")
    assert same_as_cold(root).ok
    (root / "pics" / "a.svg").write_text(PARTS_SVG.replace('id="nerve"', 'id="disk"'))
    result = same_as_cold(root)
    assert [str(p) for p in result.errors] == [f"{Problem(root / 'topics' / 'demo.yaml', 6, '')}"
                                               "picture 'pics/a.svg' has no part 'nerve' (highlight)"]
    # A picture of the same name put in the content folder, in front of the resources folder's.
    (root / "pics" / "a.svg").write_text(PARTS_SVG)
    assert same_as_cold(root).ok


def test_an_edited_glossary_or_pack_is_checked_again(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    assert load(root).ok
    edit(root / "glossary.yaml", "  - id: lamina", "  - id: lamina-bone")
    result = same_as_cold(root)
    assert any("glossary word 'lamina' is not defined" in p.message and p.line == 9 for p in result.errors)
    edit(root / "glossary.yaml", "  - id: lamina-bone", "  - id: lamina")
    assert same_as_cold(root).ok
    edit(root / "pack.yaml", "languages: [en]", "languages: [en, es]")
    result = same_as_cold(root)
    assert any(p.path.name == "demo.yaml" and "no Spanish (es) text" in p.message for p in result.errors)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "models", "huge"])
def test_a_damaged_or_foreign_cache_is_ignored_and_made_anew(tmp_path: Path, damage: str) -> None:
    root = make_content(tmp_path / "c")
    assert load(root).ok
    folder = contentcache.cache_dir(root)
    index = next(folder.glob("index-*.json"))
    if damage == "garbage":
        index.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[:100])
    elif damage == "foreign":  # another folder's cache, copied over this one's: its key differs
        other = make_content(tmp_path / "other")
        edit(other / "topics" / "demo.yaml", "The [[lamina]]", "The [[spleen]]")
        load(other)
        for path in contentcache.cache_dir(other).iterdir():
            shutil.copy(path, folder / path.name)
        edit(root / "topics" / "demo.yaml", "The [[lamina]]", "The [[spleen]]")
    elif damage == "models":
        models = next(folder.glob("models-*.json"))
        models.write_bytes(models.read_bytes().replace(b"Demo operation", b"Evil operation"))
    else:
        index.write_bytes(b" " * (contentcache.MAX_INDEX_BYTES + 1))
    result = same_as_cold(root)
    assert result.ok == (damage != "foreign")
    assert result.cache_written
    assert json.loads(index.read_text())["format"] == contentcache.FORMAT


def test_a_cache_that_cannot_be_written_only_makes_loading_slower(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(blocker / "cache"))
    root = make_content(tmp_path / "c")
    result = same_as_cold(root)
    assert result.ok and not result.cache_written


def test_write_cache_puts_the_cache_inside_an_installed_pack_and_never_keeps_one_it_came_with(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    shipped = root / contentcache.FOLDER_NAME
    shipped.mkdir()
    (shipped / "index-forged.json").write_text("{}")
    assert write_cache(root)
    assert not (shipped / "index-forged.json").exists()
    assert contentcache.cache_dir(root) == shipped
    assert list(shipped.glob("index-*.json")) and list(shipped.glob("models-*.json"))
    assert load_content(root, cache=True).problems == load_content(root).problems


def test_a_cache_made_from_another_working_folder_is_used_and_names_folders_as_seen_from_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_content(tmp_path / "c")
    assert write_cache(root)  # the installer may run anywhere; the kiosk from its own folder
    index = next((root / contentcache.FOLDER_NAME).glob("index-*.json"))
    made = index.stat().st_mtime_ns
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert load_content(root, cache=True).ok
    assert index.stat().st_mtime_ns == made  # every result came from the cache: nothing written
    # A picture not found: its message names the folders relative to the working folder.
    edit(root / "topics" / "demo.yaml", "tile: pics/a.svg", "tile: pics/gone.svg")
    load(root)
    monkeypatch.chdir(tmp_path)
    result = same_as_cold(root)
    assert any("picture 'pics/gone.svg' not found in c or c" in p.message for p in result.errors)


# ---- several packs as one library ----------------------------------------------------------
def make_pack(root: Path, pack_id: str, suffix: str, definition: str, sections: bool = False) -> Path:
    """The demo content under its own pack id and topic ids (``demo-SUFFIX``, ``after-SUFFIX``)."""
    make_content(root)
    edit(root / "pack.yaml", "id: demo-pack", f"id: {pack_id}")
    for name in ("demo", "after"):
        edit(root / "topics" / f"{name}.yaml", f"id: {name}", f"id: {name}-{suffix}")
    edit(root / "topics" / "demo.yaml", "related: [after]", f"related: [after-{suffix}]")
    edit(root / "glossary.yaml", "The back part of a bone in your spine.", definition)
    (root / "pics" / "a.svg").write_text(SVG.replace('width="10"', f'id="{pack_id}" width="10"'))
    if sections:
        (root / "pack.yaml").write_text((root / "pack.yaml").read_text() + "sections:\n"
                                        "  - {id: ops, title: Operations, picture: pics/a.svg}\n"
                                        "  - {id: later, title: Later, picture: pics/a.svg}\n")
        edit(root / "topics" / "demo.yaml", "kind: procedure", "section: ops\nkind: procedure")
        edit(root / "topics" / "after.yaml", "kind: recovery", "section: later\nkind: recovery")
    return root


def test_several_packs_show_as_one_library_in_order(tmp_path: Path) -> None:
    from kiosk.core.pageview import card_view, picture_view, topic_tiles
    from kiosk.core.session import Session

    a = make_pack(tmp_path / "a", "spine", "a", "Spine's own words.", sections=True)
    b = make_pack(tmp_path / "b", "joints", "b", "The joint team's own words.")
    library = load_for_kiosk([a, b])
    assert [t.id for t in library.topics] == ["demo-a", "after-a", "demo-b", "after-b"]
    assert [(s.id, s.topic_ids) for s in library.shelves()] == [
        ("ops", ("demo-a",)), ("later", ("after-a",)), ("joints", ("demo-b", "after-b"))]
    assert [(p.info.id, p.folder) for p in library.packs] == [("spine", a), ("joints", b)]
    assert library.topic("after-b").id == "after-b"
    # Each topic's pictures come from its own pack's folder, and its glossary words from its own glossary.
    session = Session(library)
    tiles = {tile.id: tile for tile in topic_tiles(session)}
    assert tiles["demo-a"].tile.path == (a / "pics" / "a.svg").resolve()  # the same src, each pack's own file
    assert tiles["demo-b"].tile.path == (b / "pics" / "a.svg").resolve()
    for topic_id, words in (("demo-a", "Spine's own words."), ("demo-b", "The joint team's own words.")):
        session.open_topic(topic_id)
        assert session.topic is not None
        assert picture_view(session, session.topic.tile).path == tiles[topic_id].tile.path
        session.open_term("lamina")
        assert card_view(session).body == words


def test_a_topic_id_another_pack_already_shows_is_left_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    a = make_pack(tmp_path / "a", "spine", "a", "A.")
    b = make_pack(tmp_path / "b", "joints", "b", "B.")
    edit(b / "topics" / "after.yaml", "id: after-b", "id: after-a")
    edit(b / "topics" / "demo.yaml", "related: [after-b]", "related: [after-a]")
    with caplog.at_level(logging.ERROR, logger="kiosk"):
        library = load_for_kiosk([a, b])
    assert [t.id for t in library.topics] == ["demo-a", "after-a", "demo-b"]
    assert library.topic("after-a").title == {"en": "After surgery"}
    assert library.owner("after-a").root == a
    assert "topic 'after-a' of pack joints is left out" in caplog.text


def test_an_invalid_pack_is_left_out_and_the_others_show(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    a = make_pack(tmp_path / "a", "spine", "a", "A.")
    b = make_pack(tmp_path / "b", "joints", "b", "B.")
    c = make_pack(tmp_path / "c", "hands", "c", "C.")
    edit(b / "topics" / "demo.yaml", "The [[lamina]]", "The [[spleen]]")
    with caplog.at_level(logging.ERROR, logger="kiosk"):
        library = load_for_kiosk([a, b, c])
    assert [p.info.id for p in library.packs] == ["spine", "hands"]
    assert "glossary word 'spleen' is not defined" in caplog.text
    assert f"content in {b} is not valid; it is left out" in caplog.text
    # None valid: the bundled content; one Path or None still works.
    edit(a / "topics" / "demo.yaml", "The [[lamina]]", "The [[spleen]]")
    assert load_for_kiosk([a, b]).root == bundled_content_dir()
    assert load_for_kiosk(c).root == c
    assert load_for_kiosk(None).root == bundled_content_dir()


def test_a_topic_missing_the_patients_language_shows_its_own_packs_default(tmp_path: Path) -> None:
    from kiosk.core.session import Session

    a = make_pack(tmp_path / "a", "spine", "a", "A.")
    b = make_pack(tmp_path / "b", "joints", "b", "B.")
    edit(b / "pack.yaml", "default_language: en\nlanguages: [en]", "default_language: es\nlanguages: [es]")
    edit(b / "pack.yaml", "title: Demo", "title: {es: Demo}")  # the pack's own title is not plain text
    library = load_for_kiosk([a, b])
    assert [p.info.id for p in library.packs] == ["spine", "joints"]
    session = Session(library)
    assert session.languages == ["en"]  # the first pack's
    text = {"vi": "Vietnamese", "es": "Spanish"}
    assert session.text(text, "demo-b") == "Spanish"
    assert session.text(text, "demo-a") == "Vietnamese"  # no English: any text
    session.open_topic("demo-b")
    assert session.text(text) == "Spanish"
    assert session.text(library.topic("demo-b").title) == "Demo operation"


def test_validate_with_its_cache_says_what_it_says_without(kiosk_app: object, content_copy: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Text fit too: cached per topic, laid out again only for the topic that changed."""
    from kiosk.commands.cli import main

    def validate() -> str:
        main(["validate", str(content_copy)])
        return capsys.readouterr().out

    cold = validate()
    assert validate() == cold
    topic = content_copy / "topics" / "40-diskectomy.yaml"
    text = topic.read_text()
    first_body = text.index("    body:\n      en: ") + len("    body:\n      en: ")
    long = '"' + " ".join(["This sentence is long on purpose, to fill the column"] * 40) + '." # long\n'
    topic.write_text(text[:first_body] + long + text[text.index("\n", first_body) + 1:])
    edited = validate()
    assert "40-diskectomy.yaml" in edited and "step 1: the English (en) text needs" in edited
    assert validate() == edited
    shutil.rmtree(contentcache.cache_dir(content_copy))
    assert validate() == edited
