"""Authoring tools: the editor schemas (kiosk schema) and the starter topic (kiosk new-topic).

The schemas are checked three ways: the committed ``schemas/`` is what ``kiosk
schema`` writes now (so a model change cannot leave editors with a stale
schema), every bundled content file is valid against its schema, and for a
table of small documents the schema and the loader's models give the same
verdict, valid or not.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel, ValidationError

from conftest import REPO
from kiosk.commands.authoring import newtopic, schemas
from kiosk.commands.cli import main
from kiosk.core.config import Config, example_config
from kiosk.core import starter
from kiosk.core.loader import load_content, resolve_picture, walk
from kiosk.core.model import Glossary, PackInfo, Picture, Topic
from kiosk.core.paths import bundled_content_dir, resources_dir
from kiosk.core.yamlsrc import load_yaml

SCHEMA_DIR = REPO / "schemas"
MODELS: dict[str, type[BaseModel]] = {"topic": Topic, "glossary": Glossary, "pack": PackInfo, "config": Config}


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server set to YAML 1.1 reads it: yes/no are booleans, 1.10 is a
    number, but a date stays text (JSON, and so JSON Schema, has no dates)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_load(text: str) -> Any:
    return yaml.load(text, Loader=EditorLoader)  # noqa: S506 (a SafeLoader subclass)


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def schema_errors(kind: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]


# ---- (a) the committed schemas are current -------------------------------------------------------


def test_committed_schemas_are_what_kiosk_schema_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", str(tmp_path / "out")]) == 0
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    committed = {p.name: p.read_bytes() for p in SCHEMA_DIR.iterdir()}
    assert sorted(written) == sorted(committed) == sorted(schemas.SCHEMAS)
    stale = [name for name in written if written[name] != committed[name]]
    assert not stale, f"schemas/ is out of date ({', '.join(stale)}): run `kiosk schema schemas` and commit the result"
    assert "wrote" in capsys.readouterr().out


def test_schema_output_is_deterministic() -> None:
    first, second = schemas.schema_texts(), schemas.schema_texts()
    assert first == second
    for text in first.values():
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


@pytest.mark.parametrize("kind", MODELS)
def test_schemas_are_valid_draft7_with_a_description_for_every_field(kind: str) -> None:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] and schema["description"]
    assert "$defs" not in json.dumps(schema)
    blocks = {"(the file)": schema, **schema.get("definitions", {})}
    undescribed = []
    for block_name, block in blocks.items():
        for source in [block, *block.get("anyOf", [])]:
            for field, prop in source.get("properties", {}).items():
                if not prop.get("description"):
                    undescribed.append(f"{block_name}.{field}")
    assert not undescribed, ("fields without a description (add description= to the model field, "
                             f"or an entry to kiosk.commands.authoring.fielddocs.FIELD_DOCS): {undescribed}")


def test_cmd_schema_reports_an_unwritable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert schemas.cmd_schema(blocker / "out") == 1
    assert "cannot write" in capsys.readouterr().err


# ---- (b) the bundled content against its schemas ------------------------------------------------


def content_files() -> list[tuple[Path, str]]:
    root = bundled_content_dir()
    return [(root / "pack.yaml", "pack"), (root / "glossary.yaml", "glossary"),
            *[(path, "topic") for path in sorted((root / "topics").glob("*.yaml"))]]


@pytest.mark.parametrize(("path", "kind"), content_files(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_bundled_file_names_its_schema_and_is_valid_against_it(path: Path, kind: str) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith(schemas.MODELINE), f"{path.name}: the first line must be the schema modeline"
    target = (path.parent / first.removeprefix(schemas.MODELINE)).resolve()
    assert target == (SCHEMA_DIR / f"{kind}.schema.json").resolve(), f"{path.name}: the modeline points at {target}"
    errors = schema_errors(kind, editor_load(text))
    assert not errors, f"{path.name} is not valid against {kind}.schema.json:\n" + "\n".join(errors)


def test_the_example_config_is_valid_against_the_config_schema() -> None:
    assert schema_errors("config", editor_load(example_config())) == []


# ---- schema and loader agree on small documents -------------------------------------------------

TOPIC = """\
id: demo
order: 10
kind: procedure
title: A demo
summary: A short demo
tile: kit/spine-side.svg
steps:
  - title: First
    body: "One sentence. [[lamina]] two."
    picture: kit/spine-side.svg
key_points:
  - First point.
  - Second point.
questions:
  - Is this right for me?
review:
  status: draft
  review_due: 2030-01-01
  sources:
    - title: A source
