"""Reading an imported file as a table: one streaming interface over CSV, xlsx and xls.

API
---
* :func:`open_table` ``(path, options=ReadOptions()) -> Table`` — the file opened (a context
  manager): :attr:`Table.headers`, then :meth:`Table.rows` streams the data rows as
  ``(row_number, cells)``. Row numbers are the ones the spreadsheet shows (the first line
  of the file is row 1, blank rows count); cells are ``str`` (CSV) or typed values
  (workbooks: numbers, dates, :class:`~coop_desktop.exchange.cells.ExcelError`), ``None``
  for an empty cell, trailing empty cells dropped.
* :func:`preview` ``(path, options, rows=20) -> Preview`` — the first rows and what was
  detected (encoding and delimiter of a CSV, the sheets of a workbook, the header row), for
  the import dialog; cheap on a huge file (it reads the start only).
* :class:`ReadOptions` — what the user may correct: ``sheet`` (default: the first sheet with
  data), ``encoding`` and ``delimiter`` (CSV; default: detected), ``header_row`` (default:
  the row among the first :data:`HEADER_SCAN` whose cells name the most known fields).

Formats: ``.csv``/``.txt``/``.tsv`` (:mod:`.read_csv`), ``.xlsx``/``.xltx``
(:mod:`.read_xlsx`), ``.xls`` (:mod:`.read_xls`). Workbooks with macros (``.xlsm``, ``.xltm``,
``.xlsb``…) and anything else are refused with a message.

**Merged header cells.** A header cell merged across several columns with sub-headers in
the row below (``联系人`` over ``姓名 | 电话``) makes a two-row header: each column's header is
``top · sub`` (:data:`~coop_desktop.exchange.fields.HEADER_PARTS_JOIN`), and a column merged
down over both rows keeps its one name. Merged cells in the data are read as the
spreadsheet stores them: the value in the first cell, the others empty.

**Limits** (each a :class:`~coop_desktop.errors.CoopError` naming the file, in the user's
language; nothing is imported): :data:`MAX_FILE_BYTES`, :data:`MAX_ROWS` data rows,
:data:`MAX_COLUMNS` per row, and per format (see the reader modules) the longest line of a
CSV and the unpacked size of an xlsx (zip bombs). A cell longer than
:data:`~coop_desktop.exchange.cells.CELL_MAX` characters rejects its row, not the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coop_desktop.errors import CoopError
from coop_desktop.exchange import fields
from coop_desktop.i18n.catalog import N_

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 500
#: How many rows at the top of a sheet may hold the header (title rows above it).
HEADER_SCAN = 10

CSV_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")
XLSX_SUFFIXES = (".xlsx", ".xltx")
XLS_SUFFIXES = (".xls",)
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xlam", ".xla")

MSG_UNREADABLE = N_("“{name}” could not be read ({reason}).")
MSG_NOT_A_FILE = N_("“{name}” is not a file.")
MSG_UNSUPPORTED = N_("“{name}” cannot be imported: use an Excel workbook (.xlsx or .xls) or a "
                     "CSV file (.csv).")
MSG_MACROS = N_("“{name}” is a workbook that can contain macros ({suffix}). Macros are never "
                "opened: save it in Excel or WPS as an .xlsx workbook and import that.")
MSG_TOO_LARGE = N_("“{name}” is {size} MB; at most {max} MB can be imported at once. Split it "
                   "into smaller files.")
MSG_EMPTY = N_("“{name}” is empty: there is nothing to import.")
MSG_NO_DATA = N_("The sheet “{sheet}” of “{name}” is empty: there is nothing to import.")
MSG_TOO_MANY_ROWS = N_("“{name}” has more than {max} rows; at most {max} can be imported at "
                       "once. Split it into smaller files.")
MSG_TOO_MANY_COLUMNS = N_("Row {row} of “{name}” has {count} columns; at most {max} can be "
                          "imported.")
MSG_NO_SHEET = N_("“{name}” has no sheet called “{sheet}”. Its sheets: {sheets}.")
MSG_HEADER_ROW = N_("“{name}” has no row {row} to use as the header.")


@dataclass(frozen=True)
class ReadOptions:
    """Corrections the user may make to what was detected (None: detect)."""

    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None


Row = tuple[int, list[Any]]


def trim(cells: list[Any]) -> list[Any]:
    """The cells without trailing empty ones; empty strings become None."""
    out = [None if (c is None or (isinstance(c, str) and c == "")) else c for c in cells]
    while out and (out[-1] is None or (isinstance(out[-1], str) and not out[-1].strip())):
        out.pop()
    return out


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


class Table:
    """An opened file. Subclasses give :meth:`_raw_rows` (every row from row 1, trimmed),
    :meth:`_merges` (merged ranges near the top) and :meth:`position`; this class finds the
    header and streams the data rows with the limits."""

    kind = ""

    def __init__(self, path: Path, options: ReadOptions) -> None:
        self.path = path
        self.name = path.name
        self.options = options
        #: CSV: the codec used (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``…), whether
        #: it was detected (False: chosen by the caller) and the delimiter.
        self.encoding: str | None = None
        self.encoding_detected = False
        self.delimiter: str | None = None
        #: Workbooks: every sheet's name, and the one read.
        self.sheets: list[str] = []
        self.sheet: str | None = None
        #: Workbooks: day 0 of date serial numbers.
        self.epoch = None
        self.header_row = 0
        self.header_rows = 1
        self.headers: list[str] = []
        self._buffer: list[Row] = []
        self._source: Iterator[Row] | None = None

    # -- for subclasses
    def _raw_rows(self) -> Iterator[Row]:
        raise NotImplementedError

    def _merges(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges as (first row, first column, last row, last column), 1-based."""
        return []

    def position(self) -> tuple[int, int]:
        """How far reading has got: (done, total) in the reader's own units."""
        return 0, 0

    def close(self) -> None:
        self._source = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the header
    def _start(self) -> None:
        self._source = self._raw_rows()
        for number, cells in self._source:
            self._buffer.append((number, cells))
            if len([r for r in self._buffer if not _blank(r[1])]) > HEADER_SCAN:
                break
        filled = [r for r in self._buffer if not _blank(r[1])]
        if not filled:
            if self.sheet is not None:
                raise CoopError(MSG_NO_DATA, name=self.name, sheet=self.sheet)
            raise CoopError(MSG_EMPTY, name=self.name)
        wanted = self.options.header_row
        if wanted is not None:
            header = next((r for r in self._buffer if r[0] == wanted), None)
            if header is None:
                raise CoopError(MSG_HEADER_ROW, name=self.name, row=wanted)
        else:
            header = max(filled[:HEADER_SCAN], key=lambda r: (_score(r[1]), -r[0]))
            if _score(header[1]) == 0:
                header = filled[0]
        self.header_row = header[0]
        self._set_headers(header)

    def _set_headers(self, header: Row) -> None:
        number, top = header
        below = next((r for r in self._buffer if r[0] == number + 1), None)
        spans = [m for m in self._merges() if m[0] == number and m[3] > m[1]]
        data = [len(cells) for n, cells in self._buffer if n > number]  # columns need names
        width = max([len(top), *data, *(m[3] for m in spans)], default=0)
        texts = [_text(c) for c in top] + [""] * (width - len(top))
        for first_row, first_col, _last_row, last_col in spans:
            for col in range(first_col + 1, last_col + 1):  # the merge's text in every column
                if not texts[col - 1]:
                    texts[col - 1] = texts[first_col - 1]
        two_rows = below is not None and any(
            any(_text(c) for c in below[1][m[1] - 1: m[3]]) for m in spans if m[2] == number)
        if two_rows and below is not None:
            width = max(width, len(below[1]))
            texts += [""] * (width - len(texts))
            subs = [_text(c) for c in below[1]] + [""] * (width - len(below[1]))
            texts = [fields.HEADER_PARTS_JOIN.join(p for p in (t, s) if p) if s and s != t
                     else t for t, s in zip(texts, subs, strict=True)]
            self.header_rows = 2
        self.headers = [_dedupe(t, i, texts) for i, t in enumerate(texts)]
        last = number + self.header_rows - 1
        self._buffer = [r for r in self._buffer if r[0] > last]

    # -- the data
    def rows(self) -> Iterator[Row]:
        """The data rows after the header, blank ones included (as ``[]``)."""
        if self._source is None:
            raise RuntimeError("the table is closed")
        count = 0
        pending = self._buffer
        self._buffer = []
        for number, cells in _chain(pending, self._source):
            count += 1
            if count > MAX_ROWS:
                raise CoopError(MSG_TOO_MANY_ROWS, name=self.name, max=f"{MAX_ROWS:,}")
            if len(cells) > MAX_COLUMNS:
                raise CoopError(MSG_TOO_MANY_COLUMNS, name=self.name, row=number,
                                count=f"{len(cells):,}", max=f"{MAX_COLUMNS:,}")
            yield number, cells


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    from coop_desktop.exchange.cells import read_text

    return " ".join(read_text(cell).split())


