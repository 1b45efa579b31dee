"""Screenshots of the officer's-desk dialogs and pages reviewed for issue 12, at the common
small screens, in both languages.

    .venv/bin/python scripts/screenshots_desk_dialogs.py [--out /work/data/shots/polish12/dialogs]
                                                         [--size 1366x768 1024x768]
                                                         [--lang zh_CN en]

Each screen size runs in its own process whose offscreen screen is that size less a 40 px
taskbar (Qt's ``offscreen:configfile=…``), so a dialog that sizes itself to the screen sees
what it would on the office laptop; the main window is resized to its inside maximised
(``window_state.client_area``). Shots (``<out>/<W>x<H>/<lang>-<name>.png``): the yearly
figures dialog (a year's figures, and a new year), the titles tab with a title's history,
the re-review and revoke dialogs, the revision comparison, the events page with its
participants, the participant dialog (add, edit), the zones page (a zone with linked
enterprises, one without), the partner-country picker, and Settings when the language in
use is not the saved one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

SIZES = ("1366x768", "1024x768")
LANGUAGES = ("zh_CN", "en")
TASKBAR = 40
TEMPLATE = Path(tempfile.gettempdir()) / "coop-desk-dialogs.sqlite"


def _child(size: str, languages: Sequence[str], out: Path) -> int:  # noqa: C901, PLR0915
    """Runs inside the process whose screen is ``size`` (less the taskbar)."""
    from PySide6.QtCore import QSettings, QSize
    from PySide6.QtWidgets import QApplication, QScrollArea

    import screenshots as shots
    from shot_kit import settle, wait_until

    from coop_desktop.services import applications, enterprises, open_database
    from coop_desktop.settings import AppSettings
    from ui import window_state
    from ui.app import application, build_window

    width, height = (int(x) for x in size.split("x"))
    folder = out / size
    folder.mkdir(parents=True, exist_ok=True)
    app = application()
    scratch = Path(tempfile.mkdtemp(prefix="coop-desk-dialogs-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    path = scratch / "shots.sqlite"
    shutil.copy(TEMPLATE, path)
    db, _report = open_database(path, actor=shots.OFFICER)
    firm_id = next(i for i in enterprises.ids(db)
                   if enterprises.get(db, i).name_zh == "常州恒创精密传动科技有限公司")

    def grab(widget, name: str) -> None:  # noqa: ANN001
        settle(200)
        target = folder / f"{lang}-{name}.png"
        widget.grab().save(str(target))
        print(target, widget.width(), "x", widget.height(), flush=True)

    for lang in languages:
        # the saved language is the other one: Settings explains which is in use
        saved = "en" if lang == "zh_CN" else "zh_CN"
        settings = AppSettings(officer_name=shots.OFFICER, organisation_zh="苏州市商务局",
                               organisation_en="Suzhou Municipal Bureau of Commerce",
                               db_path=str(path), language=saved,
                               backup_dir=str(scratch / "backups"))
        window = build_window(db, settings, language=lang)
        ctx = window.ctx
        inside = window_state.client_area(QSize(width, height))
        window.resize(inside)
        window.show()
        window.resize(inside)
        settle(400)

        # ---- enterprises: titles tab, re-review / revoke, yearly figures
        page = window.show_page("enterprises")
        wait_until(lambda p=page: not p.busy and p.model.rowCount() > 0)
        page.form.load(firm_id)
        form = page.form
        wait_until(lambda f=form: f.current_id == firm_id and f.record is not None)
        settle(300)
        form.tabs.setCurrentWidget(form.titles)
        settle(200)
        rows = form.titles.model.rows
        form.titles.table.selectRow(next(i for i, t in enumerate(rows) if t.tier == "srdi"))
        grab(window, "titles-tab")
        form.titles.review_button.click()
        grab(form.titles.dialog_life, "review-dialog")
        form.titles.dialog_life.close()
        form.titles.revoke_button.click()
        grab(form.titles.dialog_life, "revoke-dialog")
        form.titles.dialog_life.close()
        form.tabs.setCurrentWidget(form.years)
        settle(200)
        form.years.table.selectRow(0)
        form.years.edit_selected()
        settle(300)
        grab(form.years.dialog, "year-dialog")
        scroll = form.years.dialog.findChild(QScrollArea)
        if scroll is not None:
            scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
            grab(form.years.dialog, "year-dialog-end")
        form.years.dialog.close()
        form.years.add()
        settle(300)
        grab(form.years.dialog, "year-dialog-new")
        form.years.dialog.close()

        # ---- the revision comparison
        apps = window.show_page("applications")
        settle(300)
        revised = next((a.id for a in applications.list_applications(db) if a.revision >= 2),
                       None)
        if revised is not None:
            apps.open_application(revised)
            wait_until(lambda a=apps: a.editor.app_id == revised and not a.editor.busy)
            before = set(app.topLevelWidgets())
            apps.editor.compare_revisions()
            settle(500)
            wait_until(lambda: not ctx.runner.busy)
            settle(300)
            shown = [w for w in app.topLevelWidgets() if w not in before and w.isVisible()]
            if shown:
                grab(shown[0], "revision-diff")
                shown[0].close()
            apps.show_list()

        # ---- events and participants
        page = window.show_page("events")
        settle(300)
        page.table.selectRow(0)
        settle(400)
        grab(window, "events")
        dialog = page.add_participant()
        if dialog is not None:
            dialog.search.setText("科技")
            dialog.picker.run_search()
            settle(100)
            if dialog.results.count():
                dialog.results.setCurrentRow(0)
            dialog.contacts_made.setText("3")
            dialog.agreements.setText("1")
            dialog.amount.setText("125万" if lang == "zh_CN" else "1,250,000")
            grab(dialog, "participant-add")
            dialog.reject()
        page.part_table.selectRow(0)
        dialog = page.edit_participant()
        if dialog is not None:
            grab(dialog, "participant-edit")
            dialog.reject()
        settle(100)

        # ---- zones: one with linked enterprises, one without; the country picker
        page = window.show_page("zones")
        settle(300)
        linked = next(i for i, z in enumerate(page.model.rows) if z.source_key == "cn-eu-nanjing")
        page._select_source_row(linked)
        settle(400)
        grab(window, "zones-linked")
        empty = next(i for i, z in enumerate(page.model.rows)
                     if z.source_key and z.source_key != "cn-eu-nanjing"
                     and not zones_linked(db, z.id))
        page._select_source_row(empty)
        settle(400)
        grab(window, "zones-empty")
        picker_button = getattr(page.form, "choose_partners", None)
        if picker_button is not None:
            before = set(app.topLevelWidgets())
            picker_button.click()
            settle(200)
            popups = [w for w in app.topLevelWidgets() if w not in before and w.isVisible()]
            if popups:
                grab(popups[0], "zone-countries")
                popups[0].close()

        # ---- Settings, started in the other language than the saved one
        from ui.widgets.settings_dialog import SettingsDialog
        settings_dialog = SettingsDialog(ctx, window)
        settings_dialog.show()
        grab(settings_dialog, "settings")
        settings_dialog.reject()

        ctx.runner.wait()
        window.backups.stop()
        window.hide()
        ctx.lang.set_language("en", notify=False)
        window.deleteLater()
        settle(100)
    db.close()
    QApplication.processEvents()
    return 0


def zones_linked(db, zone_id: int) -> bool:  # noqa: ANN001
    from coop_desktop.services.catalog import zone_links

    return bool(zone_links.list(db, zone_id=zone_id))


def build_template() -> None:
    """The demo database (once): the screenshot demo, an SRDI enterprise with a title
    history and three years of figures, an application with two revisions, participants
    with amounts and outcomes, a zone with linked enterprises."""
    if TEMPLATE.exists():
        return
    from datetime import date

    import screenshots as shots
    from screenshots_srdi import make_enterprise

    from coop_desktop.services import enterprises, events
    from coop_desktop.services.catalog import zone_links, zones
    from ui.app import application

    application()
    log = lambda message: print(message, flush=True)  # noqa: E731
    db = shots.prepare_database(TEMPLATE, 50, log)
    firm = make_enterprise(db)
    shots._ensure_revised_application(db, log)
    nanjing = next(z for z in zones.list(db) if z.source_key == "cn-eu-nanjing")
    for i, other in enumerate(enterprises.ids(db)[:3]):
        if not zone_links.list(db, enterprise_id=other):
            zone_links.create(db, {"enterprise_id": other, "zone_id": nanjing.id,
                                   "status": "admitted" if i == 0 else "applied",
                                   "status_since": date(2025, 3 + i, 10),
                                   "applied_on": date(2025, 3 + i, 10)})
    zone_links.create(db, {"enterprise_id": firm, "zone_id": nanjing.id, "status": "applied",
                           "status_since": date(2025, 9, 1), "applied_on": date(2025, 9, 1)})
    for ev in events.events.list(db):
        for n, part in enumerate(events.participants(db, ev.id)):
            events.update_participant(db, part.id, {
                "amount_fen": (n + 1) * 2_800_000_00 + 4_100_000_00 * (n % 2),
                "outcome": ("签订合作意向书，拟在匈牙利设立组装厂" if n == 0 else
                            "与两家德国经销商达成初步合作意向")})
    db.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/work/data/shots/polish12/dialogs"))
    parser.add_argument("--size", nargs="+", default=list(SIZES))
    parser.add_argument("--lang", nargs="+", default=list(LANGUAGES), choices=LANGUAGES)
    parser.add_argument("--fresh", action="store_true", help="build the demo database again")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.lang, args.out)
    if args.fresh and TEMPLATE.exists():
        TEMPLATE.unlink()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not TEMPLATE.exists():
        build_template()
    status = 0
    for size in args.size:
        width, height = (int(x) for x in size.lower().split("x"))
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
            json.dump({"screens": [{"name": "office", "x": 0, "y": 0, "width": width,
                                    "height": height - TASKBAR, "logicalDpi": 96,
                                    "logicalBaseDpi": 96, "dpr": 1.0}]}, config)
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config.name}"}
        done = subprocess.run([sys.executable, __file__, "--child", f"{width}x{height}",
                               "--out", str(args.out), "--lang", *args.lang], env=env,
                              check=False)
        os.unlink(config.name)
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
