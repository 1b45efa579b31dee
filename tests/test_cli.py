"""The command line: one clear line on errors, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from coop_desktop import __version__
from coop_desktop.cli import main


def run(*args, env_lang="en"):
    return subprocess.run([sys.executable, "-m", "coop_desktop.cli", *args], capture_output=True,
                          text=True, env={"LANG": env_lang, "PATH": "/usr/bin:/bin",
                                          "HOME": "/tmp", "XDG_CONFIG_HOME": "/tmp/coop-cli-cfg"})


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert __version__ in capsys.readouterr().out


def test_stats_json_on_new_database(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "s.sqlite"), "stats", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema_revision"] and out["counts"]["zones"]["live"] == 13
    assert out["counts"]["enterprises"] == {"live": 0, "recycle_bin": 0}
    assert set(out["size_classes"]) == {"medium", "small", "micro", "large", "unknown"}


def test_db_from_environment(tmp_path, monkeypatch, capsys):
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("COOP_DESKTOP_DB", str(path))
    assert main(["stats"]) == 0
    assert path.exists()


def test_bad_file_gives_one_line_in_the_users_language(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    en = run("--db", str(bad), "stats")
    assert en.returncode == 2 and "Traceback" not in en.stderr
    assert en.stderr.strip().count("\n") == 0 and "not a Coop Desktop database" in en.stderr
    zh = run("--lang", "zh_CN", "--db", str(bad), "stats")
    assert zh.returncode == 2 and "Traceback" not in zh.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.stderr)
    assert bad.read_text() == "not a database"


def test_system_locale_picks_chinese(tmp_path):
    result = run("--db", str(tmp_path / "z.sqlite"), "stats", env_lang="zh_CN.UTF-8")
    assert result.returncode == 0 and "企业" in result.stdout


def _flip_in_table(path, table="enterprise"):
    import sqlite3

    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    pages = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", (table,))]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (pages[len(pages) // 2] - 1) * 4096 + 1000
    for i in range(start, start + 512):
        data[i] ^= 0xA5
    path.write_bytes(bytes(data))


def test_damaged_database_gives_one_line_and_is_not_written(tmp_path):
    import hashlib

    path = tmp_path / "coop.sqlite"
    assert main(["--db", str(path), "demo", "--enterprises", "600"]) == 0
    _flip_in_table(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    # Reading commands print what can be read, or one line; a writing command waits for
    # the full check, which fails: one line, exit 2, and the file is not touched.
    for args in (("stats",), ("application", "list"), ("demo", "--enterprises", "5", "--force")):
        result = run("--db", str(path), *args)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 2) and (result.returncode == 0 or (
            result.stderr.strip().count("\n") == 0)), (args, result.stderr)
    assert result.returncode == 2 and "damaged" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_demo_refuses_a_database_with_real_records(tmp_path, capsys):
    from coop_desktop.services import enterprises, open_database
    from coop_desktop.validation import uscc_check_char

    path = tmp_path / "real.sqlite"
    assert main(["--db", str(path), "demo", "--enterprises", "20"]) == 0
    assert main(["--db", str(path), "demo", "--enterprises", "20", "--seed", "2"]) == 0  # demo only
    db, _ = open_database(path)
    body = "91440300MA5DEN00X"
    enterprises.create(db, {"name_zh": "深圳市真实记录有限公司", "uscc": body + uscc_check_char(body)})
    db.close()
    capsys.readouterr()
    assert main(["--db", str(path), "demo", "--enterprises", "20"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--db", str(path), "demo", "--enterprises", "20", "--force"]) == 0
