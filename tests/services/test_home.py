"""The home page's figures (``services.home``) on a small database with known data: each
count is what it says, and each bar is the count of the enterprise list's matching filter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.services import applications, enterprises, home, srdi_titles
from coop_desktop.services.application_workflow import set_status
from coop_desktop.services.catalog import interactions, titles, zone_links, zones
from coop_desktop.services.events import events
from coop_desktop.services.srdi_titles import ReminderKind

TODAY = date(2026, 6, 15)
DAY = timedelta(days=1)


@pytest.fixture
def known(db, new_uscc):
    """Five enterprises (one in the recycle bin) with titles, applications, events and
    interactions around ``TODAY``; returns their ids by nickname."""

    def firm(name, province, countries=(), **extra):
        return enterprises.create(db, {"name_zh": name, "uscc": new_uscc(), "province_code": province,
                                       "target_countries": list(countries), **extra}).value.id

    ids = {
        "jiangsu_a": firm("苏州甲科技有限公司", "320000", ["DE", "VN"]),
        "jiangsu_b": firm("南京乙机械有限公司", "320000", ["DE"]),
        "guangdong": firm("深圳丙电子有限公司", "440000", ["TH", "VN", "MY"]),
        "no_place": firm("丁贸易有限公司", None),
        "binned": firm("戊材料有限公司", "320000", ["DE"]),
    }

    def title(who, tier, level, granted, expires=None):
        return titles.create(db, {"enterprise_id": ids[who], "tier": tier, "level": level,
                                  "granted_on": granted, "expires_on": expires}).value.id

    # expires in 30 days: an SRDI title (and the innovative one it rests on, still valid)
    title("jiangsu_a", "innovative", "provincial", date(2025, 1, 10))
    srdi = title("jiangsu_a", "srdi", "provincial", date(2023, 7, 15), TODAY + 30 * DAY)
    # expired 10 days ago but still recorded as active
    title("jiangsu_b", "innovative", "provincial", date(2023, 6, 5), TODAY - 10 * DAY)
    # valid for two more years, granted this year (no yearly update due yet)
    title("guangdong", "innovative", "provincial", TODAY - 40 * DAY)
    # in the recycle bin's enterprise: counts for nothing
    title("binned", "innovative", "provincial", date(2025, 2, 1), TODAY + 20 * DAY)
    # jiangsu_a updated its data this year; a major change to report
    srdi_titles.record_event(db, srdi, "annual_update", date(2026, 3, 1))
    srdi_titles.record_event(db, srdi, "major_change", TODAY - 20 * DAY, "更名")

    zone_list = zones.list(db)
    for who, zone in (("jiangsu_a", zone_list[0]), ("jiangsu_b", zone_list[0]),
                      ("guangdong", zone_list[1]), ("binned", zone_list[1])):
        zone_links.create(db, {"enterprise_id": ids[who], "zone_id": zone.id,
                               "status": "interested"})

    def app(who, deadline):
        return applications.create(db, enterprise_id=ids[who], template_key="company_profile",
                                   deadline=deadline).value.id

    app("jiangsu_a", TODAY - 3 * DAY)  # overdue draft
    app("jiangsu_b", TODAY + 2 * DAY)  # due soon
    app("guangdong", TODAY + home.DUE_SOON_DAYS * DAY)  # due soon, the last day of it
    app("guangdong", TODAY + 20 * DAY)  # open, later
    app("no_place", None)  # open, no deadline
    closed = app("jiangsu_b", TODAY - 30 * DAY)
    set_status(db, closed, "withdrawn")  # past its deadline, but not open work

    for name, starts, ends in (("对接会", TODAY + 10 * DAY, None),
                               ("培训班", TODAY - DAY, TODAY + DAY),  # under way
                               ("代表团", TODAY + 40 * DAY, None),  # beyond 30 days
                               ("旧活动", TODAY - 20 * DAY, None)):
        events.create(db, {"name_zh": name, "kind": "matchmaking", "starts_on": starts,
                           "ends_on": ends})
    for who, on in (("guangdong", TODAY + 5 * DAY), ("jiangsu_b", TODAY),
                    ("jiangsu_a", TODAY - DAY), ("binned", TODAY + 3 * DAY)):
        interactions.create(db, {"enterprise_id": ids[who], "kind": "visit", "occurred_on": on})
    enterprises.delete(db, [ids["binned"]])
    return ids


def test_the_worklist_counts_what_needs_doing(db, known):
    work = home.worklist(db, today=TODAY)
    assert (work.applications_open, work.applications_overdue,
            work.applications_due_soon) == (5, 1, 2)
    assert [d.days_left for d in work.next_deadlines] == [-3, 2, 7, 20]  # none: not listed
    assert work.next_deadlines[0].enterprise_id == known["jiangsu_a"]
    assert work.titles_expiring == 1  # the binned enterprise's title is not counted
    assert work.reminders.expired == 1
    assert work.reminders.major_change_report == 1
    # jiangsu_b (expired) and guangdong (granted this year) owe no update; jiangsu_a made it
    assert work.reminders.annual_update == 0
    assert work.annual_update_due == date(2026, 4, 30)
    assert work.events_upcoming == 2
    assert work.follow_ups == 2
    assert [(u.kind, u.on) for u in work.upcoming] == [
        ("event", TODAY - DAY), ("follow_up", TODAY), ("follow_up", TODAY + 5 * DAY),
        ("event", TODAY + 10 * DAY)]
    assert len(work.recent) == home.LIST_LIMIT


def test_recent_records_are_the_last_changed_of_either_kind(db, known):
    with db.session() as session:  # (timestamps have whole seconds: set them apart)
        for table, row_id, at in (("enterprise", known["guangdong"], "2030-01-02 00:00:00"),
                                  ("enterprise", known["binned"], "2030-01-03 00:00:00"),
                                  ("application", 1, "2030-01-01 00:00:00")):
            session.execute(text(f"UPDATE {table} SET updated_at = :at WHERE id = :id"),
                            {"at": at, "id": row_id})
    recent = home.worklist(db, today=TODAY).recent
    assert [(r.kind, r.id) for r in recent[:2]] == [("enterprise", known["guangdong"]),
                                                    ("application", 1)]
    assert recent[1].enterprise_name_zh == "苏州甲科技有限公司"  # the application's enterprise
    assert known["binned"] not in {r.id for r in recent if r.kind == "enterprise"}


def test_each_reminder_count_is_the_length_of_its_list(db, known):
    work = home.worklist(db, today=TODAY)
    for kind, count in ((ReminderKind.EXPIRED, work.reminders.expired),
                        (ReminderKind.ANNUAL_UPDATE, work.reminders.annual_update),
                        (ReminderKind.MAJOR_CHANGE_REPORT, work.reminders.major_change_report),
                        (ReminderKind.EXPIRING, work.reminders.expiring)):
        assert len(srdi_titles.reminders(db, today=TODAY, kinds=(kind,))) == count, kind
    # next year the yearly update is due from every holder of a title held before it
    later = date(2027, 2, 1)
    due = srdi_titles.reminders(db, today=later, kinds=(ReminderKind.ANNUAL_UPDATE,))
    assert srdi_titles.reminder_counts(db, today=later).annual_update == len(due) == 2
    follow = home.follow_ups(db, today=TODAY)
    assert [u.enterprise_id for u in follow] == [known["jiangsu_b"], known["guangdong"]]
    assert len(follow) == work.follow_ups


def _list_count(db, **filters):
    return enterprises.count(db, EnterpriseQuery(today=TODAY, **filters))


def test_every_bar_is_the_count_of_the_list_it_opens(db, known):
    charts = home.summary(db, today=TODAY).charts
    assert charts.enterprises == 4
    assert [(b.key, b.count) for b in charts.by_province] == [("320000", 2), ("440000", 1)]
    assert {b.key: b.count for b in charts.by_tier} == {
        "innovative": 2, "srdi": 1, "little_giant": 0, "single_champion": 0}
    assert [(b.key, b.count) for b in charts.by_country] == [("DE", 2), ("VN", 2), ("MY", 1),
                                                             ("TH", 1)]
    assert [b.count for b in charts.by_zone] == [2, 1]
    for buckets, name in ((charts.by_province, "province_code"), (charts.by_tier, "tier"),
                          (charts.by_country, "target_country"), (charts.by_zone, "zone_id")):
        for bucket in buckets:
            assert bucket.count == _list_count(db, **{name: bucket.key}), (name, bucket)
    assert charts.by_zone[0].name_zh
    work = home.worklist(db, today=TODAY)
    assert work.titles_expiring == _list_count(
        db, expiring_within_days=srdi_titles.EXPIRY_WARNING_DAYS)


def test_the_summary_is_the_same_read_in_one_thread_or_two(db, known):
    one = home.summary(db, today=TODAY, parallel=False)
    two = home.summary(db, today=TODAY, parallel=True)
    assert one == two
    assert set(two.timings_ms) == {"worklist", "charts", "countries", "programmes", "total"}
    assert one.programmes.enterprises == 4


def test_an_empty_database_has_zeros_and_empty_lists(db):
    found = home.summary(db, today=TODAY)
    work = found.worklist
    assert (work.applications_open, work.titles_expiring, work.events_upcoming,
            work.follow_ups) == (0, 0, 0, 0)
    assert work.next_deadlines == work.upcoming == work.recent == ()
    assert found.charts.enterprises == 0
    assert found.charts.by_province == found.charts.by_country == found.charts.by_zone == ()
    assert [b.count for b in found.charts.by_tier] == [0, 0, 0, 0]
