"""The admin screen's report: every line staff read, and which of them are alerts.

The runtime gathers the facts (clock, memory, config, store, voices, log); this module
words them and decides what needs attention. QML shows the rows and colours a row by its
``alert`` flag, never by what its text says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .languages import english_name
from .usage import KEYED, PLAIN, QUESTIONS

if TYPE_CHECKING:
    from .loader import Content
    from .packs.summary import PackSummary

REACH_UNSET = "Set screen_height_mm and screen_bottom_mm in the config to check seated reach (38-122 cm)."
REACH_CHECKING = "Checking which controls are within reach…"
REACH_ALL_FINE = "All controls lie between 38 and 122 cm above the floor."
NO_STORE = "Content packs are not set up (content_store in the config)."
NO_PACKS = "No content packs installed: the kiosk shows its own content (content_dir, else the bundled content)."
USAGE_NAMES = {"topics_opened": "Topics opened", "finished": "Walk-throughs finished", "languages": "Languages",
               "steps_viewed": "Steps viewed", "idle_resets": "Idle resets",
               "check_answered": "Check questions answered", "check_right_first": "Right at the first try"}


@dataclass(frozen=True)
class Row:
    """One line of the report; ``key`` names it for tests and screen readers ("" for plain lists).

    ``action``: what a button beside the line acts on (an installed pack's id: "Roll back"), or "".
    """

    text: str
    alert: bool = False
    key: str = ""
    action: str = ""


@dataclass(frozen=True)
class AdminReport:
    info: tuple[Row, ...] = ()
    reviews: tuple[Row, ...] = ()
    reach: tuple[Row, ...] = ()
    packs: tuple[Row, ...] = ()
    voices: tuple[Row, ...] = ()
    problems: tuple[Row, ...] = ()
    errors: tuple[Row, ...] = ()
    usage_today: tuple[Row, ...] = ()
    usage_month: tuple[Row, ...] = ()


@dataclass(frozen=True)
class PackEvent:
    """One entry of the content-pack log (installed, refused, rolled back)."""

    stamp: str  # "YYYY-MM-DD HH:MM"
    text: str
    alert: bool = False

    @property
    def row(self) -> Row:
        return Row(f"{self.stamp} {self.text}", self.alert)


def installed(stamp: str, name: str, version: str | None) -> PackEvent:
    return PackEvent(stamp, f"installed {name} ({version})")


def refused(stamp: str, name: str, reason: str) -> PackEvent:
    return PackEvent(stamp, f"REFUSED {name}: {reason}", alert=True)


def content_version(content: Content | None) -> str:
    """The packs on screen as "id version" (comma-separated), or "none" before any content is loaded."""
    if content is None:
        return "none"
    return ", ".join(f"{shown.info.id} {shown.info.version}" for shown in content.packs)


def info_rows(*, kiosk_name: str, app_version: str, content: Content | None, drafts: Sequence[str], uptime_seconds: float,
              memory_bytes: int, config_path: Path, config_found: bool, config_ok: bool) -> tuple[Row, ...]:
    draft_note = " (DRAFT: not approved for patients)" if drafts else ""
    return (
        Row(f"Kiosk: {kiosk_name}", key="kiosk"),
        Row(f"App version: {app_version}", key="version"),
        Row(f"Content version: {content_version(content)}{draft_note}", alert=bool(drafts), key="content"),
        Row(f"Uptime: {timedelta(seconds=int(uptime_seconds))}", key="uptime"),
        Row(f"Memory: {memory_bytes / 2**20:.0f} MB", key="memory"),
        Row(f"Config: {config_path}" + ("" if config_found else " (not found: defaults)"), alert=not config_ok, key="config"),
    )


def review_rows(content: Content | None, today: date) -> tuple[Row, ...]:
    """Each topic's clinical review (an overdue one is an alert), then each translation's."""
    if content is None:
        return ()
    rows = []
    for topic in content.topics:
        due = topic.review.review_due
        status = "approved" if topic.review.status == "approved" else "draft, not reviewed"
        overdue = due < today
        rows.append(Row(f"{topic.id}: review due {due.isoformat()}{' (OVERDUE)' if overdue else ''}, {status}",
                        alert=overdue, key=topic.id))
    pack = content.pack
    for lang in pack.languages:
        if lang == pack.default_language:
            continue
        review = pack.translations.get(lang)
        approved = review is not None and review.status == "approved"
        by = f"reviewed by {review.reviewed_by}" if approved and review is not None else "NOT reviewed by a clinician"
        rows.append(Row(f"{english_name(lang)} ({lang}) translation: {by}", alert=not approved, key=f"lang-{lang}"))
    return tuple(rows)


def reach_rows(configured: bool, outside: Sequence[str] | None) -> tuple[Row, ...]:
    """Seated reach: ``outside`` lists the controls out of reach (None: not checked yet)."""
    if not configured:
        return (Row(REACH_UNSET),)
    if outside is None:
        return (Row(REACH_CHECKING),)
    if not outside:
        return (Row(REACH_ALL_FINE),)
    return tuple(Row(line, alert=True) for line in outside)


def draft_rows(drafts: Sequence[str]) -> tuple[Row, ...]:
    if not drafts:
        return ()
    more = f"; and {len(drafts) - 3} more" if len(drafts) > 3 else ""
    return (Row(f"DRAFT: the content on screen is not approved for patients: {'; '.join(drafts[:3])}{more}", alert=True),)


def pack_rows(*, drafts: Sequence[str], store_set_up: bool, problem: str | None = None, checking: tuple[str, float] | None = None,
              packs: Sequence[PackSummary] = (), missing: Sequence[str] = (), today: date | None = None,
              log: Sequence[PackEvent] = ()) -> tuple[Row, ...]:
    """The content store's state: one row per installed pack (in the order the kiosk shows them), the packs the
    config's ``packs`` names that are not installed (``missing``), then the log, newest entry first;
    ``checking`` is (pack name, seconds so far)."""
    if not store_set_up:
        return (*draft_rows(drafts), Row(NO_STORE))
    rows = [Row(f"PROBLEM: {problem}", alert=True)] if problem else []
    rows += draft_rows(drafts)
    if checking is not None:
        rows.append(Row(f"checking {checking[0]} ({checking[1]:.0f} s so far)"))
    rows += [pack_row(pack, today or date.today()) for pack in packs] or [Row(NO_PACKS)]
    rows += [Row(f"{pack_id}: listed in the config's packs but not installed", alert=True, key=f"missing-{pack_id}")
             for pack_id in missing]
    return (*rows, *(event.row for event in reversed(log)))


def pack_row(pack: PackSummary, today: date) -> Row:
    """"spine-fbss 2026.12.1 (Spine surgery ...): 6 topics, approved, next review due 2027-05-27; on screen; can roll back to 2026.11.1"."""
    from .packs.summary import review_text

    reviews = review_text(pack, today)
    where = "on screen" if pack.on_screen else "shown from the next idle reset" if pack.shown_by_config else \
        "NOT shown (not in the config's packs)"
    back = f"can roll back to {pack.previous_version}" if pack.can_roll_back else "no earlier version to roll back to"
    alert = pack.draft or pack.reviews.drafts > 0 or pack.reviews.overdue(today) > 0
    return Row(f"{pack.pack_id} {pack.version} ({pack.title}): {reviews}; {where}; {back}", alert=alert,
               key=f"pack-{pack.pack_id}", action=pack.pack_id if pack.can_roll_back else "")


def alert_rows(lines: Iterable[str]) -> tuple[Row, ...]:
    return tuple(Row(line, alert=True) for line in lines)


def plain_rows(lines: Iterable[str]) -> tuple[Row, ...]:
    return tuple(Row(line) for line in lines)


def usage_rows(totals: Mapping[str, Any]) -> tuple[Row, ...]:
    """Anonymous counts, one line each; the keyed ones most frequent first."""
    rows = [Row(f"{USAGE_NAMES[key]}: {totals[key]}") for key in PLAIN]
    for key in KEYED:
        if key in QUESTIONS:
            continue
        parts = ", ".join(f"{k} {v}" for k, v in sorted(totals[key].items(), key=lambda kv: -kv[1]))
        rows.append(Row(f"{USAGE_NAMES[key]}: {parts or '0'}"))
    return tuple(rows) + question_rows(totals)


def question_rows(totals: Mapping[str, Any]) -> tuple[Row, ...]:
    """One line per "Check what you learned" question answered: how many patients answered it and
    how many were right at the first try, lowest rate first (the step that confuses people most)."""
    answered: Mapping[str, int] = totals.get("check_answered", {})
    right: Mapping[str, int] = totals.get("check_right_first", {})

    def rate(key: str) -> float:
        return right.get(key, 0) / answered[key] if answered[key] else 1.0

    rows = []
    for key in sorted((k for k, n in answered.items() if n > 0), key=lambda k: (rate(k), k)):
        topic, _, number = key.rpartition("#")
        rows.append(Row(f"Check question {number} of {topic}: right at the first try {right.get(key, 0)} "
                        f"of {answered[key]} ({round(100 * rate(key))}%)", key=f"check:{key}"))
    if not rows:
        rows.append(Row(f"{USAGE_NAMES['check_answered']}: 0"))
    return tuple(rows)
