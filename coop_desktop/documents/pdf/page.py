"""Page furniture of the dossier: the page templates per print style, the page numbers,
the running header (modern style), the draft watermark, and the canvas (initial font,
fixed date).

Page numbers
    *official*: "— 3 —" in Song 四号 (14 pt), its top 7 mm below the type area, odd pages
    right-aligned and even pages left-aligned one character in from the type area's edge
    (GB/T 9704-2012 §7.5); none on the cover. The number is the physical page number, so
    that "page 5" in the table of contents is page 5 in a PDF viewer too.
    *modern*: "第 X 页 共 Y 页 / Page X of Y", centred below a light rule; the total is the
    previous ``multiBuild`` pass's page count
    (:class:`~coop_desktop.documents.pdf.flowables.PageCounter`); the footer never changes
    the layout, so the second pass has the final figure.

Running header (modern only): the title and the applicant on the left, the reference number
on the right; text too long for its room is shortened at a word boundary with "…" (never
"…Cooperation Z…").

Draft watermark: "草稿" / "DRAFT" (the layout's languages) drawn diagonally across every
page in light grey *under* the text (no transparency: PDF/A-2b allows none).
"""

from __future__ import annotations

import math
import re
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
from coop_desktop.documents.pdf.escape import markup, plain
from coop_desktop.documents.pdf.pdfa import PdfaTitles
from coop_desktop.documents.pdf.styles import MODERN, OFFICIAL, PrintStyle, font

PAGE_W, PAGE_H = A4
# The default (official) style's geometry, for callers that want one figure.
MARGIN_X = OFFICIAL.margin_left
MARGIN_TOP = OFFICIAL.margin_top
MARGIN_BOTTOM = OFFICIAL.margin_bottom
FRAME_W = OFFICIAL.frame_w
FRAME_H = OFFICIAL.frame_h
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
LIGHT = colors.HexColor("#dddddd")
SHADE = colors.HexColor("#f0f0f0")
WATERMARK = colors.HexColor("#e2e2e2")

__all__ = ["FRAME_H", "FRAME_W", "MARGIN_BOTTOM", "MARGIN_TOP", "MARGIN_X", "MODERN", "OFFICIAL",
           "PAGE_H", "PAGE_W", "DocTemplate", "TooLong", "canvas_maker", "shorten"]


class TooLong(Exception):
    """Raised by a :class:`DocTemplate` with ``max_pages`` when the story needs more pages."""


class _FixedStamp:
    """reportlab's TimeStamp, pinned to ``generated_on`` (00:00 UTC)."""

    def __init__(self, day: date) -> None:
        self.YMDhms = (day.year, day.month, day.day, 0, 0, 0)
        self.dhh = self.dmm = 0
        self.tzname = "UTC"
        self.t = 946684800.0
        self.lt = (*self.YMDhms, 0, 1, 0)


_TOKEN = re.compile(r"[0-9A-Za-zÀ-ɏͰ-ϿЀ-ӿ'’\-]+|\s+|.", re.S)


def shorten(text: str, width: float, measure: Any) -> str:
    """``text`` if ``measure(text) <= width``; else cut at a word boundary (a Latin word is
    never cut; a Han character is a word) and ended with "…"."""
    if measure(text) <= width:
        return text
    tokens = _TOKEN.findall(text)
    while tokens:
        tokens.pop()
        head = "".join(tokens).rstrip(" ·,;:，、；：—–-/(（")
        if head and measure(head + "…") <= width:
            return head + "…"
    return "…"


