"""What each part of the patient's screen shows, as plain frozen data.

Built from a :class:`~kiosk.core.session.Session` and its content, in the patient's
language, free of Qt: the Qt layer copies these values into properties (and turns a
picture into an image address), QML shows them. Every text a patient reads, and every
list a screen repeats over, is decided here and tested without a window.

Nothing here imports pydantic or the loader at import time: the Qt layer imports this
module before the first frame, and the content arrives after it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import markup, takehome
from .languages import english_name, is_rtl, line_factor, native_name
from .prefs import TEXT_SIZES, TextSize
from .takehome import TakeHomeWords

if TYPE_CHECKING:
    from .model import Picture, Term, Topic
    from .session import Page, Session


def to_html(text: str) -> str:
    """Content markup as the small HTML subset QML's StyledText draws: a glossary link
    becomes ``<a href="term:ID">``, everything else is escaped."""
    out = []
    for seg in markup.parse(text):
        words = escape(seg.text, quote=False)
        if seg.term is None:
            out.append(words)
        else:
            out.append(f'<a href="term:{escape(seg.term)}"><b>{words}</b></a>')
    return "".join(out)


# ---- pieces -------------------------------------------------------------------
@dataclass(frozen=True)
class LabelText:
    """A word drawn on a picture at the centre of the drawing's element ``anchor``."""

    anchor: str
    text: str
    below: bool = False


@dataclass(frozen=True)
class PictureView:
    """A content picture, its drawing file and its words; ``picture`` None: no picture."""

    picture: Picture | None = None
    path: Path | None = None
    alt: str = ""
    labels: tuple[LabelText, ...] = ()


@dataclass(frozen=True)
class TermButton:
    """A glossary word of the page, as a big button under its text."""

    id: str
    label: str


@dataclass(frozen=True)
class StageMark:
    """One marker of a recovery timeline."""

    when: str
    title: str


@dataclass(frozen=True)
class RelatedTopic:
    """A "Learn more" tile on the finish screen."""

    id: str
    title: str
    tile: PictureView
    title2: str = ""  # in the second language (for a family member), or ""


@dataclass(frozen=True)
class TopicTile:
    """A home-screen tile."""

    id: str
    title: str
    summary: str
    kind: str
    tile: PictureView


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str  # in its own script, as patients look for it
    english: str  # for screen readers and staff


# ---- the views ------------------------------------------------------------------
@dataclass(frozen=True)
class ScreenView:
    """Which screen is up, and what the attract screen shows."""

    screen: str = "attract"
    pack_title: str = ""
    attract: PictureView = field(default_factory=PictureView)


@dataclass(frozen=True)
class TopicView:
    """The topic being walked through or finished (empty on the attract and home screens)."""

    id: str = ""
    title: str = ""
    kind: str = ""
    stages: tuple[StageMark, ...] = ()
    questions: tuple[str, ...] = ()
    related: tuple[RelatedTopic, ...] = ()
    take_home: str = ""  # the address for the finish screen's QR code, or ""
    care_contact: str = ""  # the clinic's line for questions, or "" (the UI then says: ask your care team)
    take_home_text: str = ""  # what the take-home QR code holds (finish screen only), or "": no code
    # In the second language (plain text; "" where there is none or it reads the same as the first).
    title2: str = ""
    questions2: tuple[str, ...] = ()
    take_home_modules: int = 0  # that code's width in modules, quiet zone included


# A checklist as the walk screen shows it: whether it is the key points, and its lines.
Checklist = tuple[bool, tuple[str, ...]]


def checklist_of(kind: str, points: tuple[str, ...], todo: tuple[str, ...]) -> Checklist:
    return (True, points) if kind == "summary" else (False, todo)


