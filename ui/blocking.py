"""Work that must run while no database is open (restore, move), with a progress dialog.

Between two windows — the database closed, the next one not open yet — there is no task
runner. :func:`run_with_progress` runs ``fn`` on a plain thread, keeps the event loop
turning with a busy progress dialog (no Cancel: these steps must finish once started, and
each is all-or-nothing), and returns its result or re-raises its exception on the GUI
thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

T = TypeVar("T")


def run_with_progress(fn: Callable[[], T], label: str, parent: QWidget | None = None) -> T:
    result: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the GUI thread
            result["error"] = exc
        finally:
            done.set()

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName("blockingProgress")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(400)
    thread = threading.Thread(target=work, name="coop-blocking", daemon=True)
    thread.start()
    while not done.wait(0.03):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)
    thread.join()
    dialog.close()
    dialog.deleteLater()
    if "error" in result:
        raise result["error"]
    return result["value"]
