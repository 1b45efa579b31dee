"""What an exported list is made of: typed columns with bilingual headers, and rows.

A :class:`Listing` is the list as a spreadsheet sees it: its columns (:class:`Column`: a
key, the header in Chinese and in English, a :data:`KINDS` type and how to get the value
out of a row) and its rows, read from the database in blocks as they are written, so that
150,000 enterprises never sit in memory at once.

**Types** (one rule per kind, the same in every list; the writers in
:mod:`coop_desktop.exchange.export_writers` turn them into cells):

=========  ====================================  =======================================
kind       xlsx cell                             CSV text
=========  ====================================  =======================================
text       string cell (never a formula)         the text, formula-safe (``tabular``)
integer    number ``#,##0``                      ``1234``
year       number ``0``                          ``2019``
money      number in 万元 ``#,##0.00####``       ``7373.5`` (万元)
percent    number ``0.00%`` (0.655 is 65.5 %)    ``65.5%``
date       date ``yyyy-mm-dd``                   ``2010-01-07``
datetime   date and time, local ``yyyy-mm-dd     ``2026-12-06 18:13:50``
           hh:mm:ss``
list       text, items joined by ``, ``          the same
=========  ====================================  =======================================

Money is stored in fen; every money column is in **万元** (ten thousand yuan — the unit of
the SME size standard and of district lists) and says so in its header (``营业收入（万元）``).
The value is exact: ``Decimal(fen) / 1,000,000`` (a fen is 0.000001 万元), written as a
number. A registered capital in another currency is in 万 of that currency, with the
currency in the next column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

TEXT, INTEGER, YEAR, MONEY, PERCENT, DATE, DATETIME, LIST = (
    "text", "integer", "year", "money", "percent", "date", "datetime", "list")
KINDS = (TEXT, INTEGER, YEAR, MONEY, PERCENT, DATE, DATETIME, LIST)

#: Header languages: Chinese, English, or both in one cell ("企业名称 / Company name").
HEADERS = ("zh", "en", "both")
#: What joins the two languages of a "both" header (the importer splits on it).
HEADER_JOIN = " / "
#: What joins the items of a list cell (items never contain a comma: ``limits``).
LIST_JOIN = ", "

#: Column widths, in characters (a CJK character counts two).
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    """One exported column. ``get(row, language)`` gives the value (``None`` = empty) of the
    kind :attr:`kind`; ``language`` (``zh_CN`` or ``en``) picks the labels of coded values.
    ``width``: a fixed width in characters (None: from the header and the first rows)."""

    key: str
    zh: str
    en: str
    kind: str = TEXT
    get: Callable[[Any, str], Any] = field(default=lambda row, language: None, compare=False)
    width: int | None = None

    def header(self, headers: str) -> str:
        if headers == "zh":
            return self.zh
        if headers == "en":
            return self.en
        return f"{self.zh}{HEADER_JOIN}{self.en}"


@dataclass
class Listing:
    """A list ready to write: ``blocks()`` yields its rows in blocks, in order (each call
    reads them afresh); ``total`` is how many there are (for the progress)."""

    kind: str
    title_zh: str
    title_en: str
    columns: Sequence[Column]
    total: int
    blocks: Callable[[], Iterator[Sequence[Any]]]

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh_CN" else self.title_en


# ------------------------------------------------------------------ values
def wan(fen: int) -> Decimal:
    """Fen as an exact number of 万元 (no exponent, no trailing zeros)."""
    value = Decimal(fen).scaleb(-6).normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def plain_decimal(value: Decimal) -> str:
    """``Decimal`` as plain text (``7373.5``, never ``7.3735E+3``)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def joined(items: Sequence[str] | None) -> str | None:
    return LIST_JOIN.join(items) if items else None


def local_naive(value: datetime) -> datetime:
    """A stored (UTC) time as the computer's local time, without a zone (what a
    spreadsheet cell holds), to the second."""
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(microsecond=0)


def csv_value(kind: str, value: Any) -> Any:
    """The CSV cell of ``value`` (see the table in the module docstring); text goes
    through ``tabular.safe_cell`` in the writer."""
    if value is None or value == "" or value == []:
        return ""
    if kind == MONEY:
        return plain_decimal(wan(value))
    if kind == PERCENT:
        return plain_decimal(Decimal(value)) + "%"
    if kind == DATE:
        return value.isoformat()
    if kind == DATETIME:
        return local_naive(value).isoformat(sep=" ")
    if kind in (INTEGER, YEAR):
        return int(value)
    if kind == LIST and not isinstance(value, str):
        return LIST_JOIN.join(value)
    return str(value)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: a wide (CJK) character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: Width of a typed value as a spreadsheet shows it (characters).
_TYPED_WIDTH = {DATE: 10, DATETIME: 19, YEAR: 4}


def column_widths(columns: Sequence[Column], headers: str, sample: Sequence[Any],
                  language: str) -> list[int]:
    """Widths (characters) from each header and the values of ``sample`` rows: the widest,
    plus a little room, within :data:`MIN_WIDTH`–:data:`MAX_WIDTH`. A "both" header counts
    its longer language (the cell wraps there)."""
    widths = []
    for column in columns:
        if column.width is not None:
            widths.append(column.width)
            continue
        head = column.header(headers)
        if headers == "both":
            need = max(display_width(column.zh), display_width(column.en))
        else:
            need = display_width(head)
        fixed = _TYPED_WIDTH.get(column.kind)
        for row in sample:
            value = column.get(row, language)
            if value is None:
                continue
            if fixed is not None:
                need = max(need, fixed)
            else:
                text = str(csv_value(column.kind, value))
                if column.kind in (INTEGER, MONEY):
                    text += "," * (len(text) // 3) + ".00"  # grouping and decimals shown
                need = max(need, display_width(text.split("\n", 1)[0][:MAX_WIDTH]))
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, need + 2)))
    return widths


def is_date(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


__all__ = ["DATE", "DATETIME", "HEADERS", "HEADER_JOIN", "INTEGER", "KINDS", "LIST",
           "LIST_JOIN", "MONEY", "PERCENT", "TEXT", "YEAR", "Column", "Listing",
           "column_widths", "csv_value", "display_width", "joined", "local_naive",
           "plain_decimal", "wan"]
