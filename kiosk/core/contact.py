"""Whom a patient asks: the clinic's own "Questions? Call ..." line on the finish screen.

The line is written and approved by the clinic, never by the kiosk's makers: a content pack
may carry one (``care_contact`` in pack.yaml, one text per language) and the config may set
or override it for one kiosk (``care_contact``: one text, or one per language). With neither,
the screen tells the patient to ask their care team.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import PackInfo


def care_contact(pack: PackInfo, configured: str | Mapping[str, str] | None, language: str) -> str:
    """The clinic's line in ``language`` (or the pack's default language), or "" when none is set."""
    if isinstance(configured, str):
        return configured.strip()
    for source in (configured, pack.care_contact):
        if source:
            text = source.get(language) or source.get(pack.default_language) or ""
            if text.strip():
                return text.strip()
    return ""


__all__ = ["care_contact"]
