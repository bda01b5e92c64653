"""Typed content model: what a topic, a step, a recovery stage and a glossary term are.

Every patient-facing string is a :data:`Localized` value: in YAML either plain
text (the pack's default language) or a mapping of language code to text, so a
translation is added beside the source text without a schema change. Every
picture is a :class:`Picture`, written as a path or as a mapping, so that
later fields (layers, labels) extend it without breaking existing files.
"""

from __future__ import annotations

import os
import re
from datetime import date
from typing import Annotated, Any, Literal

# The kiosk uses no pydantic plugins; looking them up scans every installed
# package's entry points, about 25 ms of every start. Must precede the import.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DEFAULT_LANGUAGE = "en"


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError("use lower-case letters, digits and single dashes only, for example 'spinal-fusion'")
    return value


def _lang(value: str) -> str:
    if not LANG_RE.match(value):
        raise ValueError("use a language code such as 'en', 'es', 'zh' or 'ar'")
    return value


def _nonblank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
LangCode = Annotated[str, AfterValidator(_lang)]
NonBlank = Annotated[str, AfterValidator(_nonblank)]


def _default_language(info: ValidationInfo) -> str:
    """The pack's default language; English when the context does not say (or does not know)."""
    context = info.context or {}
    return str(context.get("default_language") or DEFAULT_LANGUAGE)


def _localize(value: Any, info: ValidationInfo) -> Any:
    """Plain text means 'in the pack's default language'."""
    if isinstance(value, str):
        return {_default_language(info): value}
    if isinstance(value, (bool, int, float, date)):
        raise ValueError(yaml_hint(value))
    return value


def yaml_hint(value: Any) -> str:
    """Explain a YAML 1.1 surprise: an unquoted value that was read as something other than text."""
    if isinstance(value, bool):
        kind = f"the yes/no value {str(value).lower()}"
    elif isinstance(value, (int, float)):
        kind = f"the number {value!r}"
    elif isinstance(value, date):
        kind = f"the date {value.isoformat()}"
    else:
        kind = f"a {type(value).__name__}"
    return (
        f"expected text, but YAML read this as {kind}; put the text in quotes "
        '(YAML turns unquoted no/yes/on/off into true/false and 1.10 into 1.1)'
    )


