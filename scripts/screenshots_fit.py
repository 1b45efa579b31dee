"""Screenshots of every page (and the enterprise form's tabs, the application editor) at the
common small screens, in both languages, for checking that the window fits.

    .venv/bin/python scripts/screenshots_fit.py [--out /work/data/shots/fit]
                                                [--size 1366x768 1024x768] [--lang en zh_CN]
                                                [--zoom 1.4]

Uses ``scripts/screenshots.py`` (its demo database, pages and detail shots — every
enterprise tab among them) with the window resized to each size; writes
``<out>/<W>x<H>/<lang>-<name>.png``, and with ``--zoom`` the same zoomed in (View ▸ Zoom:
the window's font scaled) into ``<out>/<W>x<H>-zoom<percent>/``. (What does not fit is
checked by ``tests/ui/test_fits_screen.py`` with ``tests/ui/fit_check.py``; these pictures
are for looking at.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from PySide6.QtCore import QSettings  # noqa: E402

import screenshots as shots  # noqa: E402

SIZES = ("1366x768", "1024x768")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/work/data/shots/fit"))
    parser.add_argument("--db", type=Path, default=shots.DEFAULT_DB)
    parser.add_argument("--size", nargs="+", default=list(SIZES))
    parser.add_argument("--lang", nargs="+", default=list(shots.LANGUAGES),
                        choices=shots.LANGUAGES)
    parser.add_argument("--no-details", dest="details", action="store_false")
    parser.add_argument("--zoom", type=float, nargs="*", default=[],
                        help="also at these zoom factors (e.g. 1.4)")
    args = parser.parse_args(argv)
    log = lambda message: print(message, flush=True)  # noqa: E731

    from coop_desktop.settings import AppSettings
    from ui.app import application
    from ui.widgets.help_menus import SCALE_KEY, apply_scale

    app = application()
    with tempfile.TemporaryDirectory(prefix="coop-fit-shots-") as scratch:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        db = shots.prepare_database(args.db, 50, log)
        settings = AppSettings(officer_name=shots.OFFICER, organisation_zh="苏州市商务局",
                               organisation_en="Suzhou Municipal Bureau of Commerce",
                               db_path=str(args.db))
        try:
            showcase = shots.showcase_enterprise(db, log) if args.details else None
            for zoom in (1.0, *args.zoom):
                # the window's zoom (View ▸ Zoom) is read from the settings it keeps
                QSettings().setValue(SCALE_KEY, zoom)
                for size in args.size:
                    width, height = (int(x) for x in size.lower().split("x"))
                    shots.SIZE = (width, height)
                    folder = f"{width}x{height}" + (f"-zoom{round(zoom * 100)}" if zoom != 1.0
                                                    else "")
                    out = args.out / folder
                    out.mkdir(parents=True, exist_ok=True)
                    for language in args.lang:
                        settings.language = language
                        shots.shoot_language(db, settings, language, out, log,
                                             details=args.details, showcase=showcase)
            apply_scale(1.0)
        finally:
            db.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
