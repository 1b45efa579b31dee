"""Enterprises linked to an SME cluster and a digital-transformation pilot city: the options,
the pilot-city suggestion, the links' checks, the list filters and the counts."""

from __future__ import annotations

import pytest
from sqlmodel import select

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import ValidationError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import Enterprise, PilotCity, SmeCluster, utcnow
from coop_desktop.services import enterprises, programmes, stats
from coop_desktop.services.programmes import Programme, pilot_city_suggestion


def _keyed(db, table):
    with db.read() as session:
        return {r.source_key: r.id for r in session.exec(select(table))}


def _bin(db, table, row_id):
    with db.session() as session:
        row = session.get(table, row_id)
        row.deleted_at = utcnow()
        session.add(row)


@pytest.fixture
def ids(db):
    return {**_keyed(db, SmeCluster), **_keyed(db, PilotCity)}


def test_options_are_live_sorted_by_province_and_named_in_both_languages(db, ids):
    _bin(db, PilotCity, ids["pc-yinchuan"])
    found = programmes.options(db)
    cities = found.pilot_cities
    assert [c.province_code for c in cities] == sorted(c.province_code for c in cities)
    assert cities[0].name("zh_CN") == "北京市顺义区"  # 110000 first
    assert cities[0].name("en") == "Shunyi District, Beijing"
    assert "银川市" not in {c.name_zh for c in cities}
    assert found.find("pilot_city", ids["pc-yinchuan"]).deleted  # named, though binned
    by_name = {c.name_zh: c for c in cities}
    assert by_name["深圳市"].unverified is False  # confirmed
    assert by_name["苏州市"].unverified is True  # probable
    assert by_name["呼和浩特市"].unverified is False  # "confirmed; batch not found"
    assert len(found.clusters) == 31 and found.clusters[0].province_code == "110000"
    assert programmes.list_clusters(db) == list(found.clusters)
    assert programmes.list_pilot_cities(db) == list(cities)


@pytest.mark.parametrize(("confidence", "unverified"), [
    ("confirmed", False), ("Confirmed; list wording not seen", False), ("已确认", False),
    ("probable", True), ("zone confirmed; name unverified", True), (None, False), (" ", False),
])
def test_unverified_is_any_label_that_does_not_say_confirmed(confidence, unverified):
    assert programmes.is_unverified(confidence) is unverified


def _city(id_, name_zh, city_zh, city_code):
    return Programme(id=id_, kind="pilot_city", name_zh=name_zh, name_en=None,
                     province_code=city_code[:2] + "0000", city_code=city_code, city_zh=city_zh,
                     list_year=None, batch=None, unverified=False)


CITIES = [_city(1, "深圳市", "深圳市", "440300"), _city(2, "上海市浦东新区", "上海市", "310100"),
          _city(3, "北京市顺义区", "北京市", "110100")]


@pytest.mark.parametrize(("city_code", "address", "offered", "district"), [
    ("440300", None, 1, None),  # a whole city: offered as it is
    ("440300", "南山区科技园", 1, None),
    ("310100", "上海市浦东新区张江路88号", 2, None),  # the district named in the address
    ("310100", "浦东张江高科技园区", 2, None),  # named without 新区
    ("310100", None, 2, "浦东新区"),  # no address yet: offered "if it is there"
    ("310100", "上海市闵行区莘庄工业区", None, None),  # elsewhere in the city: nothing
    ("110100", "北京市顺义区空港工业区", 3, None),
    ("440100", None, None, None),  # not a pilot city
    (None, None, None, None),
])
def test_a_pilot_city_is_offered_to_an_enterprise_located_there(city_code, address, offered,
                                                                 district):
    found = pilot_city_suggestion(CITIES, city_code, address)
    assert (found.city.id if found else None) == offered
    assert (found.district if found else None) == district


