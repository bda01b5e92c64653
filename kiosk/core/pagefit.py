"""Pages whose text is longer than the screen: the rule and the messages (no Qt).

The Qt layer (``kiosk.qt.textfit``) lays every page out with the kiosk's own QML at the
kiosk's design size and reports the pages whose text needs more room than the text column
has; this module turns them into ``kiosk validate`` warnings with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .languages import english_name
from .loader import Content, Problem, TopicLike, format_loc
from .yamlsrc import YamlError, line_of, load_yaml

DESIGN_SIZE = (1920, 1080)  # the kiosk's design size: text must fit here at the default text size


@dataclass(frozen=True)
class Overflow:
    topic_id: str
    page: int  # 0-based page index, as the session counts pages
    language: str
    needed: int  # pixels the text needs
    room: int  # pixels the text column has
    line: int | None = field(default=None, compare=False)  # in the topic file, when known (else looked up)


@dataclass(frozen=True)
class HomeOverflow:
    """The home screen turns pages although its tiles would fit on one screen."""

    topic_id: str  # the tile with the most text
    language: str
    needed: int  # pixels the rows of tiles need
    room: int  # pixels the home screen has for them
    line: int | None = field(default=None, compare=False)  # in the topic file, when known (else looked up)


def page_location(topic: TopicLike, page: int) -> tuple[int | str, ...]:
    """Where in the topic file the text of ``page`` is written (a recovery topic has stages, the others steps)."""
    if page < topic.page_count - 1:
        return ("stages" if topic.kind == "recovery" else "steps", page)
    return ("key_points",)


def with_lines(content: Content, overflows: list[Overflow | HomeOverflow]) -> list[Overflow | HomeOverflow]:
    """The overflows with the line of their text in the topic file (each file read once)."""
    roots = {}
    out: list[Overflow | HomeOverflow] = []
    for overflow in overflows:
        path = content.files[overflow.topic_id]
        if path not in roots:
            try:
                roots[path] = load_yaml(path).root
            except YamlError:
                roots[path] = None
        if isinstance(overflow, HomeOverflow):
            out.append(replace(overflow, line=line_of(roots[path], ("title", overflow.language))))
            continue
        loc = page_location(content.entry(overflow.topic_id), overflow.page)
        out.append(replace(overflow, line=line_of(roots[path], (*loc, "body", overflow.language) if len(loc) == 2 else loc)))
    return out


def overflow_problems(content: Content, overflows: list[Overflow | HomeOverflow],
                      size: tuple[int, int] = DESIGN_SIZE) -> list[Problem]:
    problems = []
    if any(overflow.line is None for overflow in overflows):
        overflows = with_lines(content, overflows)
    for overflow in overflows:
        topic = content.entry(overflow.topic_id)
        path = content.files[topic.id]
        where = f"at {size[0]}x{size[1]} and the default text size"
        language = f"{english_name(overflow.language)} ({overflow.language})"
        if isinstance(overflow, HomeOverflow):
            problems.append(Problem(
                path, overflow.line,
                f"title and summary: in {language} the home screen's tiles need {overflow.needed} px but have "
                f"{overflow.room} px {where}, so patients must turn pages to see every topic; this tile has the most "
                f"text: shorten its title or summary", "warning"))
            continue
        loc = page_location(topic, overflow.page)
        line = overflow.line
        what = format_loc(loc) if len(loc) == 2 else f"the key points page (step {overflow.page + 1} on screen)"
        problems.append(Problem(
            path, line,
            f"{what}: the {language} text needs {overflow.needed} px but has "
            f"{overflow.room} px {where}, so patients must scroll; shorten it or split the step",
            "warning"))
    return problems
