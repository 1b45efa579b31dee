"""Sentences, clauses, their alignment and coverage (documents.align, reported by
qa.check_pair as content_dropped / content_added); the lexicon behind them. Examples of our
own, not from the bench corpus."""

from __future__ import annotations

import pytest

from coop_desktop.documents import align, coverage, lexicon, pieces
from coop_desktop.documents.qa import Severity, check_pair


def texts(pieces) -> list[str]:
    return [p.text for p in pieces]


# ------------------------------------------------------------------ splitting

def test_english_sentences_keep_abbreviations_and_decimals_whole() -> None:
    en = ("Suzhou Kelin Co., Ltd. was founded in 2011. Its No. 2 plant in the U.S. makes "
          "3.5 million parts a year! Dr. Wang leads R&D.\nA new line follows")
    assert texts(pieces.en_sentences(en)) == [
        "Suzhou Kelin Co., Ltd. was founded in 2011.",
        "Its No. 2 plant in the U.S. makes 3.5 million parts a year!",
        "Dr. Wang leads R&D.",
        "A new line follows",
    ]


def test_a_company_ending_ends_a_sentence_before_a_capital() -> None:
    en = "The buyer is Delta Ltd. The contract runs for two years."
    assert len(pieces.en_sentences(en)) == 2


def test_chinese_sentences_and_clauses() -> None:
    zh = "公司成立于2011年，总部位于苏州；主营精密模具。产品远销欧美！\n附件：营业执照"
    sentences = pieces.zh_sentences(zh)
    assert texts(sentences) == ["公司成立于2011年，总部位于苏州；主营精密模具。",
                                "产品远销欧美！", "附件：营业执照"]
    assert texts(pieces.zh_clauses(sentences[0])) == ["公司成立于2011年，", "总部位于苏州；",
                                                      "主营精密模具。"]
    assert all(zh[p.start:p.end] == p.text for p in pieces.zh_clauses(sentences[0]))


def test_english_clauses_split_before_conjunctions_but_keep_lists() -> None:
    [sentence] = pieces.en_sentences(
        "The plant makes valves, pumps, and seals, and it has been certified to ISO 14001.")
    assert texts(pieces.en_clauses(sentence)) == [
        "The plant makes valves, pumps, and seals,", "and it has been certified to ISO 14001."]


# ------------------------------------------------------------------ lexicon

def test_english_keys_join_the_forms_of_a_word() -> None:
    key = lexicon.en_key
    assert key("supplies") == key("supplier") == key("supply")
    assert key("focused") == key("focus") and key("motors") == key("motor")
    assert key("centres") == key("center") and key("moulds") == key("mold")
    assert key("the") is None and key("of") is None
    assert key("SMEs") == key("SME")


def test_segmentation_and_keys() -> None:
    assert lexicon.segment("公司对子公司拥有控制权") == ("公司", "对", "子公司", "拥有", "控制权")
    assert lexicon.en_key("reducer") in lexicon.zh_keys("减速器")
    assert lexicon.en_key("zone") in lexicon.zh_keys("合作区")  # the domain list
    assert lexicon.en_key("SRDI") in lexicon.zh_keys("专精特新")  # the shipped glossary
    assert lexicon.zh_keys("不是一个词") == frozenset()


# ------------------------------------------------------------------ alignment

def test_sentences_align_across_a_merge_and_a_split() -> None:
    zh = ("公司成立于2011年。公司位于苏州。主营精密模具，产品出口德国和日本。"
          "2024年营业收入1.2亿元。")
    en = ("Founded in 2011, the company is based in Suzhou. It makes precision moulds. Its "
          "products are exported to Germany and Japan. Revenue was RMB 120 million in 2024.")
    alignment = align.align(zh, en)
    shape = [(b.zh_to - b.zh_from, b.en_to - b.en_from) for b in alignment.beads]
    assert shape == [(2, 1), (1, 2), (1, 1)]
    assert coverage.coverage(zh, en) == []


# ------------------------------------------------------------------ coverage

@pytest.mark.parametrize(("zh", "en", "quote"), [
    ("公司主营精密模具，并为多家知名家电企业提供配套服务。",
     "The company mainly makes precision moulds.", "并为多家知名家电企业提供配套服务"),
    ("合作区已建成标准厂房20万平方米。区内道路、供水和供电设施全部到位。",
     "The zone has built 200,000 square metres of standard factory buildings.",
     "区内道路、供水和供电设施全部到位"),
    ("公司拥有一支经验丰富的技术团队，其中高级工程师12人。",
     "The company has an experienced technical team.", "其中高级工程师12人"),
])
def test_a_dropped_clause_or_sentence_is_a_warning_naming_it(zh: str, en: str, quote: str
                                                             ) -> None:
    [gap] = coverage.coverage(zh, en)
    assert gap.side == "zh" and gap.quote.rstrip("…") in quote
    [issue] = [i for i in check_pair(zh, en) if i.code == "content_dropped"]
    assert issue.severity == Severity.WARNING and issue.side == "zh"
    assert issue.detail == gap.quote and issue.message.params == {"text": gap.quote}


