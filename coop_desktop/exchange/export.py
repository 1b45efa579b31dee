"""Export a list to ``.xlsx`` or ``.csv``: the front door for the CLI and the app.

::

    listing = lists.enterprise_listing(db, EnterpriseQuery(province_code="440000"),
                                       columns=["name_zh", "uscc", "revenue_fen"])
    job = export_listing(listing, "粤企.xlsx", headers="both", language="zh_CN")
    for done, total in job:        # progress; job.close() cancels: no file is left
        ...
    # or, all at once: result = run(job)

:func:`export_listing` is a generator of ``(done, total)`` whose return value is an
:class:`ExportResult`. The format comes from ``fmt`` or else from the file's extension
(``.xlsx``; ``.csv``, ``.tsv``, ``.txt`` are CSV). The file is written atomically and is
readable by the user only; an existing file is replaced only when the export completes.
:func:`export` builds the listing and writes it in one call (what ``coop-desktop export``
runs). Errors are :class:`~coop_desktop.errors.CoopError` with a message in the user's
language.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coop_desktop.db import Database
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.exchange import export_lists as lists
from coop_desktop.exchange import export_writers as writers
from coop_desktop.exchange.export_table import HEADERS, Listing
from coop_desktop.i18n.catalog import N_

FORMATS = ("xlsx", "csv")
#: File extensions of each format.
EXTENSIONS = {"xlsx": (".xlsx",), "csv": (".csv", ".tsv", ".tab", ".txt")}
#: Excel's row limit (1,048,576 rows, the header included).
XLSX_MAX_ROWS = 1_048_575

MSG_FORMAT = N_("Cannot tell the format of “{name}”: name the file .xlsx or .csv, or choose "
                "the format.")
MSG_UNKNOWN_FORMAT = N_("Unknown export format “{format}”: use xlsx or csv.")
MSG_HEADERS = N_("Unknown header language “{headers}”: use zh, en or both.")
MSG_UNKNOWN_LIST = N_("Unknown list “{kind}”: use enterprises, zones, events, applications or "
                      "glossary.")
MSG_TOO_MANY_ROWS = N_("The list has {count} rows, more than an Excel sheet holds ({max}). "
                       "Export it as CSV, or narrow it down first.")
MSG_WRITE_FAILED = N_("“{name}” could not be written: {reason}")
MSG_IS_FOLDER = N_("“{name}” is a folder. Choose a file name to export to.")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    columns: int


def format_of(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """``fmt`` if given (checked), else the format the file's extension names."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise CoopError(MSG_UNKNOWN_FORMAT, format=fmt)
        return fmt
    suffix = Path(path).suffix.lower()
    for name, suffixes in EXTENSIONS.items():
        if suffix in suffixes:
            return name
    raise CoopError(MSG_FORMAT, name=Path(path).name)


def export_listing(listing: Listing, path: str | os.PathLike[str], *, fmt: str | None = None,
                   headers: str = "both", language: str = "zh_CN"
                   ) -> Generator[tuple[int, int], None, ExportResult]:
    """Write ``listing`` to ``path`` (see the module docstring)."""
    target = Path(path)
    fmt = format_of(target, fmt)
    if headers not in HEADERS:
        raise CoopError(MSG_HEADERS, headers=headers)
    if target.is_dir():
        raise CoopError(MSG_IS_FOLDER, name=str(target))
    if fmt == "xlsx" and listing.total > XLSX_MAX_ROWS:
        raise CoopError(MSG_TOO_MANY_ROWS, count=f"{listing.total:,}", max=f"{XLSX_MAX_ROWS:,}")
    write = writers.write_xlsx if fmt == "xlsx" else writers.write_csv
    try:
        rows = yield from write(target, listing, headers=headers, language=language)
    except OSError as exc:
        raise CoopError(MSG_WRITE_FAILED, name=str(target),
                        reason=exc.strerror or str(exc)) from exc
    return ExportResult(target, fmt, rows, len(listing.columns))


def listing_for(db: Database, kind: str, *, query: EnterpriseQuery | None = None,
                ids: Sequence[int] | None = None, columns: Iterable[str] | None = None,
                language: str = "zh_CN", headers: str | None = None) -> Listing:
    """The listing of list ``kind`` (:data:`lists.KINDS`): enterprises by ``query``, the
    others all rows or those of ``ids`` in that order. ``headers``: the header language of
    the file, which names the enterprises' SME clusters and pilot cities (None: from
    ``language``)."""
    if kind == "enterprises":
        return lists.enterprise_listing(db, query, columns=columns, language=language,
                                        headers=headers)
    small = {"zones": lists.zone_listing, "events": lists.event_listing,
             "applications": lists.application_listing, "glossary": lists.glossary_listing}
    if kind not in small:
        raise CoopError(MSG_UNKNOWN_LIST, kind=kind)
    return small[kind](db, ids, columns=columns, language=language)


def export(db: Database, kind: str, path: str | os.PathLike[str], *, fmt: str | None = None,
           query: EnterpriseQuery | None = None, ids: Sequence[int] | None = None,
           columns: Iterable[str] | None = None, headers: str = "both",
           language: str = "zh_CN") -> Generator[tuple[int, int], None, ExportResult]:
    """Build the listing and write it (a generator, as :func:`export_listing`)."""
    format_of(path, fmt)  # a wrong name fails before the database is read
    if headers not in HEADERS:
        raise CoopError(MSG_HEADERS, headers=headers)
    listing = listing_for(db, kind, query=query, ids=ids, columns=columns, language=language,
                          headers=headers)
    return (yield from export_listing(listing, path, fmt=fmt, headers=headers,
                                      language=language))


def run(job: Generator[Any, None, ExportResult]) -> ExportResult:
    """Drive an export generator to its end; its result."""
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]


__all__ = ["EXTENSIONS", "FORMATS", "ExportResult", "export", "export_listing", "format_of",
           "listing_for", "run"]
