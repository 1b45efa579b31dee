"""Excel 97–2003 workbooks (``.xls``), read with xlrd.

An ``.xls`` holds at most 65,536 rows, and xlrd reads the file whole (it is bounded by
:data:`~coop_desktop.exchange.reading.MAX_FILE_BYTES`); sheets are loaded one at a time
(``on_demand``). Cells come out typed: numbers as ``float`` (whole numbers as ``int``),
dates as ``datetime`` (xlrd's ``xldate`` with the workbook's date system, 1900 or 1904),
booleans, error values as :class:`~coop_desktop.exchange.cells.ExcelError`. Formulas are
read as the value Excel stored. Merged cells come from the file's merge records
(``formatting_info``), for the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coop_desktop.errors import CoopError
from coop_desktop.exchange.cells import ExcelError
from coop_desktop.exchange.reading import MSG_NO_SHEET, ReadOptions, Row, Table, trim
from coop_desktop.i18n.catalog import N_

MSG_NOT_XLS = N_("“{name}” is not a valid Excel 97–2003 workbook, or it is damaged ({reason}).")
MSG_XLSX_NAMED_XLS = N_("“{name}” is an .xlsx workbook saved with the name .xls. Rename it to "
                        ".xlsx and import it again.")


class XlsTable(Table):
    kind = "xls"

    def __init__(self, path: Path, options: ReadOptions) -> None:
        super().__init__(path, options)
        import xlrd

        with path.open("rb") as fh:
            magic = fh.read(8)
        if magic[:4] == b"PK\x03\x04":
            raise CoopError(MSG_XLSX_NAMED_XLS, name=self.name)
        try:
            self._book = xlrd.open_workbook(str(path), on_demand=True, formatting_info=True,
                                            logfile=_Silent())
        except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds for a bad file
            raise CoopError(MSG_NOT_XLS, name=self.name,
                            reason=str(exc).splitlines()[0][:200] if str(exc)
                            else type(exc).__name__) from None
        self.sheets = list(self._book.sheet_names())
        if options.sheet is not None:
            if options.sheet not in self.sheets:
                self.close()
                raise CoopError(MSG_NO_SHEET, name=self.name, sheet=options.sheet,
                                sheets="、".join(self.sheets))
            self.sheet = options.sheet
        else:
            self.sheet = next((s for s in self.sheets if self._load(s).nrows), self.sheets[0])
        self._ws = self._load(self.sheet)
        self._read = 0

    def _load(self, name: str) -> Any:
        try:
            return self._book.sheet_by_name(name)
        except Exception as exc:  # noqa: BLE001
            raise CoopError(MSG_NOT_XLS, name=self.name, reason=str(exc)[:200]) from None

    def _cell(self, ctype: int, value: Any) -> Any:
        import xlrd

        if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if ctype == xlrd.XL_CELL_NUMBER:
            return int(value) if float(value).is_integer() and abs(value) < 2**53 else value
        if ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(value, self._book.datemode)
            except Exception:  # noqa: BLE001 - an out-of-range date: keep the number
                return value
        if ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(value)
        if ctype == xlrd.XL_CELL_ERROR:
            from xlrd.biffh import error_text_from_code

            return ExcelError(error_text_from_code.get(value, "#ERROR"))
        return value

    def _raw_rows(self) -> Iterator[Row]:
        ws = self._ws
        for index in range(ws.nrows):
            self._read = index + 1
            types, values = ws.row_types(index), ws.row_values(index)
            yield index + 1, trim([self._cell(t, v) for t, v in zip(types, values, strict=True)])

    def _merges(self) -> list[tuple[int, int, int, int]]:
        return [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in self._ws.merged_cells]

    def position(self) -> tuple[int, int]:
        return self._read, self._ws.nrows

    def close(self) -> None:
        super().close()
        book = getattr(self, "_book", None)
        if book is not None:
            book.release_resources()
            self._book = None


class _Silent:
    """xlrd writes warnings to a log file; the import has its own messages."""

    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass
