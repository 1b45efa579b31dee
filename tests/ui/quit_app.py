"""Run by ``test_quit_during_work.py`` in a process of its own: the real start
(``ui.launcher``, ``ui.app.main``) on the database ``argv[1]``; the window closes at once, and
as it closes — after it has waited for the saves — a save starts that takes half a second
(as a search debounce or a page's timer can start work in the last moments of the event loop).
"""

import sys
import time

import ui.launcher

ui.launcher.load_gui()
import ui.app as ui_app  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402

from coop_desktop.services import enterprises  # noqa: E402

DB, USCC = sys.argv[1], sys.argv[2]
build = ui_app.build_window


def build_window(*args, **kwargs):
    window = build(*args, **kwargs)
    ctx = window.ctx
    keep = window.keep_unsaved_work

    def late_save():
        def work():
            time.sleep(0.5)
            return enterprises.create(ctx.db, {"name_zh": "退出时保存的企业", "uscc": USCC})

        ctx.mutate(work)  # still running when the window has closed
        return keep()

    window.keep_unsaved_work = late_save
    QTimer.singleShot(0, window.close)
    return window


ui_app.build_window = build_window
sys.argv = ["coop-desktop", "--db", DB, "--lang", "en"]
sys.exit(ui.launcher.main())
