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
    assert out["schema_revision"] and out["counts"]["zones"]["live"] == 12
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
