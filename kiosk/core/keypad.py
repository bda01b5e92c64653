"""Keypad mode: which key does what, the order controls are visited in, and what is said.

A patient who cannot see or touch the screen uses a small tactile keypad (the EZ-Access
layout: up, down, left/back, right, a round enter button, help) or any USB keyboard. Keypads
send ordinary key codes; the codes below are Qt's (``Qt.Key_*``), written out so that this
module stays free of Qt (tests/test_keypad.py checks them against Qt's own values).

The window only forwards keys and draws the focus ring; everything decided here is tested
without a window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

# Qt's key codes (Qt::Key), as a USB HID keypad or keyboard delivers them.
KEY_ESCAPE = 0x01000000
KEY_BACKSPACE = 0x01000003
KEY_RETURN = 0x01000004
KEY_ENTER = 0x01000005  # the keypad's Enter
KEY_HOME = 0x01000010
KEY_LEFT = 0x01000012
KEY_UP = 0x01000013
KEY_RIGHT = 0x01000014
KEY_DOWN = 0x01000015
KEY_F1 = 0x01000030
KEY_SPACE = 0x20
KEY_PLUS = 0x2B
KEY_MINUS = 0x2D
KEY_EQUAL = 0x3D  # "+" without Shift on most keyboards
KEY_QUESTION = 0x3F
KEY_BRACKET_LEFT = 0x5B
KEY_BRACKET_RIGHT = 0x5D
KEY_HELP = 0x01000058
KEY_VOLUME_DOWN = 0x01000070
KEY_VOLUME_UP = 0x01000072
KEY_MEDIA_PLAY = 0x01000080
KEY_MEDIA_TOGGLE = 0x01000086  # Qt::Key_MediaTogglePlayPause


class Action(Enum):
    NEXT = "next"  # the next control in reading order
    PREVIOUS = "previous"
    LEFT = "left"  # turn a page (which way depends on the reading direction)
    RIGHT = "right"
    ACTIVATE = "activate"
    BACK = "back"
    HOME = "home"
    HELP = "help"
    LOUDER = "louder"
    SOFTER = "softer"
    FASTER = "faster"
    SLOWER = "slower"
    PLAY = "play"  # start or pause the narrated walk-through


KEYS: dict[int, Action] = {
    KEY_DOWN: Action.NEXT,
    KEY_UP: Action.PREVIOUS,
    KEY_LEFT: Action.LEFT,
    KEY_RIGHT: Action.RIGHT,
    KEY_RETURN: Action.ACTIVATE,
    KEY_ENTER: Action.ACTIVATE,
    KEY_SPACE: Action.ACTIVATE,
    KEY_ESCAPE: Action.BACK,
    KEY_BACKSPACE: Action.BACK,
    KEY_HOME: Action.HOME,
    KEY_F1: Action.HELP,
    KEY_HELP: Action.HELP,
    KEY_QUESTION: Action.HELP,
    KEY_VOLUME_UP: Action.LOUDER,
    KEY_PLUS: Action.LOUDER,
    KEY_EQUAL: Action.LOUDER,
    KEY_VOLUME_DOWN: Action.SOFTER,
    KEY_MINUS: Action.SOFTER,
    KEY_BRACKET_RIGHT: Action.FASTER,
    KEY_BRACKET_LEFT: Action.SLOWER,
    KEY_MEDIA_PLAY: Action.PLAY,
    KEY_MEDIA_TOGGLE: Action.PLAY,
}


def action_for(key: int, text: str = "") -> Action | None:
    """The action of a key press, or None for a key the keypad does not use.

    ``text`` covers keyboards whose layout puts "?" or "+" on a shifted key with another code.
    """
    action = KEYS.get(key)
    if action is None and text:
        action = {"?": Action.HELP, "+": Action.LOUDER, "-": Action.SOFTER}.get(text)
    return action


def page_step(action: Action, rtl: bool) -> int:
    """+1 (forward), -1 (back) or 0 for Left/Right: in a right-to-left language pages turn leftwards."""
    if action is Action.RIGHT:
        return -1 if rtl else 1
    if action is Action.LEFT:
        return 1 if rtl else -1
    return 0


@dataclass(frozen=True)
class Box:
    """A control's place on the screen (scene pixels)."""

    x: float
    y: float
    width: float
    height: float


