"""The enterprise list's SRDI columns: each enterprise's highest valid title and its expiry,
worked out in SQL for the rows asked for, through the enterprise_id index."""

from __future__ import annotations

from datetime import date

from coop_desktop.db.repositories import srdi_standing
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.services import enterprises, srdi_titles
from coop_desktop.services.catalog import titles

TODAY = date(2026, 6, 1)


def _firm(db, new_uscc, name):
    return enterprises.create(db, {"name_zh": name, "uscc": new_uscc()}).value.id


def _title(db, firm, tier, granted, expires, **extra):
    level = "national" if tier in ("little_giant", "single_champion") else "provincial"
    return titles.create(db, {"enterprise_id": firm, "tier": tier, "level": level,
                              "granted_on": granted, "expires_on": expires, **extra}).value


def test_the_highest_valid_title_of_each_enterprise(db, new_uscc):
    ladder = _firm(db, new_uscc, "甲精工科技有限公司")
    _title(db, ladder, "innovative", date(2023, 3, 1), date(2026, 9, 1))
    _title(db, ladder, "srdi", date(2023, 8, 1), date(2026, 8, 1))
    _title(db, ladder, "little_giant", date(2024, 7, 1), date(2027, 7, 1))
    champion = _firm(db, new_uscc, "乙制造有限公司")
    _title(db, champion, "srdi", date(2023, 8, 1), date(2026, 8, 1))
    _title(db, champion, "single_champion", date(2025, 1, 1), date(2028, 1, 1))
    lapsed = _firm(db, new_uscc, "丙科技有限公司")  # its title is past its date
    _title(db, lapsed, "srdi", date(2022, 5, 1), date(2025, 5, 1))
    _title(db, lapsed, "innovative", date(2025, 4, 1), date(2028, 4, 1))
    revoked = _firm(db, new_uscc, "丁新材料有限公司")
    gone = _title(db, revoked, "srdi", date(2024, 1, 1), date(2027, 1, 1))
    srdi_titles.revoke(db, gone.id, date(2025, 6, 1), "未按期更新数据")
    binned = _firm(db, new_uscc, "戊电子有限公司")
    titles.delete(db, [_title(db, binned, "srdi", date(2024, 1, 1), date(2027, 1, 1)).id])
    reviewed = _firm(db, new_uscc, "己机械有限公司")  # under re-review: still held
    _title(db, reviewed, "srdi", date(2023, 8, 1), date(2026, 8, 1), status="under_review")
    renewed = _firm(db, new_uscc, "庚软件有限公司")  # two of a tier: the longer-running one
    _title(db, renewed, "srdi", date(2023, 8, 1), date(2026, 8, 1))
    _title(db, renewed, "srdi", date(2026, 5, 1), date(2029, 5, 1))
    undated = _firm(db, new_uscc, "辛仪器有限公司")  # no expiry recorded: counts as valid
    _title(db, undated, "innovative", date(2025, 1, 1), None)
    titles.update(db, titles.list(db, enterprise_id=undated)[0].id, {"expires_on": None})
    none = _firm(db, new_uscc, "壬贸易有限公司")

    ids = [ladder, champion, lapsed, revoked, binned, reviewed, renewed, undated, none]
    with db.read() as session:
        found = srdi_standing.highest_titles(session, ids, TODAY)
    assert found == {
        ladder: ("little_giant", date(2027, 7, 1)),
        champion: ("single_champion", date(2028, 1, 1)),
        lapsed: ("innovative", date(2028, 4, 1)),
        reviewed: ("srdi", date(2026, 8, 1)),
        renewed: ("srdi", date(2029, 5, 1)),
        undated: ("innovative", None),
    }
    with db.read() as session:  # on 2 August the SRDI titles of August 1st have lapsed
        later = srdi_standing.highest_titles(session, [reviewed, ladder], date(2026, 8, 2))
    assert later == {ladder: ("little_giant", date(2027, 7, 1))}


