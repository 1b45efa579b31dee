"""Numbers read for meaning (issue 14): approximation and bound words, fractions and words for
numbers, parts of a year, years against the document date, units and conversions, owners of
shares, repeated figures, house styles, and the shipped glossary as the default.

Every example here is written for these tests (none is copied from the bench corpus).
"""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coop_desktop.documents import number_checks, qa
from coop_desktop.documents.numbers import extract_quantities
from coop_desktop.documents.quantity_pairs import compare_meaning
from coop_desktop.i18n.catalog import translator


def codes(zh: str, en: str, doc_date: date | None = None) -> list[str]:
    """The number findings' codes and the glossary findings' codes (shipped glossary)."""
    found = [f.code for f in number_checks.findings(zh, en, doc_date=doc_date)]
    return found + [i.code for i in qa._terms(zh, en, qa.shipped_glossary())]


D2025 = date(2025, 4, 1)

# (Chinese, English, expected codes; [] = faithful)
PAIRS = [
    # approximation and bound words
    ("该园区入驻企业约450家。", "About 450 companies have moved into the park.", []),
    ("该园区入驻企业约450家。", "450 companies have moved into the park.", ["approximation"]),
    ("年出口额逾8000万美元。", "Annual exports exceed USD 80 million.", []),
    ("年出口额逾8000万美元。", "Annual exports are USD 80 million.", ["bound"]),
    ("研发周期缩短近40%。", "The development cycle was cut by almost 40%.", []),
    ("研发周期缩短近40%。", "The development cycle was cut by 40%.", ["approximation"]),
    ("企业员工人数不少于50人。", "The enterprise has at least 50 employees.", []),
    ("企业员工人数不少于50人。", "The enterprise has at most 50 employees.", ["bound"]),
    ("单笔补助最高不超过200万元。", "A single grant may not exceed RMB 2 million.", []),
    ("单笔补助最高不超过200万元。", "A single grant is at least RMB 2 million.", ["bound"]),
    ("产品合格率达99%以上。", "The pass rate is 99% or above.", []),
    ("产品合格率达99%以上。", "The pass rate is below 99%.", ["bound"]),
    ("设备利用率不足六成。", "Equipment utilisation is under 60%.", []),
    ("项目总投资5亿元左右。", "Total investment is roughly RMB 500 million.", []),
    ("研发团队有30多人。", "The R&D team has more than 30 people.", []),
    ("研发团队有30多人。", "The R&D team has about 30 people.", ["approximation"]),
    ("员工约320人。", "The company has more than 320 staff.", ["approximation"]),
    ("近三年营业收入持续增长。", "Revenue has grown in each of the past three years.", []),
    # fractions, 成 and words for numbers
    ("外销占总销量的五分之三。", "Export sales make up three fifths of total sales.", []),
    ("外销占总销量的五分之三。", "Export sales make up 60% of total sales.", []),
    ("外销占总销量的五分之三。", "Export sales make up two thirds of total sales.",
     ["number_mismatch"]),
    ("研发人员约占三分之一。", "About 33% of the staff work in R&D.", []),
    ("女性员工占八成。", "Women make up 80% of the staff.", []),
    ("女性员工占八成。", "Women make up 70% of the staff.", ["number_mismatch"]),
    ("约一半收入来自欧盟。", "About half of the income comes from the EU.", []),
    ("公司在该行业已有四十年历史。", "The company has four decades of history.", []),
    ("公司在该行业已有四十年历史。", "The company has three decades of history.",
     ["number_mismatch"]),
    ("新加坡子公司为全资子公司。", "The Singapore subsidiary is wholly owned.", []),
    ("公司持有其100%股权。", "The company wholly owns it.", []),
    ("销售额较2020年翻了一番。", "Sales have doubled since 2020.", []),
    # parts of a year, frequencies
    ("2025年下半年启动建设。", "Construction starts in the second half of 2025.", []),
    ("2025年下半年启动建设。", "Construction starts in H2 2025.", []),
    ("2025年下半年启动建设。", "Construction starts in the first half of 2025.", ["number_mismatch"]),
    ("四季度完成验收。", "Acceptance will be completed in Q4.", []),
    ("四季度完成验收。", "Acceptance will be completed in the third quarter.", ["number_mismatch"]),
    ("2024年1—9月出口4200万元。", "Exports in the first nine months of 2024 were RMB 42 million.",
     []),
    ("2024年1—9月出口4200万元。", "Exports from January to June 2024 were RMB 42 million.",
     ["number_mismatch"]),
    ("每月召开一次例会。", "A regular meeting is held every month.", []),
    ("每月召开一次例会。", "A regular meeting is held every week.", ["number_mismatch"]),
    ("年底前完成搬迁。", "The move will be completed by the end of the year.", []),
    # units and conversions
    ("厂区占地150亩。", "The plant site covers 10 hectares.", []),
    ("厂区占地150亩。", "The plant site covers 150 hectares.", ["unit"]),
    ("年产大米4000万斤。", "Annual rice output is 20,000 tonnes.", []),
    ("年产大米4000万斤。", "Annual rice output is 40,000 tonnes.", ["number_mismatch"]),
    ("园区面积12平方公里。", "The park covers 1,200 hectares.", []),
    ("园区面积12平方公里。", "The park covers 12 square miles.", ["unit"]),
    ("距港口80公里。", "It is about 50 miles from the port.", []),
    ("距港口80公里。", "It is 80 miles from the port.", ["unit"]),
    ("光伏装机20兆瓦。", "Photovoltaic capacity is 20 MWh.", ["unit"]),
    ("研发投入（万元）：860", "R&D spending (RMB 10,000): 860", []),
    ("研发投入（万元）：860", "R&D spending: RMB 8.6 million", []),
    ("研发投入（万元）：860", "R&D spending (RMB 10,000): 680", ["number_mismatch"]),
    ("单位：万元。净利润120。", "Unit: RMB 10,000. Net profit: 120.", []),
    # owners of shares, the ends of a change, ranges
    ("甲方出资600万元，乙方出资400万元。", "Party B contributes RMB 4 million and Party A RMB 6 million.",
     []),
    ("甲方出资600万元，乙方出资400万元。", "Party A contributes RMB 4 million and Party B RMB 6 million.",
     ["share_swap", "share_swap"]),
    ("2022年出口额3000万元，2023年出口额4500万元。",
     "Exports were RMB 45 million in 2022 and RMB 30 million in 2023.",
     ["share_swap", "share_swap"]),
    ("毛利率由18%提升至25%。", "The gross margin rose from 18% to 25%.", []),
    ("毛利率由18%提升至25%。", "The gross margin rose from 25% to 18%.", ["share_swap", "share_swap"]),
    ("单价区间为10至20美元。", "Unit prices range from USD 20 down to USD 10.", []),
    ("北美市场占35%，欧洲市场占25%。", "Europe accounts for 25% and North America for 35%.", []),
    ("北美市场占35%，欧洲市场占25%。", "North America accounts for 25% and Europe for 35%.",
     ["share_swap", "share_swap"]),
    ("A产品占销售额的60%，B产品占40%。", "Product B accounts for 40% of sales and Product A for 60%.",
     []),
    ("A产品占销售额的60%，B产品占40%。", "Product A accounts for 40% of sales and Product B for 60%.",
     ["share_swap", "share_swap"]),
    ("X1系列年销量2万台，X2系列年销量3万台。",
     "The X1 series sells 30,000 units a year and the X2 series 20,000.",
     ["share_swap", "share_swap"]),
    ("2023年利润500万元，2024年利润800万元。", "In 2023 profit was RMB 8 million and in 2024 RMB 5 million.",
     ["share_swap", "share_swap"]),
    # more dropped or reversed qualifiers
    ("约有300家企业参展。", "300 companies took part in the exhibition.", ["approximation"]),
    ("累计投资1000余万元。", "Cumulative investment is RMB 10 million.", ["bound"]),
    ("超过半数员工为技术人员。", "Half of the employees are technicians.", ["bound"]),
    ("单个项目50万元以内。", "Each project is more than RMB 500,000.", ["bound"]),
    ("原料用量500公斤。", "Raw material use is 500 tons.", ["unit"]),
    # the same figure twice on one side
    ("注册资本3000万元。3000万元注册资本已全部实缴。",
     "The registered capital of RMB 30 million has been fully paid in.", []),
    ("两家子公司各有员工80人，即80人和80人。", "The two subsidiaries have 80 staff each.", []),
    ("2家子公司和2家分公司", "2 subsidiaries and 3 branches", ["number_mismatch"]),
    # house styles
    ("营业收入6.5亿元。", "Operating revenue was RMB650 million.", []),
    ("利润增长25%。", "A 25-percent rise in profit.", []),
    ("融资额1.5亿美元。", "Financing reached US$150mn.", []),
    ("2021—2023年累计投资9000万元。", "Investment in 2021-23 totalled RMB 90 million.", []),
    # orders of magnitude
    ("产品销往数十个国家。", "The products are sold in dozens of countries.", []),
    ("累计服务客户上万家。", "The company has served over ten thousand customers.", []),
    ("年交易额达数百亿元。", "Annual transactions reach tens of billions of yuan.", []),
    ("千余名员工", "over 1,000 employees", []),
    # standard terms (the shipped glossary)
    ("公司为国家高新技术企业。", "The company is a national High and New Technology Enterprise.",
     []),
    ("公司为国家高新技术企业。", "The company is a national high-tech enterprise.", []),
    ("公司为国家高新技术企业。", "The company sits in a national high-tech zone.",
     ["term_wrong"]),
    ("项目已报国家发展改革委备案。", "The project has been filed with the NDRC.", []),
    ("项目已报国家发展改革委备案。", "The project has been filed with the Ministry of Commerce.",
     ["term_wrong"]),
    ("请附营业执照复印件。", "Please attach a copy of the business license.", []),
]


