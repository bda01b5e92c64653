"""The reading-level gate: plain language a 6th-grader reads easily, checked offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.commands.cli import main
from kiosk.core.loader import Content
from kiosk.core.readability import STEP_LIMIT, TOPIC_MEAN_LIMIT, grade, topic_grades


def test_grade_tells_plain_from_clinical_text() -> None:
    clinical = ("Surgeons may perform a spinal fusion, in which unstable vertebrae are permanently joined together, "
                "to correct a painful misalignment of the spine caused by failed back surgery.")
    assert grade(clinical) > 12
    assert grade("The bones grow into one. This can take time.") < 4


def test_bundled_english_content_averages_grade_6_with_no_step_above_8(bundled_content: Content) -> None:
    grades = topic_grades(bundled_content)
    assert len(grades) == len(bundled_content.topics)
    for topic in grades:
        assert topic.mean <= TOPIC_MEAN_LIMIT, f"{topic.topic} averages grade {topic.mean:.1f}"
        assert topic.worst.grade <= STEP_LIMIT, f"{topic.topic} {topic.worst.label}: grade {topic.worst.grade:.1f}"
    overall = sum(t.mean for t in grades) / len(grades)
    assert overall <= TOPIC_MEAN_LIMIT


def test_validate_readability_fails_on_hard_text(kiosk_app: object, content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--readability", str(content_copy)]) == 0
    assert "readability: OK" in capsys.readouterr().out
    topic = content_copy / "topics" / "10-laminectomy.yaml"
    lines = topic.read_text().splitlines()
    body = next(i for i, line in enumerate(lines) if line.strip() == "body:") + 1
    assert lines[body].strip().startswith("en:")
    lines[body] = ('      en: "The surgeon performs a decompressive laminectomy, removing the posterior vertebral lamina '
                   'to alleviate neurological compression attributable to degenerative osteoarthritic stenosis."')
    topic.write_text("\n".join(lines) + "\n")
    assert main(["validate", "--readability", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert "(above grade 8)" in out and "readability: above target" in out