class DocTemplate(BaseDocTemplate):
    """The page templates of one style: ``cover`` (no page number, no header), ``first``
    (a short document's titled first page: page number, no header) and ``body``.
    ``builder`` is the render module's story builder (``doc``, ``langs``, ``warn``,
    ``counter``, ``pick``). ``max_pages``: raise :class:`TooLong` on starting a page
    beyond it (the trial of a short document)."""

    def __init__(self, out: object, builder: Any, style: PrintStyle, *,
                 max_pages: int | None = None, **kw: object) -> None:
        self.builder = builder
        self.print_style = style
        self.max_pages = max_pages
        super().__init__(out, pagesize=(style.page_w, style.page_h),
                         leftMargin=style.margin_left, rightMargin=style.margin_right,
                         topMargin=style.margin_top, bottomMargin=style.margin_bottom, **kw)

        def frame(name: str) -> Frame:
            return Frame(style.margin_left, style.margin_bottom, style.frame_w, style.frame_h,
                         id=name, leftPadding=0, rightPadding=0, topPadding=0,
                         bottomPadding=0)

        self.addPageTemplates([
            PageTemplate("cover", [frame("cover")], onPage=self._cover_page),
            PageTemplate("first", [frame("first")], onPage=self._first_page),
            PageTemplate("body", [frame("body")], onPage=self._body_page),
        ])
        self._coop_seen: set[str] = set()
        self._header_cache: dict[tuple[str, float, str], Paragraph] = {}

    def handle_documentBegin(self) -> None:
        self._coop_seen = set()
        super().handle_documentBegin()

    def handle_pageBegin(self) -> None:
        if self.max_pages is not None and self.page >= self.max_pages:
            raise TooLong
        super().handle_pageBegin()

    def build(self, flowables: list, *args: object, **kw: object) -> None:  # type: ignore[override]
        super().build(flowables, *args, **kw)
        self.builder.counter.notify("CoopPageCount", self.page)

    # ---- page callbacks

    def _cover_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._watermark(canv)
        if self.print_style.folio == "modern":
            self._folio(canv)

    def _first_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._watermark(canv)
        self._folio(canv)

    def _body_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._watermark(canv)
        if self.print_style.header:
            self._header(canv)
        self._folio(canv)

    # ---- furniture

    def _total(self) -> str:
        last = self.builder.counter.last
        return str(last) if last else "?"

    def _folio(self, canv: Canvas) -> None:
        st = self.print_style
        page = canv.getPageNumber()
        canv.saveState()
        if st.folio == "official":
            size = st.folio_size
            name = font(st.folio_role)
            text = f"— {page} —"
            baseline = st.margin_bottom - 7 * mm - size * 0.8
            canv.setFont(name, size)
            canv.setFillColor(colors.black)
            if page % 2:  # odd: right-aligned, one character in
                canv.drawRightString(st.margin_left + st.frame_w - size, baseline, text)
            else:
                canv.drawString(st.margin_left + size, baseline, text)
        else:
            total = self._total()
            parts = {"zh": f"第 {page} 页 共 {total} 页", "en": f"Page {page} of {total}"}
            text = " / ".join(parts[lang] for lang in self.builder.langs)
            canv.setStrokeColor(LIGHT)
            canv.setLineWidth(0.5)
            y = st.margin_bottom - 6 * mm
            canv.line(st.margin_left, y, st.margin_left + st.frame_w, y)
            canv.setFont(font(st.folio_role), st.folio_size)
            canv.setFillColor(GREY)
            canv.drawCentredString(st.margin_left + st.frame_w / 2, st.margin_bottom - 11 * mm,
                                   text)
        canv.restoreState()

    def _line(self, canv: Canvas, text: str, x: float, y: float, width: float,
              style: ParagraphStyle, where: str) -> None:
        """One line of header text, shortened at a word boundary to fit ``width`` (the same
        on every page: worked out once)."""
        key = (text, width, style.name)
        p = self._header_cache.get(key)
        if p is None:
            shown = shorten(plain(text), width,
                            lambda s: stringWidth(s, style.fontName, style.fontSize))
            p = self._header_cache[key] = Paragraph(markup(shown, self.builder.warn, where),
                                                    style)
        p.wrapOn(canv, width, style.leading * 2)
        p.drawOn(canv, x, y)

    def _header(self, canv: Canvas) -> None:
        st = self.print_style
        b = self.builder
        d = b.doc
        style = ParagraphStyle("header", fontName=font("sans"), fontSize=7.5, leading=9.5,
                               textColor=GREY)
        right_w = 48 * mm
        left_w = st.frame_w - right_w - 4 * mm
        top = st.page_h - 11 * mm
        title = " · ".join(t for _, t in b.pick(d.title_zh, d.title_en) if t)
        applicant = " · ".join(t for _, t in b.pick(d.applicant_zh, d.applicant_en) if t)
        canv.saveState()
        self._line(canv, title, st.margin_left, top - 9.5, left_w, style, "title")
        self._line(canv, applicant, st.margin_left, top - 19, left_w, style, "applicant")
        if d.reference_no:
            right = ParagraphStyle("header_r", parent=style, alignment=TA_RIGHT)
            label = " / ".join({"zh": "编号", "en": "Ref."}[lang] for lang in b.langs)
            self._line(canv, f"{label} {d.reference_no}",
                       st.margin_left + st.frame_w - right_w, top - 9.5, right_w, right,
                       "reference_no")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        y = st.page_h - st.margin_top + 5 * mm
        canv.line(st.margin_left, y, st.margin_left + st.frame_w, y)
        canv.restoreState()

    def _watermark(self, canv: Canvas) -> None:
        b = self.builder
        if not b.doc.draft:
            return
        st = self.print_style
        words = [w for lang, w in (("zh", "草稿"), ("en", "DRAFT")) if lang in b.langs]
        angle = math.degrees(math.atan2(st.page_h, st.page_w))
        name = font("hei") if "zh" in b.langs else font("sans_bold")
        canv.saveState()
        canv.setFillColor(WATERMARK)
        canv.translate(st.page_w / 2, st.page_h / 2)
        canv.rotate(angle)
        sizes = {"草稿": 150.0, "DRAFT": 110.0 if len(words) == 1 else 72.0}
        total = sum(sizes[w] for w in words) + 10 * (len(words) - 1)
        y = total / 2
        for word in words:
            size = sizes[word]
            y -= size
            canv.setFont(name, size)
            canv.drawCentredString(0, y + size * 0.12, word)
            y -= 10
        canv.restoreState()


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