# Faithful translations in the style of official reports and dossiers: no finding.
CLEAN = [
    ("新增减税降费超过2.2万亿元。", "New tax and fee cuts exceeded 2.2 trillion yuan."),
    ("十年来，公司累计出口额超过10亿美元。",
     "Over the past decade the company's exports have totalled more than USD 1 billion."),
    ("占全国的三分之一以上。", "It accounts for more than one third of the national total."),
    ("将近一半的企业实现盈利。", "Nearly half of the companies made a profit."),
    ("2亿多人受益。", "Over 200 million people benefited."),
    ("产品销往一百多个国家和地区。", "Products are sold to more than 100 countries and regions."),
    ("每年举办一届。", "It is held once a year."),
    ("项目历时3个多月。", "The project took more than three months."),
    ("出口额比2019年增长1.5倍。", "Exports were 2.5 times the 2019 level."),
    ("耕地保有量18亿亩。", "Farmland is kept at 120 million hectares."),
    ("高铁营业里程达4.5万公里。", "High-speed railways in operation reached 45,000 km."),
    ("1至2年内完成。", "It will be completed within one to two years."),
    ("粮食产量连续9年稳定在1.3万亿斤以上。",
     "Grain output has remained above 650 million metric tons for nine years in a row."),
    ("公司员工近千人。", "The company has nearly 1,000 employees."),
    ("占地约200亩，总建筑面积约10万平方米。",
     "It covers about 13.3 hectares with a total floor area of about 100,000 square metres."),
    ("项目分两期建设，一期投资3亿元，二期投资5亿元。",
     "The project is built in two phases: RMB 300 million for Phase I and RMB 500 million for "
     "Phase II."),
    ("出口占比由2020年的15%提高到2024年的32%。",
     "The share of exports rose from 15% in 2020 to 32% in 2024."),
    ("合资公司中方占51%，外方占49%。", "51% is held by the Chinese party and 49% by the foreign party."),
    ("员工中，男性占55%，女性占45%。", "Of the employees, 55% are men and 45% women."),
    ("上半年营业收入1.2亿元，全年预计2.6亿元。",
     "Revenue in H1 was RMB 120 million; full-year revenue is expected to be RMB 260 million."),
    ("企业成立于1998年，至今已有26年历史。", "Founded in 1998, the company has a 26-year history."),
    ("补助比例最高可达30%。", "The subsidy may be up to 30%."),
    ("截至2024年末，公司拥有专利120项。", "As of the end of 2024 the company held 120 patents."),
    ("两国贸易额突破千亿美元。", "Bilateral trade topped USD 100 billion."),
    ("冷链仓库面积8000平方米。", "The cold-chain warehouse covers 8,000 m2."),
    ("距离机场仅15分钟车程。", "The airport is only a 15-minute drive away."),
]


