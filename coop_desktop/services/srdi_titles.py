"""A title's life: valid tier/level pairs, the ladder, validity, re-review, revocation and
the dated duties that follow a grant (MIIT 2022 measures and the provinces' rules):

* a title is valid for **3 years** from its grant date unless the record says otherwise;
* a re-review (复核) that passes renews it for 3 years from the review; one that fails
  ends it (status revoked, with the reason);
* every holder updates its data on the platform each year **by 30 April**;
* a major change (rename, merger, move across provinces…) is reported **within 3 months**.

:func:`reminders` turns those duties into dated reminders for the home page and the
enterprise page; the counts are computed in SQL so they stay fast on 150k enterprises.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from coop_desktop import validation as v
from coop_desktop.db import Database
from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    LABELS,
    TIER_LEVEL,
    TIER_REQUIRES,
    SrdiTitle,
    SrdiTitleEvent,
    SrdiTitleEventCreate,
    SrdiTitleEventRead,
    SrdiTitleEventUpdate,
    SrdiTitleRead,
    TitleEventKind,
    TitleEventResult,
    TitleStatus,
)
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.kinds import RecordKind, raise_if
from coop_desktop.services.outcome import Changes, Outcome

VALIDITY_YEARS = 3
ANNUAL_UPDATE_MONTH_DAY = (4, 30)
MAJOR_CHANGE_REPORT_MONTHS = 3
EXPIRY_WARNING_DAYS = 90

MSG_LEVEL = N_("A title of this tier is granted at the {level} level only.")
MSG_LADDER = N_("{tier}: the enterprise must already hold the title “{required}”. Record that "
                "title first.")
MSG_REASON_REQUIRED = N_("Give the reason for the revocation.")
MSG_RESULT_REQUIRED = N_("Choose the result of the re-review.")
MSG_ALREADY_REVOKED = N_("This title has already been revoked.")


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def default_expiry(granted_on: date | None) -> date | None:
    return add_years(granted_on, VALIDITY_YEARS) if granted_on is not None else None


def _tier_label(tier: str) -> Message:
    return Message(LABELS.get(tier, tier))


def check_title(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    """The title form's rules: dates, the tier's level, the ladder, the default validity."""
    values = {k: (x.strip() or None) if isinstance(x, str) else x for k, x in values.items()}
    tier = str(values.get("tier") or "")
    errors: list[FieldError | None] = [
        v.check_not_future("granted_on", values.get("granted_on"), date.today()),
        v.check_date_order("expires_on", values.get("granted_on"), values.get("expires_on")),
        v.check_length("batch", values.get("batch"), 60),
    ]
    level = TIER_LEVEL.get(tier)
    if level is not None and values.get("level") != level:
        errors.append(FieldError("level", Message(MSG_LEVEL, {"level": Message(LABELS[level])})))
    required = TIER_REQUIRES.get(tier)
    if required is not None and _ladder_matters(session, values, own_id):
        holds = session.exec(select(SrdiTitle.id).where(
            SrdiTitle.enterprise_id == values["enterprise_id"], SrdiTitle.tier == required,
            col(SrdiTitle.deleted_at).is_(None), SrdiTitle.id != (own_id or -1),
        )).first()
        if holds is None:
            errors.append(FieldError("tier", Message(
                MSG_LADDER, {"tier": _tier_label(tier), "required": _tier_label(required)})))
    if values.get("status") == TitleStatus.REVOKED and not values.get("revocation_reason"):
        errors.append(FieldError("revocation_reason", Message(MSG_REASON_REQUIRED)))
    raise_if(errors)
    if values.get("expires_on") is None and own_id is None:
        values["expires_on"] = default_expiry(values.get("granted_on"))
    return values


MSG_NO_SUCH_TITLE = N_("No such title: this tier is granted at the {level} level only. Correct "
                       "the tier or the level.")
MSG_OFF_LADDER = N_("Not on the ladder: no “{required}” title is recorded for this enterprise.")


def title_problems(title: Any, titles: Any) -> list[Message]:
    """What is wrong with a title recorded before the rules were enforced (an old database,
    an import): a tier/level pair that does not exist, a Little Giant with no SRDI title."""
    problems: list[Message] = []
    level = TIER_LEVEL.get(str(title.tier))
    if level is not None and title.level != level:
        problems.append(Message(MSG_NO_SUCH_TITLE, {"level": Message(LABELS[level])}))
    required = TIER_REQUIRES.get(str(title.tier))
    if required is not None and not any(t.tier == required for t in titles):
        problems.append(Message(MSG_OFF_LADDER, {"required": _tier_label(required)}))
    return problems


def _ladder_matters(session: Session, values: dict[str, Any], own_id: int | None) -> bool:
    """The ladder is checked when a title is recorded or moved to another tier, not on every
    later edit of an old record (a note added to it must still save)."""
    if own_id is None:
        return True
    row = session.get(SrdiTitle, own_id)
    return row is None or row.tier != values.get("tier")


# ---------------------------------------------------------------- events
def _check_event(session: Session, values: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    values = {k: (x.strip() or None) if isinstance(x, str) else x for k, x in values.items()}
    raise_if([
        v.check_required("occurred_on", values.get("occurred_on")),
        v.check_not_future("occurred_on", values.get("occurred_on"), date.today()),
    ])
    return values


events = RecordKind(SrdiTitleEvent, SrdiTitleEventCreate, SrdiTitleEventUpdate, SrdiTitleEventRead,
                    _check_event, parent=(SrdiTitle, "title_id"), order_by="occurred_on")


def _add_event(session: Session, audit: AuditWriter, title_id: int, kind: TitleEventKind,
               on: date, result: TitleEventResult | None, notes: str | None) -> SrdiTitleEvent:
    values = {"title_id": title_id, "kind": kind, "occurred_on": on, "result": result,
              "notes": (notes or "").strip() or None}
    event = SrdiTitleEvent(**values)
    session.add(event)
    session.flush()
    assert event.id is not None
    audit.created("srdi_title_event", event.id, values)
    return event


def _title_changes(session: Session, audit: AuditWriter, row: SrdiTitle,
                   values: dict[str, Any]) -> None:
    changes = records.apply(row, values)
    if changes:
        session.add(row)
        assert row.id is not None
        audit.updated("srdi_title", row.id, changes)


def record_review(db: Database, title_id: int, on: date, result: TitleEventResult | str,
                  notes: str | None = None) -> Outcome[SrdiTitleRead]:
    """Record a re-review (复核). Passed: active again, valid 3 years from ``on`` (never
    shortened). Pending: under re-review. Failed: the title ends (revoked, reason given)."""
    if not result:
        raise ValidationError([FieldError("result", Message(MSG_RESULT_REQUIRED))])
    result = TitleEventResult(result)
    raise_if([
        v.check_not_future("occurred_on", on, date.today()),
        FieldError("notes", Message(MSG_REASON_REQUIRED))
        if result == TitleEventResult.FAILED and not (notes or "").strip() else None,
    ])
    with db.session() as session:
        row = records.get_row(session, SrdiTitle, title_id)
        audit = AuditWriter(session, db.actor)
        _add_event(session, audit, title_id, TitleEventKind.REVIEW, on, result, notes)
        if result == TitleEventResult.PASSED:
            renewed = add_years(on, VALIDITY_YEARS)
            expires = max(renewed, row.expires_on) if row.expires_on else renewed
            _title_changes(session, audit, row, {"status": TitleStatus.ACTIVE, "expires_on": expires})
        elif result == TitleEventResult.PENDING:
            _title_changes(session, audit, row, {"status": TitleStatus.UNDER_REVIEW})
        else:
            _title_changes(session, audit, row, {
                "status": TitleStatus.REVOKED, "revoked_on": on,
                "revocation_reason": (notes or "").strip(),
            })
        result_row = records.read(SrdiTitleRead, row)
    return Outcome(result_row, Changes("srdi_title", (title_id,), ("status", "expires_on")))


def revoke(db: Database, title_id: int, on: date, reason: str) -> Outcome[SrdiTitleRead]:
    """Revoke a title (major accident, serious dishonesty, data fraud…) with its reason."""
    reason = (reason or "").strip()
    raise_if([
        None if reason else FieldError("revocation_reason", Message(MSG_REASON_REQUIRED)),
        v.check_not_future("revoked_on", on, date.today()),
    ])
    with db.session() as session:
        row = records.get_row(session, SrdiTitle, title_id)
        if row.status == TitleStatus.REVOKED:
            raise ValidationError([FieldError("status", Message(MSG_ALREADY_REVOKED))])
        audit = AuditWriter(session, db.actor)
        _add_event(session, audit, title_id, TitleEventKind.REVOCATION, on, None, reason)
        _title_changes(session, audit, row, {"status": TitleStatus.REVOKED, "revoked_on": on,
                                             "revocation_reason": reason})
        result_row = records.read(SrdiTitleRead, row)
    return Outcome(result_row, Changes("srdi_title", (title_id,), ("status",)))


def record_event(db: Database, title_id: int, kind: TitleEventKind | str, on: date,
                 notes: str | None = None) -> Outcome[SrdiTitleEventRead]:
    """The yearly data update, a major change or its report (re-reviews and revocations
    have their own functions, which also change the title)."""
    kind = TitleEventKind(kind)
    if kind in (TitleEventKind.REVIEW, TitleEventKind.REVOCATION):
        raise ValueError("use record_review() or revoke()")
    return events.create(db, {"title_id": title_id, "kind": kind, "occurred_on": on,
                              "notes": notes})


def history(db: Database, title_id: int) -> list[SrdiTitleEventRead]:
    """The title's events, oldest first."""
    return events.list(db, title_id=title_id)


