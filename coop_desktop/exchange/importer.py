"""Importing enterprises (with contacts and zone links) from a file: dry run and import.

API (what the import dialog and ``coop-desktop import enterprises`` call)
------------------------------------------------------------------------
* :func:`plan_iter` ``(db, path, mapping=None, options=None)`` — the dry run, a generator of
  ``(done, total)`` whose return value is the :class:`~coop_desktop.exchange.report.ImportReport`
  (``dry_run=True``); :func:`plan` runs it to the end. Nothing is written; it reads in a
  read-only transaction.
* :func:`apply_iter` / :func:`apply` — the import: first a verified backup
  (``services.backups.take_backup(db, reason="before-import")``; if it raises, nothing is
  imported), then every accepted row in ONE write transaction with the audit trail under one
  ``op_id``, which is the batch id (``report.batch_id``) that ``undo`` takes (None when
  the import changed nothing).
  ``backup=False`` is for a caller that has just taken it (the GUI's ``backup_first``).
* Progress: ``(done, total)`` after each chunk of :data:`CHUNK` rows, in the reader's units
  (bytes for a CSV, rows for a workbook): show ``done / total``. The last pair comes after
  the commit. Closing the generator (Cancel) rolls everything back: nothing changes.
* ``mapping``: a :class:`~coop_desktop.exchange.mapping.Mapping` made for this file's headers,
  a path to a saved mapping (JSON), or None (automatic). :class:`ImportOptions` holds the
  choices below and the reading options (sheet, encoding…).

Rules
-----
* **Every row is checked with the form's rules**: ``records.parse_input`` (types and input
  limits) and ``enterprise_checks.check`` on the values the record would have afterwards,
  the contact form's checks for the contact. A rejected row is reported with its row number,
  column and reason, and the other rows are imported.
* **Warnings**: a new enterprise whose unified social credit code passes the check character
  but looks implausible (``enterprise_checks.warnings``: unknown registration authority or
  category, region, zeros, the embedded organisation code's check character) is imported,
  with a warning naming its row in ``report.warnings``.
* **Matching by USCC** (normalised: full-width, spaces, case). Unknown: a new enterprise
  (it needs its Chinese name). Known: only the fields of mapped columns change; a field
  whose mapped cell is **empty keeps its value** (``ImportOptions.empty_clears=True``
  clears it instead, except in a contacts-only row; the name, the USCC and the capital's
  currency are never cleared). A field the file changes
  from one value to another is a :class:`~coop_desktop.exchange.report.Conflict` in the
  report; ``conflicts="overwrite"`` (default) imports the file's value,
  ``conflicts="keep"`` keeps the database's, and ``keep={(uscc, field), …}`` keeps it for
  chosen fields (the dialog's per-conflict choice; the keys are the conflicts' ``field``).
  In the recycle bin: the row is rejected (restore it first), never brought back silently.
* **SME cluster and pilot city** cells name them (Chinese or English name, see
  :mod:`~coop_desktop.exchange.programme_names`); an unknown or ambiguous name rejects the
  row, as an unknown zone does, with a message saying the shipped list is partial. The form's
  rule applies: a new link to an item in the recycle bin is refused, a link the record
  already has stays. An empty cell keeps the link (``empty_clears`` removes it).
* **Never a duplicate**: a second row with the same USCC and enterprise details is
  rejected as a repeat of the first. A row with the USCC and only contact or zone cells
  (the enterprise cells empty — a contacts-only sheet, or continuation rows listing more
  contacts) adds to that enterprise: a contact is matched by name among the enterprise's
  contacts (updated in its mapped cells) or added; the same contact twice in one file is a
  repeat. A zone link that exists already is left alone.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from coop_desktop.db import Database
from coop_desktop.errors import CoopError, Message, ValidationError
from coop_desktop.exchange import derived
from coop_desktop.exchange.fields import TARGETS
from coop_desktop.exchange.import_write import BatchWriter
from coop_desktop.exchange.mapping import Mapping, auto_map, load_mapping
from coop_desktop.exchange.places import ZoneIndex
from coop_desktop.exchange.programme_names import ProgrammeIndex
from coop_desktop.exchange.reading import ReadOptions, Row, Table, open_table
from coop_desktop.exchange.report import (
    CREATE, MSG_ROW_COLUMN, REJECTED, UNCHANGED, UPDATE, Conflict, ImportReport, Problem,
    RowResult,
)
from coop_desktop.exchange.rows import RowInput, RowReader
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Contact, ContactCreate, ContactUpdate, Enterprise, EnterpriseCreate, EnterpriseUpdate,
    ZoneLink,
)
from coop_desktop.services import enterprise_checks as checks
from coop_desktop.services import programmes, records
from coop_desktop.services.catalog import contacts as contact_kind
from coop_desktop.validation import normalize_uscc

CHUNK = 500
USER_FIELDS = tuple(EnterpriseCreate.model_fields)
LIST_FIELDS = frozenset(("export_markets", "target_countries", "tags"))
#: Fields the derived columns (size class, pinyin, search tokens) depend on.
DERIVED_FROM = frozenset(("name_zh", "name_en", "city_zh", "city_en", "tags", "industry",
                          "employees", "revenue_fen", "total_assets_fen"))
_NEVER_CLEARED = frozenset(("name_zh", "uscc", "registered_capital_currency"))
_CONTACT_FIELDS = ("name", "role", "phone", "email")

MSG_USCC_MISSING = N_("The unified social credit code is missing: rows are matched by it.")
MSG_REPEATED = N_("Repeats the unified social credit code of row {row}: an enterprise is "
                  "imported once per file.")
MSG_REPEATED_CONTACT = N_("Repeats the contact “{name}” of row {row}.")
MSG_IN_BIN = N_("“{name}” (id {id}) has this unified social credit code and is in the recycle "
                "bin. Restore it first, then import again.")
MSG_UNKNOWN = N_("No enterprise has this unified social credit code, and the row has no "
                 "enterprise details to create one with (at least the Chinese name).")
MSG_CONTACT_NAME = N_("The contact's name is missing (the row has other contact details).")
MSG_NO_UNIT = N_("The column “{column}” states no unit: its amounts are read as yuan. If they "
                 "are in 万元, choose the unit in the mapping.")
MSG_MAPPING_MISMATCH = N_("The column mapping was made for other columns than those of “{name}”. "
                          "Open the file again.")
MSG_NO_ROWS = N_("“{name}” has a header row but no rows under it: there is nothing to import.")
MSG_FILE_CHANGED = N_("“{name}” has changed since it was checked. Check it again before "
                      "importing.")


@dataclass(frozen=True)
class ImportOptions:
    """The user's choices (see the module docstring)."""

    read: ReadOptions = field(default_factory=ReadOptions)
    empty_clears: bool = False
    conflicts: str = "overwrite"
    keep: frozenset[tuple[str, str]] = frozenset()
    today: date | None = None