@pytest.mark.parametrize(("zh", "en"), CLEAN)
def test_faithful_translations_draw_no_number_finding(zh: str, en: str) -> None:
    assert codes(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "expected"), PAIRS)
def test_numbers_read_for_meaning(zh: str, en: str, expected: list[str]) -> None:
    assert sorted(codes(zh, en)) == sorted(expected)


# (Chinese, English, document date, expected codes)
YEARS = [
    ("去年公司新增专利15项。", "In 2024 the company obtained 15 new patents.", D2025, []),
    ("去年公司新增专利15项。", "In 2023 the company obtained 15 new patents.", D2025,
     ["number_mismatch"]),
    ("明年上半年投产。", "Production will start in the first half of 2026.", D2025, []),
    ("明年上半年投产。", "Production will start in H1 2025.", D2025, ["number_mismatch"]),
    ("今年是公司成立十周年。", "2025 marks the tenth anniversary of the company.", D2025, []),
    ("今年是公司成立十周年。", "This year marks the 20th anniversary of the company.", D2025,
     ["number_mismatch"]),
    ("五年前公司进入越南市场。", "The company entered Vietnam in 2020.", D2025, []),
    ("五年前公司进入越南市场。", "The company entered Vietnam in 2019.", D2025, ["number_mismatch"]),
    ("去年11月通过审核。", "The review was passed in November 2024.", D2025, []),
    ("去年11月通过审核。", "The review was passed in November 2023.", D2025, ["number_mismatch"]),
    ("去年11月通过审核。", "The review was passed in November last year.", D2025, []),
    ("今年3月签约。", "The contract was signed in March this year.", D2025, []),
    ("2023年出口1.2亿元，比上年增长9%。", "Exports in 2023 were RMB 120 million, up 9% on 2022.",
     D2025, []),
    ("今明两年投资8000万元。", "RMB 80 million will be invested this year and next.", D2025, []),
    ("今明两年投资8000万元。", "RMB 80 million will be invested in 2025 and 2026.", D2025, []),
    ("过去一年，出口增长了12%。", "Exports grew by 12% in 2024.", D2025, []),
    ("就业人数增长3%。", "Employment grew by 3% in 2024.", D2025, []),  # the year it reviews
    # without a document date: compared only with each other
    ("去年公司营业收入增长8%。", "Revenue grew by 8% in 2021.", None, []),
    ("上年度研发投入增长8%。", "R&D spending grew by 8% in the current year.", None,
     ["number_mismatch"]),
]