@dataclass(frozen=True)
class PageView:
    """The page of a walk-through on screen (empty outside the walk screen).

    Texts that may hold glossary links (body, key point, to-do, points) are StyledText
    HTML; the title is plain. The summary page has no title of its own (the UI names it).
    """

    kind: str = ""  # "step", "stage", "summary" or ""
    title: str = ""
    body: str = ""
    picture: PictureView = field(default_factory=PictureView)
    key_point: str = ""
    when: str = ""
    todo: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    terms: tuple[TermButton, ...] = ()
    speech: str = ""  # what "Read aloud" reads
    number: int = 0  # 1-based; 0 outside a topic
    count: int = 0
    # The body and the checklist of the pages a Next or Back tap shows (next first): laid out
    # ahead (textslots.py).
    near_bodies: tuple[str, ...] = ()
    near_lists: tuple[Checklist, ...] = ()
    # The same page in the second language, as plain text (no links: the words' buttons and cards
    # follow the first language); "" where there is none or it reads the same as the first.
    title2: str = ""
    body2: str = ""
    key_point2: str = ""
    when2: str = ""
    todo2: tuple[str, ...] = ()
    points2: tuple[str, ...] = ()

    @property
    def checklist(self) -> Checklist:
        """The page's list with a check mark before each line: the key points on the summary,
        what to do on a recovery stage (whether it is the key points, and the lines)."""
        return checklist_of(self.kind, self.points, self.todo)

    @property
    def progress(self) -> float:
        """How far through the topic, 0 to 1 (the bar under the title)."""
        return self.number / self.count if self.count else 0.0


@dataclass(frozen=True)
class CardView:
    """The glossary card over the page."""

    open: bool = False
    title: str = ""
    body: str = ""
    picture: PictureView = field(default_factory=PictureView)
    speech: str = ""


@dataclass(frozen=True)
class DisplayView:
    """The patient's display settings (reset for every patient)."""

    language: str = "en"
    language_name: str = "English"
    languages: tuple[LanguageChoice, ...] = ()
    rtl: bool = False
    text_step: int = 0
    text_scale: float = TEXT_SIZES[0].scale
    high_contrast: bool = False
    reduced_motion: bool = False
    settings_open: bool = False
    text_sizes: tuple[TextSize, ...] = TEXT_SIZES
    second_language: str = ""  # shown under the first on every page; "": none
    second_rtl: bool = False
    line_factor: float = 1.0  # the first language's lines closer than Theme.qml's (kiosk.core.languages)
    line_factor2: float = 1.0  # and the second's
    # The screens' own headings in the second language ("" when none, or when they read the same).
    key_points2: str = ""
    questions2: str = ""
    learn_more2: str = ""  # the finish screen's "Learn more"
    learn2: str = ""  # the home screen's "What would you like to learn about?"
    choose2: str = ""  # the shelves' "Choose a subject"


# The screens' headings a family member also sees in the second language: (the QML file that
# says them, the English words); the Qt layer translates them.
SECOND_HEADINGS = {"key_points2": ("WalkScreen", "Key points"),
                   "questions2": ("FinishScreen", "Questions to ask your care team"),
                   "learn_more2": ("FinishScreen", "Learn more"),
                   "learn2": ("HomeScreen", "What would you like to learn about?"),
                   "choose2": ("HomeScreen", "Choose a subject")}
UiWords = Callable[[str, str, str], str]  # (language, QML file's context, English) -> the words in that language


# ---- building them ----------------------------------------------------------------
def picture_view(session: Session, picture: Picture | None, alt: str = "", topic_id: str | None = None) -> PictureView:
    """``picture`` with its drawing file, its alt text (``alt`` when it has none) and its words.
    ``topic_id``: the topic it belongs to (the open one when None): its pack's folder holds the file."""
    if picture is None:
        return PictureView()
    topic_id = topic_id or session.topic_id
    labels = tuple(LabelText(label.anchor, session.text(label.text, topic_id), label.place == "below")
                   for label in picture.labels)
    return PictureView(picture, session.content.picture_path(picture, topic_id),
                       session.text(picture.alt, topic_id) if picture.alt is not None else alt, labels)


def screen_view(session: Session, attract_index: int = 0) -> ScreenView:
    topics = session.content.topics
    shown = topics[attract_index % len(topics)] if topics else None
    attract = picture_view(session, shown.tile, topic_id=shown.id) if shown is not None else PictureView()
    return ScreenView(str(session.screen), session.text(session.content.pack.title), attract)