# ---------------------------------------------------------------- reminders
class ReminderKind:
    EXPIRING = "expiring"  # valid-until date within 90 days: prepare the re-review
    EXPIRED = "expired"  # active on paper, past its date
    ANNUAL_UPDATE = "annual_update"  # this year's data update not recorded
    MAJOR_CHANGE_REPORT = "major_change_report"  # a major change not yet reported


REMINDER_LABELS = {
    ReminderKind.EXPIRING: N_("The title expires: prepare the re-review"),
    ReminderKind.EXPIRED: N_("The title has expired: record the re-review or its end"),
    ReminderKind.ANNUAL_UPDATE: N_("Yearly data update on the cultivation platform"),
    ReminderKind.MAJOR_CHANGE_REPORT: N_("Report the major change"),
}


@dataclass(frozen=True)
class Reminder:
    kind: str
    due_on: date
    title_id: int
    enterprise_id: int
    enterprise_name: str
    tier: str
    enterprise_name_en: str | None = None

    def overdue(self, today: date) -> bool:
        return self.due_on < today


@dataclass(frozen=True)
class ReminderCounts:
    expiring: int
    expired: int
    annual_update: int
    major_change_report: int


def annual_update_due(today: date) -> date:
    """The 30 April this year's data update is due by."""
    return date(today.year, *ANNUAL_UPDATE_MONTH_DAY)


