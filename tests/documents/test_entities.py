"""Places, countries and names the same on both sides (documents.entities)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from coop_desktop.documents import entities, entity_data, qa
from coop_desktop.documents.entities import Record
from coop_desktop.i18n.catalog import translator

ROOT = Path(__file__).resolve().parents[2]


def found(zh: str, en: str, record: Record | None = None) -> list[tuple[str, str, str]]:
    return [(f.code, f.zh, f.en) for f in entities.check(zh, en, record)]


# ------------------------------------------------------------------ places
@pytest.mark.parametrize(("zh", "en"), [
    ("企业位于浙江省嘉兴市南湖区。", "The company is in Nanhu District, Jiaxing, Zhejiang Province."),
    ("工厂位于江苏省昆山市。", "The factory is in Suzhou, Jiangsu."),  # the city around it
    ("研发中心设在四川省成都市。", "The R&D centre is in Chengdu."),  # the province left out
    ("公司总部设在西安。", "The company is headquartered in Xian."),
    ("基地位于内蒙古自治区包头市。", "The base is in Baotou, Inner Mongolia."),
    ("子公司注册于广西壮族自治区南宁市。",
     "The subsidiary is registered in Nanning, Guangxi Zhuang Autonomous Region."),
    ("在香港特别行政区设立办事处。", "An office is set up in the Hong Kong SAR."),
    ("公司位于苏州工业园区。", "The company is in Suzhou."),
    ("实验室位于武汉东湖高新区。", "The laboratory is in the East Lake High-tech Zone in Wuhan."),
    ("门店开在宁波鄞州。", "The shop is in Yinzhou District, Ningbo."),
    ("公司位于江苏省苏州市，在无锡设有仓库。",
     "The company is in Suzhou and has a warehouse in Wuxi, Jiangsu Province."),
    ("产品销往全国。", "The products are sold across China, from Heilongjiang to Hainan."),
])
def test_the_same_places_written_another_way_are_no_finding(zh: str, en: str) -> None:
    assert found(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("项目选址在湖南省株洲市。", "The project site is in Xiangtan, Hunan Province.",
     ("place_mismatch", "株洲市", "Xiangtan")),
    ("公司注册于广东省佛山市。", "The company is registered in Foshan, Fujian Province.",
     ("place_mismatch", "广东省", "Fujian Province")),
    ("公司位于苏州工业园区。", "The company is in the Wuxi Industrial Park.",
     ("place_mismatch", "苏州工业园区", "Wuxi")),
    ("门店开在宁波鄞州。", "The shop is in Haishu District, Ningbo.",
     ("place_mismatch", "鄞州", "Haishu District")),
    ("仓库设在陕西省宝鸡市。", "The warehouse is in Baoji, Shanxi Province.",
     ("place_mismatch", "陕西省", "Shanxi Province")),
])
def test_a_different_place_is_an_error(zh: str, en: str, expected: tuple[str, str, str]) -> None:
    assert found(zh, en) == [expected]


def test_ordinary_words_are_no_places() -> None:
    text = "推动产业合作，发展朝阳产业，服务城区居民，合作区东区交通便利，企业长治久安。"
    assert [m.text for m in entity_data.scan_zh(text)] == []
    assert [m.text for m in entity_data.scan_en("a lean machine for the china trade")] == []


def test_a_county_short_name_is_read_after_its_city_or_in_brackets_only() -> None:
    assert [m.text for m in entity_data.scan_zh("在慈溪设厂")] == ["慈溪"]  # a county-level city
    assert [m.text for m in entity_data.scan_zh("在海曙设厂")] == []
    assert [m.text for m in entity_data.scan_zh("在宁波海曙设厂")] == ["宁波", "海曙"]
    assert [m.text for m in entity_data.scan_en("in Haishu")] == []
    assert [m.text for m in entity_data.scan_en("in Haishu District")] == ["Haishu District"]


# ------------------------------------------------------------------ countries and regions
@pytest.mark.parametrize(("zh", "en"), [
    ("与越南企业合作。", "Cooperation with a company from Viet Nam."),
    ("合作方是一家越南企业。", "The partner is a Vietnamese company."),
    ("产品销往美国和英国。", "The products are sold in the USA and Britain."),
    ("在格鲁吉亚设厂。", "A plant is built in Georgia."),
    ("在美国佐治亚州设厂。", "A plant is built in Georgia."),  # Georgia: the country or the state
    ("重点开拓东盟市场。", "The focus is on ASEAN markets."),
    ("产品已通过欧盟认证。", "The products are certified in the EU."),
    ("面向国内市场和日本市场。", "For the Chinese and Japanese markets."),
    ("3月15日本公司与客户签约。", "On 15 March the company signed with a client."),
    ("与科美国际贸易有限公司签约，产品销往德国。", "Signed with Kemei International Trading; sold in Germany."),
    ("以美元结算，产品销往德国。", "Settled in US dollars; the products are sold in Germany."),
])
def test_the_same_countries_written_another_way_are_no_finding(zh: str, en: str) -> None:
    assert found(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("产品出口至巴西和智利。", "The products are exported to Brazil and Argentina.",
     ("country_mismatch", "智利", "Argentina")),
    ("在亚美尼亚设厂。", "A plant is built in Georgia.", ("country_mismatch", "亚美尼亚", "Georgia")),
    ("重点开拓东盟市场。", "The focus is on EU markets.", ("country_mismatch", "东盟", "EU")),
    ("合作伙伴是一家荷兰企业。", "The partner is a Danish company.",
     ("country_mismatch", "荷兰", "Danish")),
])
def test_a_different_country_is_an_error(zh: str, en: str, expected: tuple[str, str, str]) -> None:
    assert found(zh, en) == [expected]


# ------------------------------------------------------------------ zones
def test_a_cooperation_zone_is_compared_by_partner_and_city() -> None:
    zh = "公司拟入驻中德（芜湖）中小企业合作区。"
    assert found(zh, "The company plans to join the Sino-German (Wuhu) SME Cooperation Zone.") == []
    assert found(zh, "The company plans to join the Sino-French (Wuhu) SME Cooperation Zone.") == [
        ("name_mismatch", "中德（芜湖）中小企业合作区", "Sino-French (Wuhu) SME Cooperation Zone")]
    assert found(zh, "The company plans to join the Sino-German (Hefei) SME Cooperation Zone.") == [
        ("name_mismatch", "中德（芜湖）中小企业合作区", "Sino-German (Hefei) SME Cooperation Zone")]


# ------------------------------------------------------------------ names
LIU = Record(("南通恒远纺织有限公司", "Nantong Hengyuan Textile Co., Ltd."),
             people=(("刘建华", None),))


@pytest.mark.parametrize("en", [
    "Mr Liu Jianhua chairs the board.",
    "Mr Jianhua Liu chairs the board.",  # given name first: the same person
])
def test_a_person_in_either_order_is_no_finding(en: str) -> None:
    assert found("刘建华先生担任董事长。", en, LIU) == []


def test_a_different_person_is_an_error_with_the_pinyin() -> None:
    [finding] = entities.check("刘建华先生担任董事长。", "Mr Liu Jianping chairs the board.", LIU)
    assert (finding.code, finding.zh, finding.en, finding.pinyin) == (
        "name_mismatch", "刘建华", "Liu Jianping", "Liu Jianhua")
    assert finding.kind == entity_data.PERSON


def test_a_person_after_a_role_is_read_without_a_record() -> None:
    assert found("联系人：孙丽华，电话0571-88886666。", "Contact: Sun Lihua, tel. 0571-88886666.") == []
    assert found("联系人：孙丽华，电话0571-88886666。", "Contact: Sun Liping, tel. 0571-88886666.") == [
        ("name_mismatch", "孙丽华", "Sun Liping")]


def test_a_company_own_name_in_pinyin() -> None:
    zh = "公司与宁波海天精工签订了供货协议。"
    assert found(zh, "The company signed a supply agreement with Ningbo Haitian Precision.") == []
    assert found(zh, "The company signed a supply agreement with Ningbo Haitai Precision.") == [
        ("name_mismatch", "海天", "Haitai")]


def test_the_record_company_name_in_another_spelling() -> None:
    assert found("南通恒远纺织有限公司成立于2015年。", "Nantong Hengyuan Textile Co., Ltd. was founded "
                 "in 2015.", LIU) == []
    assert found("南通恒远纺织有限公司成立于2015年。", "Nantong Hengda Textile Co., Ltd. was founded "
                 "in 2015.", LIU) == [("name_mismatch", "恒远", "Hengda")]


def test_well_known_and_foreign_companies() -> None:
    assert found("客户包括华为和比亚迪。", "Customers include Huawei and BYD.") == []
    assert found("客户包括华为和比亚迪。", "Customers include Huawei and Geely.") == [
        ("name_mismatch", "比亚迪", "Geely")]
    zh = "合作方为德国福斯精密有限公司。"
    assert found(zh, "The partner is Voss Precision GmbH of Germany.") == []
    assert found(zh, "The partner is Lange Precision GmbH of Germany.") == [
        ("name_mismatch", "福斯", "Lange")]


def test_street_names_and_english_words_are_no_names() -> None:
    assert found("注册地址为解放路88号，法定代表人为周敏。",
                 "Registered address: No. 88 Jiefang Road; legal representative: Zhou Min.") == []
    assert found("公司与宁波海天精工合作。", "A Chinese machine maker works with Ningbo Haitian.") == []


# ------------------------------------------------------------------ check_pair
def test_check_pair_reports_an_error_in_both_languages_and_it_can_be_ignored() -> None:
    issues = qa.check_pair("项目选址在湖南省株洲市。", "The project site is in Xiangtan, Hunan Province.")
    [issue] = [i for i in issues if i.code == "place_mismatch"]
    assert issue.severity == qa.Severity.ERROR
    assert issue.side == "en" and issue.span == (23, 31)
    assert issue.key == "place_mismatch:en:株洲市 ≠ Xiangtan"
    assert issue.message.render() == ("The Chinese text names the place “株洲市” but the English "
                                      "text names “Xiangtan”: a different place.")
    assert issue.message.render(translator("zh_CN")) == (
        "中文为地点“株洲市”，英文却为“Xiangtan”：不是同一地点。")


def test_check_pair_takes_the_record_people_and_zone() -> None:
    record = qa.RecordFacts(name_zh="南通恒远纺织有限公司", name_en="Nantong Hengyuan Textile Co., Ltd.",
                            zone_zh="中德（芜湖）中小企业合作区",
                            zone_en="Sino-German (Wuhu) SME Cooperation Zone",
                            people=(("刘建华", "Liu Jianhua"),))
    issues = qa.check_pair("刘建华先生担任董事长。", "Mr Liu Jianping chairs the board.", record=record)
    assert [(i.code, i.detail) for i in issues] == [("name_mismatch", "刘建华 ≠ Liu Jianping")]
    assert "中德（芜湖）中小企业合作区" in record.proper_names


def test_a_record_mismatch_is_not_reported_twice() -> None:
    record = qa.RecordFacts(name_zh="南通恒远纺织有限公司", name_en="Nantong Hengyuan Textile Co., Ltd.")
    issues = qa.check_pair("南通恒远纺织有限公司成立于2015年。",
                           "Nantong Hengyun Textile Co., Ltd. was founded in 2015.", record=record)
    assert [i.code for i in issues] == ["record_mismatch"]


def test_a_long_text_of_repeated_names_is_checked_once_per_name() -> None:
    zh = "公司总部位于江苏省苏州工业园区，与上海振华重工合作，产品出口至德国和越南。" * 200
    en = ("The company is headquartered in Suzhou Industrial Park, Jiangsu; it works with Shanghai "
          "Zhenhai Heavy Industries and exports to Germany and Vietnam. ") * 200
    assert found(zh, en) == [("name_mismatch", "振华", "Zhenhai")]


# ------------------------------------------------------------------ data
def _builder():
    spec = importlib.util.spec_from_file_location("build_entities", ROOT / "scripts" / "build_entities.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_county_names_in_english() -> None:
    build = _builder()
    assert build.split_county("长阳土家族自治县") == ("长阳", "Autonomous County")
    assert build.split_county("浦东新区") == ("浦东", "New Area")
    assert build.romanise(["xi", "an"]) == "Xi'an"
    assert build.romanise(["su", "zhou"]) == "Suzhou"


def test_the_shipped_index_is_what_the_builder_makes_from_the_shipped_sources() -> None:
    build = _builder()
    assert build._dump(build.build_index()) == (ROOT / "resources" / "reference" /
                                                 "entities.json").read_text("utf-8")


def test_a_neighbouring_city_the_chinese_does_not_name_is_an_error() -> None:
    assert found("公司总部位于苏州工业园区。", "The company is headquartered in Suzhou Industrial Park "
                 "in Wuxi.") == [("place_mismatch", "苏州工业园区", "Wuxi")]
    # A place of another province added for orientation is not.
    assert found("公司位于江苏省苏州市。", "The company is in Suzhou, Jiangsu, an hour from Shanghai.") == []


def test_old_and_official_english_names_of_places() -> None:
    assert found("公司位于广州。", "The company is in Canton.") == []
    assert found("在澳门设立办事处。", "An office is set up in Macau.") == []
    assert found("在西藏自治区设厂。", "A plant is built in the Tibet Autonomous Region.") == []


def test_another_company_in_place_of_the_record_one() -> None:
    assert found("南通恒远纺织有限公司成立于2015年。", "Changzhou Xinda Electric Co., Ltd. was founded in "
                 "2015.", LIU) == [("name_mismatch", "南通恒远纺织有限公司",
                                    "Changzhou Xinda Electric Co., Ltd.")]
    assert found("常州新达电气有限公司成立于2015年。", "Nantong Hengyuan Textile Co., Ltd. was founded in "
                 "2015.", LIU) == [("name_mismatch", "新达", "Nantong Hengyuan Textile Co., Ltd.")]
    # The English names the record company where the Chinese says 公司: no finding.
    assert found("公司与上海振华重工签订协议。", "Nantong Hengyuan Textile Co., Ltd. signed an agreement "
                 "with Shanghai Zhenhua Heavy Industries.", LIU) == []


def test_a_person_of_another_name_altogether() -> None:
    assert found("法定代表人周敏。", "Legal representative: Li Ming.") == [
        ("name_mismatch", "周敏", "Li Ming")]
    assert found("法定代表人周敏，联系人吴强。", "Legal representative: Zhou Min; contact: Wang Fang.") == [
        ("name_mismatch", "吴强", "Wang Fang")]


def test_a_city_added_beside_the_one_the_chinese_names_is_an_error() -> None:
    assert found("公司位于安徽省合肥市。", "The company is in Hefei, Anhui, and in Wuhu.") == [
        ("place_mismatch", "合肥市", "Wuhu")]
    assert found("公司位于安徽省。", "The company is in Wuhu, Anhui.") == []  # more precise


def test_currencies_and_funding_name_countries_on_both_sides_or_neither() -> None:
    assert found("投资额为800万美元，产品销往越南。", "The investment is US$8 million; the products are "
                 "sold in Thailand.") == [("country_mismatch", "越南", "Thailand")]
    assert found("与德国企业开展技术合作。", "Technical cooperation with German companies.") == []
    assert found("园区已集聚德资企业30余家。", "The park is home to over 30 German-funded companies.") == []


def test_pinyin_that_spells_a_place_is_not_one_when_it_names_something_else() -> None:
    # 揭阳 is a city, Jieyang also a given name; 信宜 a city, Xinyi also 信义.
    assert found("法定代表人为马杰阳，注册地址为安徽省合肥市。", "The legal representative is Ma Jieyang; "
                 "the registered address is in Hefei, Anhui.") == []
    assert found("广东信义置业有限公司位于广东省梅州市。", "Guangdong Xinyi Real Estate Co., Ltd. is "
                 "located in Meizhou, Guangdong.") == []
    assert found("法定代表人为王海宁。", "The legal representative is Wang Haining.") == []


def test_regions_of_china_named_as_one_stand_for_their_members() -> None:
    assert found("公司在南京和苏锡常地区设有门店。", "The company has shops in Nanjing, Suzhou, Wuxi "
                 "and Changzhou.") == []
    assert found("客户遍布长三角。", "Customers are all over the Yangtze River Delta.") == []
    assert found("客户遍布长三角。", "Customers are all over the Pearl River Delta.") == [
        ("place_mismatch", "长三角", "Pearl River Delta")]


def test_a_company_named_after_a_preposition() -> None:
    assert found("客户包括恒力集团。", "Customers include Hengli Group.") == []
    assert found("客户包括恒力集团。", "Customers include Hengyi Group.") == [
        ("name_mismatch", "恒力", "Hengyi")]
    assert found("主营新能源和生物医药。", "It works mainly in new energy and biomedicine.") == []


def test_cities_abroad_are_compared_with_cities_abroad() -> None:
    assert found("公司在德国慕尼黑设有办事处。", "The company has an office in Munich, Germany.") == []
    assert found("公司在德国慕尼黑设有办事处。", "The company has an office in Frankfurt, Germany.") == [
        ("place_mismatch", "慕尼黑", "Frankfurt")]
    assert found("在德国设立子公司。", "A subsidiary is set up in Munich, Germany.") == []  # more precise
    assert found("公司位于苏州。", "The company is in Suzhou and sells in Paris.") == []


def test_where_a_name_after_a_role_ends() -> None:
    assert found("法定代表人张伟现任董事长。", "The legal representative, Li Ming, is chairman.") == [
        ("name_mismatch", "张伟", "Li Ming")]
    assert found("总经理陈志强负责境外投资。", "General manager Li Ming is in charge of investment "
                 "abroad.") == [("name_mismatch", "陈志强", "Li Ming")]


def test_a_zone_in_a_city_the_data_do_not_know_is_compared_by_partner_only() -> None:
    assert found("入驻中德（某新区）中小企业合作区。", "Joined the Sino-German (Mouxin) SME "
                 "Cooperation Zone.") == []


def test_names_across_word_boundaries_are_not_read() -> None:
    assert [m.text for m in entity_data.scan_zh("距上海虹桥枢纽约50公里")] == ["上海"]
    assert [m.text for m in entity_data.scan_zh("在美国纽约设有办事处")] == ["美国", "纽约"]


def test_a_given_name_that_spells_a_company_is_not_one() -> None:
    assert found("法定代表人为刘华伟，客户包括比亚迪。",
                 "The legal representative is Liu Huawei; customers include BYD.") == []
    assert found("客户包括华为。", "Customers include ZTE.") == [("name_mismatch", "华为", "ZTE")]


# ------------------------------------------------------------------ the record's names, abroad
VIENTIANE_ZONE = Record(zone=("老挝万象赛色塔综合开发区", "Vientiane Saysettha Development Zone"))
KAZAN_FIRM = Record(enterprise=("喀山联合机械有限公司", "Kazan United Machinery LLC"))


@pytest.mark.parametrize(("zh", "en", "record", "expected"), [
    # the record's zone named in the Chinese, another place in its stead in the English
    ("项目拟落户老挝万象赛色塔综合开发区。",
     "The project will be located in the Luang Prabang Saysettha Development Zone, near "
     "Bangkok.", VIENTIANE_ZONE, ("place_mismatch", "万象", "Bangkok")),
    ("合作伙伴为喀山联合机械有限公司。", "The partner is Kazan United Machinery LLC of Minsk.",
     KAZAN_FIRM, None),  # the record's English is there: its name is the record's
])
def test_a_record_name_is_compared_where_the_english_lacks_its_english(
        zh: str, en: str, record: Record, expected: tuple[str, str, str] | None) -> None:
    assert found(zh, en, record) == ([expected] if expected else [])


def test_the_record_zone_in_its_own_english_is_no_finding() -> None:
    assert found("项目拟落户老挝万象赛色塔综合开发区。",
                 "The project will be in the Vientiane Saysettha Development Zone.",
                 VIENTIANE_ZONE) == []


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("设备经岘港转运至老挝。", "The equipment is shipped to Laos through Haiphong.", ("岘港", "Haiphong")),
    ("公司在白俄罗斯明斯克设有仓库。", "The company has a warehouse in Budapest.", ("明斯克", "Budapest")),
    ("工厂位于印尼勿加泗。", "The plant is in Batam, Indonesia.", ("勿加泗", "Batam")),
    ("泰国春武里府的工厂已投产。", "The plant in Rayong, Thailand, is in production.",
     ("春武里", "Rayong")),
])
def test_cities_and_ports_abroad_are_compared(zh: str, en: str, expected: tuple[str, str]) -> None:
    assert [(f.zh, f.en) for f in entities.check(zh, en)] == [expected]


def test_a_place_inside_a_different_company_is_not_reported_twice() -> None:
    record = Record(enterprise=("宁波海天塑机有限公司", "Ningbo Haitian Plastics Machinery Co., Ltd."))
    assert [f.code for f in entities.check("宁波海天塑机有限公司成立于2002年。",
                                           "Shenzhen Kaida Robotics Co., Ltd. was founded in 2002.",
                                           record)] == ["name_mismatch"]


@pytest.mark.parametrize("zh", ["广西港口集团与合作方签约。", "展会内容包罗万象。"])
def test_words_that_contain_a_city_abroad_are_no_place(zh: str) -> None:
    assert [m.text for m in entity_data.scan_zh(zh)] == []
