"""Reading imported files: encodings, delimiters, headers, limits and hostile files."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

import pytest

from coop_desktop.errors import CoopError
from coop_desktop.exchange import read_csv, read_xlsx, reading
from coop_desktop.exchange.reading import ReadOptions, open_table, preview
from tests.exchange.import_kit import FIXTURES, write_xlsx


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data,encoding", [
    ("名称,代码\n𠮷,1\n".encode("utf-8-sig"), "utf-8-sig"),
    ("名称,代码\n𠮷,1\n".encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + "名称,代码\n𠮷,1\n".encode("utf-16-be"), "utf-16"),
    ("名称,代码\n𠮷,1\n".encode("utf-8"), "utf-8"),
    ("名称,代码\n𠮷,1\n".encode("gb18030"), "gb18030"),
    (b"name,code\nabc,1\n", "utf-8"),
])
def test_encodings_are_detected(tmp_path, data, encoding):
    seen = preview(_file(tmp_path, "a.csv", data))
    assert seen.encoding == encoding and seen.encoding_detected
    assert seen.headers[0] in ("名称", "name") and seen.rows[0][1][0] in ("𠮷", "abc")


def test_a_gb18030_file_that_starts_in_ascii_is_seen_from_its_middle_and_end(tmp_path):
    body = b"name,code\n" + b"ascii,1\n" * 20_000 + "中文,2\n".encode("gb18030")
    body += b"ascii,3\n" * 20_000
    assert read_csv.detect_encoding(_file(tmp_path, "a.csv", body)) == "gb18030"


def test_a_binary_or_unknown_file_asks_for_the_encoding(tmp_path):
    with pytest.raises(CoopError, match="not a text file"):
        preview(_file(tmp_path, "a.csv", b"a,b\x00\x01\n"))
    with pytest.raises(CoopError, match="could not be recognised"):
        preview(_file(tmp_path, "b.csv", b"a,b\n\xff\xfe\xfd\x80,1\n"[2:] + b"\xff\xff"))


@pytest.mark.parametrize("text,delimiter", [
    ("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2;3\n", ";"), ("a\tb\tc\n1\t2\t3\n", "\t"),
    ("名称;金额\n甲;1,5\n乙;2,5\n", ";"), ('a,"b;c",d\n1,"2;3",4\n', ","),
])
def test_delimiters_are_sniffed(tmp_path, text, delimiter):
    assert preview(_file(tmp_path, "a.csv", text.encode())).delimiter == delimiter


def test_rows_are_numbered_as_the_spreadsheet_shows_them(tmp_path):
    text = "2024年名单,,\r\n\r\n企业名称,统一社会信用代码,备注\r\n甲,1,\"两\r\n行\"\r\n\r\n乙,2,x\r"
    seen = preview(_file(tmp_path, "a.csv", text.encode()))
    assert seen.header_row == 3 and seen.headers == ["企业名称", "统一社会信用代码", "备注"]
    assert [n for n, _cells in seen.rows] == [4, 6]
    chosen = preview(_file(tmp_path, "b.csv", text.encode()), ReadOptions(header_row=1))
    assert chosen.headers == ["2024年名单", "(B)", "(C)"]


def test_file_limits(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(reading.MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(CoopError, match="at most 200 MB can be imported at once"):
        open_table(big)
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = "a,b\n" + "x,1\n" * 4
    with pytest.raises(CoopError, match="has more than 3 rows"):
        list(open_table(_file(tmp_path, "rows.csv", rows.encode())).rows())
    wide = ",".join(["h"] * 3) + "\n" + ",".join(["x"] * (reading.MAX_COLUMNS + 1)) + "\n"
    with pytest.raises(CoopError, match="Row 2 of “wide.csv” has 501 columns"):
        list(open_table(_file(tmp_path, "wide.csv", wide.encode())).rows())
    monkeypatch.setattr(read_csv, "MAX_LINE_CHARS", 100)
    long = "a,b\n" + "x" * 200 + ",1\n"
    with pytest.raises(CoopError, match="Row 2 of “long.csv” is longer than 100 characters"):
        list(open_table(_file(tmp_path, "long.csv", long.encode())).rows())


@pytest.mark.parametrize("name,message", [
    ("list.xlsm", "can contain macros (.xlsm)"), ("list.xltm", "can contain macros (.xltm)"),
    ("list.xlsb", "can contain macros (.xlsb)"), ("list.ods", "cannot be imported: use"),
    ("list.pdf", "cannot be imported: use"),
])
def test_macro_workbooks_and_other_files_are_refused(tmp_path, name, message):
    with pytest.raises(CoopError, match=re.escape(message)):
        open_table(_file(tmp_path, name, b"PK\x03\x04 whatever"))


def test_an_xlsx_named_xls_and_damaged_workbooks(tmp_path):
    real = write_xlsx(tmp_path / "real.xlsx", [["企业名称"], ["甲"]])
    with pytest.raises(CoopError, match="saved with the name .xls"):
        open_table(_file(tmp_path, "named.xls", real.read_bytes()))
    with pytest.raises(CoopError, match="not a valid Excel workbook"):
        open_table(_file(tmp_path, "broken.xlsx", real.read_bytes()[:300]))
    with pytest.raises(CoopError, match="not a valid Excel 97–2003 workbook"):
        open_table(_file(tmp_path, "broken.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 600))


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """``source`` with members replaced or added."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in zin.infolist():
            out.writestr(item.filename, replace.get(item.filename, zin.read(item.filename)))
        for name, data in replace.items():
            if name not in zin.namelist():
                out.writestr(name, data)
    return target