def test_suggest_pilot_city_reads_the_live_list(db, ids):
    assert programmes.suggest_pilot_city(db, "440300").city.id == ids["pc-shenzhen"]
    assert programmes.suggest_pilot_city(db, "999999") is None
    _bin(db, PilotCity, ids["pc-shenzhen"])
    assert programmes.suggest_pilot_city(db, "440300") is None


def test_a_link_to_a_missing_or_binned_programme_is_refused_with_its_field(db, ids, new_uscc):
    _bin(db, SmeCluster, ids["cl-2022-fj-jimei-robots"])
    with pytest.raises(ValidationError) as caught:
        enterprises.create(db, {"name_zh": "厦门集美机器人有限公司", "uscc": new_uscc(),
                                "cluster_id": ids["cl-2022-fj-jimei-robots"],
                                "pilot_city_id": 9999})
    errors = {e.field: e for e in caught.value.errors}
    assert set(errors) == {"cluster_id", "pilot_city_id"}  # both at once
    en, zh = translator("en"), translator("zh_CN")
    assert errors["cluster_id"].render(en) == (
        "The SME cluster “厦门市集美区工业机器人产业集群” is in the recycle bin. Restore it first,"
        " or choose another one.")
    assert "回收站" in errors["cluster_id"].render(zh)
    assert errors["pilot_city_id"].render(en).startswith(
        "There is no digital-transformation pilot city with id 9999.")
    assert enterprises.count(db) == 0


def test_links_are_saved_and_a_link_kept_from_before_does_not_block_a_save(db, ids, new_uscc):
    firm = enterprises.create(db, {"name_zh": "深圳市前海数智科技有限公司", "uscc": new_uscc(),
                                   "cluster_id": ids["cl-2022-fj-jimei-robots"],
                                   "pilot_city_id": ids["pc-shenzhen"]}).value
    assert (firm.cluster_id, firm.pilot_city_id) == (ids["cl-2022-fj-jimei-robots"],
                                                     ids["pc-shenzhen"])
    _bin(db, SmeCluster, ids["cl-2022-fj-jimei-robots"])
    # another field: the cluster, now in the recycle bin, is not the user's change
    saved = enterprises.update(db, firm.id, {"employees": 40}).value
    assert saved.employees == 40 and saved.cluster_id == ids["cl-2022-fj-jimei-robots"]
    with pytest.raises(ValidationError) as caught:
        enterprises.update(db, firm.id, {"pilot_city_id": -5})
    assert [e.field for e in caught.value.errors] == ["pilot_city_id"]
    cleared = enterprises.update(db, firm.id, {"cluster_id": None}).value
    assert cleared.cluster_id is None
    changes = [(h.action, h.old_value, h.new_value) for h in enterprises.history(db, firm.id)
               if h.field == "cluster_id"]
    robots = str(ids["cl-2022-fj-jimei-robots"])
    assert changes == [("update", robots, None), ("create", None, robots)]  # audited


def _make(db, new_uscc, n, **links):
    return [enterprises.create(db, {"name_zh": f"测试企业{i:02d}有限公司", "uscc": new_uscc(),
                                    **links}).value.id for i in range(n)]


def test_the_list_filters_by_cluster_and_pilot_city_any_and_none(db, ids, new_uscc):
    shenzhen, pudong = ids["pc-shenzhen"], ids["pc-shanghai-pudong"]
    robots = ids["cl-2022-fj-jimei-robots"]
    a = _make(db, new_uscc, 3, pilot_city_id=shenzhen)
    b = _make(db, new_uscc, 2, pilot_city_id=pudong, cluster_id=robots)
    c = _make(db, new_uscc, 2)
    gone = _make(db, new_uscc, 1, pilot_city_id=shenzhen, cluster_id=robots)
    enterprises.delete(db, gone)

    def found(**kwargs):
        query = EnterpriseQuery(**kwargs)
        listed = sorted(enterprises.ids(db, query))
        assert enterprises.count(db, query) == len(listed)
        assert sorted(s.id for s in enterprises.list_page(db, query).rows) == listed
        return listed

    assert found(pilot_city_id=shenzhen) == sorted(a)
    assert found(cluster_id=robots) == sorted(b)
    assert found(in_pilot_city=True) == sorted(a + b)
    assert found(in_pilot_city=False) == sorted(c)
    assert found(in_cluster=True) == sorted(b)
    assert found(in_cluster=False, in_pilot_city=True) == sorted(a)
    assert found(in_cluster=True, pilot_city_id=shenzhen) == []
    assert found(pilot_city_id=shenzhen, deleted=True) == sorted(gone)
    # with a text search (its plans count from the full-text index unless a filter is set)
    assert found(text="测试企业", in_pilot_city=True) == sorted(a + b)
    assert found(text="测试企业", in_cluster=False) == sorted(a + c)


