"""Writing a demo run: bulk inserts into the caller's transaction, full-text indexing and
one audit row per record on a helper thread (see the package docstring, "Speed")."""

from __future__ import annotations

import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any, ClassVar

from sqlalchemy import Connection, func, insert, literal, select

from coop_desktop.db.bulk import BulkInserter as _Inserter
from coop_desktop.db.bulk import FtsBulk as _FtsBulk
from coop_desktop.models import (
    AuditAction,
    AuditEntry,
    Contact,
    Enterprise,
    EnterpriseYear,
    Interaction,
    SrdiTitle,
    SrdiTitleEvent,
    ZoneLink,
    utcnow,
)

#: SQLite page cache during a run, KiB (the connection's own setting is restored after).
CACHE_KIB = 256 * 1024


class Store:
    """Writes the rows of one run into the caller's open transaction.

    Per chunk, the main thread inserts the rows (one ``executemany`` per table, ids
    assigned here: max + 1 per table, read while the run holds the write lock); then the
    chunk's full-text indexing and audit rows — one ``INSERT … SELECT`` each, long C calls
    that release the GIL — run on a helper thread while the main thread draws the next
    chunk. The connection is never used by both threads at once: :meth:`write` waits for
    the previous chunk's helper work first, and :meth:`close` waits before the transaction
    ends (committed or rolled back).
    """

    #: The related records by their key in ``children``, in insert order (a title before
    #: its events). Title events name their title by its index (``_title``).
    CHILDREN: ClassVar[dict[str, Any]] = {
        "titles": SrdiTitle, "title_events": SrdiTitleEvent, "years": EnterpriseYear,
        "contacts": Contact, "interactions": Interaction, "zone_links": ZoneLink}

    def __init__(self, conn: Connection, actor: str) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite" and conn.dialect.paramstyle == "qmark"
        self.fts = _FtsBulk(conn)  # its DROP TRIGGER takes the write lock before ids are read
        self.cache_size: int | None = None
        if self.sqlite:  # index pages of a growing database: keep them in memory for the run
            self.cache_size = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            conn.exec_driver_sql(f"PRAGMA cache_size = {-CACHE_KIB}")
        self.actor = actor
        self.now = utcnow()
        self.op_id = uuid.uuid4().hex
        self.tables: dict[str, Any] = {
            "enterprise": Enterprise.__table__}  # type: ignore[attr-defined]
        for model in self.CHILDREN.values():
            self.tables[model.__tablename__] = model.__table__
        self.child_table = {key: model.__tablename__ for key, model in self.CHILDREN.items()}
        self.next_id = {
            name: int(conn.execute(select(func.coalesce(func.max(tbl.c.id), 0))).scalar_one()) + 1
            for name, tbl in self.tables.items()}
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in self.tables}
        self.counts = {name: 0 for name in self.tables}
        self.inserters = {name: _Inserter(conn, tbl) for name, tbl in self.tables.items()}
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="demo-index") if self.sqlite else None
        self.pending: Future[None] | None = None

    def add(self, row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> None:
        ent_id = row["id"] = self.next_id["enterprise"]
        self.next_id["enterprise"] += 1
        self.rows["enterprise"].append(row)
        titles = children.get("titles", ())
        for key, rows in children.items():
            name = self.child_table[key]
            for child in rows:
                child["id"] = self.next_id[name]
                self.next_id[name] += 1
                if key == "title_events":
                    child["title_id"] = titles[child.pop("_title")]["id"]
                else:
                    child["enterprise_id"] = ent_id
                child["created_at"] = child["updated_at"] = self.now
                child["deleted_at"] = None
                self.rows[name].append(child)

    def write(self) -> None:
        """Insert the buffered chunk; index and audit it (in the background on SQLite)."""
        self.wait()
        ranges: list[tuple[str, int, int]] = []
        for name, rows in self.rows.items():  # enterprises first: children refer to them
            if rows:
                self.inserters[name](rows)
                ranges.append((name, rows[0]["id"], rows[-1]["id"]))
                self.counts[name] += len(rows)
                self.rows[name] = []
        if self.pool is not None:
            self.pending = self.pool.submit(self._index_and_audit, ranges)
        else:
            self._index_and_audit(ranges)

    def _index_and_audit(self, ranges: list[tuple[str, int, int]]) -> None:
        audit = AuditEntry.__table__  # type: ignore[attr-defined]
        if not self.sqlite:  # portable path, on the caller's thread
            for name, lo, hi in ranges:
                tbl = self.tables[name]
                self.conn.execute(insert(audit).from_select(
                    ["op_id", "at", "actor", "action", "entity", "entity_id"],
                    select(literal(self.op_id), literal(self.now, audit.c.at.type),
                           literal(self.actor), literal(AuditAction.CREATE.value),
                           literal(name), tbl.c.id).where(tbl.c.id.between(lo, hi))))
            return
        dbapi = self.conn.connection.dbapi_connection
        assert dbapi is not None
        for name, lo, hi in ranges:
            if name == "enterprise":
                self.fts.index(dbapi, lo, hi)
        at = audit.c.at.type.dialect_impl(self.conn.dialect).bind_processor(self.conn.dialect)
        for name, lo, hi in ranges:
            dbapi.execute(
                f"INSERT INTO audit_log (op_id, at, actor, action, entity, entity_id) "
                f"SELECT ?, ?, ?, ?, ?, id FROM {name} WHERE id BETWEEN ? AND ? ORDER BY id",
                (self.op_id, at(self.now) if at else self.now, self.actor,
                 AuditAction.CREATE.value, name, lo, hi))

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # re-raises the helper's error here

    def finish(self) -> None:
        self.wait()
        self.fts.restore()

    def close(self) -> None:
        """Always called: never let the transaction end while the helper uses it."""
        if self.pending is not None:
            futures_wait([self.pending])
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        if self.cache_size is not None:  # the connection goes back to the pool: as it was
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {self.cache_size}")

