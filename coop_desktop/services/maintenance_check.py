"""The checks of ``services.maintenance`` (see there for what each finding means)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from coop_desktop.db import Database, failures
from coop_desktop.errors import DatabaseDamagedError
from coop_desktop.i18n.catalog import N_
from coop_desktop.services import attachment_store as store
from coop_desktop.services import attachments
from coop_desktop.services import maintenance_db as mdb
from coop_desktop.services.maintenance_progress import TOTAL, Plan, Progress, drive, run
from coop_desktop.services.maintenance_report import MAX_DETAILS, CheckReport, Finding, Severity


F_DB_DAMAGED = N_("The database file is damaged (SQLite reported {count} problems). It cannot be "
                  "repaired in place: restore the newest sound backup, and do not go on working "
                  "in this file.")
F_INDEX_DAMAGED = N_("{count} database indexes do not match their tables ({indexes}), so searching "
                     "and sorting may miss records. Repair rebuilds these indexes from the tables; "
                     "no record is changed.")
F_FTS_TRIGGERS = N_("{count} of the triggers that keep the enterprise search index up to date are "
                    "missing, so changes to enterprises are no longer indexed. Repair re-creates "
                    "them and rebuilds the index.")
F_FTS_ROWS = N_("The search index {index} is out of step with the enterprise records ({missing} "
                "not indexed, {extra} indexed but no longer there), so searches miss enterprises "
                "or find wrong ones. Repair rebuilds the index from the records; no record is "
                "changed.")
F_FTS_TEXT = N_("The search index {index} holds text that differs from the enterprise records, "
                "so searches may miss enterprises or find wrong ones. Repair rebuilds the index "
                "from the records; no record is changed.")
F_ORPHAN_REFS = N_("{table}: {count} records refer to a record of “{parent}” that no longer "
                   "exists (field {column}). Repair clears these references and keeps the "
                   "records; the old values are written to the change history.")
F_ORPHAN_ROWS = N_("{table}: {count} records belong to a record of “{parent}” that no longer "
                   "exists (field {column}). They are left as they are, because removing them "
                   "would lose data: restore a backup that still has the missing records.")
F_AUDIT_ORPHANS = N_("The change history mentions {count} records that no longer exist ({entries} "
                     "entries) and were not deleted for good from the recycle bin. They may have "
                     "been lost outside Coop Desktop: look for them in a backup. The history "
                     "itself is kept.")
F_WRONG_APPLICATION = N_("{count} attachments are linked to an application of another "
                         "enterprise. Open each of them and choose the right application, or "
                         "none.")
F_ATT_MISSING = N_("The files of {count} attachments are missing: they belong in the attachment "
                   "folder {folder}, and no copy was found in the other attachment folders or the "
                   "backup folder. Restore the attachment folder from a backup, or attach the "
                   "files again.")
F_ATT_DAMAGED = N_("The files of {count} attachments are damaged (their SHA-256 checksums no "
                   "longer match) and no intact copy was found elsewhere. Restore the attachment "
                   "folder from a backup, or attach the same files again: that repairs the stored "
                   "copies.")
F_ATT_ELSEWHERE = N_("The files of {count} attachments are missing or damaged in the attachment "
                     "folder {folder}, but intact copies were found in other folders, and they "
                     "open from there. Repair copies them into the attachment folder.")
F_ATT_PARTIAL = N_("{count} partial files ({size} MB) left by interrupted copies are in the "
                   "attachment folder. Repair removes them.")
F_ATT_NOT_PRIVATE = N_("{count} files and folders of the attachment folder can be read by other "
                       "users of this computer. Repair makes them private to you.")
F_ATT_UNREFERENCED = N_("{count} files ({size} MB) in the attachment folder belong to no "
                        "attachment. They are kept, in case a backup still refers to them; "
                        "nothing needs to be done.")

#: Table names as people read them (plural headings), for messages about rows.
TABLE_LABELS: dict[str, str] = {
    "enterprise": N_("Enterprises"),
    "contact": N_("Contacts"),
    "interaction": N_("Interactions"),
    "srdi_title": N_("SRDI titles"),
    "zone": N_("Cooperation zones"),
    "zone_link": N_("Enterprise–zone links"),
    "event": N_("Events"),
    "event_participation": N_("Event participations"),
    "application": N_("Applications"),
    "application_section": N_("Application sections"),
    "application_revision": N_("Submitted revisions"),
    "qa_ignore": N_("Accepted check findings"),
    "attachment": N_("Attachments"),
    "tm_unit": N_("Translation memory"),
    "glossary_term": N_("Glossary terms"),
    "audit_log": N_("Change history"),
}


def label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def details_of(items: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    items = list(items)
    if len(items) > MAX_DETAILS:
        return (*items[:MAX_DETAILS - 1], f"… (+{len(items) - MAX_DETAILS + 1})")
    return tuple(items)


class _Collector:
    """Findings as they come, with damage met on the way gathered into one finding."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.damage: list[str] = []
        self.steps: dict[str, float] = {}
        self.completed: set[str] = set()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
            self.completed.add(name)
        except sqlite3.DatabaseError as exc:
            if not mdb.is_damage(exc):
                raise
            self.damage.append(f"{name}: {exc}")
        except DatabaseDamagedError as exc:
            self.damage.append(f"{name}: {exc.message.params.get('reason') or exc}")
        finally:
            self.steps[name] = time.perf_counter() - started

    def add(self, kind: str, count: int, msgid: str, *, severity: Severity, repairable: bool,
            details: list[str] | tuple[str, ...] = (), subject: tuple[str, ...] = (),
            labels: dict[str, str] | None = None, **params: Any) -> None:
        self.findings.append(Finding(
            kind=kind, count=count, msgid=msgid, params={"count": count, **params},
            labels=labels or {}, details=details_of(details), subject=subject,
            severity=severity, repairable=repairable))


