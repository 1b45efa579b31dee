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
