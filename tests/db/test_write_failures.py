"""A save the disk refuses (full, read-only) changes nothing and says why.

Three honest simulations, each reaching SQLite the way the real failure does:

* ``PRAGMA max_page_count`` at the size the file has: SQLite answers SQLITE_FULL when the
  save needs a new page, exactly its answer to a full disk;
* ``RLIMIT_FSIZE`` in a worker: the operating system refuses the write of the log at
  COMMIT, the last moment of the transaction rather than its first statement (EFBIG, as
  for a file at FAT32's 4 GiB limit or over a quota: SQLite reports an I/O error). A real
  full disk at COMMIT (a 2 MB tmpfs, filled; root only, so in ``bench/crash.py``) gives
  SQLITE_FULL and the "disk is full" message;
* a file that can no longer be written (its permissions changed while the application had
  it open) and a save on a new connection: SQLITE_READONLY. The tests run as root, which
  file permissions do not stop (``chmod`` alone changes nothing), so the worker carries on
  as ``nobody``.

The editor keeping the text is the GUI's part (tested there); here the service raises
:class:`StorageError` with the user's message, the file is unchanged and sound, and the
same save succeeds once the disk takes it again.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import event
from storage_checks import copy_database, integrity_problems, read_acks
from storage_workers import child_env, context, saver_on_a_full_disk, saver_on_a_read_only_file

from coop_desktop.errors import StorageError
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import applications, enterprises, open_database

MSG_FULL_EN = ("The disk is full, so the change could not be saved. Nothing was changed; "
               "free some space and try again.")
MSG_FULL_ZH = "磁盘已满，更改无法保存。未做任何修改；请释放空间后重试。"
MSG_IOERR_EN = ("The disk reported an error while saving (disk I/O error). Nothing was changed; "
                "check the drive and try again.")
MSG_IOERR_ZH = "保存时磁盘报告错误（disk I/O error）。未做任何修改；请检查磁盘后重试。"
#: A long section, as an officer pastes one (well within the input limits).
TEXT = "本公司专注于精密机械制造，产品出口至德国、意大利等国家。" * 3000


def _state(path: Path) -> tuple[object, ...]:
    """Everything a save could change, read on a connection of its own."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        sections = conn.execute("SELECT id, zh, en, updated_at FROM application_section "
                                "ORDER BY id").fetchall()
        audit = conn.execute("SELECT count(*), max(id) FROM audit_log").fetchone()
        apps = conn.execute("SELECT id, updated_at FROM application ORDER BY id").fetchall()
    conn.close()
    with tempfile.TemporaryDirectory() as tmp:  # checked on a copy: the FTS check writes
        with sqlite3.connect(copy_database(path, Path(tmp))) as copy:
            problems = integrity_problems(copy)
        copy.close()
    return sections, audit, apps, problems


def _draft(database) -> int:  # type: ignore[no-untyped-def]
    firm = enterprises.create(database, {"name_zh": "磁盘测试精密机械有限公司",
                                         "uscc": "91440300MA5F000007"}).value
    app = applications.create(database, enterprise_id=firm.id, template_key="company_profile")
    return app.value.id


def _overview(database, app_id: int) -> str:  # type: ignore[no-untyped-def]
    return next(s.zh for s in applications.sections(database, app_id) if s.key == "overview")


