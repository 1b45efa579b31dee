"""The SRDI "who qualifies" report to ``.xlsx``: a summary sheet and one row per enterprise.

::

    job = write_xlsx(report, "专精特新测评.xlsx", translator("zh_CN"), filters=[("省份", "广东省")])
    for done, total in job: ...      # progress; job.close() cancels: no file is left
    result = run(job)                 # or all at once -> ExportResult

In the reader's language (``tr``). **Summary** sheet: the title, the criteria (title and
document number), the date of the assessment, the list's filter, how many enterprises and
how many had yearly figures, the counts per tier and outcome as numbers, and the note that
the assessment is indicative. **Enterprises** sheet: name, English name, USCC, province,
the year whose figures were used, then per tier its result, its score (a number; a range
such as ``45–80`` as text while inputs are missing) and what is short (the first
shortfalls of a failed tier) or missing (every fact a ``cannot_tell`` waits for). Header
bold, frozen, with a filter; widths from the header and the first rows.

Cells as every export of the app writes them (:mod:`coop_desktop.exchange.export_writers`):
text is a string cell (never a formula; a text starting with ``=`` gets Excel's quote prefix;
control characters escaped as Excel does), numbers are typed. The file is written
atomically (complete or absent, private); closing the generator removes openpyxl's
temporary sheet files.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coop_desktop import tabular
from coop_desktop.documents.srdi_report_text import filter_line
from coop_desktop.errors import CoopError
from coop_desktop.exchange.export import XLSX_MAX_ROWS, ExportResult
from coop_desktop.exchange.export import run as run
from coop_desktop.exchange.export_table import MAX_WIDTH, MIN_WIDTH, display_width
from coop_desktop.exchange.export_writers import (
    _append_cells_as_they_are,
    _discard_sheet_file,
    sheet_name,
)
from coop_desktop.fileio import atomic_writer
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.rules.srdi_results import OUTCOMES, TIERS
from coop_desktop.services.srdi_report_text import (
    MSG_ASSESSED_ON,
    MSG_CRITERIA,
    MSG_DOCUMENT,
    MSG_INDICATIVE,
    MSG_TIER_RESULT,
    MSG_TIER_SCORE,
    MSG_TIER_SHORT,
    MSG_TITLE,
    MSG_YEARLY,
    ReportText,
)

if TYPE_CHECKING:
    from coop_desktop.services.srdi_report import SrdiReport

#: Rows written between two progress reports; rows whose values size the columns.
BLOCK = 1_000
WIDTH_SAMPLE = 200
#: The widest a "what is short" column gets (it wraps in the cell beyond).
SHORT_WIDTH = 60

MSG_WRITE_FAILED = N_("“{name}” could not be written: {reason}")
MSG_IS_FOLDER = N_("“{name}” is a folder. Choose a file name to export to.")
MSG_TOO_MANY = N_("The report has {count} enterprises, more than an Excel sheet holds ({max}). "
                  "Narrow the list down first.")
MSG_SUMMARY_SHEET = N_("Summary")
MSG_LIST_SHEET = N_("Enterprises")
MSG_ENTERPRISES = N_("Enterprises: {count}")


def described(query: Any, zones: Sequence[Any] = ()) -> tuple[list[tuple[str, str]],
                                                               list[tuple[str, str]]]:
    """The list's filter in words, in Chinese and in English (the PDF prints both);
    ``zones``: the zones, to name a zone filter (``services.catalog.zones.list``)."""
    from coop_desktop.exchange.export_filter import describe
    from coop_desktop.i18n.catalog import translator

    def namer(zh: bool) -> Any:
        def name(zone_id: int) -> str | None:
            zone = next((z for z in zones if z.id == zone_id), None)
            if zone is None:
                return None
            return zone.name_zh if zh else (zone.name_en or zone.name_zh)
        return name

    return (describe(query, translator("zh_CN"), zone_name=namer(True)),
            describe(query, translator("en"), zone_name=namer(False)))


class _Cells:
    """Typed, formula-safe write-only cells (as ``export_writers._XlsxRow`` makes them)."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self.ws = ws
        self._cell = WriteOnlyCell
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def make(self, value: Any, *, font: Any = None, wrap: bool = False,
             number_format: str | None = None) -> Any:
        if value is None or value == "":
            return None
        cell = self._cell(self.ws)
        if isinstance(value, bool) or not isinstance(value, int | float):
            text = str(value)
            cell._value = tabular.xlsx_text(text)
            cell.data_type = "s"
            if tabular.needs_quote(text):
                cell.quotePrefix = True
        else:
            cell._value = value
            cell.data_type = "n"
            cell.number_format = number_format or ("0" if isinstance(value, int) else "0.##")
        if font is not None:
            cell.font = font
        if wrap:
            cell.alignment = self.wrap
        return cell

    def header(self, texts: Sequence[str]) -> list[Any]:
        from openpyxl.styles import Border, PatternFill, Side

        fill = PatternFill("solid", start_color="FFE8EDF3")
        border = Border(bottom=Side(style="thin", color="FF8A96A3"))
        out = []
        for text in texts:
            cell = self.make(text, font=self.bold, wrap=True)
            cell.fill, cell.border = fill, border
            out.append(cell)
        return out


