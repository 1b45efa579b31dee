"""xlsx workbooks, streamed with openpyxl's read-only mode.

* **Zip bombs**: before openpyxl opens the file, the sizes its zip directory declares are
  checked (:func:`check_zip`): at most :data:`MAX_MEMBERS` entries, none unpacking to more
  than :data:`MAX_MEMBER_BYTES`, all together at most :data:`MAX_UNPACKED_BYTES`, and no
  member compressed more than :data:`MAX_RATIO` times. Python's zip reader never returns
  more than the declared size of a member (a member that lies fails its CRC check), so the
  checked sizes hold while reading.
* **XML**: openpyxl parses with defusedxml when it is installed (it is a dependency): no
  entity expansion, no external entities, no DTD. :func:`require_defusedxml` refuses to
  open a workbook when that protection is off (``OPENPYXL_DEFUSEDXML=False``), and a file
  that uses such constructs is refused with a message.
* **Formulas** are never evaluated: ``data_only=True`` reads the value the spreadsheet
  program stored with the formula when it last saved (LibreOffice and Excel always store
  one); a formula without a stored value reads as empty.
* **Sheets**: ``ReadOptions.sheet`` by name, else the first sheet with data. The dimension
  a file records is ignored (some programs write a wrong one); rows are read as they are.
* **Merged cells**: openpyxl's read-only mode does not give them, so the ``<mergeCells>``
  list at the end of the sheet's XML is found with a byte search while the sheet is
  unpacked (no XML parser involved) — only the merges near the top matter, for the header.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coop_desktop.errors import CoopError
from coop_desktop.tabular import xlsx_restore
from coop_desktop.exchange.cells import ExcelError
from coop_desktop.exchange.reading import HEADER_SCAN, MSG_NO_SHEET, ReadOptions, Row, Table, trim
from coop_desktop.i18n.catalog import N_

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 1024 * 2**20
MAX_UNPACKED_BYTES = 2048 * 2**20
MAX_RATIO = 250
#: Members smaller than this are not held to :data:`MAX_RATIO` (tiny XML compresses well).
RATIO_FLOOR = 2 * 2**20
#: How many rows are read to find a sheet with data.
SHEET_PROBE_ROWS = 1_000

MSG_NOT_XLSX = N_("“{name}” is not a valid Excel workbook, or it is damaged ({reason}).")
MSG_ZIP_BOMB = N_("“{name}” unpacks to far more data than a list of enterprises holds "
                  "({reason}); it was not opened.")
MSG_XML_UNSAFE = N_("“{name}” contains XML that is never processed (entities or a document "
                    "type declaration); it was not opened.")
MSG_NO_DEFUSEDXML = N_("Excel workbooks cannot be imported on this computer: the protected XML "
                       "reader (defusedxml) is missing or switched off.")

_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                     "#GETTING_DATA"))
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=[\"']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?[\"']")
_LAST_ROW = re.compile(rb'<row\s[^>]*?\br=["\'](\d+)')


def require_defusedxml() -> None:
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise CoopError(MSG_NO_DEFUSEDXML)


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def check_zip(path: Path, name: str) -> None:
    """Refuse an xlsx whose zip directory promises too much (see the module docstring)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CoopError(MSG_NOT_XLSX, name=name, reason=str(exc) or type(exc).__name__
                        ) from None
    if len(members) > MAX_MEMBERS:
        raise CoopError(MSG_ZIP_BOMB, name=name, reason=f"{len(members):,} entries")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES:
            raise CoopError(MSG_ZIP_BOMB, name=name,
                            reason=f"{member.filename}: {_mib(member.file_size)}")
        if (member.file_size > RATIO_FLOOR
                and member.file_size > MAX_RATIO * max(member.compress_size, 1)):
            raise CoopError(MSG_ZIP_BOMB, name=name,
                            reason=f"{member.filename}: {_mib(member.file_size)}")
    if total > MAX_UNPACKED_BYTES:
        raise CoopError(MSG_ZIP_BOMB, name=name, reason=_mib(total))


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SI, _T, _R, _IS = _NS + "si", _NS + "t", _NS + "r", _NS + "is"