def _weights(conn: sqlite3.Connection) -> dict[str, float]:
    """Estimated seconds per step, for the progress bar (measured on the 150k demo)."""
    weights = {"integrity": 0.05, "foreign_keys": 0.01, "search_index": 0.05, "orphans": 0.01,
               "attachments": 0.05}
    try:
        pages = mdb.scalar(conn, "PRAGMA page_count")
        weights["integrity"] += pages * 2.1e-5
        weights["foreign_keys"] += pages * 1.6e-6
        tables = mdb.table_names(conn)
        for t in mdb.fts_tables(conn):
            if t.content in tables:
                rows = mdb.scalar(conn, f"SELECT count(*) FROM {mdb.quote(t.content)}")
                weights["search_index"] += rows * 1.0e-5 * (1 + len(t.columns)) / 2
        if "audit_log" in tables:
            weights["orphans"] += mdb.scalar(conn, "SELECT max(rowid) FROM audit_log") * 5e-7
        if "attachment" in tables:
            files, size = conn.execute(
                "SELECT count(*), coalesce(sum(s), 0) FROM "
                "(SELECT max(size) AS s FROM attachment GROUP BY sha256)").fetchone()
            weights["attachments"] += int(size or 0) / 3e8 + int(files or 0) * 1e-3
    except sqlite3.DatabaseError:
        pass  # a damaged file: the defaults do
    return weights


def check_iter(db: Database) -> Progress[CheckReport]:
    """Run every check (see the module docstring); yields ``(done, total)``, returns the
    :class:`CheckReport`. Nothing is written to the database or the attachment store."""
    started = time.perf_counter()
    found = _Collector()
    yield 0, TOTAL
    try:
        with mdb.reader(db) as conn:
            plan = Plan(_weights(conn))
            yield from _check_database(db, conn, plan, found)
    except sqlite3.Error as exc:
        if not mdb.is_damage(exc):
            raise failures.translate(exc, path=db.path) or exc from exc
        found.damage.append(str(exc))
        plan = Plan({"attachments": 1.0})
    with found.step("attachments"):
        yield from _check_attachments(db, plan, found)
    # A full integrity_check that ran supersedes db.damage (the check on open, or an
    # error met while working): it sees everything those saw.
    damage = list(found.damage)
    if db.damage is not None and "integrity" not in found.completed:
        damage.insert(0, "database: " + db.damage)
    findings = [f for f in found.findings if f.kind != "database_damaged"]
    integrity = [f for f in found.findings if f.kind == "database_damaged"]
    if damage or integrity:
        lines = [*(integrity[0].details if integrity else ()), *damage]
        merged = _Collector()
        merged.add("database_damaged", (integrity[0].count if integrity else 0) + len(damage),
                   F_DB_DAMAGED, severity=Severity.DAMAGE, repairable=False, details=lines)
        findings = merged.findings + findings
    yield TOTAL, TOTAL
    return CheckReport(str(db.path) if db.path else None, findings,
                       time.perf_counter() - started, found.steps)


def check(db: Database, progress: Callable[[int, int], None] | None = None) -> CheckReport:
    """:func:`check_iter` run to the end; ``progress(done, total)`` is called per step."""
    return drive(check_iter(db), progress)


