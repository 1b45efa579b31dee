"""A list printed as a clean table: a PDF (reportlab) for the print preview and the printer.

A4 landscape; the bundled Noto Sans SC (and the fallbacks of
:mod:`coop_desktop.documents.pdf.fonts`) embedded, so Chinese prints on any printer; every
page has a running header (the list's name and its filter on the left, the print date on
the right) and a footer ``第 X 页 共 Y 页`` / ``Page X of Y`` (the total is known because the
pages are kept until the end: :class:`_NumberedCanvas`). The first page starts with the
list's name, what it shows (the filter and sort in words) and the row count. The header row
of the table repeats on every page; long texts wrap inside their cell (a prose cell is cut
after :data:`CELL_CHARS` characters).

The printout is in one language (the UI's): headers, labels of coded values, country names
and dates. Values are shown, not typed: money in 万元 with two decimals, ``65.5%``, dates
and times as the app's lists write them (``2015年3月12日`` / ``Mar 12, 2015``,
:mod:`coop_desktop.i18n.formatting`). At most :data:`MAX_ROWS` rows are printed: a longer list is refused with a
message (filter it, or export it to Excel). :func:`render_listing` is a generator of
``(done, total)`` (rows laid out) whose value is a :class:`PrintReport`; the file is written
atomically.
"""

from __future__ import annotations

import io
import os
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from coop_desktop.errors import CoopError
from coop_desktop.exchange.export_lists import COUNTRY_COLUMNS
from coop_desktop.exchange.export_table import (
    DATE, DATETIME, INTEGER, LIST, LIST_JOIN, MONEY, PERCENT, YEAR, Column, Listing,
    local_naive, plain_decimal, wan,
)
from coop_desktop.fileio import atomic_write
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_date, format_datetime

#: The most rows a printout holds (about 150 pages).
MAX_ROWS = 5_000
#: A text cell longer than this is cut (with "…") in print: a table is not a document.
CELL_CHARS = 300

MSG_TOO_MANY = N_("The list has {count} rows; at most {max} can be printed. Narrow it down "
                  "with the search or the filters, or export it to Excel.")
MSG_NOTHING = N_("The list is empty: there is nothing to print.")


@dataclass
class PrintReport:
    pages: int
    rows: int
    warnings: list[Any] = field(default_factory=list)


