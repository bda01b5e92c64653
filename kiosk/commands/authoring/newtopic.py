"""``kiosk new-topic ID``: a fully commented starter topic in every language of the content.

It loads as it is (``kiosk preview`` shows it at once); its stand-in texts
(``kiosk.core.starter``) and ``# translate`` marks are errors for ``kiosk validate`` and
``kiosk pack`` until the author has replaced them, so that none can reach patients.
"""

from __future__ import annotations

import calendar
import json
import re
import sys
from datetime import date
from pathlib import Path

from ...core import starter
from ...core.model import SLUG_RE, PackInfo
from .schemas import MODELINE, MODELINES


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
                  others: list[str], today: date, sections: list[str] | None = None) -> str:
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
    ]
    if sections:
        lines += [
            "# section: the group of the home screen this topic is in: one of pack.yaml's sections",
            f"# ({', '.join(sections)}). It starts in the last one; change it if it belongs in another.",
            f"section: {sections[-1]}",
            "",
        ]
    lines += [
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
        "# check (optional): 2 or 3 \"Check what you learned\" questions, asked after the last page, only",
        "# about what the steps say. Each: 2 or 3 answers, exactly one with right: true, an explanation",
        "# for a wrong answer, and the number of the step it comes from (docs/authoring.md). For example:",
        "# check:",
        "#   - question: {en: \"What is this operation for?\"}",
        "#     answers:",
        "#       - text: {en: \"To give the nerves more room\"}",
        "#         right: true",
        "#       - text: {en: \"To fix a broken arm\"}",
        "#     explanation: {en: \"Step 1 says what this operation is for.\"}",
        "#     step: 1",
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
    from ...core.yamlsrc import YamlError, load_yaml

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
    from ...core.loader import resolve_picture
    from ...core.paths import resources_dir

    for src in [STARTER_PICTURE, *tiles]:
        if isinstance(resolve_picture(src, content_dir, resources_dir()), Path):
            return src
    return None


def cmd_new_topic(topic_id: str, content_dir: Path, today: date | None = None) -> int:
    """``kiosk new-topic ID``: write a commented starter topic into ``content_dir/topics``."""
    from ...core.loader import display_path
    from ...core.yamlsrc import YamlError, load_yaml

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
    text = starter_topic(topic_id, order, languages, picture, modeline, others, today or date.today(),
                         [section.id for section in pack.sections])
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
