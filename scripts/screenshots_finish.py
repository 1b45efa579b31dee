"""Screenshots of the "finished desktop app" work, in both languages, for review — and for
the user guide (``--guide`` writes the pictures the guide shows into resources/guide/img).

    .venv/bin/python scripts/screenshots_finish.py [--out /work/data/shots/finish] [--guide]

A demo database (60 enterprises) in a 1366×768 window: the toolbar with its icons, the
menus, the zones page (a zone with its approval document; one with the small "to be
verified" mark), the recycle bin and its "Delete for good" question, the user guide, the
keyboard-shortcut sheet, About, and the first-run setup. Grabbed offscreen as
``<lang>-<name>.png``.
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

GUIDE_SHOTS = {  # screenshot name -> file name in resources/guide/img (per language)
    "enterprises": "enterprises", "application": "application", "backups": "backups",
    "pdf": "pdf",
}


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


def _save(widget: QWidget, out: Path, name: str, *, width: int | None = None) -> Path:
    widget.show()
    _settle()
    pix = widget.grab()
    if width is not None and pix.width() > width:
        from PySide6.QtCore import Qt

        pix = pix.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    path = out / f"{name}.png"
    pix.save(str(path))
    print(path)
    return path


def _demo(path: Path) -> None:
    exe = ROOT / ".venv" / "bin" / "coop-desktop"
    subprocess.run([str(exe), "--db", str(path), "demo", "--enterprises", "60"], check=True,
                   capture_output=True)


def _page(window, key: str):  # noqa: ANN001, ANN202
    page = window.show_page(key)
    _wait(lambda: not window.ctx.runner.busy)
    _settle(300)
    return page


def shoot(lang: str, db_path: Path, out: Path, guide: Path | None) -> None:
    from coop_desktop.services import enterprises, open_database
    from coop_desktop.settings import AppSettings
    from ui.app import build_window

    settings = AppSettings(officer_name="王芳" if lang == "zh_CN" else "Wang Fang",
                           organisation_zh="常州市工业和信息化局",
                           organisation_en="Changzhou Bureau of Industry and IT",
                           backup_dir=str(db_path.parent / "backups"))
    db, _ = open_database(db_path, actor="王芳")
    window = build_window(db, settings, language=lang)
    window.resize(1366, 768)
    window.show()
    _settle(500)
    _wait(lambda: not window.ctx.runner.busy)
    p = f"{lang}-"

    zones_page = _page(window, "zones")
    for key, name in (("bri-changsha", "zone-document"), ("cn-de-taicang", "zone-unverified")):
        row = next(i for i, z in enumerate(zones_page.model.rows) if z.source_key == key)
        zones_page.table.setCurrentIndex(
            zones_page.proxy.mapFromSource(zones_page.model.index(row, 0)))
        _wait(lambda: not window.ctx.runner.busy)
        _settle(300)
        _save(window, out, p + name)

    # the recycle bin with a deleted enterprise, and the "Delete for good" question
    enterprises.delete(db, enterprises.ids(db)[:1])
    bin_page = _page(window, "recycle_bin")
    bin_page.refresh()
    _wait(lambda: not window.ctx.runner.busy and bin_page.model.rowCount() > 0)
    bin_page.table.selectRow(0)
    _save(window, out, p + "recycle-bin")
    bin_page.purge_selected()
    _wait(lambda: bin_page.purge_box is not None)
    _save(bin_page.purge_box, out, p + "purge-confirm")
    bin_page.purge_box.reject()
    _settle()

    shots_more(window, db, settings, lang, out, p, guide)

    window.ctx.runner.wait()
    window.backups.stop()
    window.hide()
    window.deleteLater()
    _settle(100)
    db.close()


def _guide_copy(path: Path, guide: Path | None, name: str) -> None:
    """The guide's copy of a screenshot: 760 px wide (the guide shows it at that width)."""
    if guide is None:
        return
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPixmap

    pix = QPixmap(str(path))
    if pix.width() > 760:
        pix = pix.scaledToWidth(760, Qt.TransformationMode.SmoothTransformation)
    pix.save(str(guide / f"{name}.png"), "PNG")
    print("  guide:", guide / f"{name}.png")


