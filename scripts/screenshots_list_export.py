"""Screenshots of the list export and print dialogs, in both languages, for review.

    .venv/bin/python scripts/screenshots_list_export.py [--out screenshots/list-export]

On a small demo database in a temporary folder, the main window at 1366×768 on the
enterprise list filtered to one province and size class: the File menu, the Export list dialog, the export
result message, the print preview of the list (grabbed with ``QWidget.grab()``, offscreen),
and the printout itself rendered to PNG pages with ``pdftoppm`` (``<lang>-printout-N.png``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
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


def _wait(cond, timeout_ms: int = 60_000) -> None:
    import time

    end = time.monotonic() + timeout_ms / 1000
    while not cond() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _save(widget: QWidget, out: Path, name: str) -> Path:
    widget.show()
    _settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "list-export")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-list-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))

    from coop_desktop import demo
    from coop_desktop.services import open_database
    from coop_desktop.settings import AppSettings
    from ui.app import application, build_window
    from ui.widgets import list_export

    application()
    db, _ = open_database(tmp / "coop.sqlite", actor="李明")
    demo.generate(db, enterprises=400, seed=5)
    settings = AppSettings(officer_name="李明", organisation_zh="苏州市商务局")
    for lang in ("en", "zh_CN"):  # en first: a zh window leaves Qt's zh catalog installed
        window = build_window(db, settings, language=lang)
        window.resize(1366, 768)
        window.show()
        page = window.show_page("enterprises")
        _wait(lambda: not page.busy)
        page.filters.set_value("province_code", "320000")
        page.filters.set_value("size_class", "small")
        _wait(lambda: not page.busy)
        _settle(300)
        _save(window, args.out, f"{lang}-window")
        menu = window.file_menu
        menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
        _settle(300)
        menu.grab().save(str(args.out / f"{lang}-file-menu.png"))
        print(args.out / f"{lang}-file-menu.png")
        menu.hide()
        job = window.list_actions.export_list()
        _save(job.dialog, args.out, f"{lang}-export-dialog")
        target = tmp / f"{lang}-list.xlsx"
        list_export.ask_save_path = lambda *a, target=target: str(target)
        job.dialog.accept()
        _wait(lambda: job.result is not None or not window.ctx.runner.busy)
        _settle(300)
        boxes = [w for w in QApplication.topLevelWidgets()
                 if w.objectName() == "listExportResult" and w.isVisible()]
        if boxes:
            _save(boxes[0], args.out, f"{lang}-export-result")
            boxes[0].close()
        preview = window.list_actions.preview_list()
        _wait(lambda: preview.report is not None or preview.dialog is None)
        if preview.dialog is not None:
            preview.dialog.resize(1280, 720)
            _settle(500)
            _save(preview.dialog, args.out, f"{lang}-print-preview")
            pdf = tmp / f"{lang}-print.pdf"
            shutil.copyfile(preview.dialog.path, pdf)
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf),
                                str(args.out / f"{lang}-printout")], check=True)
                for png in sorted(args.out.glob(f"{lang}-printout-*.png")):
                    print(png)
            preview.dialog.close()
        window.backups.stop()
        window.hide()
        window.deleteLater()
        _settle(100)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
