"""``coop-desktop import enterprises|undo|list``: output, exit codes, refusals, Chinese."""

from __future__ import annotations

import json
import sqlite3

import pytest

from coop_desktop.cli import main
from coop_desktop.db.lock import InstanceLock
from tests.exchange.import_kit import FIXTURES, uscc, write_csv


@pytest.fixture
def closed_db(db, tmp_path, monkeypatch):
    from coop_desktop.services import backups

    real = backups.take_backup
    monkeypatch.setattr(backups, "take_backup", lambda db, reason="manual", backup_dir=None, **kw:
                        real(db, reason=reason, backup_dir=tmp_path / "backups", **kw))
    db.close()
    return db.path


def _count(path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM enterprise WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_import_with_rejected_rows_exits_1_and_lists_them(closed_db, capsys):
    code = main(["--db", str(closed_db), "import", "enterprises",
                 str(FIXTURES / "enterprises-libreoffice.xlsx")])
    out = capsys.readouterr().out
    assert code == 1
    assert "8 rows read: 3 created, 0 updated, 0 unchanged, 5 rejected." in out
    assert "Row 6, column “统一社会信用代码”: The last character" in out
    assert "A verified backup was taken before the import:" in out
    assert "coop-desktop import undo " in out
    assert _count(closed_db) == 3


def test_dry_run_changes_nothing_and_exit_0_when_every_row_would_import(closed_db, capsys):
    path = FIXTURES / "merged-header-libreoffice.xlsx"
    assert main(["--db", str(closed_db), "import", "enterprises", str(path), "--dry-run"]) == 0
    assert "2 would be created" in capsys.readouterr().out
    assert _count(closed_db) == 0


def test_json_output_and_undo(closed_db, capsys):
    path = FIXTURES / "mixed-line-endings.csv"
    assert main(["--db", str(closed_db), "import", "enterprises", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["rejected"], report["delimiter"]) == (3, 0, ";")
    assert [c["target"] for c in report["mapping"]] == ["name_zh", "uscc", "employees", "tags"]
    assert _count(closed_db) == 3
    assert main(["--db", str(closed_db), "import", "list", "--json"]) == 0
    [batch] = json.loads(capsys.readouterr().out)
    assert batch["batch"] == report["batch"] and not batch["undone"]
    assert main(["--db", str(closed_db), "import", "undo", report["batch"]]) == 0
    assert "3 enterprises, 0 contacts and 0 zone links moved to the recycle bin" in (
        capsys.readouterr().out)
    assert _count(closed_db) == 0
    assert main(["--db", str(closed_db), "import", "undo", report["batch"]]) == 2
    assert "has already been undone" in _one_error_line(capsys.readouterr().err)


def test_options_reach_the_import(closed_db, tmp_path, capsys):
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"format": "coop-desktop-import-mapping", "version": 1,
                                   "columns": [{"header": "Amount", "target": "revenue_fen",
                                                "unit": "ten_thousand"}]}), encoding="utf-8")
    path = write_csv(tmp_path / "a.csv", [["Title"], ["Company name", "USCC", "Amount"],
                                          ["甲", uscc(3), "12"]], encoding="gb18030")
    code = main(["--db", str(closed_db), "import", "enterprises", str(path), "--json",
                 "--mapping", str(mapping), "--encoding", "gbk", "--header-row", "2"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["encoding"] == "gb18030" and report["header_row"] == 2
    assert report["created"] == 1
    conn = sqlite3.connect(closed_db)
    assert conn.execute("SELECT revenue_fen FROM enterprise").fetchone()[0] == 12 * 1_000_000
    conn.close()


@pytest.mark.parametrize("lang,expected", [
    ("en", "Error: “list.xlsm” is a workbook that can contain macros (.xlsm)."),
    ("zh_CN", "错误：“list.xlsm”是可含宏的工作簿（.xlsm）。"),
])
def test_errors_are_one_line_in_the_users_language(closed_db, tmp_path, capsys, lang, expected):
    path = tmp_path / "list.xlsm"
    path.write_bytes(b"PK")
    code = main(["--db", str(closed_db), "--lang", lang, "import", "enterprises", str(path)])
    assert code == 2
    assert _one_error_line(capsys.readouterr().err).startswith(expected)


def test_chinese_output(closed_db, capsys):
    code = main(["--db", str(closed_db), "--lang", "zh_CN", "import", "enterprises",
                 str(FIXTURES / "enterprises-gb18030.csv"), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1
    assert "共读取 8 行：将新建 3 家，更新 0 家，0 家无变化，5 行被拒绝。" in out
    assert "第 7 行，“成立日期”列：“2015-02-30”不是日期。" in out


def test_writing_is_refused_while_the_app_has_the_file(closed_db, capsys):
    path = str(FIXTURES / "mixed-line-endings.csv")
    with InstanceLock(closed_db) as lock:
        assert lock.acquire()
        assert main(["--db", str(closed_db), "import", "enterprises", path]) == 2
        assert "The command line does not change a database while the app has it open" in (
            _one_error_line(capsys.readouterr().err))
        assert main(["--db", str(closed_db), "import", "undo", "x"]) == 2
        capsys.readouterr()
        assert main(["--db", str(closed_db), "import", "enterprises", path, "--dry-run"]) == 0
    assert _count(closed_db) == 0
