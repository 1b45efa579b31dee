"""The print styles' page behaviour, read back from the PDFs (pypdf): short documents stay
short, drafts carry a watermark on every page, empty sections are left out or printed as
"无 / None", a heading never ends a page, the running header and the English title break
between words; and the pagination containers (``HeadingKeep``, ``ParallelRow``) at unit level.
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from datetime import date

import pypdf
import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from coop_desktop.documents.pdf import LAYOUTS, PdfDocument, PdfSection, render_pdf
from coop_desktop.documents.pdf.flowables import Column, HeadingKeep, ParallelRow
from coop_desktop.documents.pdf.front import balance
from coop_desktop.documents.pdf.page import shorten
from coop_desktop.documents.pdf.render import STYLE_NAMES, _Styles
from coop_desktop.documents.pdf.sample import sample_document
from coop_desktop.documents.pdf.styles import chinese_numeral, font, get_style, heading_number


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    """The unit tests below measure text: the faces must be registered first."""
    from coop_desktop.documents.pdf.styles import ensure_fonts

    for style in STYLE_NAMES:
        ensure_fonts(get_style(style))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _render(doc: PdfDocument, layout: str = "parallel", style: str = "official",
            **kw: object) -> tuple[object, pypdf.PdfReader]:
    out = io.BytesIO()
    report = render_pdf(doc, out, layout=layout, style=style, **kw)
    return report, pypdf.PdfReader(out)


def _pages_text(reader: pypdf.PdfReader) -> list[str]:
    return [_norm(page.extract_text()) for page in reader.pages]


def _profile() -> PdfDocument:
    """A company profile of about two-thirds of a page: two short sections, no declaration."""
    base = sample_document()
    profile = base.sections[0]
    return dataclasses.replace(
        base, title_zh="企业简介", title_en="Company Profile", attachments=(),
        sections=(dataclasses.replace(profile, zh=profile.zh.splitlines()[0],
                                      en=profile.en.splitlines()[0]),
                  dataclasses.replace(base.sections[2], key="business", title_zh="主营业务",
                                      title_en="Business")))


# --------------------------------------------------------------------------- short documents


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_short_document_prints_as_one_titled_page_without_cover_or_toc(style, layout):
    report, reader = _render(_profile(), layout, style)
    # One page; in the official stacked layout the Chinese at 三号 and the English take two.
    expected = 2 if (style, layout) == ("official", "stacked") else 1
    assert report.pages == len(reader.pages) == expected and not report.cover
    text = _pages_text(reader)[0]
    title = "企业简介" if layout != "en" else "CompanyProfile"
    assert text.count(title) >= 1 and "目录" not in text and "Contents" not in text
    # The title comes first, then the applicant (the title does not name it), then the text.
    applicant = "苏州瑞丰精密机械有限公司" if layout != "en" else _norm(
        "Suzhou Ruifeng Precision Machinery Co., Ltd.")
    body = "一、企业简介" if layout != "en" else "1.Companyprofile"
    assert text.index(title) < text.index(applicant) < text.index(body)
    assert [key for key, _ in report.toc] == ["company_profile", "business"]
    assert {page for _, page in report.toc} == {1}


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_force_cover_gives_a_cover_and_a_toc_and_false_never_does(style):
    report, reader = _render(_profile(), "parallel", style, force_cover=True)
    pages = _pages_text(reader)
    assert report.cover and report.pages == len(pages) == 3
    assert "统一社会信用代码" in pages[0] and _norm("目录") in _norm(pages[1].replace("　", ""))
    assert dict(report.toc)["company_profile"] == 3
    long = sample_document(repeat=6)
    report, reader = _render(long, "parallel", style)
    assert report.cover and report.pages > 4
    report, reader = _render(long, "parallel", style, force_cover=False)
    assert not report.cover and "统一社会信用代码" not in _pages_text(reader)[0]


# --------------------------------------------------------------------------- draft


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("layout", ["parallel", "zh", "en"])
def test_a_draft_has_the_watermark_on_every_page(style, layout):
    doc = dataclasses.replace(sample_document(repeat=3), draft=True)
    report, reader = _render(doc, layout, style, force_cover=True)
    assert report.pages >= 4  # cover, TOC, body pages, the declaration page
    words = {"parallel": ("草稿", "DRAFT"), "zh": ("草稿",), "en": ("DRAFT",)}[layout]
    for number, page in enumerate(reader.pages, 1):
        found = []

        def visit(text, cm, tm, *_, found=found):
            if text.strip() in ("草稿", "DRAFT") and abs(cm[1]) > 0.5:  # drawn rotated
                found.append(text.strip())

        page.extract_text(visitor_text=visit)
        assert tuple(found) == words, (number, found)
    _, plain = _render(sample_document(repeat=3), layout, style, force_cover=True)
    assert not any("草稿" in t or "DRAFT" in t for t in _pages_text(plain))


# --------------------------------------------------------------------------- empty sections


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_an_empty_section_is_omitted_or_printed_as_none_and_the_numbers_follow(style):
    base = sample_document()
    doc = dataclasses.replace(base, sections=(
        base.sections[0],
        PdfSection("intl", "国际化基础", "International Experience", "  \n", ""),
        PdfSection("extra", "其他说明", "Other Remarks", "", " ", empty="none"),
        base.sections[1], base.sections[3]))
    report, reader = _render(doc, "parallel", style, force_cover=True)
    text = "".join(_pages_text(reader))
    assert "国际化基础" not in text and "InternationalExperience" not in text
    assert [k for k, _ in report.toc] == ["company_profile", "extra", "investment_plan",
                                          "attachments", "declaration"]
    assert "二、其他说明" in text and "2.OtherRemarks" in text
    assert "二、其他说明无" in text.replace("2.OtherRemarks", "")
    assert "None" in text and "三、投资计划" in text
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline[:3] == ["一、企业简介 / 1. Company profile", "二、其他说明 / 2. Other Remarks",
                           "三、投资计划 / 3. Investment plan"]
    assert not any("国际化" in t for t in outline)


def test_level_two_sections_are_numbered_under_their_level_one_section():
    base = sample_document()
    doc = dataclasses.replace(base, sections=(
        base.sections[0],
        PdfSection("a", "产品", "Products", "甲。", "A.", level=2),
        PdfSection("b", "市场", "Markets", "乙。", "B.", level=2),
        base.sections[1],
        PdfSection("c", "资金", "Funding", "丙。", "C.", level=2),
        base.sections[3]))
    report, reader = _render(doc, "parallel", force_cover=True)
    text = "".join(_pages_text(reader))
    for heading in ("一、企业简介", "（一）产品", "（二）市场", "二、投资计划", "（一）资金", "1.1Products",
                    "1.2Markets", "2.1Funding"):
        assert _norm(heading) in text, heading
    assert heading_number(2, (1, 2), "en") == "1.2" and heading_number(4, (1, 1, 1, 3), "zh") == \
        "（3）"
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23, 99)] == \
        ["一", "十", "十一", "二十", "二十三", "九十九"]


# --------------------------------------------------------------------------- pagination


def _heading_doc(filler_lines: int) -> PdfDocument:
    """A document whose second section's heading falls near the foot of a page."""
    filler = "\n".join("这是用来填满页面的一段文字，内容没有意义，只占位置。" * 2 for _ in range(filler_lines))
    text = "\n".join(f"第{i}段正文从这里开始，后面还有更多的文字，一直写到第二行甚至第三行为止，" * 2
                     for i in range(1, 6))
    return dataclasses.replace(sample_document(), attachments=(), sections=(
        PdfSection("fill", "填充", "Filler", filler, "Filler. " * 40),
        PdfSection("next", "下一节", "Next section", text, "The next section starts here. " * 20),
    ))


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("layout", ["zh", "stacked", "parallel"])
def test_a_heading_never_ends_a_page(style, layout):
    """Whatever the filler's length, the heading "二、下一节" is on the page where at least the
    first two lines of its text are."""
    seen_split = False
    for lines in range(8, 30, 1):
        _, reader = _render(_heading_doc(lines), layout, style, force_cover=False)
        pages = _pages_text(reader)
        head = next(n for n, t in enumerate(pages) if "二、下一节" in t)
        # At least two lines of its text: more characters than the first line holds (in the
        # official style 25 + 2 indent at 三号, 15 + 2 in a parallel column).
        first = "第1段正文从这里开始，后面还有更多的文字，一直写到第二行甚至第三行为止，第1段"
        first = _norm(first[:20] if layout == "parallel" else first[:30])
        assert first in pages[head], (lines, pages[head][-60:])
        seen_split |= head > 0 and "填满页面" in pages[head - 1]
    assert seen_split