def shots_more(window, db, settings, lang, out: Path, p: str, guide: Path | None) -> None:  # noqa: ANN001
    from coop_desktop.services import applications, backups
    from ui.widgets.first_run import FirstRunDialog

    from coop_desktop.settings import AppSettings

    ctx = window.ctx
    setup = FirstRunDialog(AppSettings(), ctx.lang)
    _settle(300)
    _guide_copy(_save(setup, out, p + "first-run"), guide, "first-run")
    setup.done(0)
    _guide_copy(out / f"{p}purge-confirm.png", guide, "purge")
    _guide_copy(out / f"{p}zone-unverified.png", guide, "zones")
    # the home page, and the toolbar and page list with their icons
    _page(window, "home")
    _settle(600)
    _guide_copy(_save(window, out, p + "home"), guide, "home")
    # the enterprise list: a search, Enter opened the first match
    page = _page(window, "enterprises")
    page.focus_search()
    page.search.setText("科技" if lang == "zh_CN" else "Tech")
    page.open_first_hit()
    _wait(lambda: not page.busy and not ctx.runner.busy)
    _settle(600)
    _guide_copy(_save(window, out, p + "enterprises"), guide, "enterprises")
    # the menus
    for menu, name in ((window.edit_menu, "menu-edit"), (window.view_menu, "menu-view"),
                       (window.help_menu, "menu-help"), (window.file_menu, "menu-file")):
        menu.popup(window.mapToGlobal(window.rect().topLeft()))
        _settle(200)
        path = _save(menu, out, p + name)
        menu.hide()
        if name == "menu-file":
            _guide_copy(path, guide, "menu-file")
    # an application in the editor, checked
    apps = applications.list_applications(db)
    rows = sorted(apps, key=lambda a: (str(a.status) != "draft", a.id))
    if rows:
        app_page = _page(window, "applications")
        app_page.open_application(rows[0].id)
        _wait(lambda: not ctx.runner.busy)
        _settle(1200)
        _guide_copy(_save(window, out, p + "application"), guide, "application")
        app_page.show_list()
        _settle(300)
    # backups: one made now, the dialog
    backups.take_backup(db, reason="manual", backup_dir=backups.backup_folder(settings))
    dialog = window.open_backups()
    _settle(600)
    _guide_copy(_save(dialog, out, p + "backups"), guide, "backups")
    dialog.close()
    # Help: the guide, the shortcut sheet, About; the first-run setup
    viewer = window.help_menus.show_guide()
    _settle(600)
    _save(viewer, out, p + "guide")
    viewer.show_anchor("backup")
    _settle(300)
    _save(viewer, out, p + "guide-backup")
    viewer.close()
    sheet = window.help_menus.show_shortcuts()
    _settle(300)
    _save(sheet, out, p + "shortcuts")
    sheet.close()
    about = window.help_menus.show_about()
    about.table.selectRow(0)
    _settle(300)
    _save(about, out, p + "about")
    about.close()
    again = window.help_menus.run_setup()
    _settle(300)
    _save(again, out, p + "setup-again")
    again.done(0)
    # zoomed in twice, then back
    window.help_menus.zoom(+1)
    window.help_menus.zoom(+1)
    _settle(400)
    _save(window, out, p + "zoomed")
    window.help_menus.zoom(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/work/data/shots/finish"))
    parser.add_argument("--guide", action="store_true",
                        help="also write the user guide's pictures (resources/guide/img)")
    parser.add_argument("--lang", action="append", choices=("en", "zh_CN"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-finish-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))
    from ui.app import application

    application()
    template = tmp / "demo.sqlite"
    _demo(template)
    for lang in args.lang or ("en", "zh_CN"):
        path = tmp / lang / "coop.sqlite"
        path.parent.mkdir()
        shutil.copyfile(template, path)
        guide = ROOT / "resources" / "guide" / "img" / lang if args.guide else None
        if guide is not None:
            guide.mkdir(parents=True, exist_ok=True)
        shoot(lang, path, args.out, guide)
    return 0


if __name__ == "__main__":
    sys.exit(main())
