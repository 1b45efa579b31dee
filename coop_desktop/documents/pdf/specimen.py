"""A type specimen of the PDF faces: each named face at 16 pt (三号) and 12 pt (小四).

For looking at the fonts (``scripts/font_specimen.py`` writes it and turns it into PNGs) and for
the font tests (embedding, subsetting, determinism). Every line goes through
:func:`~coop_desktop.documents.pdf.escape.markup` with the face as primary font, so characters
a face lacks show which fallback draws them. Pure and deterministic: the same bytes every time.
"""

from __future__ import annotations

from typing import BinaryIO

from coop_desktop.documents.pdf import escape, fonts

__all__ = ["FACES", "specimen_pdf"]

#: (font name, what it is for) in the order printed.
FACES: tuple[tuple[str, str], ...] = (
    (fonts.SONG, "宋体 Song — body text (Noto Serif SC Regular)"),
    (fonts.SONG_BOLD, "小标宋 title — Noto Serif SC Bold"),
    (fonts.HEI, "黑体 Hei — level-1 headings (Noto Sans SC Regular)"),
    (fonts.HEI_BOLD, "黑体 Bold — Noto Sans SC Bold"),
    (fonts.KAI, "楷体 Kai — level-2 headings (LXGW WenKai)"),
    (fonts.SERIF_EN, "English serif — Noto Serif Regular"),
    (fonts.SERIF_EN_BOLD, "English serif bold — Noto Serif Bold"),
    (fonts.SERIF_EN_ITALIC, "English serif italic — Noto Serif Italic"),
)
if not fonts.FANGSONG_IS_STAND_IN:  # pragma: no cover - only once a FangSong ships
    FACES = (*FACES, (fonts.FANGSONG, "仿宋 FangSong"))

ZH = ("一、总体情况（一）企业基本情况：浙江瑞丰精密机械有限公司成立于2015年3月，"
      "统一社会信用代码91330106MA2B3C4D5E，依据工信部企业〔2022〕63号，"
      "拟在匈牙利设立“一带一路”合作项目。申报单位（盖章）　　年　月　日")
EN = ("Zhejiang Ruifeng Precision Machinery Co., Ltd. — “Belt and Road” cooperation, "
      "founded 2015; revenue ¥12,500,000.50 (+8.5 %), 1st/2nd Ⅰ Ⅱ ≤ ≥ ‘quoted’.")
FALLBACK = "Fallbacks: 𠮷野家 鿫 ≒ שלום 😀"


def specimen_pdf(out: BinaryIO) -> int:
    """Write the specimen to ``out``; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    fonts.ensure_style_fonts(*(name for name, _ in FACES))
    label = ParagraphStyle("label", fontName=fonts.HEI, fontSize=8, leading=11,
                           textColor="#555555", spaceBefore=8)
    story: list[object] = []
    for name, what in FACES:
        story.append(Paragraph(escape.markup(f"{name}: {what}"), label))
        latin = name in (fonts.SERIF_EN, fonts.SERIF_EN_BOLD, fonts.SERIF_EN_ITALIC)
        for size in (16, 12):
            style = ParagraphStyle(f"{name}-{size}", fontName=name, fontSize=size,
                                   leading=size * 1.5, wordWrap=None if latin else "CJK")
            text, language = (EN, "en") if latin else (ZH, "zh")
            story.append(Paragraph(escape.markup(text, language=language, primary=name), style))
            if size == 12:
                other = EN if not latin else ZH
                story.append(Paragraph(escape.markup(other, language="en" if not latin else "zh",
                                                     primary=name), style))
                story.append(Paragraph(escape.markup(FALLBACK, primary=name), style))
        story.append(Spacer(1, 2 * mm))
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, invariant=1,
                            initialFontName=fonts.HEI, title="Coop Desktop font specimen",
                            creator="Coop Desktop", author="")
    doc.build(story)
    return doc.page
