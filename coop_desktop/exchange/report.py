"""What a dry run (``plan``) and an import (``apply``) hand back: :class:`ImportReport`.

For the UI: ``counts`` for the summary line; :attr:`ImportReport.problems` — every rejected
row's problems (:class:`Problem`: row number as the spreadsheet shows it, the column's
header, the message); :attr:`ImportReport.conflicts` — fields where the file and the
database hold different values (:class:`Conflict`, with both values and whether the
database's value was kept); :attr:`ImportReport.results` — one :class:`RowResult` per
row (what happened to it); :attr:`ImportReport.warnings` — what the user should know about
the file (a column without a unit…) and about rows imported all the same (a new
enterprise's unified social credit code looks implausible: ``Row 4, column …: …``). Each
list holds at most :data:`DETAIL_MAX` entries (the counts are always complete;
``truncated`` says when a list was cut).

Messages are :class:`~coop_desktop.errors.Message` objects: ``render(tr)`` in the user's
language (:meth:`Problem.render`, :meth:`ImportReport.summary`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coop_desktop.errors import Message
from coop_desktop.i18n.catalog import N_

if TYPE_CHECKING:
    from coop_desktop.exchange.mapping import Mapping
    from coop_desktop.i18n.catalog import Translator

DETAIL_MAX = 20_000

CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"
_COUNTERS = {CREATE: "created", UPDATE: "updated", UNCHANGED: "unchanged", REJECTED: "rejected"}

MSG_ROW_COLUMN = N_("Row {row}, column “{column}”: {message}")
MSG_ROW_FIELD = N_("Row {row}, {field}: {message}")
MSG_ROW = N_("Row {row}: {message}")
MSG_SUMMARY_PLAN = N_("{rows} rows read: {created} would be created, {updated} updated, "
                      "{unchanged} unchanged, {rejected} rejected.")
MSG_SUMMARY_DONE = N_("{rows} rows read: {created} created, {updated} updated, {unchanged} "
                      "unchanged, {rejected} rejected.")
MSG_SUMMARY_RELATED = N_("Contacts: {contacts_created} added, {contacts_updated} updated; zone "
                         "links: {links_created} added.")
MSG_CONFLICT = N_("Row {row}, {name} ({uscc}), {field}: “{old}” in the database, “{new}” in the "
                  "file — {decision}.")
MSG_CONFLICT_TAKEN = N_("the file's value is imported")
MSG_CONFLICT_KEPT = N_("the database's value is kept")


@dataclass(frozen=True)
class Problem:
    """Why a row was rejected. ``column`` is the header of the column it is about (None
    when no column is: a field the file does not have, the row as a whole); ``field`` the
    target or field key."""

    row: int
    column: str | None
    field: str | None
    message: Message

    def render(self, tr: Translator | None = None) -> str:
        text = self.message.render(tr)
        if self.column:
            return Message(MSG_ROW_COLUMN, {"row": self.row, "column": self.column,
                                            "message": text}).render(tr)
        if self.field:
            return Message(MSG_ROW_FIELD, {"row": self.row, "field": Message(field_label(
                self.field)), "message": text}).render(tr)
        return Message(MSG_ROW, {"row": self.row, "message": text}).render(tr)


@dataclass(frozen=True)
class Conflict:
    """A field of an existing record that the file would change from one value to another
    (an empty field being filled is not a conflict). ``kept``: the database's value stays
    (``ImportOptions.conflicts="keep"`` or the pair is in ``ImportOptions.keep``)."""

    row: int
    uscc: str
    name: str
    field: str
    column: str | None
    old: Any
    new: Any
    kept: bool

    def render(self, tr: Translator | None = None) -> str:
        return Message(MSG_CONFLICT, {
            "row": self.row, "name": self.name, "uscc": self.uscc,
            "field": Message(field_label(self.field)), "old": shown(self.old),
            "new": shown(self.new),
            "decision": Message(MSG_CONFLICT_KEPT if self.kept else MSG_CONFLICT_TAKEN),
        }).render(tr)


@dataclass(frozen=True)
class RowResult:
    """What happens to one row: ``action`` is create, update, unchanged or rejected;
    ``fields`` the enterprise fields it changes; ``enterprise_id`` once known."""

    row: int
    action: str
    uscc: str | None
    name: str | None
    enterprise_id: int | None = None
    fields: tuple[str, ...] = ()


def field_label(key: str) -> str:
    """The English msgid naming a target or an enterprise field."""
    from coop_desktop import limits
    from coop_desktop.exchange.fields import TARGETS

    target = TARGETS.get(key)
    return target.label if target is not None else limits.label("enterprise", key)


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass
class ImportReport:
    """The outcome of a dry run or an import (see the module docstring)."""

    file: str
    kind: str
    dry_run: bool
    mapping: Mapping
    headers: list[str]
    header_row: int
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    #: (size, modification time in ns) of the file when it was read.
    fingerprint: tuple[int, int] | None = None
    batch_id: str | None = None
    backup: Path | None = None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    links_created: int = 0
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    results: list[RowResult] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    truncated: bool = False
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """Every row was (or would be) imported: nothing rejected."""
        return self.rejected == 0

    def add_problem(self, problem: Problem) -> None:
        if len(self.problems) < DETAIL_MAX:
            self.problems.append(problem)
        else:
            self.truncated = True

    def add_conflict(self, conflict: Conflict) -> None:
        if len(self.conflicts) < DETAIL_MAX:
            self.conflicts.append(conflict)
        else:
            self.truncated = True

    def add_warning(self, message: Message) -> None:
        """A warning about one row (the row is imported): at most :data:`DETAIL_MAX`."""
        if len(self.warnings) < DETAIL_MAX:
            self.warnings.append(message)
        else:
            self.truncated = True

    def add_result(self, result: RowResult) -> None:
        counter = _COUNTERS[result.action]
        setattr(self, counter, getattr(self, counter) + 1)
        self.rows += 1
        if len(self.results) < DETAIL_MAX:
            self.results.append(result)
        else:
            self.truncated = True

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected,
                "contacts_created": self.contacts_created,
                "contacts_updated": self.contacts_updated, "links_created": self.links_created}

    def summary(self, tr: Translator | None = None) -> list[str]:
        """The summary lines in ``tr``'s language (numbers grouped: 12,345)."""
        counts = {k: f"{v:,}" for k, v in self.counts().items()}
        lines = [Message(MSG_SUMMARY_PLAN if self.dry_run else MSG_SUMMARY_DONE,
                         counts).render(tr)]
        if self.contacts_created or self.contacts_updated or self.links_created:
            lines.append(Message(MSG_SUMMARY_RELATED, counts).render(tr))
        return lines

    def to_json(self, tr: Translator | None = None) -> dict[str, Any]:
        """Everything as JSON-ready data, messages rendered in ``tr``'s language."""
        return {
            "file": self.file, "kind": self.kind, "sheet": self.sheet, "encoding": self.encoding,
            "delimiter": self.delimiter, "header_row": self.header_row,
            "dry_run": self.dry_run, "batch": self.batch_id,
            "backup": str(self.backup) if self.backup else None,
            **self.counts(),
            "mapping": self.mapping.to_json()["columns"],
            "problems": [{"row": p.row, "column": p.column, "field": p.field,
                          "message": p.message.render(tr)} for p in self.problems],
            "conflicts": [{"row": c.row, "uscc": c.uscc, "name": c.name, "field": c.field,
                           "column": c.column, "old": shown(c.old), "new": shown(c.new),
                           "kept": c.kept} for c in self.conflicts],
            "warnings": [w.render(tr) for w in self.warnings],
            "truncated": self.truncated, "seconds": round(self.seconds, 3),
        }


__all__ = ["CREATE", "DETAIL_MAX", "REJECTED", "UNCHANGED", "UPDATE", "Conflict",
           "ImportReport", "Problem", "RowResult", "field_label"]