"""

RECOVERY = """\
id: after
order: 20
kind: recovery
title: After surgery
summary: What happens next
tile: kit/recovery-path.svg
stages:
  - when: Day one
    title: Rest
    body: You rest.
    todo: [Rest.]
    picture: kit/recovery-room.svg
key_points: [One., Two.]
review: {status: draft, review_due: 2030-01-01, sources: [{title: A source}]}
"""

GLOSSARY = """\
terms:
  - id: lamina
    term: lamina
    definition: {en: The back part of a spine bone., es: La parte de atrás de un hueso de la columna.}
    picture: {src: kit/vertebra-top.svg, alt: The lamina}
"""

PACK = """\
id: demo-pack
title: {en: Demo, es: Demostración}
version: "1.10"
default_language: en
languages: [en, es]
translations:
  es: {status: draft, note: Not reviewed yet.}
"""


def changed(base: str, old: str, new: str) -> str:
    assert base.count(old) == 1, old
    return base.replace(old, new)


# (kind, base, old, new, valid?) : every case is checked against the schema AND the pydantic model.
CASES: list[tuple[str, str, str, str, bool, str]] = [
    ("topic", TOPIC, "", "", True, "minimal topic, plain text and path shorthands"),
    ("topic", TOPIC, "title: A demo", "title: {en: A demo, es: Una demostración}", True, "text as a language mapping"),
    ("topic", TOPIC, "tile: kit/spine-side.svg", "tile: {src: kit/spine-side.svg, alt: {en: A spine}}",
     True, "picture as src and alt"),
    ("topic", TOPIC, "    picture: kit/spine-side.svg", "    picture: kit/spine-side.svg\n    key_point: null",
     True, "empty optional key point"),
    ("topic", TOPIC, "  status: draft", "  status: approved\n  reviewed_by: Dr. Example\n  reviewed_on: 2026-01-02",
     True, "approved with reviewer and date"),
    ("topic", RECOVERY, "", "", True, "recovery topic with stages"),
    ("topic", TOPIC, "title: A demo", "titel: A demo", False, "unknown key (misspelt)"),
    ("topic", TOPIC, "    body:", "    bodi: x\n    body:", False, "unknown key in a step"),
    ("topic", TOPIC, "order: 10", "order: ten", False, "wrong type: order as text"),
    ("topic", TOPIC, "order: 10", "order: -1", False, "negative order"),
    ("topic", TOPIC, "title: A demo", "title: no", False, "YAML 1.1 no read as false"),
    ("topic", TOPIC, "title: A demo", "title: 1.10", False, "a number as text"),
    ("topic", TOPIC, "title: A demo", "title: [A demo]", False, "a list as text"),
    ("topic", TOPIC, "title: A demo", 'title: "  "', False, "blank text"),
    ("topic", TOPIC, "title: A demo", "title: {English: A demo}", False, "a language name instead of a code"),
    ("topic", TOPIC, "kind: procedure", "kind: surgery", False, "unknown kind"),
    ("topic", TOPIC, "id: demo", "id: Demo_Topic", False, "bad id"),
    ("topic", TOPIC, "questions:", "related: [Not An Id]\nquestions:", False, "bad related id"),
    ("topic", TOPIC, "tile: kit/spine-side.svg", "tile: kit/spine-side.png", False, "not an SVG"),
    ("topic", TOPIC, "tile: kit/spine-side.svg", "tile: /kit/spine-side.svg", False, "absolute path"),
    ("topic", TOPIC, "tile: kit/spine-side.svg", "tile: ../kit/spine-side.svg", False, "'..' in a path"),
    ("topic", TOPIC, "tile: kit/spine-side.svg", "tile: kit\\spine-side.svg", False, "backslashes"),
    ("topic", TOPIC, "tile: kit/spine-side.svg", "tile: {src: kit/spine-side.svg, size: 3}",
     False, "unknown key in a picture"),
    ("topic", TOPIC, "tile: kit/spine-side.svg", "tile: 3", False, "picture as a number"),
    ("topic", TOPIC, "  - Second point.\n", "", False, "one key point"),
    ("topic", TOPIC, "questions:\n  - Is this right for me?\n", "", False, "procedure without questions"),
    ("topic", TOPIC, "kind: procedure", "kind: recovery", False, "recovery with steps"),
    ("topic", RECOVERY, "kind: recovery", "kind: overview", False, "overview with stages"),
    ("topic", TOPIC, "  status: draft", "  status: approved", False, "approved without reviewer"),
    ("topic", TOPIC, "review_due: 2030-01-01", "review_due: soon", False, "a date that is not a date"),
    ("topic", TOPIC, TOPIC[TOPIC.index("review:"):], "", False, "no review"),
    ("glossary", GLOSSARY, "", "", True, "glossary with a mapping definition and a picture"),
    ("glossary", GLOSSARY, "    term: lamina", "    term: lamina\n    plural: laminae", False, "unknown key in a term"),
    ("glossary", GLOSSARY, "    term: lamina", "    term: on", False, "YAML 1.1 on read as true"),
    ("glossary", GLOSSARY, "  - id: lamina", "  - id: Lamina", False, "bad glossary id"),
    ("glossary", "terms: []\n", "", "", False, "no terms"),
    ("pack", PACK, "", "", True, "pack with a translation note"),
    ("pack", PACK, 'version: "1.10"', "version: 1.10", False, "unquoted version read as 1.1"),
    ("pack", PACK, "languages: [en, es]", "languages: [en, Spanish]", False, "bad language code"),
    ("pack", PACK, "  es: {status: draft", "  Spanish: {status: draft", False, "bad translation key"),
    ("pack", PACK, "  es: {status: draft, note: Not reviewed yet.}", "  es: {status: approved}", False,
     "approved translation without reviewer"),
    ("pack", PACK, "id: demo-pack", "id: demo-pack\nowner: me", False, "unknown key"),
    ("config", "", "", "idle_seconds: 120\nnightly_restart: \"03:30\"\ntake_home: {demo: \"https://example.org/x\"}\n",
     True, "config with a quoted time"),
    ("config", "", "", "nightly_restart: 3:30\n", False, "unquoted time (YAML 1.1 reads 3:30 as 210)"),
    ("config", "", "", 'nightly_restart: "25:00"\n', False, "no such time"),
    ("config", "", "", "idle_seconds: 5\n", False, "idle time too short"),
    ("config", "", "", "idle_second: 120\n", False, "unknown key"),
    ("config", "", "", 'take_home: {demo: "ftp://example.org"}\n', False, "take-home address not on the web"),
]


@pytest.mark.parametrize(("kind", "base", "old", "new", "valid", "what"), CASES, ids=[c[5] for c in CASES])
def test_schema_and_loader_agree(kind: str, base: str, old: str, new: str, valid: bool, what: str) -> None:
    text = changed(base, old, new) if old else base + new
    data = editor_load(text)
    errors = schema_errors(kind, data)
    assert (not errors) == valid, f"schema says {errors or 'valid'} for: {what}"
    assert loader_accepts(kind, data) == valid, f"the loader disagrees with the test table for: {what}"


def loader_accepts(kind: str, data: Any) -> bool:
    """The loader's verdict on one file on its own: its model, then its picture path rules."""
    try:
        parsed = MODELS[kind].model_validate(data, context={"default_language": "en"})
    except ValidationError:
        return False
    pictures = [value for _, value in walk(parsed) if isinstance(value, Picture)]
    return all(isinstance(resolve_picture(p.src, bundled_content_dir(), resources_dir()), Path) for p in pictures)