def cell_text(column: Column, value: Any, language: str) -> str:
    """``value`` as the printout shows it (see the module docstring)."""
    if value is None or value == "" or value == []:
        return ""
    kind = column.kind
    if kind == MONEY:
        amount = wan(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{amount:,.2f}"
    if kind == PERCENT:
        return plain_decimal(Decimal(value)) + "%"
    if kind == INTEGER:
        return f"{int(value):,}"
    if kind == YEAR:
        return str(value)
    if kind == DATE:
        return format_date(value, language)
    if kind == DATETIME:
        return format_datetime(local_naive(value), language)
    if kind == LIST:
        items = list(value)
        if column.key in COUNTRY_COLUMNS:
            items = [_country(code, language) for code in items]
        return ("、" if language == "zh_CN" else LIST_JOIN).join(items)
    text = str(value)
    if column.key in COUNTRY_COLUMNS:
        return _country(text, language)
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


#: Rows whose values size the printed columns.
WIDTH_SAMPLE = 200
#: Cell padding (left + right) and the widest a column gets before its text wraps (points).
PADDING, WIDEST = 12.0, 230.0
#: A text column is never narrower than this many ems (five CJK characters), unless its
#: texts are all shorter.
NARROWEST_EM = 5
#: The header of a number column wraps only when it is wider than this many ems.
HEAD_EM = 7.5


def fit_widths(texts: Sequence[Sequence[str]], fixed: Sequence[bool], frame_w: float,
               font: str, size: float, head_font: str | None = None) -> list[float]:
    """Column widths (points) that fill ``frame_w``: each column's ``texts`` (header first)
    on one line where there is room; else every column keeps at least its longest word (a
    ``fixed`` column — numbers, dates, codes — its longest value whole) and the other
    columns share the rest in proportion to what they would need on one line. ``texts[i][0]``
    is column ``i``'s header."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def width(text: str, face: str = font) -> float:
        return max((stringWidth(line, face, size) for line in text.split("\n")), default=0.0)

    def longest_word(text: str, face: str = font) -> float:
        words: list[str] = []
        for part in text.split():
            run = ""
            for ch in part:  # a CJK text can break between any two characters
                if is_wide(ch):
                    words.append(run)
                    run = ""
                    words.append(ch * 2)  # keep two characters together at least
                else:
                    run += ch
            words.append(run)
        return max((stringWidth(w, face, size) for w in words), default=0.0)

    natural, least = [], []
    narrowest = NARROWEST_EM * size
    for column_texts, whole in zip(texts, fixed, strict=True):
        head, values = column_texts[0], column_texts[1:]
        bold = head_font or font
        full = max([width(head, bold)] + [width(t) for t in values])
        if whole:  # values whole; the header may wrap between words
            values_w = max((width(t) for t in values), default=0.0)
            natural.append(full + PADDING)
            head_w = min(width(head, bold), HEAD_EM * size)  # a short header stays whole
            least.append(max(values_w, head_w, longest_word(head, bold)) + PADDING)
            continue
        words = max([longest_word(head, bold)] + [longest_word(t) for t in values])
        natural.append(min(full, WIDEST) + PADDING)
        least.append(min(full, WIDEST, max(words, narrowest)) + PADDING)
    if sum(natural) <= frame_w:
        spare = frame_w - sum(natural)
        flexible = [n if not f else 0.0 for n, f in zip(natural, fixed, strict=True)]
        share = sum(flexible) or sum(natural)
        return [n + spare * (fl or (n if not any(flexible) else 0.0)) / share
                for n, fl in zip(natural, flexible, strict=True)]
    if sum(least) >= frame_w:
        return [w * frame_w / sum(least) for w in least]
    spare = frame_w - sum(least)
    extra = [n - m for n, m in zip(natural, least, strict=True)]
    return [m + spare * e / (sum(extra) or 1) for m, e in zip(least, extra, strict=True)]


def is_wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in "WF"


def _country(code: str, language: str) -> str:
    from coop_desktop.reference import countries

    try:
        return countries.country_name(code, language)
    except KeyError:
        return code


def render_listing(listing: Listing, target: str | os.PathLike[str] | None, tr: Translator, *,
                   filters: Sequence[tuple[str, str]] = (), sort: str | None = None,
                   printed_on: date | None = None, out: io.BytesIO | None = None
                   ) -> Generator[tuple[int, int], None, PrintReport]:
    """Lay out ``listing`` and write the PDF to ``target`` (or into ``out``).
    ``filters``: ``(label, value)`` pairs describing the list's filter (``export_filter.
    describe``); ``sort``: how it is sorted, in words."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle,
    )

    from coop_desktop.documents.pdf import fonts
    from coop_desktop.documents.pdf.escape import Collector, markup

    if listing.total > MAX_ROWS:
        raise CoopError(MSG_TOO_MANY, count=f"{listing.total:,}", max=f"{MAX_ROWS:,}")
    if listing.total == 0:
        raise CoopError(MSG_NOTHING)
    fonts.ensure_main_fonts()
    language = tr.language
    zh = language == "zh_CN"
    page_w, page_h = landscape(A4)
    margin_x, margin_top, margin_bottom = 12 * mm, 20 * mm, 16 * mm
    frame_w = page_w - 2 * margin_x
    warn = Collector()
    columns = list(listing.columns)
    wrap = "CJK" if zh else None
    cell = ParagraphStyle("cell", fontName=fonts.REGULAR, fontSize=8, leading=10.5,
                          wordWrap=wrap)
    cell_right = ParagraphStyle("cell_r", parent=cell, alignment=TA_RIGHT)
    head = ParagraphStyle("head", fontName=fonts.BOLD, fontSize=8, leading=10.5, wordWrap=wrap)
    title_style = ParagraphStyle("title", fontName=fonts.BOLD, fontSize=15, leading=20,
                                 wordWrap=wrap, spaceAfter=4)
    info = ParagraphStyle("info", fontName=fonts.REGULAR, fontSize=9, leading=13, wordWrap=wrap,
                          textColor=colors.HexColor("#333333"))

    numeric_kinds = (MONEY, PERCENT, INTEGER, YEAR, DATE, DATETIME)
    sample: list[Any] = []
    for block in listing.blocks():
        sample = list(block)[:WIDTH_SAMPLE]
        break
    texts = [[c.zh if zh else c.en] + [cell_text(c, c.get(r, language), language)
                                       for r in sample] for c in columns]
    fixed = [c.kind in numeric_kinds or c.key == "uscc" for c in columns]
    widths = fit_widths(texts, fixed, frame_w, fonts.REGULAR, 8, fonts.BOLD)
    numeric = {i for i, c in enumerate(columns) if c.kind in (MONEY, PERCENT, INTEGER, YEAR)}

    head_right = ParagraphStyle("head_r", parent=head, alignment=TA_RIGHT)
    rows: list[list[Any]] = [[Paragraph(markup(c.zh if zh else c.en, warn, "header"),
                                        head_right if i in numeric else head)
                              for i, c in enumerate(columns)]]
    done, total = 0, listing.total
    yield done, total
    for block in listing.blocks():
        for item in block:
            line = []
            for i, column in enumerate(columns):
                text = cell_text(column, column.get(item, language), language)
                if not text or (fixed[i] and (text.isascii() and text.isprintable()
                                              or column.kind in (DATE, DATETIME))):
                    line.append(text)  # numbers, dates, codes: a plain string is enough
                    continue  # (a Paragraph each costs time and memory: 5,000 rows print)
                style = cell_right if i in numeric else cell
                line.append(Paragraph(markup(text, warn, column.key), style))
            rows.append(line)
        done += len(block)
        yield done, max(total, done)

    table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=True)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8, 10.5),  # string cells; no Helvetica
        *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i in sorted(numeric)],
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#8a96a3")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d5d9de")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))

    title = listing.title(language)
    day = printed_on or date.today()
    described = ("；" if zh else "; ").join(
        f"{label}{'：' if zh else ': '}{value}" for label, value in filters)
    count_text = tr.ngettext("{count} row", "{count} rows", done).format(count=f"{done:,}")
    story: list[Any] = [Paragraph(markup(title, warn, "title"), title_style)]
    lines = [tr.gettext("Filter: {filter}").format(
        filter=described or tr.gettext("none (the whole list)"))]
    if sort:
        lines.append(tr.gettext("Sorted by: {sort}").format(sort=sort))
    lines.append(count_text)
    for text in lines:
        story.append(Paragraph(markup(text, warn, "filter"), info))
    story += [Spacer(1, 4 * mm), table]

    running = f"{title} · {described}" if described else title
    printed = tr.gettext("Printed on {date}").format(date=format_date(day, language))

    def furniture(canv: Any, _doc: Any) -> None:
        canv.saveState()
        canv.setFont(fonts.REGULAR, 7.5)
        canv.setFillColor(colors.HexColor("#555555"))
        top = page_h - 11 * mm
        right_w = 50 * mm
        canv.drawRightString(page_w - margin_x, top, printed)
        shown = running
        limit = frame_w - right_w - 6 * mm
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if stringWidth(shown, fonts.REGULAR, 7.5) > limit:
            while shown and stringWidth(shown + "…", fonts.REGULAR, 7.5) > limit:
                shown = shown[:-1]
            shown += "…"
        header = Paragraph(markup(shown, warn, "header"),
                           ParagraphStyle("run", fontName=fonts.REGULAR, fontSize=7.5,
                                          leading=9, textColor=colors.HexColor("#555555")))
        header.wrapOn(canv, limit, 20)
        header.drawOn(canv, margin_x, top - 1.5)
        canv.setStrokeColor(colors.HexColor("#999999"))
        canv.setLineWidth(0.5)
        canv.line(margin_x, page_h - margin_top + 4 * mm, page_w - margin_x,
                  page_h - margin_top + 4 * mm)
        canv.restoreState()

    page_text = tr.gettext("Page {page} of {total}")

    class _NumberedCanvas(_canvas_class()):  # type: ignore[misc]
        """Keeps every page until the end, then draws "Page X of Y" on each."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            kw["initialFontName"] = fonts.REGULAR
            kw["initialFontSize"] = 9
            kw["lang"] = "zh-CN" if zh else "en"
            super().__init__(*args, **kw)
            self._pages: list[dict[str, Any]] = []
            self.setFont(fonts.REGULAR, 9)

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(fonts.REGULAR, 8)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawCentredString(page_w / 2, margin_bottom - 9 * mm, page_text.format(
                    page=self._pageNumber, total=count))
                self.restoreState()
                super().showPage()
            self._coop_pages = count
            super().save()

    buffer = out if out is not None else io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(page_w, page_h), leftMargin=margin_x,
                          rightMargin=margin_x, topMargin=margin_top, bottomMargin=margin_bottom,
                          title=title, author="Coop Desktop", invariant=1)
    frame = Frame(margin_x, margin_bottom, frame_w, page_h - margin_top - margin_bottom,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("list", [frame], onPage=furniture)])
    canvases: list[Any] = []

    def maker(*args: Any, **kw: Any) -> Any:
        canvases.append(_NumberedCanvas(*args, **kw))
        return canvases[-1]

    doc.build(story, canvasmaker=maker)
    pages = getattr(canvases[-1], "_coop_pages", 0) if canvases else 0
    if target is not None and out is None:
        atomic_write(Path(target), buffer.getvalue())
    return PrintReport(pages, done, warn.warnings())


def _canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    return Canvas


__all__ = ["CELL_CHARS", "MAX_ROWS", "PrintReport", "cell_text", "render_listing"]
