"""Checks of what a page says and how it fits: "a"/"an" before glossary links, and text that
would make patients scroll at the kiosk's design size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.commands.cli import main
from kiosk.core.loader import load_content
from kiosk.core.markup import article_slips, sentence_count, wants_an


@pytest.mark.parametrize(("words", "an"), [
    ("cut", False), ("incision", True), ("hour", True), ("honest talk", True), ("unit", False),
    ("one bone", False), ("X-ray", True), ("MRI", True), ("CT scan", False), ("spinal fusion", False),
    ("European", False), ("operation", True),
])
def test_the_article_follows_the_sound_of_the_shown_words(words: str, an: bool) -> None:
    assert wants_an(words) is an


def test_a_link_hides_a_wrong_article() -> None:
    assert article_slips("The surgeon makes an [[incision|cut]] down your back.") == [
        "'an [[incision|cut]]' reads 'an cut' on screen; write 'a [[incision|cut]]'"]
    assert article_slips("A [[x-ray|X-ray]] shows it.") == [
        "'A [[x-ray|X-ray]]' reads 'A X-ray' on screen; write 'An [[x-ray|X-ray]]'"]
    assert article_slips("This cut is called an [[incision]]. It makes a [[incision|cut]].") == []


def test_validate_warns_about_an_article_slip_with_file_and_line(content_copy: Path) -> None:
    topic = content_copy / "topics" / "40-diskectomy.yaml"
    lines = topic.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "through a [[incision|cut]]" in line)
    lines[index] = lines[index].replace("through a [[incision|cut]]", "through an [[incision|cut]]")
    topic.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_content(content_copy)
    assert result.ok, "a warning, not an error"
    slips = [str(p) for p in result.warnings if "reads 'an cut'" in p.message]
    assert len(slips) == 1
    assert f"40-diskectomy.yaml:{index + 1}: warning: step 3, body: 'an [[incision|cut]]'" in slips[0]


def test_the_bundled_english_has_no_article_slip(bundled_content: object) -> None:
    from kiosk.core.paths import bundled_content_dir

    assert not [p for p in load_content(bundled_content_dir()).warnings if "on screen; write" in p.message]


LONG_SPANISH = (
    "Un [[disc|disco]] es una almohadilla blanda entre los huesos de su columna y sirve para que la espalda "
    "se doble, gire y aguante el peso del cuerpo todos los días, cuando usted camina, se sienta o levanta cosas. "
    "Cuando se abulta hacia afuera, puede hacer presión sobre un nervio cercano o sobre la "
    "[[spinal-cord|médula espinal]], y eso puede causar dolor, hormigueo o debilidad en la espalda o en las piernas. "
    "Su equipo de atención médica le explicará lo que pasa en su caso y qué se puede hacer para que usted se "
    "sienta mejor, paso a paso, en las semanas que vienen después de la cirugía.")


def test_validate_warns_when_a_step_s_text_would_scroll(kiosk_app: object, content_copy: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    topic = content_copy / "topics" / "40-diskectomy.yaml"
    lines = topic.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith('      es: "Un [[disc|disco]] es una almohadilla'))
    lines[index] = f'      es: "{LONG_SPANISH}"'
    topic.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(content_copy)]) == 0, "a warning, not an error"
    out = capsys.readouterr().out
    warning = f"40-diskectomy.yaml:{index + 1}: warning: step 2: the Spanish (es) text needs"
    assert warning in out, out[-3000:]
    assert "so patients must scroll" in out
    assert "step 2: the English" not in out, "only the language that is too long"


def test_validate_warns_when_the_home_screen_would_scroll(kiosk_app: object, content_copy: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    topic = content_copy / "topics" / "10-laminectomy.yaml"
    lines = topic.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("title:")) + 1
    assert lines[index].startswith("  en: ")
    lines[index] = '  en: "Laminectomy, the operation that takes away a part of the back of a spine bone to give the nerves more room"'
    topic.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(content_copy)]) == 0
    out = capsys.readouterr().out
    assert (f"10-laminectomy.yaml:{index + 1}: warning: title and summary: in English (en) the home screen's tiles "
            "need") in out, out[-2000:]


@pytest.mark.parametrize(("text", "count"), [
    ("Dr. Lee will see you. Then you rest.", 2),
    ("Mr. and Mrs. Diaz, Ms. Ng and Prof. Kim meet Dr. Lee.", 1),
    ("Bring a few things, e.g. a book, i.e. something light. Water, snacks, etc. are fine.", 2),
    ("Bring water, snacks, etc.", 1),
    ("El Dr. Ruiz y la Dra. Soto le verán. Luego descansa.", 2),
    ("One. Two! Three? Four", 4),
    ("您好。请休息！", 2),
])
def test_common_abbreviations_do_not_end_a_sentence(text: str, count: int) -> None:
    assert sentence_count(text) == count


def test_validate_checks_the_text_fit_of_the_sound_topics_when_another_has_errors(
        kiosk_app: object, content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topic = content_copy / "topics" / "40-diskectomy.yaml"
    lines = topic.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith('      es: "Un [[disc|disco]] es una almohadilla'))
    lines[index] = f'      es: "{LONG_SPANISH}"'
    topic.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = content_copy / "topics" / "10-laminectomy.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: procedure", "kind: surgery", 1), encoding="utf-8")
    assert main(["validate", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert "10-laminectomy.yaml:" in out and "error: kind:" in out, out[-3000:]
    assert f"40-diskectomy.yaml:{index + 1}: warning: step 2: the Spanish (es) text needs" in out, out[-3000:]
    assert (f"note: text fit was not checked for the home screen and for {os.path.relpath(broken)} "
            "(it has errors)") in out, out[-3000:]
