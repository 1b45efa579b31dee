"""The batch "who qualifies" report: the same outcomes as assessing each enterprise through
the ORM, counts that add up, the list's filter, cancel, enterprises that cannot be assessed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import translator
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_results import CANNOT_TELL, FAIL, OUTCOMES, PASS, TIERS
from coop_desktop.services import enterprises, srdi_assess, srdi_report, srdi_report_read, srdi_years
from coop_desktop.services.catalog import titles
from coop_desktop.services.srdi_report_read import MSG_FIGURES, TOP, _year_row
from coop_desktop.services.srdi_years import years

TODAY = date(2026, 6, 1)


def year(y: int, revenue_yuan: int, rd_yuan: int, **extra) -> dict:
    values = dict(
        year=y, operating_revenue_fen=revenue_yuan * 100,
        main_business_revenue_fen=revenue_yuan * 90,
        rd_expense_fen=None if rd_yuan is None else rd_yuan * 100,
        net_profit_fen=revenue_yuan * 10, total_assets_fen=revenue_yuan * 200,
        total_liabilities_fen=revenue_yuan * 80, equity_financing_fen=0, employees=200,
        rd_staff=40, class1_ip=8, class1_ip_self_developed=6, class1_ip_high_value=3,
        class1_ip_applied=4, class2_ip=20, years_in_segment=8, digitalisation_level=3,
        distinctiveness_points=12, domestic_market_share_pct=Decimal("12.5"),
        leading_product_in_strategic_emerging_industry=True, own_brand=True,
        management_certification=True, info_system_core_business=True,
        leading_product_field="gap_filling", rd_institution_level="provincial",
        st_award="none", maker_in_china="none", valid_honours=["high_tech_enterprise"],
        quality_items=["iso9001", "own_brand"])
    values.update(extra)
    return values


STRONG = [year(2025, 300_000_000, 24_000_000), year(2024, 250_000_000, 20_000_000),
          year(2023, 200_000_000, 16_000_000)]
WEAK = [year(2025, 30_000_000, 100_000, class1_ip=0, class1_ip_self_developed=0,
             class1_ip_high_value=0, class1_ip_applied=0, valid_honours=[],
             rd_institution_level="none", years_in_segment=1)]
# the latest year still open (no R&D figure): 2024 is used
PARTIAL = [year(2025, 260_000_000, None), year(2024, 250_000_000, 20_000_000),
           year(2023, 200_000_000, 16_000_000, class1_ip=None)]


@pytest.fixture
def firms(db, new_uscc):
    """Enterprises covering every outcome; returns name -> (id, size class, title tiers)."""
    made = {}

    def firm(name, *, region="440300", employees=200, revenue_yuan=300_000_000, rows=(),
             tiers=()):
        ent = enterprises.create(db, {
            "name_zh": name, "name_en": f"{name} Co.", "uscc": new_uscc(region),
            "province_code": region[:2] + "0000", "city_code": region[:4] + "00",
            "industry": "industry", "employees": employees,
            "revenue_fen": revenue_yuan * 100}).value
        for values in rows:
            years.create(db, {"enterprise_id": ent.id, **values})
        for tier in tiers:
            level = "national" if tier == "little_giant" else "provincial"
            titles.create(db, {"enterprise_id": ent.id, "tier": tier, "level": level,
                               "granted_on": date(2025, 3, 1)})
        made[name] = ent.id
        return ent

    firm("强企科技有限公司", rows=STRONG, tiers=("innovative", "srdi"))
    firm("弱企贸易有限公司", rows=WEAK)
    firm("半数据制造有限公司", rows=PARTIAL, tiers=("innovative",))
    bare = firm("无数据电子有限公司")
    # titles that do not count: expired, under re-review, deleted
    titles.create(db, {"enterprise_id": bare.id, "tier": "srdi", "level": "provincial",
                       "granted_on": date(2020, 3, 1)})
    titles.create(db, {"enterprise_id": bare.id, "tier": "innovative", "level": "provincial",
                       "granted_on": date(2025, 3, 1), "status": "under_review"})
    gone_title = titles.create(db, {"enterprise_id": made["弱企贸易有限公司"], "tier": "srdi",
                                    "level": "provincial", "granted_on": date(2025, 3, 1)})
    titles.delete(db, [gone_title.value.id])
    firm("大型集团有限公司", employees=5000, revenue_yuan=5_000_000_000)
    firm("苏州外省精密有限公司", region="320500", rows=STRONG)
    gone = firm("已删除有限公司", rows=STRONG)
    enterprises.delete(db, [gone.id])
    del made["已删除有限公司"]
    return made


def expected(db, enterprise_id: int, version: str = "2022"):
    """The enterprise page's assessment of one enterprise (``srdi_assess``, through the ORM)."""
    one = srdi_assess.assess_enterprise(db, enterprise_id, version=version, today=TODAY)
    return one.assessment, one.year_used


