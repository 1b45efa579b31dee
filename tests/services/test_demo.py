"""Demo data: deterministic, valid, derived columns equal to ``derive``, searchable."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from coop_desktop import demo, demo_applications
from coop_desktop import text as text_mod
from coop_desktop import validation as v
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.documents.templates import get_template
from coop_desktop.models import (
    TIER_LEVEL,
    ApplicationStatus,
    AuditEntry,
    Contact,
    Enterprise,
    EnterpriseYear,
    Interaction,
    SrdiTitle,
    SrdiTitleEvent,
    SrdiTitleRead,
    Zone,
    ZoneLink,
)
from coop_desktop.reference import regions
from coop_desktop.rules import srdi
from coop_desktop.services import (
    applications, enterprise_checks, enterprises, open_database, srdi_assess, srdi_titles,
    srdi_years, tm,
)

N = 2000  # the shared database; the other tests use a few hundred rows


def _open(path: Path):
    db, _report = open_database(path, actor="tester")
    return db


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory):
    db = _open(tmp_path_factory.mktemp("demo") / "d.sqlite")
    report = demo.generate(db, enterprises=N, seed=42)
    yield db, report
    db.close()


@pytest.fixture
def fresh(tmp_path: Path):
    opened = []

    def make(name: str = "d.sqlite"):
        db = _open(tmp_path / name)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


def _enterprises(db) -> list[Enterprise]:
    with db.session() as s:
        return list(s.execute(select(Enterprise).order_by(Enterprise.id)).scalars())


_UNSTABLE = {"created_at", "updated_at", "op_id", "at"}  # the time and the id of the run


def _projection(db) -> dict[str, list[tuple]]:
    """Every row of every table demo writes, minus the run's timestamps and op_id."""
    out = {}
    with db.session() as s:
        for table in ("enterprise", "srdi_title", "srdi_title_event", "enterprise_year",
                      "contact", "interaction", "zone_link", "audit_log"):
            cols = [r[1] for r in s.execute(text(f"PRAGMA table_info({table})"))]
            keep = ", ".join(c for c in cols if c not in _UNSTABLE)
            where = " WHERE actor = 'tester'" if table == "audit_log" else ""
            out[table] = list(s.execute(text(f"SELECT {keep} FROM {table}{where} ORDER BY id")))
    return out


# ------------------------------------------------------------------ determinism
def test_same_seed_gives_identical_rows_and_another_seed_does_not(fresh):
    a, b, c = fresh("a.sqlite"), fresh("b.sqlite"), fresh("c.sqlite")
    ra = demo.generate(a, enterprises=300, seed=5)
    rb = demo.generate(b, enterprises=300, seed=5)
    demo.generate(c, enterprises=300, seed=6)
    pa, pb = _projection(a), _projection(b)
    assert pa == pb
    assert (ra.titles, ra.contacts, ra.interactions, ra.zone_links) == (
        rb.titles, rb.contacts, rb.interactions, rb.zone_links)
    assert len(pa["enterprise"]) == 300 and pa["srdi_title"] and pa["contact"]
    names_a = {r[0] for r in _names(a)}
    names_c = {r[0] for r in _names(c)}
    assert len(names_a & names_c) < 10  # a different seed, different companies


def _names(db):
    with db.session() as s:
        return list(s.execute(select(Enterprise.name_zh, Enterprise.uscc)))


def test_zero_enterprises(fresh):
    db = fresh()
    assert list(demo.generate_iter(db, enterprises=0)) == [(0, 0)]
    report = demo.generate(db, enterprises=0)
    assert (report.enterprises, report.titles, report.contacts) == (0, 0, 0)
    with pytest.raises(ValueError):
        demo.generate(db, enterprises=-1)


# ------------------------------------------------------------------ validity
def test_every_uscc_is_valid_unique_and_carries_the_city_code(filled):
    db, report = filled
    rows = _enterprises(db)
    assert len(rows) == report.enterprises == N
    assert len({e.uscc for e in rows}) == N
    assert len({e.name_zh for e in rows}) == N
    for e in rows:
        assert v.is_valid_uscc(e.uscc), e.uscc
        assert v.uscc_warnings(e.uscc) == [], e.uscc  # plausible too
        assert e.uscc[:2] == "91" and e.uscc[2:8] == e.city_code
        city = regions.lookup(e.city_code)
        assert city is not None and city.level == "city"
        assert regions.province_of(e.city_code).code == e.province_code


