"""Numbers read for meaning, further (issue 14, after the held-out test): owners read as the
noun phrase before a value, 来 after a duration, legal doublets, 日 as a duration, and
messages that name units and periods.

Every example here is written for these tests (none is copied from the bench corpus).
"""

from __future__ import annotations

import pytest

from coop_desktop.documents import number_checks, qa
from coop_desktop.documents.numbers import extract_quantities


def codes(zh: str, en: str) -> list[str]:
    return sorted(f.code for f in number_checks.findings(zh, en))


# ------------------------------------------------------------------ owners as noun phrases

@pytest.mark.parametrize(("zh", "en", "roles"), [
    ("线上渠道销售额占58%，线下门店占42%。",
     "Online channels make up 42% of sales and physical stores 58%.",
     {("线上渠道销售额", "physical stores"), ("线下门店", "Online channels")}),
    ("自有品牌收入占比为64%，贴牌加工占36%。",
     "Own-brand revenue represents 36% and OEM work 64%.",
     {("自有品牌收入", "OEM work"), ("贴牌加工", "Own-brand revenue")}),
    ("境外收入占营业收入的27%，境内收入占73%。",
     "Domestic income accounts for 27% of revenue and overseas income for 73%.",
     {("境外收入", "Domestic income"), ("境内收入", "overseas income")}),
    # a word the two owners share (能源, China) weighs less than the words that tell them apart
    ("光伏组件收入占比为44%，储能系统占比为23%。",
     "Revenue from solar modules makes up 23%, and energy storage systems 44%.",
     {("光伏组件收入", "energy storage systems"), ("储能系统", "Revenue from solar modules")}),
    ("华北地区销售额占38%，西南地区占19%。",
     "North China accounts for 19% of sales and Southwest China for 38%.",
     {("华北地区销售额", "Southwest China"), ("西南地区", "North China")}),
])
def test_swapped_owners_read_as_the_phrase_before_the_value(zh: str, en: str,
                                                            roles: set[tuple[str, str]]) -> None:
    swaps = [f for f in number_checks.findings(zh, en) if f.code == "share_swap"]
    assert {(f.params["zh_role"], f.params["en_role"]) for f in swaps} == roles


@pytest.mark.parametrize(("zh", "en"), [
    ("线上渠道销售额占58%，线下门店占42%。",
     "Online channels make up 58% of sales and physical stores 42%."),
    ("线上渠道销售额占58%，线下门店占42%。",
     "Physical stores account for 42% and online channels for 58%."),  # the other order
    ("境外收入占营业收入的27%，境内收入占73%。",
     "Revenue abroad made up 27% and revenue at home 73%."),
    ("境外收入占营业收入的27%，境内收入占73%。",
     "Of revenue, 27% was earned abroad and 73% in China."),  # no phrase before the values
])
def test_owners_in_any_order_or_words_are_no_swap(zh: str, en: str) -> None:
    assert "share_swap" not in codes(zh, en)


def test_a_swap_found_by_role_words_is_named_by_its_phrase() -> None:
    swaps = [f for f in number_checks.findings(
        "研发人员占员工总数的31%，生产人员占52%。",
        "Production staff make up 31% of the workforce and R&D staff 52%.")
        if f.code == "share_swap"]
    assert swaps and swaps[0].params["zh_role"] == "研发人员"  # not 人员


# ------------------------------------------------------------------ 来, 余, 多

@pytest.mark.parametrize(("zh", "en"), [
    ("十五年来，公司一直专注于阀门制造。", "For fifteen years the company has focused on valves."),
    ("8年来累计服务客户1200家。", "Over the past 8 years it has served 1,200 customers."),
    ("两个月来，订单明显增加。", "In the past two months orders have clearly risen."),
])
def test_lai_after_a_duration_is_no_approximation(zh: str, en: str) -> None:
    assert codes(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "code"), [
    ("公司拥有专利40余项。", "The company holds 40 patents.", "bound"),
    ("公司拥有专利40多项。", "The company holds 40 patents.", "bound"),
    ("公司拥有专利40来项。", "The company holds 40 patents.", "approximation"),
])
def test_yu_duo_and_lai_after_a_count_are_qualifiers(zh: str, en: str, code: str) -> None:
    [finding] = number_checks.findings(zh, en)
    assert finding.code == code
    assert finding.params["zh"].startswith("40") and finding.params["zh"][2] in "余多来"


# ------------------------------------------------------------------ doublets and days

@pytest.mark.parametrize(("en", "value", "unit"), [
    ("within fifteen (15) days", 15, "day"),
    ("within seven (7) business days", 7, "day"),
    ("a term of two (2) years", 2, "year"),
    ("a deposit of RMB two hundred thousand (RMB 200,000)", 200000, None),
    ("a discount of five percent (5%)", 5, None),
])
def test_a_value_in_words_and_in_figures_is_one_value(en: str, value: int, unit: str | None
                                                      ) -> None:
    [q] = extract_quantities(en)
    assert (q.value, q.unit, q.optional) == (value, unit, False)


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("乙方应于验收合格后十五日内付款。", "Party B shall pay within fifteen (15) days of acceptance.",
     []),
    ("乙方应于验收合格后十五日内付款。", "Party B shall pay within ten (10) days of acceptance.",
     ["number_mismatch"]),
    ("保证金为人民币20万元。", "The deposit is RMB two hundred thousand (RMB 200,000).", []),
    ("甲方应在7个工作日内回复。", "Party A shall reply within seven (7) business days.", []),
])
def test_doublets_and_days_compare_as_one_value(zh: str, en: str, expected: list[str]) -> None:
    assert codes(zh, en) == expected


def test_ri_is_a_duration_only_before_nei_hou_qi() -> None:
    assert [(q.value, q.unit) for q in extract_quantities("通知送达之日起三十日内")] == [(30, "day")]
    assert [q.kind.value for q in extract_quantities("2025年6月30日前")] == ["date"]
    assert [q.unit for q in extract_quantities("每月10日前报送") if q.value == 10] == [None]


# ------------------------------------------------------------------ messages

def test_a_figure_under_table_labels_is_named_with_their_units() -> None:
    [finding] = number_checks.findings("投资额（万元）：480", "Investment (RMB): 480")
    assert finding.code == "unit"
    assert (finding.params["zh"], finding.params["en"]) == ("480万元", "RMB 480")
    [finding] = number_checks.findings("投资额（万元）：480", "Investment (RMB 10,000): 840")
    assert (finding.code, finding.params["en"]) == ("number_mismatch", "840 (RMB 10,000)")


@pytest.mark.parametrize(("zh", "en", "words"), [
    ("企业近两年出口持续增长。", "Exports have kept growing over the past four years.",
     ("近两年", "past four years")),
    ("未来三年将新建两条产线。", "Two new lines will be built in the next five years.",
     ("未来三年", "next five years")),
])
def test_a_different_period_is_a_mismatch_naming_both(zh: str, en: str,
                                                      words: tuple[str, str]) -> None:
    found = [f for f in number_checks.findings(zh, en) if f.code == "number_mismatch"]
    assert [(f.params["zh"], f.params["en"]) for f in found] == [words]
    assert not [f for f in number_checks.findings(zh, en) if f.code == "number_missing"]


def test_the_first_years_of_a_period_are_no_period_of_their_own() -> None:
    zh = "近四年营业收入分别为2亿元、2亿元、2.5亿元和3亿元。"
    en = ("Over the last four years revenue was RMB 200 million in each of the first two "
          "years, then RMB 250 million and RMB 300 million.")
    assert qa.check_pair(zh, en) == []
