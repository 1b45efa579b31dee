"""Screenshots of the dossier PDF export for issue 13: the export dialog (layout, print style
公文 / 现代, cover, PDF/A, text, the suggested file name) and the question about open errors,
each over the main window at 1366×768, in both languages.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_pdf_export.py \
        [--out /work/data/shots/pdf13/content]

Writes ``<out>/<lang>-export-dialog.png``, ``<out>/<lang>-open-errors.png`` (the dialog drawn
over the window where it opens, centred on it) and ``<out>/<lang>-export-dialog-only.png``.
The data is a small demo database in a temporary folder; settings and Qt settings are
temporary too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _over(window, dialog):  # noqa: ANN001, ANN202
    """The window with the dialog drawn centred on it, as the user sees them."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    picture = window.grab()
    painter = QPainter(picture)
    top = dialog.grab()
    painter.drawPixmap(QPoint((picture.width() - top.width()) // 2,
                              max(0, (picture.height() - top.height()) // 2)), top)
    painter.end()
    return picture


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/work/data/shots/pdf13/content"))
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="coop-pdf13-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    db_path = scratch / "demo.sqlite"
    subprocess.run([sys.executable, "-m", "coop_desktop.cli", "--db", str(db_path), "demo",
                    "--enterprises", "200"], check=True, capture_output=True)

    from PySide6.QtCore import QSettings

    from coop_desktop.services import applications, open_database
    from coop_desktop.settings import AppSettings
    from shot_kit import settle, wait_until
    from ui.app import application, build_window
    from ui.widgets import pdf_export

    app = application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    db, _report = open_database(db_path, actor="李明")
    draft = next(r.id for r in applications.list_applications(db, status="draft")
                 if r.template_key == "zone_application")
    try:
        for lang in ("zh_CN", "en"):
            settings = AppSettings(officer_name="李明", organisation_zh="苏州市商务局",
                                   organisation_en="Suzhou Municipal Bureau of Commerce",
                                   db_path=str(db_path), language=lang)
            window = build_window(db, settings, language=lang)
            window.resize(1366, 768)
            window.show()
            page = window.show_page("applications")
            settle(600)
            wait_until(lambda: page.model.rowCount() > 0)
            job = pdf_export.export_pdf(window.ctx, draft, window)
            wait_until(lambda: job.dialog is not None)
            dialog = job.dialog
            settle(300)
            dialog.grab().save(str(out / f"{lang}-export-dialog-only.png"))
            _over(window, dialog).save(str(out / f"{lang}-export-dialog.png"))
            print(out / f"{lang}-export-dialog.png", dialog.width(), "x", dialog.height())
            dialog.accept()  # the draft has gaps: the question comes up
            wait_until(lambda: job.question is not None)
            settle(300)
            _over(window, job.question).save(str(out / f"{lang}-open-errors.png"))
            print(out / f"{lang}-open-errors.png")
            job.question.reject()
            settle(200)
            window.close()
            window.deleteLater()
            settle(200)
    finally:
        db.close()
        app.processEvents()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
