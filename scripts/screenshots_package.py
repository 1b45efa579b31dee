"""Screenshots of the dossier-package screens, in both languages, for review.

    .venv/bin/python scripts/screenshots_package.py [--out screenshots/package]

A package is made on "laptop A" (a database in a temporary folder), then shown on "laptop
B" (1366×768 window): the import dialog for a new enterprise, the same enterprise with
differing fields (the per-field choices), an earlier copy, a damaged package; the export
result message and the application editor's PDF menu with "Export dossier package…".
Grabbed offscreen with ``QWidget.grab()`` as ``<lang>-<name>.png``.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "package")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-package-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))

    sys.path.insert(0, str(ROOT / "tests" / "exchange"))
    from package_kit import OFFICER, flip_byte, make_dossier  # the tests' realistic dossier

    from coop_desktop.exchange import package as pk
    from coop_desktop.services import enterprises, open_database
    from coop_desktop.settings import AppSettings
    from ui.app import application, build_window
    from ui.pages.applications import ApplicationsPage
    from ui.widgets import dossier_package

    application()
    (tmp / "a").mkdir()
    source, _ = open_database(tmp / "a" / "coop.sqlite", actor="李明")
    made = make_dossier(source, tmp / "a", "91440300MA5FXX0009")
    package = pk.export_package(source, made.app_id, tmp / "SZ-2026-7.coopdossier",
                                settings=OFFICER).path
    source.close()
    damaged = flip_byte(package, tmp / "damaged.coopdossier",
                        next(n for n in __import__("zipfile").ZipFile(package).namelist()
                             if n.startswith("attachments/")))
    settings = AppSettings(officer_name="王芳", organisation_zh="苏州市商务局",
                           backup_dir=str(tmp / "backups"))
    dossier_package.open_url = lambda url: True
    for lang in ("en", "zh_CN"):  # en first: a zh window leaves Qt's zh catalog installed
        folder = tmp / f"b-{lang}"
        folder.mkdir()
        db, _ = open_database(folder / "coop.sqlite", actor="王芳")
        window = build_window(db, settings, language=lang,
                              pages=[lambda c: ApplicationsPage(c)])
        window.resize(1366, 768)
        window.show()
        _settle(400)

        dialog = window.import_package(package)
        _wait(lambda: dialog.plan is not None or dialog.error is not None)
        _save(dialog, args.out, f"{lang}-import-new")
        dialog.import_button.click()
        _wait(lambda: dialog.result is not None)
        _settle(300)
        window.grab().save(str(args.out / f"{lang}-imported-window.png"))
        print(args.out / f"{lang}-imported-window.png")

        dialog = window.import_package(package)
        _wait(lambda: dialog.plan is not None or dialog.error is not None)
        _save(dialog, args.out, f"{lang}-import-earlier-copy")
        dialog.close()

        other = folder / "merge"
        other.mkdir()
        shutil.copyfile(db.path, other / "coop.sqlite")
        db2, _ = open_database(tmp / f"m-{lang}.sqlite", actor="王芳")
        firm = enterprises.create(db2, {
            "name_zh": "深圳市示例精密机械有限公司", "uscc": "91440300MA5FXX0009",
            "name_en": "Example Precision (old English name)", "employees": 95,
            "legal_rep": "张三", "city_code": "440300", "website": "https://example.cn",
            "tags": ["精密", "出海"]}).value
        with db2.session() as session:
            from sqlalchemy import text

            session.execute(text("UPDATE audit_log SET at = '2099-01-01 00:00:00' WHERE "
                                 "entity = 'enterprise' AND field IN ('employees', 'website')"))
        del firm
        window2 = build_window(db2, settings, language=lang,
                               pages=[lambda c: ApplicationsPage(c)])
        window2.resize(1366, 768)
        dialog = window2.import_package(package)
        _wait(lambda: dialog.plan is not None or dialog.error is not None)
        _save(dialog, args.out, f"{lang}-import-differences")
        dialog.close()

        dialog = window2.import_package(damaged)
        _wait(lambda: dialog.plan is not None or dialog.error is not None)
        _save(dialog, args.out, f"{lang}-import-damaged")
        dialog.close()

        page = window.current_page()
        app_id = page.editor.app_id
        dossier_package.ask_save_path = lambda *a, **k: str(tmp / f"out-{lang}.coopdossier")
        job = dossier_package.export_package(window.ctx, app_id, page)
        _wait(lambda: job.result is not None)
        _settle(300)
        box = window.findChild(QWidget, "packageExportResult")
        if box is not None:
            _save(box, args.out, f"{lang}-export-result")
            box.close()
        header = page.editor.header
        header.pdf_menu.popup(header.pdf_button.mapToGlobal(header.pdf_button.rect().bottomLeft()))
        _settle(200)
        _save(header.pdf_menu, args.out, f"{lang}-pdf-menu")
        header.pdf_menu.close()
        window.file_menu.popup(window.mapToGlobal(window.rect().topLeft()))
        _settle(200)
        _save(window.file_menu, args.out, f"{lang}-file-menu")
        window.file_menu.close()
        for w in (window, window2):
            w.ctx.runner.wait()
            w.backups.stop()
            w.hide()
            w.deleteLater()
        _settle(100)
        db.close()
        db2.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
