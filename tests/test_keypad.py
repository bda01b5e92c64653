"""Keypad mode's rules, without a window: keys, reading order, page turns, phrases, the voice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.core import keypad
from kiosk.core.keypad import Action, Box, Voice, Words, action_for, control_phrase, moved, page_step, reading_order, screen_phrase


def test_the_key_codes_are_qt_s() -> None:
    """The core spells Qt's key codes out (it may not import Qt): they must be the real ones."""
    names = {name: value for name, value in vars(keypad).items() if name.startswith("KEY_")}
    qt_names = {"KEY_ENTER": "Key_Enter", "KEY_RETURN": "Key_Return", "KEY_ESCAPE": "Key_Escape", "KEY_BACKSPACE": "Key_Backspace",
                "KEY_HOME": "Key_Home", "KEY_LEFT": "Key_Left", "KEY_UP": "Key_Up", "KEY_RIGHT": "Key_Right", "KEY_DOWN": "Key_Down",
                "KEY_F1": "Key_F1", "KEY_SPACE": "Key_Space", "KEY_PLUS": "Key_Plus", "KEY_MINUS": "Key_Minus", "KEY_EQUAL": "Key_Equal",
                "KEY_QUESTION": "Key_Question", "KEY_BRACKET_LEFT": "Key_BracketLeft", "KEY_BRACKET_RIGHT": "Key_BracketRight",
                "KEY_HELP": "Key_Help", "KEY_VOLUME_DOWN": "Key_VolumeDown", "KEY_VOLUME_UP": "Key_VolumeUp",
                "KEY_MEDIA_PLAY": "Key_MediaPlay", "KEY_MEDIA_TOGGLE": "Key_MediaTogglePlayPause"}
    assert set(names) == set(qt_names)
    for name, value in names.items():
        assert value == getattr(Qt.Key, qt_names[name]).value, name


@pytest.mark.parametrize(("key", "text", "action"), [
    (keypad.KEY_DOWN, "", Action.NEXT), (keypad.KEY_UP, "", Action.PREVIOUS),
    (keypad.KEY_RETURN, "\r", Action.ACTIVATE), (keypad.KEY_ENTER, "\r", Action.ACTIVATE),
    (keypad.KEY_ESCAPE, "", Action.BACK), (keypad.KEY_HOME, "", Action.HOME),
    (keypad.KEY_F1, "", Action.HELP), (keypad.KEY_QUESTION, "?", Action.HELP),
    (0x01000020, "?", Action.HELP),  # "?" typed with Shift on a layout that sends another code
    (keypad.KEY_VOLUME_UP, "", Action.LOUDER), (keypad.KEY_VOLUME_DOWN, "", Action.SOFTER),
    (keypad.KEY_PLUS, "+", Action.LOUDER), (keypad.KEY_MINUS, "-", Action.SOFTER),
    (0x41, "a", None),  # letters do nothing
])
def test_keys(key: int, text: str, action: Action | None) -> None:
    assert action_for(key, text) is action


def test_left_and_right_follow_the_reading_direction() -> None:
    assert page_step(Action.RIGHT, rtl=False) == 1 and page_step(Action.LEFT, rtl=False) == -1
    assert page_step(Action.LEFT, rtl=True) == 1 and page_step(Action.RIGHT, rtl=True) == -1
    assert page_step(Action.NEXT, rtl=False) == 0


def test_reading_order_is_rows_then_across_and_mirrored_in_arabic() -> None:
    boxes = [
        Box(800, 900, 200, 100),  # 0: bottom bar, right
        Box(0, 900, 200, 110),  # 1: bottom bar, left (a little taller: still the same row)
        Box(400, 905, 200, 90),  # 2: bottom bar, middle
        Box(0, 100, 600, 300),  # 3: a tile, top left
        Box(700, 100, 600, 300),  # 4: a tile, top right
    ]
    assert reading_order(boxes, rtl=False) == [3, 4, 1, 2, 0]
    assert reading_order(boxes, rtl=True) == [4, 3, 0, 2, 1]
    assert reading_order([], rtl=False) == []


def test_up_and_down_wrap_around() -> None:
    assert moved(-1, 4, 1) == 0 and moved(-1, 4, -1) == 3
    assert moved(3, 4, 1) == 0 and moved(0, 4, -1) == 3
    assert moved(1, 4, 1) == 2
    assert moved(-1, 0, 1) == -1


def test_phrases() -> None:
    words = Words()
    assert control_phrase("Next", "button", words) == "Next, button"
    assert control_phrase("  Read\n aloud ", "button", words) == "Read aloud, button"
    assert control_phrase("Step one", "text", words) == "Step one, text"
    assert screen_phrase("Laminectomy", "Step 3 of 8", words) == "Laminectomy, Step 3 of 8"
    assert screen_phrase("Laminectomy", "", words) == "Laminectomy"
    arabic = Words(button="زر", named="%1، %2")
    assert control_phrase("التالي", "button", arabic) == "التالي، زر"
    # A name holding "%2" is said as it is, not filled in again.
    assert control_phrase("50%2 off", "button", words) == "50%2 off, button"


def test_the_voice_moves_in_steps_within_bounds_and_resets() -> None:
    voice = Voice()
    assert voice.after(Action.LOUDER).volume > voice.volume
    assert voice.after(Action.FASTER).rate > voice.rate
    loud = voice
    for _ in range(20):
        loud = loud.after(Action.LOUDER).after(Action.SLOWER)
    assert loud.volume == 1.0 and loud.rate == -1.0
    quiet = voice
    for _ in range(20):
        quiet = quiet.after(Action.SOFTER)
    assert quiet.volume == 0.1, "never silent: a patient who turned it all the way down still hears something"
    assert Voice() == Voice(keypad.DEFAULT_RATE, keypad.DEFAULT_VOLUME)