def _check_languages(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    default = _default_language(info)
    # A default language of None in the context: unknown (pack.yaml could not be read), so not required.
    known = (info.context or {}).get("default_language", DEFAULT_LANGUAGE) is not None
    if known and default not in value:
        raise ValueError(f"has no text in the default language '{default}'")
    for lang in value:
        _lang(lang)
    return value


Localized = Annotated[
    dict[str, NonBlank],
    BeforeValidator(_localize),
    AfterValidator(_check_languages),
]
"""Patient-facing text: ``{language code: text}``."""


def text_in(value: dict[str, str], language: str, fallback: str = DEFAULT_LANGUAGE) -> str:
    """The text in ``language``, else in ``fallback``, else any."""
    if language in value:
        return value[language]
    if fallback in value:
        return value[fallback]
    return next(iter(value.values()))


class Strict(BaseModel):
    """Unknown keys are errors and no type is coerced: YAML 1.1's ``no`` stays a boolean and fails as text."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


LaxDate = Annotated[date, Field(strict=False)]


PartId = Annotated[str, AfterValidator(_nonblank)]


class Label(Strict):
    """A word on a picture, drawn by the app (so it is translated with the rest of the content)."""

    anchor: PartId = Field(description="id of an element in the drawing; the label sits at the centre of its bounds.")
    text: Localized = Field(description="The word or two shown on the picture, in every language.")
    place: Literal["above", "below"] = Field("above", description="Whether the word sits above or below its point.")


class Picture(Strict):
    """A drawing and its layer states. ``src`` is relative to the content folder or the resources folder.

    A kit drawing holds every part a topic needs as a named group; optional parts are
    hidden in the file (display="none") and shown by ``show``; ``hide`` hides a part,
    ``highlight`` draws an orange halo around it, and ``labels`` name parts in words.
    """

    src: NonBlank
    alt: Localized | None = None
    show: list[PartId] = Field(default_factory=list, description="Parts hidden in the drawing that this picture shows.")
    hide: list[PartId] = Field(default_factory=list, description="Parts of the drawing that this picture hides.")
    highlight: list[PartId] = Field(default_factory=list, description="Parts drawn with an orange halo: what the step is about.")
    labels: list[Label] = Field(default_factory=list, max_length=3, description="Up to three words on the picture.")
    unnamed_ok: list[PartId] = Field(
        default_factory=list,
        description="Label anchors and parts that this page's text may leave unnamed (a reviewer's choice); "
                    "kiosk validate warns about any other label or named part the text does not mention.")

    @property
    def layered(self) -> bool:
        return bool(self.show or self.hide or self.highlight or self.labels)

    @property
    def parts(self) -> list[tuple[str, int, str]]:
        """Every part id this picture names, as (field, index, id)."""
        named = [(name, i, part) for name in ("show", "hide", "highlight", "unnamed_ok")
                 for i, part in enumerate(getattr(self, name))]
        return named + [("labels", i, label.anchor) for i, label in enumerate(self.labels)]

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"src": data} if isinstance(data, str) else data


class Step(Strict):
    title: Localized
    body: Localized = Field(description="One to three short sentences; [[term]] or [[term|words]] links a glossary word.")
    picture: Picture
    key_point: Localized | None = None


class Stage(Strict):
    """One stage of a recovery timeline: when, what happens, what you do."""

    when: Localized
    title: Localized
    body: Localized
    todo: list[Localized] = Field(min_length=1, max_length=4)
    picture: Picture


class Answer(Strict):
    """One answer to a "Check what you learned" question."""

    text: Localized = Field(description="The answer, short, in every language.")
    right: bool = Field(False, description="true for the one right answer of the question.")
    picture: Picture | None = Field(None, description="An optional drawing on the answer's button.")


class CheckQuestion(Strict):
    """A teach-back question after the last page: asked from the topic's own steps, never new facts."""

    question: Localized = Field(description="The question, in plain words, in every language.")
    answers: list[Answer] = Field(min_length=2, max_length=3, description="2 or 3 answers; exactly one is right.")
    explanation: Localized = Field(description="Said after a wrong answer: the right idea in a sentence or two.")
    step: int = Field(ge=1, description="The number of the step (or recovery stage) the answer comes from, "
                                        "counting from 1; a wrong answer offers to open it.")

    @model_validator(mode="after")
    def _one_right(self) -> CheckQuestion:
        right = sum(answer.right for answer in self.answers)
        if right != 1:
            raise ValueError(f"exactly one answer must have 'right: true' (found {right})")
        return self

    @property
    def right_index(self) -> int:
        return next(i for i, answer in enumerate(self.answers) if answer.right)


class Source(Strict):
    title: NonBlank
    url: NonBlank | None = None


class Review(Strict):
    status: Literal["draft", "approved"]
    reviewed_by: NonBlank | None = None
    reviewed_on: LaxDate | None = None
    review_due: LaxDate
    sources: list[Source] = Field(min_length=1)
    accept_words: list[NonBlank] = Field(
        default_factory=list,
        description="Absolute words (for example \"never\") a clinician accepted in this topic's text; "
                    "kiosk validate warns about the others.")

    @model_validator(mode="after")
    def _approved_needs_reviewer(self) -> Review:
        if self.status == "approved" and (self.reviewed_by is None or self.reviewed_on is None):
            raise ValueError("an approved topic needs reviewed_by and reviewed_on")
        return self


class Topic(Strict):
    id: Slug
    order: int = Field(ge=0)
    section: Slug | None = Field(None, description="id of one of pack.yaml's sections; needed when the pack has sections.")
    kind: Literal["overview", "procedure", "recovery"]
    title: Localized
    summary: Localized = Field(description="One line under the tile on the home screen.")
    tile: Picture
    steps: list[Step] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    key_points: list[Localized] = Field(min_length=2, max_length=5)
    questions: list[Localized] = Field(default_factory=list, max_length=6)
    related: list[Slug] = Field(default_factory=list)
    check: Annotated[list[CheckQuestion], Field(min_length=2, max_length=3)] | None = Field(
        None, description="Optional \"Check what you learned\" questions (2 or 3) asked after the last page.")
    review: Review

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> Topic:
        if self.kind == "recovery":
            if not self.stages:
                raise ValueError("a recovery topic needs 'stages' (its timeline)")
            if self.steps:
                raise ValueError("a recovery topic has 'stages', not 'steps'")
        else:
            if not self.steps:
                raise ValueError(f"an {self.kind} topic needs 'steps'" if self.kind == "overview" else "a procedure topic needs 'steps'")
            if self.stages:
                raise ValueError("only a recovery topic has 'stages'")
        if self.kind == "procedure" and not self.questions:
            raise ValueError("a procedure topic needs 'questions' to ask the care team")
        return self

    @property
    def page_count(self) -> int:
        """Steps (or stages) plus the closing key-points page."""
        return len(self.steps or self.stages) + 1


class Term(Strict):
    id: Slug
    term: Localized
    definition: Localized
    picture: Picture | None = None


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1)


class TranslationReview(Strict):
    """Whether a clinician has checked one language's text. Never claim a review that did not happen."""

    status: Literal["draft", "approved"]
    reviewed_by: NonBlank | None = None
    reviewed_on: LaxDate | None = None
    note: NonBlank | None = None

    @model_validator(mode="after")
    def _approved_needs_reviewer(self) -> TranslationReview:
        if self.status == "approved" and (self.reviewed_by is None or self.reviewed_on is None):
            raise ValueError("an approved translation needs reviewed_by and reviewed_on")
        return self


class Section(Strict):
    """A group of topics on the home screen, for example "Your operation" or "Recovery"."""

    id: Slug = Field(description="Short name that topics use in their 'section:' line, for example 'your-operation'.")
    title: Localized = Field(description="A few words on the section's tile, in every language.")
    picture: Picture = Field(description="The drawing on the section's tile.")


class PackInfo(Strict):
    """``pack.yaml``: what this content folder is."""

    id: Slug
    title: Localized = Field(description="Shown on the attract screen.")
    version: NonBlank = Field(description="Write it in quotes, for example \"2026.11.1\".")
    default_language: LangCode = DEFAULT_LANGUAGE
    languages: list[LangCode] = Field(default_factory=lambda: [DEFAULT_LANGUAGE], min_length=1)
    translations: dict[LangCode, TranslationReview] = Field(
        default_factory=dict, description="Review state of each language other than the default one."
    )
    sections: list[Section] = Field(
        default_factory=list, max_length=40,
        description="Groups of topics, in the order the home screen shows them; each topic names its section. "
                    "Empty: the pack is one group.")
    care_contact: Localized | None = Field(
        None, description="The clinic's own line for questions, e.g. \"Questions? Call the spine clinic at 555-0100.\", "
                          "written and approved by the clinic; shown on every finish screen. Empty: \"Ask your care team\".")

    @model_validator(mode="after")
    def _default_is_enabled(self) -> PackInfo:
        if self.default_language not in self.languages:
            raise ValueError(f"default_language '{self.default_language}' is not in languages")
        return self
