"""Writing an import batch: bulk inserts and the audit trail, inside the caller's transaction.

The importer hands each accepted row's changes to a :class:`BatchWriter`, which buffers
them and writes a chunk at a time: new enterprises, contacts and zone links with one
``executemany`` per table (ids given here: the write transaction holds SQLite's write lock,
so ``max(id) + 1`` is ours), updates of existing records through the ORM objects the
importer read (so the input-limit guard checks them too), and the audit rows with one
``executemany``. The bulk inserts and the full-text indexing of new enterprises per chunk
(the per-row trigger is dropped for the transaction and re-created from its own SQL before
the commit; a rollback restores it too) are the demo generator's (``coop_desktop.demo``
``db.bulk.BulkInserter`` and ``FtsBulk``, measured there).

The audit trail, all under the batch's ``op_id``: one ``update`` row per changed field with
the old and the new value (what undo puts back), as the services write them; one ``create``
row per created record (enterprise, contact, zone link) — not one more per filled field as
a form's save writes (:data:`FIELD_ROWS_FOR_CREATED`): the created record holds exactly
those values, and they would be ~30 rows per enterprise (a quarter of the time of a
10,000-row import, and the bulk of the audit table), which is why the demo generator writes
one row per record too; and a last row (``entity`` :data:`BATCH_ENTITY`) that records the
batch itself (file, counts), which is what ``undo`` and ``batches`` look for.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from coop_desktop.models import AuditAction, AuditEntry, Contact, Enterprise, ZoneLink, utcnow
from coop_desktop.services.audit import to_text

#: Whether a created record also gets one audit row per filled field (see the docstring).
FIELD_ROWS_FOR_CREATED = False
#: The audit ``entity`` of the row that records an import batch (not a table).
BATCH_ENTITY = "import"
#: Its ``field`` for an import, and for the undo of one (``old_value``: the batch id).
BATCH_FIELD, UNDO_FIELD = "file", "undo"

_TABLES = {"enterprise": Enterprise, "contact": Contact, "zone_link": ZoneLink}


def _empty(value: Any) -> bool:
    return value in (None, "", [], ())


class BatchWriter:
    """Buffers one chunk of a batch and writes it (see the module docstring)."""

    def __init__(self, session: Session, actor: str, op_id: str) -> None:
        self.session = session
        self.actor = actor
        self.op_id = op_id
        self.now = utcnow()
        self.next_id: dict[str, int] = {}
        for name, model in _TABLES.items():
            table = model.__table__  # type: ignore[attr-defined]
            top = session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
            self.next_id[name] = int(top) + 1
        self.columns = {name: [c.name for c in model.__table__.columns]  # type: ignore[attr-defined]
                        for name, model in _TABLES.items()}
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _TABLES}
        self.audit: list[tuple[Any, ...]] = []
        self.dirty: list[Any] = []
        from coop_desktop.db.bulk import BulkInserter

        conn = session.connection()
        self.conn = conn
        self.fts: Any = None  # db.bulk.FtsBulk, made before the first new enterprise: flush()
        self.inserters = {name: BulkInserter(conn, model.__table__)  # type: ignore[attr-defined]
                          for name, model in _TABLES.items()}
        self.dbapi = conn.connection.dbapi_connection
        # Audit rows are many (one per filled field): plain tuples, the time converted once.
        at = AuditEntry.__table__.c.at.type  # type: ignore[attr-defined]
        process = at.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        self.at = process(self.now) if process else self.now
        self.audit_sql = ("INSERT INTO audit_log (op_id, at, actor, action, entity, entity_id, "
                          "field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")

    def _id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] += 1
        return value

    def _audit(self, action: AuditAction, entity: str, entity_id: int, field: str | None = None,
               old: Any = None, new: Any = None) -> None:
        self.audit.append((self.op_id, self.at, self.actor, action.value, entity, entity_id,
                           field, to_text(old), to_text(new)))

    def _created(self, entity: str, entity_id: int, values: dict[str, Any]) -> None:
        self._audit(AuditAction.CREATE, entity, entity_id)
        if not FIELD_ROWS_FOR_CREATED:
            return
        for name, value in values.items():
            if not _empty(value):
                self._audit(AuditAction.CREATE, entity, entity_id, name, None, value)

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        row_id = self._id(table)
        row = dict.fromkeys(self.columns[table])
        row.update(values)
        row.update(id=row_id, created_at=self.now, updated_at=self.now, deleted_at=None)
        self.rows[table].append(row)
        return row_id

    def create_enterprise(self, values: dict[str, Any], derived: dict[str, Any]) -> int:
        """A new enterprise from checked ``values`` and their ``derived`` columns."""
        row_id = self._insert("enterprise", {**values, **derived})
        self._created("enterprise", row_id, values)
        return row_id

    def create_contact(self, enterprise_id: int, values: dict[str, Any]) -> int:
        values = {**values, "enterprise_id": enterprise_id}
        row_id = self._insert("contact", values)
        self._created("contact", row_id, values)
        return row_id

    def create_link(self, enterprise_id: int, zone_id: int) -> int:
        values = {"enterprise_id": enterprise_id, "zone_id": zone_id, "status": "interested",
                  "status_since": None, "applied_on": None, "admitted_on": None, "notes": None}
        row_id = self._insert("zone_link", values)
        self._created("zone_link", row_id, values)
        return row_id

    def update(self, entity: str, row: Any, changes: dict[str, tuple[Any, Any]],
               derived: dict[str, Any] | None = None, audited: tuple[str, ...] = ()) -> None:
        """Set ``changes`` (field: (old, new)) on the ORM ``row``, and ``derived`` columns;
        the audit has every change and the ``audited`` derived ones (size class)."""
        for name, (old, new) in changes.items():
            setattr(row, name, new)
            self._audit(AuditAction.UPDATE, entity, row.id, name, old, new)
        for name, new in (derived or {}).items():
            old = getattr(row, name)
            if old != new:
                setattr(row, name, new)
                if name in audited:
                    self._audit(AuditAction.UPDATE, entity, row.id, name, old, new)
        row.updated_at = self.now
        self.dirty.append(row)

    def flush(self) -> None:
        """Write what is buffered (parents first), and index the new enterprises."""
        for name in ("enterprise", "contact", "zone_link"):
            rows = self.rows[name]
            if rows:
                if name == "enterprise" and self.fts is None:
                    from coop_desktop.db.bulk import FtsBulk

                    self.fts = FtsBulk(self.conn)  # drops the per-row trigger; see finish()
                self.inserters[name](rows)
                if name == "enterprise" and self.fts is not None:
                    self.fts.index(self.dbapi, rows[0]["id"], rows[-1]["id"])
                self.rows[name] = []
        if self.dirty:
            self.session.add_all(self.dirty)
            self.session.flush()
            self.dirty = []
        if self.audit:
            self.conn.exec_driver_sql(self.audit_sql, self.audit)
            self.audit = []

    def finish(self, summary: dict[str, Any] | None) -> None:
        """Write the rest and, with a ``summary`` (file, sheet, counts), the batch's own
        audit row; put the full-text trigger back. Must be called before the commit."""
        if summary is not None:
            self._audit(AuditAction.CREATE, BATCH_ENTITY, 0, BATCH_FIELD, None,
                        json.dumps(summary, ensure_ascii=False, sort_keys=True))
        self.flush()
        if self.fts is not None:
            self.fts.restore()


__all__ = ["BATCH_ENTITY", "BATCH_FIELD", "UNDO_FIELD", "BatchWriter"]
