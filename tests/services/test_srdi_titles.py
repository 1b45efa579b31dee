"""A title's life: tier/level pairs, the ladder, validity, re-review, revocation, reminders."""

from __future__ import annotations

from datetime import date

import pytest

from coop_desktop.errors import ValidationError
from coop_desktop.services import enterprises, srdi_titles
from coop_desktop.services.catalog import titles
from coop_desktop.services.srdi_titles import ReminderKind, add_months, add_years


@pytest.fixture
def ent(db):
    return enterprises.create(db, {"name_zh": "苏州精工科技有限公司", "uscc": "91350100M000100Y43"}).value


def _title(db, ent, tier, level, granted=date(2024, 5, 10), **extra):
    return titles.create(db, {"enterprise_id": ent.id, "tier": tier, "level": level,
                              "granted_on": granted, **extra}).value


def _fields(exc):
    return {e.field for e in exc.value.errors}


def test_dates_add_calendar_years_and_months():
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2023, 7, 1), 3) == date(2026, 7, 1)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_validity_defaults_to_three_years_from_the_grant(db, ent):
    t = _title(db, ent, "innovative", "provincial")
    assert t.expires_on == date(2027, 5, 10)
    explicit = _title(db, ent, "srdi", "provincial", expires_on=date(2026, 12, 31))
    assert explicit.expires_on == date(2026, 12, 31)


@pytest.mark.parametrize(("tier", "wrong"), [
    ("innovative", "national"), ("srdi", "national"),
    ("single_champion", "provincial"),
])
def test_titles_that_do_not_exist_are_refused(db, ent, tier, wrong):
    with pytest.raises(ValidationError) as exc:
        _title(db, ent, tier, wrong)
    assert _fields(exc) == {"level"}
    assert titles.list(db, enterprise_id=ent.id) == []


def test_little_giant_needs_an_srdi_title_first(db, ent):
    with pytest.raises(ValidationError) as exc:
        _title(db, ent, "little_giant", "national")
    assert _fields(exc) == {"tier"}
    message = exc.value.errors[0].render()
    assert "SRDI SME" in message and "Little Giant" in message
    _title(db, ent, "srdi", "provincial", granted=date(2022, 8, 1))
    giant = _title(db, ent, "little_giant", "national")
    assert giant.level == "national"
    # A note added later to the Little Giant still saves (the ladder is checked on entry).
    titles.update(db, giant.id, {"notes": "第五批"})


def test_revocation_needs_a_reason_and_records_an_event(db, ent):
    t = _title(db, ent, "srdi", "provincial")
    with pytest.raises(ValidationError) as exc:
        srdi_titles.revoke(db, t.id, date(2025, 3, 1), "  ")
    assert _fields(exc) == {"revocation_reason"}
    assert titles.get(db, t.id).status == "active"
    done = srdi_titles.revoke(db, t.id, date(2025, 3, 1), "发生重大安全事故").value
    assert (done.status, done.revoked_on, done.revocation_reason) == (
        "revoked", date(2025, 3, 1), "发生重大安全事故")
    [event] = srdi_titles.history(db, t.id)
    assert (event.kind, event.occurred_on) == ("revocation", date(2025, 3, 1))
    with pytest.raises(ValidationError):
        srdi_titles.revoke(db, t.id, date(2025, 3, 2), "again")


def test_review_renews_suspends_or_ends_the_title(db, ent):
    t = _title(db, ent, "srdi", "provincial", granted=date(2022, 6, 1))
    pending = srdi_titles.record_review(db, t.id, date(2025, 5, 1), "pending").value
    assert pending.status == "under_review"
    passed = srdi_titles.record_review(db, t.id, date(2025, 6, 20), "passed").value
    assert (passed.status, passed.expires_on) == ("active", date(2028, 6, 20))
    with pytest.raises(ValidationError) as exc:
        srdi_titles.record_review(db, t.id, date(2025, 7, 1), "failed")
    assert _fields(exc) == {"notes"}
    failed = srdi_titles.record_review(db, t.id, date(2025, 7, 1), "failed", "数据不实").value
    assert (failed.status, failed.revocation_reason, failed.revoked_on) == (
        "revoked", "数据不实", date(2025, 7, 1))
    assert [e.result for e in srdi_titles.history(db, t.id)] == ["pending", "passed", "failed"]


