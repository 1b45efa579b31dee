"""Undoing a whole import batch, from the audit trail (no schema change).

An import writes every change under one audit ``op_id`` — the batch id — and one row
that records the batch (``entity="import"``, see :mod:`.import_write`). Undo reads them back:

* every field the import changed gets its previous value again (the audit row's
  ``old_value``, read back into the field's type), and the derived columns are recomputed;
* every record the import created — enterprises, and the contacts and zone links it added,
  also to existing enterprises — goes to the recycle bin (nothing is ever erased);
* all in one write transaction, audited under a new ``op_id``, ending with a row that
  marks the batch undone (a second undo is refused).

**Records changed since.** If anything was recorded after the import on a record the batch
touched (an edit, a delete, another import), or a created enterprise has gained records of
its own since (a title, an interaction, an application…), undoing it would throw that work
away. :func:`undo_iter` then raises :class:`UndoRefused` before changing anything; its
``changed`` lists the enterprises concerned. With ``skip_changed=True`` those enterprises
(with everything the batch did to them and their contacts and links) are left as they
are, and the rest is undone (the report lists the skipped ones).

API: :func:`batches` (the imports, newest first, for an "Undo an import" list),
:func:`undo_iter` (a generator of ``(done, total)``; closing it changes nothing) and
:func:`undo`.
"""

from __future__ import annotations

import json
import types
import typing
import uuid
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import text as sql
from sqlmodel import Session, col, select

from coop_desktop.db import Database
from coop_desktop.errors import ConflictError, CoopError
from coop_desktop.exchange.import_write import BATCH_ENTITY, BATCH_FIELD, UNDO_FIELD
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    AuditAction, AuditEntry, Contact, Enterprise, EnterpriseCreate, ZoneLink, utcnow,
)
from coop_desktop.services import enterprise_checks as checks
from coop_desktop.services.audit import AuditWriter

MSG_NO_BATCH = N_("There is no import with the batch number {batch}.")
MSG_UNDONE = N_("The import {batch} has already been undone.")
MSG_CHANGED = N_("{count} enterprises of the import {batch} were changed after it (for example "
                 "“{name}”). Nothing was undone. Undo the rest and leave those as they are, or "
                 "undo nothing.")

_TABLES = {"enterprise": Enterprise, "contact": Contact, "zone_link": ZoneLink}
_IN = 500


@dataclass(frozen=True)
class BatchInfo:
    """One import, for a list: when, who, which file, what it did, whether undone."""

    batch_id: str
    at: datetime
    actor: str
    file: str
    sheet: str | None
    rows: int
    created: int
    updated: int
    rejected: int
    undone: bool


@dataclass(frozen=True)
class ChangedEnterprise:
    enterprise_id: int
    name: str


@dataclass
class UndoReport:
    batch_id: str
    undo_id: str | None = None
    #: Fields given back their previous value, and the records they belong to.
    fields_restored: int = 0
    records_restored: int = 0
    #: Records the import created, now in the recycle bin.
    enterprises_removed: int = 0
    contacts_removed: int = 0
    links_removed: int = 0
    skipped: list[ChangedEnterprise] = field(default_factory=list)


class UndoRefused(ConflictError):
    """Records of the batch changed since the import; nothing was undone. ``changed``."""

    def __init__(self, batch: str, changed: list[ChangedEnterprise]) -> None:
        self.changed = changed
        super().__init__(MSG_CHANGED, batch=batch, count=len(changed),
                         name=changed[0].name if changed else "")


def batches(db: Database, *, limit: int = 50) -> list[BatchInfo]:
    """The imports recorded in the database, newest first."""
    with db.read() as session:
        marks = session.exec(select(AuditEntry).where(
            AuditEntry.entity == BATCH_ENTITY, AuditEntry.field == BATCH_FIELD)
            .order_by(col(AuditEntry.id).desc()).limit(limit)).all()
        undone = set(session.exec(select(AuditEntry.old_value).where(
            AuditEntry.entity == BATCH_ENTITY, AuditEntry.field == UNDO_FIELD)).all())
    out = []
    for mark in marks:
        try:
            info = json.loads(mark.new_value or "{}")
        except ValueError:
            info = {}
        out.append(BatchInfo(mark.op_id, mark.at, mark.actor, str(info.get("file", "")),
                             info.get("sheet"), int(info.get("rows", 0)),
                             int(info.get("created", 0)), int(info.get("updated", 0)),
                             int(info.get("rejected", 0)), mark.op_id in undone))
    return out


