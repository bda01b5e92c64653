"""What the loader knows of one topic file, in a form a cache can keep: the file's own check results
(facts) and the few fields the home and admin screens read (the index entry).

The kiosk keeps the index entries of every topic and a topic's full model only while it is open;
``kiosk validate`` re-runs the checks across files (ids, related topics, sections, glossary use)
from the facts of every file, whether just made or read back from the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .model import Picture, Topic

Severity = Literal["error", "warning", "note"]
Fact = tuple[int | None, str, Severity]
"""One problem in the file: (line, message, severity)."""


@dataclass(frozen=True)
class ReviewFacts:
    """The clinical review fields the admin screen and the self-test read."""

    status: str
    review_due: date


@dataclass(frozen=True)
class TopicEntry:
    """A validated topic as the home screen, the admin screen and the self-test see it, without its pages.
    ``content.topic(id)`` gives the full :class:`Topic`."""

    id: str
    order: int
    section: str | None
    kind: str
    title: dict[str, str]
    summary: dict[str, str]
    tile: Picture
    page_count: int
    review: ReviewFacts
    related: tuple[str, ...] = ()

    @classmethod
    def of(cls, topic: Topic) -> TopicEntry:
        return cls(topic.id, topic.order, topic.section, topic.kind, dict(topic.title), dict(topic.summary), topic.tile,
                   topic.page_count, ReviewFacts(topic.review.status, topic.review.review_due), tuple(topic.related))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "order": self.order, "section": self.section, "kind": self.kind, "title": self.title,
                "summary": self.summary, "tile": self.tile.model_dump(mode="json"), "page_count": self.page_count,
                "review": [self.review.status, self.review.review_due.isoformat()], "related": list(self.related)}

    @classmethod
    def from_json(cls, data: Any, default_language: str) -> TopicEntry:
        """Raises (KeyError, TypeError, ValueError) on anything but what :meth:`to_json` wrote."""
        status, due = data["review"]
        return cls(_str(data["id"]), _int(data["order"]), _opt_str(data["section"]), _str(data["kind"]),
                    _texts(data["title"]), _texts(data["summary"]),
                    Picture.model_validate(data["tile"], context={"default_language": default_language}),
                    _int(data["page_count"]), ReviewFacts(_str(status), date.fromisoformat(due)),
                    tuple(_str(r) for r in data["related"]))


@dataclass
class TopicFacts:
    """The results of every check of one topic file that needs no other topic file."""

    name: str  # the file's name in topics/
    readable: bool
    valid: bool = False
    id: str | None = None  # the topic's id (also of an invalid file, when it names one)
    id_line: int | None = None
    section: str | None = None
    related: tuple[tuple[int, str, int | None], ...] = ()  # (index, topic id, line)
    linked: tuple[str, ...] = ()  # glossary words any text links (valid or not)
    review_due: tuple[str, int | None] | None = None  # (iso date, line): "due" depends on the day
    early: tuple[Fact, ...] = ()  # reading and schema problems (reported even for a duplicate id)
    late: tuple[Fact, ...] = ()  # every other check of the file
    pictures: dict[str, str] = field(default_factory=dict)  # src -> resolved file (or "!why not")
    topic: Topic | None = None  # the model, when just validated
    model_json: bytes | None = None  # the validated model as JSON (from the cache, or made on demand)
    entry: TopicEntry | None = None

    @classmethod
    def make(cls, name: str, early: list[Any]) -> TopicFacts:
        """The facts of a file that could not be read (``early``: the Problems saying why)."""
        return cls(name, False, early=tuple((p.line, p.message, p.severity) for p in early))

    def model_bytes(self) -> bytes | None:
        if self.model_json is None and self.topic is not None:
            self.model_json = self.topic.model_dump_json().encode()
        return self.model_json

    def index_entry(self) -> TopicEntry | None:
        if self.entry is None and self.topic is not None:
            self.entry = TopicEntry.of(self.topic)
        return self.entry

    def to_json(self) -> dict[str, Any]:
        return {"readable": self.readable, "valid": self.valid, "id": self.id, "id_line": self.id_line,
                "section": self.section, "related": [list(r) for r in self.related], "linked": list(self.linked),
                "review_due": list(self.review_due) if self.review_due else None,
                "early": [list(f) for f in self.early], "late": [list(f) for f in self.late]}

    @classmethod
    def from_json(cls, name: str, data: Any, pictures: dict[str, str]) -> TopicFacts:
        """Raises (KeyError, TypeError, ValueError) on anything but what :meth:`to_json` wrote."""
        due = data["review_due"]
        return cls(
            name, _bool(data["readable"]), _bool(data["valid"]), _opt_str(data["id"]), _opt_int(data["id_line"]),
            _opt_str(data["section"]), tuple((_int(i), _str(r), _opt_int(n)) for i, r, n in data["related"]),
            tuple(_str(t) for t in data["linked"]), (_str(due[0]), _opt_int(due[1])) if due is not None else None,
            tuple(_problem(f) for f in data["early"]), tuple(_problem(f) for f in data["late"]), pictures)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not a whole number")
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not true or false")
    return value


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("not a mapping")
    return {_str(k): _str(v) for k, v in value.items()}


def _problem(value: Any) -> Fact:
    line, message, severity = value
    if severity == "error" or severity == "warning" or severity == "note":
        return _opt_int(line), _str(message), severity
    raise ValueError("not a severity")