def _text_of(node: Any) -> str:
    """The text of a string item (``<si>``, ``<is>``): its ``<t>``, then the ``<t>`` of each
    formatted run ``<r>`` (phonetic guides ``<rPh>`` are not part of it) — what openpyxl's
    ``Text.from_tree(node).content`` gives, without building the rich-text objects, which
    was most of the time spent opening a workbook (5 s for 84,000 strings)."""
    parts = []
    t = node.find(_T)
    if t is not None and t.text:
        parts.append(t.text)
    for run in node.iterfind(_R):
        t = run.find(_T)
        if t is not None and t.text:
            parts.append(t.text)
    return "".join(parts)


def _reader_class() -> type:
    """openpyxl's workbook reader for this import (read-only, defusedxml parsing as before):

    * a read-only sheet does not work out its size when the workbook is opened: without a
      ``<dimension>`` record (openpyxl's own write-only files have none) that was a parse of
      the whole sheet, for every sheet — and the size is not used (it is reset);
    * shared strings and inline strings are read as plain text by :func:`_text_of`, and
      kept escaped (``_x0007_``) for ``tabular.xlsx_restore`` (openpyxl's shared-string reader
      half undoes ``_x005F_``, its inline-string reader does not: one rule for both here);
    * chart sheets are left out.
    """
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.constants import SHARED_STRINGS
    from openpyxl.xml.functions import iterparse

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            if element.get("t") != "inlineStr":
                return super().parse_cell(element)  # type: ignore[no-any-return]
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            child = element.find(_IS)
            return {"row": row, "column": column,
                    "value": _text_of(child) if child is not None else None,
                    "data_type": "s" if child is not None else "inlineStr",
                    "style_id": int(element.get("s", 0))}

    class Sheet(ReadOnlyWorksheet):  # type: ignore[misc]
        def _get_size(self) -> None:
            pass

        def _cells_by_row(self, min_col: int, min_row: int, max_col: int | None,
                          max_row: int | None, values_only: bool = False) -> Any:
            """openpyxl 3.1's own, with :class:`Parser` (the size is reset: no padding)."""
            counter = min_row
            with self._get_source() as src:
                parser = Parser(src, self._shared_strings, data_only=self.parent.data_only,
                                epoch=self.parent.epoch, date_formats=self.parent._date_formats,
                                timedelta_formats=self.parent._timedelta_formats)
                for idx, row in parser.parse():
                    if max_row is not None and idx > max_row:
                        break
                    for _ in range(counter, idx):  # rows missing from the file
                        counter += 1
                        yield ()
                    if counter <= idx:
                        counter += 1
                        yield self._get_row(row, min_col, max_col, values_only)

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is None:
                return
            strings = []
            with self.archive.open(part.PartName[1:]) as src:
                for _event, node in iterparse(src):
                    if node.tag == _SI:
                        strings.append(_text_of(node))
                        node.clear()
            self.shared_strings = strings

        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                    continue
                ws = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    return Reader


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class XlsxTable(Table):
    kind = "xlsx"

    def __init__(self, path: Path, options: ReadOptions) -> None:
        super().__init__(path, options)
        require_defusedxml()
        check_zip(path, self.name)
        self._book: Any = None
        self._sheet: Any = None
        self._read = 0
        self._total = 0
        self._open()

    def _fail(self, exc: BaseException) -> CoopError:
        from defusedxml import DefusedXmlException

        if isinstance(exc, DefusedXmlException):
            return CoopError(MSG_XML_UNSAFE, name=self.name)
        return CoopError(MSG_NOT_XLSX, name=self.name,
                         reason=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)

    def _open(self) -> None:
        try:
            reader = _reader_class()(self.path, read_only=True, keep_vba=False, data_only=True,
                                     keep_links=False)
            reader.read()
            self._book = reader.wb
            self.sheets = list(self._book.sheetnames)
            self.epoch = self._book.epoch.date() if hasattr(self._book.epoch, "date") else None
            if self.options.sheet is not None:
                if self.options.sheet not in self.sheets:
                    raise CoopError(MSG_NO_SHEET, name=self.name, sheet=self.options.sheet,
                                    sheets="、".join(self.sheets))
                self.sheet = self.options.sheet
            else:
                self.sheet = next((s for s in self.sheets if self._has_data(s)),
                                  self.sheets[0] if self.sheets else None)
            if self.sheet is None:
                raise CoopError(MSG_NOT_XLSX, name=self.name, reason="no sheet")
            self._sheet = self._book[self.sheet]
            self._sheet.reset_dimensions()
        except CoopError:
            self.close()
            raise
        except Exception as exc:  # noqa: BLE001 - any parsing failure is a damaged file
            self.close()
            raise self._fail(exc) from None

    def _has_data(self, sheet: str) -> bool:
        ws = self._book[sheet]
        if not hasattr(ws, "reset_dimensions"):  # a chart sheet
            return False
        ws.reset_dimensions()
        for count, row in enumerate(ws.iter_rows(values_only=True)):
            if any(c is not None and str(c).strip() for c in row):
                return True
            if count >= SHEET_PROBE_ROWS:
                break
        return False

    def _raw_rows(self) -> Iterator[Row]:
        number = 0
        try:
            for cells in self._sheet.iter_rows(values_only=True):
                number += 1
                self._read = number
                if not cells:
                    yield number, []
                    continue
                out = []
                for c in cells:
                    if isinstance(c, str):
                        c = ExcelError(c) if c in _ERRORS else xlsx_restore(c)
                    out.append(c)
                yield number, trim(out)
        except CoopError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._fail(exc) from None

    def _merges(self) -> list[tuple[int, int, int, int]]:
        """Merged ranges that start in the first rows (see the module docstring)."""
        limit = self.header_limit()
        return [m for m in self._scan() if m[0] <= limit]

    def _scan(self) -> list[tuple[int, int, int, int]]:
        """One pass over the sheet's XML, unpacked but not parsed: every merged range, and
        the number of the last row (for the progress; the recorded dimension may be
        missing or wrong)."""
        found: list[tuple[int, int, int, int]] = []
        path = getattr(self._sheet, "_worksheet_path", None)
        if path is None:
            return found
        tail = b""
        try:
            with self._book._archive.open(path) as src:
                while chunk := src.read(1 << 20):
                    data = tail + chunk
                    last = _LAST_ROW.search(data[data.rfind(b"<row "):] if b"<row " in data
                                            else b"")
                    if last is not None:
                        self._total = max(self._total, int(last.group(1)))
                    if b"mergeCell" in data:
                        data += src.read()
                        for m in _MERGE.finditer(data):
                            first_row = int(m.group(2))
                            last_col = _col(m.group(3)) if m.group(3) else _col(m.group(1))
                            last_row = int(m.group(4)) if m.group(4) else first_row
                            found.append((first_row, _col(m.group(1)), last_row, last_col))
                        break
                    tail = data[-256:]
        except Exception:  # noqa: BLE001 - merges and the row count only help
            return []
        return found

    def header_limit(self) -> int:
        """The last row a header can be on (merges below it do not matter)."""
        filled = [n for n, cells in self._buffer if cells]
        return (filled[min(len(filled), HEADER_SCAN) - 1] if filled else HEADER_SCAN) + 1

    def position(self) -> tuple[int, int]:
        return min(self._read, self._total), max(self._total, self._read, 1)

    def close(self) -> None:
        super().close()
        if self._book is not None:
            try:
                self._book.close()
            finally:
                self._book = None
