"""Import of the real files in tests/fixtures/exchange/ (LibreOffice xlsx and xls, CSVs in
GB18030, UTF-16 and UTF-8 with a BOM, merged headers, formulas, empty files, headers only,
mixed line ends): each gives the expected result or a clear error, and a dry run or a
refused file changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coop_desktop.errors import CoopError
from coop_desktop.exchange import importer
from coop_desktop.exchange.reading import MAX_FILE_BYTES, ReadOptions, preview
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import contacts, zone_links
from tests.exchange.import_kit import (
    FIXTURES, LIST_CREATED, LIST_FILES, LIST_REJECTED, snapshot, uscc,
)


@pytest.fixture
def no_backup(monkeypatch):
    """apply() without a real backup (the backup tests check that one is taken)."""
    taken = []

    def fake(db, reason="manual", backup_dir=None, **kw):
        taken.append(reason)

        class Info:
            path = Path("/nonexistent/backup.sqlite")
        return Info()

    monkeypatch.setattr("coop_desktop.services.backups.take_backup", fake)
    return taken


@pytest.mark.parametrize("name", LIST_FILES)
def test_the_libreoffice_list_in_every_format_gives_the_same_result(db, name, no_backup):
    before = snapshot(db)
    plan = importer.plan(db, FIXTURES / name)
    assert snapshot(db) == before  # a dry run writes nothing
    assert (plan.rows, plan.created, plan.rejected) == (8, 3, 5)
    report = importer.apply(db, FIXTURES / name)
    assert no_backup == ["before-import"]
    assert (report.rows, report.created, report.updated, report.rejected) == (8, 3, 0, 5)
    assert {p.row: p.column for p in report.problems} == {r: c for r, (c, _m) in
                                                          LIST_REJECTED.items()}
    for problem in report.problems:
        assert problem.render().split(": ", 1)[1].startswith(LIST_REJECTED[problem.row][1])
    for code, name_zh in LIST_CREATED.items():
        assert enterprises.get_by_uscc(db, code).name_zh == name_zh
    jixiang = enterprises.get_by_uscc(db, "91440300MA5F8TPX1L")
    assert jixiang.registered_capital_fen == 500 * 10_000 * 100  # 500 万元
    assert jixiang.revenue_fen == 8_600_500_000  # 8600.5 万元 = 86,005,000 元
    assert str(jixiang.established_on) == "2012-05-18"
    assert (jixiang.province_code, jixiang.city_code) == ("440000", "440300")
    assert jixiang.industry == "industry" and jixiang.employees == 120
    assert jixiang.export_markets == ["DE", "US"]
    assert jixiang.legal_rep == "王𠮷"
    haiyun = enterprises.get_by_uscc(db, "91350203MA31UQ9T7C")
    assert (haiyun.registered_capital_fen, haiyun.registered_capital_currency) == (
        100 * 1_000_000, "USD")  # 100万美元
    assert haiyun.employees == 65 and haiyun.export_markets == ["US", "CA"]
    shuzhi = enterprises.get_by_uscc(db, "91330106MA2H3K7L08")
    assert shuzhi.description_zh == '=HYPERLINK("http://example.com/x","点击查看")'  # text
    assert shuzhi.export_markets == ["SG", "MY"]
    assert [c.name for c in contacts.list(db, enterprise_id=jixiang.id)] == ["王晓明"]
    assert len(zone_links.list(db, enterprise_id=jixiang.id)) == 1
    assert report.contacts_created == 3 and report.links_created == 1


def test_rejections_read_in_chinese(db, no_backup):
    report = importer.plan(db, FIXTURES / "enterprises-gb18030.csv")
    zh = translator("zh_CN")
    lines = [p.render(zh) for p in report.problems]
    assert lines[0].startswith("第 6 行，“统一社会信用代码”列：")
    assert "不是日期" in lines[1] and "重复" in lines[2]
    assert report.summary(zh)[0] == "共读取 8 行：将新建 3 家，更新 0 家，0 家无变化，5 行被拒绝。"


def test_workbook_sheets_default_to_the_first_with_data_and_can_be_chosen(db):
    path = FIXTURES / "enterprises-libreoffice.xlsx"
    first = preview(path)
    assert (first.sheets, first.sheet, first.header_row) == (["说明", "企业名单", "汇总"],
                                                             "企业名单", 2)
    other = preview(path, ReadOptions(sheet="汇总"))
    assert other.headers == ["地区", "企业数"] and other.rows[0][1] == ["广东", 2]
    with pytest.raises(CoopError) as err:
        preview(FIXTURES / "enterprises-libreoffice.xls", ReadOptions(sheet="Sheet9"))
    assert "Its sheets: 说明、企业名单、汇总" in str(err.value)


@pytest.mark.parametrize("name", ["merged-header-libreoffice.xlsx", "merged-header-libreoffice.xls"])
def test_merged_header_cells_make_two_row_headers(db, name, no_backup):
    seen = preview(FIXTURES / name)
    assert seen.header_rows == 2
    assert seen.headers == ["企业名称", "统一社会信用代码", "联系人 · 姓名", "联系人 · 电话",
                            "联系人 · 邮箱", "注册资本 · 金额（万元）", "注册资本 · 币种"]
    report = importer.apply(db, FIXTURES / name)
    assert [c.target for c in report.mapping.columns] == [
        "name_zh", "uscc", "contact_name", "contact_phone", "contact_email",
        "registered_capital_fen", "registered_capital_currency"]
    assert (report.created, report.rejected, report.contacts_created) == (2, 0, 2)
    nanfang = enterprises.get_by_uscc(db, "91440101MA59XK2L42")
    assert (nanfang.registered_capital_fen, nanfang.registered_capital_currency) == (
        150_000_000, "USD")
    [contact] = contacts.list(db, enterprise_id=nanfang.id)
    assert (contact.name, contact.phone, contact.email) == ("何丽", "020-38001234",
                                                            "he@nanfang.example.com")


def test_formulas_are_read_as_the_values_libreoffice_stored(db, no_backup):
    report = importer.apply(db, FIXTURES / "formulas-libreoffice.xlsx")
    assert (report.created, report.rejected) == (1, 1)
    haitian = enterprises.get_by_uscc(db, "91330203MA2AB3CD1J")
    assert haitian.name_zh == "宁波海天精工有限公司"  # =CONCATENATE(…)
    assert haitian.revenue_fen == 1800 * 1_000_000  # =1200*1.5 万元
    assert (haitian.employees, haitian.rd_staff) == (120, 12)  # =SUM(100;20), =D2/10
    assert haitian.total_assets_fen == 3600 * 1_000_000
    assert haitian.description_zh == "官网"  # =HYPERLINK(…): the value shown, never run
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "资产总额（万元）")
    assert "#DIV/0!" in problem.render()


@pytest.mark.parametrize("name,message", [
    ("empty.csv", "“empty.csv” is empty: there is nothing to import."),
    ("empty-sheet-libreoffice.xlsx",
     "The sheet “Sheet1” of “empty-sheet-libreoffice.xlsx” is empty: there is nothing to import."),
])
def test_empty_files_are_refused_with_a_message_and_nothing_changes(db, name, message):
    before = snapshot(db)
    for run in (importer.plan, importer.apply):
        with pytest.raises(CoopError) as err:
            run(db, FIXTURES / name)
        assert str(err.value) == message
    assert snapshot(db) == before


@pytest.mark.parametrize("name", ["headers-only.csv", "headers-only-libreoffice.xlsx"])
def test_a_file_with_only_headers_imports_nothing_and_says_so(db, name, no_backup):
    before = snapshot(db)
    report = importer.apply(db, FIXTURES / name)
    assert (report.rows, report.created, report.batch_id) == (0, 0, None)
    assert [w.msgid for w in report.warnings] == [importer.MSG_NO_ROWS]
    assert snapshot(db) == before


def test_mixed_line_ends_and_semicolons(db, no_backup):
    seen = preview(FIXTURES / "mixed-line-endings.csv")
    assert (seen.encoding, seen.delimiter) == ("utf-8", ";")
    assert [r[0] for r in seen.rows] == [2, 3, 4]
    report = importer.apply(db, FIXTURES / "mixed-line-endings.csv")
    assert (report.created, report.rejected) == (3, 0)
    assert enterprises.get_by_uscc(db, "91440101MA59XK2L42").tags == ["电子", "出口"]
    assert enterprises.get_by_uscc(db, "91110108MA01ABCD84").tags == ["咨询", "服务"]


def test_the_guessed_encoding_can_be_overridden(db, tmp_path):
    path = shutil.copyfile(FIXTURES / "enterprises-gb18030.csv", tmp_path / "list.csv")
    assert preview(path).encoding == "gb18030"
    for choice in ("gbk", "GB2312", "cp936"):  # never plain GBK: it cannot hold 𠮷
        seen = preview(path, ReadOptions(encoding=choice))
        assert seen.encoding == "gb18030" and seen.rows[0][1][1].startswith("𠮷")
    with pytest.raises(CoopError) as err:
        importer.plan(db, path, options=importer.ImportOptions(read=ReadOptions(encoding="utf-8")))
    assert "cannot be read as UTF-8" in str(err.value)
    with pytest.raises(CoopError):
        preview(path, ReadOptions(encoding="no-such-codec"))


def test_a_generated_50_mb_csv_is_read_within_the_limits(db, tmp_path):
    """Over 50 MB (2,300 rows with long descriptions): read as a stream, nothing written."""
    path = tmp_path / "big.csv"
    long = "出口产品说明" * 1_300  # 7,800 characters, ~23 KB in UTF-8
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write("企业名称,统一社会信用代码,企业简介\r\n")
        for n in range(2_300):
            fh.write(f"大文件测试企业{n}有限公司,{uscc(n)},{long}\r\n")
    assert 50 * 2**20 < path.stat().st_size < MAX_FILE_BYTES
    before = snapshot(db)
    report = importer.plan(db, path)
    assert (report.rows, report.created, report.rejected) == (2_300, 2_300, 0)
    assert snapshot(db) == before
