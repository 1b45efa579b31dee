"""The SRDI "who qualifies" report as a bilingual PDF (reportlab, A4 landscape).

Chinese first, English beside or below it, everywhere: the title; the criteria (version,
title and document number, e.g. 工信部企业〔2022〕63号), the date of the assessment and of
printing, the list's filter; the note that the assessment is indicative (also in every
page's footer); the counts per tier and outcome; then the list — one row per enterprise:
its names, USCC, province, the year whose figures were used, each tier's outcome (and score
where the tier has one), and what is short or missing for the *next* tier (the first tier it
does not pass), in both languages.

The bundled Noto Sans SC and its fallbacks are embedded (:mod:`coop_desktop.documents.pdf.
fonts`), every user string goes through :func:`~coop_desktop.documents.pdf.escape.markup`.
At most :data:`MAX_ROWS` enterprises are listed (about 250 pages); a longer report prints
its counts and the first :data:`MAX_ROWS` rows with a note saying so (the xlsx has them all).

:func:`render` is a generator of ``(done, total)`` (rows laid out) whose value is a
:class:`PdfResult`; the file is written atomically and privately.
"""

from __future__ import annotations

import io
import os
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coop_desktop.errors import CoopError
from coop_desktop.fileio import atomic_write
from coop_desktop.i18n.catalog import N_, translator
from coop_desktop.rules.srdi_results import OUTCOMES, PASS, TIERS

if TYPE_CHECKING:  # (the words are imported when a PDF is made)
    from coop_desktop.documents.srdi_report_text import TierSummary


class ReportRow(Protocol):
    """One enterprise of the report as printed (``services.srdi_report_read.ReportRow``)."""

    name_zh: str
    name_en: str | None
    uscc: str | None
    province_code: str | None
    year: int | None
    tiers: Sequence[TierSummary]


class SrdiReport(Protocol):
    """The report as printed (``services.srdi_report.SrdiReport``): documents name the shape
    they read instead of importing the service's type."""

    version: str
    info: Any
    today: date
    rows: Sequence[ReportRow]
    counts: dict[str, dict[str, int]]

    @property
    def total(self) -> int: ...

    @property
    def document(self) -> str: ...

#: The most enterprises listed (the counts always cover the whole report).
MAX_ROWS = 5_000
#: Shortfalls printed per enterprise (the rest are counted) and the longest a printed
#: shortfall gets (characters; the xlsx has them whole).
SHORT_ITEMS = 2
SHORT_CHARS_ZH, SHORT_CHARS_EN = 70, 130
#: Missing facts named per enterprise.
MISSING_SHOWN = 3

MSG_TITLE = N_("Who qualifies: SRDI tiers")
MSG_VERSION = N_("Criteria version {version}: {document}")
MSG_PRINTED = N_("Assessed on {date}; printed on {printed}")
MSG_CUT = N_("The list shows the first {shown} of {count} enterprises; export the report to "
             "Excel for all of them.")
MSG_NEXT = N_("What is short or missing for the next tier")
MSG_NUMBER = N_("No.")
MSG_ALL_PASS = N_("Qualifies for every tier")
MSG_FOOTER = N_("Indicative only")
MSG_PAGE = N_("Page {page} of {total}")
MSG_NOTHING = N_("The list is empty: there is nothing to print.")
MSG_WRITE_FAILED = N_("“{name}” could not be written: {reason}")
MSG_COUNTS = N_("Enterprises per tier and outcome")
MSG_LIST = N_("The enterprises")


@dataclass
class PdfResult:
    path: Path | None
    pages: int
    rows: int
    warnings: list[Any] = field(default_factory=list)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _brief(text: Any, summary: Any, limit: int) -> str:
    """What is short or missing for a tier, shortened for print: the first
    :data:`SHORT_ITEMS` items, each cut at ``limit`` characters, and how many more."""
    items = [_cut(text.shortfall(s), limit) for s in summary.shortfalls]
    if summary.missing:
        items.append(text.missing(summary.missing, shown=MISSING_SHOWN))
    more = summary.more + max(0, len(items) - SHORT_ITEMS)
    out = text.sep.join(items[:SHORT_ITEMS])
    if more:
        out += ("" if text.zh else " ") + text.more(more)
    return out


