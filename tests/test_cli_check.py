"""``coop-desktop check [--repair] [--json]``: exit codes, one-line errors, both languages."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coop_desktop.cli import main
from coop_desktop.db.lock import InstanceLock
from coop_desktop.services import enterprises


@pytest.fixture
def path(db, new_uscc) -> Path:
    """A closed database file with one enterprise."""
    enterprises.create(db, {"name_zh": "星河精密机械有限公司", "uscc": new_uscc()})
    db.close()
    return Path(db.path)


def check(path: Path, *args: str, lang: str = "en") -> int:
    return main(["--lang", lang, "--db", str(path), "check", *args])


def ghost_in_the_index(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO enterprise_fts(rowid, name_zh) VALUES (99999, '幽灵公司')")
    conn.commit()
    conn.close()


def test_a_sound_database(path, capsys):
    assert check(path) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "No problems found."
    assert check(path, lang="zh_CN") == 0
    assert "未发现问题" in capsys.readouterr().out
    assert check(path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clean"] is True and data["findings"] == []


def test_a_problem_is_reported_then_repaired(path, capsys):
    ghost_in_the_index(path)
    assert check(path) == 1
    out = capsys.readouterr().out
    assert "Problem: The search index enterprise_fts is out of step" in out
    assert "can be repaired with “coop-desktop check --repair”" in out
    assert check(path, "--json", lang="zh_CN") == 1
    data = json.loads(capsys.readouterr().out)
    [finding] = data["findings"]
    assert finding["kind"] == "fts_out_of_step" and finding["repairable"] is True
    assert "检索索引" in finding["message"] and finding["params"]["extra"] == 1

    assert check(path, "--repair", lang="zh_CN") == 0
    out = capsys.readouterr().out
    assert "修复前已备份：" in out and "已修复：已根据企业记录重建检索索引 enterprise_fts。" in out
    backup = Path(out.split("修复前已备份：")[1].splitlines()[0])
    assert backup.is_file() and "before-repair" in backup.name
    assert out.splitlines()[-1] == "所有问题均已修复。"
    assert check(path) == 0  # the second run finds nothing
    capsys.readouterr()
    assert check(path, "--repair", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] is True and data["changes"] == [] and data["backup"] is None


def test_repair_is_refused_while_the_app_has_the_file(path, capsys):
    ghost_in_the_index(path)
    app = InstanceLock(path)
    assert app.acquire()
    try:
        assert check(path, "--repair") == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("Error: Coop Desktop has")
        assert check(path, "--repair", lang="zh_CN") == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and any("\u4e00" <= ch <= "\u9fff" for ch in err)
        assert check(path) == 1  # checking only reads: allowed meanwhile
    finally:
        app.release()


def test_unrepairable_problem(path, capsys):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO contact (name, enterprise_id, languages, created_at, updated_at)"
                 " VALUES ('王五', 777, '', '2026-01-01', '2026-01-01')")
    conn.commit()
    conn.close()
    assert check(path, "--repair") == 1
    out = capsys.readouterr().out
    assert "Damage: Contacts: 1 records belong to a record of “Enterprises”" in out
    assert "None of them can be repaired automatically" in out
    assert "Backup taken" not in out


def test_no_database_is_an_error(tmp_path, capsys):
    missing = tmp_path / "typo.sqlite"
    assert check(missing) == 2
    err = capsys.readouterr().err
    assert err == f"Error: There is no database at {missing}. Nothing was checked.\n"
    assert check(missing, lang="zh_CN") == 2
    assert "没有数据库" in capsys.readouterr().err
    assert not missing.exists()  # never created by a check


def _damage(path: Path) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'glossary_term'"
                        ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xa5" * page_size)


def test_a_damaged_file_is_checked_not_repaired_and_never_a_traceback(path, tmp_path, capsys):
    _damage(path)
    before = path.read_bytes()
    assert check(path) == 1
    captured = capsys.readouterr()
    assert "Damage: The database file is damaged" in captured.out and captured.err == ""
    assert "restore the newest sound backup" in captured.out
    # The whole command in a process of its own, in Chinese: no traceback anywhere.
    env = {"LANG": "zh_CN.UTF-8", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "coop_desktop.cli", "--db", str(path),
                             "check", "--repair"], capture_output=True, text=True, env=env)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "损坏：数据库文件已损坏" in result.stdout
    assert "无法就地修复，因此未作任何更改" in result.stdout
    assert path.read_bytes() == before
