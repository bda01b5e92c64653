"""Tools for the people who write the content: editor schemas and a starter topic.

``kiosk schema OUTDIR`` writes JSON Schema files for topic, glossary, pack and
config files, so that an editor with a YAML language server (VS Code with Red
Hat's YAML extension, and others) completes field names, explains each field on
hover and underlines mistakes while the file is being typed. The bundled
content files name their schema in their first line (the modeline).

The schemas come from the pydantic models, then are made to say what the
loader really accepts: pydantic does not see the shorthand forms that
``BeforeValidator`` and ``model_validator(mode="before")`` accept (a text is a
plain string or a language mapping; a picture is a path or ``{src, alt}``), nor
the checks done in ``AfterValidator`` functions (ids, language codes, clock
times) or in model validators (the shape of each kind of topic). The output is
draft-07 (what the YAML language server supports fully) and byte-for-byte
deterministic, so CI can compare the committed ``schemas/`` with a fresh run.

The schemas are an aid for editors, not the judge: ``kiosk validate`` also
checks what one file cannot say about another (every language that
``pack.yaml`` lists, glossary links, related topics, pictures on disk).

``kiosk new-topic ID`` writes a fully commented starter topic in every language
the content folder's ``pack.yaml`` lists. It loads as it is (``kiosk preview``
shows it at once); its stand-in texts (``kiosk.core.starter``) and ``# translate``
marks are errors for ``kiosk validate`` and ``kiosk pack`` until the author has
replaced them, so that none can reach patients.
"""

from __future__ import annotations

import calendar
import copy
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ..core import model, starter
from ..core.config import Config, _clock_time
from ..core.model import LANG_RE, SLUG_RE, Glossary, PackInfo, Topic

DRAFT = "http://json-schema.org/draft-07/schema#"
MODELINE = "# yaml-language-server: $schema="

SCHEMAS: dict[str, type[BaseModel]] = {
    "topic.schema.json": Topic,
    "glossary.schema.json": Glossary,
    "pack.schema.json": PackInfo,
    "config.schema.json": Config,
}
"""File name -> the model it describes."""

# Where each kind of file finds its schema, relative to the file, when schemas/ sits beside content/.
MODELINES: dict[str, str] = {
    "pack.yaml": "../schemas/pack.schema.json",
    "glossary.yaml": "../schemas/glossary.schema.json",
    "topics/*.yaml": "../../schemas/topic.schema.json",
}

# ---------------------------------------------------------------------------------------------
# What each file and field is, in the educators' words. Descriptions written in the models win;
# these fill in the fields that have none (kept here so the models stay as they are).

ROOTS: dict[str, tuple[str, str]] = {
    "Topic": ("Kiosk topic (content/topics/NN-name.yaml)",
              "One walk-through on the kiosk: a tile on the home screen, its pages (steps, or stages for "
              "recovery), key points, questions for the care team and its review state. "
              "Guide: docs/authoring.md. Check the whole folder with: kiosk validate"),
    "Glossary": ("Kiosk glossary (content/glossary.yaml)",
                 "The medical words that texts link with [[id]] or [[id|words]]; a tap shows the definition card. "
                 "Guide: docs/authoring.md"),
    "PackInfo": ("Kiosk content folder (content/pack.yaml)",
                 "What this content folder is: its id, title, version, and the languages every text must have. "
                 "Guide: docs/authoring.md"),
    "Config": ("Kiosk config file (config.yaml)",
               "The one file IT writes for a kiosk. Every key is optional; unknown keys are errors. "
               "See `kiosk config --example` for every key at its default."),
}

MODEL_DOCS: dict[str, str] = {
    "Step": "One page of a walk-through: a title, one to three short sentences, a drawing, and optionally a key point.",
    "Source": "Where the facts come from: a title and, if there is one, a web address.",
    "Review": "The clinical review of this topic. Draft until a clinician has checked every page; "
              "approved needs reviewed_by and reviewed_on. Never claim a review that did not happen.",
    "Term": "One glossary word: its id (used in links), the word as shown, a plain definition and optionally a drawing.",
}

