"""Load a content folder into typed objects and report every problem with file and line.

A content folder holds ``pack.yaml``, ``glossary.yaml`` and ``topics/*.yaml``.
All problems of a run are collected, not only the first, so an author fixes
them in one pass: a file whose schema check fails is still checked part by part
(each step, text and picture that is valid on its own), and a file that cannot
be read at all (bad YAML) only stops the checks that need it, with a note
saying which, instead of false messages about the other files. Nothing here
raises for bad content.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from . import markup, starter
from .languages import english_name
from .model import LANG_RE, SLUG_RE, Glossary, Localized, PackInfo, Picture, Section, Stage, Step, Term, Topic, yaml_hint
from .review import promise_slips, unnamed_parts
from .svgstatic import check_svg_file
from .topicindex import Fact, TopicEntry, TopicFacts
from .yamlsrc import YamlDocument, YamlError, line_of, read_yaml

log = logging.getLogger("kiosk")

Severity = Literal["error", "warning", "note"]
"""A note says which checks were skipped (because a file could not be read); it fails nothing."""
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

    def in_full(self) -> str:
        """As ``str()``, with the file's whole path: for the running kiosk's log, whose working folder
        (/var/lib/clinic-kiosk under its service) would make /etc's config ../../../etc/..."""
        where = str(Path(self.path).absolute()) + (f":{self.line}" if self.line else "")
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Shelf:
    """A group of topics on the home screen: a section of a pack, or a pack that has none."""

    id: str
    title: dict[str, str]
    picture: Picture
    topic_ids: tuple[str, ...]


TopicLike = Topic | TopicEntry
"""What ``Content.topics`` holds: a full topic, or (from the cache) its index entry."""

LRU_TOPICS = 8
"""Full topics the kiosk keeps read (the one open, its related topics, the ones just left)."""


@dataclass(frozen=True)
class PackShown:
    """One pack of the content on screen: what it is and where it lies (for the admin screen)."""

    info: PackInfo
    folder: Path


@dataclass
class Content:
    """Validated content: one content folder, or a library of several (see :func:`combine`).

    ``topics`` holds full topics or, when loaded through the cache, each topic's index entry (the
    fields the home and admin screens read); :meth:`topic` always gives the full :class:`Topic`."""

    root: Path
    resources: Path
    pack: PackInfo
    topics: Sequence[TopicLike]
    glossary: dict[str, Term]
    files: dict[str, Path] = field(default_factory=dict)  # topic id -> its YAML file
    # topic id -> its validated model as JSON, when ``topics`` holds index entries
    models: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    # A library: each pack's own content, in order (empty for one folder)
    parts: list[Content] = field(default_factory=list, repr=False)
    # picture src -> its file: resolving takes a dozen system calls, and every page change asked again
    _paths: dict[str, Path] = field(default_factory=dict, repr=False, compare=False)
    _by_id: dict[str, TopicLike] = field(default_factory=dict, repr=False, compare=False)
    _owner: dict[str, Content] = field(default_factory=dict, repr=False, compare=False)
    _full: OrderedDict[str, Topic] = field(default_factory=OrderedDict, repr=False, compare=False)

    @property
    def packs(self) -> list[PackShown]:
        """Every pack shown, in order."""
        return [PackShown(part.pack, part.root) for part in (self.parts or [self])]

    def shelves(self) -> list[Shelf]:
        """The groups the home screen shows when the topics do not fit on one screen, in order:
        the pack's sections, or the whole pack as one group when it has none (each pack's, in a library)."""
        if self.parts:
            return [shelf for part in self.parts for shelf in part.shelves()]
        if not self.pack.sections:
            if not self.topics:
                return []
            return [Shelf(self.pack.id, self.pack.title, self.topics[0].tile, tuple(t.id for t in self.topics))]
        return [Shelf(section.id, section.title, section.picture,
                      tuple(t.id for t in self.topics if t.section == section.id))
                for section in self.pack.sections]

    def entry(self, topic_id: str) -> TopicLike:
        """The topic as ``topics`` holds it (an index entry or the full topic); KeyError for an unknown id."""
        if not self._by_id or len(self._by_id) != len(self.topics):
            self._by_id = {t.id: t for t in self.topics}
        return self._by_id[topic_id]

    def owner(self, topic_id: str | None) -> Content:
        """The pack content ``topic_id`` comes from (itself, for one folder or an unknown id)."""
        if not self.parts or topic_id is None:
            return self
        return self._owner.get(topic_id, self.parts[0])

    def topic(self, topic_id: str) -> Topic:
        """The full topic; KeyError for an unknown id."""
        part = self.owner(topic_id)
        if part is not self:
            return part.topic(topic_id)
        found = self.entry(topic_id)
        if isinstance(found, Topic):
            return found
        full = self._full.get(topic_id)
        if full is None:
            # The model as it validated (kept in memory): the file may have changed since, or be gone.
            full = Topic.model_validate_json(self.models[topic_id], context={"default_language": self.pack.default_language})
            self._full[topic_id] = full
            while len(self._full) > LRU_TOPICS:
                self._full.popitem(last=False)
        else:
            self._full.move_to_end(topic_id)
        return full

    def term(self, term_id: str, topic_id: str | None = None) -> Term | None:
        """A glossary word: from the pack of ``topic_id`` first (departments may define a word differently)."""
        own = self.owner(topic_id)
        for part in (own, *self.parts):
            if term_id in part.glossary:
                return part.glossary[term_id]
        return None

    def default_language_of(self, topic_id: str | None) -> str:
        """The language a text of this topic's pack falls back to."""
        return self.owner(topic_id).pack.default_language

    def picture_path(self, picture: Picture, topic_id: str | None = None) -> Path:
        """The file of ``picture``, resolved in the folder of the pack ``topic_id`` comes from."""
        part = self.owner(topic_id)
        if part is not self:
            return part.picture_path(picture)
        known = self._paths.get(picture.src)
        if known is not None:
            return known
        found = resolve_picture(picture.src, self.root, self.resources)
        if isinstance(found, str):
            raise ValueError(found)
        self._paths[picture.src] = found
        return found


