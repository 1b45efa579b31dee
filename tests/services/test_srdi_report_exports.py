"""The SRDI report's xlsx (read back with openpyxl), its bilingual PDF (pdftotext, pdffonts)
and ``coop-desktop srdi report``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from coop_desktop.cli import main
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.documents import srdi_report_pdf
from coop_desktop.errors import CoopError
from coop_desktop.exchange import export_filter, srdi_export
from coop_desktop.i18n.catalog import translator
from coop_desktop.rules.srdi_results import OUTCOMES, TIERS
from coop_desktop.services import enterprises, srdi_report
from tests.services.test_srdi_report import TODAY, firms  # noqa: F401 - fixture

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")


@pytest.fixture
def report(db, firms):  # noqa: F811 - the imported fixture
    return srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)


def _sheets(path: Path) -> tuple[list[tuple], list[tuple], object]:
    book = openpyxl.load_workbook(path)
    summary, listed = book.worksheets
    return (list(summary.iter_rows(values_only=True)), list(listed.iter_rows(values_only=True)),
            listed)


def test_xlsx_summary_and_one_typed_row_per_enterprise(report, tmp_path):
    target = tmp_path / "report.xlsx"
    tr = translator("en")
    result = srdi_export.run(srdi_export.write_xlsx(
        report, target, tr, filters=[("Province", "Guangdong")]))
    assert result.rows == report.total == 6
    summary, rows, sheet = _sheets(target)
    text = [c for r in summary for c in r if isinstance(c, str)]
    assert "Who qualifies: SRDI tiers" in text
    assert any("工信部企业〔2022〕63号" in t for t in text)
    assert "Filter: Province: Guangdong" in text
    assert "Assessed on 2026-06-01" in text
    assert any(t.startswith("Indicative only") for t in text)
    head = next(r for r in summary if r[0] == "Tier")
    assert list(head[1:]) == ["Qualifies", "Does not qualify", "Cannot tell", "Total"]
    for tier_row, tier in zip(summary[summary.index(head) + 1:][:3], TIERS, strict=True):
        assert list(tier_row[1:]) == [report.counts[tier][o] for o in OUTCOMES] + [6]
    header, body = rows[0], rows[1:]
    assert header[:5] == ("Enterprise", "English name", "USCC", "Province", "Year used")
    assert header[5:8] == ("Innovative SME: result", "Innovative SME: score",
                           "Innovative SME: what is short or missing")
    assert len(body) == 6 and sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:N7"
    by_name = {r[0]: r for r in body}
    strong = by_name["强企科技有限公司"]
    assert strong[4] == 2025 and isinstance(strong[4], int)
    srdi = 5 + 3 * TIERS.index("srdi")
    assert strong[srdi] == "Qualifies" and isinstance(strong[srdi + 1], int)
    assert strong[srdi + 2] is None  # nothing short for a pass
    weak = by_name["弱企贸易有限公司"]
    assert weak[srdi] == "Does not qualify"
    row = next(r for r in report.rows if r.name_zh == "弱企贸易有限公司")
    assert weak[srdi + 2].startswith(row.tier("srdi").shortfalls[0].explanation()
                                     .render(translator("en")))
    bare = by_name["无数据电子有限公司"]
    assert bare[4] is None and bare[5] == "Cannot tell" and bare[7].startswith("Missing: ")


def test_xlsx_in_chinese_and_hostile_names_stay_text(db, report, tmp_path, new_uscc):
    hostile = enterprises.create(db, {"name_zh": "=HYPERLINK(\"http://x\")有限公司",
                                      "uscc": new_uscc()}).value
    report = srdi_report.run(db, EnterpriseQuery(), today=TODAY, workers=1)
    target = tmp_path / "报告.xlsx"
    srdi_export.run(srdi_export.write_xlsx(report, target, translator("zh_CN")))
    book = openpyxl.load_workbook(target)
    assert [ws.title for ws in book.worksheets] == ["汇总", "企业"]
    listed = book.worksheets[1]
    assert listed["A1"].value == "企业" and listed["F1"].value == "创新型中小企业：测评结果"
    cells = {c.value: c for c in listed["A"]}
    cell = cells[hostile.name_zh]
    assert cell.data_type == "s" and cell.quotePrefix
    outcomes = {listed.cell(r, 6).value for r in range(2, listed.max_row + 1)}
    assert outcomes <= {"符合", "不符合", "无法判定"}


def test_closing_the_xlsx_job_leaves_no_file(report, tmp_path, monkeypatch):
    from openpyxl.worksheet import _writer

    monkeypatch.setattr(srdi_export, "BLOCK", 2)
    folder = tmp_path / "out"
    folder.mkdir()
    job = srdi_export.write_xlsx(report, folder / "cancelled.xlsx", translator("en"))
    assert next(job) == (0, 6)
    assert next(job) == (2, 6)
    job.close()
    assert list(folder.iterdir()) == []
    assert all(not Path(p).exists() for p in _writer.ALL_TEMP_FILES)  # no sheet file left
    with pytest.raises(CoopError):
        srdi_export.run(srdi_export.write_xlsx(report, tmp_path, translator("en")))


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")
def test_pdf_is_bilingual_with_the_version_document_date_and_the_caveat(report, tmp_path):
    target = tmp_path / "report.pdf"
    query = EnterpriseQuery(province_code="440000")
    result = srdi_export.run(srdi_report_pdf.render(
        report, target, filters_zh=export_filter.describe(query, translator("zh_CN")),
        filters_en=export_filter.describe(query, translator("en"))))
    assert result.rows == 6 and result.pages >= 1 and not result.warnings
    text = _pdf_text(target)
    flat = " ".join(text.split())
    for wanted in ("专精特新梯度培育资质评估", "Who qualifies: SRDI tiers", "工信部企业〔2022〕63号",
                   "Criteria version 2022", "仅供参考", "Indicative only", "2026-06-01",
                   "广东省", "Guangdong", "强企科技有限公司", "Qualifies", "不符合",
                   "Interim Measures for the Tiered Cultivation of Quality SMEs"):
        assert wanted in flat, wanted
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts)  # embedded, subset, unicode


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
def test_pdf_of_a_long_report_lists_the_first_rows_and_says_so(report, tmp_path, monkeypatch):
    monkeypatch.setattr(srdi_report_pdf, "MAX_ROWS", 2)
    target = tmp_path / "long.pdf"
    result = srdi_export.run(srdi_report_pdf.render(report, target))
    assert result.rows == 2
    flat = " ".join(_pdf_text(target).split())
    assert "first 2 of 6 enterprises" in flat and "前 2 家" in flat
    assert report.rows[0].name_zh in flat and report.rows[2].name_zh not in flat
    empty = srdi_report.SrdiReport(**{**report.__dict__, "rows": []})
    with pytest.raises(CoopError):
        srdi_export.run(srdi_report_pdf.render(empty, tmp_path / "empty.pdf"))


# ------------------------------------------------------------------ the command line
def test_cli_prints_the_counts_and_writes_both_files(db, firms, tmp_path, capsys):  # noqa: F811
    path = db.path
    db.close()
    xlsx, pdf = tmp_path / "out.xlsx", tmp_path / "out.pdf"
    code = main(["--db", str(path), "--lang", "en", "srdi", "report", "--filter",
                 "province=广东", "--version", "2022", "--xlsx", str(xlsx), "--pdf", str(pdf)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Document: 工信部企业〔2022〕63号" in out and "Filter: Province: Guangdong" in out
    assert "Enterprises: 5" in out
    assert "Wrote " in out and xlsx.exists() and pdf.exists()
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Tier"))
    assert lines[head + 1].startswith("Innovative SME") and lines[head + 1].endswith("5")
    rows = list(openpyxl.load_workbook(xlsx).worksheets[1].iter_rows(values_only=True))
    assert len(rows) == 6


def test_cli_in_chinese_and_errors_in_one_line(db, firms, capsys):  # noqa: F811
    path = db.path
    db.close()
    assert main(["--db", str(path), "--lang", "zh_CN", "srdi", "report", "--version",
                 "2026"]) == 0
    out = capsys.readouterr().out
    assert "工信部企业〔2026〕2号" in out and "创新型中小企业" in out and "仅供参考" in out
    assert main(["--db", str(path), "--lang", "en", "srdi", "report", "--filter",
                 "bogus=1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Error: Unknown filter")