def test_rows_pass_the_services_checks(filled):
    db, _report = filled
    today = date(2026, 1, 1)
    fields = tuple(enterprise_checks.LIMITS) + tuple(
        k for k in Enterprise.model_fields if k not in enterprise_checks.LIMITS)
    for e in _enterprises(db)[:500]:
        values = {k: getattr(e, k) for k in fields if k not in (
            "id", "size_class", "size_standard", "name_pinyin", "search_tokens", "created_at",
            "updated_at", "deleted_at")}
        checked = enterprise_checks.check(values, today=today)  # raises on any problem
        assert checked["city_zh"] == e.city_zh and checked["province_code"] == e.province_code
    with db.session() as s:
        for c in s.execute(select(Contact)).scalars():
            assert v.check_phone("phone", c.phone) is None, c.phone
            assert v.check_email("email", c.email) is None, c.email
            assert c.name and c.languages[0] == "zh"


def test_derived_fields_equal_derive(filled):
    db, _report = filled
    rows = _enterprises(db)
    for e in rows:  # all 2,000: derive is the slow path the demo avoids
        values = {k: getattr(e, k) for k in Enterprise.model_fields}
        expected = enterprise_checks.derive(values)
        got = {k: values[k] for k in expected}
        assert got == expected, e.name_zh


def test_name_reading_straddling_a_part_boundary():
    # 航模 is a dictionary phrase: reading 泰航 + 模具 part by part would give "mu ju".
    name = "泰航模具有限公司"
    reading = demo._name_reading(name, "模具有限公司")
    assert reading.spaced == text_mod.pinyin(name) == "tai hang mo ju you xian gong si"
    assert reading.initials == text_mod.pinyin_initials(name)


def test_titles_contacts_interactions_and_links_are_plausible(filled):
    db, report = filled
    with db.session() as s:
        titles = list(s.execute(select(SrdiTitle)).scalars())
        links = list(s.execute(select(ZoneLink)).scalars())
        zone_ids = set(s.execute(select(Zone.id)).scalars())
        interactions = list(s.execute(select(Interaction)).scalars())
        titled = s.execute(select(func.count(func.distinct(SrdiTitle.enterprise_id)))).scalar_one()
    assert report.titles == len(titles) and report.zone_links == len(links)
    assert report.interactions == len(interactions)
    assert 0.2 < titled / N < 0.4  # about 30 % hold a title
    tiers = [t.tier for t in titles]
    assert tiers.count("innovative") > tiers.count("srdi") > tiers.count("little_giant") > \
        tiers.count("single_champion") > 0  # a few single champions
    for t in titles:
        assert date(2021, 1, 1) <= t.granted_on <= date(2025, 12, 31)
        assert t.level == TIER_LEVEL[t.tier]
    assert {t.status for t in titles} == {"active", "expired", "revoked", "under_review"}
    for i in interactions:
        assert date(2023, 1, 1) <= i.occurred_on <= date(2026, 12, 31) and i.notes
    assert {ln.zone_id for ln in links} <= zone_ids
    assert {ln.status for ln in links} == {"interested", "preparing", "applied", "admitted", "withdrawn"}
    for ln in links:
        if ln.admitted_on:
            assert ln.applied_on and ln.applied_on <= ln.admitted_on


def test_one_audit_row_per_created_record(filled):
    db, report = filled
    with db.session() as s:
        rows = list(s.execute(select(AuditEntry.entity, func.count(), func.count(func.distinct(
            AuditEntry.op_id))).where(AuditEntry.actor == "tester").group_by(AuditEntry.entity)))
        fields = set(s.execute(select(AuditEntry.field).where(AuditEntry.actor == "tester")).scalars())
    counts = {entity: n for entity, n, _ops in rows}
    assert counts == {"enterprise": N, "srdi_title": report.titles, "contact": report.contacts,
                      "interaction": report.interactions, "zone_link": report.zone_links,
                      "application": report.applications, "enterprise_year": report.years,
                      "srdi_title_event": report.title_events}
    assert {ops for *_rest, ops in rows} == {1} and fields == {None}
    history = enterprises.history(db, 1)
    assert [(h.action, h.field, h.actor) for h in history] == [("create", None, "tester")]


# ------------------------------------------------------------------ the SRDI side
def _titles_and_events(db):
    with db.read() as s:
        titles = list(s.execute(select(SrdiTitle).order_by(SrdiTitle.id)).scalars())
        events = list(s.execute(select(SrdiTitleEvent).order_by(SrdiTitleEvent.id)).scalars())
    return titles, events