@dataclass
class LoadResult:
    content: Content | None
    problems: list[Problem]
    partial: Content | None = None
    """When there are errors: the pack with only the topics whose files have none (and whose
    glossary is sound), so that checks of the whole page (text fit) still run on those."""
    cache_written: bool = False
    """Whether the cache of validated content is up to date (only when loaded with ``cache=True``)."""
    keys: dict[str, str] = field(default_factory=dict)
    """Each valid topic's cache key, by id (only when loaded with ``cache=True``): what its results depend on."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.errors


# A list's items are counted from 1, as on screen ("Step 3"): ("steps", 2, "body") is "step 3, body".
_ITEM_NAMES = {
    "steps": "step", "stages": "stage", "key_points": "key point", "questions": "question", "todo": "to-do",
    "labels": "label", "sources": "source", "terms": "term", "related": "related topic", "languages": "language",
    "accept_words": "accepted word", "show": "shown part", "hide": "hidden part", "highlight": "highlighted part",
    "unnamed_ok": "unnamed_ok part", "check": "check question", "answers": "answer",
}


def format_loc(loc: Sequence[int | str]) -> str:
    """A location in a file as a person reads it: keys joined by dots, list items by name and number
    from 1 (``review.review_due``, ``step 3, picture, label 1, text``)."""
    out = ""
    after_item = False
    i = 0
    while i < len(loc):
        part = loc[i]
        if part == "[key]":
            out += " (as a key)"
            i += 1
            continue
        following = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(part, str) and isinstance(following, int):
            segment, item = f"{_ITEM_NAMES.get(part, part + ' item')} {following + 1}", True
            i += 2
        elif isinstance(part, int):
            segment, item = f"item {part + 1}", True
            i += 1
        else:
            segment, item = str(part), False
            i += 1
        if out:
            out += ", " if item or after_item else "."
        out += segment
        after_item = item
    return out


_DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
                "date_future", "date_past"}


def _message(error: ErrorDetails) -> str:
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
    if kind in _DATE_ERRORS:
        return (f"'{value}' is not a date: write dates as year-month-day with two digits each for month and day, "
                "for example 2027-06-05")
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
    """The file's document, or None (and the reason in ``problems``) when it cannot be read.

    Keys written twice are reported and the reading goes on (with the last of them)."""
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        problems.append(Problem(exc.path, exc.line, exc.message))
        return None
    problems.extend(Problem(d.path, d.line, d.message) for d in doc.duplicates)
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

    if check_svg_file(path):  # too big, too deep, entities...: not parsed here (the picture check says why)
        return frozenset()
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - passed the bounded check just above
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

    if check_svg_file(path):  # not parsed: see _drawing_ids
        return ()
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - passed the bounded check just above
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


@functools.cache
def _field_adapters(model: type[BaseModel], name: str) -> tuple[TypeAdapter[Any], TypeAdapter[Any] | None]:
    """Validators of one field of ``model`` on its own: the whole field, and one item of a list field."""
    info = model.model_fields[name]
    annotation: Any = Annotated.__class_getitem__((info.annotation, *info.metadata)) if info.metadata else info.annotation  # type: ignore[attr-defined]
    whole: TypeAdapter[Any] = TypeAdapter(annotation)
    item = None
    if get_origin(info.annotation) is list:
        item = TypeAdapter(get_args(info.annotation)[0])
    return whole, item


def valid_parts(model: type[BaseModel], data: Any, context: dict[str, Any]) -> dict[tuple[int | str, ...], Any]:
    """The fields of a file that failed ``model``, each validated on its own: ``{(field,): value}``, and
    for a list field each item on its own, ``{(field, i): item}``. The checks beyond the schema run
    on these, so one mistake does not hide the rest of the file's problems."""
    parts: dict[tuple[int | str, ...], Any] = {}
    if not isinstance(data, dict):
        return parts
    for name in model.model_fields:
        if name not in data:
            continue
        whole, item = _field_adapters(model, name)
        value = data[name]
        if item is not None and isinstance(value, list):
            for i, element in enumerate(value):
                with contextlib.suppress(ValidationError):
                    parts[(name, i)] = item.validate_python(element, context=context)
            continue
        with contextlib.suppress(ValidationError):
            parts[(name,)] = whole.validate_python(value, context=context)
    return parts


