"""Bilingual QA checks: each check fires when it should and stays silent on natural pairs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_desktop.documents import qa
from coop_desktop.documents.qa import (
    GlossaryTerm,
    Limits,
    QaIssue,
    RecordFacts,
    Severity,
    check_pair,
    count_en_words,
    count_zh_chars,
)
from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import translator

HUAWEI = RecordFacts(name_zh="华为技术有限公司", name_en="Huawei Technologies Co., Ltd.",
                     uscc="914403001922038216")
GLOSSARY = (
    GlossaryTerm("专精特新", "SRDI", ("specialized, refined, distinctive and innovative",)),
    GlossaryTerm("小巨人", "Little Giant"),
    GlossaryTerm("中小企业", "SME", ("small and medium-sized enterprise",)),
    GlossaryTerm("中外中小企业合作区", "Sino-Foreign SME Cooperation Zone"),
    GlossaryTerm("一带一路", "Belt and Road Initiative", ("BRI",)),
)


def codes(zh: str, en: str, **kwargs: Any) -> list[str]:
    return [issue.code for issue in check_pair(zh, en, **kwargs)]


def keys(zh: str, en: str, **kwargs: Any) -> list[str]:
    return [issue.key for issue in check_pair(zh, en, **kwargs)]


# ------------------------------------------------------------------ clean pairs: no false alarms

CLEAN_PAIRS = [
    # the same amount written differently
    ("公司营业收入3.5亿元。", "Operating revenue was RMB 350 million."),
    ("公司营业收入3.5亿元。", "Operating revenue was CNY 0.35 billion."),
    ("公司营业收入3.5亿元。", "Operating revenue was 350,000,000 yuan."),
    ("注册资本：人民币500万元", "Registered capital: RMB 5 million"),
    ("注册资本：人民币500万元", "Registered capital: RMB 5,000,000"),
    ("注册资本：人民币500万元", "Registered capital: CNY 5m"),
    ("注册资本：人民币1,234.56万元", "Registered capital: RMB 12.3456 million"),
    ("公司拥有一千二百万元的专项资金。", "The company has a special fund of RMB 12 million."),
    # a year next to an amount
    ("2024年营业收入1.2亿元", "operating revenue of RMB 120 million in 2024"),
    ("公司2024年度营业收入为人民币12.3亿元。",
     "The company's operating revenue for 2024 was RMB 1.23 billion."),
    # list numbering, section numbers, ordinals
    ("一、公司概况 1. 公司简介", "1. Company overview"),
    ("一、企业基本情况\n（一）公司概况\n公司是一家高新技术企业。",
     "1. Company Profile\n(1) Overview\nThe company is a high-tech enterprise."),
    ("1.公司概况 2.财务状况", "1. Company profile 2. Financial position"),
    ("第一，加强研发；第二，拓展市场。", "First, strengthen R&D; second, expand markets."),
    ("一是加强研发，二是拓展市场。", "First, strengthen R&D; second, expand markets."),
    ("公司于2022年入选第四批专精特新“小巨人”企业。",
     "In 2022 the company was selected in the fourth batch of SRDI Little Giant enterprises."),
    ("根据（工信部企业〔2022〕63号）第十条，",
     "Under Article 10 of MIIT Enterprise [2022] No. 63,"),
    ("见附件1。", "See Annex 1."),
    ("公司地址：深圳市南山区科苑路88号。",
     "Address: No. 88 Keyuan Road, Nanshan District, Shenzhen."),
    ("“十四五”期间，公司将投入1亿元。",
     "In the 14th Five-Year Plan period it will invest RMB 100 million."),
    # dates in different formats
    ("申请日期：2025年3月5日", "Date of application: 5 March 2025"),
    ("申请日期：2025年3月5日", "Date of application: March 5, 2025"),
    ("填报日期：2025-03-05", "Date: 5 Mar 2025"),
    ("二〇二五年三月五日", "5 March 2025"),
    ("合作区于2023年3月获批。", "The zone was approved in March 2023."),
    ("截至2024年12月31日，资产总额4.6亿元。",
     "As of 31 December 2024, total assets were RMB 460 million."),
    ("公司于每年12月召开年会。", "The company holds its annual meeting every December."),
    ("2025年3月5日签署。", "Signed in 2025."),
    # percentages
    ("提高1.2个百分点", "up 1.2 percentage points"),
    ("占比５０％", "50 per cent of the total"),
    ("研发费用占比从4.5%提高到6.8%，提高了2.3个百分点。",
     "The R&D ratio rose from 4.5% to 6.8%, an increase of 2.3 percentage points."),
    ("营业收入同比下降5.3%。", "Operating revenue fell 5.3% year on year."),
    # ranges
    ("未来3至5年", "over the next 3 to 5 years"),
    ("未来3至5年", "over the next 3-5 years"),
    ("该项目预计3—5年收回投资。", "The payback period is expected to be three to five years."),
    ("投资3至5亿元", "an investment of RMB 300-500 million"),
    ("2021-2023年累计投入6,800万元。", "In 2021–2023 it invested a total of RMB 68 million."),
    # set phrases
    ("公司积极参与“一带一路”建设，在越南、泰国设立两家子公司。",
     "The company takes part in the Belt and Road Initiative and has two subsidiaries, "
     "in Vietnam and Thailand."),
    ("公司是国内唯一一家掌握该技术的企业，技术水平国际一流。",
     "It is the only company in China to master this world-class technology."),
    ("公司产品市场占有率位居全国前三。", "Its products rank among the top three in China."),
    ("两国企业签署合作协议。", "Companies from the two countries signed agreements."),
    ("中德两国", "China and Germany"),
    ("增长了一倍。", "It doubled."),
    # approximations
    ("约3.5亿元", "about RMB 350 million"),
    ("近三年", "in the past three years"),
    ("超过100家", "over 100 companies"),
    ("已入驻德资企业近百家。", "Nearly 100 German companies have settled there."),
    ("公司拥有授权专利120余项。", "The company holds over 120 granted patents."),
    ("公司在全球设有8个研发中心和20余个销售网点。",
     "It has eight R&D centres and more than 20 sales outlets."),
    # identifiers, codes, spelled numbers
    ("联系电话：0755-26541234，邮编518057。", "Tel: +86 755 2654 1234, postcode 518057."),
    ("公司通过ISO9001认证和CE认证。", "The company is certified to ISO 9001 and holds CE marking."),
    ("共有5G基站120个。", "There are 120 5G base stations."),
    ("公司拥有员工三百五十人。", "The company has 350 employees."),
    ("公司拥有十二家子公司。", "The company has twelve subsidiaries."),
    ("公司员工人数为1250人。", "The company has 1,250 employees."),
    ("公司在德国设立一家全资子公司，投资额500万欧元。",
     "It has a wholly owned subsidiary in Germany with an investment of EUR 5 million."),
    ("公司2024年出口额达2,800万美元，同比增长15%。",
     "Exports in 2024 reached US$28 million, up 15% year on year."),
    # text without numbers or with placeholders filled
    ("公司简介", "Company profile"),
    ("ISO 9001", "ISO 9001"),
]


@pytest.mark.parametrize(("zh", "en"), CLEAN_PAIRS)
def test_natural_pairs_raise_nothing(zh: str, en: str) -> None:
    assert check_pair(zh, en, glossary=GLOSSARY, record=HUAWEI) == []


# ------------------------------------------------------------------ number checks

@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("公司营业收入3.5亿元。", "Operating revenue was RMB 35 million.",
     ["number_mismatch:en:3.5亿元 ≠ RMB 35 million"]),
    ("公司营业收入3.5亿元。", "Operating revenue was RMB 3.5 million.",
     ["number_mismatch:en:3.5亿元 ≠ RMB 3.5 million"]),
    ("员工1250人。", "1,205 employees.", ["number_mismatch:en:1250 ≠ 1,205"]),
    ("增长15%。", "up 51%.", ["number_mismatch:en:15% ≠ 51%"]),
    ("2025年3月5日", "5 March 2024", ["number_mismatch:en:2025年3月5日 ≠ 5 March 2024"]),
    ("2025年3月5日", "3 May 2025", ["number_mismatch:en:2025年3月5日 ≠ 3 May 2025"]),
    ("投资5000万美元。", "Investment of RMB 50 million.",
     ["number_mismatch:en:5000万美元 ≠ RMB 50 million"]),
    ("公司有十二家子公司。", "It has eleven subsidiaries.", ["number_mismatch:en:十二家 ≠ eleven"]),
    ("2024年营业收入1.2亿元。", "Revenue in 2023 was RMB 120 million.",
     ["number_mismatch:en:2024年 ≠ 2023"]),
    ("公司有三家子公司。", "It has two subsidiaries.", ["number_missing:zh:三家"]),
    ("2024年营业收入1.2亿元。", "Operating revenue was RMB 120 million.",
     ["number_missing:zh:2024年"]),
    ("营业收入1.2亿元。", "Operating revenue was RMB 120 million in 2024.",
     ["number_missing:en:2024"]),
    ("增长15%，利润率8%。", "Growth was 15%.", ["number_missing:zh:8%"]),
])
def test_number_findings(zh: str, en: str, expected: list[str]) -> None:
    assert keys(zh, en) == expected


def test_number_issue_details() -> None:
    [mismatch] = check_pair("营收3.5亿元", "Revenue: RMB 35 million")
    assert (mismatch.severity, mismatch.side) == (Severity.ERROR, "en")
    assert mismatch.span == (9, 23)
    assert mismatch.message.params == {"zh": "3.5亿元", "en": "RMB 35 million"}
    [missing] = check_pair("营收3.5亿元，增长8%", "Revenue: RMB 350 million")
    assert (missing.code, missing.severity, missing.side, missing.span) == (
        "number_missing", Severity.WARNING, "zh", (10, 12))
    assert missing.message.render() == (
        "“8%” in the Chinese text has no counterpart in the English text.")


# ------------------------------------------------------------------ untranslated, same as source

@pytest.mark.parametrize(("zh", "en", "required", "expected"), [
    ("", "", True, ["untranslated:*:"]),
    ("  \n", "\t", True, ["untranslated:*:"]),
    ("", "", False, ["section_empty:*:omit"]),  # a note, not an error
    ("公司简介", "", True, ["untranslated:en:"]),
    ("公司简介", "   ", False, ["untranslated:en:"]),
    ("", "Company profile", True, ["untranslated:zh:"]),
    ("公司简介", "Company profile", True, []),
])
def test_untranslated(zh: str, en: str, required: bool, expected: list[str]) -> None:
    assert keys(zh, en, required=required) == expected


def test_an_empty_section_is_an_error_when_required_and_a_note_when_optional() -> None:
    [error] = check_pair("", " ", required=True, empty="none")
    assert (error.code, error.severity) == ("untranslated", Severity.ERROR)
    assert error.message.render() == "This section is required but is empty in both languages."
    [left_out] = check_pair("\n", "", required=False, empty="omit")
    assert (left_out.code, left_out.severity, left_out.side) == (
        "section_empty", Severity.INFO, None)
    assert left_out.message.render() == (
        "This optional section is empty; it is left out of the printed document.")
    [shown] = check_pair("", "", required=False, empty="none")
    assert shown.key == "section_empty:*:none"
    assert "“无” / “None”" in shown.message.render()
    assert check_pair("无", "None", required=False, empty="none") == []


def test_an_empty_side_skips_the_comparisons() -> None:
    assert codes("营收3.5亿元，专精特新", "", glossary=GLOSSARY) == ["untranslated"]


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("公司简介", "公司简介", ["same_as_source:en:identical"]),
    ("公司  简介\n", " 公司 简介", ["same_as_source:en:identical"]),
    ("公司成立于2010年。", "公司成立于2010年，主营工业自动化。", ["same_as_source:en:cjk"]),
    ("专精特新企业", "专精特新企业 SRDI", ["same_as_source:en:cjk"]),
    ("专精特新", "专精特新 SRDI", []),  # as many Latin letters as Chinese characters
    ("专精特新企业", "专精特新 (SRDI) enterprises", []),
    ("ISO 9001", "ISO 9001", []),
    ("2025", "2025", []),
])
def test_same_as_source(zh: str, en: str, expected: list[str]) -> None:
    assert keys(zh, en) == expected


def test_same_as_source_skips_number_and_term_checks() -> None:
    same = "营收3.5亿元，专精特新"
    assert codes(same, same, glossary=GLOSSARY) == ["same_as_source"]


# ------------------------------------------------------------------ placeholders

def test_placeholders_left_in_either_text() -> None:
    issues = check_pair("{{enterprise.name_zh}}成立于{{ enterprise.founded }}。",
                        "{{enterprise.name_en}} was founded in 2010.")
    assert [(i.code, i.side, i.span, i.detail) for i in issues] == [
        ("placeholder_unresolved", "zh", (0, 22), "{{enterprise.name_zh}}"),
        ("placeholder_unresolved", "zh", (25, 49), "{{ enterprise.founded }}"),
        ("placeholder_unresolved", "en", (0, 22), "{{enterprise.name_en}}"),
        ("number_missing", "en", (38, 42), "2010"),
    ]
    assert issues[0].severity == Severity.ERROR
    assert issues[0].message.render() == (
        "The placeholder {{enterprise.name_zh}} has not been filled in.")


def test_a_repeated_placeholder_is_reported_once() -> None:
    assert keys("{{today}}，{{today}}", "{{today}}") == [
        "placeholder_unresolved:zh:{{today}}", "placeholder_unresolved:en:{{today}}"]


def test_single_braces_are_not_placeholders() -> None:
    assert check_pair("{注}", "{note}") == []


# ------------------------------------------------------------------ glossary

@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("公司入选专精特新企业", "The company is an SRDI enterprise.", []),
    ("公司入选专精特新企业", "The company is an srdi enterprise.", []),  # any case
    ("公司入选专精特新企业",
     "It is a Specialized, Refined, Distinctive and Innovative firm.", []),  # a variant
    ("公司入选专精特新企业", "The company is a specialised enterprise.",
     ["term_inconsistent:zh:专精特新 → SRDI"]),
    ("公司入选专精特新企业", "The company is an SRDIX enterprise.",
     ["term_inconsistent:zh:专精特新 → SRDI"]),  # whole words only
    ("“小巨人”企业", "Little Giants", []),  # plural
    ("“小巨人”企业", "Little   Giant firms", []),  # spacing
    ("“小巨人”企业", "little-giant firms", ["term_inconsistent:zh:小巨人 → Little Giant"]),
    ("中外中小企业合作区", "Sino-Foreign SME Cooperation Zone", []),  # longest term first
    ("中外中小企业合作区与中小企业", "the Sino-Foreign SME Cooperation Zone and SMEs", []),
    ("中外中小企业合作区", "the cooperation zone",
     ["term_inconsistent:zh:中外中小企业合作区 → Sino-Foreign SME Cooperation Zone"]),
    ("参与“一带一路”建设", "takes part in the BRI", []),
    ("公司简介", "Company profile", []),  # no term
])
def test_glossary_terms(zh: str, en: str, expected: list[str]) -> None:
    assert keys(zh, en, glossary=GLOSSARY) == expected


@pytest.mark.parametrize(("term", "en"), [
    ("biopharmaceuticals", "It is a biopharmaceutical company."),
    ("new materials", "It makes new material products."),
    ("SME", "It serves SMEs."),
])
def test_singular_or_plural_is_the_same_term(term: str, en: str) -> None:
    assert check_pair("生物医药", en, glossary=[GlossaryTerm("生物医药", term)]) == []


def test_a_different_word_is_still_a_different_term() -> None:
    assert codes("企业服务", "business service",
                 glossary=[GlossaryTerm("企业服务", "enterprise services")]) == [
        "term_inconsistent"]


@pytest.mark.parametrize("en", ["an SRDI 'Little Giant' enterprise",
                                "an SRDI “Little Giant” enterprise",
                                "an SRDI ‘Little Giant’ enterprise",
                                'an SRDI "Little Giant" enterprise'])
def test_any_quotation_marks_match_the_glossarys(en: str) -> None:
    terms = [GlossaryTerm("专精特新“小巨人”企业", "SRDI 'Little Giant' enterprise")]
    assert check_pair("国家级专精特新“小巨人”企业", en, glossary=terms) == []
    assert codes("国家级专精特新“小巨人”企业", "an SRDI Little Giant enterprise",
                 glossary=terms) == ["term_inconsistent"]


def test_term_issue_points_at_the_chinese_term() -> None:
    # The three-word English also leaves most of the Chinese out (content_dropped).
    [issue] = [i for i in check_pair("公司入选专精特新企业，专精特新", "It is specialised.",
                                     glossary=GLOSSARY) if i.code == "term_inconsistent"]
    assert (issue.side, issue.span, issue.severity) == ("zh", (4, 8), Severity.WARNING)
    assert issue.message.params == {"zh": "专精特新", "en": "SRDI"}


def test_a_stated_number_pairs_before_an_optional_one() -> None:
    """上一年度 holds an optional 一; the English 1 belongs to 1人."""
    zh = "上一年度研发费用为人民币44.6万元，占营业收入的3.15%；现有研发人员1人。"
    en = ("In the last financial year, R&D expenses amounted to RMB 446,000, or 3.15% of "
          "operating revenue, and it currently employs 1 R&D staff.")
    assert check_pair(zh, en) == []
    assert keys(zh, en.replace("employs 1 R&D", "employs 2 R&D")) == [
        "number_mismatch:en:1 ≠ 2"]


def test_terms_inside_proper_names_are_not_checked() -> None:
    """A zone or company name has its own registered English: 一带一路 in the zone's name
    is not a missing "Belt and Road Initiative". The same term outside the name is."""
    record = RecordFacts(name_zh="威润新材料科技有限公司",
                         name_en="Weirun New Material Technology Co., Ltd.",
                         other_names_zh=("“一带一路”（长沙）中小企业合作区",))
    terms = [GlossaryTerm("一带一路", "the Belt and Road Initiative (BRI)", ("BRI",)),
             GlossaryTerm("新材料", "advanced materials")]
    zh = "威润新材料科技有限公司申请入驻“一带一路”（长沙）中小企业合作区。"
    en = ("Weirun New Material Technology Co., Ltd. applies to the Belt and Road (Changsha) "
          "SME Cooperation Zone.")
    assert check_pair(zh, en, glossary=terms, record=record) == []
    assert keys(zh + "本企业积极参与一带一路建设。", en + " It takes part in Belt and Road projects.",
                glossary=terms, record=record) == [
        "term_inconsistent:zh:一带一路 → the Belt and Road Initiative (BRI)"]
    # Without the record the names are ordinary text and both terms are checked.
    assert len(check_pair(zh, en, glossary=terms)) == 2


def test_blank_glossary_entries_are_ignored() -> None:
    terms = [GlossaryTerm("", "x"), GlossaryTerm("专精特新", "", ("SRDI",))]
    assert check_pair("专精特新", "SRDI", glossary=terms) == []


# ------------------------------------------------------------------ the enterprise record

@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("统一社会信用代码：914403001922038216", "USCC: 914403001922038216", []),
    ("代码：９１４４０３００１９２２０３８２１６", "USCC: 914403001922038216", []),  # full width
    ("代码：914403001922038217", "USCC: 914403001922038216",
     ["record_mismatch:zh:914403001922038217 ≠ 914403001922038216"]),
    ("代码：914403001922038216", "USCC: 91350100M000100Y43",
     ["record_mismatch:en:91350100M000100Y43 ≠ 914403001922038216"]),
    ("华为技术有限公司成立于1987年", "Huawei Technologies Co., Ltd. was founded in 1987.", []),
    ("华为技术有限公司", "“Huawei Technologies Co., Ltd.”, founded in", []),  # punctuation
    ("华为技术有限公司", "Huawei Technologies Co., Ltd.'s products", []),  # possessive
    ("华为技术有限公司", "Huawei   Technologies Co., Ltd.", []),  # whitespace
    ("华为技术有限公司", "Huawei Technology Co Ltd is a leader.",
     ["record_mismatch:en:Huawei Technology Co Ltd ≠ Huawei Technologies Co., Ltd."]),
    ("华为技术有限公司", "HUAWEI TECHNOLOGIES CO., LTD.",
     ["record_mismatch:en:HUAWEI TECHNOLOGIES CO., LTD. ≠ Huawei Technologies Co., Ltd."]),
    ("华为科技有限公司", "Huawei Technologies Co., Ltd.",
     ["record_mismatch:zh:华为科技有限公司 ≠ 华为技术有限公司"]),
    ("华为技术公司", "Huawei Technologies Co., Ltd.",
     ["record_mismatch:zh:华为技术公司 ≠ 华为技术有限公司"]),
    ("华为公司", "Huawei", []),  # short forms are not variants
    ("中科技术有限公司", "Zhongke Technologies Co., Ltd.", []),  # another company
    ("与华为技术有限公司、腾讯科技有限公司合作",
     "with Huawei Technologies Co., Ltd. and Tencent", []),
])
def test_record_mismatch(zh: str, en: str, expected: list[str]) -> None:
    assert keys(zh, en, record=HUAWEI) == expected


def test_record_issue_details() -> None:
    [issue] = check_pair("华为技术有限公司", "Huawei Technology Co Ltd is a leader.", record=HUAWEI)
    assert (issue.side, issue.span, issue.severity) == ("en", (0, 24), Severity.ERROR)
    assert issue.message.params == {"found": "Huawei Technology Co Ltd",
                                     "expected": "Huawei Technologies Co., Ltd."}


def test_record_without_facts_checks_nothing() -> None:
    assert check_pair("代码：914403001922038217，华为科技有限公司", "USCC 914403001922038217",
                      record=RecordFacts()) == []
    only_uscc = RecordFacts(uscc=" 9144 0300 1922 0382 16 ")
    assert check_pair("代码：914403001922038216", "914403001922038216", record=only_uscc) == []


# ------------------------------------------------------------------ length limits

@pytest.mark.parametrize(("text", "count"), [
    ("", 0), ("公司简介", 4), ("2024年营收增长5%。", 10), ("公司，简介。“成立”", 6),
    ("SRDI企业", 6), ("  \n\t", 0), ("１２３", 3), ("①②", 2),
])
def test_count_zh_chars(text: str, count: int) -> None:
    assert count_zh_chars(text) == count


@pytest.mark.parametrize(("text", "count"), [
    ("", 0), ("Company profile", 2), ("Huawei Technologies Co., Ltd.", 4),
    ("Sino-German zone", 2), ("RMB 3.5 million", 3), ("a — b", 2), ("don't stop", 2),
    ("  many   spaces\nand lines ", 4), ("• item", 1),
])
def test_count_en_words(text: str, count: int) -> None:
    assert count_en_words(text) == count


def test_too_long() -> None:
    issues = check_pair("公司简介公司简介", "Company profile and more",
                        limits=Limits(zh_chars=6, en_words=3))
    assert [(i.key, i.severity, i.message.params) for i in issues] == [
        ("too_long:zh:6", Severity.WARNING, {"count": 8, "limit": 6}),
        ("too_long:en:3", Severity.WARNING, {"count": 4, "limit": 3}),
    ]
    assert issues[0].message.render() == "The Chinese text has 8 characters; the limit is 6."
    assert check_pair("公司简介", "Company profile", limits=Limits(zh_chars=4, en_words=2)) == []
    assert check_pair("公司简介", "Company profile", limits=Limits()) == []
    assert codes("公司简介", "Company profile", limits=Limits(en_words=1)) == ["too_long"]


# ------------------------------------------------------------------ the issue value

def test_key_is_code_side_and_detail() -> None:
    issue = QaIssue("number_missing", Severity.WARNING, Message(qa.MSG_ONLY_ZH, {"value": "8%"}),
                    side="zh", span=(1, 3), detail="8%")
    assert issue.key == "number_missing:zh:8%"
    both = QaIssue("untranslated", Severity.ERROR, Message(qa.MSG_EMPTY))
    assert both.key == "untranslated:*:"


def test_errors_come_before_warnings() -> None:
    issues = check_pair("{{x}}营收3.5亿元，增长8%，专精特新", "Revenue RMB 35 million.",
                        glossary=GLOSSARY, limits=Limits(en_words=1))
    assert [i.code for i in issues] == [
        "placeholder_unresolved", "number_mismatch", "number_missing", "term_inconsistent",
        "too_long"]


def test_keys_survive_unrelated_edits() -> None:
    before = keys("营收3.5亿元", "Revenue RMB 35 million")
    after = keys("公司全年营收3.5亿元。", "For the year, revenue was RMB 35 million.")
    assert before == after


def test_every_message_renders_in_both_languages() -> None:
    zh = translator("zh_CN")
    issues = [
        *check_pair("{{x}}营收3.5亿元，增长8%，专精特新，华为科技有限公司，914403001922038217",
                    "Revenue RMB 35 million, Huawei Technology Co Ltd, 2025.",
                    glossary=GLOSSARY, record=HUAWEI, limits=Limits(zh_chars=1, en_words=1)),
        *check_pair("", ""), *check_pair("文本", ""), *check_pair("", "text"),
        *check_pair("公司简介", "公司简介"), *check_pair("公司", "公司成立 ok"),
    ]
    assert {i.code for i in issues} == {
        "placeholder_unresolved", "untranslated", "same_as_source", "number_mismatch",
        "number_missing", "term_inconsistent", "too_long", "record_mismatch"}
    for issue in issues:
        english, chinese = issue.message.render(), issue.message.render(zh)
        assert "{" not in english.replace("{{x}}", "")
        assert chinese != english and any("\u4e00" <= ch <= "\u9fff" for ch in chinese)


# ------------------------------------------------------------------ properties

amounts = st.builds(lambda digits, exponent: Decimal(digits).scaleb(exponent),
                    st.integers(min_value=1, max_value=99_999),
                    st.integers(min_value=-2, max_value=8))


def _plain(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def zh_amount(value: Decimal, unit: int) -> str:
    suffix = {1: "元", 10**4: "万元", 10**8: "亿元"}[unit]
    return f"人民币{_plain(value / unit)}{suffix}"


def en_amount(value: Decimal, unit: int) -> str:
    word = {1: "", 10**3: " thousand", 10**6: " million", 10**9: " billion"}[unit]
    return f"RMB {_plain(value / unit)}{word}"


@given(amounts, st.sampled_from([1, 10**4, 10**8]), st.sampled_from([1, 10**3, 10**6, 10**9]))
def test_any_amount_written_both_ways_is_clean(value: Decimal, zh_unit: int, en_unit: int) -> None:
    zh = f"2024年营业收入为{zh_amount(value, zh_unit)}。"
    en = f"Operating revenue in 2024 was {en_amount(value, en_unit)}."
    assert check_pair(zh, en) == []


@given(amounts, st.sampled_from([1, 10**4, 10**8]), st.sampled_from([1, 10**3, 10**6, 10**9]),
       st.sampled_from([Decimal(10), Decimal("0.1"), Decimal("1.5")]))
def test_a_different_amount_is_a_mismatch(value: Decimal, zh_unit: int, en_unit: int,
                                          factor: Decimal) -> None:
    zh = f"营业收入为{zh_amount(value, zh_unit)}。"
    en = f"Operating revenue was {en_amount(value * factor, en_unit)}."
    assert codes(zh, en) == ["number_mismatch"]


@pytest.mark.parametrize(("zh", "en", "expected"), [
    ("汽车零部件", "auto parts / automotive components", ["auto parts", "automotive components"]),
    ("省级 / 地市级", "provincial-level / prefecture-level (city)",
     ["provincial-level / prefecture-level (city)"]),  # the Chinese lists two terms too
    ("股份有限公司", "company limited by shares (joint-stock company; Co., Ltd. / Corp.)",
     ["company limited by shares (joint-stock company; Co., Ltd. / Corp.)"]),
    ("数控机床", "CNC machine tools", ["CNC machine tools"]),
    ("空", "  ", []),
])
def test_entry_alternatives(zh: str, en: str, expected: list[str]) -> None:
    assert qa.entry_alternatives(zh, en) == expected