def test_zip_bombs_are_refused_before_openpyxl_reads_them(tmp_path):
    real = write_xlsx(tmp_path / "real.xlsx", [["企业名称"], ["甲"]])
    padding = b"<!-- " + b"0" * (8 * 2**20) + b" -->"  # 8 MB that packs to a few KB
    bomb = _rezip(real, tmp_path / "bomb.xlsx", {"docProps/padding.xml": padding})
    with pytest.raises(CoopError, match="unpacks to far more data"):
        open_table(bomb)
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as out:
        for n in range(read_xlsx.MAX_MEMBERS + 1):
            out.writestr(f"x/{n}", b"")
    with pytest.raises(CoopError, match="10,001 entries"):
        open_table(many)


def test_xml_entities_are_never_expanded(tmp_path):
    real = write_xlsx(tmp_path / "real.xlsx", [["企业名称"], ["甲"]])
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(real) as z:
        sheet = z.read(member).decode()
    assert "甲" in sheet
    laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              + sheet.split("?>", 1)[-1].replace("甲", "&b;"))
    evil = _rezip(real, tmp_path / "evil.xlsx", {member: laughs.encode()})
    assert b"<!ENTITY" in zipfile.ZipFile(evil).read(member)
    with pytest.raises(CoopError, match="XML that is never processed"):
        list(open_table(evil).rows())


def test_openpyxl_parses_with_defusedxml_and_we_refuse_without_it(tmp_path, monkeypatch):
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(CoopError, match="defusedxml"):
        open_table(write_xlsx(tmp_path / "a.xlsx", [["企业名称"], ["甲"]]))


def test_xlsx_cells_keep_their_types_and_escapes(tmp_path):
    from datetime import datetime

    path = write_xlsx(tmp_path / "a.xlsx", [["企业名称", "成立日期", "人数", "说明"],
                                            ["甲", datetime(2015, 3, 12), 12, "a_x0007_b"]])
    with open_table(path) as table:
        [(number, cells)] = list(table.rows())
    assert number == 2 and cells == ["甲", datetime(2015, 3, 12), 12, "a\x07b"]


def test_a_huge_preview_reads_only_the_start(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("企业名称,统一社会信用代码\n")
        for n in range(200_000):
            fh.write(f"企业{n},{n}\n")
    seen = preview(path, rows=5)
    assert [n for n, _c in seen.rows] == [2, 3, 4, 5, 6]
    with open_table(path) as table:
        rows = table.rows()
        next(rows)
        done, total = table.position()
        assert 0 < done < total // 10  # streamed: a few blocks read, not the file


def test_a_title_row_merged_over_the_sheet_is_not_the_header():
    seen = preview(FIXTURES / "enterprises-libreoffice.xlsx")
    assert seen.header_row == 2 and seen.header_rows == 1
    assert seen.rows[0][0] == 3


def test_io_buffer_sniffing_keeps_quotes(tmp_path):
    text = io.StringIO()
    text.write('企业名称,简介\n甲,"含,逗号"\n')
    seen = preview(_file(tmp_path, "a.csv", text.getvalue().encode()))
    assert seen.rows[0][1] == ["甲", "含,逗号"]


@pytest.mark.parametrize("name", ["enterprises-libreoffice.xlsx", "merged-header-libreoffice.xlsx",
                                  "formulas-libreoffice.xlsx"])
def test_the_fast_string_paths_read_what_openpyxl_reads(name, tmp_path):
    """Shared and inline strings are read without openpyxl's rich-text objects: the values
    are the ones stock openpyxl gives (its inline-string path; shared strings kept escaped)."""
    import openpyxl

    from coop_desktop.exchange.reading import trim

    def stock(path):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            out = []
            for ws in wb.worksheets:
                ws.reset_dimensions()
                out.append([trim(list(r)) for r in ws.iter_rows(values_only=True)])
            return out
        finally:
            wb.close()

    def mine(path):
        from coop_desktop.exchange.read_xlsx import _reader_class

        reader = _reader_class()(path, read_only=True, keep_vba=False, data_only=True,
                                 keep_links=False)
        reader.read()
        try:
            out = []
            for ws in reader.wb.worksheets:
                ws.reset_dimensions()
                out.append([trim(list(r)) for r in ws.iter_rows(values_only=True)])
            return out
        finally:
            reader.wb.close()

    assert mine(FIXTURES / name) == stock(FIXTURES / name)
    inline = write_xlsx(tmp_path / "inline.xlsx", [["企业名称", "说明"], ["甲", "多行\n文本 "],
                                                   ["𠮷", None, 3.5]])
    assert mine(inline) == stock(inline)
