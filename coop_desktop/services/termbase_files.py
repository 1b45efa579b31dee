"""The termbase's files: importing user terms from CSV/TSV and exporting terms to CSV.

Exports are formula-safe and read back exactly (``coop_desktop.tabular``); imports skip,
with the reason, rows that are incomplete, too long, contain characters a term cannot hold
(``coop_desktop.limits``), are already in the termbase or repeat an earlier row.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coop_desktop import limits, tabular
from coop_desktop.db import Database
from coop_desktop.errors import CoopError, Message
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import GlossaryTerm
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.termbase import (
    EN_MAX,
    ENTITY,
    ZH_MAX,
    TermOrigin,
    _existing,
    terms,
)

IMPORT_MAX_BYTES = 20 * 1024 * 1024

MSG_IMPORT_UNREADABLE = N_("“{name}” could not be read ({reason}).")
MSG_IMPORT_NOT_UTF8 = N_("“{name}” is not UTF-8 text. Save it as “CSV UTF-8” (or UTF-8 "
                         "tab-separated text) and import it again.")
MSG_IMPORT_TOO_LARGE = N_("“{name}” is too large to be a term list (more than {limit} MB).")
MSG_ROW_NO_ZH = N_("The Chinese term is missing.")
MSG_ROW_NO_EN = N_("The English term is missing.")
MSG_ROW_TOO_LONG = N_("The term is too long (at most {zh} Chinese and {en} English characters).")
MSG_ROW_EXISTS = N_("Already in the termbase.")
MSG_ROW_REPEATED = N_("Repeats line {line} of the file.")

_HEADER_ALIASES = {
    "zh": "zh", "chinese": "zh", "中文": "zh", "source": "zh",
    "en": "en", "english": "en", "英文": "en", "target": "en",
    "note": "note", "notes": "note", "备注": "note", "comment": "note",
}


@dataclass(frozen=True)
class SkippedRow:
    line: int
    zh: str
    en: str
    reason: Message


@dataclass
class ImportReport:
    added: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)


def _open_table(path: Path) -> Any:
    """A csv reader over the file (UTF-8, BOM or not; delimiter guessed from line 1)."""
    label = path.name
    try:
        if path.stat().st_size > IMPORT_MAX_BYTES:
            raise CoopError(MSG_IMPORT_TOO_LARGE, name=label, limit=IMPORT_MAX_BYTES // 2**20)
        raw = path.read_bytes()
    except OSError as exc:
        raise CoopError(MSG_IMPORT_UNREADABLE, name=label,
                        reason=exc.strerror or type(exc).__name__) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CoopError(MSG_IMPORT_NOT_UTF8, name=label) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first or path.suffix.lower() in (".tsv", ".tab"):
        delimiter = "\t"
    elif "," not in first and ";" in first:
        delimiter = ";"
    else:
        delimiter = ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def import_terms(db: Database, path: str | os.PathLike[str]) -> ImportReport:
    """Add user terms from a CSV or TSV file: columns zh, en and optionally note.

    UTF-8 with or without a BOM; tab-separated when the first line has a tab (or the file
    ends in .tsv), else comma (semicolon if the first line has only those). A first row
    naming the columns (zh/en/note, Chinese/English/Note, 中文/英文/备注) is a header and
    may put them in any order; otherwise the columns are zh, en, note. Blank rows are
    ignored; rows without both sides, too long, already in the termbase or repeating an
    earlier row are skipped with the reason. All added rows commit together.
    """
    reader = _open_table(Path(path))
    report = ImportReport()
    columns = {"zh": 0, "en": 1, "note": 2}
    first = True
    seen: dict[tuple[str, str], int] = {}
    with db.session() as session:
        audit = AuditWriter(session, db.actor)
        for cells in reader:
            line = reader.line_num
            cells = [tabular.restore_cell(c.strip()).strip() for c in cells]
            if not any(cells):
                continue
            if first:
                first = False
                names = [_HEADER_ALIASES.get(c.casefold()) for c in cells]
                if "zh" in names and "en" in names:
                    columns = {n: i for i, n in enumerate(names) if n is not None}
                    continue

            def cell(name: str, cells: list[str] = cells) -> str:
                i = columns.get(name)
                return cells[i] if i is not None and i < len(cells) else ""

            zh, en, note = cell("zh"), cell("en"), cell("note") or None
            reason: Message | None = None
            if not zh:
                reason = Message(MSG_ROW_NO_ZH)
            elif not en:
                reason = Message(MSG_ROW_NO_EN)
            elif len(zh) > ZH_MAX or len(en) > EN_MAX:
                reason = Message(MSG_ROW_TOO_LONG, {"zh": ZH_MAX, "en": EN_MAX})
            elif problem := limits.problems(ENTITY, {"zh": zh, "en": en, "note": note}):
                reason = problem[0].message
            else:
                pair = (zh, " ".join(en.split()).casefold())
                if pair in seen:
                    reason = Message(MSG_ROW_REPEATED, {"line": seen[pair]})
                elif _existing(session, zh, en) is not None:
                    reason = Message(MSG_ROW_EXISTS)
                else:
                    seen[pair] = line
            if reason is not None:
                report.skipped.append(SkippedRow(line, zh, en, reason))
                continue
            row = GlossaryTerm(zh=zh, en=en, note=note)
            session.add(row)
            session.flush()
            assert row.id is not None
            audit.created(ENTITY, row.id, {"zh": zh, "en": en, "note": note})
            report.ids.append(row.id)
            report.added += 1
    return report


def export_terms(db: Database, path: str | os.PathLike[str], *,
                 origins: Iterable[TermOrigin | str] = (TermOrigin.GLOSSARY, TermOrigin.USER)
                 ) -> int:
    """Write terms to a CSV (TSV if the name ends in .tsv): UTF-8 with a BOM so that Excel
    shows the Chinese, columns zh, en, note, origin; :func:`import_terms` reads it back.
    Cells are formula-safe (``coop_desktop.tabular``: a term such as ``=HYPERLINK(…)`` is
    written as text). Written to a temporary file and moved into place, readable by the
    user only. Returns the number of terms."""
    wanted = {TermOrigin(o) for o in origins}
    items = [t for t in terms(db, records_too=TermOrigin.RECORD in wanted) if t.origin in wanted]
    rows = [["zh", "en", "note", "origin"]]
    rows += [[t.zh, t.en, t.note or "", str(t.origin)] for t in items]
    tabular.write_csv(path, rows)
    return len(items)