def _both(msgid: str, **params: Any) -> tuple[str, str]:
    zh, en = translator("zh_CN"), translator("en")
    return zh.gettext(msgid).format(**params), en.gettext(msgid).format(**params)


def render(report: SrdiReport, target: str | os.PathLike[str] | None, *,
           filters_zh: Sequence[tuple[str, str]] = (), filters_en: Sequence[tuple[str, str]] = (),
           printed_on: date | None = None, out: io.BytesIO | None = None
           ) -> Generator[tuple[int, int], None, PdfResult]:
    """Lay out ``report`` and write it to ``target`` (or into ``out``). ``filters_zh`` /
    ``filters_en``: the list's filter in words, ``(label, value)`` pairs in each language
    (``exchange.export_filter.describe``)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle,
    )

    from coop_desktop.documents.pdf import fonts
    from coop_desktop.documents.pdf.escape import Collector, markup
    from coop_desktop.documents.srdi_report_text import MSG_INDICATIVE, ReportText, filter_line

    if report.total == 0:
        raise CoopError(MSG_NOTHING)
    fonts.ensure_main_fonts()
    zh_text, en_text = ReportText(translator("zh_CN")), ReportText(translator("en"))
    page_w, page_h = landscape(A4)
    margin_x, margin_top, margin_bottom = 12 * mm, 18 * mm, 16 * mm
    frame_w = page_w - 2 * margin_x
    warn = Collector()
    grey = colors.HexColor("#555555")
    base = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=9, leading=12.5,
                          wordWrap="CJK")
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.6)
    small_en = ParagraphStyle("small_en", parent=small, textColor=grey, wordWrap=None)
    head = ParagraphStyle("head", parent=small, fontName=fonts.BOLD)
    title_style = ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=16,
                                 leading=21)
    subtitle = ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15, textColor=grey,
                              wordWrap=None, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=base, fontName=fonts.BOLD, fontSize=11, leading=15,
                        spaceBefore=8, spaceAfter=4)
    note = ParagraphStyle("note", parent=base, fontSize=8.5, leading=11.5,
                          backColor=colors.HexColor("#fff6e0"), borderPadding=5,
                          borderColor=colors.HexColor("#e0c070"), borderWidth=0.5)

    def para(text: str, style: Any, where: str = "text", lang: str | None = None) -> Any:
        return Paragraph(markup(text, warn, where, lang), style)

    def pair(zh: str, en: str, style: Any = small, style_en: Any = small_en,
             where: str = "text") -> list[Any]:
        return [para(zh, style, where, "zh"), para(en, style_en, where, "en")]

    def cell(zh: str, en: str, where: str = "text") -> Any:
        """Chinese over English in one table cell."""
        if not en or en == zh:
            return para(zh, small, where)
        if not zh:
            return para(en, small_en, where, "en")
        return [para(zh, small, where, "zh"), para(en, small_en, where, "en")]

    day = printed_on or date.today()
    title_zh, title_en = _both(MSG_TITLE)
    version_zh, version_en = _both(MSG_VERSION, version=report.version, document=report.document)
    story: list[Any] = [para(title_zh, title_style, "title", "zh"),
                        para(title_en, subtitle, "title", "en")]
    info = report.info
    lines_zh = [version_zh, info.title_zh,
                zh_text.tr.gettext(MSG_PRINTED).format(date=report.today.isoformat(),
                                                         printed=day.isoformat()),
                filter_line(zh_text.tr, filters_zh)]
    lines_en = [version_en, info.title_en,
                en_text.tr.gettext(MSG_PRINTED).format(date=report.today.isoformat(),
                                                         printed=day.isoformat()),
                filter_line(en_text.tr, filters_en)]
    for zh, en in zip(lines_zh, lines_en, strict=True):
        story += [para(zh, base, "info", "zh"), para(en, small_en, "info", "en")]
    story.append(Spacer(1, 3 * mm))
    note_zh, note_en = _both(MSG_INDICATIVE)
    story.append(Paragraph(markup(note_zh, warn, "note", "zh") + "<br/>"
                           + markup(note_en, warn, "note", "en"), note))
    story.append(Spacer(1, 3 * mm))

    # the counts
    heading_zh, heading_en = _both(MSG_COUNTS)
    story.append(para(f"{heading_zh}  {heading_en}", h2, "heading"))
    counts_rows: list[list[Any]] = [[
        cell(zh_text.column("tier"), en_text.column("tier")),
        *(cell(zh_text.outcome(o), en_text.outcome(o)) for o in OUTCOMES),
        cell(zh_text.column("total"), en_text.column("total"))]]
    for tier in TIERS:
        counts = report.counts[tier]
        counts_rows.append([cell(zh_text.tier(tier), en_text.tier(tier)),
                            *(f"{counts[o]:,}" for o in OUTCOMES), f"{sum(counts.values()):,}"])
    counts_rows.append([cell(*_both(N_("Enterprises: {count}"), count=f"{report.total:,}")),
                        "", "", "", ""])
    counts_table = Table(counts_rows, colWidths=[70 * mm, 38 * mm, 38 * mm, 38 * mm, 30 * mm],
                         hAlign="LEFT")
    counts_table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 10, 13),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -2), "RIGHT"),
        ("SPAN", (0, -1), (-1, -1)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#8a96a3")),
        ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.HexColor("#d5d9de")),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    story.append(KeepTogether([counts_table]))

    # the list
    shown = min(report.total, MAX_ROWS)
    heading_zh, heading_en = _both(MSG_LIST)
    story.append(para(f"{heading_zh}  {heading_en}", h2, "heading"))
    if shown < report.total:
        cut_zh, cut_en = _both(MSG_CUT, shown=f"{shown:,}", count=f"{report.total:,}")
        story += pair(cut_zh, cut_en, base, small_en)
        story.append(Spacer(1, 2 * mm))
    next_zh, next_en = _both(MSG_NEXT)
    header = [cell(*_both(MSG_NUMBER)),
              cell(zh_text.column("name_zh"), en_text.column("name_zh")),
              cell(zh_text.column("uscc"), en_text.column("uscc")),
              cell(zh_text.column("province"), en_text.column("province")),
              cell(zh_text.column("year"), en_text.column("year")),
              *(cell(zh_text.tier(t), en_text.tier(t)) for t in TIERS),
              para(next_zh, head, "header", "zh"), para(next_en, head, "header", "en")]
    number_w = max(stringWidth(f"{shown:,}", fonts.REGULAR, 7.5) + 8, 8 * mm)
    fixed = [number_w, 46 * mm, 31 * mm, 16 * mm, 12 * mm, 24 * mm, 24 * mm, 24 * mm]
    rest = frame_w - sum(fixed)
    widths = [*fixed, rest * 0.45, rest * 0.55]
    rows: list[list[Any]] = [header]
    done = 0
    yield done, shown
    all_pass = _both(MSG_ALL_PASS)
    for index, row in enumerate(report.rows[:shown], 1):
        outcomes = []
        for summary in row.tiers:
            score = zh_text.score(summary)
            parts = cell(zh_text.outcome(summary.outcome), en_text.outcome(summary.outcome),
                         "outcome")
            if score:
                parts.append(para(score, small, "outcome"))
            outcomes.append(parts)
        nxt = next((s for s in row.tiers if s.outcome != PASS), None)
        if nxt is None:
            short_zh, short_en = all_pass
        else:
            tier = TIERS[row.tiers.index(nxt)]
            short_zh = f"{zh_text.tier(tier)}：{_brief(zh_text, nxt, SHORT_CHARS_ZH)}"
            short_en = f"{en_text.tier(tier)}: {_brief(en_text, nxt, SHORT_CHARS_EN)}"
        rows.append([
            f"{index:,}",
            cell(row.name_zh, row.name_en or "", "name"),
            row.uscc or "",
            cell(zh_text.province(row.province_code), en_text.province(row.province_code)),
            "" if row.year is None else str(row.year),
            *outcomes,
            para(short_zh, small, "shortfall", "zh"), para(short_en, small_en, "shortfall", "en")])
        done = index
        if index % 500 == 0:
            yield done, shown
    yield done, shown
    table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=True)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 7.5, 9.6),
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#8a96a3")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d5d9de")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    story.append(table)

    running = f"{title_zh} {title_en} · {report.version} · {report.document}"
    footer_zh, footer_en = _both(MSG_FOOTER)
    footer_note = f"{footer_zh} {footer_en} · {report.today.isoformat()}"
    page_zh, page_en = translator("zh_CN").gettext(MSG_PAGE), translator("en").gettext(MSG_PAGE)

    def furniture(canv: Any, _doc: Any) -> None:
        canv.saveState()
        canv.setFont(fonts.REGULAR, 7.5)
        canv.setFillColor(grey)
        top = page_h - 10 * mm
        canv.drawString(margin_x, top, running)
        canv.drawRightString(page_w - margin_x, top, day.isoformat())
        canv.setStrokeColor(colors.HexColor("#999999"))
        canv.setLineWidth(0.5)
        canv.line(margin_x, top - 2.5 * mm, page_w - margin_x, top - 2.5 * mm)
        canv.drawString(margin_x, margin_bottom - 9 * mm, footer_note)
        canv.restoreState()

    class _NumberedCanvas(_canvas_class()):  # type: ignore[misc]
        """Keeps every page until the end, then draws "第 X 页 共 Y 页 / Page X of Y"."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            kw["initialFontName"] = fonts.REGULAR
            kw["initialFontSize"] = 9
            kw["lang"] = "zh-CN"
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
                self.setFont(fonts.REGULAR, 7.5)
                self.setFillColor(grey)
                number = self._pageNumber
                self.drawRightString(page_w - margin_x, margin_bottom - 9 * mm, " / ".join((
                    page_zh.format(page=number, total=count),
                    page_en.format(page=number, total=count))))
                self.restoreState()
                super().showPage()
            self._coop_pages = count
            super().save()

    buffer = out if out is not None else io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(page_w, page_h), leftMargin=margin_x,
                          rightMargin=margin_x, topMargin=margin_top,
                          bottomMargin=margin_bottom, title=f"{title_zh} {title_en}",
                          author="Coop Desktop", subject=f"{report.version} {report.document}",
                          invariant=1)
    frame = Frame(margin_x, margin_bottom, frame_w, page_h - margin_top - margin_bottom,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("report", [frame], onPage=furniture)])
    canvases: list[Any] = []

    def maker(*args: Any, **kw: Any) -> Any:
        canvases.append(_NumberedCanvas(*args, **kw))
        return canvases[-1]

    doc.build(story, canvasmaker=maker)
    pages = getattr(canvases[-1], "_coop_pages", 0) if canvases else 0
    path = None
    if target is not None and out is None:
        path = Path(target)
        try:
            atomic_write(path, buffer.getvalue())
        except OSError as exc:
            raise CoopError(MSG_WRITE_FAILED, name=str(path),
                            reason=exc.strerror or str(exc)) from exc
    return PdfResult(path, pages, shown, warn.warnings())


def _canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    return Canvas


__all__ = ["MAX_ROWS", "PdfResult", "render"]
