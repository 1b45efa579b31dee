"""Screenshots for "one language at a time" and "one format", for review.

    .venv/bin/python scripts/screenshots_language.py [--out /work/data/shots/language]

One window (1366×768) on a small database: an enterprise with registered capital
RMB 5.9 million, a contact who speaks three languages, an SRDI title. Started in Chinese
the way ``--lang zh_CN`` starts it while the saved setting says English; then switched to
English *through the Settings dialog* (the path an officer takes) and grabbed again:

* ``<lang>-enterprise-form``: the form (capital in 万元 / millions, dates, the size hint);
* ``<lang>-contacts``: the contacts tab (languages as names);
* ``<lang>-settings``: the Settings dialog (the language in use, Qt's OK/Cancel);
* ``<lang>-context-menu``: a text field's context menu (Qt's own strings: 撤销, not 撤消);
* ``<lang>-glossary``: the glossary with its notes;
* ``<lang>-event-form``: the events page (the date editors as the list writes dates).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


def _settle(ms: int = 150) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait(cond, timeout_ms: int = 30_000) -> None:  # noqa: ANN001
    import time

    end = time.monotonic() + timeout_ms / 1000
    while not cond() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _save(widget: QWidget, out: Path, name: str) -> None:
    widget.show()
    _settle()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def _save_menu_over(field: QWidget, out: Path, name: str) -> None:
    """The field and its context menu below it, in one picture (a popup is its own window)."""
    menu = field.createStandardContextMenu()
    menu.popup(field.mapToGlobal(QPoint(0, field.height())))
    _settle()
    top = field.window().grab(field.window().rect().adjusted(
        0, field.mapTo(field.window(), QPoint(0, 0)).y() - 40, 0, 0))
    pix = QPixmap(max(top.width(), menu.width() + 40), 40 + field.height() + menu.height() + 20)
    pix.fill(field.palette().window().color())
    painter = QPainter(pix)
    painter.drawPixmap(0, 0, top.copy(0, 0, top.width(), 40 + field.height()))
    painter.drawPixmap(field.mapTo(field.window(), QPoint(0, 0)).x(), 40 + field.height(),
                       menu.grab())
    painter.end()
    pix.save(str(out / f"{name}.png"))
    print(out / f"{name}.png")
    menu.close()
    menu.deleteLater()


def make_data(db) -> int:  # noqa: ANN001
    from coop_desktop.services import catalog, enterprises, events

    firm = enterprises.create(db, {
        "name_zh": "苏州瑞丰精密机械有限公司", "name_en": "Suzhou Ruifeng Precision Machinery Co., Ltd.",
        "uscc": "91320500MA1MYF0B5Q", "industry": "industry", "city_code": "320500",
        "employees": 186, "registered_capital_fen": 590_000_000, "revenue_fen": 2_380_000_000,
        "total_assets_fen": 1_500_000_050, "rd_expense_fen": 150_000_000,
        "established_on": date(2012, 6, 18), "legal_rep": "陈建国",
        "export_markets": ["DE"], "target_countries": ["DE", "VN"]}).value
    catalog.titles.create(db, {"enterprise_id": firm.id, "tier": "srdi", "level": "provincial",
                               "granted_on": date(2023, 7, 26), "batch": "江苏2023年第二批"})
    catalog.contacts.create(db, {"enterprise_id": firm.id, "name": "王芳", "role": "国际业务总监",
                                 "phone": "0512-6688 1234", "email": "wang.fang@ruifeng.cn",
                                 "languages": ["zh", "en", "de"]})
    catalog.interactions.create(db, {"enterprise_id": firm.id, "occurred_on": date(2026, 3, 2),
                                     "kind": "visit", "notes": "洽谈德国市场",
                                     "outcome": "达成合作意向"})
    events.events.create(db, {"name_zh": "中德中小企业对接会", "name_en": "Sino-German SME Matchmaking",
                              "kind": "matchmaking", "starts_on": date(2027, 1, 25),
                              "ends_on": date(2027, 1, 26), "partner_country": "DE"})
    return firm.id


def grab_all(window, firm_id: int, lang: str, out: Path) -> None:  # noqa: ANN001
    from ui.widgets.settings_dialog import SettingsDialog

    page = window.show_page("enterprises")
    _wait(lambda: page.model.rowCount() > 0)
    page.form.load(firm_id)
    form = page.form
    _wait(lambda: form.record is not None and not window.ctx.runner.busy)
    form.tabs.setCurrentIndex(0)
    _settle(300)
    _save(window, out, f"{lang}-enterprise-form")
    form.tabs.setCurrentWidget(form.contacts)
    _settle(200)
    _save(window, out, f"{lang}-contacts")
    form.tabs.setCurrentIndex(0)
    _settle(100)
    _save_menu_over(form.details.fields["name_en"], out, f"{lang}-context-menu")
    dialog = SettingsDialog(window.ctx, window)
    _save(dialog, out, f"{lang}-settings")
    dialog.close()
    glossary = window.show_page("glossary")
    _wait(lambda: glossary.model.rowCount() > 0)
    _settle(200)
    _save(window, out, f"{lang}-glossary")
    events_page = window.show_page("events")
    _wait(lambda: events_page.model.rowCount() > 0)
    events_page.table.selectRow(0)
    _settle(300)
    _save(window, out, f"{lang}-event-form")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/work/data/shots/language"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-language-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))

    from PySide6.QtWidgets import QDialogButtonBox

    from coop_desktop.services import open_database
    from coop_desktop.settings import AppSettings
    from ui.app import application, build_window
    from ui.widgets.settings_dialog import SettingsDialog

    application()
    # the saved setting says English; the session is started with --lang zh_CN
    settings = AppSettings(officer_name="王芳", organisation_zh="苏州市商务局", language="en",
                           backup_dir=str(tmp / "backups"))
    db, _ = open_database(tmp / "shots.sqlite", actor="王芳")
    firm_id = make_data(db)
    window = build_window(db, settings, language="zh_CN")
    window.resize(1366, 768)
    window.show()
    _settle(500)
    grab_all(window, firm_id, "zh_CN", args.out)

    dialog = SettingsDialog(window.ctx, window)  # the officer switches to English in Settings
    dialog.show()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    _settle(300)
    grab_all(window, firm_id, "en", args.out)
    window.ctx.runner.wait()
    window.backups.stop()
    window.hide()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