def test_heading_keep_and_parallel_row_split_at_line_boundaries():
    style = _Styles(get_style("official"), "parallel").body["zh"]
    leading = style.leading
    text = "合作园区企业投资计划，" * 30  # about 20 lines at 60 mm
    width = 60 * mm
    para = Paragraph(text, style)
    _, height = para.wrap(width, 1e6)
    lines = round(height / leading)
    assert lines > 6
    head = Paragraph("一、标题", style)
    keep = HeadingKeep([head], Paragraph(text, style), 2 * leading)
    # Room for the heading and one line: nothing goes here (the heading moves on).
    assert keep.split(width, 2.2 * leading) == []
    # Room for the heading and three lines: the heading and three lines stay.
    parts = keep.split(width, 4.2 * leading)
    assert len(parts) == 2 and isinstance(parts[0], Column)
    assert round(parts[0].wrap(width, 1e6)[1] / leading) == 4

    zh = Paragraph(text, style)
    en = Paragraph("The cooperation zone plan, " * 20, style)
    row = ParallelRow(zh, en, (width, width), 7 * mm)
    assert row.split(2 * width + 7 * mm, 1.5 * leading) == []  # one line each: the row moves
    first, rest = row.split(2 * width + 7 * mm, 5.1 * leading)
    assert first.left is not None and first.right is not None
    for part in (first.left, first.right, rest.left, rest.right):
        if part is not None:
            assert part.wrap(width, 1e6)[1] >= 2 * leading - 0.5  # no widow, no orphan
    # A paragraph of three lines, two fitting: it moves whole (two lines on each side or none).
    three = Paragraph("合作园区企业投资计划，" * 3, style)
    assert round(three.wrap(width, 1e6)[1] / leading) == 3
    assert ParallelRow(three, None, (width, width), 7 * mm).split(2 * width, 2.2 * leading) == []


