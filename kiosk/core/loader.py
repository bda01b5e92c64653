"""Load a content folder into typed objects and report every problem with file and line.

A content folder holds ``pack.yaml``, ``glossary.yaml`` and ``topics/*.yaml``.
All problems of a run are collected, not only the first, so an author fixes
them in one pass. Nothing here raises for bad content.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from . import markup
from .review import promise_slips, unnamed_parts
from .languages import english_name
from .model import Glossary, Localized, PackInfo, Picture, Stage, Step, Term, Topic, yaml_hint
from .yamlsrc import YamlDocument, YamlError, line_of, load_yaml

Severity = Literal["error", "warning"]
PictureCheck = Callable[[Path], list[str]]
"""Returns the problems a renderer finds in one picture file (empty when it draws cleanly)."""

M = TypeVar("M", bound=BaseModel)


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line else "")
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Content:
    """A validated content folder."""

    root: Path
    resources: Path
    pack: PackInfo
    topics: list[Topic]
    glossary: dict[str, Term]
    files: dict[str, Path] = field(default_factory=dict)  # topic id -> its YAML file

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def picture_path(self, picture: Picture) -> Path:
        found = resolve_picture(picture.src, self.root, self.resources)
        if isinstance(found, str):
            raise ValueError(found)
        return found


@dataclass
class LoadResult:
    content: Content | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.errors


def format_loc(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if part == "[key]":
            out += " (as a key)"
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a field this block knows (check the spelling and the indentation)"
    if kind == "too_short":
        least = error["ctx"]["min_length"]
        return f"needs at least {least} item{'s' if least != 1 else ''} (found {error['ctx']['actual_length']})"
    if kind == "too_long":
        return f"has room for at most {error['ctx']['max_length']} items (found {error['ctx']['actual_length']})"
    if kind == "string_type" and isinstance(value, (bool, int, float, date)):
        return yaml_hint(value)
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def validate_doc(doc: YamlDocument, model: type[M], context: dict[str, Any], problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        for error in exc.errors():
            loc = error["loc"]
            where = format_loc(loc)
            text = _message(error)
            if error["type"] == "extra_forbidden" and loc:
                text = f"'{loc[-1]}' {text}"
                where = format_loc(loc[:-1])
            problems.append(Problem(doc.path, line_of(doc.root, loc), f"{where}: {text}" if where else text))
        return None


def _read(path: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    if doc.data is None:
        problems.append(Problem(path, 1, "the file is empty"))
        return None
    return doc


def resolve_picture(src: str, content_root: Path, resources: Path) -> Path | str:
    """The picture's file, or a sentence saying why it is not acceptable."""
    if "\\" in src:
        return f"picture '{src}': use forward slashes (/) in picture paths"
    pure = PurePosixPath(src)
    if pure.is_absolute() or (len(src) > 1 and src[1] == ":"):
        return f"picture '{src}': use a path inside the content or resources folder, not an absolute path"
    if ".." in pure.parts:
        return f"picture '{src}': '..' is not allowed in picture paths"
    if pure.suffix.lower() != ".svg":
        return f"picture '{src}': pictures must be SVG drawings (.svg)"
    for base in (content_root, resources):
        candidate = (base / pure).resolve()
        if candidate.is_file():
            if not candidate.is_relative_to(base.resolve()):
                return f"picture '{src}': the file lies outside the content and resources folders"
            return candidate
    return f"picture '{src}' not found in {display_path(content_root)} or {display_path(resources)}"


def drawing_ids(path: Path) -> frozenset[str]:
    """Every element id in an SVG drawing (the parts and anchors a picture may name)."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return frozenset()
    return _drawing_ids(path, stamp)


@functools.lru_cache(maxsize=512)
def _drawing_ids(path: Path, _stamp: int) -> frozenset[str]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return frozenset()
    return frozenset(el.attrib["id"] for el in root.iter() if "id" in el.attrib)


def drawing_names(path: Path) -> dict[str, str]:
    """Each part's English name (its ``data-name``), by id: what ``kiosk validate`` expects a page to mention."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return dict(_drawing_names(path, stamp))


@functools.lru_cache(maxsize=512)
def _drawing_names(path: Path, _stamp: int) -> tuple[tuple[str, str], ...]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return ()
    return tuple((el.attrib["id"], el.attrib["data-name"]) for el in root.iter()
                 if "id" in el.attrib and el.attrib.get("data-name", "").strip())


def page_text(page: Step | Stage, lang: str) -> str:
    """Everything a page says in one language (title, body, key point or when and to-do list)."""
    parts: list[Localized | None] = [page.title, page.body]
    if isinstance(page, Step):
        parts.append(page.key_point)
    else:
        parts += [page.when, *page.todo]
    return " ".join(p[lang] for p in parts if p and lang in p)


