"""Screenshots of the SME programmes (clusters, pilot cities) in both languages, for review.

    .venv/bin/python scripts/screenshots_programmes.py [--out screenshots/programmes]

A few enterprises, one linked to a cluster and a pilot city, on the Enterprises page in a
1366×768 window: the form's SME programmes section, the pilot-city proposal after picking
a pilot city for a new enterprise, the same in the compact (narrow) layout, the filter bar
with a programme filter set, and the zones page with its note. Grabbed offscreen
(``QWidget.grab()``) as ``<lang>-<name>.png``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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
    save(widget, out, name, show=False)


def make_enterprises(db) -> int:  # noqa: ANN001
    from coop_desktop.services import enterprises, programmes
    from coop_desktop.validation import uscc_check_char

    cities = {c.name_zh: c.id for c in programmes.list_pilot_cities(db)}
    clusters = {c.name_zh: c.id for c in programmes.list_clusters(db)}
    body = "91440105MA5CK3QD1"
    firm = enterprises.create(db, {
        "name_zh": "广州海珠智造系统集成有限公司",
        "name_en": "Guangzhou Haizhu Smart Manufacturing Integration Co., Ltd.",
        "uscc": body + uscc_check_char(body), "province_code": "440000", "city_code": "440100",
        "address_zh": "广州市海珠区新港东路", "industry": "industry", "employees": 186,
        "pilot_city_id": cities["广州市"],
        "cluster_id": clusters["广州市海珠区智能制造系统集成服务产业集群"]}).value
    for name, body in (("常熟氟源新材料有限公司", "91320581MA1MXQ7B2"),
                       ("苏州恒创传动科技有限公司", "91320500MA1N0Q5Y3")):
        enterprises.create(db, {"name_zh": name, "uscc": body + uscc_check_char(body),
                                "province_code": "320000", "city_code": "320500",
                                "pilot_city_id": cities["苏州市"],
                                "cluster_id": clusters["常熟市电子氟材料产业集群"]})
    return firm.id


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "programmes")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-programmes-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))

    from coop_desktop.services import open_database
    from coop_desktop.settings import AppSettings
    from ui.app import application, build_window
    from ui.pages.enterprises import EnterprisesPage
    from ui.pages.zones import ZonesPage

    application()
    settings = AppSettings(officer_name="王芳", organisation_zh="广州市工业和信息化局",
                           backup_dir=str(tmp / "backups"))
    for lang in ("en", "zh_CN"):
        db, _ = open_database(tmp / f"{lang}.sqlite", actor="王芳")
        firm_id = make_enterprises(db)
        window = build_window(db, settings, language=lang,
                              pages=[lambda c: EnterprisesPage(c), lambda c: ZonesPage(c)])
        window.resize(1366, 768)
        window.show()
        _settle(400)
        page = window.current_page()
        _wait(lambda: page.model.rowCount() > 0)
        form = page.form
        details = form.details
        _wait(lambda: details.programme_options is not None)
        page.table.selectRow(page.model.row_of(firm_id))
        _wait(lambda: form.current_id == firm_id and form.record is not None)
        _settle(300)
        section = details.fields["cluster_id"].parentWidget()
        details.ensureWidgetVisible(details.programme_note, 20, 20)
        details.ensureWidgetVisible(section, 20, 20)
        _save(window, args.out, f"{lang}-form")
        _save(section, args.out, f"{lang}-form-section")
        pilot = details.fields["pilot_city_id"]
        pilot.showPopup()
        _save(pilot.view().window(), args.out, f"{lang}-form-pilot-list")
        pilot.hidePopup()
        page.splitter.setSizes([560, 1366 - 560])  # wide: labels beside the fields
        _settle(300)
        details.ensureWidgetVisible(section, 20, 20)
        _save(window, args.out, f"{lang}-form-wide")
        page.splitter.setSizes([683, 683])
        _settle(200)

        # a new enterprise: the user picks Guangdong, then Shenzhen
        page.new_record()
        _settle(200)
        province, city = details.fields["province_code"], details.fields["city_code"]
        province.setCurrentIndex(province.findData("440000"))
        city.setCurrentIndex(city.findData("440300"))
        details.ensureWidgetVisible(section, 20, 20)
        _save(section, args.out, f"{lang}-form-suggestion")
        province.setCurrentIndex(province.findData("310000"))  # Shanghai: a district pilot
        _save(section, args.out, f"{lang}-form-suggestion-district")

        # compact: the form narrower than COMPACT_WIDTH
        page.splitter.setSizes([1366 - 520, 520])
        _settle(300)
        details.ensureWidgetVisible(section, 20, 20)
        _save(window, args.out, f"{lang}-form-compact")
        form.revert()
        page.splitter.setSizes([683, 683])
        _settle(200)

        bar = page.filters
        bar.set_value("in_pilot_city", True)
        _wait(lambda: not page.busy)
        _settle(300)
        _save(window, args.out, f"{lang}-list-any-pilot")
        _save(bar, args.out, f"{lang}-filter-bar")
        bar.cluster.showPopup()
        _save(bar.cluster.view().window(), args.out, f"{lang}-filter-cluster-list")
        bar.cluster.hidePopup()
        bar.clear()
        _wait(lambda: not page.busy)

        window.show_page("zones")
        _settle(500)
        _save(window, args.out, f"{lang}-zones")
        window.ctx.runner.wait()
        window.backups.stop()
        window.hide()
        window.deleteLater()
        _settle(100)
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
