"""Where the patient is: which screen, topic, page and glossary card.

All navigation rules live here, free of Qt, so the Qt bridge and QML only
forward taps and show the result. A topic's pages are its steps (or recovery
stages) followed by one key-points page; after the last page comes the finish
screen with questions for the care team and related topics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from . import checkstate, homeview
from .homeview import HomePlan, Room
from .loader import Content, Shelf
from .prefs import TEXT_SCALES, Defaults
from .checkstate import CheckState
from .model import Picture, Stage, Topic, text_in


class Screen(StrEnum):
    ATTRACT = "attract"
    HOME = "home"
    WALK = "walk"
    FINISH = "finish"
    CHECK = "check"  # "Check what you learned": after the last page, before the finish screen


@dataclass(frozen=True)
class Page:
    """One screen of a walk-through, already in the patient's language."""

    kind: str  # "step", "stage" or "summary"
    title: str  # empty for the summary page (the UI names it)
    body: str  # may hold [[glossary]] markup
    picture: Picture
    key_point: str = ""
    when: str = ""
    todo: tuple[str, ...] = ()
    points: tuple[str, ...] = ()  # summary page: the key points


@dataclass
class Session:
    content: Content
    language: str = ""
    screen: Screen = Screen.ATTRACT
    topic_id: str | None = None
    page_index: int = 0
    term_id: str | None = None
    history: list[str] = field(default_factory=list)  # topics opened through "related" links
    # Told of every countable event (name, key): anonymous usage counts listen here.
    observer: Callable[[str, str | None], None] | None = None
    defaults: Defaults = field(default_factory=Defaults)
    text_step: int = 0  # index into TEXT_SCALES
    high_contrast: bool = False
    reduced_motion: bool = False
    settings_open: bool = False
    # A second language shown under the first on every page, for a family member ("": none).
    second_language: str = ""
    # The home screen's place: the shelf open (None: the shelves), the page of shelves and the
    # page of that shelf's topics; and the room the window reported for tiles.
    shelf_id: str | None = None
    shelf_page: int = 0
    tile_page: int = 0
    home_room: Room = field(default_factory=Room)
    check: CheckState = field(default_factory=CheckState)  # the teach-back questions of the open topic
    _shelves: tuple[Content, list[Shelf]] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.language:
            self.language = self.default_language
        self.reduced_motion = self.defaults.reduced_motion

    # ---- languages and display settings -----------------------------------
    @property
    def languages(self) -> list[str]:
        """Languages a patient can choose: the content's, narrowed by the config."""
        wanted = self.defaults.languages
        enabled = [lang for lang in self.content.pack.languages if wanted is None or lang in wanted]
        return enabled or [self.content.pack.default_language]

    @property
    def default_language(self) -> str:
        enabled = self.languages
        for choice in (self.defaults.language, self.content.pack.default_language):
            if choice in enabled:
                return choice
        return enabled[0]

    @property
    def text_scale(self) -> float:
        return TEXT_SCALES[self.text_step]

    def set_language(self, code: str) -> None:
        """Switch language and keep the patient's place."""
        if code in self.languages and code != self.language:
            if code == self.second_language:  # the two languages change places
                self.second_language = self.language
            self.language = code
            self._tell("languages", code)

    def set_second_language(self, code: str) -> None:
        """Show ``code`` under the patient's language on every page; "" (or the first language): none."""
        if code == "" or code == self.language:
            self.second_language = ""
        elif code in self.languages:
            self.second_language = code

    @property
    def second(self) -> str:
        """The second language in use, or ""."""
        return self.second_language if self.second_language != self.language else ""

    def set_text_step(self, step: int) -> None:
        if 0 <= step < len(TEXT_SCALES):
            self.text_step = step

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on

    def set_reduced_motion(self, on: bool) -> None:
        self.reduced_motion = on

    def open_settings(self, on: bool = True) -> None:
        self.settings_open = on

    # ---- what is shown -------------------------------------------------
    @property
    def topic(self) -> Topic | None:
        return self.content.topic(self.topic_id) if self.topic_id else None

    def text(self, value: dict[str, str], topic_id: str | None = None, language: str | None = None) -> str:
        """``value`` in the patient's language (or ``language``), else in the default language of the pack
        of ``topic_id`` (the open topic when None): in a library, a topic missing a language shows its own pack's."""
        fallback = self.content.default_language_of(topic_id or self.topic_id)
        return text_in(value, language or self.language, fallback)

    def _page(self, topic: Topic, index: int, language: str | None = None) -> Page:
        """Page ``index`` of ``topic``: a step or stage, or, after the last one, the key points."""
        def text(value: dict[str, str]) -> str:
            return self.text(value, language=language)

        items = topic.steps or topic.stages
        if index == len(items):
            return Page("summary", "", "", topic.tile, points=tuple(text(p) for p in topic.key_points))
        item = items[index]
        if isinstance(item, Stage):
            return Page("stage", text(item.title), text(item.body), item.picture,
                        when=text(item.when), todo=tuple(text(t) for t in item.todo))
        return Page("step", text(item.title), text(item.body), item.picture,
                    key_point=text(item.key_point) if item.key_point else "")

    def pages(self, topic: Topic) -> list[Page]:
        return [self._page(topic, i) for i in range(topic.page_count)]

    @property
    def page(self) -> Page | None:
        """The page on screen (the view model builds only this one, not the whole topic)."""
        topic = self.topic
        if topic is None or self.screen is not Screen.WALK:
            return None
        return self._page(topic, self.page_index)

    def near_pages(self) -> list[Page]:
        """The pages either side of the one on screen, the next first: what a Next or Back tap shows."""
        topic = self.topic
        if topic is None or self.screen is not Screen.WALK:
            return []
        return [self._page(topic, i) for i in (self.page_index + 1, self.page_index - 1) if 0 <= i < topic.page_count]

    @property
    def second_page(self) -> Page | None:
        """The page on screen in the second language (None: no second language, or no page)."""
        topic = self.topic
        if topic is None or self.screen is not Screen.WALK or not self.second:
            return None
        return self._page(topic, self.page_index, self.second)

    @property
    def page_count(self) -> int:
        topic = self.topic
        return topic.page_count if topic else 0

    # ---- the home screen ---------------------------------------------------
    def shelves(self) -> list[Shelf]:
        """The content's shelves (worked out once per content: every tap asks)."""
        if self._shelves is None or self._shelves[0] is not self.content:
            self._shelves = (self.content, self.content.shelves())
        return self._shelves[1]

    @property
    def home_plan(self) -> HomePlan:
        """What the home screen shows: every topic, the shelves, or a page of one shelf's topics."""
        shelves = [(shelf.id, shelf.topic_ids) for shelf in self.shelves()]
        return homeview.plan([t.id for t in self.content.topics], shelves, self.home_room,
                             self.shelf_id, self.shelf_page, self.tile_page)

    def set_home_room(self, room: Room) -> None:
        """The window measured the home screen again (new size, text size or language)."""
        self.home_room = room

    def open_shelf(self, shelf_id: str) -> None:
        if self.screen is not Screen.HOME or self.home_plan.mode != homeview.SHELVES:
            return
        shelf = next((shelf for shelf in self.shelves() if shelf.id == shelf_id and shelf.topic_ids), None)
        if shelf is None:
            return
        if len(shelf.topic_ids) == 1:  # a page with a single tile would only cost the patient a tap
            self.open_topic(shelf.topic_ids[0])  # Back returns to the page of shelves
            return
        self.shelf_id = shelf_id
        self.tile_page = 0
        self.settings_open = False

    def turn_home_page(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) page of tiles; nothing past the first or last."""
        if self.screen is not Screen.HOME:
            return
        shown = self.home_plan
        page = min(max(0, shown.page + step), shown.page_count - 1)
        if shown.mode == homeview.SHELVES:
            self.shelf_page = page
        elif shown.mode == homeview.TOPICS:
            self.shelf_id, self.tile_page = shown.shelf_id, page
        self.settings_open = False

    def _back_to_tiles(self, topic_id: str | None) -> None:
        """Home screen, on the page of tiles that shows ``topic_id`` (where it was opened from)."""
        self.screen = Screen.HOME
        self.topic_id = None
        self.page_index = 0
        shown = self.home_plan
        if shown.mode == homeview.TOPICS and topic_id is not None:
            shelf = next(s for s in self.shelves() if s.id == shown.shelf_id)
            page = homeview.page_of(shelf.topic_ids, shown.columns * shown.rows, topic_id)
            if page is not None:
                self.tile_page = page

    def _back_to_shelves(self) -> None:
        """From a shelf's topics to the page of shelves that shows that shelf."""
        left = self.shelf_id
        self.shelf_id = None
        shown = self.home_plan
        if left is not None:
            ids = [s.id for s in self.shelves() if s.topic_ids]
            page = homeview.page_of(ids, shown.columns * shown.rows, left)
            if page is not None:
                self.shelf_page = page

    def _tell(self, event: str, key: str | None = None) -> None:
        if self.observer is not None:
            self.observer(event, key)

    # ---- taps ----------------------------------------------------------
    def start(self) -> None:
        """Touch on the attract screen."""
        if self.screen is Screen.ATTRACT:
            self._tell("languages", self.language)
        self.screen = Screen.HOME

    def open_topic(self, topic_id: str) -> None:
        self.content.topic(topic_id)  # KeyError for an unknown id
        if self.screen is Screen.FINISH and self.topic_id:
            self.history.append(self.topic_id)
        elif self.screen is not Screen.FINISH:
            self.history.clear()
        self.topic_id = topic_id
        self.page_index = 0
        self.term_id = None
        self.settings_open = False
        self.screen = Screen.WALK
        self.check = CheckState()
        self._tell("topics_opened", topic_id)
        self._tell("steps_viewed")

    def go_to(self, index: int) -> None:
        if self.screen is Screen.WALK and 0 <= index < self.page_count:
            if index != self.page_index:
                self._tell("steps_viewed")
            self.page_index = index
            self.term_id = None
            self.settings_open = False

    def next(self) -> None:
        self.term_id = None
        self.settings_open = False
        if self.screen is Screen.WALK and self.check.from_step:
            self.return_to_question()
        elif self.screen is Screen.WALK:
            if self.page_index + 1 < self.page_count:
                self.page_index += 1
                self._tell("steps_viewed")
            else:
                topic = self.topic
                self.screen = Screen.CHECK if topic is not None and topic.check and not self.check.done else Screen.FINISH
                self.check.index, self.check.chosen = 0, None
                self._tell("finished", self.topic_id)
        elif self.screen is Screen.CHECK:
            self._check_forward()
        elif self.screen is Screen.ATTRACT:
            self.start()

    def back(self) -> None:
        """Back never leads to a dead end: first page -> the topic we came from, or home."""
        self.term_id = None
        self.settings_open = False
        if self.screen is Screen.FINISH:
            self.screen = Screen.WALK
            self.page_index = self.page_count - 1
        elif self.screen is Screen.WALK and self.check.from_step:
            self.return_to_question()
        elif self.screen is Screen.CHECK:
            if self.check.index > 0:
                self.check.index -= 1
                self.check.chosen = None
            else:
                self.screen = Screen.WALK
                self.page_index = self.page_count - 1
        elif self.screen is Screen.WALK:
            if self.page_index > 0:
                self.page_index -= 1
            elif self.history:
                self.topic_id = self.history.pop()
                self.screen = Screen.FINISH
            else:
                self._back_to_tiles(self.topic_id)
        elif self.screen is Screen.HOME:
            shown = self.home_plan
            if shown.mode == homeview.TOPICS and shown.shelves_above:
                self._back_to_shelves()
            else:
                self.home()
                self.screen = Screen.ATTRACT

    def home(self) -> None:
        """The top of the home screen: every topic, or the first page of shelves."""
        self.screen = Screen.HOME
        self.shelf_id = None
        self.shelf_page = 0
        self.tile_page = 0
        self.topic_id = None
        self.page_index = 0
        self.term_id = None
        self.settings_open = False
        self.history.clear()
        self.check = CheckState()

    def restart_topic(self) -> None:
        if self.topic_id:
            self.screen = Screen.WALK
            self.page_index = 0
            self.term_id = None
            self.settings_open = False
            self.check = CheckState()

    # ---- "Check what you learned" ------------------------------------------------------
    def answer(self, index: int) -> None:
        """The patient tapped answer ``index`` of the question on screen. Usage hears of the first
        answer to each question (and whether it was right); a right answer stays chosen."""
        topic = self.topic
        if self.screen is not Screen.CHECK or topic is None or not topic.check:
            return
        question = topic.check[self.check.index]
        if not 0 <= index < len(question.answers) or self.check.chosen == question.right_index:
            return
        self.check.chosen = index
        if self.check.index not in self.check.counted:
            self.check.counted.add(self.check.index)
            key = checkstate.question_key(topic.id, self.check.index)
            self._tell(checkstate.ANSWERED, key)
            if index == question.right_index:
                self._tell(checkstate.RIGHT_FIRST, key)

    def try_again(self) -> None:
        """After a wrong answer: the same question, asked again."""
        if self.screen is Screen.CHECK:
            self.check.chosen = None

    def open_question_step(self) -> None:
        """After a wrong answer: the step the answer comes from; Next or Back there returns to the question."""
        topic = self.topic
        if self.screen is not Screen.CHECK or topic is None or not topic.check or self.check.chosen is None:
            return
        step = topic.check[self.check.index].step - 1
        if 0 <= step < self.page_count:
            self.screen = Screen.WALK
            self.page_index = step
            self.check.from_step = True
            self.term_id = None
            self.settings_open = False
            self._tell("steps_viewed")

    def return_to_question(self) -> None:
        """From the step a wrong answer opened, back to that question, asked again."""
        if self.check.from_step and self.topic is not None:
            self.screen = Screen.CHECK
            self.check.from_step = False
            self.check.chosen = None
            self.term_id = None
            self.settings_open = False

    def skip_questions(self) -> None:
        """The finish screen, without (the rest of) the questions."""
        if self.screen is Screen.CHECK:
            self.check.done = True
            self.screen = Screen.FINISH

    def _check_forward(self) -> None:
        """Next on the questions: after a right answer the next question (or the finish screen); else skip."""
        topic = self.topic
        if topic is None or not topic.check or self.check.chosen != topic.check[self.check.index].right_index:
            self.skip_questions()
        elif self.check.index + 1 < len(topic.check):
            self.check.index += 1
            self.check.chosen = None
        else:
            self.check.done = True
            self.screen = Screen.FINISH

    def open_term(self, term_id: str) -> None:
        if self.content.term(term_id, self.topic_id) is not None:
            self.term_id = term_id

    def close_term(self) -> None:
        self.term_id = None

    def reset(self) -> None:
        """Forget the patient: attract screen, default language, text size, contrast and motion."""
        self.home()
        self.screen = Screen.ATTRACT
        self.language = self.default_language
        self.second_language = ""
        self.text_step = 0
        self.high_contrast = False
        self.reduced_motion = self.defaults.reduced_motion
        self.settings_open = False

    def set_content(self, content: Content) -> None:
        """New content (reload): start over, since ids may have changed."""
        self.content = content
        self.reset()
