"""Screenshots of the SRDI screens, in both languages, for review.

    .venv/bin/python scripts/screenshots_srdi.py [--out screenshots/srdi]

One enterprise with an SRDI title that was re-reviewed, a Little Giant, a revoked
innovative-SME title and three years of figures, shown on the Enterprises page in a
1366×768 window: the titles tab with the selected title's life, the yearly figures tab,
the yearly figures dialog, the re-review dialog, the title dialog, and (when the rules
module is present) the assessment tab. Grabbed offscreen as ``<lang>-<name>.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402


from shot_kit import save, settle, wait_until  # noqa: E402

_settle, _wait = settle, wait_until


def _save(widget: QWidget, out: Path, name: str) -> None:
    save(widget, out, name, show=True)


def _wan(x: float) -> int:
    return int(round(x * 10_000 * 100))


def make_enterprise(db) -> int:  # noqa: ANN001
    from coop_desktop.services import catalog, enterprises, srdi_titles
    from coop_desktop.services.srdi_years import years

    firm = enterprises.create(db, {
        "name_zh": "常州恒创精密传动科技有限公司", "name_en": "Changzhou Hengchuang Precision Drive Co., Ltd.",
        "uscc": "914403001922038216", "industry": "industry",
        "employees": 186, "revenue_fen": _wan(23800), "province_code": "320000",
        "city_code": "320400"}).value
    srdi = catalog.titles.create(db, {"enterprise_id": firm.id, "tier": "srdi",
                                      "level": "provincial", "granted_on": date(2022, 8, 18),
                                      "batch": "2022年第二批"}).value
    srdi_titles.record_event(db, srdi.id, "annual_update", date(2024, 4, 12))
    srdi_titles.record_event(db, srdi.id, "annual_update", date(2025, 4, 21))
    srdi_titles.record_review(db, srdi.id, date(2025, 7, 30), "passed", "省工信厅复核通过")
    srdi_titles.record_event(db, srdi.id, "major_change", date(2025, 10, 9), "企业更名")
    catalog.titles.create(db, {"enterprise_id": firm.id, "tier": "little_giant",
                               "level": "national", "granted_on": date(2024, 7, 26),
                               "batch": "第六批"})
    old = catalog.titles.create(db, {"enterprise_id": firm.id, "tier": "innovative",
                                     "level": "provincial", "granted_on": date(2021, 6, 1)}).value
    srdi_titles.revoke(db, old.id, date(2023, 3, 2), "未按期更新年度数据")
    figures = [
        (2023, 19800, 17600, 1380, 950, 21500, 9800, 0, 172, 31, 9, 6, 2, 8, 24, 8),
        (2024, 21900, 19900, 1560, 1180, 23700, 10100, 0, 180, 36, 11, 7, 3, 9, 27, 9),
        (2025, 23800, 21900, 1710, 1390, 25100, 10600, 3000, 186, 40, 13, 9, 4, 11, 31, 10),
    ]
    for (year, rev, main, rd, profit, assets, debt, equity, staff, rd_staff, c1, self_dev,
         high, applied, c2, seg) in figures:
        years.create(db, {
            "enterprise_id": firm.id, "year": year, "operating_revenue_fen": _wan(rev),
            "main_business_revenue_fen": _wan(main), "rd_expense_fen": _wan(rd),
            "net_profit_fen": _wan(profit), "total_assets_fen": _wan(assets),
            "total_liabilities_fen": _wan(debt), "equity_financing_fen": _wan(equity),
            "employees": staff, "rd_staff": rd_staff, "class1_ip": c1,
            "class1_ip_self_developed": self_dev, "class1_ip_high_value": high,
            "class1_ip_applied": applied, "class2_ip": c2, "years_in_segment": seg,
            "digitalisation_level": 3, "domestic_market_share_pct": Decimal("12.4"),
            "leading_product_field": "gap_filling", "rd_institution_level": "provincial",
            "leading_product_in_strategic_emerging_industry": True, "own_brand": True,
            "management_certification": True, "info_system_core_business": True,
            "quality_items": ["iso9001", "own_brand", "standard_drafting"],
            "valid_honours": ["high_tech_enterprise"], "st_award": "none",
            "maker_in_china": "none", "distinctiveness_points": 10 if year == 2025 else None,
        })
    return firm.id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "srdi")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-srdi-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))

    from coop_desktop.services import open_database
    from coop_desktop.settings import AppSettings
    from ui.app import application, build_window
    from ui.pages.enterprises import EnterprisesPage

    application()
    settings = AppSettings(officer_name="王芳", organisation_zh="常州市工业和信息化局",
                           backup_dir=str(tmp / "backups"))
    for lang in ("en", "zh_CN"):
        db, _ = open_database(tmp / f"{lang}.sqlite", actor="王芳")
        firm_id = make_enterprise(db)
        window = build_window(db, settings, language=lang, pages=[lambda c: EnterprisesPage(c)])
        window.resize(1366, 768)
        window.show()
        _settle(400)
        page = window.current_page()
        _wait(lambda: page.model.rowCount() > 0)
        page.table.selectRow(0)
        form = page.form
        _wait(lambda: form.current_id == firm_id and form.record is not None)
        _settle(300)
        form.tabs.setCurrentWidget(form.titles)
        form.titles.table.selectRow(next(i for i, t in enumerate(form.titles.model.rows)
                                         if t.tier == "srdi"))
        _settle(200)
        _save(window, args.out, f"{lang}-titles-tab")
        form.titles.edit_selected()
        _save(form.titles.dialog, args.out, f"{lang}-title-dialog")
        form.titles.dialog.close()
        form.titles.review_button.click()
        _save(form.titles.dialog_life, args.out, f"{lang}-review-dialog")
        form.titles.dialog_life.close()
        form.tabs.setCurrentWidget(form.years)
        _settle(200)
        _save(window, args.out, f"{lang}-years-tab")
        form.years.table.selectRow(0)
        form.years.edit_selected()
        _settle(300)
        _save(form.years.dialog, args.out, f"{lang}-year-dialog")
        form.years.dialog.close()
        assessment = getattr(form, "assessment", None)
        if assessment is not None:
            form.tabs.setCurrentWidget(assessment)
            _wait(lambda: not window.ctx.runner.busy)
            _settle(400)
            _save(window, args.out, f"{lang}-assessment-tab")
        window.ctx.runner.wait()
        window.backups.stop()
        window.hide()
        window.deleteLater()
        _settle(100)
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
