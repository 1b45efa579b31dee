"""Make the import fixtures in ``tests/fixtures/exchange/`` with LibreOffice.

The import must read files that other programs wrote, not only our own. This script
writes the source spreadsheets as flat ODF (``.fods``: plain XML, so the data is
readable here), then has LibreOffice (``soffice --headless --convert-to``) save them as
``.xlsx`` (Excel 2007+), ``.xls`` (Excel 97–2003) and CSV in GB18030 and UTF-16 — the
formats district and zone offices send. LibreOffice computes the formulas and stores
their values, merges the merged cells and formats the dates as Excel would.

Two files are finished here, because LibreOffice 7.4 cannot write them: the UTF-8 CSV
gets a byte-order mark and CRLF line ends (what Excel's "CSV UTF-8" writes), and a CSV
with mixed line ends (``\\r\\n``, ``\\n``, ``\\r``) and semicolons is written directly.
``empty.csv`` is an empty file. The 50 MB file is made by the tests in a temporary
folder (``tests/exchange/conftest.py``), not committed.

LibreOffice is installed if missing (Debian/Ubuntu, as ``scripts/system-deps.sh`` installs
packages: ``apt-get install --no-install-recommends libreoffice-calc-nogui``); it is a tool
for making these files, not a dependency of the app. Run once and commit the outputs:

    .venv/bin/python scripts/make_exchange_fixtures.py

``tests/fixtures/exchange/README.md`` says what each file holds and what an import of it
gives; the tests check exactly that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "exchange"
PACKAGE = "libreoffice-calc-nogui"

# ------------------------------------------------------------------ the data

TITLE = "2024年度拟出海中小企业名单（示例）"
HEADERS = ["序号", "企业名称", "统一社会信用代码", "法定代表人", "注册资本（万元）", "成立日期",
           "所在地区", "所属行业", "从业人员", "营业收入（万元）", "出口市场", "联系人", "职务",
           "联系电话", "电子邮箱", "合作区", "企业简介"]
D = "date"  # a date cell: ("date", "2012-05-18")
#: The list (rows 3.. of the sheet; None is a blank row). Each row's fate is in the README.
ROWS: list[list[object] | None] = [
    [1, "𠮷祥精密机械（深圳）有限公司", "91440300MA5F8TPX1L", "王𠮷", 500, (D, "2012-05-18"),
     "广东省深圳市", "制造业", 120, 8600.5, "德国、美国", "王晓明", "总经理", "0755-86001234",
     "wang@jixiang.example.cn", "中德（揭阳）中小企业合作区", "精密零部件加工，产品出口欧洲。"],
    [2, "杭州数智软件有限公司", "91330106MA2H3K7L08", "李娜", "1000万元", (D, "2018-09-01"),
     "浙江杭州", "软件和信息技术服务业", 45, 3200, "Singapore, Malaysia", "张伟", "市场总监",
     "13800138000", "zhang.wei@shuzhi.example.com", None,
     '=HYPERLINK("http://example.com/x","点击查看")'],
    None,
    [3, "宁波海曙五金制品厂", "91330203MA2AB3CD1X", "陈刚", 300, (D, "2009-11-20"),
     "浙江省宁波市", "工业", 80, 5000, "日本", "陈刚", "厂长", "0574-87001234",
     "chen@haishu.example.cn", None, None],
    [4, "苏州云帆新材料有限公司", "91320594MA1MXY2K30", "周敏", 800, "2015-02-30",
     "江苏省苏州市", "制造业", 200, 12000, "德国", "周敏", "总经理", "0512-62001234",
     "zhou@yunfan.example.com", None, None],
    [5, "𠮷祥精密机械（深圳）有限公司二厂", "91440300MA5F8TPX1L", "王𠮷", 100, (D, "2019-03-01"),
     "广东省深圳市", "制造业", 30, 900, None, None, None, None, None, None, None],
    [6, "上海\u202e帆船贸易有限公司", "91310115MA1K4F6Q2F", "吴昊", 200, (D, "2017-04-10"),
     "上海市", "批发业", 25, 1500, "韩国", None, None, None, None, None, None],
    [7, "厦门海韵食品有限公司", "91350203MA31UQ9T7C", "林芳", "100万美元", (D, "2016-07-07"),
     "福建厦门", "农林牧渔业", "65人", 2100, "美国、加拿大", "林芳", "董事长", "+86 592 5551234",
     "lin@haiyun.example.com", None, "水产品加工与出口。"],
    [8, "北京知行咨询有限公司", "91110108MA01ABCD84", "赵磊", 50, (D, "2020-01-15"), "北京市",
     "租赁和商务服务业", 12, 300, None, "赵磊", "合伙人", "010-62001234", "not-an-email",
     None, None],
]
SUMMARY_HEADERS = ["地区", "企业数"]
SUMMARY_ROWS = [["广东", 2], ["浙江", 3]]

MERGED_ROWS = [
    ["青岛海瑞机械有限公司", "91370200MA3C5R2H1Y", "孙强", "0532-88001234",
     "sun@hairui.example.cn", 200, "CNY"],
    ["广州南方电子有限公司", "91440101MA59XK2L42", "何丽", "020-38001234",
     "he@nanfang.example.com", 150, "USD"],
]

# ------------------------------------------------------------------ flat ODF

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"')
STYLES = """<office:automatic-styles>
<number:date-style style:name="N_DATE"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
<style:style style:name="ce_date" style:family="table-cell" style:data-style-name="N_DATE"/>
</office:automatic-styles>"""


def cell(value: object, *, cols: int = 1, rows: int = 1) -> str:
    """One ``table:table-cell``: text, number, ("date", iso), ("formula", of, type, value)."""
    span = (f' table:number-columns-spanned="{cols}"' if cols > 1 else "") + (
        f' table:number-rows-spanned="{rows}"' if rows > 1 else "")
    if value is None:
        return f"<table:table-cell{span}/>"
    if isinstance(value, tuple) and value[0] == D:
        return (f'<table:table-cell{span} table:style-name="ce_date" office:value-type="date" '
                f'office:date-value="{value[1]}"><text:p>{value[1]}</text:p></table:table-cell>')
    if isinstance(value, tuple) and value[0] == "formula":
        _f, formula, kind, shown = value
        attrs = (f'office:value-type="float" office:value="{shown}"' if kind == "float"
                 else 'office:value-type="string"')
        return (f'<table:table-cell{span} table:formula="{escape(formula, {chr(34): "&quot;"})}" '
                f'{attrs}><text:p>{escape(str(shown))}</text:p></table:table-cell>')
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (f'<table:table-cell{span} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell{span} office:value-type="string"><text:p>'
            f"{escape(str(value))}</text:p></table:table-cell>")


def row(cells: Sequence[str]) -> str:
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def plain(values: Sequence[object] | None) -> str:
    return row([cell(v) for v in values]) if values is not None else row([cell(None)])


def sheet(name: str, rows: Sequence[str]) -> str:
    return f'<table:table table:name="{escape(name)}">' + "".join(rows) + "</table:table>"


def document(*sheets: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
            f"{STYLES}<office:body><office:spreadsheet>{''.join(sheets)}"
            "</office:spreadsheet></office:body></office:document>\n")


def list_rows() -> list[str]:
    title = row([cell(TITLE, cols=len(HEADERS))]
                + ["<table:covered-table-cell/>"] * (len(HEADERS) - 1))
    return [title, plain(HEADERS), *(plain(r) for r in ROWS)]


def merged_rows() -> list[str]:
    covered = "<table:covered-table-cell/>"
    top = row([cell("企业名称", rows=2), cell("统一社会信用代码", rows=2), cell("联系人", cols=3),
               covered, covered, cell("注册资本", cols=2), covered])
    sub = row([covered, covered, cell("姓名"), cell("电话"), cell("邮箱"), cell("金额（万元）"),
               cell("币种")])
    return [top, sub, *(plain(r) for r in MERGED_ROWS)]


def formula_rows() -> list[str]:
    f = "formula"
    return [
        plain(["企业名称", "统一社会信用代码", "营业收入（万元）", "从业人员", "研发人员",
               "资产总额（万元）", "企业简介"]),
        row([cell((f, 'of:=CONCATENATE("宁波";"海天";"精工有限公司")', "string",
                   "宁波海天精工有限公司")),
             cell("91330203MA2AB3CD1J"), cell((f, "of:=1200*1.5", "float", 1800)),
             cell((f, "of:=SUM(100;20)", "float", 120)), cell((f, "of:=[.D2]/10", "float", 12)),
             cell((f, "of:=[.C2]*2", "float", 3600)),
             cell((f, 'of:=HYPERLINK("http://example.com";"官网")', "string", "官网"))]),
        row([cell("苏州云帆新材料有限公司"), cell("91320594MA1MXY2K30"), cell(900), cell(60),
             cell(6), cell((f, "of:=1/0", "string", "#DIV/0!")), cell(None)]),
    ]


# ------------------------------------------------------------------ LibreOffice


def ensure_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if not shutil.which("apt-get"):
        sys.exit(f"LibreOffice is missing: install {PACKAGE} (or LibreOffice) and run again.")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"make_exchange_fixtures: installing {PACKAGE}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", PACKAGE],
                   check=True, env=env)
    found = shutil.which("soffice")
    if not found:
        sys.exit("LibreOffice was installed but soffice is not on the PATH.")
    return found


def convert(soffice: str, source: Path, target: str, out: Path, profile: Path) -> Path:
    """``soffice --headless --convert-to TARGET`` into ``out``; returns the file written."""
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", target, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    ext = target.split(":", 1)[0]
    made = out / f"{source.stem}.{ext}"
    if not made.is_file():
        sys.exit(f"soffice did not write {made}")
    return made


CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,{charset},1"
CHARSETS = {"utf8": 76, "gb18030": 85, "utf16": 65535}  # rtl_TextEncoding numbers


def main() -> None:
    soffice = ensure_soffice()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        profile = work / "profile"
        sources = {
            "enterprises-libreoffice": document(sheet("说明", []), sheet("企业名单", list_rows()),
                                                sheet("汇总", [plain(SUMMARY_HEADERS),
                                                             *map(plain, SUMMARY_ROWS)])),
            "enterprises": document(sheet("企业名单", list_rows())),
            "merged-header-libreoffice": document(sheet("名单", merged_rows())),
            "formulas-libreoffice": document(sheet("公式", formula_rows())),
            "empty-sheet-libreoffice": document(sheet("Sheet1", [])),
            "headers-only-libreoffice": document(sheet("Sheet1", [plain(HEADERS[1:8])])),
        }
        for stem, xml in sources.items():
            (work / f"{stem}.fods").write_text(xml, encoding="utf-8")
        made: dict[str, Path] = {}
        for stem in ("enterprises-libreoffice", "merged-header-libreoffice"):
            made[f"{stem}.xlsx"] = convert(soffice, work / f"{stem}.fods", "xlsx", work, profile)
            made[f"{stem}.xls"] = convert(soffice, work / f"{stem}.fods", "xls:MS Excel 97",
                                          work, profile)
        for stem in ("formulas-libreoffice", "empty-sheet-libreoffice",
                     "headers-only-libreoffice"):
            made[f"{stem}.xlsx"] = convert(soffice, work / f"{stem}.fods", "xlsx", work, profile)
        for name, charset in CHARSETS.items():
            folder = work / name
            made[f"enterprises-{name}.csv"] = convert(
                soffice, work / "enterprises.fods", CSV_FILTER.format(charset=charset), folder,
                profile)
        headers_csv = convert(soffice, work / "headers-only-libreoffice.fods",
                              CSV_FILTER.format(charset=76), work / "h", profile)
        for name, path in made.items():
            if name != "enterprises-utf8.csv":
                shutil.copyfile(path, OUT / name)
        # Excel's "CSV UTF-8": a byte-order mark and CRLF line ends.
        text = made["enterprises-utf8.csv"].read_bytes().decode("utf-8")
        (OUT / "enterprises-utf8-bom.csv").write_bytes(
            b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"))
        shutil.copyfile(headers_csv, OUT / "headers-only.csv")
    (OUT / "empty.csv").write_bytes(b"")
    (OUT / "mixed-line-endings.csv").write_bytes(
        "企业名称;统一社会信用代码;员工人数;标签\r\n"
        "青岛海瑞机械有限公司;91370200MA3C5R2H1Y;85;机械\n"
        "广州南方电子有限公司;91440101MA59XK2L42;140;\"电子，出口\"\r"
        "北京知行咨询有限公司;91110108MA01ABCD84;12;\"咨询\r\n服务\"\r\n".encode())
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
