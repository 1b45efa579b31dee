"""Settings are written atomically and privately; a damaged file never points the app at
another database."""

from __future__ import annotations

import json

import pytest

from coop_desktop import cli, fileio
from coop_desktop.settings import AppSettings


def test_saved_atomically_privately_with_a_second_copy(tmp_path):
    path = tmp_path / "cfg" / "settings.json"
    AppSettings(officer_name="李明", db_path="/data/coop.sqlite").save(path)
    AppSettings(officer_name="王芳", db_path="/data/coop.sqlite").save(path)
    assert json.loads(path.read_text(encoding="utf-8"))["officer_name"] == "王芳"
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json", "settings.json.bak"]
    assert fileio.is_private(path) and fileio.is_private(path.parent)
    loaded = AppSettings.load(path)
    assert loaded.officer_name == "王芳" and loaded.load_problem is None


@pytest.mark.parametrize("damage", [b"", b"{\"officer_name\": \"\xe6\x9d", b"\x00" * 64, b"[1, 2]"])
def test_a_damaged_file_falls_back_to_its_good_copy(tmp_path, damage):
    path = tmp_path / "settings.json"
    AppSettings(officer_name="李明", db_path="/data/real.sqlite").save(path)
    path.write_bytes(damage)  # e.g. a power cut while an editor rewrote it
    loaded = AppSettings.load(path)
    assert loaded.db_path == "/data/real.sqlite"
    assert loaded.officer_name == "李明"
    assert not loaded.database_unknown
    msgid, params = loaded.load_problem
    assert "previous copy" in msgid and params["kept"].endswith("settings.json.damaged")
    assert (tmp_path / "settings.json.damaged").read_bytes() == damage
    assert AppSettings.load(path).load_problem is None  # the good copy was written back


def test_with_no_good_copy_the_database_is_unknown_not_the_default(tmp_path, monkeypatch, capsys):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    loaded = AppSettings.load(path)
    assert loaded.database_unknown
    assert loaded.db_path == ""
    monkeypatch.setattr(AppSettings, "file", classmethod(lambda cls: path))
    # (the file was moved aside by the first load: damage it again for the command line)
    path.write_text("{not json", encoding="utf-8")
    code = cli.main(["--lang", "en", "stats"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_ERROR
    assert "--db" in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("Error:")]) == 1


def test_one_bad_value_keeps_the_rest(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"officer_name": "李明", "backup_interval_min": "often"}),
                    encoding="utf-8")
    loaded = AppSettings.load(path)
    assert loaded.officer_name == "李明"
    assert loaded.backup_interval_min == 30
    assert loaded.load_problem is None


def test_the_audit_actor_is_one_bounded_line():
    assert AppSettings(officer_name="  李明 \n 王芳\t").actor() == "李明 王芳"
    assert len(AppSettings(officer_name="李" * 10_000).actor()) == 100
    assert AppSettings(officer_name=" \n ").actor() is None