def test_list_rows_carry_the_title_columns(db, new_uscc):
    firm = _firm(db, new_uscc, "甲精工科技有限公司")
    _title(db, firm, "srdi", date(2025, 8, 1), date(2028, 8, 1))
    plain = _firm(db, new_uscc, "乙贸易有限公司")
    page = {r.id: r for r in enterprises.list_page(db, EnterpriseQuery(), limit=10).rows}
    assert (page[firm].srdi_tier, page[firm].srdi_expires_on) == ("srdi", date(2028, 8, 1))
    assert (page[plain].srdi_tier, page[plain].srdi_expires_on) == (None, None)
    rows = enterprises.summaries(db, [plain, firm])
    assert [(r.id, r.srdi_tier) for r in rows] == [(plain, None), (firm, "srdi")]


def test_the_title_columns_probe_the_enterprise_index(db):
    """Driven from the list of ids, one index search per id: no scan of the titles, so the
    cost follows the rows shown, not the size of the database."""
    sql = str(srdi_standing._SQL)
    with db.read() as session:
        plan = session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + sql.replace(":ids", "'[1,2,3]'").replace(
                ":today", "'2026-06-01'")).fetchall()
    details = [row[-1] for row in plan]
    assert any("SEARCH t USING INDEX ix_srdi_title_enterprise_id" in d for d in details), details
    assert not any(d.startswith("SCAN t") for d in details), details


def test_the_expiry_filter_the_columns_and_the_home_count_agree(db, new_uscc):
    """One rule: an enterprise is "expiring" when its highest valid title expires within the
    period — the title the list's columns show. A lower title expiring under a higher valid
    one needs no action: the old filter listed such an enterprise with a 2027 date beside it."""
    from coop_desktop.services import home

    ladder = _firm(db, new_uscc, "甲精工科技有限公司")  # its SRDI title expires, not the giant
    _title(db, ladder, "srdi", date(2023, 8, 1), date(2026, 8, 1))
    _title(db, ladder, "little_giant", date(2024, 7, 1), date(2027, 7, 1))
    renewed = _firm(db, new_uscc, "乙软件有限公司")  # renewed: the new one runs to 2029
    _title(db, renewed, "srdi", date(2023, 8, 1), date(2026, 8, 1))
    _title(db, renewed, "srdi", date(2026, 5, 1), date(2029, 5, 1))
    soon = _firm(db, new_uscc, "丙科技有限公司")
    _title(db, soon, "srdi", date(2023, 7, 15), date(2026, 7, 15))
    _title(db, soon, "innovative", date(2025, 1, 1), date(2028, 1, 1))  # lower, later
    reviewed = _firm(db, new_uscc, "丁机械有限公司")  # under re-review: still held
    _title(db, reviewed, "innovative", date(2023, 8, 20), date(2026, 8, 20),
           status="under_review")
    revoked = _firm(db, new_uscc, "戊新材料有限公司")
    gone = _title(db, revoked, "srdi", date(2023, 7, 1), date(2026, 7, 1))
    srdi_titles.revoke(db, gone.id, date(2025, 6, 1), "未按期更新数据")
    later = _firm(db, new_uscc, "己仪器有限公司")  # expires after the 90 days
    _title(db, later, "srdi", date(2023, 12, 1), date(2026, 12, 1))

    query = EnterpriseQuery(expiring_within_days=srdi_titles.EXPIRY_WARNING_DAYS, today=TODAY)
    listed = enterprises.ids(db, query)
    assert sorted(listed) == sorted([soon, reviewed])
    until = date(2026, 8, 30)  # 1 June + 90 days
    with db.read() as session:  # what the list's expiry column shows for them
        shown = srdi_standing.highest_titles(session, listed, TODAY)
    assert all(TODAY <= expires <= until for _tier, expires in shown.values()), shown
    assert shown[soon] == ("srdi", date(2026, 7, 15))
    assert enterprises.count(db, query) == 2
    assert home.worklist(db, today=TODAY).titles_expiring == 2
    enterprises.delete(db, [reviewed])  # the recycle bin's are neither listed nor counted
    assert enterprises.ids(db, query) == [soon]
    assert home.worklist(db, today=TODAY).titles_expiring == 1
