"""``coop-desktop pdf APP_ID -o FILE.pdf``: pages, warnings, revisions, atomic writes, errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from coop_desktop.cli import main
from coop_desktop.models import ApplicationStatus
from coop_desktop.services import applications, enterprises, open_database
from coop_desktop.settings import AppSettings

HUAWEI = "914403001922038216"
OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局",
                      organisation_en="Shenzhen SME Service Bureau")
LATER = "The Company now plans a much larger site of 20,000 square metres."


def run(*args, lang="en"):
    return subprocess.run([sys.executable, "-m", "coop_desktop.cli", *args], capture_output=True,
                          text=True, env={"LANG": lang, "PATH": "/usr/bin:/bin", "HOME": "/tmp",
                                          "XDG_CONFIG_HOME": "/tmp/coop-cli-pdf-cfg"})


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "cli.sqlite"
    db, _ = open_database(path, actor="tester")
    try:
        ent = enterprises.create(db, {"name_zh": "华为技术有限公司",
                                      "name_en": "Huawei Technologies Co., Ltd.", "uscc": HUAWEI,
                                      "city_code": "440300", "legal_rep": "张三"}).value
        app = applications.create(db, enterprise_id=ent.id, template_key="zone_application",
                                  country="DE", settings=OFFICER).value
    finally:
        db.close()
    return path, app.id


def _pdf(db_path: Path, *args: str, lang: str = "en") -> int:
    return main(["--db", str(db_path), "--lang", lang, "pdf", *args])


def _pages(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def _text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(path).pages))


def test_writes_the_pdf_and_prints_the_page_count(setup, tmp_path, capsys):
    db_path, app_id = setup
    out = tmp_path / "dossier.pdf"
    assert _pdf(db_path, str(app_id), "-o", str(out), "--force") == 0
    printed = capsys.readouterr()
    pages = _pages(out)
    assert printed.out.strip() == f"Wrote {out}: {pages} pages."
    assert printed.err.startswith("Warning: exported with open errors: “Company Profile”")
    assert pages > 3 and "华为技术有限公司" in _text(out)
    assert not list(tmp_path.glob(".*.part"))

    assert _pdf(db_path, str(app_id), "-o", str(out), "--layout", "zh", "--pdfa", "--force",
                lang="zh_CN") == 0
    printed = capsys.readouterr().out.strip()
    assert printed == f"已写入 {out}：共 {_pages(out)} 页。"
    reader = pypdf.PdfReader(out)
    assert b"<pdfaid:part>2</pdfaid:part>" in reader.trailer["/Root"]["/Metadata"].get_data()
    assert "HuaweiTechnologies" not in _text(out)


def test_a_revision_is_printed_as_it_was_frozen(setup, tmp_path, capsys):
    db_path, app_id = setup
    db, _ = open_database(db_path, actor="tester")
    try:
        found = applications.open_errors(applications.check(db, app_id))
        applications.ignore_issues(db, app_id, [(s.key, i.key) for s, i in found], "OK as is.")
        applications.set_status(db, app_id, ApplicationStatus.READY)
        applications.set_status(db, app_id, ApplicationStatus.SUBMITTED, settings=OFFICER)
        applications.new_revision(db, app_id)
        applications.update_section(db, app_id, "zone_plan", en=LATER)
    finally:
        db.close()
    old, new = tmp_path / "r1.pdf", tmp_path / "now.pdf"
    assert _pdf(db_path, str(app_id), "-o", str(old), "--revision", "1", "--layout", "en",
                "--force") == 0
    assert _pdf(db_path, str(app_id), "-o", str(new), "--layout", "en", "--force") == 0
    capsys.readouterr()
    later = re.sub(r"\s+", "", LATER)
    assert later not in _text(old) and later in _text(new)


def test_glyph_warnings_name_the_section_and_language(setup, tmp_path, capsys):
    db_path, app_id = setup
    db, _ = open_database(db_path, actor="tester")
    try:
        applications.update_section(db, app_id, "zone_plan", zh="计划\ue000")
    finally:
        db.close()
    out = tmp_path / "w.pdf"
    assert _pdf(db_path, str(app_id), "-o", str(out), "--force") == 0
    err = capsys.readouterr().err
    assert "Warning: Section “Plan for Operations in the Zone” (Chinese): no font for U+E000" \
        in err
    assert _pdf(db_path, str(app_id), "-o", str(out), "--force", lang="zh_CN") == 0
    err = capsys.readouterr().err
    assert "警告：章节“入区计划”（中文）：没有可显示 U+E000 的字体" in err


def test_errors_are_one_line_exit_2_and_leave_files_alone(setup, tmp_path, capsys):
    db_path, app_id = setup
    good = tmp_path / "good.pdf"
    good.write_bytes(b"%PDF-1.4 keep me")
    assert _pdf(db_path, "999", "-o", str(good)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: ") and "999" in err and "\n" not in err
    assert _pdf(db_path, str(app_id), "-o", str(good), "--revision", "4") == 2
    assert capsys.readouterr().err.strip() == "Error: The application has no revision 4."
    assert good.read_bytes() == b"%PDF-1.4 keep me"
    assert _pdf(db_path, str(app_id), "-o", str(tmp_path / "missing" / "x.pdf"),
                "--force") == 2
    assert "does not exist" in capsys.readouterr().err
    assert _pdf(db_path, str(app_id), "-o", str(tmp_path), "--force", lang="zh_CN") == 2
    assert capsys.readouterr().err.startswith("错误：")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")) == \
        ["good.pdf"]


def test_no_traceback_from_the_real_command(setup, tmp_path):
    db_path, app_id = setup
    result = run("--db", str(db_path), "pdf", "999", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run("--db", str(db_path), "pdf", str(app_id), "-o", str(tmp_path / "x.pdf"),
                 "--layout", "sideways")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    result = run("--db", str(db_path), "pdf", str(app_id), "-o", str(tmp_path / "x.pdf"),
                 "--layout", "stacked", "--force")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {tmp_path / 'x.pdf'}: ")


def test_open_errors_refuse_the_export_in_one_line_unless_forced(setup, tmp_path, capsys):
    """A fresh draft still has {{placeholders}} and 【待填写】 gaps: exit 2, one line naming
    them, nothing written; --force writes it and says what is unfinished."""
    db_path, app_id = setup
    out = tmp_path / "draft.pdf"
    assert _pdf(db_path, str(app_id), "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Error: The document still has open errors: ")
    assert "“Company Profile”: placeholders not filled in: {{enterprise.established_on}}" in err
    assert "[to be completed] gaps left" in err and "--force" in err
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    assert _pdf(db_path, str(app_id), "-o", str(out), lang="zh_CN") == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：文档仍有未解决的错误：“企业基本情况”：占位符尚未填入内容：")
    assert "处【待填写】内容" in err and err.count("\n") == 1
    assert _pdf(db_path, str(app_id), "-o", str(out), "--force") == 0
    assert out.is_file()


def test_style_and_cover_options(setup, tmp_path, capsys):
    """--style picks the print style (default: the one last chosen in the app, else the
    layout's); --cover asks for the cover and contents on a short document."""
    from coop_desktop.services import documents

    db_path, app_id = setup
    seen = []
    real = documents.render_to

    def spy(doc, target, **kw):
        seen.append((kw["layout"], kw["style"], kw["force_cover"]))
        return real(doc, target, **kw)

    import coop_desktop.services.documents as module

    original = module.render_to
    module.render_to = spy
    try:
        out = str(tmp_path / "s.pdf")
        assert _pdf(db_path, str(app_id), "-o", out, "--force") == 0
        assert _pdf(db_path, str(app_id), "-o", out, "--force", "--layout", "en") == 0
        assert _pdf(db_path, str(app_id), "-o", out, "--force", "--style", "modern",
                    "--cover") == 0
        AppSettings(pdf_style="modern").save()
        assert _pdf(db_path, str(app_id), "-o", out, "--force", "--layout", "zh") == 0
        assert _pdf(db_path, str(app_id), "-o", out, "--force", "--style", "official") == 0
    finally:
        module.render_to = original
    assert seen == [("parallel", "official", None), ("en", "modern", None),
                    ("parallel", "modern", True), ("zh", "modern", None),
                    ("parallel", "official", None)]
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:  # argparse: usage and exit 2
        _pdf(db_path, str(app_id), "-o", out, "--style", "fancy")
    assert exited.value.code == 2 and "invalid choice" in capsys.readouterr().err