def topic_tiles(session: Session) -> tuple[TopicTile, ...]:
    return tuple(TopicTile(t.id, session.text(t.title, t.id), session.text(t.summary, t.id), t.kind,
                           picture_view(session, t.tile, topic_id=t.id))
                 for t in session.content.topics)


def second_text(first: str, second: str) -> str:
    """The second language's text as plain text, or "" when it reads the same as the first's."""
    plain = markup.plain(second)
    return "" if plain == markup.plain(first) else plain


def in_second(session: Session, value: dict[str, str], topic_id: str | None = None) -> str:
    """``value`` in the session's second language (plain), or "" with none or when it reads the same."""
    if not session.second:
        return ""
    return second_text(session.text(value, topic_id), session.text(value, topic_id, language=session.second))


def take_home_code(session: Session, topic: Topic, words: TakeHomeWords) -> takehome.TakeHome | None:
    """The text of ``topic``'s take-home code (its finish screen) in the session's language, with the
    code's ``words`` in that language; None when nothing fits."""
    def plain(value: dict[str, str]) -> str:
        return markup.plain(session.text(value, topic.id))

    return takehome.take_home(plain(topic.title), [plain(q) for q in topic.questions],
                              [plain(p) for p in topic.key_points], words)


def topic_view(session: Session, take_home: Mapping[str, str] | None = None,
               care_contact: str | Mapping[str, str] | None = None,
               take_home_words: TakeHomeWords | None = None) -> TopicView:
    """``take_home_words``: the UI words of the take-home code in the patient's language; None: no code."""
    topic = session.topic
    if topic is None:
        return TopicView()
    from .contact import care_contact as contact_line

    code = None
    if take_home_words is not None and session.screen == "finish":  # encoded only where it is shown
        code = take_home_code(session, topic, take_home_words)

    related = []
    for rid in topic.related:
        other = session.content.entry(rid)  # its index entry: no need to read the whole topic
        related.append(RelatedTopic(rid, session.text(other.title, rid), picture_view(session, other.tile, topic_id=rid),
                                    in_second(session, other.title, rid)))
    return TopicView(
        id=topic.id,
        title=session.text(topic.title),
        kind=topic.kind,
        stages=tuple(StageMark(session.text(s.when), session.text(s.title)) for s in topic.stages),
        questions=tuple(session.text(q) for q in topic.questions),
        related=tuple(related),
        take_home=(take_home or {}).get(topic.id, ""),
        care_contact=contact_line(session.content.owner(topic.id).pack, care_contact, session.language),
        take_home_text=code.text if code is not None else "",
        take_home_modules=code.modules if code is not None else 0,
        **_second_topic(session, topic),
    )


def _second_topic(session: Session, topic: Topic) -> dict[str, Any]:
    """The finish screen's title and questions in the second language."""
    if not session.second:
        return {}
    return {"title2": in_second(session, topic.title), "questions2": tuple(in_second(session, q) for q in topic.questions)}


def _term(session: Session, term_id: str) -> Term:
    """A glossary word, from the open topic's pack first."""
    term = session.content.term(term_id, session.topic_id)
    if term is None:  # validation makes sure every link names a word of its own pack
        raise KeyError(term_id)
    return term


def _term_label(session: Session, term_id: str) -> str:
    return session.text(_term(session, term_id).term)


def page_terms(session: Session, page: Page) -> tuple[TermButton, ...]:
    """The page's glossary words, each once, in reading order."""
    found: dict[str, None] = {}
    for text in (page.body, page.key_point, *page.todo, *page.points):
        for term in markup.terms_in(text):
            found.setdefault(term)
    return tuple(TermButton(t, _term_label(session, t)) for t in found)


def page_speech(page: Page) -> str:
    """What the speaker button reads on a page: its time, title, text, key point and list."""
    parts = [page.when, markup.plain(page.title), markup.plain(page.body), markup.plain(page.key_point)]
    parts += [markup.plain(t) for t in (*page.todo, *page.points)]
    return "\n".join(p for p in parts if p)


