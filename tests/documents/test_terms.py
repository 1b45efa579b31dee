"""Standard terms without a glossary argument: a faithful rendering other than the glossary's
passes, a rendering known to be wrong is an error; the user's glossary keeps its house style.

Every example is written for these tests (none is copied from the bench corpus).
"""

from __future__ import annotations

import pytest

from coop_desktop.documents import qa, terms
from coop_desktop.documents.qa import GlossaryTerm
from coop_desktop.i18n.catalog import translator


def term_codes(zh: str, en: str, glossary: list[GlossaryTerm] | None = None) -> list[str]:
    return [i.code for i in qa.check_pair(zh, en, glossary=glossary)
            if i.code.startswith("term")]


@pytest.mark.parametrize(("zh", "en"), [
    ("该公司是经认定的高新技术企业。", "The company is a certified high-tech company."),
    ("该公司是经认定的高新技术企业。", "It is a recognised hi-tech enterprise."),
    ("该公司是经认定的高新技术企业。", "It holds high and new technology enterprise status."),
    ("本厂于去年成为专精特新“小巨人”企业。",
     "Last year the plant became a 'little giant' firm of the national programme."),
    ("本厂于去年成为专精特新“小巨人”企业。", "Last year the plant became an SRDI Little Giant."),
    ("并购项目须办理境外投资备案。", "The acquisition must be filed as an outbound investment."),
    ("并购项目须办理境外投资备案。", "The acquisition requires an ODI filing."),
    ("统一社会信用代码：91440300MA5G8K2L1X", "Social credit code: 91440300MA5G8K2L1X"),
    ("法定代表人：赵磊", "Legal rep.: Zhao Lei"),
    ("公司在越南设立外商独资企业。", "The company has set up a WFOE in Vietnam."),
    ("材料已报送工信部。", "The materials have been sent to MIIT."),
    ("请上传营业执照扫描件。", "Please upload a scan of the business permit."),
    ("实缴资本500万元。", "Paid-up capital: RMB 5 million."),
    ("公司获评制造业单项冠军企业。", "The company was named an individual champion in manufacturing."),
    ("公司入选创新型中小企业。", "The company was listed as an innovative small business."),
])
def test_a_faithful_rendering_other_than_the_glossarys_passes(zh: str, en: str) -> None:
    assert term_codes(zh, en) == []


@pytest.mark.parametrize(("zh", "en", "found"), [
    ("本厂于去年成为专精特新“小巨人”企业。", "Last year the plant became a small-giant firm.",
     "small-giant"),
    ("统一社会信用代码：91440300MA5G8K2L1X", "Taxpayer identification number: 91440300MA5G8K2L1X",
     "Taxpayer identification"),
    ("附境外投资项目备案通知书。", "Attached: the project approval notice.", "approval"),
    ("法定代表人：赵磊", "Legal person: Zhao Lei", "Legal person"),
    ("公司在越南设立外商独资企业。", "The company has set up a joint venture in Vietnam.",
     "joint venture"),
    ("资金出境须接受国家外汇管理局监督。", "Outflows are supervised by the tax bureau.",
     "tax bureau"),
    ("公司为专精特新中小企业。", "The company is a specialized and new SME.", "specialized and new"),
    ("公司获评制造业单项冠军企业。", "The company was named a hidden champion.",
     "hidden champion"),
    ("实缴资本500万元。", "Subscribed capital: RMB 5 million.", "Subscribed capital"),
])
def test_a_rendering_known_to_be_wrong_is_an_error(zh: str, en: str, found: str) -> None:
    [issue] = [i for i in qa.check_pair(zh, en) if i.code.startswith("term")]
    assert (issue.code, issue.severity, issue.side) == ("term_wrong", qa.Severity.ERROR, "en")
    assert issue.message.params["found"] == found
    assert en[issue.span[0]:issue.span[1]] == found  # points at the wrong words
    assert issue.message.msgid == terms.MSG_TERM_KNOWN_WRONG


def test_a_wrong_rendering_is_no_finding_where_the_chinese_says_it_too() -> None:
    """"approval" is wrong for 备案, unless the Chinese speaks of an approval (核准) too."""
    en = "The project has been approved and the investment registered."
    assert term_codes("项目已完成境外投资备案。", "The project's overseas investment was approved.") == [
        "term_wrong"]
    assert term_codes("项目已获核准，并完成境外投资备案。", en) == []
    # 注册资本 beside 实缴资本: "registered capital" renders the one, not the other
    assert term_codes("注册资本1000万元，实缴资本600万元。",
                      "Registered capital RMB 10 million, of which RMB 6 million paid.") == []


def test_without_a_glossary_an_unlisted_rendering_is_no_finding() -> None:
    """Only wrong renderings fire by default: a paraphrase the lists do not know passes."""
    assert term_codes("该公司是经认定的高新技术企业。",
                      "The company is certified as technologically advanced.") == []


def test_the_users_glossary_keeps_its_house_style() -> None:
    """A glossary passed by the caller is strict: another rendering is a warning."""
    mine = [GlossaryTerm("高新技术企业", "High and New Technology Enterprise")]
    en = "The company is a certified high-tech company."
    assert term_codes("该公司是经认定的高新技术企业。", en, mine) == ["term_inconsistent"]
    assert term_codes("该公司是经认定的高新技术企业。", en) == []
    loose = [GlossaryTerm("高新技术企业", "High and New Technology Enterprise",
                          keys=("high-tech compan",), strict=False)]
    assert term_codes("该公司是经认定的高新技术企业。", en, loose) == []


def test_a_wrong_rendering_listed_for_a_users_term_is_an_error_there_too() -> None:
    mine = [GlossaryTerm("统一社会信用代码", "USCC", wrong=("tax number | 税号",))]
    assert term_codes("统一社会信用代码：X", "Tax number: X", mine) == ["term_wrong"]
    assert term_codes("统一社会信用代码（税号）：X", "Tax number: X", mine) == ["term_inconsistent"]


@pytest.mark.parametrize(("spec", "text", "gap", "span"), [
    ("little giant", "a national 'little giant' enterprise", 2, (12, 24)),
    ("little giant", "little, so-called giant", 2, (0, 23)),
    ("little giant", "little, the so-called giant", 2, None),  # three words between
    ("high-tech enterpris", "national high technology enterprises", 2, (9, 36)),
    ("SAFE", "a safe place", 2, None),  # an acronym only as written
    ("SAFE", "filed with SAFE.", 2, (11, 15)),
    ("compan", "the Company's", 0, (4, 11)),  # the beginning of a word
    ("Ltd", "Sanfeng Co., Ltd.", 0, (13, 16)),
])
def test_key_words(spec: str, text: str, gap: int, span: tuple[int, int] | None) -> None:
    assert terms.find_words(spec, text, gap) == span


def test_every_shipped_standard_term_lists_what_renders_it() -> None:
    """The shipped standard terms carry key words or variants, their wrong renderings are
    not their own keys, and the known-wrong message reads in Chinese."""
    for term in qa.shipped_glossary():
        assert not term.strict
        for spec in term.wrong:
            phrase = spec.partition("|")[0].strip()
            assert not any(terms.find_words(key, phrase, terms.KEY_GAP) for key in term.keys), (
                term.zh, spec)
    zh = translator("zh_CN")
    [issue] = [i for i in qa.check_pair("法定代表人：赵磊", "Legal person: Zhao Lei")
               if i.code == "term_wrong"]
    text = issue.message.render(zh)
    assert "Legal person" in text and "法定代表人" in text and "legal representative" in text
    assert text != issue.message.render(translator("en"))
