"""The database half of ``services.maintenance``: what is checked in the SQLite file, how,
and what repair does about it. Everything here speaks plain ``sqlite3``.

Long statements (``integrity_check``, copying and checking a full-text index, rebuilding
one) run on a helper thread while the caller's generator keeps yielding progress
(:func:`long_statement`); closing the generator interrupts the statement
(``sqlite3.Connection.interrupt``). Progress is estimated from SQLite's virtual-machine
steps where the work runs in the VM (``integrity_check``), else from the time elapsed
against an estimate from the number of rows (FTS5 does its work in C, outside the VM).

Is the full-text index in step with its table?
----------------------------------------------
``enterprise_fts`` and ``enterprise_fts_short`` are *external-content* FTS5 tables: the index
is kept by triggers, the text lives in ``enterprise``. On SQLite 3.40 FTS5's own
``'integrity-check'`` command checks only that an external-content index is consistent in
itself, not that it matches the content table (tried: an index emptied with
``'delete-all'``, or holding a row the table does not have, passes; comparing with the
content came with the ``rank`` argument in 3.42+). So :func:`fts_check` builds, in a
temporary database attached for the purpose, an ordinary FTS5 table with the same columns
and tokenizer, copies the live index's shadow tables (``_data``, ``_idx``, ``_docsize``,
``_config``) into it and the *current* text of the content table into its ``_content``
table, and runs ``'integrity-check'`` there: for a table with its own content, FTS5
re-tokenizes every row and compares a checksum of every (row, column, position, token)
with the index. Any difference — a row missing from the index, a row indexed that no
longer exists, a row indexed with old text — fails it, as does an index damaged in
itself. The row-level difference (rows missing or extra) is counted from ``_docsize``.
The copy is one read transaction, so index and text come from one snapshot; nothing is
written to the database file. Cost on the 150,000-enterprise demo: a few seconds and a
temporary file about the size of the index.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from coop_desktop.db import Database
from coop_desktop.db import sqlite as sqlite_impl

#: How often a waiting generator yields (seconds).
POLL_S = 0.1
#: SQLite virtual-machine instructions per progress callback.
TICK = 1000
#: Progress callbacks of ``integrity_check`` per database page (measured on the 150k demo).
TICKS_PER_PAGE_INTEGRITY = 0.3
#: Seconds per content row and "column weight" ((1 + columns) / 2) of the FTS work,
#: measured on the 150k demo (an unloaded 2-core machine): copying the index and the text,
#: FTS5's integrity-check, a rebuild. Only for the progress bar.
S_PER_ROW_FTS_COPY = 2.5e-6
S_PER_ROW_FTS_CHECK = 7e-6
S_PER_ROW_FTS_REBUILD = 2.6e-5

CHECK_SCHEMA = "coop_check"
SQLITE_CORRUPT = 11
T = TypeVar("T")

_INDEX_PROBLEM = re.compile(r"(?:row \d+ missing from index|wrong # of entries in index|"
                            r"non-unique entry in index) (\S+)")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ------------------------------------------------------------------ connections


@contextlib.contextmanager
def reader(db: Database) -> Iterator[sqlite3.Connection]:
    """A connection for checking: a read-only connection of its own on the file (opened
    as the database was: ``immutable`` for a read-only view), or the engine's own for an
    in-memory database. Usable from a helper thread."""
    if db.path is None:
        raw = db.engine.raw_connection()
        try:
            yield raw.driver_connection  # type: ignore[misc]
        finally:
            raw.close()
        return
    flags = "mode=ro&immutable=1" if db.read_only else "mode=ro"
    uri = f"{Path(db.path).resolve().as_uri()}?{flags}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=sqlite_impl.BUSY_TIMEOUT_MS / 1000)
    try:
        yield conn
    finally:
        conn.close()


def long_statement(conn: sqlite3.Connection, sql: str, params: tuple = (), *,
                   expected_ticks: float | None = None, expected_s: float = 1.0
                   ) -> Generator[float, None, list[tuple]]:
    """Run one statement on a helper thread; yield its estimated progress (0–0.99) every
    :data:`POLL_S` seconds; return its rows. Closing the generator interrupts it.

    Progress is progress callbacks against ``expected_ticks`` (one per :data:`TICK`
    virtual-machine instructions) when given, else time against ``expected_s``.
    """
    box: dict[str, object] = {}
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0

    def work() -> None:
        try:
            conn.set_progress_handler(tick, TICK)
            box["rows"] = conn.execute(sql, params).fetchall()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the caller's thread
            box["exc"] = exc
        finally:
            conn.set_progress_handler(None, 0)

    started = time.monotonic()
    worker = threading.Thread(target=work, name="coop-maintenance", daemon=True)
    worker.start()
    try:
        while True:
            worker.join(POLL_S)
            if not worker.is_alive():
                break
            if expected_ticks is not None:
                yield min(0.99, ticks[0] / max(expected_ticks, 1.0))
            else:
                yield min(0.99, (time.monotonic() - started) / max(expected_s, 0.01))
    finally:
        if worker.is_alive():  # the generator was closed: stop the statement
            conn.interrupt()
            worker.join()
    if "exc" in box:
        raise box["exc"]  # type: ignore[misc]
    return box["rows"]  # type: ignore[return-value]


def part(gen: Generator[float, None, T], low: float, high: float
         ) -> Generator[float, None, T]:
    """``gen``'s progress mapped into ``[low, high]``; closing this closes ``gen``."""
    try:
        while True:
            try:
                fraction = next(gen)
            except StopIteration as stop:
                return stop.value
            yield low + (high - low) * fraction
    finally:
        gen.close()