def neighbour_pictures(session: Session) -> tuple[PictureView, ...]:
    """The pictures of the pages after and before this one (in that order): the next tap's picture
    can be drawn while the patient reads."""
    return tuple(picture_view(session, page.picture) for page in session.near_pages() if page.picture is not None)


def _near_bodies(near: list[Page]) -> tuple[str, ...]:
    """The text of ``near`` (the pages a Next or Back tap shows, next first), as :func:`page_view` gives it."""
    return tuple(body for page in near if (body := to_html(page.body)))


def _near_lists(near: list[Page]) -> tuple[Checklist, ...]:
    """The checklists of ``near``, as :func:`page_view` gives them."""
    lists = (checklist_of(page.kind, tuple(to_html(t) for t in page.points), tuple(to_html(t) for t in page.todo))
             for page in near)
    return tuple(checklist for checklist in lists if checklist[1])


def _second_page(first: Page, second: Page | None) -> dict[str, Any]:
    if second is None:
        return {}
    return {"title2": second_text(first.title, second.title), "body2": second_text(first.body, second.body),
            "key_point2": second_text(first.key_point, second.key_point), "when2": second_text(first.when, second.when),
            "todo2": tuple(second_text(a, b) for a, b in zip(first.todo, second.todo, strict=True)),
            "points2": tuple(second_text(a, b) for a, b in zip(first.points, second.points, strict=True))}


def page_view(session: Session) -> PageView:
    page = session.page
    number = session.page_index + 1 if session.topic else 0
    if page is None:
        return PageView(number=number, count=session.page_count)
    title = markup.plain(page.title)
    near = session.near_pages()
    return PageView(**_second_page(page, session.second_page),
        kind=page.kind,
        title=title,
        body=to_html(page.body),
        picture=picture_view(session, page.picture, alt=title),
        key_point=to_html(page.key_point),
        when=page.when,
        todo=tuple(to_html(t) for t in page.todo),
        points=tuple(to_html(t) for t in page.points),
        terms=page_terms(session, page),
        speech=page_speech(page),
        number=number,
        count=session.page_count,
        near_bodies=_near_bodies(near),
        near_lists=_near_lists(near),
    )


def card_view(session: Session) -> CardView:
    term_id = session.term_id
    if not term_id:
        return CardView()
    term = _term(session, term_id)
    title = _term_label(session, term_id)
    definition = session.text(term.definition)
    return CardView(True, title, to_html(definition), picture_view(session, term.picture),
                    title + ".\n" + markup.plain(definition))


def second_headings(session: Session, ui_words: UiWords | None) -> dict[str, str]:
    """The headings of :data:`SECOND_HEADINGS` in the second language, or "" where they read the same."""
    if not session.second or ui_words is None:
        return {}
    said = {}
    for key, (context, english) in SECOND_HEADINGS.items():
        first, second = ui_words(session.language, context, english), ui_words(session.second, context, english)
        said[key] = "" if first == second else second
    return said


def display_view(session: Session, ui_words: UiWords | None = None) -> DisplayView:
    """``ui_words``: the window's words in a given language (for the headings in the second language)."""
    headings = second_headings(session, ui_words)
    return DisplayView(
        key_points2=headings.get("key_points2", ""),
        questions2=headings.get("questions2", ""),
        learn_more2=headings.get("learn_more2", ""),
        learn2=headings.get("learn2", ""),
        choose2=headings.get("choose2", ""),
        language=session.language,
        language_name=native_name(session.language),
        languages=tuple(LanguageChoice(c, native_name(c), english_name(c)) for c in session.languages),
        rtl=is_rtl(session.language),
        text_step=session.text_step,
        text_scale=session.text_scale,
        high_contrast=session.high_contrast,
        reduced_motion=session.reduced_motion,
        settings_open=session.settings_open,
        second_language=session.second,
        second_rtl=is_rtl(session.second) if session.second else False,
        line_factor=line_factor(session.language),
        line_factor2=line_factor(session.second or session.language),
    )