def _empty(value: Any) -> bool:
    return value in (None, "", [], ())


def _same(a: Any, b: Any) -> bool:
    return a == b or (_empty(a) and _empty(b))


def _name_key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def fingerprint(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


class _Run:
    """One pass over a file: every row decided, and written when ``writer`` is given."""

    def __init__(self, session: Session, table: Table, mapping: Mapping,
                 options: ImportOptions, report: ImportReport, writer: BatchWriter | None
                 ) -> None:
        self.session = session
        self.table = table
        self.options = options
        self.report = report
        self.writer = writer
        self.today = options.today or date.today()
        targets = mapping.by_target()
        self.has_contacts = any(TARGETS[t].part == "contact" for t in targets)
        self.has_zones = "zone" in targets
        zones = ZoneIndex.load(session) if self.has_zones else None
        #: Whether the file has a cluster or pilot-city column (read by name: the index).
        self.has_programmes = bool(programmes.LINK_FIELDS.keys() & targets.keys())
        self.programmes = ProgrammeIndex.load(session) if self.has_programmes else None
        self.reader = RowReader(mapping, zones=zones, programmes=self.programmes,
                                epoch=table.epoch)
        self.uscc_column = targets["uscc"].header
        self.seen: dict[str, int] = {}
        self.seen_contacts: dict[tuple[str, str], int] = {}
        #: USCC -> id (None in a dry run) of the enterprises this file creates.
        self.created: dict[str, int | None] = {}
        self.new_links: set[tuple[str, int]] = set()

    # ---------------------------------------------------------------- per chunk
    def chunk(self, rows: list[Row]) -> None:
        inputs = [self.reader.read(n, cells) for n, cells in rows]
        inputs = [i for i in inputs if not i.blank]
        keys: dict[int, str] = {}
        for inp in inputs:
            self._key(inp, keys)
        existing = self._existing(set(keys.values()))
        ids = [e.id for e in existing.values() if e.deleted_at is None]
        contacts = self._contacts(ids) if self.has_contacts else {}
        links = self._links(ids) if self.has_zones else set()
        for inp in inputs:
            uscc = keys.get(inp.number)
            if inp.problems or uscc is None:
                self._reject(inp, uscc, inp.problems)
                continue
            try:
                self._row(inp, uscc, existing.get(uscc), contacts, links)
            except _Rejected as rejected:
                self._reject(inp, uscc, rejected.problems)
        if self.writer is not None:
            self.writer.flush()

    def _key(self, inp: RowInput, keys: dict[int, str]) -> None:
        """The row's normalised USCC (or its problem), and the repeat checks."""
        if inp.uscc is None or not inp.uscc.strip():
            inp.problems.append(Problem(inp.number, self.uscc_column, "uscc",
                                        Message(MSG_USCC_MISSING)))
            return
        try:
            uscc = normalize_uscc(inp.uscc)
        except ValidationError as exc:
            inp.problems += [Problem(inp.number, self.uscc_column, "uscc", e.message)
                             for e in exc.errors]
            return
        keys[inp.number] = uscc
        if inp.enterprise_data:
            first = self.seen.setdefault(uscc, inp.number)
            if first != inp.number:
                inp.problems.append(Problem(inp.number, self.uscc_column, "uscc",
                                            Message(MSG_REPEATED, {"row": first})))
        name = inp.contact.get("name")
        if name and name.strip():
            first = self.seen_contacts.setdefault((uscc, _name_key(name)), inp.number)
            if first != inp.number:
                column = self.reader.field_columns.get("contact_name")
                inp.problems.append(Problem(inp.number, column, "contact_name", Message(
                    MSG_REPEATED_CONTACT, {"name": name.strip(), "row": first})))

    def _existing(self, usccs: set[str]) -> dict[str, Enterprise]:
        if not usccs:
            return {}
        rows = self.session.exec(select(Enterprise).where(col(Enterprise.uscc).in_(usccs)))
        return {r.uscc: r for r in rows}

    def _contacts(self, ids: list[int]) -> dict[int, list[Contact]]:
        found: dict[int, list[Contact]] = {}
        if ids:
            for row in self.session.exec(select(Contact).where(
                    col(Contact.enterprise_id).in_(ids), col(Contact.deleted_at).is_(None))):
                found.setdefault(row.enterprise_id, []).append(row)
        return found

    def _links(self, ids: list[int]) -> set[tuple[int, int]]:
        if not ids:
            return set()
        return set(self.session.exec(select(ZoneLink.enterprise_id, ZoneLink.zone_id).where(
            col(ZoneLink.enterprise_id).in_(ids), col(ZoneLink.deleted_at).is_(None))).all())

    def _reject(self, inp: RowInput, uscc: str | None, problems: list[Problem]) -> None:
        for problem in problems:
            self.report.add_problem(problem)
        name = inp.enterprise.get("name_zh")
        self.report.add_result(RowResult(inp.number, REJECTED, uscc or inp.uscc,
                                         name if isinstance(name, str) else None))

    def _problems(self, inp: RowInput, exc: ValidationError, prefix: str = "") -> list[Problem]:
        out = []
        for error in exc.errors:
            key = prefix + error.field
            out.append(Problem(inp.number, self.reader.field_columns.get(key), key, error.message))
        return out

    # ---------------------------------------------------------------- per row
    def _row(self, inp: RowInput, uscc: str, row: Enterprise | None,
             contacts: dict[int, list[Contact]], links: set[tuple[int, int]]) -> None:
        if row is not None and row.deleted_at is not None:
            raise _Rejected([Problem(inp.number, self.uscc_column, "uscc", Message(
                MSG_IN_BIN, {"name": row.name_zh, "id": row.id}))])
        if row is None and uscc in self.created:  # added to by an earlier row of the file
            self._more(inp, uscc)
        elif row is None:
            if not inp.enterprise_data:
                raise _Rejected([Problem(inp.number, self.uscc_column, "uscc",
                                         Message(MSG_UNKNOWN))])
            self._create(inp, uscc)
        else:
            self._update(inp, uscc, row, contacts.get(row.id or 0, []), links)

    def _contact_values(self, inp: RowInput, current: dict[str, Any] | None = None
                        ) -> dict[str, Any]:
        """The contact as it would be saved, checked with the contact form's rules."""
        wanted = {k: v for k, v in inp.contact.items() if not _empty(v) and str(v).strip()}
        if self.options.empty_clears and current is not None:
            for name in _CONTACT_FIELDS:
                if name != "name" and f"contact_{name}" in self.reader.field_columns:
                    wanted.setdefault(name, None)
        base = current or {"languages": [], "notes": None}
        values = {**base, **wanted}
        if not values.get("name"):
            raise _Rejected([Problem(inp.number, None, "contact_name", Message(MSG_CONTACT_NAME))])
        try:
            records.parse_input(ContactCreate, {**values, "enterprise_id": 1})
            return contact_kind.check(self.session, values, None)
        except ValidationError as exc:
            raise _Rejected(self._problems(inp, exc, "contact_")) from None

    def _create(self, inp: RowInput, uscc: str) -> None:
        data = {k: v for k, v in inp.enterprise.items() if k in USER_FIELDS}
        data["uscc"] = uscc
        try:
            values = checks.check(records.parse_input(EnterpriseCreate, data).model_dump(),
                                  today=self.today)
            self._check_links(values, None)
        except ValidationError as exc:
            raise _Rejected(self._problems(inp, exc)) from None
        contact = self._contact_values(inp) if inp.contact else None
        enterprise_id = None
        if self.writer is not None:
            enterprise_id = self.writer.create_enterprise(values, derived.derive(values))
            if contact is not None:
                self.writer.create_contact(enterprise_id, contact)
            for zone_id in inp.zones:
                self.writer.create_link(enterprise_id, zone_id)
        self.created[uscc] = enterprise_id
        self.new_links.update((uscc, z) for z in inp.zones)
        self.report.contacts_created += contact is not None
        self.report.links_created += len(inp.zones)
        self.report.add_result(RowResult(inp.number, CREATE, uscc, values["name_zh"],
                                         enterprise_id, tuple(sorted(data))))
        for warning in checks.warnings(values):  # imported, but the user should look twice
            self.report.add_warning(Message(MSG_ROW_COLUMN, {
                "row": inp.number, "column": self.uscc_column, "message": warning.message}))

    def _more(self, inp: RowInput, uscc: str) -> None:
        """Contact or zones for an enterprise an earlier row of the file creates."""
        enterprise_id = self.created[uscc]
        contact = self._contact_values(inp) if inp.contact else None
        zones = [z for z in inp.zones if (uscc, z) not in self.new_links]
        if self.writer is not None and enterprise_id is not None:
            if contact is not None:
                self.writer.create_contact(enterprise_id, contact)
            for zone_id in zones:
                self.writer.create_link(enterprise_id, zone_id)
        self.new_links.update((uscc, z) for z in zones)
        self.report.contacts_created += contact is not None
        self.report.links_created += len(zones)
        action = UPDATE if contact is not None or zones else UNCHANGED
        self.report.add_result(RowResult(inp.number, action, uscc, None, enterprise_id))

    def _wanted(self, inp: RowInput) -> dict[str, Any]:
        wanted = {k: v for k, v in inp.enterprise.items() if k in USER_FIELDS and k != "uscc"}
        contacts_only = not inp.enterprise_data and bool(inp.contact or inp.zones)
        if self.options.empty_clears and not contacts_only:
            for name in inp.empty:
                if name in USER_FIELDS and name not in _NEVER_CLEARED and name not in wanted:
                    wanted[name] = [] if name in LIST_FIELDS else None
        return wanted

    def _merge(self, inp: RowInput, current: dict[str, Any], wanted: dict[str, Any]
               ) -> dict[str, tuple[Any, Any]]:
        """{field: (old, new)} of what the row changes, checked with the form's rules."""
        try:
            wanted = records.parse_input(EnterpriseUpdate, wanted).model_dump(exclude_unset=True)
            base = dict(current)
            touched = set(wanted)
            if "city_code" in wanted and wanted["city_code"] != current["city_code"]:
                base["city_zh"] = base["city_en"] = None
                touched |= {"city_zh", "city_en", "province_code"}
            merged = checks.check({**base, **wanted}, today=self.today)
            self._check_links(merged, current)
        except ValidationError as exc:
            raise _Rejected(self._problems(inp, exc)) from None
        return {k: (current[k], merged.get(k)) for k in sorted(touched)
                if not _same(current[k], merged.get(k))}

    def _update(self, inp: RowInput, uscc: str, row: Enterprise, contacts: list[Contact],
                links: set[tuple[int, int]]) -> None:
        current = {k: getattr(row, k) for k in USER_FIELDS}
        wanted = self._wanted(inp)
        changes = proposed = self._merge(inp, current, wanted)
        clashes = [k for k in changes if k in wanted and not _empty(current[k])]
        kept = {k for k in clashes if self.options.conflicts == "keep"
                or (uscc, k) in self.options.keep}
        if kept:
            changes = self._merge(inp, current, {k: v for k, v in wanted.items() if k not in kept})
        contact_row, contact_changes, contact_new = self._contact_update(inp, uscc, contacts)
        zones = [z for z in inp.zones if (row.id, z) not in links
                 and (uscc, z) not in self.new_links]
        for name in clashes:
            self.report.add_conflict(Conflict(
                inp.number, uscc, row.name_zh, name, self.reader.field_columns.get(name),
                self._shown(name, current[name]), self._shown(name, proposed[name][1]),
                name in kept))
        if self.writer is not None:
            if changes:
                new = {**current, **{k: v for k, (_o, v) in changes.items()}}
                derived = checks.derive(new) if DERIVED_FROM & set(changes) else {}
                self.writer.update("enterprise", row, changes, derived, ("size_class",))
            if contact_row is not None and contact_changes:
                self.writer.update("contact", contact_row, contact_changes)
            if contact_new is not None:
                self.writer.create_contact(row.id or 0, contact_new)
            for zone_id in zones:
                self.writer.create_link(row.id or 0, zone_id)
        self.new_links.update((uscc, z) for z in zones)
        self.report.contacts_created += contact_new is not None
        self.report.contacts_updated += bool(contact_changes)
        self.report.links_created += len(zones)
        action = UPDATE if changes or contact_changes or contact_new or zones else UNCHANGED
        self.report.add_result(RowResult(inp.number, action, uscc, row.name_zh, row.id,
                                         tuple(changes)))

    def _check_links(self, values: dict[str, Any], current: dict[str, Any] | None) -> None:
        """The form's rule for the cluster and pilot-city links: a new link to an item in
        the recycle bin is refused (a link the record already has stays)."""
        if self.has_programmes:
            errors = programmes.link_errors(self.session, values, current)
            if errors:
                raise ValidationError(errors)

    def _shown(self, name: str, value: Any) -> Any:
        """A conflict's value as the user knows it: a cluster or pilot city by its name."""
        kind = {"cluster_id": "cluster", "pilot_city_id": "pilot_city"}.get(name)
        if kind is None or self.programmes is None or value is None:
            return value
        return self.programmes.name(kind, value) or value  # type: ignore[arg-type]

    def _contact_update(self, inp: RowInput, uscc: str, contacts: list[Contact]
                        ) -> tuple[Contact | None, dict[str, tuple[Any, Any]], dict[str, Any] | None]:
        """(existing contact, its changes, or the values of a new contact)."""
        if not inp.contact:
            return None, {}, None
        name = _name_key(inp.contact.get("name"))
        match = next((k for k in contacts if name and _name_key(k.name) == name), None)
        if match is None:
            return None, {}, self._contact_values(inp)
        current = {k: getattr(match, k) for k in ContactUpdate.model_fields}
        values = self._contact_values(inp, current)
        changes = {k: (current[k], values.get(k)) for k in _CONTACT_FIELDS
                   if not _same(current[k], values.get(k))}
        for key, (old, new) in list(changes.items()):
            if _empty(old):
                continue
            field_key = f"contact_{key}"
            kept = self.options.conflicts == "keep" or (uscc, field_key) in self.options.keep
            self.report.add_conflict(Conflict(inp.number, uscc, match.name, field_key,
                                              self.reader.field_columns.get(field_key), old, new,
                                              kept))
            if kept:
                del changes[key]
        return match, changes, None


class _Rejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(len(problems))


# -------------------------------------------------------------------- entry points
def _mapping_for(table: Table, mapping: Mapping | str | Path | None) -> Mapping:
    if mapping is None:
        return auto_map(table.headers)
    if isinstance(mapping, str | Path):
        return load_mapping(mapping, table.headers)
    if mapping.headers != table.headers:
        raise CoopError(MSG_MAPPING_MISMATCH, name=table.name)
    return mapping


def _report(table: Table, mapping: Mapping, dry_run: bool) -> ImportReport:
    report = ImportReport(table.name, table.kind, dry_run, mapping, table.headers,
                          table.header_row, table.sheet, table.encoding, table.delimiter,
                          fingerprint(table.path))
    for column in mapping.columns:
        if column.target and TARGETS[column.target].money and column.unit is None:
            report.warnings.append(Message(MSG_NO_UNIT, {"column": column.header}))
    return report


def _chunks(rows: Iterable[Row]) -> Iterable[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run(db: Database, path: str | Path, mapping: Mapping | str | Path | None,
         options: ImportOptions | None, *, write: bool, backup: bool,
         backup_dir: Path | str | None, expected: tuple[int, int] | None
         ) -> Generator[tuple[int, int], None, ImportReport]:
    started = time.perf_counter()
    options = options or ImportOptions()
    if write and (db.read_only or db.damaged):  # refused before the backup
        if db.damaged:
            raise db._damaged_error()
        from coop_desktop.db import MSG_READ_ONLY
        from coop_desktop.errors import ReadOnlyDatabaseError

        raise ReadOnlyDatabaseError(MSG_READ_ONLY, path=str(db.path or ""))
    with open_table(path, options.read) as table:
        used = _mapping_for(table, mapping)
        used.check()
        report = _report(table, used, dry_run=not write)
        if expected is not None and tuple(expected) != report.fingerprint:
            raise CoopError(MSG_FILE_CHANGED, name=table.name)
        yield table.position()
        if write and backup:
            from coop_desktop.services.backups import take_backup

            report.backup = take_backup(db, reason="before-import", backup_dir=backup_dir).path
            yield table.position()
        with db.session(write=write) as session:
            writer = None
            if write:
                report.batch_id = uuid.uuid4().hex
                writer = BatchWriter(session, db.actor, report.batch_id)
            run = _Run(session, table, used, options, report, writer)
            for chunk in _chunks(table.rows()):
                run.chunk(chunk)
                done, total = table.position()
                yield min(done, total - 1) if total else done, total
            if writer is not None:
                changed = bool(report.created or report.updated)
                writer.finish({"file": table.name, "sheet": table.sheet, "rows": report.rows,
                               "created": report.created, "updated": report.updated,
                               "rejected": report.rejected} if changed else None)
                if not changed:
                    report.batch_id = None  # nothing was written: no batch to undo
        done, total = table.position()
    if report.rows == 0:
        report.warnings.append(Message(MSG_NO_ROWS, {"name": report.file}))
    report.seconds = time.perf_counter() - started
    yield total, total
    return report


def plan_iter(db: Database, path: str | Path, mapping: Mapping | str | Path | None = None,
              options: ImportOptions | None = None
              ) -> Generator[tuple[int, int], None, ImportReport]:
    """The dry run (see the module docstring): what an import would do, nothing written."""
    return _run(db, path, mapping, options, write=False, backup=False, backup_dir=None,
                expected=None)


def apply_iter(db: Database, path: str | Path, mapping: Mapping | str | Path | None = None,
               options: ImportOptions | None = None, *, backup: bool = True,
               backup_dir: Path | str | None = None, expected: tuple[int, int] | None = None
               ) -> Generator[tuple[int, int], None, ImportReport]:
    """The import (see the module docstring). ``expected``: the plan's ``fingerprint`` —
    the import is refused if the file has changed since."""
    return _run(db, path, mapping, options, write=True, backup=backup, backup_dir=backup_dir,
                expected=expected)


def _drive(it: Generator[tuple[int, int], None, ImportReport],
           progress: Callable[[int, int], object] | None) -> ImportReport:
    while True:
        try:
            done, total = next(it)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if progress is not None:
            progress(done, total)


def plan(db: Database, path: str | Path, mapping: Mapping | str | Path | None = None,
         options: ImportOptions | None = None, *,
         progress: Callable[[int, int], object] | None = None) -> ImportReport:
    """:func:`plan_iter` run to the end."""
    return _drive(plan_iter(db, path, mapping, options), progress)


def apply(db: Database, path: str | Path, mapping: Mapping | str | Path | None = None,
          options: ImportOptions | None = None, *, backup: bool = True,
          backup_dir: Path | str | None = None, expected: tuple[int, int] | None = None,
          progress: Callable[[int, int], object] | None = None) -> ImportReport:
    """:func:`apply_iter` run to the end."""
    return _drive(apply_iter(db, path, mapping, options, backup=backup, backup_dir=backup_dir,
                             expected=expected), progress)


__all__ = ["CHUNK", "ImportOptions", "apply", "apply_iter", "fingerprint", "plan", "plan_iter"]
