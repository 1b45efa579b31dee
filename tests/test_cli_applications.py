"""``coop-desktop application new|check|list``: ids, exit codes, languages, no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coop_desktop.cli import main
from coop_desktop.services import applications, enterprises, open_database

HUAWEI = "914403001922038216"


def run(*args, lang="en"):
    return subprocess.run([sys.executable, "-m", "coop_desktop.cli", *args], capture_output=True,
                          text=True, env={"LANG": lang, "PATH": "/usr/bin:/bin", "HOME": "/tmp",
                                          "XDG_CONFIG_HOME": "/tmp/coop-cli-app-cfg"})


@pytest.fixture
def db_path(tmp_path: Path, _fresh_database_file: Path) -> Path:
    path = tmp_path / "cli.sqlite"
    shutil.copyfile(_fresh_database_file, path)  # a new database (conftest makes it once)
    db, _ = open_database(path, actor="tester")
    enterprises.create(db, {"name_zh": "华为技术有限公司", "name_en": "Huawei Technologies Co., Ltd.",
                            "uscc": HUAWEI, "city_code": "440300", "legal_rep": "张三"})
    db.close()
    return path


def _new(db_path, capsys, *extra) -> int:
    code = main(["--db", str(db_path), "application", "new", "--enterprise", HUAWEI,
                 "--template", "zone_application", *extra])
    assert code == 0
    return int(capsys.readouterr().out.strip())


def test_new_prints_the_id_and_takes_zone_key_or_id(db_path, capsys):
    first = _new(db_path, capsys, "--zone", "cn-de-taicang", "--country", "de")
    second = _new(db_path, capsys, "--zone", "1")
    db, _ = open_database(db_path)
    try:
        a, b = applications.get(db, first), applications.get(db, second)
    finally:
        db.close()
    assert (a.country, a.zone_id is not None, b.zone_id) == ("DE", True, 1)
    assert a.status == "draft" and second == first + 1


def test_check_lists_findings_and_exits_1_while_an_error_is_open(db_path, capsys):
    app_id = _new(db_path, capsys, "--zone", "cn-de-taicang")
    assert main(["--db", str(db_path), "--lang", "en", "application", "check", str(app_id)]) == 1
    out = capsys.readouterr().out
    assert "Main Business and Leading Products" in out and "Error" in out
    assert "Open errors:" in out and "[fill_in_left:" in out
    assert main(["--db", str(db_path), "--lang", "zh_CN", "application", "check", str(app_id)]) == 1
    out = capsys.readouterr().out
    assert "主营业务与主导产品" in out and "错误" in out

    db, _ = open_database(db_path, actor="tester")
    try:
        found = applications.open_errors(applications.check(db, app_id))
        applications.ignore_issues(db, app_id, [(s.key, i.key) for s, i in found],
                                   "Reviewed with the enterprise.")
    finally:
        db.close()
    assert main(["--db", str(db_path), "--lang", "en", "application", "check", str(app_id)]) == 0
    out = capsys.readouterr().out
    assert "ignored" in out and "Reviewed with the enterprise." in out and "Open errors: 0" in out


def test_list_plain_and_json(db_path, capsys):
    assert main(["--db", str(db_path), "application", "list"]) == 0
    assert "No applications" in capsys.readouterr().out
    app_id = _new(db_path, capsys)
    assert main(["--db", str(db_path), "--lang", "en", "application", "list"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{app_id}  Draft") and "Huawei Technologies Co., Ltd." in line
    assert main(["--db", str(db_path), "application", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["id"], row["status"], row["enterprise_name_zh"]) == (app_id, "draft", "华为技术有限公司")
    assert 0 <= row["completeness_zh"] < 1


@pytest.mark.parametrize(("args", "needle"), [
    (("new", "--enterprise", "91350100M000100Y43", "--template", "zone_application"), "USCC"),
    (("new", "--enterprise", HUAWEI, "--template", "nope"), "template"),
    (("new", "--enterprise", HUAWEI, "--template", "zone_application", "--zone", "atlantis"),
     "atlantis"),
    (("new", "--enterprise", HUAWEI, "--template", "zone_application", "--country", "XX"), "XX"),
    (("check", "999"), "999"),
])
def test_errors_exit_2_with_one_clear_message(db_path, args, needle, capsys, monkeypatch):
    # In this process, with the environment ``run`` gives (the exit status is what ``main``
    # returns): the real command's status and one-line stderr are the next two tests'.
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en")
    code = main(["--db", str(db_path), "application", *args])
    stderr = capsys.readouterr().err
    assert code == 2, stderr
    assert "Traceback" not in stderr and needle in stderr
    assert stderr.startswith("Error:") and stderr.count("\n") == 1


def test_errors_in_chinese(db_path):
    zh = run("--lang", "zh_CN", "--db", str(db_path), "application", "new", "--enterprise",
             "91350100M000100Y43", "--template", "zone_application")
    assert zh.returncode == 2 and "Traceback" not in zh.stderr
    assert "91350100M000100Y43" in zh.stderr and "企业" in zh.stderr


def test_output_into_a_closed_pipe_is_not_an_error(db_path, capsys):
    for _ in range(3):
        _new(db_path, capsys)
    cmd = [sys.executable, "-m", "coop_desktop.cli", "--db", str(db_path), "application", "check", "1"]
    env = {"LANG": "en", "PATH": "/usr/bin:/bin", "HOME": "/tmp", "XDG_CONFIG_HOME": "/tmp/coop-cli-app-cfg"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    proc.stdout.readline()  # like `| head -1`
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Broken pipe" not in err and b"Traceback" not in err


def test_closed_applications_show_no_countdown(db_path, capsys):
    app_id = _new(db_path, capsys)
    db, _ = open_database(db_path, actor="tester")
    applications.update_meta(db, app_id, {"deadline": "2026-12-01"})
    applications.set_status(db, app_id, "withdrawn")
    db.close()
    assert main(["--db", str(db_path), "application", "list"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[0]
    assert "2026-12-01" in line and "()" not in line and "day" not in line