# --------------------------------------------------------------------------- words


def test_titles_are_balanced_and_broken_between_words():
    title = "Application for Admission to a Sino-Foreign SME Cooperation Zone"
    name, size = font("serif_en_bold"), 16
    for width in (300, 360, 420):
        lines = balance(title, name, size, width, "en")
        assert " ".join(lines) == title
        assert all(stringWidth(line, name, size) <= width for line in lines)
        assert all(len(line.split()) >= 2 for line in lines), lines  # never "Zone" alone
        assert not any(line.split()[-1] in ("a", "to", "for") for line in lines), lines
        widths = [stringWidth(line, name, size) for line in lines]
        assert min(widths) > 0.5 * max(widths), lines
    zh = "中外中小企业合作区入区申请书"
    lines = balance(zh * 2, font("song_heavy"), 22, 300, "zh")
    assert "".join(lines) == zh * 2 and all(not line.startswith(("，", "。")) for line in lines)


def test_the_running_header_is_shortened_at_a_word_boundary():
    def measure(s):
        return stringWidth(s, font("sans"), 7.5)

    text = ("中外中小企业合作区入园申请书 · Application for Admission to an International SME "
            "Cooperation Zone")
    for width in range(120, 360, 7):
        shown = shorten(text, width, measure)
        assert measure(shown) <= width
        if measure(text) <= width:
            assert shown == text
            continue
        assert shown.endswith("…") and text.startswith(shown[:-1])
        cut = len(shown) - 1
        assert not (text[cut - 1].isalpha() and text[cut].isalpha()
                    and text[cut - 1].isascii()), shown  # never "…Z…"
    assert shorten("short", 100, measure) == "short"
    # In the PDF (modern style): the header ends in a whole word.
    doc = dataclasses.replace(sample_document(repeat=4), title_en=(
        "Application for Admission to an International SME Cooperation Zone in Central Europe"))
    _, reader = _render(doc, "parallel", "modern")
    header = reader.pages[3].extract_text().splitlines()[0]
    assert header.endswith("…"), header
    last_word = re.findall(r"[A-Za-z]+", header)[-1]
    assert last_word in doc.title_en.split(), header