def test_a_clause_of_which_nothing_is_rendered_is_missing_though_the_english_is_not_short(
        ) -> None:
    zh = "企业将严格遵守东道国劳动法规，保障员工合法权益，积极参与社区建设。"
    en = ("The enterprise will strictly comply with the host country's labour laws and "
          "regulations and will actively take part in building the local community.")
    assert [g.quote for g in coverage.coverage(zh, en)] == ["保障员工合法权益"]
    assert coverage.coverage(zh, en.replace(
        " and will actively", ", protect the lawful rights and interests of its staff and "
                              "will actively")) == []


@pytest.mark.parametrize(("zh", "en"), [
    ("公司主营精密模具。", "The company mainly makes precision moulds. Its plant in Kunshan runs "
                         "around the clock on three shifts."),
    ("项目预计2026年投产。", "The project is expected to start production in 2026, and the "
                            "provincial government has promised a subsidy of its choice."),
])
def test_an_added_sentence_or_clause_is_a_warning(zh: str, en: str) -> None:
    gaps = coverage.coverage(zh, en)
    assert [g.side for g in gaps] == ["en"]
    assert [i.code for i in check_pair(zh, en) if i.code.startswith("content_")] == [
        "content_added"]


@pytest.mark.parametrize(("zh", "en"), [
    # free, merged, split and reordered translations keep the words
    ("公司高度重视产品质量，建立了完善的质量管理体系。",
     "Quality comes first at the company, which has built a sound quality management system."),
    ("为开拓东南亚市场，公司拟在泰国设立子公司。",
     "The company plans to set up a subsidiary in Thailand to expand into South-East Asia."),
    ("公司在苏州。公司生产电机。", "The Suzhou-based company makes electric motors."),
    ("公司现有员工260人，其中研发人员58人，占比22.3%。",
     "Of the company's 260 employees, 58 (22.3%) work in R&D."),
    # a time phrase rendered by a date, a name given once, a placeholder
    ("刚刚过去的一年，公司营收增长15%。", "In 2024 the company's revenue grew by 15%."),
    ("申报单位：苏州科林精密机械有限公司", "Applicant: Suzhou Kelin Precision Machinery Co., Ltd."),
    ("{{enterprise.name_zh}}成立于2011年。", "{{enterprise.name_en}} was founded in 2011."),
])
def test_faithful_translations_raise_no_coverage_finding(zh: str, en: str) -> None:
    assert coverage.coverage(zh, en) == []


def test_empty_or_one_sided_texts_have_no_gaps() -> None:
    assert coverage.coverage("", "") == []
    assert [i.code for i in check_pair("公司成立于2011年。", "")] == ["untranslated"]


# ------------------------------------------------------------------ paraphrase

@pytest.mark.parametrize(("zh", "en"), [
    # two clauses merged into one English sentence, their content said in other words
    ("公司专注汽车零部件制造十五年，形成了完整的质量控制体系。",
     "Fifteen years in automotive parts have given the company a complete quality control "
     "system."),
    ("团队成员平均从业年限超过十年，拥有深厚的行业积累。",
     "Team members have over ten years of experience on average and deep industry expertise."),
    ("未经主管部门批准，企业不得擅自扩建厂房。",
     "The plant may only be expanded with the authority's approval."),
])
def test_a_clause_said_in_other_words_is_not_dropped(zh: str, en: str) -> None:
    assert coverage.coverage(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "quote"), [
    ("公司专注汽车零部件制造十五年，形成了完整的质量控制体系。",
     "The company has made automotive parts for fifteen years.", "形成了完整的质量控制体系"),
    ("项目建成后将新增就业岗位200个，并带动当地配套产业发展。",
     "Once completed, the project will create 200 jobs.", "并带动当地配套产业发展"),
])
def test_a_clause_whose_words_only_another_clause_renders_is_still_dropped(
        zh: str, en: str, quote: str) -> None:
    assert [g.quote for g in coverage.coverage(zh, en)] == [quote]


def test_related_words_come_from_the_synonym_groups() -> None:
    key = lexicon.en_key
    assert key("expertise") in lexicon.related(key("experience"))
    assert key("process") in lexicon.related(key("craft"))
    assert lexicon.related(key("zebra")) == {key("zebra")}  # a word in no group is itself
