"""Screenshots of the data-safety dialogs, in both languages, for review.

    .venv/bin/python scripts/screenshots_safety.py [--out screenshots/safety]

On a small demo database in a temporary folder: the Backups dialog (after two backups),
the damaged-database dialog, the section edit conflict, a form's field conflict, the
Check the database dialog with a finding, the recovered-text offer, the cloud-folder
warning, the closing notice and the Settings dialog. Each dialog is grabbed with
``QWidget.grab()`` (offscreen), ``<lang>-<name>.png``.
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
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


def _settle(ms: int = 150) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait(cond, timeout_ms: int = 30_000) -> None:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "safety")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-safety-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))

    from coop_desktop import demo, locations
    from coop_desktop.errors import EditConflict
    from coop_desktop.services import applications, backups, open_database, recovery
    from coop_desktop.services.records import MSG_EDIT_CONFLICT
    from coop_desktop.settings import AppSettings
    from ui import startup
    from ui.app import application, build_window
    from ui.widgets.conflict_dialog import TextConflictDialog, ask_record_conflict
    from ui.widgets.damaged_dialog import DamagedDialog
    from ui.widgets.settings_dialog import SettingsDialog

    application()
    db_path = tmp / "coop.sqlite"
    db, _ = open_database(db_path, actor="李明")
    demo.generate(db, enterprises=40, seed=5)
    settings = AppSettings(officer_name="李明", organisation_zh="苏州市商务局",
                           backup_dir=str(tmp / "backups"))
    backups.take_backup(db, reason="auto", backup_dir=tmp / "backups")
    backups.take_backup(db, reason="before-bulk-delete", backup_dir=tmp / "backups")
    app_id = applications.list_applications(db)[0].id
    recovery.keep(db_path, recovery.RecoveredText(app_id, "中德（太仓）中小企业合作区入区申请",
                                                  {"company_profile": {"zh": "公司简介草稿"}},
                                                  "locked"), root=tmp / "rec")
    original_folder_for = recovery.folder_for
    recovery.folder_for = lambda path, root=None: original_folder_for(path, tmp / "rec")
    for lang in ("en", "zh_CN"):  # en first: a zh window leaves Qt's zh catalog installed
        window = build_window(db, settings, language=lang)
        window.resize(1366, 740)
        window.show()
        _settle(400)
        tr = window.ctx.tr
        dialog = window.open_backups()
        _save(dialog, args.out, f"{lang}-backups")
        dialog.close()
        newest = backups.list_backups(db_path, backup_dir=tmp / "backups")[0]
        damaged = DamagedDialog(tr, path=db_path, reason="row 1207 missing from index "
                                "ix_enterprise_uscc", kept=db_path.with_name(
                                    "coop.sqlite.damaged-20261206-101500"), newest=newest,
                                running=True, parent=window)
        _save(damaged, args.out, f"{lang}-damaged")
        damaged.close()
        text = TextConflictDialog(tr, title="企业简介" if lang == "zh_CN" else "Company profile",
                                  mine="本公司成立于2015年，专注于精密机械零部件的研发与制造……",
                                  theirs="本公司成立于2015年，是国家级专精特新“小巨人”企业……",
                                  parent=window)
        _save(text, args.out, f"{lang}-conflict-text")
        text.close()
        error = EditConflict(MSG_EDIT_CONFLICT, field="employees", mine=120, theirs=95, base=80)
        error.fields = {"employees": (120, 95), "website": ("https://a.example.cn",
                                                            "https://b.example.cn")}
        labels = {"employees": tr.gettext("Employees"), "website": tr.gettext("Website")}
        box = ask_record_conflict(window, tr, error, lambda n: labels[n], lambda _c: None)
        _save(box, args.out, f"{lang}-conflict-record")
        box.close()
        check = window.open_check()
        _wait(lambda: check.report is not None)
        _save(check, args.out, f"{lang}-check")
        check.close()
        offer = startup.offer_recovered_text(window.ctx, window)
        if offer is not None:
            _save(offer, args.out, f"{lang}-recovered")
            offer.close()
        original_risk = locations.risk_of
        locations.risk_of = lambda path, **kw: locations.Risk(
            locations.CLOUD, "OneDrive", "C:\\Users\\li\\OneDrive")
        risky = startup.warn_if_risky_location(window)
        locations.risk_of = original_risk
        if risky is not None:
            _save(risky, args.out, f"{lang}-risky-folder")
            risky.close()
        notice = window._unsaved_notice([tmp / "rec" / "20261206-101500-unsaved-app3.json"])
        _save(notice, args.out, f"{lang}-unsaved-notice")
        notice.close()
        settings_dialog = SettingsDialog(window.ctx, window)
        _save(settings_dialog, args.out, f"{lang}-settings")
        settings_dialog.close()
        window.backups.stop()
        window.hide()
        window.deleteLater()
        _settle(100)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