def is_damage(exc: BaseException) -> bool:
    """Does this SQLite error mean the file is damaged?"""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and int(code) & 0xFF in (SQLITE_CORRUPT, 26):
        return True
    text = str(exc)
    return "malformed" in text or "not a database" in text


def scalar(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> int:
    row = conn.execute(sql, params).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


# ------------------------------------------------------------------ integrity_check


@dataclass(frozen=True)
class Integrity:
    """``PRAGMA integrity_check``: ``problems`` are its lines (empty when sound);
    ``indexes`` the indexes named by index-only problems; ``index_only`` when every
    problem is one that rebuilding those indexes fixes."""

    problems: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()

    @property
    def index_only(self) -> bool:
        return bool(self.problems) and len(self.indexes) > 0 and all(
            _INDEX_PROBLEM.search(line) for line in self.problems)


def integrity(conn: sqlite3.Connection, *, limit: int = 100
              ) -> Generator[float, None, Integrity]:
    pages = scalar(conn, "PRAGMA page_count")
    rows = yield from long_statement(conn, f"PRAGMA integrity_check({int(limit)})",
                                     expected_ticks=pages * TICKS_PER_PAGE_INTEGRITY + 10)
    lines = tuple(str(r[0]) for r in rows)
    if lines == ("ok",):
        return Integrity()
    indexes: list[str] = []
    for line in lines:
        m = _INDEX_PROBLEM.search(line)
        if m and m[1] not in indexes:
            indexes.append(m[1])
    return Integrity(lines, tuple(indexes))


def reindex(conn: sqlite3.Connection, index: str) -> Generator[float, None, None]:
    pages = scalar(conn, "PRAGMA page_count")
    yield from long_statement(conn, f"REINDEX {quote(index)}", expected_s=0.05 + pages * 2e-6)


# ------------------------------------------------------------------ foreign keys


@dataclass(frozen=True)
class FkGroup:
    """Rows of ``table`` whose ``column`` names a row of ``parent`` that does not exist."""

    table: str
    column: str
    parent: str
    nullable: bool
    rowids: tuple[int, ...]


def foreign_key_groups(conn: sqlite3.Connection) -> list[FkGroup]:
    """``PRAGMA foreign_key_check``, grouped by table and column."""
    violations = conn.execute("PRAGMA foreign_key_check").fetchall()
    if not violations:
        return []
    fks: dict[str, dict[int, tuple[str, str]]] = {}
    notnull: dict[str, dict[str, bool]] = {}
    grouped: dict[tuple[str, str, str], list[int]] = {}
    for table, rowid, parent, fkid in violations:
        if table not in fks:
            cols: dict[int, list[str]] = {}
            targets: dict[int, str] = {}
            for row in conn.execute(f"PRAGMA foreign_key_list({quote(table)})"):
                cols.setdefault(row[0], []).append(row[3])
                targets[row[0]] = row[2]
            fks[table] = {k: ("+".join(v), targets[k]) for k, v in cols.items()}
            notnull[table] = {r[1]: bool(r[3]) for r in
                              conn.execute(f"PRAGMA table_info({quote(table)})")}
        column, target = fks[table].get(fkid, ("?", parent))
        grouped.setdefault((table, column, target), []).append(rowid)
    return [FkGroup(t, c, p, "+" not in c and not notnull[t].get(c, True),
                    tuple(sorted(r for r in rowids if r is not None)))
            for (t, c, p), rowids in sorted(grouped.items())]


def clear_references(conn: sqlite3.Connection, group: FkGroup) -> list[tuple[int, object]]:
    """Set ``group.column`` to NULL on its rows that still point nowhere; returns
    ``(rowid, old value)`` of the rows changed."""
    table, column = quote(group.table), quote(group.column)
    parent = quote(group.parent)
    changed: list[tuple[int, object]] = []
    for rowid in group.rowids:
        row = conn.execute(
            f"SELECT {column} FROM {table} WHERE rowid = ? AND {column} IS NOT NULL AND NOT "
            f"EXISTS (SELECT 1 FROM {parent} p WHERE p.rowid = {table}.{column})",
            (rowid,)).fetchone()
        if row is None:
            continue
        conn.execute(f"UPDATE {table} SET {column} = NULL WHERE rowid = ?", (rowid,))
        changed.append((rowid, row[0]))
    return changed


# ------------------------------------------------------------------ orphans foreign keys miss

#: Kinds of record the services delete for good (with a "delete" entry in the history).
#: Only ``qa_ignore``: an accepted QA finding that is withdrawn. Everything else is only
#: ever moved to the recycle bin.
HARD_DELETED = frozenset({"qa_ignore"})


@dataclass(frozen=True)
class AuditOrphans:
    """History entries (``audit_log``) whose record does not exist. ``records``: how many
    records, ``entries``: how many entries, ``examples``: ``entity #id`` of a few."""

    records: int
    entries: int
    examples: tuple[str, ...]


def audit_orphans(conn: sqlite3.Connection, *, examples: int = 10) -> AuditOrphans:
    """Entries of the change history about a record that does not exist.

    ``audit_log.entity`` names a table and ``entity_id`` a row of it, but there is no
    foreign key (one log for every kind of record). The services never delete a record
    for good, except the kinds in :data:`HARD_DELETED`, whose history ends with a
    ``delete`` entry, and records purged from the recycle bin, whose history is one
    ``purge`` entry (``services.recycle_purge``); such trails are not orphans. Entities
    that are not tables with an ``id`` are not judged.
    """
    tables = table_names(conn)
    if "audit_log" not in tables:
        return AuditOrphans(0, 0, ())
    records = entries = 0
    found: list[str] = []
    entities = [r[0] for r in conn.execute("SELECT DISTINCT entity FROM audit_log")]
    for entity in sorted(e for e in entities if e in tables):
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({quote(entity)})")}
        if "id" not in columns:
            continue
        condition = (f"a.entity = ? AND NOT EXISTS (SELECT 1 FROM {quote(entity)} t "
                     f"WHERE t.id = a.entity_id) AND NOT EXISTS (SELECT 1 FROM audit_log p"
                     f" WHERE p.entity = a.entity AND p.entity_id = a.entity_id"
                     f" AND p.action = 'purge')")
        if entity in HARD_DELETED:
            condition += (" AND NOT EXISTS (SELECT 1 FROM audit_log d WHERE d.entity = a.entity"
                          " AND d.entity_id = a.entity_id AND d.action = 'delete'"
                          " AND d.field IS NULL)")
        n_entries, n_records = conn.execute(
            f"SELECT count(*), count(DISTINCT a.entity_id) FROM audit_log a WHERE {condition}",
            (entity,)).fetchone()
        if not n_entries:
            continue
        records += n_records
        entries += n_entries
        if len(found) < examples:
            found.extend(f"{entity} #{r[0]}" for r in conn.execute(
                f"SELECT DISTINCT a.entity_id FROM audit_log a WHERE {condition} "
                f"ORDER BY a.entity_id LIMIT ?", (entity, examples - len(found))))
    return AuditOrphans(records, entries, tuple(found))


def attachments_on_foreign_applications(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """``(id, name)`` of attachments linked to an application of another enterprise (the
    foreign keys hold, but the pair does not: ``attachments.add`` refuses it)."""
    if not {"attachment", "application"} <= table_names(conn):
        return []
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT a.id, a.original_name FROM attachment a JOIN application p "
        "ON p.id = a.application_id WHERE p.enterprise_id != a.enterprise_id ORDER BY a.id")]