def _linked_terms(data: Any) -> set[str]:
    """Every glossary id linked from any text in a file's raw data (valid or not)."""
    found: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and "[[" in item:
            with contextlib.suppress(markup.MarkupError):
                found.update(markup.terms_in(item))
    return found


def _raw(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


def _pack_languages(pack: PackInfo | None, doc: YamlDocument | None) -> tuple[str | None, set[str] | None]:
    """The default language and the languages, from pack.yaml even when it has other errors; None where unknown."""
    if pack is not None:
        return pack.default_language, set(pack.languages)
    if doc is None:
        return None, None
    default = _raw(doc.data, "default_language")
    default = "en" if default is None else default
    if not isinstance(default, str) or not LANG_RE.match(default):
        return None, None
    languages = _raw(doc.data, "languages")
    languages = ["en"] if languages is None else languages
    if (not isinstance(languages, list) or not languages
            or not all(isinstance(lang, str) and LANG_RE.match(lang) for lang in languages) or default not in languages):
        return default, None
    return default, set(languages)


@dataclass
class _TopicFile:
    """A topic file that could be read: its model when it is valid, else the parts that are."""

    doc: YamlDocument
    topic: Topic | None
    parts: dict[tuple[int | str, ...], Any]

    @property
    def review(self) -> Any:
        return self.topic.review if self.topic is not None else self.parts.get(("review",))

    @property
    def related(self) -> list[tuple[int, str]]:
        raw = self.topic.related if self.topic is not None else _raw(self.doc.data, "related")
        return [(i, rel) for i, rel in enumerate(raw) if isinstance(rel, str)] if isinstance(raw, list) else []

    @property
    def pages(self) -> list[tuple[str, int, Step | Stage]]:
        if self.topic is not None:
            return [("steps", i, s) for i, s in enumerate(self.topic.steps)] + \
                   [("stages", i, s) for i, s in enumerate(self.topic.stages)]
        return [(str(loc[0]), int(loc[1]), value) for loc, value in self.parts.items()
                if len(loc) == 2 and loc[0] in ("steps", "stages")]

    def checked(self) -> list[tuple[tuple[int | str, ...], Any]]:
        """What the text, picture and glossary checks walk."""
        return [((), self.topic)] if self.topic is not None else list(self.parts.items())


def _check_question_steps(doc: YamlDocument, topic: Topic | None) -> list[Problem]:
    """Each "Check what you learned" question points back to a step (or stage) the topic has."""
    if topic is None or not topic.check:
        return []
    count = len(topic.steps or topic.stages)
    kind = "stage" if topic.stages else "step"
    return [Problem(doc.path, line_of(doc.root, ("check", i, "step")),
                    f"{format_loc(('check', i, 'step'))}: there is no {kind} {question.step} "
                    f"(this topic has {count} {kind}s, numbered from 1)")
            for i, question in enumerate(topic.check) if question.step > count]


def load_content(
    root: Path,
    resources: Path | None = None,
    picture_check: PictureCheck | None = None,
    placeholders: Severity = "error",
    cache: bool = False,
) -> LoadResult:
    """Load and validate the content folder ``root``; never raises for bad content.

    ``placeholders`` is the severity of starter text that ``kiosk new-topic`` wrote and the author
    left in: an error for what validates and packs content (it must never reach patients), a
    warning where an author looks at work in progress (``kiosk preview``).

    ``cache``: use and update the cache of validated content (see core/contentcache.py); the
    content then holds an index entry per topic and reads a topic's model when it is opened.
    The problems are the same either way.
    """
    from .paths import resources_dir

    root = Path(root)
    resources = Path(resources) if resources is not None else resources_dir()
    problems: list[Problem] = []
    notes: list[str] = []
    if not root.is_dir():
        return LoadResult(None, [Problem(root, None, "the content folder does not exist")])

    def present(path: Path) -> bool:
        return path.exists() or path.is_symlink()

    pack_path = root / "pack.yaml"
    pack_doc = _read(pack_path, problems) if present(pack_path) else None
    if not present(pack_path):
        problems.append(Problem(pack_path, None, "missing: every content folder needs a pack.yaml"))
    # The pack's own texts are in its default language too (plain text means that language).
    raw_default = _pack_languages(None, pack_doc)[0] if pack_doc else None
    pack = validate_doc(pack_doc, PackInfo, {"default_language": raw_default or "en"}, problems) if pack_doc else None
    default_language, languages = _pack_languages(pack, pack_doc)
    if present(pack_path) and pack_doc is None:
        notes.append(f"languages were not checked because {display_path(pack_path)} could not be read")
    elif pack_doc is not None and languages is None:
        notes.append(f"languages were not checked because {display_path(pack_path)} does not name them correctly")
    # An unknown default language: plain text is taken as English, but no text is required in it.
    context = {"default_language": default_language}
    readable: list[YamlDocument] = [pack_doc] if pack_doc else []

    glossary: dict[str, Term] = {}
    term_lines: dict[str, tuple[YamlDocument, tuple[int | str, ...]]] = {}
    known_terms: set[str] | None = set()  # the ids a link may name; None: unknown
    gloss_path = root / "glossary.yaml"
    gloss_doc = _read(gloss_path, problems) if present(gloss_path) else None
    gloss = validate_doc(gloss_doc, Glossary, context, problems) if gloss_doc else None
    gloss_terms: list[tuple[int, Term]] = []
    if gloss is not None:
        gloss_terms = list(enumerate(gloss.terms))
    elif gloss_doc is not None:
        gloss_terms = [(int(loc[1]), term) for loc, term in valid_parts(Glossary, gloss_doc.data, context).items()
                       if len(loc) == 2]
        raw_terms = _raw(gloss_doc.data, "terms")
        known_terms = {t["id"] for t in raw_terms if isinstance(t, dict) and isinstance(t.get("id"), str)} \
            if isinstance(raw_terms, list) else set()
    elif present(gloss_path):
        known_terms = None
        notes.append(f"glossary links were not checked because {display_path(gloss_path)} could not be read")
    if gloss_doc is not None:
        readable.append(gloss_doc)
        for i, term in gloss_terms:
            if term.id in glossary:
                problems.append(Problem(gloss_path, line_of(gloss_doc.root, ("terms", i, "id")), f"glossary id '{term.id}' is used twice"))
            glossary[term.id] = term
            term_lines[term.id] = (gloss_doc, ("terms", i))
        if gloss is not None:
            known_terms = set(glossary)
        elif known_terms is not None:
            known_terms |= set(glossary)

    store = None
    if cache:
        from .contentcache import ContentCache

        check_name = "none" if picture_check is None else \
            f"{getattr(picture_check, '__module__', '?')}.{getattr(picture_check, '__qualname__', '?')}"
        # Messages name folders as display_path shows them (from the working folder) only where a
        # picture is not found: the cache compares that message again, so the key need not hold it.
        mode = f"{check_name} placeholders={placeholders}"
        store = ContentCache(root, resources, mode, default_language or "en",
                             lambda src: resolve_picture(src, root, resources))
    topics_dir = root / "topics"
    paths = sorted(topics_dir.glob("*.yaml")) if topics_dir.is_dir() else []
    if not paths:
        problems.append(Problem(topics_dir, None, "no topic files (topics/*.yaml) found"))
    checked: dict[Path, list[str]] = {}
    bounded: dict[Path, list[str]] = {}
    # Every picture a file's checks resolved, src -> its file (or why not): what a cached result depends on.
    resolved: dict[str, str] = {}

    def resolve(src: str) -> Path | str:
        found = resolve_picture(src, root, resources)
        resolved[src] = str(found) if isinstance(found, Path) else "!" + found
        return found

    def check_model(out: list[Problem], marks: set[int | None], doc: YamlDocument, model: Any,
                    base: tuple[int | str, ...], patient: bool = True, accepted: Sequence[str] = ()) -> None:
        for loc, value in walk(model, base):
            if isinstance(value, Picture):
                found = resolve(value.src)
                line = line_of(doc.root, loc)
                if isinstance(found, str):
                    out.append(Problem(doc.path, line, found))
                else:
                    if picture_check is not None:
                        if found not in checked:
                            checked[found] = picture_check(found)
                        for msg in checked[found]:
                            out.append(Problem(doc.path, line, f"picture '{value.src}': {msg}"))
                    refused = checked.get(found)
                    if value.parts and refused is None:
                        # Parts are looked up only in a drawing within the limits: without a picture check
                        # (the kiosk's own load of a folder), the bounded static check comes first.
                        if found not in bounded:
                            bounded[found] = check_svg_file(found) if found.suffix.lower() == ".svg" else []
                        refused = bounded[found]
                        for msg in refused:
                            out.append(Problem(doc.path, line, f"picture '{value.src}': {msg}"))
                    if value.parts and not refused:
                        ids = drawing_ids(found)
                        for field_name, i, part in value.parts:
                            if part not in ids:
                                where = (*loc, field_name, i, "anchor") if field_name == "labels" else (*loc, field_name, i)
                                out.append(Problem(doc.path, line_of(doc.root, where),
                                                   f"picture '{value.src}' has no part '{part}' ({field_name})"))
                continue
            if languages is not None:
                for lang in sorted(languages - set(value)):
                    out.append(Problem(doc.path, line_of(doc.root, loc),
                                       f"{format_loc(loc)}: no {english_name(lang)} ({lang}) text; "
                                       f"pack.yaml lists {lang} in languages"))
            left = [lang for lang, text in value.items() if starter.is_placeholder(text)]
            if left:
                out.append(Problem(doc.path, line_of(doc.root, (*loc, left[0])),
                                   f"{format_loc(loc)}: the starter text \"{value[left[0]].strip()}\" is still here "
                                   f"({', '.join(left)}): write your own text", placeholders))
                marks.update(line_of(doc.root, (*loc, lang)) for lang in value)
            for lang, text in value.items():
                line = line_of(doc.root, (*loc, lang))
                if languages is not None and lang not in languages:
                    out.append(Problem(doc.path, line, f"{format_loc(loc)}: language '{lang}' is not listed in pack.yaml"))
                try:
                    linked = markup.terms_in(text)
                except markup.MarkupError as exc:
                    out.append(Problem(doc.path, line, f"{format_loc(loc)}: {exc}"))
                    continue
                if known_terms is not None:
                    for term in linked:
                        if term not in known_terms:
                            out.append(Problem(doc.path, line,
                                               f"{format_loc(loc)}: glossary word '{term}' is not defined in glossary.yaml"))
                if lang.split("-")[0] == "en":
                    for slip in markup.article_slips(text):
                        out.append(Problem(doc.path, line, f"{format_loc(loc)}: {slip}", "warning"))
                if patient:
                    for promise in promise_slips(text, lang, accepted):
                        out.append(Problem(doc.path, line, f"{format_loc(loc)} ({lang}): {promise}", "warning"))

    def check_drawing(out: list[Problem], doc: YamlDocument, loc: tuple[int | str, ...], page: Step | Stage, lang: str) -> None:
        """Warn about labels and named parts the page's own text leaves unnamed (see core/review.py)."""
        picture = page.picture
        found = resolve(picture.src)
        if isinstance(found, str):
            return
        # Part names are English; in another default language only the labels are compared.
        part_names = drawing_names(found) if lang.split("-")[0] == "en" else {}
        labels = [(label.anchor, label.text[lang]) for label in picture.labels if lang in label.text]
        shown = [("show", p) for p in picture.show] + [("highlight", p) for p in picture.highlight]
        for miss in unnamed_parts(page_text(page, lang), labels, shown, part_names, picture.unnamed_ok):
            out.append(Problem(doc.path, line_of(doc.root, loc), f"{format_loc(loc)}: {miss}", "warning"))

    section_ids = [section.id for section in pack.sections] if pack is not None else None

    def examine(path: Path) -> TopicFacts:
        """Every check of one topic file that needs no other topic file: what a cache may keep."""
        early: list[Problem] = []
        late: list[Problem] = []
        resolved.clear()
        doc = _read(path, early)
        if doc is None:
            return TopicFacts.make(path.name, early)
        topic = validate_doc(doc, Topic, context, early)
        entry = _TopicFile(doc, topic, {} if topic is not None else valid_parts(Topic, doc.data, context))
        raw_id = topic.id if topic is not None else _raw(doc.data, "id")
        named = topic.section if topic is not None else _raw(doc.data, "section")
        if section_ids is not None and (named is None or isinstance(named, str)):
            listed = ", ".join(section_ids)
            if named is None:
                if section_ids:
                    late.append(Problem(doc.path, line_of(doc.root, ("id",)),
                                        f"pack.yaml groups its topics into sections: name this topic's section, "
                                        f"for example 'section: {section_ids[0]}' (one of {listed})"))
            elif not section_ids:
                late.append(Problem(doc.path, line_of(doc.root, ("section",)),
                                    f"section '{named}' does not exist: pack.yaml has no sections "
                                    "(add it there, or delete this line)"))
            elif named not in section_ids:
                late.append(Problem(doc.path, line_of(doc.root, ("section",)),
                                    f"section '{named}' is not one of pack.yaml's sections ({listed})"))
        marks: set[int | None] = set()
        review = entry.review
        accepted = review.accept_words if review is not None else ()
        for base, value in entry.checked():
            check_model(late, marks, doc, value, base, accepted=accepted)
        for field_name, index, page in entry.pages:
            for lang, text in page.body.items():
                try:
                    count = markup.sentence_count(text)
                except markup.MarkupError:
                    continue
                if not 1 <= count <= 3:
                    late.append(Problem(doc.path, line_of(doc.root, (field_name, index, "body")),
                                        f"{format_loc((field_name, index, 'body'))} ({lang}): "
                                        f"keep it to 1 to 3 short sentences (found {count})"))
            check_drawing(late, doc, (field_name, index, "picture"), page, default_language or "en")
        late += _check_question_steps(doc, topic)
        due: tuple[str, int | None] | None = None
        if review is not None:
            for i, source in enumerate(review.sources):
                if starter.is_placeholder(source.title):
                    late.append(Problem(doc.path, line_of(doc.root, ("review", "sources", i, "title")),
                                        f"{format_loc(('review', 'sources', i, 'title'))}: the starter text "
                                        f"\"{source.title}\" is still here: name the source of these facts",
                                        placeholders))
            if review.status == "draft":
                late.append(Problem(doc.path, line_of(doc.root, ("review", "status")),
                                    "not yet reviewed by a clinician (review.status is draft)", "warning"))
            due = (review.review_due.isoformat(), line_of(doc.root, ("review", "review_due")))
        for line in starter.translate_marks(doc.text):
            if line not in marks:
                late.append(Problem(doc.path, line, "a '# translate' mark from kiosk new-topic is still here: "
                                                    "translate the text on this line, then delete the mark",
                                    placeholders))
        return TopicFacts(
            name=path.name, readable=True, valid=topic is not None,
            id=raw_id if isinstance(raw_id, str) else None, id_line=line_of(doc.root, ("id",)),
            section=named if isinstance(named, str) else None,
            related=tuple((i, rel, line_of(doc.root, ("related", i))) for i, rel in entry.related),
            linked=tuple(sorted(_linked_terms(doc.data))), review_due=due,
            early=tuple(_fact(p) for p in early), late=tuple(_fact(p) for p in late),
            pictures=dict(resolved), topic=topic)

    facts: list[TopicFacts] = []
    for path in paths:
        known = store.lookup(path) if store is not None else None
        if known is None:
            known = examine(path)
            if store is not None:
                store.remember(path, known)
        facts.append(known)

    # The checks across files, from each file's facts: the same whether they were just made or cached.
    ids: set[str] = set()
    ids_known, links_known = True, True
    used_terms: set[str] = set()
    for doc in readable:
        used_terms |= _linked_terms(doc.data)
    first_of: dict[str, Path] = {}
    kept: list[TopicFacts] = []
    for fact in facts:
        path = topics_dir / fact.name
        problems.extend(Problem(path, line, message, severity) for line, message, severity in fact.early)
        if not fact.readable:
            ids_known = links_known = False
            notes.append(f"related topics and glossary use were not checked because {display_path(path)} could not be read")
            continue
        used_terms.update(fact.linked)
        if not fact.valid:
            if fact.id is not None:
                ids.add(fact.id)
            else:
                ids_known = False
                notes.append(f"related topics were not checked because {display_path(path)} has no id")
            kept.append(fact)
            continue
        if fact.id is None:  # a valid topic has one
            continue
        if fact.id in first_of:
            problems.append(Problem(path, fact.id_line, f"topic id '{fact.id}' is already used by {display_path(first_of[fact.id])}"))
            continue
        first_of[fact.id] = path
        ids.add(fact.id)
        kept.append(fact)

    filled = {fact.section for fact in kept if fact.section is not None}
    if pack is not None and pack_doc is not None:
        for i, section in enumerate(pack.sections):
            if any(other.id == section.id for other in pack.sections[:i]):
                problems.append(Problem(pack_doc.path, line_of(pack_doc.root, ("sections", i, "id")),
                                        f"section id '{section.id}' is used twice"))
    if section_ids and ids_known and pack_doc is not None:
        for i, section_id in enumerate(section_ids):
            if section_id not in filled:
                problems.append(Problem(pack_doc.path, line_of(pack_doc.root, ("sections", i, "id")),
                                        f"section '{section_id}' has no topics; patients would open an empty page",
                                        "warning"))

    today = date.today().isoformat()
    for fact in kept:
        path = topics_dir / fact.name
        problems.extend(Problem(path, line, message, severity) for line, message, severity in fact.late)
        for _i, rel, line in fact.related:
            if rel == fact.id:
                problems.append(Problem(path, line, "a topic cannot be related to itself"))
            elif ids_known and rel not in ids and SLUG_RE.match(rel):
                problems.append(Problem(path, line, f"related topic '{rel}' does not exist"))
        if fact.review_due is not None and fact.review_due[0] < today:
            problems.append(Problem(path, fact.review_due[1], f"review was due on {fact.review_due[0]}", "warning"))

    if pack is not None and pack_doc is not None:
        for lang in pack.languages:
            if lang == pack.default_language:
                continue
            review = pack.translations.get(lang)
            where = line_of(pack_doc.root, ("translations", lang)) if review else line_of(pack_doc.root, ("languages",))
            if review is None or review.status != "approved":
                problems.append(Problem(pack_doc.path, where,
                                        f"the {english_name(lang)} ({lang}) translation is not reviewed by a clinician", "warning"))

    marks: set[int | None] = set()
    if pack is not None and pack_doc is not None:
        check_model(problems, marks, pack_doc, pack, (), patient=False)
    elif pack_doc is not None:
        for base, value in valid_parts(PackInfo, pack_doc.data, context).items():
            check_model(problems, marks, pack_doc, value, base, patient=False)
    if gloss_doc is not None:
        for i, term in gloss_terms:
            check_model(problems, marks, gloss_doc, term, ("terms", i))
        if links_known:
            for term_id, (doc, loc) in term_lines.items():
                if term_id not in used_terms:
                    problems.append(Problem(doc.path, line_of(doc.root, (*loc, "id")),
                                            f"glossary word '{term_id}' is not linked from any text", "warning"))

    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    problems += [Problem(root, None, note, "note") for note in notes]
    valid = sorted((fact for fact in kept if fact.valid), key=lambda f: (_order(f), f.id or ""))
    files = {str(fact.id): topics_dir / fact.name for fact in valid}
    written = store.save() if store is not None else False
    keys = {str(fact.id): key for fact in valid
            if store is not None and (key := store.file_key(fact.name)) is not None}
    ok = pack is not None and not any(p.severity == "error" for p in problems)
    if store is None:  # every model is at hand: the content holds them all
        topics: list[Topic] = [fact.topic for fact in valid if fact.topic is not None]
        if ok and pack is not None:
            return LoadResult(Content(root, resources, pack, topics, glossary, files), problems)
        return LoadResult(None, problems, _partial(root, resources, pack, gloss, glossary, topics, files, problems))
    # The index of every topic and each one's validated model as JSON, read into a Topic when opened.
    models = {str(fact.id): fact.model_bytes() or b"" for fact in valid}
    entries = [entry for fact in valid if (entry := fact.index_entry()) is not None]
    if ok and pack is not None:
        return LoadResult(Content(root, resources, pack, entries, glossary, files, models=models), problems,
                          cache_written=written, keys=keys)
    failed = {p.path for p in problems if p.severity == "error"}
    full = [Topic.model_validate_json(models[str(f.id)], context=context) for f in valid
            if topics_dir / f.name not in failed]
    return LoadResult(None, problems, _partial(root, resources, pack, gloss, glossary, full, files, problems),
                      cache_written=written, keys=keys)


def _order(fact: TopicFacts) -> int:
    entry = fact.index_entry()
    return entry.order if entry is not None else 0


def _fact(problem: Problem) -> Fact:
    return problem.line, problem.message, problem.severity


def _partial(root: Path, resources: Path, pack: PackInfo | None, gloss: Glossary | None, glossary: dict[str, Term],
             topics: list[Topic], files: dict[str, Path], problems: list[Problem]) -> Content | None:
    """The content of the files without errors, for the checks that need whole pages; None when the
    pack or the glossary has errors (every page depends on them)."""
    failed = {p.path for p in problems if p.severity == "error"}
    if pack is None or (root / "pack.yaml") in failed or (root / "glossary.yaml") in failed:
        return None
    if gloss is None and (root / "glossary.yaml").exists():
        return None
    sound = [t for t in topics if files[t.id] not in failed]
    if not sound:
        return None
    present = {t.id for t in sound}
    sound = [t.model_copy(update={"related": [r for r in t.related if r in present]}) for t in sound]
    return Content(root, resources, pack, sound, glossary, {t.id: files[t.id] for t in sound})


def combine(contents: Sequence[Content]) -> Content:
    """One library of several packs' validated content, in order: topics and shelves pack after pack.

    Topic ids stay unique: a topic whose id an earlier pack already shows is left out (and logged),
    and so is a pack left with no topics. Each topic keeps its own pack's glossary, pictures and
    default language; the patient's languages are the first pack's."""
    if len(contents) == 1:
        return contents[0]
    if not contents:
        raise ValueError("no content to combine")
    owner: dict[str, Content] = {}
    parts: list[Content] = []
    for part in contents:
        keep = [t for t in part.topics if t.id not in owner]
        for topic in part.topics:
            if topic.id in owner:
                log.error("content: topic '%s' of pack %s is left out: pack %s already shows a topic with that id",
                          topic.id, part.pack.id, owner[topic.id].pack.id)
        if not keep:
            log.error("content: pack %s is left out: it has no topic to show", part.pack.id)
            continue
        shown = part if len(keep) == len(part.topics) else \
            Content(part.root, part.resources, part.pack, keep, part.glossary,
                    {t.id: part.files[t.id] for t in keep if t.id in part.files}, part.models)
        parts.append(shown)
        owner.update((t.id, shown) for t in keep)
    first = parts[0]
    return Content(first.root, first.resources, first.pack, [t for part in parts for t in part.topics],
                      first.glossary, {k: v for part in parts for k, v in part.files.items()}, parts=parts,
                      _owner=owner)



def write_cache(folder: Path) -> bool:
    """Make the cache the kiosk reads inside an installed pack's ``folder``, once it is in its final
    place (the cache's key holds the folder's path): the content store's install calls this after
    validating and renaming a version. Any cache the folder came with is deleted first: a cache is
    only ever what this kiosk wrote. Returns whether the content is valid and the cache was written."""
    import shutil

    from .contentcache import FOLDER_NAME

    inside = Path(folder) / FOLDER_NAME
    try:
        if inside.is_symlink() or inside.is_file():
            inside.unlink()
        elif inside.exists():
            shutil.rmtree(inside)
        inside.mkdir()
    except OSError as exc:
        log.info("content cache for %s cannot be written (%s)", folder, exc)
        return False
    result = load_content(Path(folder), cache=True)
    return result.ok and result.cache_written

__all__ = ["Content", "LoadResult", "PackShown", "Problem", "Section", "Shelf", "Step", "TopicEntry", "TopicLike",
           "combine", "load_content", "resolve_picture", "write_cache"]