def test_titles_are_on_the_ladder_and_their_life_is_recorded(filled):
    db, report = filled
    titles, events = _titles_and_events(db)
    assert report.title_events == len(events)
    by_enterprise: dict[int, list[SrdiTitle]] = {}
    for t in titles:
        by_enterprise.setdefault(t.enterprise_id, []).append(t)
    for held in by_enterprise.values():
        for t in held:
            assert srdi_titles.title_problems(t, held) == []  # a valid pair, on the ladder
            if t.tier == "little_giant":  # its SRDI title came first
                assert any(o.tier == "srdi" and o.granted_on < t.granted_on for o in held)
    of_title: dict[int, list[SrdiTitleEvent]] = {}
    for e in events:
        of_title.setdefault(e.title_id, []).append(e)
    kinds = [(e.kind, e.result) for e in events]
    assert kinds.count(("revocation", None)) == 1  # one revocation per run, with its reason
    assert {("review", "passed"), ("review", "failed"), ("review", "pending"),
            ("annual_update", None), ("major_change", None)} <= set(kinds)
    for t in titles:
        mine = of_title.get(t.id, [])
        reviews = [e for e in mine if e.kind == "review"]
        if reviews and reviews[-1].result == "passed":  # renewed 3 years from the review
            assert t.status == "active"
            assert t.expires_on == srdi_titles.add_years(reviews[-1].occurred_on, 3)
        else:
            assert t.expires_on == srdi_titles.add_years(t.granted_on, 3)
        if t.status == "revoked":
            end = [e for e in mine if e.kind == "revocation" or e.result == "failed"]
            assert len(end) == 1 and end[0].occurred_on == t.revoked_on
            assert t.revocation_reason and t.revocation_reason == end[0].notes
        else:
            assert t.revoked_on is None and t.revocation_reason is None
        if t.status == "under_review":
            assert reviews[-1].result == "pending"
        if t.status == "expired":
            assert t.expires_on < demo.REFERENCE_DATE and not reviews
        for e in mine:
            assert t.granted_on <= e.occurred_on < demo.REFERENCE_DATE


def test_yearly_figures_pass_the_checks_and_the_last_year_is_the_record(filled):
    db, report = filled
    with db.read() as s:
        years = list(s.execute(select(EnterpriseYear).order_by(
            EnterpriseYear.enterprise_id, EnterpriseYear.year.desc())).scalars())
        for row in years[::7]:  # the form's own checks
            values = {k: getattr(row, k) for k in EnterpriseYear.model_fields
                      if k not in ("id", "created_at", "updated_at", "deleted_at")}
            srdi_years.check_year(s, values, row.id)
    assert report.years == len(years)
    by_enterprise: dict[int, list[EnterpriseYear]] = {}
    for row in years:
        by_enterprise.setdefault(row.enterprise_id, []).append(row)
    counts = [len(by_enterprise.get(e.id, [])) for e in _enterprises(db)]
    assert counts.count(3) > N / 2  # most enterprises: three years
    assert counts.count(2) > N / 20 and counts.count(0) > N / 20  # gaps
    last = demo.REFERENCE_DATE.year - 1
    records = {e.id: e for e in _enterprises(db)}
    for ent_id, rows in by_enterprise.items():
        e = records[ent_id]
        assert [r.year for r in rows] == list(range(last, last - len(rows), -1))
        newest = rows[0]
        assert (newest.operating_revenue_fen, newest.rd_expense_fen, newest.employees,
                newest.rd_staff, newest.total_assets_fen) == (
            e.revenue_fen, e.rd_expense_fen, e.employees, e.rd_staff, e.total_assets_fen)
        if newest.main_business_revenue_fen is not None:
            assert abs(newest.main_business_revenue_fen / e.revenue_fen * 100
                       - float(e.main_business_share)) < 0.02
        mappings = [{k: getattr(r, k) for k in EnterpriseYear.model_fields} for r in rows]
        # the size class measured on the last complete year is the record's
        size = srdi_assess.size_for(e.industry, e.size_class, mappings, date(2026, 1, 1))
        if e.rd_expense_fen is not None:
            assert size == e.size_class