# ------------------------------------------------------------------ full-text indexes


@dataclass(frozen=True)
class FtsTable:
    """An external-content FTS5 table, as its ``CREATE VIRTUAL TABLE`` declares it."""

    name: str
    columns: tuple[str, ...]  # declarations as written ("name_zh", "x UNINDEXED")
    options: tuple[str, ...]  # "tokenize='trigram'"... (not content / content_rowid)
    content: str
    content_rowid: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.split()[0].strip('"`[]') for c in self.columns)


def _split_args(text: str) -> list[str]:
    parts, depth, quote_char, start = [], 0, "", 0
    i = 0
    while i < len(text):
        ch = text[i]
        if quote_char:
            if ch == quote_char:
                quote_char = "" if text[i + 1:i + 2] != quote_char else quote_char
                if quote_char:
                    i += 1  # a doubled quote inside a quoted text
        elif ch in "'\"`":
            quote_char = ch
        elif ch == "[":
            quote_char = "]"
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"`":
        return value[1:-1].replace(value[0] * 2, value[0])
    return value


def parse_fts(name: str, sql: str) -> FtsTable | None:
    """The declaration of an FTS5 table, or None unless it has external content."""
    m = re.search(r"\busing\s+fts5\s*\(", sql, re.IGNORECASE)
    if not m or not sql.rstrip().endswith(")"):
        return None
    columns: list[str] = []
    options: list[str] = []
    content = content_rowid = None
    for arg in _split_args(sql[m.end():sql.rstrip().rfind(")")]):
        key, eq, value = arg.partition("=")
        if eq and re.fullmatch(r"\s*\w+\s*", key):
            key = key.strip().lower()
            if key == "content":
                content = _unquote(value)
            elif key == "content_rowid":
                content_rowid = _unquote(value)
            else:
                options.append(arg)
        else:
            columns.append(arg)
    if not content:
        return None
    return FtsTable(name, tuple(columns), tuple(options), content, content_rowid or "rowid")