#: A live title of a live enterprise. Written for the plans it should take on 150k
#: enterprises (SQLite has no statistics here): the enterprises in the recycle bin come from
#: their partial index (no enterprise row is read to test it), and "+" keeps the planner off
#: the titles' deleted_at index (every title) so that it takes the expiry date's range.
#: ``reminder_counts`` on the 150k demo: ~410 ms -> ~40 ms (``bench/home.py``).
_LIVE = ("+t.deleted_at IS NULL AND t.status IN ('active', 'under_review') "
         "AND t.enterprise_id NOT IN (SELECT id FROM enterprise WHERE deleted_at IS NOT NULL)")


def _reminder_sql(kind: str, *, count: bool = False) -> str:
    """SELECT title_id, enterprise_id, name_zh, tier, due_on, name_en for one kind of reminder
    (``count``: without the enterprise's name, which a count does not need to read)."""
    named = "" if count else "JOIN enterprise e ON e.id = t.enterprise_id "
    base = ("SELECT t.id AS title_id, t.enterprise_id AS enterprise_id, "
            + ("" if count else "e.name_zh AS name, ") + "t.tier AS tier, "
            "{due} AS due" + ("" if count else ", e.name_en AS name_en")
            + f" FROM srdi_title t {named}WHERE {_LIVE} ")
    if kind == ReminderKind.EXPIRING:
        return base.format(due="t.expires_on") + (
            "AND t.expires_on >= :today AND t.expires_on <= :soon")
    if kind == ReminderKind.EXPIRED:
        # ("+": one pass over the titles, ~10 ms at 150k, beats ~16,000 index look-ups)
        return base.format(due="t.expires_on") + "AND +t.expires_on < :today"
    if kind == ReminderKind.ANNUAL_UPDATE:
        # One update per enterprise and year (its data on the platform, whatever it holds):
        # enterprises with a title held before this year and not expired, and no update
        # recorded this year on any of their titles.
        return base.format(due=":deadline") + (
            "AND (t.granted_on IS NULL OR t.granted_on < :year_start) "
            "AND (t.expires_on IS NULL OR +t.expires_on >= :today) "
            # (the enterprises updated this year, listed once, not looked for per title)
            "AND t.enterprise_id NOT IN (SELECT o.enterprise_id FROM srdi_title_event u "
            "JOIN srdi_title o ON o.id = u.title_id WHERE u.deleted_at IS NULL "
            "AND u.kind = 'annual_update' AND u.occurred_on >= :year_start)")
    if kind == ReminderKind.MAJOR_CHANGE_REPORT:
        return (
            "SELECT t.id AS title_id, t.enterprise_id AS enterprise_id, "
            + ("" if count else "e.name_zh AS name, ") + "t.tier AS tier, "
            "c.occurred_on AS due" + ("" if count else ", e.name_en AS name_en")
            + " FROM srdi_title_event c JOIN srdi_title t ON t.id = c.title_id "
            + ("" if count else "JOIN enterprise e ON e.id = t.enterprise_id ")
            + f"WHERE {_LIVE} AND c.deleted_at IS NULL AND c.kind = 'major_change' "
            "AND NOT EXISTS (SELECT 1 FROM srdi_title_event r WHERE r.title_id = t.id "
            "AND r.deleted_at IS NULL AND r.kind = 'major_change_report' "
            "AND r.occurred_on >= c.occurred_on)")
    raise ValueError(kind)