def _assessments(db, version: str, today: date, every: int = 3):
    """Assessments of every ``every``-th enterprise, read in a few queries."""
    with db.read() as s:
        years: dict[int, list[dict]] = {}
        for row in s.execute(select(EnterpriseYear)).scalars():
            years.setdefault(row.enterprise_id, []).append(
                {k: getattr(row, k) for k in EnterpriseYear.model_fields})
        titles: dict[int, list[SrdiTitleRead]] = {}
        for t in s.execute(select(SrdiTitle)).scalars():
            titles.setdefault(t.enterprise_id, []).append(SrdiTitleRead.model_validate(
                t, from_attributes=True))
    out = []
    for e in _enterprises(db)[::every]:
        rows, held = years.get(e.id, []), titles.get(e.id, [])
        size = srdi_assess.size_for(e.industry, e.size_class, rows, today)
        facts, _year, _considered = srdi_assess.facts_for(size, rows, held, today)
        out.append((e, held, srdi.assess(facts, version)))
    return out


def test_assessments_give_a_believable_mix(filled):
    db, _report = filled
    today = date(2026, 1, 1)
    results = _assessments(db, "2022", today, every=1)
    for tier in ("innovative", "srdi"):
        outcomes = Counter(a.tiers[tier].outcome for _e, _held, a in results)
        total = sum(outcomes.values())
        for outcome in ("pass", "fail", "cannot_tell"):  # each a real share
            assert outcomes[outcome] > total * 0.05, (tier, outcomes)
    for tier in ("innovative", "srdi", "little_giant"):  # holders mostly still qualify
        held = Counter(a.tiers[tier].outcome for _e, titles, a in results
                       if srdi_assess.holds(titles, tier, today))
        assert held["pass"] > sum(held.values()) / 2, (tier, held)
    traders = Counter(a.tiers["srdi"].outcome for e, _held, a in results
                      if e.industry in ("wholesale", "retail"))
    assert traders["pass"] == 0  # no R&D, no SRDI


# ------------------------------------------------------------------ applications
TEMPLATES = {"zone_application", "overseas_dossier", "company_profile"}


def _check_applications(db) -> list:
    """The guarantees every demo application keeps, whatever its template: drafts are
    partly written, ready and sent ones pass the checks and are complete, sent ones have
    their snapshots, revision 2 differs from revision 1 only in the template's plan."""
    rows = applications.list_applications(db)
    for r in rows:
        app = applications.get(db, r.id)
        revisions = applications.revisions(db, r.id)
        done = applications.completeness(db, r.id)
        if r.template_key == "company_profile":  # handed out, never submitted
            assert r.status in ("draft", "ready") and app.zone_id is None, r.id
        if r.template_key == "zone_application":
            assert app.zone_id is not None, r.id
        if r.status in ("draft", "withdrawn"):
            assert revisions == [] and done.done_zh < done.total, r.id  # some text, gaps left
            assert done.done_zh > 0, r.id
            continue
        assert applications.open_errors(applications.check(db, r.id)) == [], r.id
        assert (done.done_zh, done.done_en) == (done.total, done.total), r.id
        for s in applications.sections(db, r.id):  # every gap filled, on both sides
            assert applications.fill_in_issues(s.zh, s.en) == [], (r.id, s.key)
            assert "[to be completed" not in s.en and "待填写" not in s.zh, (r.id, s.key)
        if r.status == "ready":
            assert revisions == []
            continue
        assert r.deadline is not None and r.days_left is None  # no countdown once sent
        assert [v.number for v in revisions] == list(range(1, r.revision + 1))
        snap = applications.snapshot(db, r.id, r.revision)
        assert snap["enterprise"]["id"] == r.enterprise_id
        assert snap["template"]["key"] == r.template_key
        assert (snap["zone"] or {}).get("id") == app.zone_id
        assert snap["country"]["code"] == app.country
        assert [s["zh"] for s in snap["sections"]] == [
            s.zh for s in applications.sections(db, r.id)]
        template = get_template(r.template_key)
        assert [(s["key"], s["kind"]) for s in snap["sections"]] == [
            (spec.key, spec.kind) for spec in template.sections]
        if r.revision == 2:
            assert r.status == "submitted"
            changed = [d.key for d in applications.diff(db, r.id, 1, 2) if d.changed]
            assert changed and set(changed) <= set(demo_applications.REVISED[r.template_key])
    return rows


