"""The repairs of ``services.maintenance`` (see there for what each repair does)."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coop_desktop.db import Database, failures
from coop_desktop.errors import CoopError, ReadOnlyDatabaseError
from coop_desktop.i18n.catalog import N_
from coop_desktop.services import attachment_store as store
from coop_desktop.services import attachments
from coop_desktop.services import maintenance_db as mdb
from coop_desktop.services.maintenance_check import check_iter, details_of, mb
from coop_desktop.services.maintenance_progress import Plan, Progress, blocking, drive, run, scale
from coop_desktop.services.maintenance_report import (
    MAX_DETAILS,
    Change,
    CheckReport,
    Finding,
    Note,
    RepairReport,
)

C_REINDEX = N_("Rebuilt {count} database indexes from their tables ({indexes}).")
C_FTS_TRIGGERS = N_("Re-created {count} triggers that keep the search index up to date.")
C_FTS = N_("Rebuilt the search index {index} from the enterprise records.")
C_ORPHAN_REFS = N_("{table}: cleared {count} references to a record of “{parent}” that no longer "
                   "exists (field {column}); the records were kept and the old values are in the "
                   "change history.")
C_ADOPTED = N_("Copied {count} attachment files into the attachment folder {folder} from other "
               "folders, after checking their SHA-256 checksums.")
C_PARTIAL = N_("Removed {count} partial files ({size} MB) left by interrupted copies.")
C_PRIVATE = N_("Made {count} files and folders of the attachment folder private to you.")

R_DAMAGED = N_("The database file is damaged in a way that cannot be repaired in place, so "
               "nothing was changed. Restore the newest sound backup.")
R_FAILED = N_("This could not be repaired ({reason}); nothing of it was changed.")


class _Changes:
    def __init__(self) -> None:
        self.done: list[Change] = []
        self.failed: list[Finding] = []

    def add(self, kind: str, count: int, msgid: str, *, details: list[str] | tuple[str, ...] = (),
            subject: tuple[str, ...] = (), labels: dict[str, str] | None = None,
            **params: Any) -> None:
        self.done.append(Change(kind=kind, count=count, msgid=msgid,
                                params={"count": count, **params}, labels=labels or {},
                                details=details_of(details), subject=subject))

    def fail(self, finding: Finding, exc: BaseException) -> None:
        reason = str(exc.render() if isinstance(exc, CoopError) else exc) or type(exc).__name__
        self.failed.append(Finding(
            kind=finding.kind, count=finding.count, msgid=finding.msgid, params=finding.params,
            labels=finding.labels, details=(*finding.details[:MAX_DETAILS - 1], reason),
            subject=finding.subject, severity=finding.severity, repairable=True))


def repair_iter(db: Database, *, backup_dir: Path | str | None,
                report: CheckReport | None = None) -> Progress[RepairReport]:
    """Check, back up, repair what can be repaired, check again (see the module docstring).

    ``backup_dir``: where the backup before the repair goes (None: the backup folder of the
    settings). ``report``: the check of this database the user has just been shown; repair
    then starts from it instead of checking again (every repair re-reads what it changes,
    so a report a little out of date does no harm). Raises ``ReadOnlyDatabaseError`` for a
    read-only database, and ``BackupError`` (nothing changed) when no verified backup could
    be taken. A damaged file is not written to: the report's ``refused`` says so.
    """
    if db.read_only:
        from coop_desktop.db import MSG_READ_ONLY

        raise ReadOnlyDatabaseError(MSG_READ_ONLY, path=str(db.path or ""))
    started = time.perf_counter()
    if report is None:
        before = yield from run(Plan({"before": 1.0}, 0.0, 0.35), "before", check_iter(db))
    else:
        before = report
    todo = before.repairable
    if before.damaged:
        refused = Note(kind="database_damaged", count=1, msgid=R_DAMAGED)
        return RepairReport(before, before, refused=refused,
                            seconds=time.perf_counter() - started)
    if not todo:
        return RepairReport(before, before, seconds=time.perf_counter() - started)
    kinds = {f.kind for f in todo}
    rebuild = any(k in kinds for k in ("fts_out_of_step", "fts_triggers_missing"))
    size = db.path.stat().st_size if db.path else 0
    plan = Plan({
        "backup": 1.0 + size / 2e8,
        "database": 0.5 + before.steps.get("search_index", 0) * 2.5 * rebuild
        + before.steps.get("integrity", 0) * ("index_damaged" in kinds),
        "files": 0.1 + before.steps.get("attachments", 0) * ("attachment_elsewhere" in kinds),
        "after": before.seconds + 0.1,
    }, 0.35 if report is None else 0.0, 1.0)

    from coop_desktop.services import backups

    info = yield from run(plan, "backup", blocking(
        lambda: backups.take_backup(db, reason="before-repair", backup_dir=backup_dir),
        expected_s=1.0 + size / 2e8))
    changes = _Changes()
    yield from run(plan, "database", _repair_database(db, todo, changes))
    yield from run(plan, "files", _repair_files(db, todo, changes))
    after = yield from run(plan, "after", check_iter(db))
    return RepairReport(before, after, backup=Path(info.path), changes=changes.done,
                        failed=changes.failed, seconds=time.perf_counter() - started)


def repair(db: Database, *, backup_dir: Path | str | None, report: CheckReport | None = None,
           progress: Callable[[int, int], None] | None = None) -> RepairReport:
    """:func:`repair_iter` run to the end; ``progress(done, total)`` is called per step."""
    return drive(repair_iter(db, backup_dir=backup_dir, report=report), progress)


@contextmanager
def _repair_connection(db: Database) -> Iterator[sqlite3.Connection]:
    """The repair's one write transaction (``BEGIN IMMEDIATE``, waiting for other writers
    up to the busy timeout), on a plain connection of its own.

    Not ``db.session``: a database whose background check found damage is guarded
    (every connection of its engine is ``query_only``), and index damage is exactly what
    ``REINDEX`` mends. Repair only gets here after its own full ``integrity_check`` found
    no damage beyond indexes (anything else is refused before the backup). Failures come
    out as the application's errors.
    """
    from coop_desktop.db import sqlite as sqlite_impl

    raw = None
    try:
        if db.path is None:
            raw = db.engine.raw_connection()
            conn = raw.driver_connection
        else:
            conn = sqlite3.connect(str(db.path), isolation_level=None, check_same_thread=False,
                                   timeout=sqlite_impl.BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {sqlite_impl.BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            if raw is not None:
                raw.close()
            else:
                conn.close()
    except sqlite3.Error as exc:
        translated = failures.translate(exc, path=db.path)
        if translated is None or translated is exc:
            raise
        raise translated from exc


def _write_history(conn: sqlite3.Connection, actor: str,
                   rows: list[tuple[str, int, str, object]]) -> None:
    """One ``update`` entry per ``(table, rowid, column, old value)`` (new value NULL) in
    the change history, as ``AuditWriter`` writes them (one ``op_id`` for the repair)."""
    from sqlalchemy.dialects import sqlite as dialect_module

    from coop_desktop.models import AuditEntry, utcnow
    from coop_desktop.services.audit import to_text

    dialect = dialect_module.dialect()
    column = AuditEntry.__table__.c.at  # type: ignore[attr-defined]
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    now = utcnow()
    at = process(now) if process else now.isoformat(" ")
    op_id = uuid.uuid4().hex
    conn.executemany(
        "INSERT INTO audit_log (op_id, at, actor, action, entity, entity_id, field, old_value,"
        " new_value) VALUES (?, ?, ?, 'update', ?, ?, ?, ?, NULL)",
        [(op_id, at, actor, table, rowid, field, to_text(old))
         for table, rowid, field, old in rows])


def _repair_database(db: Database, todo: list[Finding], changes: _Changes
                     ) -> Generator[float, None, None]:
    """Every database repair in one write transaction (:func:`_repair_connection`), each
    action in a savepoint of its own: a failing action is undone alone and reported in
    ``failed``. Yields progress: indexes up to 10 %, full-text indexes up to 90 %."""
    by_kind: dict[str, list[Finding]] = {}
    for finding in todo:
        by_kind.setdefault(finding.kind, []).append(finding)
    if not ({"index_damaged", "fts_triggers_missing", "fts_out_of_step", "orphan_references"}
            & set(by_kind)):
        return
    yield 0.0
    with _repair_connection(db) as conn:
        for finding in by_kind.get("index_damaged", []):
            try:
                with mdb.savepoint(conn, "repair_reindex"):
                    for i, index in enumerate(finding.subject):
                        step = 0.1 / len(finding.subject)
                        yield from scale(mdb.reindex(conn, index), i * step, (i + 1) * step)
                changes.add("index_damaged", len(finding.subject), C_REINDEX,
                            subject=finding.subject, indexes=", ".join(finding.subject))
            except sqlite3.Error as exc:
                changes.fail(finding, exc)
        rebuild: list[str] = [f.subject[0] for f in by_kind.get("fts_out_of_step", [])]
        for finding in by_kind.get("fts_triggers_missing", []):
            try:
                missing = mdb.missing_fts_triggers(conn)
                with mdb.savepoint(conn, "repair_triggers"):
                    for name in missing:
                        mdb.create_trigger(conn, name)
                if missing:
                    changes.add("fts_triggers_missing", len(missing), C_FTS_TRIGGERS,
                                details=missing, subject=tuple(missing))
                rebuild = [t.name for t in mdb.fts_tables(conn)]
            except sqlite3.Error as exc:
                changes.fail(finding, exc)
        tables = {t.name: t for t in mdb.fts_tables(conn)}
        for i, name in enumerate(rebuild):
            finding = next((f for f in by_kind.get("fts_out_of_step", [])
                            if f.subject == (name,)), None)
            try:
                with mdb.savepoint(conn, "repair_fts"):
                    share = 0.8 / max(len(rebuild), 1)
                    yield from scale(mdb.rebuild_fts(conn, tables[name]), 0.1 + i * share,
                                     0.1 + (i + 1) * share)
                changes.add("fts_out_of_step", 1, C_FTS, subject=(name,), index=name)
            except sqlite3.Error as exc:
                if finding is not None:
                    changes.fail(finding, exc)
                else:
                    raise
        for finding in by_kind.get("orphan_references", []):
            table, column, parent = finding.subject
            try:
                with mdb.savepoint(conn, "repair_references"):
                    groups = [g for g in mdb.foreign_key_groups(conn)
                              if (g.table, g.column, g.parent) == finding.subject and g.nullable]
                    cleared: list[tuple[int, object]] = []
                    for group in groups:
                        cleared += mdb.clear_references(conn, group)
                    _write_history(conn, db.actor,
                                   [(table, rowid, column, old) for rowid, old in cleared])
                if cleared:
                    changes.add("orphan_references", len(cleared), C_ORPHAN_REFS,
                                details=[f"#{rowid}: {old}" for rowid, old in cleared],
                                subject=finding.subject, labels=dict(finding.labels),
                                column=column)
            except sqlite3.Error as exc:
                changes.fail(finding, exc)
        yield 0.95
    yield 1.0


def _repair_files(db: Database, todo: list[Finding], changes: _Changes
                  ) -> Generator[float, None, None]:
    kinds = {f.kind: f for f in todo}
    root = db.attachments_dir
    if "attachment_elsewhere" in kinds:
        finding = kinds["attachment_elsewhere"]
        copied: list[str] = []
        failed: list[str] = []
        for i, sha in enumerate(finding.subject):
            where = store.locate(sha, root, lambda: attachments.stores(db))
            if where.primary == "ok":
                continue  # repaired meanwhile (the same file attached again)
            if where.path is not None and store.adopt(root, sha, where.path):
                copied.append(f"{sha}: {where.path}")
            else:
                failed.append(sha)
            yield 0.9 * (i + 1) / len(finding.subject)
        if copied:
            changes.add("attachment_elsewhere", len(copied), C_ADOPTED, details=copied,
                        folder=str(root))
        if failed:
            changes.fail(finding, OSError(", ".join(failed[:3])))
    if "attachment_partial_files" in kinds:
        removed = store.remove_stray_partial_files(root)
        if removed:
            changes.add("attachment_partial_files", len(removed), C_PARTIAL,
                        details=[p.path.name for p in removed],
                        size=mb(sum(p.size for p in removed)))
    if "attachment_store_not_private" in kinds:
        changed = store.make_private(store.not_private(root))
        if changed:
            changes.add("attachment_store_not_private", changed, C_PRIVATE)
    yield 1.0
