"""What staff read about each installed pack: its title, version, review state and review dates.

Read from the installed version folder without loading the content (no pydantic, no YAML
node tree): pack.yaml's id and title, the manifest's version, sign-off and draft flag, and
each topic's ``review:`` block found by a line scan. Installed versions are validated and
never change, so each folder is read once and remembered.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .manifest import one_line
from .store import PackState

MAX_TOPIC_BYTES = 1_000_000
_REVIEW_START = re.compile(r"^review:(.*)$", re.M)
_STATUS = re.compile(r"\bstatus:\s*['\"]?(draft|approved)\b")
_DUE = re.compile(r"\breview_due:\s*['\"]?(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Reviews:
    """The clinical review state of a pack's topics."""

    topics: int = 0
    drafts: int = 0
    next_due: date | None = None  # the earliest review_due of its topics
    due_dates: tuple[date, ...] = ()

    def overdue(self, today: date) -> int:
        return sum(1 for due in self.due_dates if due < today)


@dataclass(frozen=True)
class PackSummary:
    pack_id: str
    title: str
    version: str
    previous_version: str | None
    signed_off_by: str
    date: str
    draft: bool
    reviews: Reviews
    shown_by_config: bool
    on_screen: bool

    @property
    def can_roll_back(self) -> bool:
        return self.previous_version is not None


def summarize(states: Sequence[PackState], packs: Sequence[str] = ()) -> list[PackSummary]:
    """Each installed pack's summary, in the order this kiosk shows them (config ``packs``), then the rest by id."""
    order = {pack_id: index for index, pack_id in enumerate(packs)}
    ranked = sorted(states, key=lambda s: (order.get(s.pack_id, len(order)), s.pack_id))
    out = []
    for state in ranked:
        manifest = state.manifest
        out.append(PackSummary(
            pack_id=state.pack_id,
            title=_title(state.current),
            version=state.version or "?",
            previous_version=state.previous_version if state.previous is not None else None,
            signed_off_by=one_line(str(manifest.get("signed_off_by") or "?"), 80),
            date=one_line(str(manifest.get("date") or "?"), 40)[:10],
            draft=bool(manifest.get("draft")),
            reviews=reviews(state.current),
            shown_by_config=not packs or state.pack_id in packs,
            on_screen=state.shown is not None and state.shown == state.current,
        ))
    return out


def pack_lines(states: Sequence[PackState], packs: Sequence[str] = (), today: date | None = None) -> list[str]:
    """``kiosk packs``: one line per installed pack."""
    today = today or date.today()
    lines = []
    for s in summarize(states, packs):
        lines.append(f"{s.pack_id} {s.version}: {s.title}; {review_text(s, today)}; signed off by {s.signed_off_by} "
                     f"on {s.date}; " + (f"rollback to {s.previous_version}" if s.can_roll_back else "no rollback")
                     + ("" if s.shown_by_config else "; NOT shown by this kiosk (not in the config's packs)"))
    installed = {s.pack_id for s in states}
    lines += [f"{pack_id}: listed in the config's packs but not installed" for pack_id in packs if pack_id not in installed]
    return lines


def review_text(summary: PackSummary, today: date) -> str:
    """"12 topics, 2 draft, next review due 2027-05-27 (1 OVERDUE)", and DRAFT for a pack packed with --draft."""
    r = summary.reviews
    parts = [f"{r.topics} topic{'s' if r.topics != 1 else ''}"]
    if summary.draft or r.drafts:
        parts.append(f"DRAFT ({r.drafts} not reviewed)" if r.drafts else "DRAFT")
    else:
        parts.append("approved")
    if r.next_due is not None:
        overdue = r.overdue(today)
        parts.append(f"next review due {r.next_due.isoformat()}" + (f" ({overdue} OVERDUE)" if overdue else ""))
    return ", ".join(parts)


@lru_cache(maxsize=64)
def _title_cached(folder: str) -> str:
    from .manifest import pack_yaml

    try:
        info = pack_yaml(Path(folder))
    except (ValueError, OSError):
        return "?"
    title = info.get("title")
    if isinstance(title, dict):
        default = info.get("default_language") or "en"
        title = title.get(default) or next(iter(title.values()), "?")
    return one_line(str(title), 120) if title else "?"


def _title(folder: Path) -> str:
    return _title_cached(str(folder))


@lru_cache(maxsize=64)
def _reviews_cached(folder: str) -> Reviews:
    dues: list[date] = []
    drafts = topics = 0
    try:
        files = sorted((Path(folder) / "topics").glob("*.yaml"))
    except OSError:
        files = []
    for path in files:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(MAX_TOPIC_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        topics += 1
        block = _review_block(text)
        status = _STATUS.search(block)
        if status is None or status.group(1) != "approved":
            drafts += 1
        due = _DUE.search(block)
        if due is not None:
            with contextlib.suppress(ValueError):
                dues.append(date.fromisoformat(due.group(1)))
    return Reviews(topics, drafts, min(dues) if dues else None, tuple(sorted(dues)))


def reviews(folder: Path) -> Reviews:
    """The review state of the topics in an installed version folder (read once per folder)."""
    return _reviews_cached(str(folder))


def _review_block(text: str) -> str:
    """The topic's top-level ``review:`` value: the rest of its line and the indented lines after it."""
    match = _REVIEW_START.search(text)
    if match is None:
        return ""
    lines = [match.group(1)]
    for line in text[match.end():].split("\n")[1:]:
        if line and not line[0].isspace() and not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)
