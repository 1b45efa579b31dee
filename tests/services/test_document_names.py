"""Suggested file names of dossier PDFs: 申请单位-文书类型-日期.pdf, safe on Windows, never cut
mid-word, no internal ids; and the one-line summary of open errors."""

from __future__ import annotations

from datetime import date

import pytest

from coop_desktop.i18n.catalog import translator
from coop_desktop.services.document_errors import OpenError, OpenErrorsError, summary
from coop_desktop.services.document_names import MAX_STEM, pdf_filename, safe_name_part

DAY = date(2026, 12, 6)
WINDOWS_ILLEGAL = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


def _name(**kw):
    values = {"applicant_zh": "苏州瑞丰精密机械有限公司", "applicant_en": "Suzhou Ruifeng Co., Ltd.",
              "title_zh": "中外中小企业合作区入区申请书",
              "title_en": "Application for Admission to a Sino-Foreign SME Cooperation Zone",
              "day": DAY} | kw
    return pdf_filename(**values)


def test_the_name_says_who_what_and_when_in_the_ui_language():
    assert _name(language="zh_CN") == \
        "苏州瑞丰精密机械有限公司-中外中小企业合作区入区申请书-2026年12月6日.pdf"
    assert _name(language="en") == ("Suzhou Ruifeng Co., Ltd. - Application for Admission to a "
                                    "Sino-Foreign SME Cooperation Zone - 2026-12-06.pdf")
    # The layout only when it is not the default (side by side).
    assert _name(language="zh_CN", layout="parallel").endswith("6日.pdf")
    assert _name(language="zh_CN", layout="stacked").endswith("6日-先中文后英文.pdf")
    assert _name(language="en", layout="zh").endswith("2026-12-06 - Chinese only.pdf")
    # No English name: the Chinese one, in the English UI too.
    assert _name(language="en", applicant_en=None).startswith("苏州瑞丰精密机械有限公司 - ")


@pytest.mark.parametrize("hostile", [
    'A/B\\C:D*E?F"G<H>I|J', "名称\u202e翻转", "tab\there\nnewline", "...dots...", "  spaced  ",
    "x" * 400, "CON", "名" * 300,
])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_names_are_safe_on_windows(hostile, language):
    name = _name(applicant_zh=hostile, applicant_en=hostile, title_zh=hostile, title_en=hostile,
                 language=language)
    stem = name.removesuffix(".pdf")
    assert not set(name) & WINDOWS_ILLEGAL and "\u202e" not in name
    assert stem == stem.strip(" .") and not stem.startswith(".")
    assert len(stem) <= MAX_STEM and name.endswith(".pdf")
    assert ("2026年12月6日" if language == "zh_CN" else "2026-12-06") in name


def test_a_long_name_loses_the_document_type_first_and_never_a_half_word():
    long_en = " ".join(["Internationalisation"] * 12) + " Holdings Co., Ltd."
    name = _name(language="en", applicant_en=long_en)
    stem = name.removesuffix(".pdf")
    assert "Application" not in name and stem.endswith(" - 2026-12-06")
    words = stem.removesuffix(" - 2026-12-06").split(" ")
    assert set(words) <= {"Internationalisation", "Holdings", "Co.,", "Ltd"}, words
    name = _name(language="en", applicant_en="Short Co.", title_en=" ".join(["Word"] * 60))
    assert name == "Short Co. - 2026-12-06.pdf"


def test_safe_name_part():
    assert safe_name_part('Co., Ltd. "Best"') == "Co., Ltd. _Best"
    assert safe_name_part("  a   b  ") == "a b"
    assert safe_name_part(None) == ""


def _errors(count):
    return [OpenError(f"s{i}", f"第{i}节", f"Section {i}", "fill_in", count=i + 1)
            for i in range(count)]


def test_open_errors_are_summed_up_in_one_line_in_each_language():
    errors = [OpenError("a", "企业基本情况", "Company Profile", "placeholder",
                        ("{{a}}", "{{b}}", "{{c}}", "{{d}}", "{{e}}")),
              OpenError("b", "附件", "Annexes", "empty"), *_errors(6)]
    en = summary(errors, translator("en"))
    assert en.startswith("“Company Profile”: placeholders not filled in: {{a}}, {{b}}, {{c}}, "
                         "and 2 more; “Annexes”: required, but empty; ")
    assert en.endswith("; and 3 more") and "\n" not in en
    zh = summary(errors, translator("zh_CN"))
    assert zh.startswith("“企业基本情况”：占位符尚未填入内容：{{a}}、{{b}}、{{c}}、另有 2 项；")
    assert "“第0节”：尚有1处【待填写】内容" in zh
    refused = OpenErrorsError(errors)
    zh_refusal = refused.render(translator("zh_CN"))
    assert zh_refusal.startswith("文档仍有未解决的错误：“企业基本情况”") and "--force" in zh_refusal
    assert "\n" not in zh_refusal
    assert refused.render().startswith("The document still has open errors: “Company Profile”")