def _width(texts: Sequence[str], limit: int = MAX_WIDTH) -> int:
    need = max((display_width(t.split("\n", 1)[0]) for t in texts if t), default=0)
    return max(MIN_WIDTH, min(limit, need + 2))


def _list_values(row: Any, text: ReportText) -> list[Any]:
    values: list[Any] = [row.name_zh, row.name_en or "", row.uscc or "",
                         text.province(row.province_code), row.year]
    for summary in row.tiers:
        values.append(text.outcome(summary.outcome))
        points = summary.points
        values.append(points if points is not None else text.score(summary))
        values.append(text.short(summary, every=True))
    return values


def list_header(text: ReportText) -> list[str]:
    head = [text.column("name_zh"), text.column("name_en"), text.column("uscc"),
            text.column("province"), text.column("year")]
    for tier in TIERS:
        head += [text.tier_column(MSG_TIER_RESULT, tier), text.tier_column(MSG_TIER_SCORE, tier),
                 text.tier_column(MSG_TIER_SHORT, tier)]
    return head


def summary_lines(report: SrdiReport, text: ReportText,
                  filters: Sequence[tuple[str, str]]) -> list[str]:
    """The lines above the counts (the PDF prints the same)."""
    tr = text.tr
    return [
        tr.gettext(MSG_CRITERIA).format(title=text.criteria_title(report.info)),
        tr.gettext(MSG_DOCUMENT).format(document=report.document),
        tr.gettext(MSG_ASSESSED_ON).format(date=report.today.isoformat()),
        filter_line(tr, filters),
        tr.gettext(MSG_ENTERPRISES).format(count=text.number(report.total)) + text.sep
        + tr.gettext(MSG_YEARLY).format(count=text.number(report.with_years)),
    ]


def write_xlsx(report: SrdiReport, path: str | os.PathLike[str], tr: Translator, *,
               filters: Sequence[tuple[str, str]] = ()
               ) -> Generator[tuple[int, int], None, ExportResult]:
    """Write ``report`` to ``path`` (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    target = Path(path)
    if target.is_dir():
        raise CoopError(MSG_IS_FOLDER, name=str(target))
    if report.total > XLSX_MAX_ROWS:
        raise CoopError(MSG_TOO_MANY, count=f"{report.total:,}", max=f"{XLSX_MAX_ROWS:,}")
    text = ReportText(tr)
    wb = Workbook(write_only=True)
    summary = wb.create_sheet(title=sheet_name(tr.gettext(MSG_SUMMARY_SHEET)))
    sheet = wb.create_sheet(title=sheet_name(tr.gettext(MSG_LIST_SHEET)))
    try:
        _write_summary(summary, report, text, filters)
        header = list_header(text)
        sample = [_list_values(r, text) for r in islice(report.rows, WIDTH_SAMPLE)]
        for index, title in enumerate(header):
            values = [str(v) for v in (row[index] for row in sample) if v not in (None, "")]
            short = (index - 5) % 3 == 2 and index >= 5
            width = _width([*title.split(" "), *values], SHORT_WIDTH if short else MAX_WIDTH)
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = "B2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.row_dimensions[1].height = 30
        _append_cells_as_they_are(sheet)
        cells = _Cells(sheet)
        sheet.append(cells.header(header))
        total = report.total
        done = 0
        yield done, total
        while done < total:
            for row in report.rows[done:done + BLOCK]:
                sheet.append([cells.make(v) for v in _list_values(row, text)])
            done = min(total, done + BLOCK)
            yield done, total
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{total + 1}"
        try:
            with atomic_writer(target) as fh:
                wb.save(fh)
        except OSError as exc:
            raise CoopError(MSG_WRITE_FAILED, name=str(target),
                            reason=exc.strerror or str(exc)) from exc
        return ExportResult(target, "xlsx", total, len(header))
    finally:
        _discard_sheet_file(summary)
        _discard_sheet_file(sheet)


def _write_summary(ws: Any, report: SrdiReport, text: ReportText,
                   filters: Sequence[tuple[str, str]]) -> None:
    from openpyxl.utils import get_column_letter

    tr = text.tr
    cells = _Cells(ws)
    _append_cells_as_they_are(ws)
    lines = summary_lines(report, text, filters)
    head = [text.column("tier"), *(text.outcome(o) for o in OUTCOMES), text.column("total")]
    widths = [_width([text.tier(t) for t in TIERS] + [head[0]]),
              *(_width([h], 24) for h in head[1:])]
    for index, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    ws.append([cells.make(tr.gettext(MSG_TITLE), font=cells.title_font)])
    for line in lines:
        ws.append([cells.make(line)])
    ws.append([])
    ws.append(cells.header(head))
    for tier in TIERS:
        counts = report.counts[tier]
        ws.append([cells.make(text.tier(tier), font=cells.bold),
                   *(cells.make(counts[o], number_format="#,##0") for o in OUTCOMES),
                   cells.make(sum(counts.values()), number_format="#,##0")])
    ws.append([])
    ws.append([cells.make(tr.gettext(MSG_INDICATIVE))])


__all__ = ["described", "filter_line", "list_header", "run", "summary_lines", "write_xlsx"]
