"""'Check what you learned' without Qt: the rules, the words, the usage counts and the admin rows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kiosk.core import adminreport, teachback
from kiosk.core.loader import Content
from kiosk.core.session import Screen, Session
from kiosk.core.teachback import check_view
from kiosk.core.usage import UsageCounts


def at_questions(content: Content, topic: str = "laminectomy") -> tuple[Session, list[tuple[str, str | None]]]:
    heard: list[tuple[str, str | None]] = []
    s = Session(content, observer=lambda event, key: heard.append((event, key)))
    s.start()
    s.open_topic(topic)
    for _ in range(s.page_count):
        s.next()
    assert s.screen is Screen.CHECK
    return s, heard


def test_after_the_last_page_come_the_questions_then_the_finish_screen(bundled_content: Content) -> None:
    s, heard = at_questions(bundled_content)
    assert ("finished", "laminectomy") in heard, "the walk-through counts as finished when its pages are done"
    view = check_view(s)
    assert (view.heading, view.counter, view.state) == ("Check what you learned", "Question 1 of 2", "ask")
    assert view.question == "What does a laminectomy take out?"
    assert len(view.answers) == 3 and view.next_text == "Skip"
    s.answer(0)
    view = check_view(s)
    assert view.state == "right" and view.feedback.startswith("Yes") and view.explanation == ""
    assert [a.state for a in view.answers] == ["right", "", ""]
    assert view.next_text == "Next question"
    s.next()
    assert (s.screen, check_view(s).counter) == (Screen.CHECK, "Question 2 of 2")
    s.answer(0)
    assert check_view(s).next_text == "Done"
    s.next()
    assert s.screen is Screen.FINISH
    s.back()
    assert (s.screen, s.page_index) == (Screen.WALK, s.page_count - 1)
    s.next()
    assert s.screen is Screen.FINISH, "answered once: not asked again on the way back"
    s.restart_topic()
    for _ in range(s.page_count):
        s.next()
    assert s.screen is Screen.CHECK, "seeing the topic again asks again"


def test_a_wrong_answer_explains_opens_its_step_and_asks_again(bundled_content: Content) -> None:
    s, heard = at_questions(bundled_content)
    s.answer(1)
    view = check_view(s)
    assert view.state == "wrong" and view.feedback == "Not quite, and that is OK."
    assert "lamina" in view.explanation and view.open_step == "Show me that step"
    assert view.next_text == "Skip"
    s.open_question_step()
    assert (s.screen, s.page_index) == (Screen.WALK, 0), "the question comes from step 1"
    assert check_view(s).returning and check_view(s).return_text == "Back to the question"
    s.next()
    assert s.screen is Screen.CHECK
    view = check_view(s)
    assert view.state == "ask" and view.counter == "Question 1 of 2", "the same question, asked again"
    s.answer(0)
    assert check_view(s).state == "right"
    assert heard.count((teachback.ANSWERED, "laminectomy#1")) == 1
    assert (teachback.RIGHT_FIRST, "laminectomy#1") not in heard, "right only at the second try"
    # Back on the step also returns to the question.
    s.next()
    s.answer(1)
    s.open_question_step()
    assert (s.screen, s.page_index) == (Screen.WALK, 4)
    s.back()
    assert s.screen is Screen.CHECK and check_view(s).counter == "Question 2 of 2"


def test_skip_goes_to_the_finish_screen_and_home_forgets(bundled_content: Content) -> None:
    s, _ = at_questions(bundled_content, "recovery")
    s.next()
    assert s.screen is Screen.FINISH
    s, _ = at_questions(bundled_content, "recovery")
    s.answer(1)
    s.skip_questions()
    assert s.screen is Screen.FINISH
    s, _ = at_questions(bundled_content)
    s.answer(1)
    s.open_question_step()
    s.reset()
    assert s.check == teachback.CheckState() and check_view(s) == teachback.CheckView()
    s.start()
    s.open_topic("laminectomy")
    s.next()
    assert s.page_index == 1, "after the idle reset, Next is an ordinary Next again"


def test_back_from_the_first_question_is_the_last_page(bundled_content: Content) -> None:
    s, _ = at_questions(bundled_content)
    s.answer(0)
    s.next()
    s.back()
    assert check_view(s).counter == "Question 1 of 2"
    s.back()
    assert (s.screen, s.page_index) == (Screen.WALK, s.page_count - 1)


def test_the_words_in_every_language_and_arabic(bundled_content: Content) -> None:
    for language in bundled_content.pack.languages:
        assert set(teachback.words(language)) == set(teachback.WORDS["en"]), language
    s, _ = at_questions(bundled_content)
    s.set_language("ar")
    view = check_view(s)
    assert view.heading == "تحقّق مما تعلّمته" and view.counter == "السؤال 1 من 2"
    assert view.question == "ماذا يُزال في استئصال الصفيحة الفقرية؟"


def test_usage_counts_each_question_answered_and_right_at_the_first_try(tmp_path: Path, bundled_content: Content) -> None:
    counts = UsageCounts(tmp_path / "usage.json", today=lambda: date(2026, 12, 6))
    s = Session(bundled_content, observer=counts.record)
    for first in (0, 1, 0):  # three patients: right, wrong then right, right
        s.reset()
        s.start()
        s.open_topic("laminectomy")
        for _ in range(s.page_count):
            s.next()
        s.answer(first)
        s.answer(0)
        s.skip_questions()
    day = counts.totals(1)
    assert day["check_answered"] == {"laminectomy#1": 3}
    assert day["check_right_first"] == {"laminectomy#1": 2}
    counts.flush()
    csv = counts.to_csv()
    assert "2026-12-06,check_answered,laminectomy#1,3" in csv
    assert "2026-12-06,check_right_first,laminectomy#1,2" in csv
    rows = adminreport.usage_rows(day)
    assert any(r.text == "Check question 1 of laminectomy: right at the first try 2 of 3 (67%)" for r in rows)


def test_old_usage_files_without_question_counts_still_load(tmp_path: Path) -> None:
    path = tmp_path / "usage.json"
    old = {"topics_opened": {"overview": 1}, "finished": {}, "languages": {"en": 1}, "steps_viewed": 4, "idle_resets": 0}
    path.write_text(json.dumps({"version": 1, "days": {"2026-12-01": old}}))
    counts = UsageCounts(path, today=lambda: date(2026, 12, 6))
    assert counts.days["2026-12-01"]["check_answered"] == {}
    assert counts.totals(30)["topics_opened"] == {"overview": 1}
    assert path.exists(), "not set aside as corrupt"
    rows = adminreport.usage_rows(counts.totals(30))
    assert any(r.text == "Check questions answered: 0" for r in rows)


def test_an_answer_that_reads_the_same_in_the_second_language_is_not_shown_twice(bundled_content: Content) -> None:
    """As everywhere else (pageview.in_second): a name or a number that reads the same in both
    languages is shown once, not repeated in grey under itself."""
    s, _ = at_questions(bundled_content)
    s.set_second_language("es")
    assert s.topic is not None and s.topic.check
    answer = s.topic.check[0].answers[0].text
    saved = dict(answer)
    try:
        answer["es"] = answer["en"]
        view = check_view(s)
        assert view.answers[0].text2 == ""
        assert view.answers[1].text2 != "" and view.question2 != ""
    finally:
        answer.clear()
        answer.update(saved)