def _check_database(db: Database, conn: sqlite3.Connection, plan: Plan,
                    found: _Collector) -> Progress[None]:
    with found.step("integrity"):
        result = yield from run(plan, "integrity", mdb.integrity(conn))
        if result.index_only:
            found.add("index_damaged", len(result.indexes), F_INDEX_DAMAGED,
                      severity=Severity.PROBLEM, repairable=True, details=result.problems,
                      subject=result.indexes, indexes=", ".join(result.indexes))
        elif result.problems:
            found.add("database_damaged", len(result.problems), F_DB_DAMAGED,
                      severity=Severity.DAMAGE, repairable=False, details=result.problems)
    with found.step("foreign_keys"):
        for group in mdb.foreign_key_groups(conn):
            ids = [f"#{r}" for r in group.rowids]
            labels = {"table": label(group.table), "parent": label(group.parent)}
            if group.nullable:
                found.add("orphan_references", len(group.rowids), F_ORPHAN_REFS,
                          severity=Severity.PROBLEM, repairable=True, details=ids,
                          subject=(group.table, group.column, group.parent), labels=labels,
                          column=group.column)
            else:
                found.add("orphan_rows", len(group.rowids), F_ORPHAN_ROWS,
                          severity=Severity.DAMAGE, repairable=False, details=ids,
                          subject=(group.table, group.column, group.parent), labels=labels,
                          column=group.column)
        yield plan.at("foreign_keys", 1.0)
    with found.step("search_index"):
        missing = mdb.missing_fts_triggers(conn)
        if missing:
            found.add("fts_triggers_missing", len(missing), F_FTS_TRIGGERS,
                      severity=Severity.PROBLEM, repairable=True, details=missing,
                      subject=tuple(missing))
        tables = mdb.fts_tables(conn)
        names = mdb.table_names(conn)
        for i, t in enumerate(tables):
            if t.content not in names:
                continue
            share = Plan({str(j): 1.0 for j in range(len(tables))},
                         plan.start["search_index"],
                         plan.start["search_index"] + plan.span["search_index"])
            state = yield from run(share, str(i), mdb.fts_check(conn, t))
            if state.in_step:
                continue
            # (state.problem is SQLite's "malformed" from the comparison: not for people.)
            details: list[str] = []
            if state.missing or state.extra:
                found.add("fts_out_of_step", state.missing + state.extra, F_FTS_ROWS,
                          severity=Severity.PROBLEM, repairable=True, details=details,
                          subject=(t.name,), index=t.name, missing=state.missing,
                          extra=state.extra)
            else:
                found.add("fts_out_of_step", 1, F_FTS_TEXT, severity=Severity.PROBLEM,
                          repairable=True, details=details, subject=(t.name,), index=t.name)
    with found.step("orphans"):
        audit = mdb.audit_orphans(conn)
        if audit.records:
            found.add("audit_orphans", audit.records, F_AUDIT_ORPHANS, severity=Severity.DAMAGE,
                      repairable=False, details=audit.examples, entries=audit.entries)
        wrong = mdb.attachments_on_foreign_applications(conn)
        if wrong:
            found.add("attachment_wrong_application", len(wrong), F_WRONG_APPLICATION,
                      severity=Severity.PROBLEM, repairable=False,
                      details=[f"#{i} {name}" for i, name in wrong])
        yield plan.at("orphans", 1.0)


def _rowlabel(row: Any) -> str:
    return f"#{row.id} {row.original_name}"


def _check_attachments(db: Database, plan: Plan, found: _Collector) -> Progress[None]:
    report = yield from run(plan, "attachments", attachments.verify_iter(db))
    folder = str(db.attachments_dir)
    if report.missing:
        found.add("attachment_missing", len(report.missing), F_ATT_MISSING,
                  severity=Severity.DAMAGE, repairable=False, folder=folder,
                  details=[f"{_rowlabel(r)} ({r.sha256[:2]}/{r.sha256})" for r in report.missing])
    if report.damaged:
        found.add("attachment_damaged", len(report.damaged), F_ATT_DAMAGED,
                  severity=Severity.DAMAGE, repairable=False,
                  details=[f"{_rowlabel(r)} ({r.sha256[:2]}/{r.sha256})" for r in report.damaged])
    if report.elsewhere:
        found.add("attachment_elsewhere", len(report.elsewhere), F_ATT_ELSEWHERE,
                  severity=Severity.PROBLEM, repairable=True, folder=folder,
                  subject=tuple(dict.fromkeys(r.sha256 for r, _path in report.elsewhere)),
                  details=[f"{_rowlabel(r)}: {path}" for r, path in report.elsewhere])
    if report.partial:
        found.add("attachment_partial_files", len(report.partial), F_ATT_PARTIAL,
                  severity=Severity.PROBLEM, repairable=True,
                  size=mb(sum(p.size for p in report.partial)),
                  details=[p.path.name for p in report.partial])
    if report.not_private:
        found.add("attachment_store_not_private", len(report.not_private), F_ATT_NOT_PRIVATE,
                  severity=Severity.PROBLEM, repairable=True,
                  details=[str(p) for p in report.not_private])
    if report.unreferenced:
        root = db.attachments_dir
        size = 0
        for name in report.unreferenced:
            try:
                size += store.blob_path(root, name).stat().st_size
            except (OSError, ValueError):
                pass
        found.add("attachment_unreferenced", len(report.unreferenced), F_ATT_UNREFERENCED,
                  severity=Severity.NOTICE, repairable=False, size=mb(size),
                  details=report.unreferenced)