def walk(obj: Any, loc: tuple[int | str, ...] = ()) -> Iterator[tuple[tuple[int | str, ...], Any]]:
    """Every localized text (dict) and picture in a model, with its location."""
    if isinstance(obj, Picture):
        yield loc, obj
        if obj.alt is not None:
            yield (*loc, "alt"), obj.alt
        for i, label in enumerate(obj.labels):
            yield (*loc, "labels", i, "text"), label.text
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk(getattr(obj, name), (*loc, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk(item, (*loc, i))
    elif isinstance(obj, dict):
        if obj and all(isinstance(v, str) for v in obj.values()):
            yield loc, obj  # a localized text
        else:
            for key, item in obj.items():
                yield from walk(item, (*loc, key))


def load_content(
    root: Path,
    resources: Path | None = None,
    picture_check: PictureCheck | None = None,
) -> LoadResult:
    """Load and validate the content folder ``root``; never raises for bad content."""
    from .paths import resources_dir

    root = Path(root)
    resources = Path(resources) if resources is not None else resources_dir()
    problems: list[Problem] = []
    if not root.is_dir():
        return LoadResult(None, [Problem(root, None, "the content folder does not exist")])

    pack_doc = _read(root / "pack.yaml", problems) if (root / "pack.yaml").is_file() else None
    if pack_doc is None and not problems:
        problems.append(Problem(root / "pack.yaml", None, "missing: every content folder needs a pack.yaml"))
    pack = validate_doc(pack_doc, PackInfo, {}, problems) if pack_doc else None
    context = {"default_language": pack.default_language if pack else "en"}

    glossary: dict[str, Term] = {}
    term_lines: dict[str, tuple[YamlDocument, tuple[int | str, ...]]] = {}
    gloss_path = root / "glossary.yaml"
    gloss_doc = _read(gloss_path, problems) if gloss_path.is_file() else None
    gloss = validate_doc(gloss_doc, Glossary, context, problems) if gloss_doc else None
    if gloss is not None and gloss_doc is not None:
        for i, term in enumerate(gloss.terms):
            if term.id in glossary:
                problems.append(Problem(gloss_path, line_of(gloss_doc.root, ("terms", i, "id")), f"glossary id '{term.id}' is used twice"))
            glossary[term.id] = term
            term_lines[term.id] = (gloss_doc, ("terms", i))

    topics: list[Topic] = []
    topic_docs: dict[str, YamlDocument] = {}
    topic_files = sorted((root / "topics").glob("*.yaml")) if (root / "topics").is_dir() else []
    if not topic_files:
        problems.append(Problem(root / "topics", None, "no topic files (topics/*.yaml) found"))
    for path in topic_files:
        doc = _read(path, problems)
        topic = validate_doc(doc, Topic, context, problems) if doc else None
        if topic is None or doc is None:
            continue
        if topic.id in topic_docs:
            other = display_path(topic_docs[topic.id].path)
            problems.append(Problem(path, line_of(doc.root, ("id",)), f"topic id '{topic.id}' is already used by {other}"))
            continue
        topics.append(topic)
        topic_docs[topic.id] = doc

    ids = {t.id for t in topics}
    used_terms: set[str] = set()
    checked: dict[Path, list[str]] = {}
    languages = set(pack.languages) if pack else None

    def check_model(doc: YamlDocument, model: BaseModel, base: tuple[int | str, ...],
                    patient: bool = True, accepted: Sequence[str] = ()) -> None:
        for loc, value in walk(model, base):
            if isinstance(value, Picture):
                found = resolve_picture(value.src, root, resources)
                line = line_of(doc.root, loc)
                if isinstance(found, str):
                    problems.append(Problem(doc.path, line, found))
                else:
                    if picture_check is not None:
                        if found not in checked:
                            checked[found] = picture_check(found)
                        for msg in checked[found]:
                            problems.append(Problem(doc.path, line, f"picture '{value.src}': {msg}"))
                    if value.parts:
                        ids = drawing_ids(found)
                        for field_name, i, part in value.parts:
                            if part not in ids:
                                where = (*loc, field_name, i, "anchor") if field_name == "labels" else (*loc, field_name, i)
                                problems.append(Problem(doc.path, line_of(doc.root, where),
                                                        f"picture '{value.src}' has no part '{part}' ({field_name})"))
                continue
            if languages is not None:
                for lang in sorted(languages - set(value)):
                    problems.append(Problem(doc.path, line_of(doc.root, loc),
                                            f"{format_loc(loc)}: no {english_name(lang)} ({lang}) text; pack.yaml lists {lang} in languages"))
            for lang, text in value.items():
                line = line_of(doc.root, (*loc, lang))
                if languages is not None and lang not in languages:
                    problems.append(Problem(doc.path, line, f"{format_loc(loc)}: language '{lang}' is not listed in pack.yaml"))
                try:
                    linked = markup.terms_in(text)
                except markup.MarkupError as exc:
                    problems.append(Problem(doc.path, line, f"{format_loc(loc)}: {exc}"))
                    continue
                for term in linked:
                    used_terms.add(term)
                    if term not in glossary:
                        problems.append(Problem(doc.path, line, f"{format_loc(loc)}: glossary word '{term}' is not defined in glossary.yaml"))
                if lang.split("-")[0] == "en":
                    for slip in markup.article_slips(text):
                        problems.append(Problem(doc.path, line, f"{format_loc(loc)}: {slip}", "warning"))
                if patient:
                    for promise in promise_slips(text, lang, accepted):
                        problems.append(Problem(doc.path, line, f"{format_loc(loc)} ({lang}): {promise}", "warning"))

    default_language = pack.default_language if pack else "en"

    def check_drawing(doc: YamlDocument, loc: tuple[int | str, ...], page: Step | Stage, lang: str) -> None:
        """Warn about labels and named parts the page's own text leaves unnamed (see core/review.py)."""
        picture = page.picture
        found = resolve_picture(picture.src, root, resources)
        if isinstance(found, str):
            return
        # Part names are English; in another default language only the labels are compared.
        part_names = drawing_names(found) if lang.split("-")[0] == "en" else {}
        labels = [(label.anchor, label.text[lang]) for label in picture.labels if lang in label.text]
        shown = [("show", p) for p in picture.show] + [("highlight", p) for p in picture.highlight]
        for miss in unnamed_parts(page_text(page, lang), labels, shown, part_names, picture.unnamed_ok):
            problems.append(Problem(doc.path, line_of(doc.root, loc), f"{format_loc(loc)}: {miss}", "warning"))

    for topic in topics:
        doc = topic_docs[topic.id]
        check_model(doc, topic, (), accepted=topic.review.accept_words)
        for i, rel in enumerate(topic.related):
            if rel == topic.id:
                problems.append(Problem(doc.path, line_of(doc.root, ("related", i)), "a topic cannot be related to itself"))
            elif rel not in ids:
                problems.append(Problem(doc.path, line_of(doc.root, ("related", i)), f"related topic '{rel}' does not exist"))
        pages: list[tuple[str, Any]] = [("steps", s) for s in topic.steps] + [("stages", s) for s in topic.stages]
        for i, (field_name, page) in enumerate(pages):
            index = i if field_name == "steps" else i - len(topic.steps)
            for lang, text in page.body.items():
                try:
                    count = markup.sentence_count(text)
                except markup.MarkupError:
                    continue
                if not 1 <= count <= 3:
                    problems.append(Problem(doc.path, line_of(doc.root, (field_name, index, "body")),
                                            f"{field_name}[{index}].body ({lang}): keep it to 1 to 3 short sentences (found {count})"))
            check_drawing(doc, (field_name, index, "picture"), page, default_language)
        if topic.review.status == "draft":
            problems.append(Problem(doc.path, line_of(doc.root, ("review", "status")),
                                    "not yet reviewed by a clinician (review.status is draft)", "warning"))
        if topic.review.review_due < date.today():
            problems.append(Problem(doc.path, line_of(doc.root, ("review", "review_due")),
                                    f"review was due on {topic.review.review_due.isoformat()}", "warning"))

    if pack is not None and pack_doc is not None:
        for lang in pack.languages:
            if lang == pack.default_language:
                continue
            review = pack.translations.get(lang)
            where = line_of(pack_doc.root, ("translations", lang)) if review else line_of(pack_doc.root, ("languages",))
            if review is None or review.status != "approved":
                problems.append(Problem(pack_doc.path, where,
                                        f"the {english_name(lang)} ({lang}) translation is not reviewed by a clinician", "warning"))

    if pack is not None and pack_doc is not None:
        check_model(pack_doc, pack, (), patient=False)
    if gloss is not None and gloss_doc is not None:
        for i, term in enumerate(gloss.terms):
            check_model(gloss_doc, term, ("terms", i))
        for term_id, (doc, loc) in term_lines.items():
            if term_id not in used_terms:
                problems.append(Problem(doc.path, line_of(doc.root, (*loc, "id")),
                                        f"glossary word '{term_id}' is not linked from any text", "warning"))

    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    if pack is None or any(p.severity == "error" for p in problems):
        return LoadResult(None, problems)
    topics.sort(key=lambda t: (t.order, t.id))
    files = {tid: d.path for tid, d in topic_docs.items()}
    return LoadResult(Content(root, resources, pack, topics, glossary, files), problems)


__all__ = ["Content", "LoadResult", "Problem", "Step", "load_content", "resolve_picture"]