# ---- (c) kiosk new-topic -----------------------------------------------------------------------


def test_new_topic_writes_a_starter_whose_only_problems_are_its_placeholders(
        kiosk_app: object, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted((content_copy / "topics").glob("*.yaml"))
    assert main(["--content", str(content_copy), "new-topic", "spinal-cord-stimulator"]) == 0
    target = content_copy / "topics" / "60-spinal-cord-stimulator.yaml"
    assert sorted((content_copy / "topics").glob("*.yaml")) == sorted([*before, target])
    assert "wrote " in capsys.readouterr().out

    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == schemas.MODELINE + "../../schemas/topic.schema.json"
    assert schema_errors("topic", editor_load(text)) == []
    data = load_yaml(target).data
    languages = PackInfo.model_validate(load_yaml(content_copy / "pack.yaml").data).languages
    assert data["id"] == "spinal-cord-stimulator" and data["order"] == 60 and data["kind"] == "procedure"
    assert list(data["title"]) == languages == ["en", "es", "zh", "vi", "ar"]
    assert data["review"]["status"] == "draft" and "reviewed_by" not in data["review"]
    assert data["review"]["review_due"] == newtopic.add_months(date.today(), 6)
    # Every text other than the English source is marked for translation.
    texts = len(re.findall(r"^\s*(?:- )?en: ", text, re.M))
    assert len(re.findall(r"^\s*(?:es|zh|vi|ar): .*  # translate$", text, re.M)) == 4 * texts
    assert "TODO" not in text

    # It loads where an author looks at work in progress (kiosk preview, screenshots) ...
    assert load_content(content_copy, placeholders="warning").ok
    # ... but kiosk validate and kiosk pack name every stand-in left in, with file and line, and nothing else.
    assert main(["validate", str(content_copy)]) == 1
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if ": error: " in line]
    lines = text.splitlines()
    where = os.path.relpath(target)
    assert len(errors) == 8 + 4, "\n".join(errors)  # 8 stand-in texts, the title's 4 translate marks
    for error in errors:
        assert error.startswith(f"{where}:"), error
        line = int(error.split(":")[1])
        assert "Replace with" in lines[line - 1] or "# translate" in lines[line - 1], error
    assert any(e.endswith(f'summary: the starter text "{starter.SUMMARY}" is still here (en, es, zh, vi, ar): write your own text')
               for e in errors), errors
    assert any(f'review, source 1, title: the starter text "{starter.SOURCE}" is still here' in e for e in errors), errors
    assert sum("'# translate' mark" in e for e in errors) == 4
    assert main(["pack", str(content_copy), str(tmp_path / "p.zip"), "--signed-off-by", "Dr. A"]) == 1
    assert "not packed" in capsys.readouterr().err and not (tmp_path / "p.zip").exists()

    # The author writes the topic: then it validates, and reads at grade 6 or below.
    written = {
        starter.SUMMARY: "A small device that eases nerve pain",
        starter.STEP_TITLE: "What it is",
        starter.STEP_BODY: "A small device sends mild pulses to your spinal cord. The pulses can ease pain.",
        starter.KEY_POINTS[0]: "The device can ease pain.",
        starter.KEY_POINTS[1]: "Ask your care team if it is right for you.",
        starter.QUESTIONS[0]: "Is this right for me?",
        starter.QUESTIONS[1]: "How long does the device last?",
        starter.SOURCE: "The clinic's page on spinal cord stimulators",
    }
    for old, new in written.items():
        text = text.replace(old, new)
    target.write_text(text.replace("  # translate", ""), encoding="utf-8")
    assert main(["validate", str(content_copy), "--readability"]) == 0
    out = capsys.readouterr().out
    assert "OK: 7 topics" in out and "error" not in out.replace("0 error", "")
    assert "spinal-cord-stimulator: average grade" in out and "readability: OK" in out