def fts_tables(conn: sqlite3.Connection) -> list[FtsTable]:
    found = []
    for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"):
        table = parse_fts(name, sql or "")
        if table is not None:
            found.append(table)
    return found


def _trigger_name(ddl: str) -> str | None:
    m = re.match(r"\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", ddl, re.IGNORECASE)
    return m[1] if m else None


#: The triggers that keep the full-text indexes in step (``db.sqlite.FTS_DDL``).
FTS_TRIGGERS: dict[str, str] = {
    name: ddl for ddl in sqlite_impl.FTS_DDL if (name := _trigger_name(ddl))}


def missing_fts_triggers(conn: sqlite3.Connection) -> list[str]:
    """The names of :data:`FTS_TRIGGERS` absent from a database that has the FTS tables."""
    if not {t.name for t in fts_tables(conn)}:
        return []
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    return [name for name in FTS_TRIGGERS if name not in present]


def create_trigger(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(FTS_TRIGGERS[name])


@dataclass(frozen=True)
class FtsState:
    """How one index compares with its table. ``missing``: rows not indexed; ``extra``:
    rows indexed that the table no longer has; ``in_step``: the full comparison passed."""

    table: FtsTable
    in_step: bool
    missing: int = 0
    extra: int = 0
    problem: str | None = None  # SQLite's words when the comparison failed


def _row_differences(conn: sqlite3.Connection, t: FtsTable, expected_s: float
                     ) -> Generator[float, None, tuple[int, int]]:
    """(rows not in the index, index rows without a row), from ``_docsize``."""
    docsize = f"{t.name}_docsize"
    if docsize not in table_names(conn):  # columnsize=0: no per-row table
        return 0, 0
    content, rowid, ds = quote(t.content), quote(t.content_rowid), quote(docsize)
    [(missing, extra)] = yield from long_statement(
        conn, f"SELECT (SELECT count(*) FROM main.{content} c WHERE NOT EXISTS "
              f"(SELECT 1 FROM main.{ds} d WHERE d.id = c.{rowid})), "
              f"(SELECT count(*) FROM main.{ds} d WHERE NOT EXISTS "
              f"(SELECT 1 FROM main.{content} c WHERE c.{rowid} = d.id))",
        expected_s=expected_s)
    return int(missing), int(extra)


def _detach(conn: sqlite3.Connection) -> None:
    """Drop the checker table and detach its database, if attached. (After a failed
    ``'integrity-check'`` FTS5 keeps a handle open on its table until the table is dropped:
    DETACH alone would fail with "database is locked".)"""
    if not any(r[1] == CHECK_SCHEMA for r in conn.execute("PRAGMA database_list")):
        return
    with contextlib.suppress(sqlite3.Error):
        conn.execute(f"DROP TABLE IF EXISTS {CHECK_SCHEMA}.fts_check")
    with contextlib.suppress(sqlite3.Error):
        conn.execute(f"DETACH DATABASE {CHECK_SCHEMA}")


def fts_check(conn: sqlite3.Connection, t: FtsTable) -> Generator[float, None, FtsState]:
    """Compare the index ``t`` with its content table (see the module docstring)."""
    rows = scalar(conn, f"SELECT count(*) FROM main.{quote(t.content)}")
    weight = (rows + 1) * (1 + len(t.columns)) / 2
    copy_s, check_s = weight * S_PER_ROW_FTS_COPY, weight * S_PER_ROW_FTS_CHECK
    total = 2 * copy_s + check_s  # the row count, the copies, the comparison
    missing, extra = yield from part(_row_differences(conn, t, copy_s / 2), 0, copy_s / 2 / total)
    check = f"{CHECK_SCHEMA}.fts_check"
    shadows = [s for s in ("data", "idx", "docsize", "config")
               if f"{t.name}_{s}" in table_names(conn)]
    _detach(conn)  # left over by a check that could not clean up
    conn.execute(f"ATTACH DATABASE '' AS {CHECK_SCHEMA}")
    try:
        conn.execute(f"PRAGMA {CHECK_SCHEMA}.journal_mode = OFF")
        conn.execute(f"CREATE VIRTUAL TABLE {check} USING fts5("
                     + ", ".join([*t.columns, *t.options]) + ")")
        conn.execute("BEGIN")
        done = copy_s / 2
        for shadow in shadows:
            conn.execute(f"DELETE FROM {check}_{shadow}")
            live = quote(f"{t.name}_{shadow}")
            share = copy_s * (0.8 if shadow == "data" else 0.1 if shadow == "docsize" else 0.05)
            yield from part(long_statement(
                conn, f"INSERT INTO {check}_{shadow} SELECT * FROM main.{live}",
                expected_s=share), done / total, (done + share) / total)
            done += share
        columns = ", ".join(quote(c) for c in (t.content_rowid, *t.column_names))
        yield from part(long_statement(
            conn, f"INSERT INTO {check}_content SELECT {columns} FROM main.{quote(t.content)}",
            expected_s=copy_s / 2), done / total, (done + copy_s / 2) / total)
        done += copy_s / 2
        conn.execute("COMMIT")
        try:
            yield from part(long_statement(
                conn, f"INSERT INTO {check}(fts_check) VALUES ('integrity-check')",
                expected_s=check_s), done / total, 1.0)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            return FtsState(t, False, missing, extra, str(exc))
        return FtsState(t, not (missing or extra), missing, extra)
    finally:
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        _detach(conn)


def rebuild_fts(conn: sqlite3.Connection, t: FtsTable) -> Generator[float, None, None]:
    rows = scalar(conn, f"SELECT count(*) FROM main.{quote(t.content)}")
    yield from long_statement(
        conn, f"INSERT INTO {quote(t.name)}({quote(t.name)}) VALUES ('rebuild')",
        expected_s=(rows + 1) * S_PER_ROW_FTS_REBUILD * (1 + len(t.columns)) / 2)


# ------------------------------------------------------------------ savepoints


@contextlib.contextmanager
def savepoint(conn: sqlite3.Connection, name: str) -> Iterator[None]:
    """One repair action inside the repair's transaction: undone alone if it fails."""
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")
