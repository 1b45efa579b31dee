"""The home page (工作台): what needs the officer today, and the database at a glance.

:func:`summary` gathers every figure the page shows in one call, off the GUI thread:

* the worklist — open applications (draft or ready) that are overdue or due within
  :data:`DUE_SOON_DAYS`, and the next few deadlines; the enterprises whose highest valid
  SRDI title expires within :data:`srdi_titles.EXPIRY_WARNING_DAYS` (the enterprise list's
  "title expires within 90 days" filter, one rule in ``db.repositories.srdi_standing``, so
  the number is the list's count and every row shows a date in the period); the title
  reminders (:func:`srdi_titles.reminder_counts`: expired titles still recorded as active,
  the yearly data update due by 30 April, major changes to report); events in the next
  :data:`EVENTS_AHEAD_DAYS` days and planned follow-ups (interactions dated today or later);
  the records changed last;
* the distributions (``services.home_charts``): enterprises by province, SRDI tier,
  cooperation zone and target country, and the SME programme counts.

Every count is an aggregate in SQL (``COUNT``/``GROUP BY``), written for the plan it should
take on 150,000 enterprises (SQLite has no statistics here: the statement form decides). The
recurring device: live enterprises are all of them less those in the recycle bin, which
the partial index ``ix_enterprise_deleted_at`` finds without reading the table, so no
statement tests each row's ``deleted_at``. ``bench/home.py`` measures the whole call.

The lists behind the counts that no list page filters on (the reminders, the follow-ups)
come from :func:`srdi_titles.reminders` and :func:`follow_ups`.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select, text

from coop_desktop.db import Database
from coop_desktop.db.repositories import srdi_standing
from coop_desktop.models import ApplicationStatus, Enterprise
from coop_desktop.services import srdi_titles
from coop_desktop.services.home_charts import (
    BINNED, Bucket, Distributions, country_buckets, distributions,
)
from coop_desktop.services.stats import ProgrammeCounts, programme_counts

#: An open application is "due soon" this many days ahead (the list's countdown turns amber).
DUE_SOON_DAYS = 7
#: Events starting within this many days (or under way) are "upcoming".
EVENTS_AHEAD_DAYS = 30
#: How many next deadlines, upcoming dates and recent records the page lists.
LIST_LIMIT = 6

_OPEN = tuple(s.value for s in (ApplicationStatus.DRAFT, ApplicationStatus.READY))
_OPEN_SQL = ", ".join(f"'{s}'" for s in _OPEN)


# ---------------------------------------------------------------- result types
@dataclass(frozen=True)
class Deadline:
    """An open application and its deadline (``days_left`` < 0: overdue)."""

    id: int
    enterprise_id: int
    enterprise_name_zh: str
    enterprise_name_en: str | None
    title_zh: str | None
    title_en: str | None
    template_key: str
    deadline: date
    days_left: int


@dataclass(frozen=True)
class Upcoming:
    """An event (``kind`` "event": ``id`` is the event's) or a planned follow-up
    (``kind`` "follow_up": ``id`` is the interaction's, with its enterprise)."""

    kind: str
    id: int
    on: date
    name_zh: str
    name_en: str | None
    enterprise_id: int | None = None
    detail: str | None = None  # the interaction kind, or the event's place


@dataclass(frozen=True)
class RecentItem:
    """A record changed lately: ``kind`` "enterprise" or "application"."""

    kind: str
    id: int
    name_zh: str
    name_en: str | None
    updated_at: datetime
    enterprise_name_zh: str | None = None  # an application's enterprise
    enterprise_name_en: str | None = None


@dataclass(frozen=True)
class Worklist:
    today: date
    applications_open: int
    applications_overdue: int
    applications_due_soon: int
    next_deadlines: tuple[Deadline, ...]
    titles_expiring: int  # enterprises (the list filter's count)
    reminders: srdi_titles.ReminderCounts
    annual_update_due: date
    events_upcoming: int
    follow_ups: int
    upcoming: tuple[Upcoming, ...]
    recent: tuple[RecentItem, ...]


@dataclass(frozen=True)
class HomeSummary:
    """Everything the home page shows (see the module docstring)."""

    worklist: Worklist
    charts: Distributions
    programmes: ProgrammeCounts
    timings_ms: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def today(self) -> date:
        return self.worklist.today


# ---------------------------------------------------------------- the figures
def summary(db: Database, *, today: date | None = None, parallel: bool = True) -> HomeSummary:
    """Every figure of the home page (see the module docstring); ``timings_ms`` says what
    each part took (for ``bench/home.py``).

    With ``parallel`` (and a database file), the target countries — one pass over the
    enterprise table, the largest single part — are read on a second thread (its own
    connection; SQLite releases the GIL while it works) while this one reads the rest.
    """
    today = today or date.today()
    timings: dict[str, float] = {}
    start = time.perf_counter()

    def timed(name: str, fn: Any) -> Any:
        mark = time.perf_counter()
        try:
            return fn()
        finally:
            timings[name] = (time.perf_counter() - mark) * 1000

    def rest() -> tuple[Worklist, ProgrammeCounts, Distributions]:
        return (timed("worklist", lambda: worklist(db, today=today)),
                timed("programmes", lambda: programme_counts(db)),
                timed("charts", lambda: distributions(db, today=today, countries=())))

    if parallel and db.path is not None:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="home-countries") as pool:
            pending = pool.submit(timed, "countries", lambda: country_buckets(db))
            work, programmes, charts = rest()
            countries = pending.result()
    else:
        work, programmes, charts = rest()
        countries = timed("countries", lambda: country_buckets(db))
    charts = replace(charts, by_country=countries)
    timings["total"] = (time.perf_counter() - start) * 1000
    return HomeSummary(work, charts, programmes, timings)


def worklist(db: Database, *, today: date | None = None) -> Worklist:
    """What needs doing (see the module docstring)."""
    today = today or date.today()
    params = _params(today)
    reminders = srdi_titles.reminder_counts(db, today=today)
    with db.read() as session:
        conn = session.connection()
        open_total, overdue, soon = conn.execute(text(
            "SELECT count(*), coalesce(sum(deadline < :today), 0), "
            "coalesce(sum(deadline >= :today AND deadline <= :due_soon), 0) "
            f"FROM application WHERE deleted_at IS NULL AND status IN ({_OPEN_SQL})"),
            params).one()
        deadlines = tuple(_deadlines(conn, params, today))
        # the enterprise list's expiry filter, by the same rule (srdi_standing): the
        # enterprises whose highest valid title expires within the period, from the
        # titles' expiry index rather than tested on every enterprise
        expiring_ids = srdi_standing.expiring_enterprises(
            today, today + timedelta(days=srdi_titles.EXPIRY_WARNING_DAYS)).subquery()
        expiring = conn.execute(
            select(func.count(distinct(expiring_ids.c.enterprise_id))).where(
                expiring_ids.c.enterprise_id.not_in(
                    select(Enterprise.id).where(Enterprise.deleted_at.is_not(None))))
        ).scalar_one()
        events = conn.execute(text(
            "SELECT count(*) FROM event WHERE deleted_at IS NULL "
            "AND starts_on <= :events_until AND coalesce(ends_on, starts_on) >= :today"),
            params).scalar_one()
        upcoming, follow = _upcoming(conn, params)
        recent = tuple(_recent(conn))
    return Worklist(
        today=today, applications_open=int(open_total), applications_overdue=int(overdue),
        applications_due_soon=int(soon), next_deadlines=deadlines,
        titles_expiring=int(expiring), reminders=reminders,
        annual_update_due=srdi_titles.annual_update_due(today),
        events_upcoming=int(events), follow_ups=follow, upcoming=upcoming, recent=recent)


def _params(today: date) -> dict[str, Any]:
    return {"today": today.isoformat(),
            "due_soon": (today + timedelta(days=DUE_SOON_DAYS)).isoformat(),
            "expiry_soon": (today + timedelta(days=srdi_titles.EXPIRY_WARNING_DAYS)).isoformat(),
            "events_until": (today + timedelta(days=EVENTS_AHEAD_DAYS)).isoformat(),
            "limit": LIST_LIMIT}


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _deadlines(conn: Any, params: dict[str, Any], today: date) -> list[Deadline]:
    rows = conn.execute(text(
        "SELECT a.id, e.id, e.name_zh, e.name_en, a.title_zh, a.title_en, a.template_key, "
        "a.deadline FROM application a JOIN enterprise e ON e.id = a.enterprise_id "
        f"WHERE a.deleted_at IS NULL AND a.status IN ({_OPEN_SQL}) "
        "AND a.deadline IS NOT NULL ORDER BY a.deadline, a.id LIMIT :limit"), params)
    out = []
    for app_id, ent_id, name_zh, name_en, title_zh, title_en, template, deadline in rows:
        day = _date(deadline)
        out.append(Deadline(app_id, ent_id, name_zh, name_en, title_zh, title_en, template, day,
                            (day - today).days))
    return out


def _upcoming(conn: Any, params: dict[str, Any]) -> tuple[tuple[Upcoming, ...], int]:
    """The next events and follow-ups, and how many follow-ups there are in all."""
    events = [Upcoming("event", i, _date(on), zh, en, None, place)
              for i, on, zh, en, place in conn.execute(text(
                  "SELECT id, starts_on, name_zh, name_en, coalesce(place_zh, place_en) "
                  "FROM event WHERE deleted_at IS NULL AND starts_on <= :events_until "
                  "AND coalesce(ends_on, starts_on) >= :today ORDER BY starts_on, id "
                  "LIMIT :limit"), params)]
    rows = _follow_up_rows(conn, params).all()
    follow = [Upcoming("follow_up", i, _date(on), zh, en, ent, kind)
              for i, on, ent, zh, en, kind, _total in rows]
    both = sorted(events + follow, key=lambda u: (u.on, u.kind, u.id))
    return tuple(both[:LIST_LIMIT]), int(rows[0][-1]) if rows else 0


#: Planned follow-ups: one pass over the interactions (no index has the date first; "+":
#: not the deleted_at index, which would look up every row), the recycle bin's enterprises
#: from their partial index; only the follow-ups listed are joined to their enterprise.
_FOLLOW_UPS = (
    "FROM interaction i WHERE +i.deleted_at IS NULL AND i.occurred_on >= :today "
    f"AND i.enterprise_id NOT IN {BINNED}")


def _follow_up_rows(conn: Any, params: dict[str, Any], limit: bool = True) -> Any:
    """id, date, enterprise id, name_zh, name_en, kind, and the number of follow-ups in all
    (counted in the same pass)."""
    return conn.execute(text(
        "SELECT f.id, f.occurred_on, e.id, e.name_zh, e.name_en, f.kind, f.total FROM ("
        f"SELECT i.id, i.occurred_on, i.enterprise_id, i.kind, count(*) OVER () AS total "
        f"{_FOLLOW_UPS} ORDER BY i.occurred_on, i.id" + (" LIMIT :limit" if limit else "")
        + ") f JOIN enterprise e ON e.id = f.enterprise_id ORDER BY f.occurred_on, f.id"),
        params)


def _recent(conn: Any) -> list[RecentItem]:
    """The records changed last: each table read backwards along its ``updated_at`` index."""
    found = [RecentItem("enterprise", i, zh, en, _datetime(at))
             for i, zh, en, at in conn.execute(text(
                 "SELECT id, name_zh, name_en, updated_at FROM enterprise "
                 "WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC LIMIT :limit"),
                 {"limit": LIST_LIMIT})]
    found += [RecentItem("application", i, tzh or "", ten, _datetime(at), ezh, een)
              for i, tzh, ten, at, ezh, een in conn.execute(text(
                  "SELECT a.id, a.title_zh, a.title_en, a.updated_at, e.name_zh, e.name_en "
                  "FROM application a JOIN enterprise e ON e.id = a.enterprise_id "
                  "WHERE a.deleted_at IS NULL ORDER BY a.updated_at DESC, a.id DESC "
                  "LIMIT :limit"), {"limit": LIST_LIMIT})]
    found.sort(key=lambda r: (r.updated_at, r.kind == "application", r.id), reverse=True)
    return found[:LIST_LIMIT]


# ---------------------------------------------------------------- the lists behind counts
def follow_ups(db: Database, *, today: date | None = None) -> list[Upcoming]:
    """Every planned follow-up (an interaction dated today or later), soonest first."""
    params = _params(today or date.today())
    with db.read() as session:
        return [Upcoming("follow_up", i, _date(on), zh, en, ent, kind)
                for i, on, ent, zh, en, kind, _total in _follow_up_rows(session.connection(), params,
                                                                 limit=False)]


__all__ = [
    "DUE_SOON_DAYS", "EVENTS_AHEAD_DAYS", "LIST_LIMIT", "Bucket", "Deadline", "Distributions",
    "HomeSummary", "RecentItem", "Upcoming", "Worklist", "follow_ups", "summary", "worklist",
]
