"""``CJKParagraph`` in real reportlab documents, checked by reading the PDF back
(:mod:`coop_desktop.documents.pdf.readback`), and the read-back checker itself: it finds what
reportlab's own ``Paragraph`` gets wrong, and reads the app's real PDFs in every layout.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate

from coop_desktop.documents.pdf import fonts, readback
from coop_desktop.documents.pdf.cjk_paragraph import CJKParagraph, parse_markup
from coop_desktop.documents.pdf.escape import markup
from coop_desktop.documents.pdf.render import LAYOUTS, render_pdf
from coop_desktop.documents.pdf.sample import sample_document

PAGE_W, PAGE_H = A4
LEFT, BOTTOM, WIDTH, HEIGHT = 72.0, 72.0, 240.0, 300.0
ZH = ("苏州瑞丰精密机械有限公司成立于2009年，是国家级专精特新“小巨人”企业，主要从事高精度数控"
      "机床主轴及关键功能部件的研发、生产和销售。公司现有员工320人，其中研发人员86人，拥有发明专利"
      "27项、实用新型专利64项。合规方面，公司已聘请当地律师事务所，就劳动法、环境许可和数据保护"
      "（GDPR）提供咨询。他说：“我们已经完成了第一期（2026—2027年）的建设。”随后……")
EN = ("Suzhou Ruifeng Precision Machinery Co., Ltd. was founded in 2009 and is a national "
      "specialised and sophisticated \u201clittle giant\u201d enterprise.")


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    fonts.ensure_main_fonts()


def _style(size: float = 10, leading: float = 16.5, **kw: object) -> ParagraphStyle:
    return ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=size, leading=leading,
                          alignment=TA_JUSTIFY, **kw)


def _pdf(story: list, width: float = WIDTH, height: float = HEIGHT) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4, invariant=1)
    frame = Frame(LEFT, BOTTOM, width, height, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)
    doc.addPageTemplates([PageTemplate("p", [frame])])
    doc.build(story)
    return buffer.getvalue()


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _lines(data: bytes, region: tuple[float, float] = (LEFT, LEFT + WIDTH)
           ) -> list[list[readback.TextLine]]:
    return readback.line_report(data, [region])


# --------------------------------------------------------------------------- the flowable


def test_paragraphs_read_back_whole_justified_and_inside_the_column() -> None:
    story = [CJKParagraph(markup(ZH, language="zh"), _style(), indent_chars=2),
             CJKParagraph(markup(EN, language="en"), _style(leading=14.5))]
    data = _pdf(story, height=600)
    assert readback.violations(data, [(LEFT, LEFT + WIDTH)]) == []
    lines = _lines(data)[0]
    assert _norm("".join(line.text for line in lines)) == _norm(ZH + EN)
    assert lines[0].first.x0 == pytest.approx(LEFT + 20)  # two characters of indent
    zh_lines = [line for line in lines if re.search("[\u4e00-\u9fff]", line.text)]
    edge = LEFT + WIDTH
    ends = {"han": 0, "punctuation": 0}
    for line in zh_lines[:-1]:  # justified: each ends at the edge (its ink inside)
        last = line.last
        if re.match("[\u4e00-\u9fff0-9A-Za-z]", last.char):
            ends["han"] += 1
            assert last.x1 == pytest.approx(edge, abs=0.01), line.text
        else:  # full width, or compressed to its inked half: either way it ends at the edge
            ends["punctuation"] += 1
            assert edge - 0.01 <= last.x1 and last.x0 + 5 <= edge + 0.01, line.text
        assert last.ink1 <= edge + 0.01
    assert ends["han"] >= 3
    en_lines = [line for line in lines if line not in zh_lines]
    assert len(en_lines) >= 2
    assert en_lines[0].last.x1 == pytest.approx(LEFT + WIDTH, abs=0.01)
    assert " " in en_lines[0].text  # spaces are drawn: copy-paste keeps the words apart


def test_split_keeps_at_least_two_lines_on_each_side() -> None:
    para = CJKParagraph(markup(ZH * 2, language="zh"), _style())
    width, leading = WIDTH, 16.5
    _, height = para.wrap(width, 10_000)
    n = round(height / leading)
    assert n >= 8
    assert para.split(width, leading * 1.5) == []  # one line would be alone at the foot
    first, rest = para.split(width, leading * (n - 1) + 1)  # one line would be alone on top
    assert round(first.wrap(width, 10_000)[1] / leading) == n - 2
    assert round(rest.wrap(width, 10_000)[1] / leading) == 2
    first, rest = para.split(width, leading * 4)
    assert round(first.wrap(width, 10_000)[1] / leading) == 4
    # The pieces hold the same lines as the whole: the first piece's last line justified,
    # the rest without indent, nothing lost.
    texts = [line.text for part in (first, rest) for line in _lines(_pdf([part], height=600))[0]]
    whole = [line.text for line in _lines(_pdf([para], height=600))[0]]
    assert texts == whole
    short = CJKParagraph(markup(ZH[:60], language="zh"), _style())
    short_lines = round(short.wrap(width, 10_000)[1] / leading)
    assert short_lines == 3
    assert short.split(width, leading * 2) == []  # 3 lines cannot be split 2 + 2


def test_across_pages_no_line_is_left_alone() -> None:
    leading = 16.5
    para = CJKParagraph(markup(ZH * 3, language="zh"), _style(), indent_chars=2)
    for room in (1, 5):  # lines of room left on the first page
        spacer = Spacer(0, HEIGHT - room * leading - 0.5)
        data = _pdf([spacer, para])
        pages = _lines(data)
        counts = [len(page) for page in pages]
        assert all(count >= 2 for count in counts if count), counts
        assert counts[0] == (0 if room == 1 else 5)
        text = "".join(line.text for page in pages for line in page)
        assert _norm(text) == _norm(ZH * 3)
        assert readback.violations(data, [(LEFT, LEFT + WIDTH)]) == []


def test_in_a_table_cell_that_splits_across_pages() -> None:
    col = WIDTH / 2
    rows = [[CJKParagraph(markup(ZH * 3, language="zh"), _style(), indent_chars=2),
             CJKParagraph(markup(EN * 3, language="en"), _style(leading=14.5))]]
    table = Table(rows, colWidths=[col, col], splitInRow=33, style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 7),
        ("LEFTPADDING", (1, 0), (1, -1), 7), ("RIGHTPADDING", (1, 0), (1, -1), 0)]))
    data = _pdf([Spacer(0, 200), table])
    regions = [(LEFT, LEFT + col - 7), (LEFT + col + 7, LEFT + WIDTH)]
    assert readback.violations(data, regions) == []
    pages = readback.line_report(data, regions)
    assert len(pages) >= 2
    zh = "".join(line.text for page in pages for line in page if line.region == 0)
    en = "".join(line.text for page in pages for line in page if line.region == 1)
    assert _norm(zh) == _norm(ZH * 3) and _norm(en) == _norm(EN * 3)
    for page in pages:
        assert sum(1 for line in page if line.region == 0) != 1


def test_markup_entities_fallback_fonts_and_line_breaks() -> None:
    text = "A&B <Ltd> 𠮷野家\n第二行"
    runs = parse_markup(markup(text, language="zh"), fonts.REGULAR, 10)
    assert "".join(r.text for r in runs) == "A&B <Ltd> 𠮷野家\n第二行"
    assert {r.font for r in runs} == {fonts.REGULAR, "CoopFallback-HanExt"}
    assert parse_markup("<b>粗</b>体", fonts.REGULAR, 10)[0].font == fonts.BOLD
    data = _pdf([CJKParagraph(markup(text, language="zh"), _style())])
    lines = _lines(data)[0]
    assert [line.text for line in lines] == ["A&B <Ltd> 𠮷野家", "第二行"]


def test_output_is_deterministic() -> None:
    story = lambda: [CJKParagraph(markup(ZH, language="zh"), _style(), indent_chars=2)]  # noqa: E731
    assert _pdf(story()) == _pdf(story())


# --------------------------------------------------------------------------- the checker


def test_checker_finds_reportlab_hanging_punctuation() -> None:
    # 24 characters fill 240 pt exactly; reportlab keeps the 。 on the line, past the edge.
    style = _style()
    style.wordWrap = "CJK"
    text = "一二三四五六七八九十" * 2 + "一二三四。后面的文字还有很多很多很多很多很多。"
    data = _pdf([Paragraph(text, style)])
    found = readback.violations(data, [(LEFT, LEFT + WIDTH)])
    assert [(v.kind, v.char) for v in found] == [("edge", "。")]
    assert found[0].over > 2
    mine = _pdf([CJKParagraph(text, _style())])
    assert readback.violations(mine, [(LEFT, LEFT + WIDTH)]) == []


def test_checker_finds_forbidden_starts_ends_and_split_pairs() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont(fonts.REGULAR, 10)
    for k, line in enumerate(["文字（", "）文字", "文字—", "—文字", "文字", "、文字。"]):
        canvas.drawString(100, 700 - 20 * k, line)
    canvas.saveState()
    canvas.translate(300, 300)
    canvas.rotate(45)
    canvas.drawString(0, 0, "（草稿）")  # rotated: a watermark, not a line of text
    canvas.restoreState()
    canvas.save()
    found = readback.violations(buffer.getvalue(), [(90, 200)])
    assert sorted((v.kind, v.char) for v in found) == [
        ("end", "（"), ("split", "—"), ("start", "、"), ("start", "）")]
    report = readback.line_report(buffer.getvalue())[0]
    first = report[0].summary()
    assert (first["first"], first["last"]) == ("文", "（")
    assert first["first_x"] == (100.0, 110.0)
    assert first["last_x"] == (120.0, 130.0)
    assert first["last_ink"][0] > 125  # an opening bracket's ink is in its right half


@pytest.mark.parametrize("layout", LAYOUTS)
def test_checker_reads_the_apps_pdfs(layout: str) -> None:
    buffer = io.BytesIO()
    doc = sample_document()
    render_pdf(doc, buffer, layout=layout)
    data = buffer.getvalue()
    halves = [(0.0, PAGE_W / 2), (PAGE_W / 2, PAGE_W)]
    regions = halves if layout == "parallel" else [(0.0, PAGE_W)]
    pages = readback.line_report(data, regions)
    columns = {0: "", 1: ""}
    for page in pages:
        for line in page:
            assert line.first is not None and line.x0 < line.x1
            columns[line.region] += line.text  # type: ignore[index]
    zh_column, en_column = (columns[0], columns[1]) if layout == "parallel" else (columns[0],) * 2
    section = doc.sections[0]
    if layout != "en":
        for paragraph in section.zh.splitlines():
            assert _norm(paragraph) in _norm(zh_column)
    if layout != "zh":
        for paragraph in section.en.splitlines():
            assert _norm(paragraph) in _norm(en_column)


def test_checker_follows_form_xobjects_and_text_state() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.beginForm("stamp")
    canvas.setFont(fonts.REGULAR, 10)
    canvas.drawString(0, 0, "表格（")
    canvas.endForm()
    canvas.saveState()
    canvas.translate(100, 500)
    canvas.doForm("stamp")
    canvas.restoreState()
    text = canvas.beginText(100, 400)
    text.setFont(fonts.REGULAR, 10)
    text.setCharSpace(2)
    text.textOut("文字")
    canvas.drawText(text)
    canvas.save()
    lines = readback.line_report(buffer.getvalue())[0]
    form = next(line for line in lines if line.text == "表格（")
    assert form.first.x0 == pytest.approx(100) and form.y == pytest.approx(500)
    spaced = next(line for line in lines if line.text == "文字")
    assert spaced.glyphs[1].x0 == pytest.approx(112)  # 10 pt advance + 2 pt Tc
    found = readback.violations(buffer.getvalue(), [(90, 300)])
    assert [(v.kind, v.char) for v in found] == [("end", "（")]