def from_text(model: type, name: str, value: str | None) -> Any:
    """A field's value from its audit text (``services.audit.to_text`` in reverse)."""
    kind = model.model_fields[name].annotation  # type: ignore[attr-defined]
    if typing.get_origin(kind) in (typing.Union, types.UnionType):  # X | None
        kind = next(t for t in typing.get_args(kind) if t is not type(None))
    origin = typing.get_origin(kind)
    if value is None:
        return [] if origin is list else None
    if origin is list:
        return list(json.loads(value))
    if kind is bool:
        return value == "true"
    if kind is int:
        return int(value)
    if kind is Decimal:
        return Decimal(value)
    if kind is date:
        return date.fromisoformat(value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    return value


@dataclass
class _Group:
    """What the batch did to one enterprise and its contacts and links."""

    enterprise_id: int
    created: list[tuple[str, int]] = field(default_factory=list)
    updated: dict[tuple[str, int], dict[str, str | None]] = field(default_factory=dict)


def _children_tables(session: Session) -> list[str]:
    """Tables with an ``enterprise_id`` column (titles, contacts, applications…)."""
    from coop_desktop.models import metadata

    return [t.name for t in metadata.sorted_tables if "enterprise_id" in t.c]


def _load(session: Session, batch: str) -> tuple[list[AuditEntry], int]:
    mark = session.exec(select(AuditEntry).where(
        AuditEntry.op_id == batch, AuditEntry.entity == BATCH_ENTITY,
        AuditEntry.field == BATCH_FIELD)).first()
    if mark is None:
        raise CoopError(MSG_NO_BATCH, batch=batch)
    again = session.exec(select(AuditEntry.id).where(
        AuditEntry.entity == BATCH_ENTITY, AuditEntry.field == UNDO_FIELD,
        AuditEntry.old_value == batch)).first()
    if again is not None:
        raise CoopError(MSG_UNDONE, batch=batch)
    entries = list(session.exec(select(AuditEntry).where(AuditEntry.op_id == batch)
                                .order_by(col(AuditEntry.id))).all())
    return entries, max(e.id or 0 for e in entries)


def _groups(session: Session, entries: list[AuditEntry]) -> dict[int, _Group]:
    parent: dict[tuple[str, int], int] = {}
    records = {(e.entity, e.entity_id) for e in entries if e.entity in _TABLES}
    for entity in ("contact", "zone_link"):
        ids = [i for kind, i in records if kind == entity]
        table = _TABLES[entity]
        for start in range(0, len(ids), _IN):
            for row_id, enterprise_id in session.exec(select(table.id, table.enterprise_id)
                                                      .where(col(table.id).in_(ids[start:start + _IN]))):
                parent[(entity, row_id)] = enterprise_id
    groups: dict[int, _Group] = {}
    for e in entries:
        if e.entity not in _TABLES:
            continue
        key = (e.entity, e.entity_id)
        owner = e.entity_id if e.entity == "enterprise" else parent.get(key)
        if owner is None:
            continue
        group = groups.setdefault(owner, _Group(owner))
        if e.action == AuditAction.CREATE.value and e.field is None:
            group.created.append(key)
        elif e.action == AuditAction.UPDATE.value and e.field is not None:
            group.updated.setdefault(key, {}).setdefault(e.field, e.old_value)
    return groups


def _changed_since(session: Session, groups: dict[int, _Group], last: int) -> set[int]:
    """Enterprises whose records have audit rows after the batch, or new records of their
    own (for enterprises the batch created)."""
    owner: dict[tuple[str, int], int] = {}
    created: dict[str, set[int]] = {}
    for group in groups.values():
        for key in group.created + list(group.updated):
            owner[key] = group.enterprise_id
        for entity, row_id in group.created:
            created.setdefault(entity, set()).add(row_id)
    changed: set[int] = set()
    by_entity: dict[str, list[int]] = {}
    for entity, row_id in owner:
        by_entity.setdefault(entity, []).append(row_id)
    for entity, ids in by_entity.items():
        for start in range(0, len(ids), _IN):
            part = ids[start:start + _IN]
            for row_id in session.exec(select(AuditEntry.entity_id).where(
                    col(AuditEntry.id) > last, AuditEntry.entity == entity,
                    col(AuditEntry.entity_id).in_(part)).distinct()):  # (scalars: one column)
                changed.add(owner[(entity, row_id)])
    new_ids = sorted(created.get("enterprise", ()))
    conn = session.connection()
    for table in _children_tables(session):
        mine = created.get(table, set())
        for start in range(0, len(new_ids), _IN):
            part = new_ids[start:start + _IN]
            marks = ", ".join(str(int(i)) for i in part)
            for row_id, enterprise_id in conn.execute(sql(
                    f'SELECT id, enterprise_id FROM "{table}" WHERE enterprise_id IN ({marks})')):
                if row_id not in mine:
                    changed.add(enterprise_id)
    return changed


def undo_iter(db: Database, batch_id: str, *, skip_changed: bool = False
              ) -> Generator[tuple[int, int], None, UndoReport]:
    """Undo the import ``batch_id`` (see the module docstring); yields ``(done, total)``
    in enterprises, the last pair after the commit."""
    report = UndoReport(batch_id)
    with db.session() as session:
        entries, last = _load(session, batch_id)
        groups = _groups(session, entries)
        changed = _changed_since(session, groups, last)
        if changed:
            names = dict(session.exec(select(Enterprise.id, Enterprise.name_zh).where(
                col(Enterprise.id).in_(sorted(changed)[:_IN]))).all())
            report.skipped = [ChangedEnterprise(i, names.get(i, str(i))) for i in sorted(changed)]
            if not skip_changed:
                raise UndoRefused(batch_id, report.skipped)
        audit = AuditWriter(session, db.actor)
        report.undo_id = audit.op_id
        todo = [g for g in groups.values() if g.enterprise_id not in changed]
        total = len(todo)
        yield 0, total
        now = utcnow()
        for done, group in enumerate(todo, 1):
            _undo_group(session, audit, group, report, now)
            if done % 200 == 0 and done < total:
                session.flush()
                yield done, total
        session.add(AuditEntry(op_id=audit.op_id, actor=db.actor, action=AuditAction.DELETE.value,
                               entity=BATCH_ENTITY, entity_id=0, field=UNDO_FIELD,
                               old_value=batch_id, new_value=json.dumps({
                                   "skipped": [s.enterprise_id for s in report.skipped]})))
    yield total, total
    return report


def _undo_group(session: Session, audit: AuditWriter, group: _Group, report: UndoReport,
                now: datetime) -> None:
    for (entity, row_id), olds in group.updated.items():
        table = _TABLES[entity]
        row = session.get(table, row_id)
        if row is None:
            continue
        model = EnterpriseCreate if entity == "enterprise" else table
        changes: dict[str, tuple[Any, Any]] = {}
        for name, old_text in olds.items():
            if name not in model.model_fields:  # a derived column (size class): recomputed
                continue
            old = from_text(model, name, old_text)
            current = getattr(row, name)
            if current != old:
                changes[name] = (current, old)
                setattr(row, name, old)
        if entity == "enterprise":
            values = {k: getattr(row, k) for k in EnterpriseCreate.model_fields}
            for name, value in checks.derive(values).items():
                if getattr(row, name) != value:
                    if name == "size_class":
                        changes[name] = (getattr(row, name), value)
                    setattr(row, name, value)
        if changes:
            row.updated_at = now
            session.add(row)
            audit.updated(entity, row_id, changes)
            report.fields_restored += len(changes)
            report.records_restored += 1
    for entity, row_id in sorted(group.created, key=lambda k: k[0] == "enterprise"):
        row = session.get(_TABLES[entity], row_id)
        if row is None or row.deleted_at is not None:
            continue
        row.deleted_at = now
        session.add(row)
        audit.deleted(entity, row_id)
        if entity == "enterprise":
            report.enterprises_removed += 1
        elif entity == "contact":
            report.contacts_removed += 1
        else:
            report.links_removed += 1


def undo(db: Database, batch_id: str, *, skip_changed: bool = False,
         progress: Callable[[int, int], object] | None = None) -> UndoReport:
    """:func:`undo_iter` run to the end."""
    it = undo_iter(db, batch_id, skip_changed=skip_changed)
    while True:
        try:
            done, total = next(it)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        if progress is not None:
            progress(done, total)


__all__ = ["BatchInfo", "ChangedEnterprise", "UndoRefused", "UndoReport", "batches",
           "from_text", "undo", "undo_iter"]
