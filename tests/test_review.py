"""What a clinician reviewing the content would question: absolute promises in patient text,
drawings that show or label more than their page says, and whom the patient asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.config import Config
from kiosk.core.contact import care_contact
from kiosk.core.loader import drawing_names, load_content
from kiosk.core.model import PackInfo
from kiosk.core.paths import bundled_content_dir, resources_dir
from kiosk.core.review import names, promise_slips, unnamed_parts


def words(slips: list) -> list[str]:
    return [s.word for s in slips]


@pytest.mark.parametrize(("lang", "text", "found"), [
    ("en", "You sleep the whole time.", ["the whole time"]),
    ("en", "With less pressure, your pain may get less. It may even go away.", ["go away"]),
    ("en", "It can ease your pain or end it.", ["end it"]),
    ("en", "Your care team will tell you what to expect.", ["will"]),
    ("en", "You will always feel better and never need more surgery.", ["will", "always", "never"]),
    ("en", "Will I be asleep for the surgery?", []),  # the patient's own question promises nothing
    ("en", "Ask your care team if you will have it.", []),  # nor does a question to ask
    ("en", "Ask your care team. You will heal.", ["will"]),  # but the next statement does
    ("en", "Most spine surgery needs [[general-anesthesia|general anesthesia]]. It may help.", []),
    ("en", "Willow bark is an old remedy.", []),  # whole words only: no "will" in "Willow"
    ("es", "Usted duerme todo el tiempo. Hasta es posible que desaparezca.", ["todo el tiempo", "desaparezca"]),
    ("es", "Una fusión espinal une huesos para siempre.", ["siempre"]),
    ("zh", "整个过程中您都在睡觉。疼痛甚至可能会消失。", ["整个过程", "消失"]),
    ("vi", "Bạn ngủ suốt thời gian mổ. Thậm chí có thể hết hẳn.", ["suốt", "hết hẳn"]),
    ("ar", "وتبقى نائمًا طوال الوقت. بل قد يزول تمامًا.", ["طوال الوقت", "يزول تمام"]),
    ("fr", "Vous dormez tout le temps.", []),  # no list for this language: nothing judged
])
def test_absolute_words_are_found_per_language(lang: str, text: str, found: list[str]) -> None:
    assert words(promise_slips(text, lang)) == found


def test_a_clinician_can_accept_a_word() -> None:
    text = "Never lift anything heavier than what your care team allows."
    assert words(promise_slips(text, "en")) == ["Never"]
    assert promise_slips(text, "en", accepted=["never"]) == []
    message = str(promise_slips("You sleep the whole time.", "en")[0])
    assert "'the whole time'" in message and "You sleep the whole time." in message and "care team" in message


@pytest.mark.parametrize(("label", "text", "named"), [
    ("Bone graft", "The graft goes between two bones of the spine.", True),
    ("Spinous process", "a bony bump, the [[spinous-process|spinous process]]", True),
    ("Vertebra", "joins [[vertebra|vertebrae]], the bones of your spine", True),
    ("Your hip", "It may be bone from your own hip.", True),
    ("Nerve root", "Then the nerves that pass through it have more room.", False),
    ("Screw", "Then metal parts hold them there.", False),
    ("Screw", "Then metal screws and rods hold them there.", True),
    ("Lamina", "A [[laminectomy]] takes out the back part of a bone.", False),  # the link's id does not count
    ("椎间孔", "这个开口叫做[[foramen|椎间孔]]。", True),
    ("螺钉", "金属部件让您的脊柱保持不动。", False),
])
def test_a_page_names_a_part_in_any_form(label: str, text: str, named: bool) -> None:
    assert names(label, text) is named


def test_unnamed_labels_and_parts_unless_a_reviewer_accepted_them() -> None:
    text = "Metal screws hold your spine still."
    labels = [("label-screw", "Screw"), ("label-rod", "Rod")]
    shown = [("show", "screws"), ("show", "rod"), ("highlight", "graft"), ("show", "relief-glow")]
    part_names = {"screws": "screw", "rod": "rod", "graft": "bone graft"}
    found = unnamed_parts(text, labels, shown, part_names)
    assert [(u.part, u.field) for u in found] == [("label-rod", "labels"), ("rod", "show"), ("graft", "highlight")]
    assert "label 'Rod' (label-rod)" in str(found[0]) and "unnamed_ok" in str(found[0])
    assert "highlights the bone graft (graft)" in str(found[2])
    assert unnamed_parts(text, labels, shown, part_names, unnamed_ok=["label-rod", "rod", "graft"]) == []


def test_kit_drawings_name_the_parts_a_page_must_mention() -> None:
    spine = drawing_names(resources_dir() / "kit" / "spine-side.svg")
    assert spine["screws"] == "screw" and spine["rod"] == "rod"
    assert spine["vertebra-middle-spinous-process"] == "spinous process"
    top = drawing_names(resources_dir() / "kit" / "vertebra-top.svg")
    assert top["spinous-process-removed-outline"] == "spinous process"
    assert drawing_names(Path("/nonexistent.svg")) == {}


def test_the_bundled_pack_has_no_promise_and_no_unnamed_part() -> None:
    """The review's findings stay fixed: no absolute word, no label or part the page does not name."""
    result = load_content(bundled_content_dir())
    assert result.ok
    flagged = [str(p) for p in result.warnings if "promises or assumes" in p.message or "does not mention" in p.message]
    assert flagged == []


