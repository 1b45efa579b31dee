"""Page furniture of the dossier: A4 geometry, the page templates, the running header and
the "第 X 页 共 Y 页 / Page X of Y" footer, and the canvas (initial font, fixed date).

The footer's total is the previous ``multiBuild`` pass's page count
(:class:`~coop_desktop.documents.pdf.flowables.PageCounter`); the footer never changes the
layout, so the second pass has the final figure.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from coop_desktop.documents.pdf import fonts
from coop_desktop.documents.pdf import pdfa as pdfa_module
from coop_desktop.documents.pdf.pdfa import PdfaTitles
from coop_desktop.documents.pdf.escape import markup, plain

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
LIGHT = colors.HexColor("#dddddd")
SHADE = colors.HexColor("#f0f0f0")



class _FixedStamp:
    """reportlab's TimeStamp, pinned to ``generated_on`` (00:00 UTC)."""

    def __init__(self, day: date) -> None:
        self.YMDhms = (day.year, day.month, day.day, 0, 0, 0)
        self.dhh = self.dmm = 0
        self.tzname = "UTC"
        self.t = 946684800.0
        self.lt = (*self.YMDhms, 0, 1, 0)


class DocTemplate(BaseDocTemplate):
    """Cover and body page templates; ``builder`` is the render module's story builder
    (``doc``, ``langs``, ``warn``, ``counter``, ``pick``)."""

    def __init__(self, out: object, builder: Any, **kw: object) -> None:
        self.builder = builder
        super().__init__(out, **kw)
        body = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover], onPage=self._footer),
            PageTemplate("body", [body], onPage=self._furniture),
        ])
        self._coop_seen: set[str] = set()

    def handle_documentBegin(self) -> None:
        self._coop_seen = set()
        super().handle_documentBegin()

    def build(self, flowables: list, *args: object, **kw: object) -> None:  # type: ignore[override]
        super().build(flowables, *args, **kw)
        self.builder.counter.notify("CoopPageCount", self.page)

    def _total(self) -> str:
        last = self.builder.counter.last
        return str(last) if last else "?"

    def _line(self, canv: Canvas, text: str, x: float, y: float, width: float,
              style: ParagraphStyle, where: str) -> None:
        """One line of header text: truncated to ``width`` with an ellipsis if needed."""
        shown = plain(text)

        def measure(s: str) -> float:
            return stringWidth(s, fonts.REGULAR, style.fontSize)

        if measure(shown) > width:
            while shown and measure(shown + "…") > width:
                shown = shown[:-1]
            shown += "…"
        p = Paragraph(markup(shown, self.builder.warn, where), style)
        p.wrapOn(canv, width, style.leading * 2)
        p.drawOn(canv, x, y)

    def _footer(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        page, total = canv.getPageNumber(), self._total()
        parts = {"zh": f"第 {page} 页 共 {total} 页", "en": f"Page {page} of {total}"}
        text = " / ".join(parts[lang] for lang in self.builder.langs)
        canv.saveState()
        canv.setStrokeColor(LIGHT)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, MARGIN_BOTTOM - 6 * mm, PAGE_W - MARGIN_X, MARGIN_BOTTOM - 6 * mm)
        canv.setFont(fonts.REGULAR, 8)
        canv.setFillColor(GREY)
        canv.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM - 11 * mm, text)
        canv.restoreState()

    def _furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        b = self.builder
        d = b.doc
        style = ParagraphStyle("header", fontName=fonts.REGULAR, fontSize=7.5, leading=9.5,
                               textColor=GREY)
        right_w = 48 * mm
        left_w = FRAME_W - right_w - 4 * mm
        top = PAGE_H - 11 * mm
        title = " · ".join(t for _, t in b.pick(d.title_zh, d.title_en) if t)
        applicant = " · ".join(t for _, t in b.pick(d.applicant_zh, d.applicant_en) if t)
        canv.saveState()
        self._line(canv, title, MARGIN_X, top - 9.5, left_w, style, "title")
        self._line(canv, applicant, MARGIN_X, top - 19, left_w, style, "applicant")
        if d.reference_no:
            right = ParagraphStyle("header_r", parent=style, alignment=TA_RIGHT)
            label = " / ".join({"zh": "编号", "en": "Ref."}[lang] for lang in b.langs)
            self._line(canv, f"{label} {d.reference_no}", PAGE_W - MARGIN_X - right_w,
                       top - 9.5, right_w, right, "reference_no")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, PAGE_H - MARGIN_TOP + 5 * mm, PAGE_W - MARGIN_X,
                  PAGE_H - MARGIN_TOP + 5 * mm)
        canv.restoreState()
        self._footer(canv, doc)


def canvas_maker(generated_on: date, lang: str, pdfa: PdfaTitles | None = None,
                 languages: tuple[str, ...] = ()):  # noqa: ANN202 - reportlab's factory protocol
    """The canvas class for one render; ``pdfa``: make the file PDF/A-2b (see :mod:`.pdfa`)."""

    class _Canvas(Canvas):
        def __init__(self, *args: object, **kw: object) -> None:
            kw["initialFontName"] = fonts.REGULAR  # no unembedded Helvetica in the preamble
            kw["initialFontSize"] = 10
            kw["lang"] = lang
            if pdfa is not None:
                kw["pdfVersion"] = pdfa_module.PDF_VERSION
                kw["enforceColorSpace"] = "rgb"
            super().__init__(*args, **kw)
            self._doc._timeStamp = _FixedStamp(generated_on)
            if pdfa is not None:
                pdfa_module.prepare(self, pdfa, languages)
            self.setFont(fonts.REGULAR, 10)
            self.showOutline()  # open the bookmarks pane in viewers

    return _Canvas
