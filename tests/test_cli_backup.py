"""``coop-desktop backup``, ``backups`` and ``restore``: output, exit codes, refusals, Chinese."""

from __future__ import annotations

import builtins
import json
import sqlite3

import pytest

from coop_desktop import fileio
from coop_desktop.cli import main
from coop_desktop.db import backup as raw
from coop_desktop.db.lock import InstanceLock
from coop_desktop.services import backups, enterprises


@pytest.fixture
def closed_db(db, new_uscc):
    enterprises.create(db, {"name_zh": "甲科技有限公司", "uscc": new_uscc()})
    db.close()
    return db.path


def _names(path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name_zh FROM enterprise")}
    finally:
        conn.close()


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_backup_prints_where_size_and_counts(closed_db, tmp_path, capsys):
    target = tmp_path / "usb"
    assert main(["--db", str(closed_db), "backup", "--to", str(target)]) == 0
    out = capsys.readouterr().out
    [info] = backups.list_backups(closed_db, backup_dir=target)
    assert f"Backup written: {info.path}" in out
    assert "MB" in out and "Enterprises 1" in out
    assert info.reason == "manual" and info.verified and fileio.is_private(info.path)


def test_backup_goes_to_the_settings_folder_by_default(closed_db, capsys):
    assert main(["--db", str(closed_db), "backup"]) == 0
    capsys.readouterr()
    assert [b.reason for b in backups.list_backups(closed_db)] == ["manual"]
    assert backups.backup_folder() == backups.paths.default_backup_dir()


def test_backup_errors_are_one_line_with_status_2(tmp_path, closed_db, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert main(["--db", str(closed_db), "backup", "--to", str(blocker)]) == 2
    assert "backup folder" in _one_error_line(capsys.readouterr().err)
    assert main(["--db", str(tmp_path / "none.sqlite"), "backup", "--to", str(tmp_path)]) == 2
    assert "no database file" in _one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "none.sqlite").exists()  # not created by asking for a backup


def test_backup_works_while_the_app_has_the_file_open(closed_db, tmp_path, capsys):
    with InstanceLock(closed_db) as lock:
        assert lock.acquire()
        assert main(["--db", str(closed_db), "backup", "--to", str(tmp_path / "b")]) == 0
    assert "Backup written" in capsys.readouterr().out


def test_backups_lists_newest_first_and_as_json(closed_db, tmp_path, capsys):
    bdir = tmp_path / "b"
    assert main(["--db", str(closed_db), "backups", "--dir", str(bdir)]) == 0
    assert "No backups" in capsys.readouterr().out
    first = backups.take_backup(closed_db, reason="before-import", backup_dir=bdir)
    second = backups.take_backup(closed_db, reason="manual", backup_dir=bdir)
    assert main(["--db", str(closed_db), "backups", "--dir", str(bdir)]) == 0
    out = capsys.readouterr().out
    assert out.index(str(second.path)) < out.index(str(first.path))
    assert "Before an import" in out and "verified" in out and "Enterprises 1" in out
    assert main(["--db", str(closed_db), "backups", "--dir", str(bdir), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["path"] for e in listed] == [str(second.path), str(first.path)]
    assert listed[0]["counts"]["enterprises"] == 1 and listed[0]["verified"] is True


def test_restore_with_yes(closed_db, tmp_path, new_uscc, capsys):
    backup = backups.take_backup(closed_db, backup_dir=tmp_path / "b")
    from coop_desktop.services import open_database

    database, _ = open_database(closed_db)
    enterprises.create(database, {"name_zh": "乙科技有限公司", "uscc": new_uscc()})
    database.close()
    code = main(["--db", str(closed_db), "restore", str(backup.path), "--yes"])
    out = capsys.readouterr().out
    assert code == 0 and f"Restored {closed_db}" in out
    assert "The previous database was saved as" in out
    assert _names(closed_db) == {"甲科技有限公司"}
    # The saved-aside copy is listed, in the backup folder of the settings.
    reasons = [b.reason for b in backups.list_backups(closed_db)]
    assert reasons == ["before-restore"]


def test_restore_asks_on_a_terminal(closed_db, tmp_path, monkeypatch, capsys):
    backup = backups.take_backup(closed_db, backup_dir=tmp_path / "b")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked = []
    monkeypatch.setattr(builtins, "input", lambda q: asked.append(q) or "n")
    before = closed_db.read_bytes()
    assert main(["--db", str(closed_db), "restore", str(backup.path)]) == 1
    assert "Nothing was changed" in capsys.readouterr().out
    assert "Enterprises 1" in asked[0] and closed_db.read_bytes() == before
    monkeypatch.setattr(builtins, "input", lambda q: "y")
    assert main(["--db", str(closed_db), "restore", str(backup.path)]) == 0


def test_restore_without_a_terminal_needs_yes(closed_db, tmp_path, monkeypatch, capsys):
    backup = backups.take_backup(closed_db, backup_dir=tmp_path / "b")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["--db", str(closed_db), "restore", str(backup.path)]) == 2
    assert "--yes" in _one_error_line(capsys.readouterr().err)


def test_restore_refused_while_the_app_has_the_file(closed_db, tmp_path, capsys):
    backup = backups.take_backup(closed_db, backup_dir=tmp_path / "b")
    before = closed_db.read_bytes()
    with InstanceLock(closed_db) as lock:
        assert lock.acquire()
        assert main(["--db", str(closed_db), "restore", str(backup.path), "--yes"]) == 2
    assert "Coop Desktop has" in _one_error_line(capsys.readouterr().err)
    assert closed_db.read_bytes() == before
    assert not raw.backup_files(raw.database_folder(backups.backup_folder(), closed_db))


def test_restore_of_a_missing_or_bad_file(closed_db, tmp_path, capsys):
    assert main(["--db", str(closed_db), "restore", str(tmp_path / "nope.sqlite"), "--yes"]) == 2
    assert "does not exist" in _one_error_line(capsys.readouterr().err)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    before = closed_db.read_bytes()
    assert main(["--db", str(closed_db), "restore", str(bad), "--yes"]) == 2
    assert "Nothing was changed" in _one_error_line(capsys.readouterr().err)
    assert closed_db.read_bytes() == before


def test_messages_in_chinese(closed_db, tmp_path, capsys):
    bdir = tmp_path / "b"
    assert main(["--lang", "zh_CN", "--db", str(closed_db), "backup", "--to", str(bdir)]) == 0
    out = capsys.readouterr().out
    assert "备份已写入" in out and "企业 1" in out
    assert main(["--lang", "zh_CN", "--db", str(closed_db), "backups", "--dir", str(bdir)]) == 0
    out = capsys.readouterr().out
    assert "手动备份" in out and "已校验" in out
    assert main(["--lang", "zh_CN", "--db", str(closed_db), "restore",
                 str(tmp_path / "nope.sqlite"), "--yes"]) == 2
    err = _one_error_line(capsys.readouterr().err)
    assert "备份文件" in err and "不存在" in err