@pytest.mark.parametrize("version", ["2022", "2026"])
def test_each_enterprise_as_assessed_one_by_one(db, firms, version):
    report = srdi_report.run(db, EnterpriseQuery(), version=version, today=TODAY, workers=1)
    assert sorted(r.id for r in report.rows) == sorted(firms.values())
    assert report.version == version and report.document == srdi.criteria(version).info.document
    for row in report.rows:
        assessment, year_used = expected(db, row.id, version)
        assert row.year == year_used
        for name, summary in zip(TIERS, row.tiers, strict=True):
            result = assessment.tiers[name]
            assert summary.outcome == result.outcome, (row.name_zh, name)
            if result.score is not None:
                assert summary.score == (result.score.total_min, result.score.total_max)
            if result.outcome == FAIL:  # kept compactly, the same words in either language
                for tr in (translator("zh_CN"), translator("en")):
                    kept = [s.explanation().render(tr) for s in summary.shortfalls]
                    assert kept == [e.render(tr) for e in result.shortfalls[:TOP]]
                assert summary.more == max(0, len(result.shortfalls) - TOP)
            if result.outcome == CANNOT_TELL:
                assert summary.missing == result.missing


def test_every_outcome_appears_and_the_counts_add_up(db, firms):
    report = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    by_name = {r.name_zh: r for r in report.rows}
    strong = by_name["强企科技有限公司"]
    assert strong.year == 2025 and strong.outcome("srdi") == PASS
    assert by_name["弱企贸易有限公司"].outcome("srdi") == FAIL
    partial = by_name["半数据制造有限公司"]
    assert partial.year == 2024  # 2025 has no R&D figure yet
    none = by_name["无数据电子有限公司"]
    assert none.year is None and not none.has_years
    assert none.outcome("innovative") == CANNOT_TELL and none.tier("innovative").missing
    big = by_name["大型集团有限公司"]
    assert big.outcome("innovative") == FAIL  # not an SME: decided without yearly figures
    seen = {s.outcome for r in report.rows for s in r.tiers}
    assert seen == set(OUTCOMES)
    for tier in TIERS:
        assert set(report.counts[tier]) == set(OUTCOMES)
        assert sum(report.counts[tier].values()) == report.total == len(firms)
        for outcome in OUTCOMES:
            assert report.counts[tier][outcome] == len(report.select(tier, outcome))
    assert report.with_years == 4
    assert report.scales["innovative"].max_points == 100


def test_the_list_filter_and_order_are_kept(db, firms):
    report = srdi_report.run(db, EnterpriseQuery(province_code="320000"), today=TODAY)
    assert [r.name_zh for r in report.rows] == ["苏州外省精密有限公司"]
    assert report.rows[0].province_code == "320000"
    titled = srdi_report.run(db, EnterpriseQuery(tier="srdi"), today=TODAY)
    assert [r.name_zh for r in titled.rows] == ["强企科技有限公司"]
    ordered = srdi_report.run(db, EnterpriseQuery(sort="name_en", descending=True), today=TODAY)
    names = [r.name_en for r in ordered.rows]
    assert names == sorted(names, reverse=True)
    empty = srdi_report.run(db, EnterpriseQuery(text="不存在的企业名称"), today=TODAY)
    assert empty.total == 0 and all(sum(c.values()) == 0 for c in empty.counts.values())


def test_cancel_stops_without_a_report_and_changes_nothing(db, firms):
    with db.read() as session:
        before = session.execute(text("SELECT count(*), max(updated_at) FROM enterprise_year "
                                      "UNION ALL SELECT count(*), max(id) "
                                      "FROM audit_log")).all()
    seen = []
    with pytest.raises(srdi_report.Cancelled):
        srdi_report.run(db, EnterpriseQuery(), today=TODAY, progress=lambda d, t: seen.append(d),
                        cancelled=lambda: True)
    assert seen == [0]  # stopped at the first report of progress
    job = srdi_report.run_iter(db, EnterpriseQuery(), today=TODAY, chunk=2)
    assert next(job) == (0, len(firms))
    assert next(job) == (2, len(firms))
    job.close()  # what the task runner's Cancel does
    with db.read() as session:
        after = session.execute(text("SELECT count(*), max(updated_at) FROM enterprise_year "
                                     "UNION ALL SELECT count(*), max(id) "
                                     "FROM audit_log")).all()
    assert after == before
    # the database is not left inside a read: a write goes through at once
    years.create(db, {"enterprise_id": firms["无数据电子有限公司"], "year": 2025})


def test_progress_reaches_the_total_in_chunks(db, firms):
    seen = []
    report = srdi_report.run_iter(db, EnterpriseQuery(), today=TODAY, chunk=4)
    while True:
        try:
            seen.append(next(report))
        except StopIteration as stop:
            result = stop.value
            break
    assert seen == [(0, 6), (4, 6), (6, 6)]
    assert result.total == 6