@pytest.mark.parametrize(("zh", "en", "doc_date", "expected"), YEARS)
def test_years_against_the_document_date(zh: str, en: str, doc_date: date | None,
                                         expected: list[str]) -> None:
    assert sorted(codes(zh, en, doc_date)) == sorted(expected)


def test_the_relative_year_is_named_in_the_message() -> None:
    [finding] = number_checks.findings("去年营收增长5%。", "Revenue grew 5% in 2023.",
                                       doc_date=D2025)
    assert finding.msgid == number_checks.MSG_YEAR_MISMATCH
    assert finding.params == {"zh": "去年", "en": "2023", "year": 2024}


def test_messages_name_the_words_on_both_sides() -> None:
    [bound] = number_checks.findings("超过100家", "fewer than 100 firms")
    assert (bound.code, bound.severity, bound.params) == (
        "bound", "error", {"zh": "超过100", "en": "fewer than 100"})
    [dropped] = number_checks.findings("近30%", "30%")
    assert (dropped.code, dropped.severity) == ("approximation", "warning")
    assert dropped.params == {"zh": "近30%", "en": "30%", "word": "近"}
    [unit] = number_checks.findings("300亩", "300 hectares")
    assert unit.params == {"zh": "300亩", "en": "300 hectares"}
    swaps = number_checks.findings("甲方占70%，乙方占30%。", "Party A holds 30% and Party B 70%.")
    assert {(s.params["zh_role"], s.params["en_role"]) for s in swaps} == {
        ("甲方", "Party B"), ("乙方", "Party A")}


def test_check_pair_takes_the_document_date_by_keyword_only() -> None:
    parameter = inspect.signature(qa.check_pair).parameters["doc_date"]
    assert parameter.kind == inspect.Parameter.KEYWORD_ONLY and parameter.default is None
    found = qa.check_pair("去年出口增长6%。", "Exports grew by 6% in 2020.", doc_date=D2025)
    assert "number_mismatch" in {i.code for i in found}