def test_applications_in_every_state_and_ready_ones_pass_the_checks(filled):
    db, report = filled
    rows = _check_applications(db)
    assert report.applications == len(rows) == demo_applications.APPLICATIONS
    assert {r.status for r in rows} == set(ApplicationStatus)
    assert len({r.enterprise_id for r in rows}) == len(rows)
    by_template = {key: [r for r in rows if r.template_key == key] for key in TEMPLATES}
    assert {r.template_key for r in rows} == TEMPLATES
    zone, overseas, profile = (len(by_template[k]) for k in (
        "zone_application", "overseas_dossier", "company_profile"))
    assert zone > overseas > profile > 0  # mostly zone applications
    for key, found in by_template.items():
        assert {r.status for r in found} >= {"draft", "ready"}, key
    for key in ("zone_application", "overseas_dossier"):  # sent, and sent twice
        assert {r.status for r in by_template[key]} >= {"submitted", "accepted", "rejected",
                                                         "withdrawn"}, key
        assert any(r.revision == 2 for r in by_template[key]), key


def test_titles_countries_and_zones_follow_the_template(filled):
    db, _report = filled
    for r in applications.list_applications(db):
        template = get_template(r.template_key)
        assert (r.title_zh, r.title_en) == (template.title_zh, template.title_en)
        app = applications.get(db, r.id)
        enterprise = enterprises.get(db, r.enterprise_id)
        wanted = [*enterprise.target_countries, *enterprise.export_markets]
        if r.template_key == "overseas_dossier":  # the enterprise's own target
            assert wanted and app.country == wanted[0], r.id
        elif r.template_key == "company_profile":
            assert enterprise.export_markets and app.country == wanted[0], r.id
    dossiers = [applications.get(db, r.id) for r in applications.list_applications(db)
                if r.template_key == "overseas_dossier"]
    assert any(d.zone_id is None for d in dossiers)  # a dossier need not name a zone


@pytest.mark.parametrize("seed", [1, 7])
def test_other_seeds_keep_the_guarantees_for_every_template(fresh, seed):
    db = fresh()
    report = demo.generate(db, enterprises=400, seed=seed)
    rows = _check_applications(db)
    assert report.applications == len(rows) == demo_applications.APPLICATIONS
    assert {r.template_key for r in rows} == TEMPLATES
    assert {r.status for r in rows} == set(ApplicationStatus)


def test_submitted_demo_applications_feed_the_translation_memory(filled):
    """As submitting in the app does: a draft then finds its sections in the memory."""
    db, _report = filled
    rows = applications.list_applications(db)
    sent = [r for r in rows if r.status in ("submitted", "accepted", "rejected")]
    assert sent and tm.count(db) > len(sent)
    assert {r.template_key for r in sent} == {"zone_application", "overseas_dossier"}
    for key in ("zone_application", "overseas_dossier"):  # both have this section
        written = [s for r in rows if r.status == "draft" and r.template_key == key
                   for s in applications.sections(db, r.id)
                   if s.key == "main_business" and applications.section_done(s.zh)]
        best = tm.matches(db, written[0].zh)
        assert best and best[0].score >= 60, key
        assert best[0].application_id in {r.id for r in sent}


def test_applications_do_not_change_the_enterprises(fresh):
    """Same seed with and without applications: the enterprise rows are identical."""
    a, b = fresh("a.sqlite"), fresh("b.sqlite")
    demo.generate(a, enterprises=200, seed=9)
    saved = demo_applications.APPLICATIONS
    demo_applications.APPLICATIONS = 0
    try:
        report = demo.generate(b, enterprises=200, seed=9)
    finally:
        demo_applications.APPLICATIONS = saved
    assert report.applications == 0
    pa, pb = _projection(a), _projection(b)
    assert pa["enterprise"] == pb["enterprise"] and pa["zone_link"] == pb["zone_link"]


