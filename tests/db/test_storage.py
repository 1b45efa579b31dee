"""Storage guarantees: pragmas, migrations = models, refusal, backups, atomic upgrades."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.db.engine import make_engine
from coop_desktop.db.migrate import current_revision, head_revision, upgrade
from coop_desktop.errors import DatabaseError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import metadata
from coop_desktop.db.session import READ_ONLY
from coop_desktop.services import enterprises, open_database

FIXTURE_DIR = Path(__file__).parent.parent / "fixtures" / "db_versions"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pragmas_on_every_connection(db):
    # Read-only units of work (deferred BEGIN): three at once, as readers may be.
    reader = db.engine.execution_options(**{READ_ONLY: True})
    conns = [reader.connect() for _ in range(3)]
    try:
        ids = {id(c.connection.dbapi_connection) for c in conns}
        assert len(ids) == 3  # three distinct DB-API connections
        for conn in conns:
            pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == sqlite_impl.BUSY_TIMEOUT_MS
            assert pragma("application_id") == sqlite_impl.APPLICATION_ID
    finally:
        for conn in conns:
            conn.close()


def test_foreign_keys_enforced(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO contact (name, enterprise_id, languages, created_at, updated_at) "
                "VALUES ('x', 999, '', '2026-01-01', '2026-01-01')"
            )


def test_migrations_and_models_agree(db):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": sqlite_impl.include_object, "compare_type": True}
        )
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_new_database_is_at_head(db):
    assert current_revision(db.engine) == head_revision()


def test_newer_revision_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    database, _ = open_database(path)
    database.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("UPDATE alembic_version SET version_num = 'f00d9999'")
    conn.commit()
    conn.close()
    before, mtime = _sha(path), path.stat().st_mtime_ns
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "newer version" in str(info.value)
    assert "更高版本" in info.value.render(translator("zh_CN"))
    assert _sha(path) == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite"]


@pytest.mark.parametrize("content", [b"hello, not a database", b"SQLite format 3\x00" + b"\x00" * 84])
def test_foreign_or_broken_files_refused(tmp_path, content):
    path = tmp_path / "odd.sqlite"
    path.write_bytes(content)
    with pytest.raises(DatabaseError):
        open_database(path)
    assert path.read_bytes() == content


def test_other_application_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 12345")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(DatabaseError, match="another application"):
        open_database(path)
    assert _sha(path) == before


@pytest.mark.parametrize("fixture", sorted(FIXTURE_DIR.glob("v*.sqlite")), ids=lambda p: p.stem)
def test_old_versions_upgrade_after_verified_backup(tmp_path, fixture):
    path = tmp_path / "old.sqlite"
    shutil.copy(fixture, path)
    original = _sha(path)
    database, report = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert report.from_revision == fixture.stem[1:]
        assert report.to_revision == head_revision()
        # In the database's own folder inside the backup folder, a listed, restorable backup.
        assert report.backup is not None and report.backup.parent.parent == tmp_path / "backups"
        from coop_desktop.services import backups

        listed = backups.list_backups(path, backup_dir=tmp_path / "backups")
        assert [(b.path, b.reason, b.verified, b.schema_revision) for b in listed] == [
            (report.backup, "before-upgrade", True, report.from_revision)]
        # The backup is a sound copy of the old file.
        bconn = sqlite3.connect(report.backup)
        assert bconn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert bconn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == report.from_revision
        assert bconn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 2
        bconn.close()
        assert original != _sha(path)
        # Old rows are searchable after the upgrade built the full-text index.
        assert [e.uscc for e in enterprises.search(database, "华为")] == ["914403001922038216"]
        assert [e.uscc for e in enterprises.search(database, "example")] == ["91350100M000100Y43"]
    finally:
        database.close()


def test_failed_upgrade_rolls_back_completely(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE_DIR / "v0001.sqlite", path)
    monkeypatch.setattr(sqlite_impl, "FTS_REBUILD", [*sqlite_impl.FTS_REBUILD, "SELECT no_such_fn()"])
    with pytest.raises(Exception, match="no_such_fn"):
        open_database(path, backup_dir=tmp_path / "b")
    engine = make_engine(path)
    try:
        assert current_revision(engine) == "0001"
        with engine.connect() as conn:
            names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert not any(n.startswith("enterprise_fts") for n in names)
    finally:
        engine.dispose()


def test_upgrade_is_idempotent(tmp_path):
    database, _ = open_database(tmp_path / "a.sqlite")
    database.close()
    database, report = open_database(tmp_path / "a.sqlite")
    database.close()
    assert report.backup is None and report.from_revision == head_revision()


def test_memory_database_for_scripts():
    engine = make_engine(":memory:")
    upgrade(engine)
    assert current_revision(engine) == head_revision()


@pytest.mark.parametrize("sort", ["name_zh", "name_en"])
@pytest.mark.parametrize("descending", [False, True])
def test_list_pages_come_from_the_sort_index_without_a_sort_step(db, sort, descending):
    """A future batch migration that recreates ``enterprise`` would drop these silently."""
    from sqlmodel import col, select

    from coop_desktop.db.repositories import enterprises as repo
    from coop_desktop.models import Enterprise

    q = repo.EnterpriseQuery(sort=sort, descending=descending)
    stmt = repo._ordered(select(col(Enterprise.id)).where(*repo.where(q, "sqlite")), q).limit(100)
    with db.engine.connect() as conn:
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_enterprise_sort_" in plan
    assert "TEMP B-TREE" not in plan
