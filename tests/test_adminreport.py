"""The admin screen's report, built by the core: its lines and which of them are alerts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.core import adminreport
from kiosk.core.adminreport import PackEvent, Row
from kiosk.core.loader import Content


def info(content: Content | None, drafts: list[str], *, found: bool = True, ok: bool = True) -> dict[str, Row]:
    rows = adminreport.info_rows(kiosk_name="Lobby 2", app_version="1.2", content=content, drafts=drafts, uptime_seconds=3725.9,
                                 memory_bytes=80 * 2**20, config_path=Path("/etc/kiosk.yaml"), config_found=found, config_ok=ok)
    return {row.key: row for row in rows}


def test_status_lines(bundled_content: Content) -> None:
    rows = info(bundled_content, [])
    assert [r.text for r in rows.values()] == [
        "Kiosk: Lobby 2", "App version: 1.2", f"Content version: spine-fbss {bundled_content.pack.version}",
        "Uptime: 1:02:05", "Memory: 80 MB", "Config: /etc/kiosk.yaml"]
    assert not any(r.alert for r in rows.values())
    assert info(None, [])["content"].text == "Content version: none"


def test_a_draft_and_a_bad_config_are_alerts(bundled_content: Content) -> None:
    rows = info(bundled_content, ["topic 'overview' is a draft"], found=False, ok=False)
    assert rows["content"].alert and rows["content"].text.endswith("(DRAFT: not approved for patients)")
    assert rows["config"].alert and rows["config"].text == "Config: /etc/kiosk.yaml (not found: defaults)"


def test_reviews_overdue_and_untranslated_are_alerts(bundled_content: Content) -> None:
    topic = bundled_content.topics[0]
    due = topic.review.review_due
    before = {r.key: r for r in adminreport.review_rows(bundled_content, due)}
    after = {r.key: r for r in adminreport.review_rows(bundled_content, date.fromordinal(due.toordinal() + 1))}
    assert not before[topic.id].alert and "(OVERDUE)" not in before[topic.id].text
    assert after[topic.id].alert and f"{topic.id}: review due {due.isoformat()} (OVERDUE)" in after[topic.id].text
    arabic = before["lang-ar"]
    assert arabic.text.startswith("Arabic (ar) translation: NOT reviewed") and arabic.alert
    assert adminreport.review_rows(None, due) == ()


def test_reach_lines() -> None:
    assert adminreport.reach_rows(False, None) == (Row(adminreport.REACH_UNSET),)
    assert adminreport.reach_rows(True, None) == (Row(adminreport.REACH_CHECKING),)
    assert adminreport.reach_rows(True, []) == (Row(adminreport.REACH_ALL_FINE),)
    assert adminreport.reach_rows(True, ["Next: 130 cm above the floor: higher than 122 cm"]) == (
        Row("Next: 130 cm above the floor: higher than 122 cm", alert=True),)


def test_pack_lines_problem_draft_and_refusals_are_alerts() -> None:
    log = [adminreport.installed("2026-12-01 10:00", "a.zip", "2026.12.1"),
           adminreport.refused("2026-12-02 10:00", "b.zip", "bad signature"),
           PackEvent("2026-12-03 10:00", "rolled back to 2026.11.1")]
    rows = adminreport.pack_rows(drafts=["one", "two", "three", "four"], store_set_up=True, problem="cannot write",
                                 checking=("c.zip", 12.4), log=log)
    assert [(r.text, r.alert) for r in rows] == [
        ("PROBLEM: cannot write", True),
        ("DRAFT: the content on screen is not approved for patients: one; two; three; and 1 more", True),
        ("checking c.zip (12 s so far)", False),
        (adminreport.NO_PACKS, False),
        ("2026-12-03 10:00 rolled back to 2026.11.1", False),
        ("2026-12-02 10:00 REFUSED b.zip: bad signature", True),
        ("2026-12-01 10:00 installed a.zip (2026.12.1)", False),
    ]
    assert adminreport.pack_rows(drafts=[], store_set_up=False) == (Row(adminreport.NO_STORE),)


def test_usage_lines() -> None:
    totals = {"topics_opened": {"overview": 2, "recovery": 5}, "finished": {}, "languages": {"en": 3},
              "steps_viewed": 17, "idle_resets": 4}
    texts = [r.text for r in adminreport.usage_rows(totals)]
    assert "Steps viewed: 17" in texts and "Idle resets: 4" in texts
    assert "Topics opened: recovery 5, overview 2" in texts, "most often first"
    assert "Walk-throughs finished: 0" in texts
    assert not any(r.alert for r in adminreport.usage_rows(totals))


def test_one_row_per_pack_with_version_review_dates_and_rollback() -> None:
    from kiosk.core.packs.summary import PackSummary, Reviews

    def pack(pack_id: str, previous: str | None, reviews: Reviews, *, draft: bool = False, listed: bool = True,
             on_screen: bool = True) -> PackSummary:
        return PackSummary(pack_id, f"Title of {pack_id}", "2.0", previous, "Dr. A", "2026-12-01", draft, reviews, listed, on_screen)

    today = date(2027, 1, 10)
    fine = Reviews(3, 0, date(2027, 6, 1), (date(2027, 6, 1),) * 3)
    late = Reviews(2, 1, date(2027, 1, 1), (date(2027, 1, 1), date(2027, 8, 1)))
    rows = adminreport.pack_rows(drafts=[], store_set_up=True, today=today, packs=[
        pack("spine-fbss", "1.0", fine), pack("joint-replacement", None, late, on_screen=False),
        pack("hand-surgery", None, fine, draft=True, listed=False, on_screen=False)], missing=["knee-surgery"])
    assert [(r.text, r.alert, r.key, r.action) for r in rows] == [
        ("spine-fbss 2.0 (Title of spine-fbss): 3 topics, approved, next review due 2027-06-01; on screen; "
         "can roll back to 1.0", False, "pack-spine-fbss", "spine-fbss"),
        ("joint-replacement 2.0 (Title of joint-replacement): 2 topics, DRAFT (1 not reviewed), next review due 2027-01-01 "
         "(1 OVERDUE); shown from the next idle reset; no earlier version to roll back to", True, "pack-joint-replacement", ""),
        ("hand-surgery 2.0 (Title of hand-surgery): 3 topics, DRAFT, next review due 2027-06-01; NOT shown (not in the "
         "config's packs); no earlier version to roll back to", True, "pack-hand-surgery", ""),
        ("knee-surgery: listed in the config's packs but not installed", True, "missing-knee-surgery", ""),
    ]