# ------------------------------------------------------------------ search
def test_search_finds_demo_companies(filled):
    db, _report = filled
    for e in _enterprises(db)[:: N // 20]:
        for query in (e.name_zh[-6:-4], e.name_zh[1:3], e.name_en, text_mod.pinyin_initials(e.name_zh),
                      e.uscc, e.uscc[:10]):
            found = enterprises.ids(db, EnterpriseQuery(text=query))
            assert e.id in found, (query, e.name_zh)


def test_full_text_indexes_are_consistent_and_the_trigger_is_back(filled):
    db, _report = filled
    with db.session() as s:
        for table in ("enterprise_fts", "enterprise_fts_short"):
            s.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))
        triggers = set(s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'enterprise'")).scalars())
        cache = s.execute(text("PRAGMA cache_size")).scalar_one()
    assert {"enterprise_fts_ai", "enterprise_fts_ad", "enterprise_fts_au"} <= triggers
    assert cache != -demo.CACHE_KIB  # the connection's own setting is back
    created = enterprises.create(db, {"name_zh": "鲲鹏翼展航空科技有限公司",
                                      "uscc": _free_uscc(db)}).value
    assert enterprises.ids(db, EnterpriseQuery(text="翼展")) == [created.id]


def _free_uscc(db) -> str:
    taken = {u for _n, u in _names(db)}
    for i in range(1000):
        body = f"91110000MA{i:07d}"
        code = body + v.uscc_check_char(body)
        if code not in taken:
            return code
    raise AssertionError("no free USCC")


# ------------------------------------------------------------------ reruns, progress, cancel
def test_running_twice_adds_rows_without_collisions(fresh):
    db = fresh()
    demo.generate(db, enterprises=300, seed=1)
    again = demo.generate(db, enterprises=300, seed=1)  # same seed: every USCC/name is taken
    demo.generate(db, enterprises=300, seed=2)
    names = _names(db)
    assert len(names) == 900
    assert len({n for n, _u in names}) == 900 and len({u for _n, u in names}) == 900
    assert again.redraws >= 1
    with db.session() as s:
        s.execute(text("INSERT INTO enterprise_fts(enterprise_fts, rank) VALUES ('integrity-check', 1)"))


def test_generate_iter_reports_increasing_progress(fresh):
    db = fresh()
    it = demo.generate_iter(db, enterprises=2 * demo.CHUNK + 5, seed=3)
    steps = []
    while True:
        try:
            steps.append(next(it))
        except StopIteration as stop:
            report = stop.value
            break
    total = 2 * demo.CHUNK + 5
    assert steps == [(0, total), (demo.CHUNK, total), (2 * demo.CHUNK, total), (total, total)]
    assert isinstance(report, demo.DemoReport) and report.enterprises == total
    seen = []
    demo.generate(db, enterprises=10, seed=4, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 10), (10, 10)]


def test_closing_the_generator_rolls_everything_back(fresh):
    db = fresh()
    it = demo.generate_iter(db, enterprises=3 * demo.CHUNK, seed=3)
    assert next(it) == (0, 3 * demo.CHUNK)
    assert next(it) == (demo.CHUNK, 3 * demo.CHUNK)
    it.close()
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Enterprise)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.actor == "tester")).scalar_one() == 0
        trigger = s.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'enterprise_fts_ai'"))
        assert trigger.scalar_one() == 1
    assert demo.generate(db, enterprises=5, seed=3).enterprises == 5  # the database still works


def test_the_checks_raise_no_false_alarm_on_any_demo_application(filled):
    """The demo's texts are correct translations of each other, so the checks must find
    nothing but the gaps and placeholders a draft still has: a warning here is a false alarm
    an officer would see on every document (a term inside a zone's name, an optional 一 in
    上一年度 taking the place of a real number, a template wording the glossary disagrees
    with)."""
    db, _report = filled
    found = [(r.id, s, i.issue)
             for r in applications.list_applications(db)
             for s in applications.check(db, r.id) for i in s.issues
             if i.issue.code not in ("fill_in_left", "placeholder_unresolved")]
    # An optional section the demo left empty gets a note (what the print does with it).
    notes = [(s, issue) for _id, s, issue in found if issue.code == "section_empty"]
    assert all(not s.section.required and str(issue.severity) == "info" for s, issue in notes)
    assert [(i, s.key, issue.code, issue.detail) for i, s, issue in found
            if issue.code != "section_empty"] == []


def test_some_enterprises_take_part_in_the_ministry_programmes(filled):
    """Enterprises in a digital-transformation pilot city take part now and then, industrial
    ones in a cluster's city belong to it now and then: the home page has numbers to show."""
    from coop_desktop.models import PilotCity, SmeCluster
    from coop_desktop.services import stats

    db, _report = filled
    with db.session() as s:
        pilot_city = {p.id: p.city_code for p in s.execute(select(PilotCity)).scalars()}
        cluster_city = {c.id: c.city_code for c in s.execute(select(SmeCluster)).scalars()}
    rows = _enterprises(db)
    piloted = [e for e in rows if e.pilot_city_id is not None]
    clustered = [e for e in rows if e.cluster_id is not None]
    assert piloted and all(pilot_city[e.pilot_city_id] == e.city_code for e in piloted)
    assert all(cluster_city[e.cluster_id] == e.city_code and e.industry == "industry"
               for e in clustered)
    in_a_pilot_city = [e for e in rows if e.city_code in set(pilot_city.values())]
    assert len(piloted) < len(in_a_pilot_city)  # a share of them, not all
    counts = stats.programme_counts(db)
    assert counts.in_pilot_city == len(piloted) and counts.in_cluster == len(clustered)