def _score(cells: list[Any]) -> int:
    return len({t for t in (fields.match_header(_text(c)) for c in cells) if t is not None})


def _dedupe(text: str, index: int, texts: list[str]) -> str:
    """A header as shown: the column letter for an empty one."""
    return text or f"({column_letter(index)})"


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_file(path: Path) -> None:
    """Refuse what cannot be read at all, before any reader touches it."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise CoopError(MSG_MACROS, name=name, suffix=suffix)
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES + XLS_SUFFIXES:
        raise CoopError(MSG_UNSUPPORTED, name=name)
    try:
        info = path.stat()
    except OSError as exc:
        raise CoopError(MSG_UNREADABLE, name=name, reason=exc.strerror or type(exc).__name__
                        ) from exc
    if not path.is_file():
        raise CoopError(MSG_NOT_A_FILE, name=name)
    if info.st_size > MAX_FILE_BYTES:
        raise CoopError(MSG_TOO_LARGE, name=name, size=f"{info.st_size / 2**20:,.1f}",
                        max=f"{MAX_FILE_BYTES // 2**20:,}")
    if info.st_size == 0:
        raise CoopError(MSG_EMPTY, name=name)


def open_table(path: str | Path, options: ReadOptions | None = None) -> Table:
    """Open ``path`` and find its header (see the module docstring). Close it after use."""
    path = Path(path)
    options = options or ReadOptions()
    check_file(path)
    suffix = path.suffix.lower()
    table: Table
    if suffix in CSV_SUFFIXES:
        from coop_desktop.exchange.read_csv import CsvTable

        table = CsvTable(path, options)
    elif suffix in XLSX_SUFFIXES:
        from coop_desktop.exchange.read_xlsx import XlsxTable

        table = XlsxTable(path, options)
    else:
        from coop_desktop.exchange.read_xls import XlsTable

        table = XlsTable(path, options)
    try:
        table._start()
    except BaseException:
        table.close()
        raise
    return table


@dataclass
class Preview:
    """The start of a file as the import dialog shows it."""

    name: str
    kind: str
    headers: list[str]
    rows: list[Row]
    header_row: int
    header_rows: int
    encoding: str | None = None
    encoding_detected: bool = False
    delimiter: str | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None


def preview(path: str | Path, options: ReadOptions | None = None, *, rows: int = 20
            ) -> Preview:
    """The header and the first ``rows`` data rows of ``path`` (blank rows left out)."""
    with open_table(path, options) as table:
        first: list[Row] = []
        for row in table.rows():
            if not _blank(row[1]):
                first.append(row)
            if len(first) >= rows:
                break
        return Preview(table.name, table.kind, table.headers, first, table.header_row,
                       table.header_rows, table.encoding, table.encoding_detected,
                       table.delimiter, table.sheets, table.sheet)


__all__ = ["MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_ROWS", "Preview", "ReadOptions", "Row", "Table",
           "column_letter", "open_table", "preview", "trim"]
