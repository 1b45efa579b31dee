"""Headers to fields, the mapping (edit, JSON, remembered), and reading cells into values."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime
from decimal import Decimal

import pytest

from coop_desktop.errors import CoopError
from coop_desktop.exchange import cells, fields, places
from coop_desktop.exchange.mapping import (
    auto_map, load_mapping, recall_mapping, remember_mapping, save_mapping,
)


@pytest.mark.parametrize("header,target,unit", [
    ("企业名称", "name_zh", None), ("单位名称（必填）", "name_zh", None), ("*公司名称", "name_zh", None),
    ("Company name", "name_zh", None), ("ENTERPRISE NAME", "name_zh", None),
    ("企业名称 / Company name", "name_zh", None), ("英文名称", "name_en", None),
    ("统一社会信用代码", "uscc", None), ("信用代码", "uscc", None), ("USCC", "uscc", None),
    ("Unified social credit code", "uscc", None), ("法定代表人", "legal_rep", None),
    ("注册资本(万元)", "registered_capital_fen", "ten_thousand"),
    ("注册资本（元）", "registered_capital_fen", "yuan"),
    ("注册资本/亿元", "registered_capital_fen", "hundred_million"),
    ("Registered capital (CNY 10,000)", "registered_capital_fen", "ten_thousand"),
    ("成立日期", "established_on", None), ("所属行业", "industry", None),
    ("从业人员（人）", "employees", None), ("员工人数", "employees", None),
    ("营业收入（万元）", "revenue_fen", "ten_thousand"), ("资产总额", "total_assets_fen", None),
    ("研发费用（千元）", "rd_expense_fen", "thousand"), ("地址", "address_zh", None),
    ("省", "province_code", None), ("市", "city_code", None), ("所在地区", "region", None),
    ("网址", "website", None), ("经营范围", "business_scope_zh", None),
    ("简介", "description_zh", None), ("标签", "tags", None),
    ("出口市场", "export_markets", None), ("目标国家", "target_countries", None),
    ("联系人", "contact_name", None), ("职务", "contact_role", None),
    ("联系电话", "contact_phone", None), ("电子邮箱", "contact_email", None),
    ("E-mail", "contact_email", None), ("合作区", "zone", None),
    ("联系人 · 电话", "contact_phone", None),  # a merged two-row header
    ("Chinese name", "name_zh", None), ("中文名称", "name_zh", None),  # the form's labels
    ("序号", None, None), ("备注", None, None), ("企业规模 / Size class", None, None),
])
def test_headers_are_recognised(header, target, unit):
    assert fields.match_header(header) == target
    if target and fields.TARGETS[target].money:
        assert fields.header_unit(header) == unit


def test_auto_map_gives_each_target_to_the_first_column_naming_it():
    mapping = auto_map(["序号", "企业名称", "公司名称", "注册资本（万元）", "信用代码"])
    assert [c.target for c in mapping.columns] == [None, "name_zh", None,
                                                   "registered_capital_fen", "uscc"]
    assert mapping.columns[3].unit == "ten_thousand" and mapping.columns[3].unit_fen == 1_000_000
    assert mapping.problems() == []
    mapping.assign(2, "name_zh")  # the person moves it
    assert [c.target for c in mapping.columns][1:3] == [None, "name_zh"]
    mapping.assign(4, None)
    assert "unified social credit code" in mapping.problems()[0].msgid
    with pytest.raises(KeyError):
        mapping.assign(0, "no_such_field")


def test_mappings_save_as_json_and_apply_by_header(tmp_path):
    mapping = auto_map(["企业名称", "信用代码", "金额", "备注"])
    mapping.assign(2, "revenue_fen")
    mapping.set_unit(2, "ten_thousand")
    path = save_mapping(mapping, tmp_path / "m.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "coop-desktop-import-mapping"
    other = load_mapping(path, ["备注", "金额", "新列", "企业名称", "信用代码"])
    assert [(c.header, c.target, c.unit) for c in other.columns] == [
        ("备注", None, None), ("金额", "revenue_fen", "ten_thousand"), ("新列", None, None),
        ("企业名称", "name_zh", None), ("信用代码", "uscc", None)]


@pytest.mark.parametrize("content,message", [
    ("{not json", "it is not a mapping saved by Coop Desktop"),
    ('{"format": "other"}', "it is not a mapping saved by Coop Desktop"),
    ('{"format": "coop-desktop-import-mapping", "columns": [{"header": "a", "target": "x"}]}',
     "the field “x” does not exist"),
])
def test_bad_mapping_files_are_refused_with_a_message(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CoopError) as err:
        load_mapping(path, ["a"])
    assert str(err.value) == f"The mapping file “m.json” cannot be used: {message}"


def test_the_last_mapping_is_remembered_per_header_set(tmp_path):
    headers = ["名称", "代码", "钱"]
    assert recall_mapping(headers, folder=tmp_path) is None
    mapping = auto_map(headers)
    mapping.assign(0, "name_zh")
    mapping.assign(1, "uscc")
    mapping.assign(2, "revenue_fen")
    mapping.set_unit(2, "hundred_million")
    remember_mapping(mapping, folder=tmp_path)
    back = recall_mapping(headers, folder=tmp_path)
    assert [(c.target, c.unit) for c in back.columns] == [
        ("name_zh", None), ("uscc", None), ("revenue_fen", "hundred_million")]
    assert recall_mapping(["名称", "代码"], folder=tmp_path) is None
    store = tmp_path / "import-mappings.json"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    store.write_text("garbage", encoding="utf-8")  # a damaged store is ignored
    assert recall_mapping(headers, folder=tmp_path) is None


@pytest.mark.parametrize("value,unit,expected", [
    (500, 1_000_000, (500_000_000, None)), (500.5, 100, (50_050, None)),
    ("500万", 100, (500_000_000, None)), ("1.2亿元", 100, (12_000_000_000, None)),
    ("¥3,000,000", 100, (300_000_000, "CNY")), ("2000万美元", 100, (2_000_000_000, "USD")),
    ("１２３", 100, (12_300, None)), ("1.5e3", 100, (150_000, None)),
    ("0.0049", 100, (0, None)), ("0.005元", 100, (1, None)),
])
def test_money(value, unit, expected):
    assert cells.read_money(value, unit, currency_ok=True) == expected


@pytest.mark.parametrize("value", ["abc", "12%", "5 apples", "1e400", True, "3万欧元美元"])
def test_not_money(value):
    with pytest.raises(cells.CellProblem):
        cells.read_money(value, 100, currency_ok=True)


def test_foreign_currency_only_for_the_registered_capital():
    with pytest.raises(cells.CellProblem) as err:
        cells.read_money("100万美元", 100)
    assert "only the registered capital" in err.value.message.render()


@pytest.mark.parametrize("value,expected", [
    ("2015-03-12", date(2015, 3, 12)), ("2015/3/12", date(2015, 3, 12)),
    ("2015.3.12", date(2015, 3, 12)), ("2015年3月12日", date(2015, 3, 12)),
    ("20150312", date(2015, 3, 12)), ("2015-03-12 00:00:00", date(2015, 3, 12)),
    (datetime(2015, 3, 12, 8, 0), date(2015, 3, 12)), (42075, date(2015, 3, 12)),
])
def test_dates(value, expected):
    assert cells.read_date(value) == expected


@pytest.mark.parametrize("value", ["2015-02-30", "3/12/2015", "2015", "昨天", 42075.5])
def test_not_dates(value):
    with pytest.raises(cells.CellProblem):
        cells.read_date(value)


def test_numbers_percentages_and_lists():
    assert cells.read_integer("1,200人") == 1200 and cells.read_integer(12.0) == 12
    with pytest.raises(cells.CellProblem):
        cells.read_integer("12.5")
    assert cells.read_percent(0.655) == Decimal("65.50")  # a "%" cell
    assert cells.read_percent(1) == Decimal("100.00")
    assert cells.read_percent("65.5%") == cells.read_percent(65.5) == Decimal("65.50")
    assert cells.read_countries("德国、France; us,日本\nUK") == ["DE", "FR", "US", "JP", "GB"]
    with pytest.raises(cells.CellProblem):
        cells.read_countries("欧盟")
    assert cells.read_tags("专精特新，出口、出口") == ["专精特新", "出口"]
    assert cells.read_industry("制造业") == cells.read_industry("工业") == "industry"
    assert cells.read_industry("Software and information technology services") == "software_it"
    assert cells.read_legal_form("有限责任公司（自然人投资或控股）") == "limited_liability"
    assert cells.read_text(13800138000.0) == "13800138000"
    with pytest.raises(cells.CellProblem) as err:
        cells.read_code(9.1350100e17)
    assert "lost digits" in err.value.message.render()


@pytest.mark.parametrize("value,expected", [
    ("广东省深圳市", ("440000", "440300", None)), ("广东深圳", ("440000", "440300", None)),
    ("江苏省昆山市", ("320000", None, "昆山市")), ("深圳市", (None, "440300", None)),
    ("Shenzhen, Guangdong", ("440000", "440300", None)), ("北京市朝阳区", ("110000", "110100", None)),
    ("延边朝鲜族自治州", (None, "222400", None)),
])
def test_regions(value, expected):
    assert places.read_region(value) == expected


def test_provinces_and_cities():
    assert places.read_province("广东") == places.read_province("Guangdong Province") == "440000"
    assert places.read_city("吉林", "220000") == ("220200", None)
    assert places.read_city("昆山市") == (None, "昆山市")
    with pytest.raises(cells.CellProblem):
        places.read_province("火星")