def _line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def test_validate_warns_about_a_promise_with_file_and_line_and_a_reviewer_can_accept_it(content_copy: Path) -> None:
    topic = content_copy / "topics" / "50-recovery.yaml"
    text = topic.read_text(encoding="utf-8")
    text = text.replace('en: "Rest."', 'en: "Rest. You will never feel pain."', 1)
    topic.write_text(text, encoding="utf-8")
    line = _line_of(topic, "You will never feel pain.")
    result = load_content(content_copy)
    assert result.ok, "a warning, not an error"
    found = sorted(str(p) for p in result.warnings if "promises or assumes" in p.message)
    assert len(found) == 2
    assert f"50-recovery.yaml:{line}: warning: stage 1, to-do 1 (en): 'never'" in found[0]
    assert f"50-recovery.yaml:{line}: warning: stage 1, to-do 1 (en): 'will'" in found[1]
    topic.write_text(text.replace("  sources:", "  accept_words: [never, will]\n  sources:", 1), encoding="utf-8")
    assert not [p for p in load_content(content_copy).warnings if "promises or assumes" in p.message]


def test_validate_warns_about_a_drawing_that_shows_more_than_its_page(content_copy: Path) -> None:
    topic = content_copy / "topics" / "40-diskectomy.yaml"
    text = topic.read_text(encoding="utf-8")
    # The "open surgery" page's back drawing; make the "bulging disc" page's drawing show screws as well.
    text = text.replace("      show: [disc-bulge, nerve-root-pressure-right]",
                        "      show: [disc-bulge, nerve-root-pressure-right, spinous-process-removed-outline]", 1)
    text = text.replace('''        - anchor: label-nerve-root-right
          text: {en: "Nerve",''', '''        - anchor: label-spinous-process
          text: {en: "Bony bump", es: "Bulto", zh: "凸起", vi: "Mấu", ar: "بروز"}
        - anchor: label-nerve-root-right
          text: {en: "Nerve",''', 1)
    topic.write_text(text, encoding="utf-8")
    picture = next(i for i, line in enumerate(text.splitlines(), 1)
                   if line.strip() == "picture:" and i > _line_of(topic, 'en: "A bulging disc"'))
    result = load_content(content_copy)
    assert result.ok
    found = [str(p) for p in result.warnings if "does not mention" in p.message]
    # Reported at the picture's first line (its src).
    assert [f.split(": warning: ")[0].rsplit("/", 1)[-1] for f in found] == [f"40-diskectomy.yaml:{picture + 1}"] * 2
    assert "label 'Bony bump' (label-spinous-process)" in found[0]
    assert "shows the spinous process (spinous-process-removed-outline)" in found[1]
    accepted = text.replace("      highlight: [disc-bulge]\n",
                            "      highlight: [disc-bulge]\n"
                            "      unnamed_ok: [label-spinous-process, spinous-process-removed-outline]\n", 1)
    topic.write_text(accepted, encoding="utf-8")
    assert not [p for p in load_content(content_copy).warnings if "does not mention" in p.message]
    topic.write_text(accepted.replace("unnamed_ok: [label-spinous-process,", "unnamed_ok: [label-spinal-chord,", 1), encoding="utf-8")
    errors = [str(p) for p in load_content(content_copy).errors]
    assert any("has no part 'label-spinal-chord' (unnamed_ok)" in e for e in errors), errors


def test_whom_to_ask_comes_from_the_config_then_the_pack_else_the_care_team() -> None:
    pack = PackInfo(id="spine", title={"en": "Spine"}, version="1", languages=["en", "es"])
    assert care_contact(pack, None, "es") == "", "nothing set: the screen says to ask the care team"
    with_line = pack.model_copy(update={"care_contact": {"en": "Questions? Call 555-0100.", "es": "¿Preguntas? Llame al 555-0100."}})
    assert care_contact(with_line, None, "es") == "¿Preguntas? Llame al 555-0100."
    assert care_contact(with_line, None, "vi") == "Questions? Call 555-0100.", "a language without a line: the default one"
    assert care_contact(with_line, "Call the front desk: 555-0199.", "es") == "Call the front desk: 555-0199."
    assert care_contact(with_line, {"es": "Llame al 555-0199."}, "es") == "Llame al 555-0199."
    assert care_contact(with_line, {"es": "Llame al 555-0199."}, "en") == "Questions? Call 555-0100."
    assert Config(care_contact={"en": "Call 555-0100."}).care_contact == {"en": "Call 555-0100."}
    assert Config(care_contact="Call 555-0100.").care_contact == "Call 555-0100."
