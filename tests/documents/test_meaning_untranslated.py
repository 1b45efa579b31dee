"""Text left in the wrong language (documents.untranslated; qa.check_pair's zh_in_english and
chinese_in_english). Examples of our own, not from the bench corpus."""

from __future__ import annotations

import pytest

from coop_desktop.documents import untranslated
from coop_desktop.documents.qa import Severity, check_pair


def codes(zh: str, en: str) -> list[str]:
    return [i.code for i in check_pair(zh, en)]


@pytest.mark.parametrize("zh", [
    "The plant will be built in two phases over three years.",
    "主营业务：Design and manufacture of hydraulic valves for construction machinery.",
    "合作伙伴情况：The partner is a family-owned distributor that has served Poland since 1995.",
])
def test_a_chinese_side_written_in_english_is_an_error(zh: str) -> None:
    en = "The plant will be built in two phases over three years."
    found = untranslated.zh_in_english(zh)
    assert found is not None
    issues = [i for i in check_pair(zh, en) if i.code == "zh_in_english"]
    assert [(i.side, i.severity) for i in issues] == [("zh", Severity.ERROR)]
    assert issues[0].message.params["text"].rstrip("…") in zh


@pytest.mark.parametrize("zh", [
    "公司通过了ISO 9001和IATF 16949认证，产品供应BMW、Bosch等客户。",
    "合作区（Sino-Italian SME Cooperation Zone of the Belt and Road）位于宁波。",
    "公司注册了“Kelin Precision”商标。",
    "{{enterprise.name_zh}}主营液压阀。",
    "英文名称：Suzhou Kelin Precision Machinery Co., Ltd.",
    "主要客户：Bosch, Siemens, ABB, Schneider Electric",
])
def test_english_names_standards_and_placeholders_in_chinese_raise_nothing(zh: str) -> None:
    assert untranslated.zh_in_english(zh) is None


@pytest.mark.parametrize(("en", "left"), [
    ("Contact person: 王建国, tel. 0512-6666 8888", "王建国"),
    ("The company makes hydraulic valves, 主要出口欧洲。", "主要出口欧洲"),
    ("The zone is governed by 《合作区管理办法》.", "合作区管理办法"),
])
def test_chinese_left_in_the_english_is_an_error_naming_it(en: str, left: str) -> None:
    [found] = untranslated.chinese_in_english(en)
    assert left in found.text
    [issue] = [i for i in check_pair("联系人：王建国。公司生产液压阀，主要出口欧洲。", en)
               if i.code == "chinese_in_english"]
    assert issue.side == "en" and issue.severity == Severity.ERROR


@pytest.mark.parametrize("en", [
    "The applicant is Suzhou Kelin Precision Machinery Co., Ltd. (苏州科林精密机械有限公司).",
    "苏州科林精密机械有限公司 (Suzhou Kelin Precision Machinery Co., Ltd.) was founded in 2011.",
    "The zone was approved by document 工信部企业函〔2023〕112号 of the MIIT.",
    "It is a national 专精特新 SRDI enterprise.",
    "The so-called “小巨人” enterprises lead their niches.",
])
def test_chinese_kept_as_english_texts_keep_it_raises_nothing(en: str) -> None:
    assert untranslated.chinese_in_english(en) == []


def test_fully_identical_sides_are_still_same_as_source() -> None:
    assert codes("公司成立于2011年。", "公司成立于2011年。") == ["same_as_source"]


@pytest.mark.parametrize(("zh", "named"), [
    ("本项目的主要内容为 design and installation of rooftop solar systems for factories.",
     "design and installation of rooftop solar systems for factories"),
    ("公司现有产品：high-pressure hydraulic pumps and gear motors for excavators。",
     "high-pressure hydraulic pumps and gear motors for excavators"),
    ("公司成立于2009年。合作方为 a regional distributor of agricultural machinery.",
     "a regional distributor of agricultural machinery"),
])
def test_a_chinese_sentence_mostly_in_english_after_a_lead_in_is_an_error(zh: str,
                                                                        named: str) -> None:
    found = untranslated.zh_in_english(zh)
    assert found is not None and named in found.text  # the run, or the whole text
    assert zh[found.span[0]:found.span[1]].strip() == found.text.strip()


@pytest.mark.parametrize("zh", [
    "公司采用 machine learning 算法优化排产，并部署了 edge computing 网关。",
    "公司官网：www.hengrui-valves.com，邮箱：export@hengrui-valves.com。",
    "产品型号为 type-c 接口快充模块，已量产。",
    "合作方（a family-owned distributor of farm machinery）位于波兰。",
])
def test_english_terms_addresses_and_glosses_in_a_chinese_sentence_raise_nothing(zh: str
                                                                               ) -> None:
    assert untranslated.zh_in_english(zh) is None