def test_new_topic_follows_the_folders_languages(content_copy: Path) -> None:
    pack = content_copy / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("languages: [en, es, zh, vi, ar]", "languages: [en, es]"),
                    encoding="utf-8")
    assert newtopic.cmd_new_topic("back-pain", content_copy, today=date(2026, 8, 31)) == 0
    data = load_yaml(content_copy / "topics" / "60-back-pain.yaml").data
    assert list(data["summary"]) == ["en", "es"]
    assert data["review"]["review_due"] == date(2027, 2, 28)


def test_new_topic_in_an_empty_topics_folder_starts_at_order_0(content_copy: Path) -> None:
    for path in (content_copy / "topics").glob("*.yaml"):
        path.unlink()
    assert newtopic.cmd_new_topic("first", content_copy) == 0
    assert (content_copy / "topics" / "00-first.yaml").is_file()


def test_new_topic_refuses_an_existing_id(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted((content_copy / "topics").iterdir())
    assert main(["--content", str(content_copy), "new-topic", "laminectomy"]) == 1
    assert "a topic 'laminectomy' already exists" in capsys.readouterr().err
    assert newtopic.cmd_new_topic("new-one", content_copy) == 0
    assert newtopic.cmd_new_topic("new-one", content_copy) == 1
    assert "already exists" in capsys.readouterr().err
    assert len(sorted((content_copy / "topics").iterdir())) == len(before) + 1


@pytest.mark.parametrize("bad", ["Spinal", "spinal_fusion", "spinal fusion", "a--b", "x-", "", "ñandu", "../x"])
def test_new_topic_refuses_a_bad_id(content_copy: Path, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    before = sorted((content_copy / "topics").iterdir())
    assert newtopic.cmd_new_topic(bad, content_copy) == 2
    err = capsys.readouterr().err
    assert "cannot be a topic id" in err and "lower-case letters, digits and single dashes" in err
    assert sorted((content_copy / "topics").iterdir()) == before


def test_new_topic_refuses_a_folder_that_is_not_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(tmp_path), "new-topic", "demo"]) == 1
    assert "no pack.yaml" in capsys.readouterr().err
    assert not (tmp_path / "topics").exists()
