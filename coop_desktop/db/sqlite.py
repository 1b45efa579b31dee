"""Everything SQLite-specific lives here: pragmas, transactional DDL, FTS5, backups.

The rest of the application speaks portable SQLAlchemy. A PostgreSQL deployment uses
``engine.make_engine`` with a ``postgresql://`` URL and never reaches this module.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, event

#: ``PRAGMA application_id`` of a Coop Desktop database: ASCII "COOP".
APPLICATION_ID = 0x434F4F50
BUSY_TIMEOUT_MS = 10_000


def install_connection_policy(engine: Engine) -> None:
    """Pragmas on every new connection, and transactions that really include DDL.

    pysqlite commits implicitly before DDL; with ``isolation_level = None`` and our own
    ``BEGIN`` (the recipe in SQLAlchemy's SQLite notes) a failed migration rolls back
    completely instead of leaving half a schema.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys = ON")
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() not in ("wal", "memory"):
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            if cur.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                cur.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")


@dataclass(frozen=True)
class FileFacts:
    """What a database file says about itself, read without changing a byte."""

    is_sqlite: bool
    application_id: int = 0
    revision: str | None = None
    table_count: int = 0


def inspect_file(path: Path) -> FileFacts:
    """Read the header facts of ``path`` through a read-only, immutable connection."""
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        return FileFacts(is_sqlite=False)
    wal = path.with_name(path.name + "-wal")
    # immutable=1 guarantees no write at all; a live WAL must be read, so then plain ro.
    flags = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
    uri = f"{path.resolve().as_uri()}?{flags}"
    conn = sqlite3.connect(uri, uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return FileFacts(True, app_id, revision, len(tables))
    except sqlite3.DatabaseError:
        return FileFacts(is_sqlite=False)
    finally:
        conn.close()


def backup_verified(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` with the online backup API, then ``quick_check`` it.

    Raises ``RuntimeError`` (and removes the copy) if the copy is not sound.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            result = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"backup copy failed quick_check: {result}")
    tmp.replace(target)
    return target


# ---------------------------------------------------------------- full-text search
#: Trigram index (substrings of 3+ characters) and a short-token index (1–2 character
#: Chinese substrings and word prefixes, which trigram cannot find), both external-content
#: tables over ``enterprise``, kept in step by triggers.
FTS_DDL = [
    """CREATE VIRTUAL TABLE enterprise_fts USING fts5(
        name_zh, name_en, uscc, city_zh, city_en, tags, search_tokens,
        content='enterprise', content_rowid='id', tokenize='trigram')""",
    """CREATE VIRTUAL TABLE enterprise_fts_short USING fts5(
        search_tokens, content='enterprise', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER enterprise_fts_ai AFTER INSERT ON enterprise BEGIN
        INSERT INTO enterprise_fts(rowid, name_zh, name_en, uscc, city_zh, city_en, tags,
            search_tokens)
        VALUES (new.id, new.name_zh, new.name_en, new.uscc, new.city_zh, new.city_en, new.tags,
            new.search_tokens);
        INSERT INTO enterprise_fts_short(rowid, search_tokens) VALUES (new.id, new.search_tokens);
    END""",
    """CREATE TRIGGER enterprise_fts_ad AFTER DELETE ON enterprise BEGIN
        INSERT INTO enterprise_fts(enterprise_fts, rowid, name_zh, name_en, uscc, city_zh,
            city_en, tags, search_tokens)
        VALUES ('delete', old.id, old.name_zh, old.name_en, old.uscc, old.city_zh, old.city_en,
            old.tags, old.search_tokens);
        INSERT INTO enterprise_fts_short(enterprise_fts_short, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens);
    END""",
    """CREATE TRIGGER enterprise_fts_au AFTER UPDATE OF name_zh, name_en, uscc, city_zh, city_en,
        tags, search_tokens ON enterprise BEGIN
        INSERT INTO enterprise_fts(enterprise_fts, rowid, name_zh, name_en, uscc, city_zh,
            city_en, tags, search_tokens)
        VALUES ('delete', old.id, old.name_zh, old.name_en, old.uscc, old.city_zh, old.city_en,
            old.tags, old.search_tokens);
        INSERT INTO enterprise_fts(rowid, name_zh, name_en, uscc, city_zh, city_en, tags,
            search_tokens)
        VALUES (new.id, new.name_zh, new.name_en, new.uscc, new.city_zh, new.city_en, new.tags,
            new.search_tokens);
        INSERT INTO enterprise_fts_short(enterprise_fts_short, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens);
        INSERT INTO enterprise_fts_short(rowid, search_tokens) VALUES (new.id, new.search_tokens);
    END""",
]

FTS_DROP = [
    "DROP TRIGGER IF EXISTS enterprise_fts_au",
    "DROP TRIGGER IF EXISTS enterprise_fts_ad",
    "DROP TRIGGER IF EXISTS enterprise_fts_ai",
    "DROP TABLE IF EXISTS enterprise_fts_short",
    "DROP TABLE IF EXISTS enterprise_fts",
]

FTS_REBUILD = [
    "INSERT INTO enterprise_fts(enterprise_fts) VALUES ('rebuild')",
    "INSERT INTO enterprise_fts_short(enterprise_fts_short) VALUES ('rebuild')",
]

#: Names the migration-vs-model comparison must ignore (FTS5 shadow tables included).
FTS_TABLE_PREFIX = "enterprise_fts"

#: Expression indexes behind the enterprise list's sort orders: the expressions are exactly
#: ``repositories.enterprises.sort_expr`` (SQLite uses an expression index only for the same
#: expression), partial on live rows so that the list's ``deleted_at IS NULL`` is implied.
#: SQLAlchemy cannot reflect expression indexes, so they live here, like the FTS tables; a
#: batch migration that recreates ``enterprise`` must re-run this DDL (a test checks they exist).
SORT_INDEX_PREFIX = "ix_enterprise_sort_"
SORT_INDEX_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_enterprise_sort_pinyin "
    "ON enterprise (coalesce(name_pinyin, ''), id) WHERE deleted_at IS NULL",
    "CREATE INDEX IF NOT EXISTS ix_enterprise_sort_name_en "
    "ON enterprise (coalesce(name_en, ''), id) WHERE deleted_at IS NULL",
]
SORT_INDEX_DROP = [
    "DROP INDEX IF EXISTS ix_enterprise_sort_pinyin",
    "DROP INDEX IF EXISTS ix_enterprise_sort_name_en",
]


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic ``include_object`` hook: FTS5 tables and sort indexes are managed here, not by models."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(FTS_TABLE_PREFIX)
    if type_ == "index":
        return not name.startswith(SORT_INDEX_PREFIX)
    return True


def fts5_available() -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
