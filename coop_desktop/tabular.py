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

**xlsx** (for the Excel export to come): never let a library turn a text cell into a
formula — write text as a string cell (openpyxl: set ``cell.data_type = "s"`` after assigning)
and give cells for which :func:`needs_quote` is true the ``quotePrefix`` style, so Excel shows
the text exactly, without a visible quote.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

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


__all__ = ["QUOTE", "TRIGGERS", "csv_text", "needs_quote", "restore_cell", "safe_cell",
           "write_csv"]