def test_contradicting_figures_leave_one_enterprise_undecided_not_the_report(db, firms):
    # figures no form accepts (more R&D staff than staff), e.g. written by an older version
    with db.session() as session:
        session.execute(text("UPDATE enterprise_year SET rd_staff = 999 WHERE enterprise_id = "
                             ":id"), {"id": firms["弱企贸易有限公司"]})
    report = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    row = next(r for r in report.rows if r.name_zh == "弱企贸易有限公司")
    assert [s.outcome for s in row.tiers] == [CANNOT_TELL] * 3
    assert row.tiers[0].shortfalls[0].msgid == MSG_FIGURES
    assert report.total == len(firms)


def test_yearly_rows_read_with_sql_equal_the_service_mapping(db, firms):
    from coop_desktop.services.srdi_report_read import SQL_YEARS

    ids = list(firms.values())
    import json

    with db.read() as session:
        conn = session.connection().connection.dbapi_connection
        raw = conn.execute(SQL_YEARS, (json.dumps(ids),)).fetchall()
    by_id: dict[int, list] = {}
    for r in raw:
        by_id.setdefault(r[0], []).append(_year_row(r[1:]))
    for enterprise_id in ids:
        want = [srdi_years.as_mapping(r) for r in srdi_years.for_enterprise(db, enterprise_id)]
        for m in want:
            m.pop("notes", None)
        got = sorted(by_id.get(enterprise_id, []), key=lambda m: m["year"], reverse=True)
        assert got == want


def test_an_unknown_version_is_a_message():
    with pytest.raises(CoopError) as exc:
        srdi_report.check_version("1999")
    assert "2022" in exc.value.render(None) and "2026" in exc.value.render(None)


def test_worker_processes_give_the_same_rows(db, firms):
    one = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    job = srdi_report.run_iter(db, EnterpriseQuery(), today=TODAY, workers=2, chunk=2,
                               parallel_seconds=0)
    while True:
        try:
            next(job)
        except StopIteration as stop:
            two = stop.value
            break
    assert two.workers == 2
    assert two.rows == one.rows and two.counts == one.counts


def test_without_worker_processes_the_chunks_are_assessed_here(db, firms, monkeypatch):
    import concurrent.futures

    def refuse(*args, **kw):
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    one = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    job = srdi_report.run_iter(db, EnterpriseQuery(), today=TODAY, workers=2, chunk=2,
                               parallel_seconds=0)
    while True:
        try:
            next(job)
        except StopIteration as stop:
            fallback = stop.value
            break
    assert fallback.rows == one.rows


def test_the_short_cut_off_gives_the_same_report(db, firms, monkeypatch):
    """Without the short cut to the facts (the reference path for every enterprise, as for
    figures it does not take): the same rows, and the same words for what is short."""
    from coop_desktop.services import srdi_report_facts

    tr = translator("zh_CN")

    def words(report):
        return [[([s.explanation().render(tr) for s in t.shortfalls], t.more, t.missing)
                 for t in row.tiers] for row in report.rows]

    srdi_report_read.details.cache_clear()
    quick = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    quick_words = words(quick)
    monkeypatch.setattr(srdi_report_facts, "ENABLED", False)
    srdi_report_read.details.cache_clear()
    reference = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    assert reference.rows == quick.rows and reference.counts == quick.counts
    assert words(reference) == quick_words
    assert any(short for row in quick_words for short, _, _ in row)


class _ThreadPool:
    """A stand-in for ProcessPoolExecutor (threads, this process): the report's sharing of
    chunks, without spawning. ``fail``: how many submitted chunks raise instead."""

    fail = 0

    def __init__(self, max_workers, mp_context=None):
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=max_workers)

    def submit(self, fn, *args):
        if _ThreadPool.fail > 0:
            _ThreadPool.fail -= 1

            def broken(*_args):
                raise OSError("the worker could not open the file")

            return self._pool.submit(broken, *args)
        return self._pool.submit(fn, *args)

    def shutdown(self, wait=True, cancel_futures=False):
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@pytest.mark.parametrize("fail", [0, 1, 99])
def test_chunks_shared_with_workers_come_back_in_order(db, firms, monkeypatch, fail):
    """This process takes chunks from the front, the workers from the back; a chunk a worker
    fails on (or every chunk, when none can work) is done here: the same rows either way."""
    import concurrent.futures

    one = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _ThreadPool)
    monkeypatch.setattr(_ThreadPool, "fail", fail)
    seen = []
    job = srdi_report.run_iter(db, EnterpriseQuery(), today=TODAY, workers=3, chunk=1,
                               parallel_seconds=0)
    while True:
        try:
            seen.append(next(job))
        except StopIteration as stop:
            shared = stop.value
            break
    assert shared.rows == one.rows and shared.counts == one.counts
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (6, 6)
    if fail == 0:
        assert shared.workers == 3
    elif fail == 99:
        assert shared.workers == 1  # no worker did anything