def _params(today: date) -> dict[str, Any]:
    return {"today": today.isoformat(), "soon": (today + timedelta(days=EXPIRY_WARNING_DAYS)).isoformat(),
            "year_start": date(today.year, 1, 1).isoformat(),
            "deadline": annual_update_due(today).isoformat()}


def reminders(db: Database, *, today: date | None = None, enterprise_id: int | None = None,
              kinds: tuple[str, ...] | None = None, limit: int | None = None) -> list[Reminder]:
    """Dated reminders, soonest first (one enterprise's, or all)."""
    today = today or date.today()
    params = _params(today)
    out: list[Reminder] = []
    wanted = kinds or tuple(REMINDER_LABELS)
    with db.read() as session:
        for kind in wanted:
            sql = _reminder_sql(kind)
            if enterprise_id is not None:
                sql += " AND e.id = :enterprise_id"
                params["enterprise_id"] = enterprise_id
            order = " ORDER BY 5, 1" + (f" LIMIT {int(limit)}" if limit else "")
            for title_id, ent_id, name, tier, due, name_en in session.connection().execute(
                    text(sql + order), params):
                due_on = date.fromisoformat(str(due)) if not isinstance(due, date) else due
                if kind == ReminderKind.MAJOR_CHANGE_REPORT:
                    due_on = add_months(due_on, MAJOR_CHANGE_REPORT_MONTHS)
                out.append(Reminder(kind, due_on, title_id, ent_id, name, tier, name_en))
    out = _one_update_per_enterprise(out)
    out.sort(key=lambda r: (r.due_on, r.title_id))
    return out[:limit] if limit else out


#: Which title names the yearly update when an enterprise holds several (the highest).
_TIER_RANK = {"little_giant": 0, "single_champion": 1, "srdi": 2, "innovative": 3}


def _one_update_per_enterprise(found: list[Reminder]) -> list[Reminder]:
    best: dict[int, Reminder] = {}
    for r in found:
        if r.kind == ReminderKind.ANNUAL_UPDATE:
            held = best.get(r.enterprise_id)
            if held is None or _TIER_RANK.get(r.tier, 9) < _TIER_RANK.get(held.tier, 9):
                best[r.enterprise_id] = r
    return [r for r in found if r.kind != ReminderKind.ANNUAL_UPDATE] + list(best.values())


def reminder_counts(db: Database, *, today: date | None = None) -> ReminderCounts:
    """How many of each reminder, in SQL (the home page's numbers)."""
    today = today or date.today()
    params = _params(today)
    counts = {}
    with db.read() as session:
        conn = session.connection()
        for kind in REMINDER_LABELS:  # the yearly update is one per enterprise
            what = "DISTINCT enterprise_id" if kind == ReminderKind.ANNUAL_UPDATE else "*"
            sql = f"SELECT count({what}) FROM ({_reminder_sql(kind, count=True)})"
            counts[kind] = conn.execute(text(sql), params).scalar_one()
    return ReminderCounts(**counts)
