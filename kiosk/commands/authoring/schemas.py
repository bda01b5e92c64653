"""``kiosk schema OUTDIR``: JSON Schema files for topic, glossary, pack and config files.

An editor with a YAML language server (VS Code with Red Hat's YAML extension, and others)
then completes field names, explains each field on hover and underlines mistakes while the
file is being typed. The bundled content files name their schema in their first line (the
modeline). See the package's docstring for what the schemas say beyond pydantic's.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ...core import model
from ...core.config import Config, _clock_time
from ...core.model import LANG_RE, SLUG_RE, Glossary, PackInfo, Topic
from .fielddocs import FIELD_DOCS, MODEL_DOCS, ROOTS

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
    # The model's own validator functions, known by identity; their private names are what
    # pydantic shows in error locations, so they stay as they are.
    model._slug: SLUG,  # noqa: SLF001 - the model's validator, known by identity
    model._lang: LANG,  # noqa: SLF001 - the model's validator, known by identity
    model._nonblank: NONBLANK,  # noqa: SLF001 - the model's validator, known by identity
    _clock_time: CLOCK,
}
_LOCALIZED_MARK = "x-kiosk-localized"


class _EditorSchema(GenerateJsonSchema):
    """pydantic's generator, told about the kiosk's validator functions."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        if schema["function"]["function"] is model._localize:  # noqa: SLF001 - the model's validator, known by identity
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
            raise KeyError(f"authoring/fielddocs.py FIELD_DOCS describes {name}.{field}, which the model does not have")
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