def test_counts_by_programme_leave_out_the_recycle_bin(db, ids, new_uscc):
    shenzhen, pudong = ids["pc-shenzhen"], ids["pc-shanghai-pudong"]
    robots, software = ids["cl-2022-fj-jimei-robots"], ids["cl-2022-bj-haidian-software"]
    _make(db, new_uscc, 3, pilot_city_id=shenzhen)
    _make(db, new_uscc, 2, pilot_city_id=pudong, cluster_id=robots)
    _make(db, new_uscc, 1, cluster_id=software)
    _make(db, new_uscc, 2)
    enterprises.delete(db, _make(db, new_uscc, 2, pilot_city_id=pudong, cluster_id=software))
    _bin(db, PilotCity, pudong)

    counts = stats.programme_counts(db)
    assert (counts.enterprises, counts.in_cluster, counts.in_pilot_city, counts.in_both) == \
        (8, 3, 5, 2)
    assert [(p.id, p.enterprises, p.deleted) for p in counts.by_pilot_city] == [
        (shenzhen, 3, False), (pudong, 2, True)]
    assert [(p.name_zh, p.enterprises) for p in counts.by_cluster] == [
        ("厦门市集美区工业机器人产业集群", 2), ("北京市海淀区行业应用软件产业集群", 1)]
    with db.read() as session:  # the same as counting row by row
        live = [e for e in session.exec(select(Enterprise)) if e.deleted_at is None]
    assert counts.in_pilot_city == sum(e.pilot_city_id is not None for e in live)


def test_counts_of_an_empty_database(db):
    counts = stats.programme_counts(db)
    assert (counts.enterprises, counts.in_cluster, counts.in_pilot_city, counts.in_both,
            counts.by_cluster, counts.by_pilot_city) == (0, 0, 0, 0, (), ())


@pytest.mark.parametrize(("kwargs", "index"), [
    ({"in_pilot_city": True}, "ix_enterprise_pilot_city_id"),
    ({"in_cluster": True}, "ix_enterprise_cluster_id"),
    ({"pilot_city_id": 3}, "ix_enterprise_pilot_city_id"),
    ({"cluster_id": 3, "sort": "revenue_fen"}, "ix_enterprise_cluster_id"),
])
def test_the_filtered_list_reads_the_link_index_not_every_row(db, kwargs, index):
    """SQLite has no statistics here: a plan is chosen by the statement's form, on a small
    database as on the 150k demo (bench/programmes.py), so the form is what is tested."""
    from sqlalchemy import event

    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    query = EnterpriseQuery(**kwargs)
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        enterprises.ids(db, query)
        enterprises.count(db, query)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    raw = db.engine.raw_connection()
    try:
        plans = [" | ".join(row[-1] for row in raw.cursor().execute(
            "EXPLAIN QUERY PLAN " + sql, params).fetchall()) for sql, params in seen]
    finally:
        raw.close()
    assert len(plans) == 2
    for plan in plans:
        assert f"SEARCH enterprise USING INDEX {index}" in plan, plan
        assert "SCAN enterprise" not in plan, plan