def test_disk_full_on_a_save_changes_nothing_and_says_so(db):
    app_id = _draft(db)
    before = _state(db.path)
    assert before[3] == []
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def no_room(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(db.engine, "connect", no_room)
    db.engine.dispose()  # every connection from now on has no room to grow
    try:
        with pytest.raises(StorageError) as full:
            applications.save_draft(db, app_id, "overview", zh=TEXT)
        assert str(full.value) == MSG_FULL_EN
        assert full.value.render(translator("zh_CN")) == MSG_FULL_ZH
        assert _state(db.path) == before
        assert not db.damaged
    finally:
        event.remove(db.engine, "connect", no_room)
        db.engine.dispose()
    applications.save_draft(db, app_id, "overview", zh=TEXT)
    assert _overview(db, app_id) == TEXT


def _run(target, *args):  # type: ignore[no-untyped-def]
    ctx = context()
    proc = ctx.Process(target=target, args=args)
    proc.start()
    proc.join(120)
    return proc.exitcode


def test_a_file_that_cannot_grow_at_commit_changes_nothing_and_says_so(
        tmp_path, _fresh_database_file):
    path = tmp_path / "coop.sqlite"
    shutil.copyfile(_fresh_database_file, path)
    database, _ = open_database(path)
    app_id = _draft(database)
    database.close()
    before = _state(path)
    acks = tmp_path / "acks.jsonl"
    assert _run(saver_on_a_full_disk, str(path), str(acks), app_id, TEXT, child_env()) == 0
    lines = {line["ev"]: line for line in read_acks(acks)}
    full = lines["full"]
    assert not full["ok"], "the save went through although the file could not grow"
    assert (full["type"], full["message"], full["zh"]) == ("StorageError", MSG_IOERR_EN, MSG_IOERR_ZH)
    assert lines["space again"]["ok"]
    after = _state(path)
    assert after[3] == []  # sound
    # Exactly one save landed (the second): the section and one more audit row.
    sections_before, sections_after = dict((r[0], r[1:]) for r in before[0]), \
        dict((r[0], r[1:]) for r in after[0])
    changed = {k for k in sections_before if sections_before[k] != sections_after[k]}
    assert len(changed) == 1
    assert after[1][0] == before[1][0] + 1
    database, _ = open_database(path)
    try:
        assert _overview(database, app_id) == TEXT
    finally:
        database.close()


@pytest.mark.parametrize("from_the_start", [False, True], ids=["became-read-only", "read-only"])
def test_a_save_to_a_read_only_file_changes_nothing_and_says_so(_fresh_database_file,
                                                                from_the_start):
    """The file stopped being writable while the application had it open, or could not be
    written when it was opened (a write-protected stick): it opens and reads all the same,
    and a save says why it failed."""
    # ``nobody`` must reach the file: a folder of its own, not under the private tmp_path.
    folder = Path(tempfile.mkdtemp(prefix="coop-read-only-"))
    try:
        folder.chmod(0o755)
        path = folder / "coop.sqlite"
        shutil.copyfile(_fresh_database_file, path)
        database, _ = open_database(path)
        app_id = _draft(database)
        before_text = _overview(database, app_id)
        before = _state(path)
        # Readable by everyone, writable by no one but the owner (and, as root, not even
        # that stops the process: the worker drops to ``nobody``).
        for f in folder.iterdir():
            f.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH | (stat.S_IWUSR if os.geteuid() == 0 else 0))
        acks = folder / "acks.jsonl"
        code = _run(saver_on_a_read_only_file, str(path), str(acks), app_id, TEXT, child_env(),
                    from_the_start)
        lines = {line["ev"]: line for line in read_acks(acks)}
        assert code == 0, lines
        assert (lines["opened"]["enterprises"], lines["opened"]["sections"]) == (1, 6)
        assert lines["writable"]["value"] is False
        saved = lines["read-only"]
        assert not saved["ok"], "saved into a file it cannot write"
        assert saved["type"] == "StorageError"
        assert saved["message"] == (f"The database file {path} cannot be written (it is read-only, "
                                    f"or the folder is). Nothing was changed.")
        assert saved["zh"] == f"无法写入数据库文件 {path}（文件或所在文件夹为只读）。未做任何修改。"
        assert lines["damaged"]["value"] is False  # not mistaken for a damaged file
        assert _state(path) == before
        assert _overview(database, app_id) == before_text
        for f in folder.iterdir():
            f.chmod(0o600)
        database.close()
    finally:
        for f in folder.iterdir():
            f.chmod(0o600)
        shutil.rmtree(folder)