def test_without_a_glossary_the_shipped_one_is_checked() -> None:
    zh, en = "统一社会信用代码：91320585MA1N2XYZ3K", "Tax number: 91320585MA1N2XYZ3K"
    assert "term_wrong" in {i.code for i in qa.check_pair(zh, en)}
    assert "term_wrong" not in {i.code for i in qa.check_pair(zh, en, glossary=[])}
    shipped = {t.zh: t for t in qa.shipped_glossary()}
    assert {"工业和信息化部", "工信部", "注册资本", "实缴资本"} <= set(shipped)
    assert "MIIT" in shipped["工信部"].variants
    assert "营业收入" not in shipped  # general vocabulary: only the user's glossary checks it
    assert qa.shipped_glossary() is qa.shipped_glossary()  # read once


def test_a_wrong_standard_term_is_an_error_naming_the_other_term() -> None:
    [issue] = [i for i in qa.check_pair("本申请由工业和信息化部审核。",
                                        "The application is reviewed by the Ministry of Commerce.")
               if i.code.startswith("term")]
    assert (issue.code, issue.severity) == ("term_wrong", qa.Severity.ERROR)
    assert issue.message.params["other"] == "商务部"
    assert issue.message.params["found"] == "Ministry of Commerce"


def test_every_new_message_renders_in_chinese() -> None:
    zh = translator("zh_CN")
    findings = [
        *number_checks.findings("超过100家，约50家，近30%", "fewer than 100, more than 50, 30%"),
        *number_checks.findings("300亩，甲方占70%，乙方占30%。",
                                "300 hectares, Party A holds 30% and Party B 70%."),
        *number_checks.findings("约5%", "5%, or about 6"),
        *number_checks.findings("去年", "in 2020", doc_date=D2025),
        *number_checks.findings("2020年", "last year", doc_date=D2025),
    ]
    assert {f.msgid for f in findings} >= {
        number_checks.MSG_BOUND_REVERSED, number_checks.MSG_QUALIFIER_CHANGED,
        number_checks.MSG_QUALIFIER_DROPPED, number_checks.MSG_UNIT, number_checks.MSG_SWAP,
        number_checks.MSG_YEAR_MISMATCH, number_checks.MSG_YEAR_MISMATCH_EN}
    issues = [*qa.check_pair("本申请由工业和信息化部审核。", "Reviewed by the Ministry of Commerce."),
              *qa.check_pair("约50家", "more than 50 firms")]
    for issue in [qa._issue(f.code, qa.Severity(f.severity), f.msgid, **f.params)
                  for f in findings] + issues:
        chinese = issue.message.render(zh)
        assert chinese != issue.message.render() and "{" not in chinese


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(
    "0123456789,.%-–~ 年月日万亿千百十一二三四五六七八九两半成分之约近余多超过不足以上下左右第届周年"
    "今去明前后季度上下半每亩吨斤公顷平方公里（）()：:单位元美"
    "abouthalfquartertwentyfirstyearlastnextmillionRMBUSD$mutonneshectareskm²"
)), max_size=40), st.text(max_size=40))
def test_any_text_is_read_without_failing(zh: str, en: str) -> None:
    for text in (zh, en):
        for q in extract_quantities(text):
            assert text[q.span[0]:q.span[1]] == q.text
    number_checks.findings(zh, en, doc_date=D2025)
    number_checks.findings(en, zh)


def test_a_long_text_full_of_repeated_and_converted_values_is_paired() -> None:
    zh = "厂区占地150亩，员工320人，出口增长约5%；" * 400
    en = "The 10-hectare site has 320 staff; exports grew by about 5%. " * 400
    reading = compare_meaning(extract_quantities(zh), extract_quantities(en), zh_text=zh,
                              en_text=en)
    assert (reading.mismatched, reading.only_zh, reading.only_en, reading.units,
            reading.qualifiers, reading.swaps) == ((), (), (), (), (), ())


def test_a_bound_reversed_on_a_number_is_reported_once() -> None:
    found = [i.code for i in qa.check_pair("入驻企业超过100家。",
                                           "Fewer than 100 companies have moved in.")]
    assert found.count("bound") == 1 and "bound_reversed" not in found