def reading_order(boxes: Sequence[Box], rtl: bool) -> list[int]:
    """Indexes of ``boxes`` in reading order: rows top to bottom, each row left to right
    (right to left in Arabic). A box whose vertical middle lies within a row's first box
    belongs to that row, so buttons of slightly different heights still read as one row."""
    rows: list[list[int]] = []
    row_band: tuple[float, float] | None = None
    for i in sorted(range(len(boxes)), key=lambda i: (boxes[i].y, boxes[i].x)):
        box = boxes[i]
        middle = box.y + box.height / 2
        if row_band is not None and row_band[0] <= middle <= row_band[1]:
            rows[-1].append(i)
        else:
            rows.append([i])
            row_band = (box.y, box.y + box.height)
    order: list[int] = []
    for row in rows:
        order.extend(sorted(row, key=lambda i: boxes[i].x + boxes[i].width / 2, reverse=rtl))
    return order


def moved(index: int, count: int, step: int) -> int:
    """The focus after Up (-1) or Down (+1): wraps around; from no focus, Down starts at the first
    control and Up at the last."""
    if count <= 0:
        return -1
    if index < 0 or index >= count:
        return 0 if step >= 0 else count - 1
    return (index + step) % count


# ---- what is said ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Words:
    """The translated words speech is built from (the window's qsTr strings, in the patient's language)."""

    button: str = "button"
    text: str = "text"
    help: str = ("Keypad: up and down move between controls. Enter chooses. Left and right turn pages. "
                 "Escape goes back. Home starts over. Plus and minus change the volume, "
                 "square brackets the speed. Play reads the whole topic aloud.")
    named: str = "%1, %2"  # a control's name, then its role: "Next, button"
    place: str = "%1, %2"  # a screen's title, then where the patient is: "Laminectomy, step 3 of 8"


def fill(pattern: str, *values: str) -> str:
    """Qt's %1, %2 placeholders, filled without reading placeholders inside the values."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "%" and i + 1 < len(pattern) and pattern[i + 1].isdigit():
            n = int(pattern[i + 1]) - 1
            out.append(values[n] if 0 <= n < len(values) else "")
            i += 2
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)


def control_phrase(name: str, role: str, words: Words) -> str:
    """What is said when the focus lands on a control: "Next, button"."""
    role_word = words.text if role == "text" else words.button
    name = " ".join(name.split())
    return fill(words.named, name, role_word) if name else role_word


def screen_phrase(title: str, place: str, words: Words) -> str:
    """What is said when a new screen shows: "Laminectomy, step 3 of 8" (or only the title)."""
    title, place = " ".join(title.split()), " ".join(place.split())
    if title and place:
        return fill(words.place, title, place)
    return title or place


# ---- the voice the patient set ----------------------------------------------------------------

RATE_STEP = 0.2
VOLUME_STEP = 0.1
DEFAULT_RATE = 0.0  # QTextToSpeech: -1 (slowest) .. 1 (fastest)
DEFAULT_VOLUME = 0.8  # 0 .. 1; room to go louder


@dataclass(frozen=True)
class Voice:
    """Speech rate and volume from the keypad; the next patient starts from the defaults."""

    rate: float = DEFAULT_RATE
    volume: float = DEFAULT_VOLUME

    def after(self, action: Action) -> Voice:
        rate, volume = self.rate, self.volume
        if action is Action.FASTER:
            rate += RATE_STEP
        elif action is Action.SLOWER:
            rate -= RATE_STEP
        elif action is Action.LOUDER:
            volume += VOLUME_STEP
        elif action is Action.SOFTER:
            volume -= VOLUME_STEP
        return Voice(round(min(1.0, max(-1.0, rate)), 2), round(min(1.0, max(0.1, volume)), 2))
