"""``coop-desktop package export|import``: output, exit codes (0 done, 1 a choice is needed,
2 error), refusals in both languages, and the app's lock."""

from __future__ import annotations

import re
from datetime import date

import pytest

from coop_desktop.cli import main
from coop_desktop.db.lock import InstanceLock
from coop_desktop.exchange import package as pk
from coop_desktop.services import enterprises, open_database
from package_kit import counts, flip_byte, make_dossier, other_database

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def source(db, tmp_path, new_uscc):
    (tmp_path / "src").mkdir()
    made = make_dossier(db, tmp_path / "src", new_uscc())
    db.close()
    return db.path, made


@pytest.fixture
def target(tmp_path, _fresh_database_file):
    database = other_database(tmp_path / "laptop-b", _fresh_database_file)
    path = database.path
    database.close()
    return path


def _export(source, tmp_path, capsys, name="p.coopdossier"):
    path, made = source
    out = tmp_path / name
    assert main(["--db", str(path), "package", "export", str(made.app_id), str(out),
                 "--no-pdf"]) == 0
    capsys.readouterr()
    return out


def _counts(path):
    db, _ = open_database(path, actor="t")
    try:
        return counts(db)
    finally:
        db.close()


def _one_error_line(err):
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_export_then_import_on_another_database(source, target, tmp_path, capsys):
    path, made = source
    out = tmp_path / "p.coopdossier"
    assert main(["--db", str(path), "package", "export", str(made.app_id), str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Dossier package written: {out}" in printed
    assert "2 attachments" in printed and re.search(r"PDF: \d+ pages", printed)

    before = _counts(target)
    assert main(["--db", str(target), "package", "import", str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "is new here and will be created" in printed and "Dry run" in printed
    assert "every SHA-256 checksum matches" in printed
    assert _counts(target) == before

    assert main(["--db", str(target), "package", "import", str(out)]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"Imported as application \d+\.", printed)
    assert "Enterprise created." in printed and "2 attachments added." in printed
    assert "Backup made before the import" in printed
    assert _counts(target)["application"] == before["application"] + 1


def test_import_again_needs_as_copy(source, target, tmp_path, capsys):
    out = _export(source, tmp_path, capsys)
    assert main(["--db", str(target), "package", "import", str(out)]) == 0
    capsys.readouterr()
    before = _counts(target)
    assert main(["--db", str(target), "package", "import", str(out)]) == 1
    captured = capsys.readouterr()
    assert "from this same package" in captured.out and "--as-copy" in captured.err
    assert _counts(target) == before
    assert main(["--db", str(target), "package", "import", str(out), "--as-copy"]) == 0
    assert _counts(target)["application"] == before["application"] + 1


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_differences_refuse_until_take_is_given(source, target, tmp_path, capsys, lang):
    out = _export(source, tmp_path, capsys)
    theirs = pk.inspect_package(out).dossier.enterprise
    db, _ = open_database(target, actor="王芳")
    firm = enterprises.create(db, {"name_zh": theirs["name_zh"], "uscc": theirs["uscc"],
                                   "name_en": "Local English name", "employees": 7,
                                   "established_on": date(2012, 5, 3)}).value
    db.close()
    before = _counts(target)
    args = ["--db", str(target), "--lang", lang, "package", "import", str(out)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert _counts(target) == before
    if lang == "en":
        assert "fields differ" in captured.out
        assert "here “Local English name”, in the package “Shenzhen Example" in captured.out
        assert "--take mine" in captured.err and "Nothing was imported" in captured.err
    else:
        assert "个字段不一致" in captured.out and "本机为“Local English name”" in captured.out
        assert "未导入任何内容" in captured.err and "--take mine" in captured.err
        assert "Nothing" not in captured.err and "Enterprise" not in captured.out
    assert main([*args, "--dry-run"]) == 1  # the dry run refuses as the import would
    capsys.readouterr()

    assert main([*args, "--take", "mine"]) == 0
    capsys.readouterr()
    db, _ = open_database(target, actor="t")
    try:
        kept = enterprises.get(db, firm.id)
    finally:
        db.close()
    assert (kept.name_en, kept.employees) == ("Local English name", 7)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_damaged_package_is_an_error_naming_the_file(source, target, tmp_path, capsys, lang):
    out = _export(source, tmp_path, capsys)
    bad = flip_byte(out, tmp_path / "bad.coopdossier", "dossier.json")
    before = _counts(target)
    assert main(["--db", str(target), "--lang", lang, "package", "import", str(bad)]) == 2
    captured = capsys.readouterr()
    line = _one_error_line(captured.err)
    assert "dossier.json" in line and captured.out == ""
    assert line.startswith("Error:" if lang == "en" else "错误")
    if lang == "zh_CN":
        assert CJK.search(line) and "damaged" not in line
    assert _counts(target) == before


def test_import_is_refused_while_the_app_has_the_database(source, target, tmp_path, capsys):
    out = _export(source, tmp_path, capsys)
    with InstanceLock(target) as lock:
        assert lock.acquire()
        assert main(["--db", str(target), "package", "import", str(out)]) == 2
        assert str(target) in _one_error_line(capsys.readouterr().err)
        # export only reads: it works meanwhile (here on the locked file's own database)
    path, made = source
    with InstanceLock(path) as lock:
        assert lock.acquire()
        assert main(["--db", str(path), "package", "export", str(made.app_id),
                     str(tmp_path / "while-open.coopdossier"), "--no-pdf"]) == 0


def test_export_errors_are_one_line(source, tmp_path, capsys):
    path, made = source
    assert main(["--db", str(path), "package", "export", "99999", str(tmp_path / "x")]) == 2
    assert "99999" in _one_error_line(capsys.readouterr().err)
    assert main(["--db", str(path), "package", "export", str(made.app_id),
                 str(tmp_path / "no" / "such" / "x.coopdossier")]) == 2
    assert "does not exist" in _one_error_line(capsys.readouterr().err)