def test_official_pages_carry_no_running_header_and_modern_ones_do():
    doc = sample_document(repeat=4)
    _, official = _render(doc, "parallel", "official")
    _, modern = _render(doc, "parallel", "modern")
    st = get_style("official")
    for page in official.pages[2:]:
        above = []
        page.extract_text(visitor_text=lambda t, cm, tm, *_: above.append(t) if t.strip() and (
            tm[5] * cm[3] + cm[5]) > st.page_h - st.margin_top + 2 else None)
        assert above == []
    assert "编号 / Ref. SZ-2026-0142" in modern.pages[3].extract_text()


def test_a_submitted_application_prints_its_date_and_an_undated_one_a_blank_date_line():
    doc = dataclasses.replace(sample_document(), application_date=date(2026, 4, 1))
    _, reader = _render(doc, "parallel", force_cover=True)
    cover = _pages_text(reader)[0]
    assert "2026年4月1日" in cover and "1April2026" in cover
    _, reader = _render(sample_document(), "zh", force_cover=True)
    cover = _pages_text(reader)[0]
    assert "申报日期:年月日" in cover


@pytest.mark.parametrize("style", STYLE_NAMES)
@pytest.mark.parametrize("layout", ["zh", "parallel"])
def test_the_signature_block_takes_more_than_a_closing_line_with_it(style, layout):
    """Wherever the page breaks, the seal page holds the end of the paragraph before
    "特此承诺。" too: never a page with one line of text above the block."""
    clauses = [f"{i}. 本企业承诺遵守合作区管理规定，按时报送有关信息，接受主管部门的监督检查，"
               "并对所报材料的真实性负责。" for i in range(1, 5)]
    zh = "\n".join([*clauses, "特此承诺。"])
    en = "\n".join([*(f"{i}. The Company will comply with the zone's rules, report on time and "
                      "accept supervision." for i in range(1, 5)), "This declaration is hereby made."])
    seen_break = False
    for filler in range(6, 40, 3):
        doc = dataclasses.replace(sample_document(), attachments=(), sections=(
            PdfSection("fill", "填充", "Filler", "\n".join(["用来填满页面的文字。" * 5] * filler),
                       "\n".join(["Filler text. " * 6] * filler)),
            PdfSection("declaration", "承诺声明", "Declaration", zh, en, kind="declaration")))
        report, reader = _render(doc, layout, style, force_cover=False)
        pages = _pages_text(reader)
        seal = next(n for n, t in enumerate(pages) if "申报单位(盖章)" in t)
        assert "特此承诺" in pages[seal]
        assert _norm(clauses[-1])[-10:] in pages[seal], (filler, pages[seal][:80])
        seen_break |= _norm(clauses[0])[:10] not in pages[seal]
    assert seen_break


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_documents_with_little_or_nothing_to_print_render(style):
    """Empty documents, only a declaration, an empty declaration printed as 无: no crash, in
    every layout, with and without a forced cover (a cover with nothing to list has no
    contents page)."""
    base = sample_document()
    cases = [
        PdfDocument(title_zh="", title_en="", applicant_zh="", applicant_en="", uscc=""),
        dataclasses.replace(base, sections=(PdfSection("a", "甲", "A", "", ""),), attachments=()),
        dataclasses.replace(base, sections=(base.sections[3],), attachments=()),
        dataclasses.replace(base, attachments=(), sections=(
            PdfSection("d", "声明", "Declaration", "", "", kind="declaration", empty="none"),)),
    ]
    for doc in cases:
        for layout in LAYOUTS:
            report, reader = _render(doc, layout, style, force_cover=True)
            assert report.pages == len(reader.pages) == (3 if report.toc else 1)  # no blank page
            report, reader = _render(doc, layout, style)
            assert report.pages <= 2 and not report.cover
    _, reader = _render(cases[3], "zh", style)
    assert "申报单位(盖章)" in _pages_text(reader)[0] and "声明无" in _pages_text(reader)[0]