FIELD_DOCS: dict[str, dict[str, str]] = {
    "Topic": {
        "id": "The topic's name for the computer: lower-case letters, digits and dashes, e.g. spinal-fusion. "
              "Other topics use it in `related`. Do not change it once the topic is in use.",
        "order": "Where the tile sits on the home screen, smallest first (the bundled topics use 0, 10, 20 ...).",
        "kind": "overview (what all the topics are about), procedure (an operation; needs questions) "
                "or recovery (a timeline with stages instead of steps).",
        "title": "The topic's name: on its tile and at the top of every page. A few words.",
        "tile": "The drawing on the topic's home-screen tile.",
        "steps": "The pages of the walk-through, in order (overview and procedure topics).",
        "stages": "The stages of the recovery timeline, in order (recovery topics only).",
        "key_points": "Two to five short sentences for the closing 'Key points' page.",
        "questions": "Up to six questions the patient may want to ask the care team, shown at the end. "
                     "A procedure topic needs at least one.",
        "related": "Ids of other topics offered at the end, e.g. [recovery].",
        "review": "The clinical review: status, who reviewed it and when, when it is due again, and the sources.",
    },
    "Step": {
        "title": "A few words at the top of the page.",
        "picture": "The drawing for this page.",
        "key_point": "Optional: one sentence to remember, shown in a box on the page.",
    },
    "Stage": {
        "when": "When this stage happens, e.g. 'Right after surgery'.",
        "title": "A few words: what this stage is.",
        "body": "What happens: one to three short sentences; [[term]] or [[term|words]] links a glossary word.",
        "todo": "One to four things the patient does at this stage, each starting with a verb.",
        "picture": "The drawing for this stage.",
    },
    "Review": {
        "status": "draft until a clinician has checked every page; then approved (with reviewed_by and reviewed_on).",
        "reviewed_by": "Who reviewed it: name and role, e.g. \"Dr. A. Example, spine surgeon\". Needed for approved.",
        "reviewed_on": "The date of the review, year-month-day, e.g. 2026-11-02. Needed for approved.",
        "review_due": "When this topic must be checked again, year-month-day. The admin screen shows it in red after that.",
        "sources": "Where the facts come from: at least one.",
    },
    "Source": {
        "title": "The name of the source, e.g. the title of a clinic web page.",
        "url": "Its web address, if it has one.",
    },
    "Picture": {
        "src": "The SVG file, relative to the content folder or the app's resources folder, e.g. kit/spine-side.svg.",
        "alt": "Optional: what the drawing shows, in words, for screen readers.",
    },
    "Term": {
        "id": "The word's name for links: lower-case letters, digits and dashes, e.g. spinal-canal; "
              "texts link it with [[spinal-canal]] or [[spinal-canal|spinal canal]].",
        "term": "The word as the patient sees it, e.g. 'spinal canal'.",
        "definition": "One or two short, plain sentences.",
        "picture": "Optional: a drawing that shows the word, on the definition card.",
    },
    "Glossary": {
        "terms": "The glossary words, one entry each.",
    },
    "PackInfo": {
        "id": "The content folder's name for the computer: lower-case letters, digits and dashes.",
        "default_language": "The language plain (one-language) texts are in, and the source language; usually en.",
        "languages": "Every language patients can choose, e.g. [en, es, zh, vi, ar]. Every text needs all of them.",
    },
    "TranslationReview": {
        "status": "draft until a clinician or professional medical translator has checked this language; then approved.",
        "reviewed_by": "Who reviewed this language: name and role. Needed for approved.",
        "reviewed_on": "The date of the review, year-month-day. Needed for approved.",
        "note": "Anything a reader of this file should know about this translation.",
    },
    "Config": {
        "orientation": "auto follows the screen; landscape or portrait fixes the layout.",
        "reduced_motion": "Turn off animations for everyone (patients can also choose this on the kiosk).",
        "heartbeat_seconds": "How often status.json and the Prometheus file are rewritten, in seconds.",
    },
}

# ---------------------------------------------------------------------------------------------
# Plain strings with rules that live in AfterValidator functions.

