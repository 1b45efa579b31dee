"""Spreadsheet-safe tables: every CSV (and, later, xlsx) file the app writes goes through here.

**Formula injection.** A spreadsheet opening a CSV reads a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula: a glossary term ``=HYPERLINK("http://…","click")``
becomes a live link, ``=cmd|' /C calc'!A0`` runs a program on some set-ups. Following
OWASP's advice (prefix such cells with a single quote, the spreadsheet's own "this is text"
mark), :func:`safe_cell` writes a text cell that starts with one of :data:`TRIGGERS` —
``= + - @``, tab, carriage return, line feed, NUL, and their full-width forms ``＝ ＋ － ＠``
(which a Chinese input method produces and some spreadsheets also evaluate) — with a ``'``
in front. Numbers (int, Decimal) are written as they are: ``-5`` as a number is not a formula.

**Reading back.** The quote must come off again, and only where it was added. So a text
cell that itself starts with ``'`` gets a second one too; then the rule is unambiguous:
:func:`restore_cell` removes the first character of a cell that starts with ``'`` followed
by a trigger or another ``'``, and leaves every other cell alone. ``restore_cell(safe_cell(s))
== s`` for every string (tested), and a hand-made file with ``'Little Giant'`` keeps its
quotes. Excel itself drops a leading ``'`` when it saves a cell as CSV, so a file edited there
reads back the same way.

**Encoding.** CSV files are UTF-8 with a byte-order mark (Excel on Windows needs it to show
Chinese) and CRLF line ends, written atomically and readable by the user only
(:func:`coop_desktop.fileio.atomic_write`).

**Large files** go through :class:`CsvStream` (rows written as they come, encoded in
chunks), so a 150,000-row export never holds the whole text in memory.

**xlsx** (``coop_desktop.exchange``): never let a library turn a text cell into a formula —
openpyxl makes any string starting with ``=`` a formula and ``#N/A`` an error value, so text is
written as a string cell (``data_type = "s"``, set after the value) and cells for which
:func:`needs_quote` is true get the ``quotePrefix`` style, so Excel shows the text exactly,
without a visible quote, and keeps it text when the cell is edited. No quote is added to the
text itself: an xlsx cell's type says what it is. XML cannot hold most C0 control characters,
so :func:`xlsx_text` writes them the way Excel does (``_x0007_``; a carriage return, which an
XML reader would turn into a line feed, as ``_x000D_``; a literal ``_x0041_`` in the text as
``_x005F_x0041_``) and :func:`xlsx_restore` reads them back.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from coop_desktop.fileio import atomic_write

#: First characters that make a spreadsheet read a cell as a formula (or split it).
TRIGGERS = frozenset("=+-@\t\r\n\x00\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"


def needs_quote(text: str) -> bool:
    """Whether :func:`safe_cell` puts a quote in front of ``text``."""
    return bool(text) and (text[0] in TRIGGERS or text[0] == QUOTE)


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet evaluates (see the module docstring). ``None`` is
    an empty cell; numbers stay numbers; any other value is written as its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return QUOTE + text if needs_quote(text) else text


def restore_cell(text: str) -> str:
    """The value :func:`safe_cell` was given, from the text it wrote."""
    if len(text) > 1 and text[0] == QUOTE and (text[1] in TRIGGERS or text[1] == QUOTE):
        return text[1:]
    return text


def csv_text(rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> str:
    """The rows as CSV text, every cell through :func:`safe_cell`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def write_csv(path: str | os.PathLike[str], rows: Iterable[Sequence[Any]], *,
              delimiter: str | None = None) -> Path:
    """Write ``rows`` (header first) to ``path``: formula-safe, UTF-8 with a BOM, atomic and
    private. The delimiter is a tab for ``.tsv``/``.tab`` files, else a comma."""
    target = Path(path)
    if delimiter is None:
        delimiter = "\t" if target.suffix.lower() in (".tsv", ".tab") else ","
    atomic_write(target, csv_text(rows, delimiter=delimiter).encode("utf-8-sig"))
    return target


class CsvStream:
    """Rows written to a binary file as they come: formula-safe cells (:func:`safe_cell`),
    UTF-8 with a byte-order mark, CRLF line ends; encoded and written in chunks of about
    ``chunk`` characters (the file handle is the caller's:
    :func:`~coop_desktop.fileio.atomic_writer` gives one that is complete or absent)."""

    def __init__(self, out: IO[bytes], *, delimiter: str = ",", chunk: int = 1 << 20) -> None:
        self._out = out
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, delimiter=delimiter, lineterminator="\r\n")
        self._chunk = chunk
        out.write(b"\xef\xbb\xbf")

    def write(self, row: Sequence[Any]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])
        if self._buffer.tell() >= self._chunk:
            self.flush()

    def flush(self) -> None:
        self._out.write(self._buffer.getvalue().encode("utf-8"))
        self._buffer.seek(0)
        self._buffer.truncate()


# ------------------------------------------------------------------ xlsx text
#: Characters an XML 1.0 document cannot hold (C0 controls but tab, LF, CR; U+FFFE, U+FFFF),
#: and CR, which an XML reader turns into LF (Excel writes it as ``_x000D_`` too).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_XLSX_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_XLSX_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def xlsx_text(text: str) -> str:
    """``text`` as an xlsx string cell holds it: characters XML cannot hold as ``_xHHHH_``,
    and a literal ``_xHHHH_`` in the text as ``_x005F_xHHHH_`` (ECMA-376 ST_Xstring), so
    Excel, LibreOffice and :func:`xlsx_restore` give the original text back."""
    if "_x" in text:
        text = _XLSX_ESCAPE.sub(r"_x005F_\1", text)
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def xlsx_restore(text: str) -> str:
    """The text :func:`xlsx_text` was given (openpyxl does not undo the escapes)."""
    if "_x" not in text:
        return text
    return _XLSX_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


__all__ = ["QUOTE", "TRIGGERS", "CsvStream", "csv_text", "needs_quote", "restore_cell",
           "safe_cell", "write_csv", "xlsx_restore", "xlsx_text"]
