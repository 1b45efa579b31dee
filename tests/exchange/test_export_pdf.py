"""A list printed as a table: landscape pages, embedded fonts, page numbers, the filter."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pypdf
import pytest

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import CoopError
from coop_desktop.exchange import export_lists, export_pdf
from coop_desktop.exchange.export import run
from coop_desktop.exchange.export_filter import describe
from coop_desktop.exchange.export_table import Column
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import enterprises

COLUMNS = ["name_zh", "uscc", "province", "industry", "employees", "revenue_fen",
           "target_countries", "updated_at"]


@pytest.fixture
def many(db, new_uscc):
    for i in range(60):
        enterprises.create(db, {"name_zh": f"深圳第{i:02d}精密机械有限公司", "uscc": new_uscc(),
                                "city_code": "440300", "industry": "industry",
                                "employees": 10 + i, "revenue_fen": 123_456_789 * (i + 1),
                                "target_countries": ["DE", "VN"]})
    enterprises.create(db, {"name_zh": "北京不在筛选内有限公司", "uscc": new_uscc("110000"),
                            "city_code": "110000"})


def _pdf(db, language, **kw):
    query = EnterpriseQuery(province_code="440000")
    tr = translator(language)
    listing = export_lists.enterprise_listing(db, query, columns=COLUMNS, language=language)
    out = io.BytesIO()
    report = run(export_pdf.render_listing(listing, None, tr, filters=describe(query, tr),
                                           sort="企业名称，升序" if language == "zh_CN" else "Name",
                                           printed_on=date(2026, 12, 6), out=out, **kw))
    return report, pypdf.PdfReader(io.BytesIO(out.getvalue()))


def test_chinese_printout(db, many):
    report, pdf = _pdf(db, "zh_CN")
    assert report.rows == 60 and report.pages == len(pdf.pages) > 1 and not report.warnings
    first = pdf.pages[0]
    assert first.mediabox.width > first.mediabox.height  # A4 landscape
    text = [page.extract_text() for page in pdf.pages]
    assert "筛选条件：省份：广东省" in text[0] and "共 60 行" in text[0]
    assert "打印日期：2026年12月6日" in text[0]  # dates as the lists write them
    for number, page in enumerate(text, 1):
        assert f"第 {number} 页 共 {report.pages} 页" in page
        assert "企业名称" in page and "统一社会信用代码" in page  # the header row repeats
    everything = "".join(text)
    assert "北京不在筛选内" not in everything
    assert "德国、越南" in everything and "1,234.57" in everything  # 万元, two decimals
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"]  # the TrueType file is embedded
    assert all("NotoSansSC" in f for f in fonts) and not any("Helvetica" in f for f in fonts)


def test_english_printout(db, many):
    report, pdf = _pdf(db, "en")
    text = pdf.pages[0].extract_text()
    assert "Filter: Province: Guangdong" in text and "60 rows" in text
    assert f"Page 1 of {report.pages}" in text and "Germany" in text


def test_too_long_and_empty_lists_are_refused(db, many, monkeypatch):
    monkeypatch.setattr(export_pdf, "MAX_ROWS", 59)
    with pytest.raises(CoopError, match="at most 59 can be printed"):
        _pdf(db, "en")
    listing = export_lists.enterprise_listing(db, EnterpriseQuery(text="无此企业"))
    with pytest.raises(CoopError, match="nothing to print"):
        run(export_pdf.render_listing(listing, None, translator("en"), out=io.BytesIO()))


def test_cells_are_shown_for_reading():
    def shown(kind, value, key="x", language="zh_CN"):
        return export_pdf.cell_text(Column(key, "x", "x", kind), value, language)

    assert shown("money", 123_456_789) == "123.46" and shown("money", 10**12) == "1,000,000.00"
    assert shown("percent", Decimal("65.50")) == "65.5%" and shown("integer", 12345) == "12,345"
    assert shown("date", date(2015, 3, 12)) == "2015年3月12日"  # as the lists write dates
    assert shown("date", date(2015, 3, 12), language="en") == "Mar 12, 2015"
    assert shown("datetime", datetime(2026, 1, 2, 3, 4, 5)) == "2026年1月2日 03:04"
    assert shown("list", ["DE", "VN"], "target_countries") == "德国、越南"
    assert shown("list", ["DE", "VN"], "target_countries", "en") == "Germany, Vietnam"
    assert shown("text", "x" * 400).endswith("…") and shown("text", None) == ""


def test_columns_fill_the_page_and_keep_numbers_whole():
    widths = export_pdf.fit_widths([["USCC", "914403001922038216"], ["名称", "深圳" * 40]],
                                   [True, False], 500, "Helvetica", 8)
    assert sum(widths) == pytest.approx(500)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert widths[0] >= stringWidth("914403001922038216", "Helvetica", 8)