NONBLANK: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": "\\S", "patternErrorMessage": "Must not be empty."}
SLUG: dict[str, Any] = {
    "type": "string", "pattern": SLUG_RE.pattern,
    "patternErrorMessage": "Use lower-case letters, digits and single dashes only, for example spinal-fusion.",
}
LANG: dict[str, Any] = {
    "type": "string", "pattern": LANG_RE.pattern,
    "patternErrorMessage": "Use a language code such as en, es, zh, vi or ar.",
}
CLOCK: dict[str, Any] = {
    "type": "string", "pattern": "^([01]\\d|2[0-3]):[0-5]\\d$",
    "patternErrorMessage": "Write a time of day as \"HH:MM\" in quotes, for example \"03:30\".",
}
# What resolve_picture accepts: forward slashes, relative, no '..', an .svg file.
PICTURE_PATH: dict[str, Any] = {
    "type": "string",
    "pattern": "^(?!/)(?!.:)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*\\.[Ss][Vv][Gg]$",
    "patternErrorMessage": "A picture is the path of an .svg drawing inside the content or resources folder, with "
                           "forward slashes, not starting with / and without '..', e.g. kit/spine-side.svg.",
}

LOCALIZED_DEF: dict[str, Any] = {
    "title": "Text for patients",
    "description": "Plain text in the pack's default language, or one text per language (en: ..., es: ...). "
                   "Every language pack.yaml lists needs a text; kiosk validate checks that. "
                   "Quote texts that YAML could misread (yes, no, on, off, 1.10, 12:30).",
    "anyOf": [
        dict(NONBLANK),
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": dict(LANG),
            "additionalProperties": dict(NONBLANK),
        },
    ],
}

_AFTER_RULES: dict[Any, dict[str, Any]] = {
    model._slug: SLUG,
    model._lang: LANG,
    model._nonblank: NONBLANK,
    _clock_time: CLOCK,
}
_LOCALIZED_MARK = "x-kiosk-localized"


