"""Write a :class:`~coop_desktop.exchange.export_table.Listing` to ``.xlsx`` or ``.csv``, streaming.

Both writers are generators of ``(done, total)`` (rows written so far, rows expected) whose
return value is the number of data rows written. Closing one early (Cancel) leaves no file:
the target is written through :func:`coop_desktop.fileio.atomic_writer` (a private temporary
file renamed over the target at the very end: complete or absent, mode 0600) and openpyxl's
own temporary sheet file is removed.

**xlsx** — openpyxl's write-only mode: each row goes to a temporary file as it is appended,
so memory does not grow with the list. Cells are built here, not by openpyxl's type
guessing, because that guessing turns any string starting with ``=`` into a formula and
``#N/A`` into an error value: every text cell is a string cell (``data_type "s"``, written as
an inline string), a text that a spreadsheet could read as a formula also gets the
``quotePrefix`` style (see :mod:`coop_desktop.tabular`), and characters XML cannot hold are
escaped as Excel does (``tabular.xlsx_text``). Numbers, money, percentages and dates are typed
cells with a number format (see :mod:`coop_desktop.exchange.export_table`). The header row is bold,
frozen, repeated on every printed page and has a filter; column widths come from the header
and the first rows (a CJK character counts two).

**CSV** — :class:`coop_desktop.tabular.CsvStream`: UTF-8 with a byte-order mark, CRLF, every
text cell formula-safe (OWASP ``'`` prefix), numbers as plain numbers.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from coop_desktop import tabular
from coop_desktop.exchange.export_table import (
    DATE, DATETIME, INTEGER, LIST, LIST_JOIN, MONEY, PERCENT, TEXT, YEAR, Column, Listing,
    column_widths, csv_value, local_naive, wan,
)
from coop_desktop.fileio import atomic_writer

#: Rows whose values size the columns (the first ones written).
WIDTH_SAMPLE = 200
#: Number formats of the typed kinds.
FORMATS = {
    INTEGER: "#,##0",
    YEAR: "0",
    MONEY: "#,##0.00####",
    PERCENT: "0.00%",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm:ss",
}
#: Characters a sheet name cannot hold, and its longest length (Excel).
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
SHEET_MAX = 31


def sheet_name(title: str) -> str:
    name = _SHEET_BAD.sub(" ", title).strip("' ")[:SHEET_MAX]
    return name or "Sheet1"


def _rows(listing: Listing) -> tuple[list[Any], Iterator[Sequence[Any]]]:
    """The first block (for the widths) and an iterator over every block."""
    blocks = listing.blocks()
    first = list(next(blocks, []))
    return first, chain([first], blocks)


class _XlsxRow:
    """The cells of one data row, reused from row to row (openpyxl writes each cell as it
    is appended, so a cell object can take the next row's value afterwards)."""

    def __init__(self, ws: Any, columns: Sequence[Column], language: str) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.columns = columns
        self.language = language
        self.cells: list[Any] = []
        self.quoted: list[Any] = []
        for column in columns:
            cell = WriteOnlyCell(ws)
            fmt = FORMATS.get(column.kind)
            if fmt is not None:
                cell.number_format = fmt
            self.cells.append(cell)
            quoted = WriteOnlyCell(ws)
            quoted.quotePrefix = True
            self.quoted.append(quoted)

    def values(self, row: Any) -> list[Any]:
        out: list[Any] = []
        for i, column in enumerate(self.columns):
            value = column.get(row, self.language)
            if value is None or value == "" or value == []:
                out.append(None)
                continue
            kind = column.kind
            cell = self.cells[i]
            if kind in (TEXT, LIST):
                text = LIST_JOIN.join(value) if kind == LIST else str(value)
                if tabular.needs_quote(text):
                    cell = self.quoted[i]
                cell._value = tabular.xlsx_text(text)
                cell.data_type = "s"
            elif kind in (DATE, DATETIME):
                cell._value = local_naive(value) if kind == DATETIME else value
                cell.data_type = "d"
            else:
                if kind == MONEY:
                    number: Any = wan(value)
                elif kind == PERCENT:
                    number = value / 100
                else:
                    number = int(value)
                cell._value = number
                cell.data_type = "n"
            out.append(cell)
        return out


def _append_cells_as_they_are(ws: Any) -> None:
    """Let ``ws.append`` take our cells directly. openpyxl turns each appended value into a
    cell by assigning it to a cell; for a value that is a cell already that assignment raises
    and formats an error message before the cell is used as it is (about a fifth of the
    writing time). The replacement yields each cell with its position, skipping empty ones,
    as the original does for cells. (openpyxl is pinned; without that method: the original.)"""
    if not callable(getattr(ws, "_values_to_row", None)):
        return

    def values_to_row(values: Sequence[Any], row_idx: int) -> Iterator[Any]:
        for col_idx, cell in enumerate(values, 1):
            if cell is None:
                continue
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    ws._values_to_row = values_to_row


def _header_cells(ws: Any, columns: Sequence[Column], headers: str) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    font = Font(bold=True)
    fill = PatternFill("solid", start_color="FFE8EDF3")
    align = Alignment(vertical="center", wrap_text=True)
    border = Border(bottom=Side(style="thin", color="FF8A96A3"))
    cells = []
    for column in columns:
        text = column.header(headers)
        cell = WriteOnlyCell(ws)
        cell._value = tabular.xlsx_text(text)
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment, cell.border = font, fill, align, border
        cells.append(cell)
    return cells


def write_xlsx(target: str | os.PathLike[str], listing: Listing, *, headers: str = "both",
               language: str = "zh_CN") -> Iterator[tuple[int, int]]:
    """Write ``listing`` to the xlsx file ``target`` (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    columns = listing.columns
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_name(listing.title(language)))
    try:
        first, blocks = _rows(listing)
        widths = column_widths(columns, headers, first[:WIDTH_SAMPLE], language)
        for index, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if headers == "both":
            ws.row_dimensions[1].height = 30
        _append_cells_as_they_are(ws)
        ws.append(_header_cells(ws, columns, headers))
        row = _XlsxRow(ws, columns, language)
        done, total = 0, listing.total
        yield done, total
        for block in blocks:
            for item in block:
                ws.append(row.values(item))
            done += len(block)
            yield done, max(total, done)
        if columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{done + 1}"
        with atomic_writer(Path(target)) as fh:
            wb.save(fh)
        return done
    finally:
        _discard_sheet_file(ws)


def _discard_sheet_file(ws: Any) -> None:
    """Remove openpyxl's temporary sheet file if the workbook was not saved (cancelled or
    failed): it holds the rows written so far."""
    writer = getattr(ws, "_writer", None)
    if writer is None or ws.closed:
        return
    with contextlib.suppress(Exception):
        ws.close()  # ends the row stream and closes the file (else its end is written later)
    with contextlib.suppress(Exception):
        writer.cleanup()


def write_csv(target: str | os.PathLike[str], listing: Listing, *, headers: str = "both",
              language: str = "zh_CN") -> Iterator[tuple[int, int]]:
    """Write ``listing`` to the CSV file ``target`` (UTF-8 with BOM, CRLF, formula-safe;
    tab-separated for ``.tsv``/``.tab``)."""
    path = Path(target)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    columns = listing.columns
    with atomic_writer(path) as fh:
        out = tabular.CsvStream(fh, delimiter=delimiter)
        out.write([column.header(headers) for column in columns])
        done, total = 0, listing.total
        yield done, total
        for block in listing.blocks():
            for item in block:
                out.write([_csv_cell(column, item, language) for column in columns])
            done += len(block)
            yield done, max(total, done)
        out.flush()
    return done


def _csv_cell(column: Column, row: Any, language: str) -> Any:
    value = column.get(row, language)
    if column.kind == LIST and value:
        value = LIST_JOIN.join(value)
    return csv_value(column.kind, value)


def first_rows(listing: Listing, n: int) -> list[Any]:
    """The first ``n`` rows of ``listing`` (for previews and tests)."""
    return list(islice(chain.from_iterable(listing.blocks()), n))


__all__ = ["FORMATS", "first_rows", "sheet_name", "write_csv", "write_xlsx"]
