"""Pages whose text is longer than the screen: the rule and the messages (no Qt).

The Qt layer (``kiosk.qt.textfit``) lays every page out with the kiosk's own QML at the
kiosk's design size and reports the pages whose text needs more room than the text column
has; this module turns them into ``kiosk validate`` warnings with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass

from .languages import english_name
from .loader import Content, Problem, format_loc
from .model import Topic
from .yamlsrc import YamlError, line_of, load_yaml

DESIGN_SIZE = (1920, 1080)  # the kiosk's design size: text must fit here at the default text size


@dataclass(frozen=True)
class Overflow:
    topic_id: str
    page: int  # 0-based page index, as the session counts pages
    language: str
    needed: int  # pixels the text needs
    room: int  # pixels the text column has


@dataclass(frozen=True)
class HomeOverflow:
    """The home screen turns pages although its tiles would fit on one screen."""

    topic_id: str  # the tile with the most text
    language: str
    needed: int  # pixels the rows of tiles need
    room: int  # pixels the home screen has for them


def page_location(topic: Topic, page: int) -> tuple[int | str, ...]:
    """Where in the topic file the text of ``page`` is written."""
    if page < len(topic.steps):
        return ("steps", page)
    if page < len(topic.steps) + len(topic.stages):
        return ("stages", page - len(topic.steps))
    return ("key_points",)


def overflow_problems(content: Content, overflows: list[Overflow | HomeOverflow],
                      size: tuple[int, int] = DESIGN_SIZE) -> list[Problem]:
    problems = []
    roots = {}
    for overflow in overflows:
        topic = content.topic(overflow.topic_id)
        path = content.files[topic.id]
        if path not in roots:
            try:
                roots[path] = load_yaml(path).root
            except YamlError:
                roots[path] = None
        where = f"at {size[0]}x{size[1]} and the default text size"
        language = f"{english_name(overflow.language)} ({overflow.language})"
        if isinstance(overflow, HomeOverflow):
            problems.append(Problem(
                path, line_of(roots[path], ("title", overflow.language)),
                f"title and summary: in {language} the home screen's tiles need {overflow.needed} px but have "
                f"{overflow.room} px {where}, so patients must turn pages to see every topic; this tile has the most "
                f"text: shorten its title or summary", "warning"))
            continue
        loc = page_location(topic, overflow.page)
        line = line_of(roots[path], (*loc, "body", overflow.language) if len(loc) == 2 else loc)
        what = format_loc(loc) if len(loc) == 2 else f"the key points page (step {overflow.page + 1} on screen)"
        problems.append(Problem(
            path, line,
            f"{what}: the {language} text needs {overflow.needed} px but has "
            f"{overflow.room} px {where}, so patients must scroll; shorten it or split the step",
            "warning"))
    return problems
