"""The page's text slots (kiosk/core/textslots.py): the text of the pages a tap shows next is
put into hidden slots, and the tap that shows it only changes which slot is shown."""

from __future__ import annotations

import pytest

from kiosk.core.textslots import TextSlots


def test_a_text_put_ahead_is_shown_from_its_slot_without_changing_any_slot() -> None:
    slots = TextSlots("")
    slots.show("page 1")
    slots.ahead(["page 2"])
    before = list(slots.texts)
    slots.show("page 2")  # Next
    assert slots.texts == before and slots.texts[slots.shown] == "page 2"
    slots.ahead(["page 3", "page 1"])
    assert sorted(slots.texts) == ["page 1", "page 2", "page 3"] and slots.texts[slots.shown] == "page 2"
    slots.show("page 1")  # Back: its text was kept
    assert sorted(slots.texts) == ["page 1", "page 2", "page 3"] and slots.texts[slots.shown] == "page 1"


def test_putting_texts_ahead_never_changes_the_slot_shown() -> None:
    slots = TextSlots("")
    slots.show("now")
    for texts in (["a", "b"], ["c", "d", "e"], ["now", "f"], []):
        slots.ahead(texts)
        assert slots.texts[slots.shown] == "now"
    assert "f" in slots.texts, "the text shown is not put ahead again; the next one is"


def test_a_text_not_put_ahead_replaces_one_no_text_ahead_is_kept_in() -> None:
    slots = TextSlots("")
    slots.show("page 1")
    slots.ahead(["page 2"])
    slots.show("another topic")  # Home, then another topic: nothing was laid out for it
    assert slots.texts[slots.shown] == "another topic" and "page 2" in slots.texts
    slots.ahead(["x", "y", "z"])  # more than the hidden slots hold: the likeliest first
    assert sorted(slots.texts) == ["another topic", "x", "y"]


def test_one_slot_shows_every_text_itself() -> None:
    slots = TextSlots("", 1)
    slots.show("a")
    slots.ahead(["b"])
    assert slots.texts == ["a"]
    slots.show("b")
    assert slots.texts == ["b"] and slots.shown == 0
    with pytest.raises(ValueError, match="at least one slot"):
        TextSlots("", 0)


def test_a_checklist_is_kept_as_a_tuple_of_its_lines() -> None:
    slots: TextSlots[tuple[bool, tuple[str, ...]]] = TextSlots((False, ()))
    slots.show((False, ("Walk a little.",)))
    slots.ahead([(True, ("Point 1", "Point 2")), (False, ())])
    assert (True, ("Point 1", "Point 2")) in slots.texts
    slots.show((True, ("Point 1", "Point 2")))
    assert slots.texts[slots.shown] == (True, ("Point 1", "Point 2"))
