"""Helpers for the import tests: fixture paths, a database snapshot, small files."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlalchemy import text

from coop_desktop.validation import org_code_check_char, uscc_check_char

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exchange"

#: What every version of the LibreOffice list gives (tests/fixtures/exchange/README.md).
LIST_FILES = ("enterprises-libreoffice.xlsx", "enterprises-libreoffice.xls",
              "enterprises-gb18030.csv", "enterprises-utf16.csv", "enterprises-utf8-bom.csv")
LIST_CREATED = {"91440300MA5F8TPX1L": "𠮷祥精密机械（深圳）有限公司",
                "91330106MA2H3K7L08": "杭州数智软件有限公司",
                "91350203MA31UQ9T7C": "厦门海韵食品有限公司"}
#: Rejected rows: row number -> (column, start of the English reason).
LIST_REJECTED = {
    6: ("统一社会信用代码", "The last character of this unified social credit code should be “J”"),
    7: ("成立日期", "“2015-02-30” is not a date."),
    8: ("统一社会信用代码", "Repeats the unified social credit code of row 3"),
    9: ("企业名称", "Chinese name contains an invisible control character (U+202E"),
    11: ("电子邮箱", "“not-an-email” is not a valid e-mail address."),
}


def uscc(n: int, region: str = "440300") -> str:
    """A valid and plausible USCC numbered ``n`` (< 1,000,000): its embedded organisation
    code checks too, so importing it gives no warning."""
    first16 = f"91{region}MA{n:06d}"
    first17 = first16 + org_code_check_char(first16[8:])
    return first17 + uscc_check_char(first17)


def snapshot(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an import or an undo may touch (audit log included)."""
    out = {}
    with db.read() as session:
        conn = session.connection()
        for table in ("enterprise", "contact", "zone_link", "audit_log"):
            out[table] = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
    return out


def write_csv(path: Path, rows: list[list[Any]], *, encoding: str = "utf-8-sig",
              delimiter: str = ",") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]], *, title: str = "Sheet1") -> Path:
    """An xlsx written by openpyxl's normal mode."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