def test_reminders_expiry_annual_update_and_major_change(db, ent):
    today = date(2026, 3, 15)
    soon = _title(db, ent, "innovative", "provincial", granted=date(2023, 5, 1))  # expires 2026-05-01
    old = _title(db, ent, "srdi", "provincial", granted=date(2022, 1, 10),
                 expires_on=date(2026, 1, 10))  # expired, still "active" on paper
    got = srdi_titles.reminders(db, today=today)
    kinds = {(r.kind, r.title_id) for r in got}
    assert (ReminderKind.EXPIRING, soon.id) in kinds
    assert (ReminderKind.EXPIRED, old.id) in kinds
    assert (ReminderKind.ANNUAL_UPDATE, soon.id) in kinds
    assert (ReminderKind.ANNUAL_UPDATE, old.id) not in kinds  # an expired title has no duty
    annual = next(r for r in got if r.kind == ReminderKind.ANNUAL_UPDATE)
    assert annual.due_on == date(2026, 4, 30) and not annual.overdue(today)

    srdi_titles.record_event(db, soon.id, "annual_update", date(2026, 3, 1))
    srdi_titles.record_event(db, soon.id, "major_change", date(2026, 1, 20), "更名")
    got = srdi_titles.reminders(db, today=today)
    assert ReminderKind.ANNUAL_UPDATE not in {r.kind for r in got}
    change = next(r for r in got if r.kind == ReminderKind.MAJOR_CHANGE_REPORT)
    assert change.due_on == date(2026, 4, 20)
    counts = srdi_titles.reminder_counts(db, today=today)
    assert (counts.expiring, counts.expired, counts.annual_update, counts.major_change_report) == (
        1, 1, 0, 1)

    srdi_titles.record_event(db, soon.id, "major_change_report", date(2026, 3, 10))
    assert srdi_titles.reminder_counts(db, today=today).major_change_report == 0
    assert srdi_titles.reminders(db, today=today, enterprise_id=ent.id + 1) == []


def test_titles_from_before_the_rules_are_flagged_not_changed(db, ent):
    """An old database may hold titles that do not exist or skip the ladder: they are shown
    with what is wrong, never silently altered."""
    with db.session() as session:
        from coop_desktop.models import SrdiTitle

        session.add(SrdiTitle(enterprise_id=ent.id, tier="innovative", level="national"))
        session.add(SrdiTitle(enterprise_id=ent.id, tier="little_giant", level="national"))
    rows = titles.list(db, enterprise_id=ent.id)
    problems = {r.tier: [m.render() for m in srdi_titles.title_problems(r, rows)] for r in rows}
    assert problems["innovative"] == [
        "No such title: this tier is granted at the Provincial level only. Correct the tier "
        "or the level."]
    assert problems["little_giant"] == [
        "Not on the ladder: no “SRDI SME” title is recorded for this enterprise."]
    assert [r.level for r in titles.list(db, enterprise_id=ent.id)] == ["national", "national"]


def test_the_yearly_update_is_one_per_enterprise(db, ent):
    today = date(2026, 3, 15)
    _title(db, ent, "srdi", "provincial", granted=date(2024, 8, 1))
    giant = _title(db, ent, "little_giant", "national", granted=date(2025, 7, 1))
    found = [r for r in srdi_titles.reminders(db, today=today) if r.kind == "annual_update"]
    assert [(r.enterprise_id, r.tier) for r in found] == [(ent.id, "little_giant")]
    assert srdi_titles.reminder_counts(db, today=today).annual_update == 1
    srdi_titles.record_event(db, giant.id, "annual_update", date(2026, 3, 1))
    assert srdi_titles.reminder_counts(db, today=today).annual_update == 0
