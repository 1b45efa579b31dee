"""Screenshots of the home page (工作台), in both languages, for review.

    .venv/bin/python scripts/screenshots_home.py [--out /work/data/shots/home]
        [--enterprises 2000]

A demo database (``coop-desktop demo``) with what the demo lacks for this page: an overdue
draft, events in the coming weeks, planned follow-ups, a major change not yet reported.
The main window at 1366×768 and 1024×768 (the page scrolled to its end too), the list
behind the "expired titles" card, the enterprise list the "expiring" card opens (on its
first row) and the same list when nothing matches; and the page on an empty database. Grabbed offscreen as ``<lang>-<size>-<name>.png``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
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


def enrich(db, today: date) -> None:  # noqa: ANN001
    """What the demo lacks for the home page (see the module docstring)."""
    from coop_desktop.services import applications, catalog, events, srdi_titles

    drafts = [a for a in applications.list_applications(db, status="draft")]
    if drafts:
        applications.update_meta(db, drafts[0].id, {"deadline": today - timedelta(days=3)})
        applications.update_meta(db, drafts[1].id, {"deadline": today + timedelta(days=2)})
    for i, (zh, en, days, place) in enumerate((
            ("中德中小企业合作对接会", "Sino-German SME Matchmaking", 5, "太仓"),
            ("东盟市场开拓培训班", "ASEAN Market Training", 12, "南宁"),
            ("赴匈牙利经贸代表团", "Trade Delegation to Hungary", 24, "布达佩斯"))):
        events.events.create(db, {"name_zh": zh, "name_en": en, "kind": ("matchmaking",
                                  "training", "delegation")[i],
                                  "starts_on": today + timedelta(days=days), "place_zh": place})
    with db.read() as session:
        from sqlalchemy import text

        firms = [r[0] for r in session.execute(text(
            "SELECT id FROM enterprise WHERE deleted_at IS NULL ORDER BY id LIMIT 4"))]
        title = session.execute(text(
            "SELECT id FROM srdi_title WHERE status = 'active' AND deleted_at IS NULL "
            "ORDER BY id LIMIT 1")).scalar_one()
    for n, firm in enumerate(firms):
        catalog.interactions.create(db, {"enterprise_id": firm, "kind": ("visit", "call")[n % 2],
                                         "occurred_on": today + timedelta(days=2 + n * 4),
                                         "notes": "回访出口合规情况"})
    srdi_titles.record_event(db, title, "major_change", today - timedelta(days=20), "企业更名")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/work/data/shots/home"))
    parser.add_argument("--enterprises", type=int, default=2000)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="coop-home-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))
    path = tmp / "demo.sqlite"
    subprocess.run([str(ROOT / ".venv" / "bin" / "coop-desktop"), "--db", str(path), "demo",
                    "--enterprises", str(args.enterprises)], check=True, capture_output=True)

    from coop_desktop.services import open_database
    from coop_desktop.settings import AppSettings
    from ui.app import application, build_window

    application()
    settings = AppSettings(officer_name="王芳", organisation_zh="常州市工业和信息化局",
                           backup_dir=str(tmp / "backups"))
    db, _ = open_database(path, actor="王芳")
    enrich(db, date.today())
    for lang in ("zh_CN", "en"):
        for width, height in ((1366, 768), (1024, 768)):
            window = build_window(db, settings, language=lang)
            window.resize(width, height)
            window.show()
            page = window.show_page("home")
            _wait(lambda: page.summary is not None and not window.ctx.runner.busy)
            _settle(300)
            size = f"{width}x{height}"
            _save(window, args.out, f"{lang}-{size}-home")
            bar = page.scroll.verticalScrollBar()
            bar.setValue(bar.maximum() // 2)
            _save(window, args.out, f"{lang}-{size}-home-middle")
            bar.setValue(bar.maximum())
            _save(window, args.out, f"{lang}-{size}-home-end")
            if width == 1366:
                dialog = page.open_list("reminder", "expired")
                _wait(lambda: not window.ctx.runner.busy)
                _save(dialog, args.out, f"{lang}-expired-list")
                dialog.close()
                page.open_card("expiring")
                _wait(lambda: not window.ctx.runner.busy)
                _settle(600)
                _save(window, args.out, f"{lang}-expiring-opens-list")  # on its first row
                listed = window.current_page()
                listed.search.setText("没有这家企业")  # nothing matches: the pane says so
                _wait(lambda: not listed.busy and not window.ctx.runner.busy)
                _settle(400)
                _save(window, args.out, f"{lang}-no-match")
            window.ctx.runner.wait()
            window.backups.stop()
            window.hide()
            window.deleteLater()
            _settle(100)
    db.close()
    # a first start: an empty database
    empty, _ = open_database(tmp / "empty.sqlite", actor="王芳")
    for lang in ("zh_CN", "en"):
        window = build_window(empty, settings, language=lang)
        window.resize(1366, 768)
        window.show()
        page = window.show_page("home")
        _wait(lambda: page.summary is not None and not window.ctx.runner.busy)
        _save(window, args.out, f"{lang}-empty")
        window.ctx.runner.wait()
        window.backups.stop()
        window.hide()
        window.deleteLater()
        _settle(100)
    empty.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
