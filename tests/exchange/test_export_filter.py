"""The enterprise list filter in words: parsed (command line) and described (printouts)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.exchange.export_filter import describe, parse_filters
from coop_desktop.i18n.catalog import translator


@pytest.mark.parametrize(("item", "field", "value"), [
    ("province=440000", "province_code", "440000"),
    ("province=广东省", "province_code", "440000"),
    ("province=广东", "province_code", "440000"),
    ("province=guangdong", "province_code", "440000"),
    ("city=深圳", "city_code", "440300"),
    ("industry=工业", "industry", "industry"),
    ("industry=Wholesale", "industry", "wholesale"),
    ("size=小型", "size_class", "small"),
    ("size=micro", "size_class", "micro"),
    ("tier=小巨人", "tier", "little_giant"),
    ("srdi=innovative", "tier", "innovative"),
    ("expiring=90", "expiring_within_days", 90),
    ("country=德国", "target_country", "DE"),
    ("country=de", "target_country", "DE"),
    ("status=已入驻", "link_status", "admitted"),
    ("status=Interested", "link_status", "interested"),
    ("search=  科技 ", "text", "科技"),
])
def test_values_by_code_or_name(item, field, value):
    assert getattr(parse_filters([item]), field) == value


@pytest.mark.parametrize("item", ["province=", "=广东", "province", "colour=red", "size=巨型",
                                  "expiring=-1", "expiring=99999", "tier=专精"])
def test_bad_filters_are_refused(item):
    with pytest.raises(CoopError):  # 专精 is in two tier names: ambiguous
        parse_filters([item])


def test_tags_add_up_and_zones_are_found_by_name():
    zones = [SimpleNamespace(id=7, name_zh="中德（沈阳）高端装备制造产业园", name_en="Sino-German Park",
                             source_key="shenyang")]
    query = parse_filters(["tag=出口", "tag=高新", "zone=中德", "status=admitted"],
                          zones=lambda: zones, sort="revenue", descending=True)
    assert query == EnterpriseQuery(tags=("出口", "高新"), zone_id=7, link_status="admitted",
                                    sort="revenue_fen", descending=True)
    assert parse_filters(["zone=12"]).zone_id == 12


def test_describe_names_every_filter_in_the_language():
    query = EnterpriseQuery(text="科技", province_code="440000", industry="industry",
                            size_class="small", tier="little_giant", expiring_within_days=30,
                            target_country="DE", zone_id=3, tags=("出口",))
    zh = dict(describe(query, translator("zh_CN"), zone_name=lambda _i: "中德园"))
    assert zh["搜索"] == "科技" and zh["省份"] == "广东省" and zh["企业规模"] == "小型"
    assert zh["合作区"] == "中德园" and zh["标签"] == "出口" and zh["资质到期期限"] == "30 天"
    en = dict(describe(query, translator("en")))
    assert en["Province"] == "Guangdong" and en["Target country"] == "Germany"
    assert en["Cooperation zone"] == "#3" and en["Title expiring within"] == "30 days"
    assert describe(EnterpriseQuery(sort="uscc"), translator("en")) == []


CLUSTERS = [SimpleNamespace(id=4, name_zh="溧阳市动力电池产业集群",
                            name_en="Liyang Power Battery Cluster"),
            SimpleNamespace(id=9, name_zh="常熟市电子氟材料产业集群",
                            name_en="Changshu Electronic Fluorine Materials Cluster")]
PILOTS = [SimpleNamespace(id=3, name_zh="深圳市", name_en="Shenzhen"),
          SimpleNamespace(id=11, name_zh="上海市浦东新区", name_en="Pudong New Area, Shanghai")]


@pytest.mark.parametrize(("items", "expected"), [
    (["cluster=4"], {"cluster_id": 4}),
    (["cluster=溧阳"], {"cluster_id": 4}),
    (["sme_cluster=Changshu Electronic Fluorine Materials Cluster"], {"cluster_id": 9}),
    (["cluster=any"], {"in_cluster": True}),
    (["cluster=无"], {"in_cluster": False}),
    (["pilot=深圳"], {"pilot_city_id": 3}),
    (["pilot_city=pudong"], {"pilot_city_id": 11}),
    (["pilot=任一"], {"in_pilot_city": True}),
    (["pilot=NONE", "cluster=9"], {"in_pilot_city": False, "cluster_id": 9}),
])
def test_clusters_and_pilot_cities_by_id_name_any_or_none(items, expected):
    query = parse_filters(items, clusters=lambda: CLUSTERS, pilot_cities=lambda: PILOTS)
    assert query == EnterpriseQuery(**expected)


@pytest.mark.parametrize("item", ["cluster=广州", "pilot=市", "pilot=", "cluster=-1"])
def test_unknown_or_ambiguous_programmes_are_refused(item):
    with pytest.raises(CoopError):  # 市: in both pilot names
        parse_filters([item], clusters=lambda: CLUSTERS, pilot_cities=lambda: PILOTS)


def test_describe_names_the_programme_filters():
    query = EnterpriseQuery(cluster_id=4, in_pilot_city=True)
    zh = dict(describe(query, translator("zh_CN"), cluster_name=lambda _i: "溧阳市动力电池产业集群"))
    assert zh == {"中小企业特色产业集群": "溧阳市动力电池产业集群", "数字化转型试点城市": "任一试点城市"}
    en = describe(EnterpriseQuery(pilot_city_id=3, in_cluster=False), translator("en"))
    assert en == [("SME industrial cluster", "no cluster"),
                  ("Digital-transformation pilot city", "#3")]