class _EditorSchema(GenerateJsonSchema):
    """pydantic's generator, told about the kiosk's validator functions."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        if schema["function"]["function"] is model._localize:
            return {_LOCALIZED_MARK: True}
        return super().function_before_schema(schema)

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        inner = super().function_after_schema(schema)
        rule = _AFTER_RULES.get(schema["function"]["function"])
        if rule is None or _LOCALIZED_MARK in inner:
            return inner
        merged = dict(inner)
        merged.update(copy.deepcopy(rule))
        return merged


def _walk(node: Any, fn: Any) -> Any:
    """Apply ``fn`` bottom-up to every mapping in a JSON value."""
    if isinstance(node, dict):
        return fn({k: _walk(v, fn) for k, v in node.items()})
    if isinstance(node, list):
        return [_walk(v, fn) for v in node]
    return node


def _localized_refs(node: dict[str, Any]) -> dict[str, Any]:
    if node.pop(_LOCALIZED_MARK, False):
        node["$ref"] = "#/definitions/Localized"
    return node


def _keyed_maps(node: dict[str, Any]) -> dict[str, Any]:
    """A dict with checked keys (``dict[LangCode, X]``): pydantic writes patternProperties, which lets
    any other key through; say instead that every key must match and every value is an X."""
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict) and len(patterns) == 1 and "additionalProperties" not in node:
        (pattern, value), = patterns.items()
        del node["patternProperties"]
        node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
        node["additionalProperties"] = value
    return node


def _draft07_refs(node: dict[str, Any]) -> dict[str, Any]:
    """Draft-07 ignores keywords beside ``$ref``: move the reference into ``allOf``."""
    ref = node.get("$ref")
    if isinstance(ref, str):
        ref = ref.replace("#/$defs/", "#/definitions/")
        node["$ref"] = ref
        if len(node) > 1:
            del node["$ref"]
            node["allOf"] = [{"$ref": ref}]
    return node


def _describe(name: str, body: dict[str, Any]) -> None:
    if name in MODEL_DOCS and "description" not in body:
        body["description"] = MODEL_DOCS[name]
    for field, text in FIELD_DOCS.get(name, {}).items():
        prop = body.get("properties", {}).get(field)
        if prop is None:
            raise KeyError(f"authoring.FIELD_DOCS describes {name}.{field}, which the model does not have")
        prop.setdefault("description", text)


def _approved_needs(fields: tuple[str, ...]) -> dict[str, Any]:
    return {
        "if": {"properties": {"status": {"const": "approved"}}, "required": ["status"]},
        "then": {"required": list(fields), "properties": {f: {"not": {"type": "null"}} for f in fields}},
    }


def _kind_rules() -> list[dict[str, Any]]:
    """Topic._shape_fits_kind, said in JSON Schema."""
    return [
        {
            "if": {"properties": {"kind": {"const": "recovery"}}, "required": ["kind"]},
            "then": {"required": ["stages"], "properties": {"stages": {"minItems": 1}, "steps": {"maxItems": 0}}},
            "else": {"required": ["steps"], "properties": {"steps": {"minItems": 1}, "stages": {"maxItems": 0}}},
        },
        {
            "if": {"properties": {"kind": {"const": "procedure"}}, "required": ["kind"]},
            "then": {"required": ["questions"], "properties": {"questions": {"minItems": 1}}},
        },
    ]


def build_schema(cls: type[BaseModel]) -> dict[str, Any]:
    """The editor-friendly JSON Schema (draft-07) of one content or config model."""
    raw = cls.model_json_schema(schema_generator=_EditorSchema, mode="validation")
    defs: dict[str, Any] = raw.pop("$defs", {})
    root_name = cls.__name__
    root = raw
    for name, body in [(root_name, root), *defs.items()]:
        _describe(name, body)
    if "Picture" in defs:
        picture = defs["Picture"]
        picture["properties"]["src"].update(copy.deepcopy(PICTURE_PATH))
        shorthand = dict(PICTURE_PATH, description="The path of the SVG drawing (the short form of {src: ..., alt: ...}).")
        object_form = {k: picture.pop(k) for k in ("type", "properties", "required", "additionalProperties")}
        picture["anyOf"] = [shorthand, object_form]
        picture["description"] = ("A drawing: its path, e.g. kit/spine-side.svg, or {src: path, alt: words}. "
                                  "SVG only, inside the content or resources folder; no clipPath, masks, filters, "
                                  "text or references to other files.")
    if "Review" in defs:
        defs["Review"].setdefault("allOf", []).append(_approved_needs(("reviewed_by", "reviewed_on")))
    if "TranslationReview" in defs:
        defs["TranslationReview"].setdefault("allOf", []).append(_approved_needs(("reviewed_by", "reviewed_on")))
    if cls is Topic:
        root["allOf"] = _kind_rules()
    if cls is Config:
        root["properties"]["take_home"]["additionalProperties"] = {
            "type": "string", "pattern": "^https?://",
            "patternErrorMessage": "Write a web address starting with https://",
        }
    schema = _walk(_walk(root, _localized_refs), _keyed_maps)
    defs = _walk(_walk(defs, _localized_refs), _keyed_maps)
    if "#/definitions/Localized" in json.dumps([schema, defs]):
        defs["Localized"] = copy.deepcopy(LOCALIZED_DEF)
    title, description = ROOTS[root_name]
    schema["title"], schema["description"] = title, description
    schema["$schema"] = DRAFT
    if defs:
        schema["definitions"] = defs
    return _walk(schema, _draft07_refs)  # type: ignore[no-any-return]


def schema_texts() -> dict[str, str]:
    """File name -> the exact text ``kiosk schema`` writes."""
    return {name: json.dumps(build_schema(cls), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for name, cls in SCHEMAS.items()}


def cmd_schema(outdir: Path) -> int:
    """``kiosk schema OUTDIR``: write the JSON Schema files for editors."""
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for name, text in schema_texts().items():
            (outdir / name).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        print(f"kiosk schema: cannot write to {outdir}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {', '.join(SCHEMAS)} to {outdir}")
    return 0


# ---------------------------------------------------------------------------------------------
# kiosk new-topic

STARTER_PICTURE = "kit/spine-side.svg"
DEFAULT_TOPIC_MODELINE = MODELINE + MODELINES["topics/*.yaml"]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _texts(key: str | None, text: str, languages: list[str], indent: int, item: bool = False) -> list[str]:
    """A localized text with one line per language; the non-default ones are marked for translation."""
    pad = " " * indent
    lines = [f"{pad}{key}:"] if key else []
    inner = pad + ("  " if key else "")
    for i, lang in enumerate(languages):
        lead = (inner[:-2] + "- ") if item and i == 0 else inner
        mark = "" if i == 0 else "  # translate"
        lines.append(f"{lead}{lang}: {_q(text)}{mark}")
    return lines


def starter_topic(topic_id: str, order: int, languages: list[str], picture: str, modeline: str,
                  others: list[str], today: date) -> str:
    """The text of a commented starter topic: valid but for its stand-in texts, which validation reports."""
    title = topic_id.replace("-", " ").capitalize()
    translated = ", ".join(languages[1:])

    def t(key: str, text: str, indent: int = 0) -> list[str]:
        return _texts(key, text, languages, indent)

    def item(text: str) -> list[str]:
        return _texts(None, text, languages, 4, item=True)

    lines = [
        modeline,
        f"# A new topic, started with `kiosk new-topic {topic_id}` on {today.isoformat()}.",
        "# It loads as it is, so you can look at it on the kiosk at once (kiosk preview THIS_FILE).",
        "# Replace every \"Replace with ...\" text with your own: short, plain sentences (about grade 6;",
        "# check with kiosk validate --readability); kiosk validate and kiosk pack report each one left.",
        "# The guide for every field is docs/authoring.md.",
    ]
    if translated:
        lines += [
            f"# Every patient text has one line per language ({', '.join(languages)}). The lines marked",
            f"# \"# translate\" still hold the {languages[0]} starter text: replace each with its translation,",
            "# then delete the mark. kiosk validate and kiosk pack report each mark left in.",
            "# Put every text in double quotes.",
        ]
    lines += [
        "",
        "# id: the topic's name for the computer: lower-case letters, digits and dashes. Other topics use",
        "# it in their `related` list. Do not change it once the topic is in use.",
        f"id: {topic_id}",
        "",
        "# order: where the tile sits on the home screen, smallest first. The topics use 0, 10, 20 ...;",
        "# pick a number in between to put this one between two others.",
        f"order: {order}",
        "",
        "# kind: overview (what all the topics are about), procedure (an operation or treatment; needs",
        "# questions) or recovery (a timeline: `stages` instead of `steps`; see docs/authoring.md).",
        "kind: procedure",
        "",
        "# title: the topic's name, on its tile and at the top of every page. A few words.",
        *t("title", title),
        "",
        "# summary: one short line under the tile on the home screen.",
        *t("summary", starter.SUMMARY),
        "",
        "# tile: the drawing on the home-screen tile: the path of an SVG file in the content folder or in",
        "# the app's resources folder, with forward slashes. This one is a stand-in: replace it with your own.",
        f"tile: {picture}",
        "",
        "# steps: the pages of the walk-through, in order. To add a page, copy a whole step (from its",
        "# \"- title:\" down to its picture) below the last one. Each step has:",
        "#   title:     a few words at the top of the page",
        "#   body:      one to three short sentences. Link a glossary word with [[lamina]] or",
        "#              [[vertebra|vertebrae]]: the id from glossary.yaml, then the words to show",
        "#   picture:   the drawing for the page (a stand-in here: replace it). With a description for",
        "#              screen readers:  picture: {src: drawings/my-topic/01-what.svg, alt: {en: \"...\"}}",
        "#   key_point: optional; one sentence to remember, shown in a box on the page",
        "steps:",
        "  - title:",
        *_texts(None, starter.STEP_TITLE, languages, 6),
        *t("body", starter.STEP_BODY, 4),
        f"    picture: {picture}",
        "    # key_point:",
        *[f"    #   {line.strip()}" for line in _texts(None, starter.KEY_POINT, languages, 0)],
        "",
        "# key_points: two to five short sentences for the closing \"Key points\" page.",
        "key_points:",
        *item(starter.KEY_POINTS[0]),
        *item(starter.KEY_POINTS[1]),
        "",
        "# questions: questions the patient may want to ask the care team (up to six), shown at the end.",
        "# A procedure topic needs at least one.",
        "questions:",
        *item(starter.QUESTIONS[0]),
        *item(starter.QUESTIONS[1]),
        "",
        "# related: ids of other topics to offer at the end, for example [recovery].",
        f"# The topics in this folder now: {', '.join(others) if others else '(none yet)'}.",
        "related: []",
        "",
        "# review: the clinical review of this topic.",
        "review:",
        "  # status: draft until a clinician has checked every page of every language. Only then write",
        "  # approved, together with reviewed_by and reviewed_on. Never claim a review that did not happen.",
        "  status: draft",
        "  # reviewed_by: \"Name, role\"        (needed for approved)",
        "  # reviewed_on: 2026-12-01          (needed for approved: the date of the review, year-month-day)",
        "  # review_due: when this topic must be checked again (year-month-day); the admin screen shows",
        "  # it in red after that date.",
        f"  review_due: {add_months(today, 6).isoformat()}",
        "  # sources: where the facts on these pages come from; at least one, each with a title and, if",
        "  # there is one, its web address (url).",
        "  sources:",
        f"    - title: {_q(starter.SOURCE)}",
        "      # url: \"https://www.example.org/page\"",
        "",
    ]
    return "\n".join(lines)


def _existing_topics(topics_dir: Path) -> list[tuple[Path, str | None, int | None, str | None]]:
    """(file, id, order, first line) of every topic file, read leniently."""
    from ..core.yamlsrc import YamlError, load_yaml

    found = []
    for path in sorted(topics_dir.glob("*.yaml")) if topics_dir.is_dir() else []:
        topic_id = order = first = None
        try:
            data = load_yaml(path).data
        except YamlError:
            data = None
        if isinstance(data, dict):
            topic_id = data.get("id") if isinstance(data.get("id"), str) else None
            order = data.get("order") if type(data.get("order")) is int else None
        if order is None and (match := re.match(r"(\d+)-", path.name)):
            order = int(match.group(1))
        try:
            with path.open(encoding="utf-8") as handle:
                first = handle.readline().rstrip("\n")
        except (OSError, UnicodeDecodeError):
            pass
        found.append((path, topic_id, order, first))
    return found


def _starter_picture(content_dir: Path, tiles: list[str]) -> str | None:
    from ..core.loader import resolve_picture
    from ..core.paths import resources_dir

    for src in [STARTER_PICTURE, *tiles]:
        if isinstance(resolve_picture(src, content_dir, resources_dir()), Path):
            return src
    return None


def cmd_new_topic(topic_id: str, content_dir: Path, today: date | None = None) -> int:
    """``kiosk new-topic ID``: write a commented starter topic into ``content_dir/topics``."""
    from ..core.loader import display_path
    from ..core.yamlsrc import YamlError, load_yaml

    content_dir = Path(content_dir)

    def say(message: str) -> None:
        print(f"kiosk new-topic: {message}", file=sys.stderr)

    if not SLUG_RE.match(topic_id):
        say(f"'{topic_id}' cannot be a topic id: use lower-case letters, digits and single dashes only, "
            "for example 'spinal-cord-stimulator'")
        return 2
    if not (content_dir / "pack.yaml").is_file():
        say(f"{display_path(content_dir)} is not a content folder (it has no pack.yaml); "
            "name one with: kiosk --content DIR new-topic ID")
        return 1
    try:
        pack = PackInfo.model_validate(load_yaml(content_dir / "pack.yaml").data)
    except (YamlError, ValueError):
        say(f"{display_path(content_dir / 'pack.yaml')} has problems; fix them first (kiosk validate {display_path(content_dir)})")
        return 1
    topics_dir = content_dir / "topics"
    existing = _existing_topics(topics_dir)
    for path, other_id, _, _ in existing:
        if other_id == topic_id or re.fullmatch(rf"(\d+-)?{re.escape(topic_id)}", path.stem):
            say(f"a topic '{topic_id}' already exists: {display_path(path)}; choose another id")
            return 1
    orders = [order for _, _, order, _ in existing if order is not None]
    order = (max(orders) // 10 + 1) * 10 if orders else 0
    target = topics_dir / f"{order:02d}-{topic_id}.yaml"
    if target.exists():
        say(f"{display_path(target)} already exists; choose another id")
        return 1
    tiles = []
    for path, _, _, _ in existing:
        try:
            data = load_yaml(path).data
        except YamlError:
            continue
        tile = data.get("tile") if isinstance(data, dict) else None
        if isinstance(tile, dict):
            tile = tile.get("src")
        if isinstance(tile, str):
            tiles.append(tile)
    picture = _starter_picture(content_dir, tiles)
    if picture is None:
        say(f"no drawing to start with: put an SVG drawing at {display_path(content_dir / STARTER_PICTURE)} first")
        return 1
    modeline = next((first for _, _, _, first in existing if first and first.startswith(MODELINE)), DEFAULT_TOPIC_MODELINE)
    languages = [pack.default_language] + [lang for lang in pack.languages if lang != pack.default_language]
    others = [other for _, other, _, _ in existing if other]
    text = starter_topic(topic_id, order, languages, picture, modeline, others, today or date.today())
    topics_dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        say(f"cannot write {display_path(target)}: {exc.strerror or exc}")
        return 1
    print(f"wrote {display_path(target)}")
    print("Next: write your text in it (docs/authoring.md explains every field), then check and look at it:")
    print(f"  kiosk validate {display_path(content_dir)}")
    print(f"  kiosk preview {display_path(target)}")
    return 0
