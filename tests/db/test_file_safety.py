"""Refuse, never reinterpret: files that are empty, orphaned, foreign or damaged are left as
they are, with a clear message; files we create are private; a closed file is complete."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from coop_desktop import fileio
from coop_desktop.db import open_read_only
from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    ReadOnlyDatabaseError,
)
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import enterprises, open_database

ZH = translator("zh_CN")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _firm(n: int) -> dict:
    from coop_desktop.validation import uscc_check_char

    body = f"91440300{n:09d}"
    return {"name_zh": f"深圳市文件安全测试{n}号有限公司", "uscc": body + uscc_check_char(body)}


def test_zero_byte_file_is_refused_not_replaced(tmp_path):
    path = tmp_path / "coop.sqlite"
    path.write_bytes(b"")
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "0 bytes" in str(info.value)
    assert "0 字节" in info.value.render(ZH)
    assert path.read_bytes() == b""
    assert _listing(tmp_path) == ["coop.sqlite"]


def test_a_journal_without_its_database_is_refused(tmp_path):
    path = tmp_path / "coop.sqlite"
    Path(str(path) + "-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\0" * 60)
    with pytest.raises(DatabaseError, match="journal"):
        open_database(path)
    assert not path.exists()  # no new empty database in its place


def _database_with_pending_wal(tmp_path: Path) -> Path:
    """A real database whose last commits are still in its -wal (a copy taken mid-run)."""
    path = tmp_path / "live.sqlite"
    db, _ = open_database(path)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE enterprise SET name_en = name_en")  # nothing; keep WAL mode
    conn.execute("INSERT INTO glossary_term (zh, en, created_at, updated_at) "
                 "VALUES ('测试', 'test', '2026-01-01', '2026-01-01')")
    conn.commit()
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(path, copy / "coop.sqlite")
    shutil.copy(str(path) + "-wal", copy / "coop.sqlite-wal")
    conn.close()
    return copy / "coop.sqlite"


def test_a_journal_with_a_broken_header_is_refused_untouched(tmp_path):
    path = _database_with_pending_wal(tmp_path)
    wal = Path(str(path) + "-wal")
    data = bytearray(wal.read_bytes())
    data[12] ^= 0xFF  # checkpoint sequence: the header checksum no longer matches
    wal.write_bytes(bytes(data))
    before = (_sha(path), _sha(wal))
    with pytest.raises(DatabaseError, match="journal"):
        open_database(path)
    assert (_sha(path), _sha(wal)) == before


def test_a_sound_journal_is_applied(tmp_path):
    path = _database_with_pending_wal(tmp_path)
    db, _ = open_database(path)
    try:
        with db.read() as session:
            count = session.connection().exec_driver_sql(
                "SELECT count(*) FROM glossary_term WHERE zh = '测试'").scalar()
        assert count == 1
    finally:
        db.close()


@pytest.mark.parametrize("revision", ["0001", "0006"])
def test_another_applications_alembic_file_is_left_byte_for_byte(tmp_path, revision):
    path = tmp_path / "their.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    conn.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, amount INTEGER)")
    conn.commit()
    conn.close()
    before = _sha(path)
    with pytest.raises(DatabaseError, match="not a Coop Desktop database"):
        open_database(path)
    assert _sha(path) == before
    assert _listing(tmp_path) == ["their.sqlite"]  # no -wal, -shm or backup left behind
    check = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert check.execute("PRAGMA application_id").fetchone()[0] == 0
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()


def _flip_in(path: Path, table: str, count: int = 512) -> None:
    """Flip ``count`` bytes inside a leaf page in the middle of ``table``'s b-tree."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    pages = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
        (table,))]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    start = (pages[len(pages) // 2] - 1) * page_size + 1000
    data = bytearray(path.read_bytes())
    for i in range(start, start + count):
        data[i] ^= 0xA5
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def _filled_template(tmp_path_factory) -> Path:
    from coop_desktop import demo

    path = tmp_path_factory.mktemp("filled") / "coop.sqlite"
    db, _ = open_database(path)
    demo.generate(db, enterprises=1500, seed=3)
    db.close()
    return path


@pytest.fixture
def filled(tmp_path, _filled_template) -> Path:
    """A closed database of 1,500 demo enterprises (a few thousand pages)."""
    path = tmp_path / "coop.sqlite"
    shutil.copy(_filled_template, path)
    return path


@pytest.mark.parametrize("table", ["enterprise", "audit_log", "ix_enterprise_uscc"])
def test_flipped_bytes_are_detected_and_never_written_to(filled, table):
    _flip_in(filled, table)
    before = _sha(filled)
    try:
        db, _report = open_database(filled)
    except DatabaseDamagedError as exc:  # the cheap check on open may already see it
        assert "damaged" in str(exc)
        assert "已损坏" in exc.render(ZH)
    else:
        try:
            assert db.verify(timeout=60) is False  # the full check in the background
            with pytest.raises(DatabaseDamagedError):
                enterprises.create(db, _firm(99_999))
        finally:
            db.close()
    assert _sha(filled) == before
    assert not Path(str(filled) + "-wal").exists() or Path(str(filled) + "-wal").stat().st_size == 0


def test_writes_wait_for_the_background_check(filled, monkeypatch):
    """A write issued right after opening runs only once the whole file was checked."""
    calls: list[str] = []
    real = sqlite_impl.integrity_check

    def slow_check(path, **kw):
        import time

        time.sleep(0.3)
        calls.append("checked")
        return real(path, **kw)

    monkeypatch.setattr(sqlite_impl, "integrity_check", slow_check)
    db, _ = open_database(filled)
    try:
        enterprises.create(db, _firm(77_777))
        assert calls == ["checked"]
    finally:
        db.close()


def test_files_we_create_are_private(tmp_path):
    folder = tmp_path / "new" / "data"
    db, _ = open_database(folder / "coop.sqlite")
    try:
        enterprises.create(db, _firm(1))
        for name in ("coop.sqlite", "coop.sqlite-wal", "coop.sqlite-shm"):
            mode = stat.S_IMODE(os.stat(folder / name).st_mode)
            assert mode == 0o600, (name, oct(mode))
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(folder.parent).st_mode) == 0o700  # every level made
    finally:
        db.close()


def test_closing_leaves_a_complete_file(tmp_path):
    """A copy of the database file alone, taken after closing, has every commit."""
    path = tmp_path / "coop.sqlite"
    db, _ = open_database(path)
    ids = [enterprises.create(db, _firm(n)).value.id for n in range(40)]
    db.close()
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(path, alone / "copy.sqlite")
    conn = sqlite3.connect(alone / "copy.sqlite")
    assert conn.execute("SELECT count(*) FROM enterprise WHERE id IN (%s)"
                        % ",".join(map(str, ids))).fetchone()[0] == 40
    conn.close()


def test_read_only_view_refuses_writes_and_writes_nothing(filled):
    before = _sha(filled)
    db = open_read_only(filled)
    try:
        assert enterprises.count(db) == 1500
        with pytest.raises(ReadOnlyDatabaseError):
            enterprises.create(db, _firm(99_998))
    finally:
        db.close()
    assert _sha(filled) == before
    assert _listing(filled.parent) == ["coop.sqlite"]


def test_atomic_write_is_private_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "settings.json"
    fileio.atomic_write(target, "一")
    fileio.atomic_write(target, "二")
    assert target.read_text(encoding="utf-8") == "二"
    assert _listing(target.parent) == ["settings.json"]
    assert fileio.is_private(target)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), fileio.atomic_writer(target, "w", encoding="utf-8") as fh:
        fh.write("半")
        raise Boom
    assert target.read_text(encoding="utf-8") == "二"
    assert _listing(target.parent) == ["settings.json"]


def test_a_deferred_check_is_started_by_the_first_write(filled, monkeypatch):
    calls: list[str] = []
    real = sqlite_impl.integrity_check
    monkeypatch.setattr(sqlite_impl, "integrity_check",
                        lambda path, **kw: calls.append("checked") or real(path, **kw))
    db, _ = open_database(filled, verify="deferred")
    try:
        assert db.verifying and calls == []  # nothing runs until the app says so…
        assert enterprises.count(db) == 1500  # …reads do not wait for it…
        enterprises.create(db, _firm(66_666))  # …and a write starts it and waits
        assert calls == ["checked"] and not db.verifying
    finally:
        db.close()
