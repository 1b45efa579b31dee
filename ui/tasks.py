"""The one helper for background work (after Anki's taskman / CollectionOp).

Contract:
- ``runner.run(fn, on_success=..., ...)`` runs ``fn()`` off the GUI thread. Database work
  goes to a private pool with ONE thread (``lane="db"``, the default), so SQLite writes
  are serialised; file and PDF work may use ``lane="io"`` (Qt's global pool).
- ``fn`` must not touch widgets. It may be a generator yielding ``(done, total)``; each
  yield updates the progress dialog, and the generator's ``return`` value is the result.
- ``on_success(result)`` and ``on_failure(exc)`` run on the GUI thread. Without
  ``on_failure``, an error is shown in a dialog in the user's language with the details
  (traceback) expandable — never only a log line.
- With ``label``, a modal progress dialog appears if the work takes longer than
  ``PROGRESS_DELAY_MS``; its Cancel button stops a generator at its next yield.
"""

from __future__ import annotations

import inspect
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_, Translator

PROGRESS_DELAY_MS = 500


class Cancelled(CoopError):
    def __init__(self) -> None:
        super().__init__(N_("Cancelled."))


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
            if inspect.isgenerator(result):
                gen = result
                try:
                    while True:
                        done, total = next(gen)
                        self.signals.progress.emit(int(done), int(total))
                        if self.cancel.is_set():
                            gen.close()
                            raise Cancelled()
                except StopIteration as stop:
                    result = stop.value
            self.signals.finished.emit(result)
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
            self.signals.failed.emit(exc, traceback.format_exc())


def show_error(parent: QWidget | None, tr: Translator, exc: BaseException, details: str = "") -> None:
    """The error dialog: the message in the user's language, details expandable."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr.gettext("Coop Desktop"))
    if isinstance(exc, CoopError):
        box.setText(exc.render(tr))
    else:
        box.setText(tr.gettext("Something went wrong. Nothing was saved by this action."))
    if details:
        box.setDetailedText(details)
    box.setObjectName("errorDialog")
    box.open()


class TaskRunner(QObject):
    """Owns the worker pools; one per application (see module docstring)."""

    def __init__(self, tr: Callable[[], Translator], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self._live: set[_Signals] = set()

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        label: str | None = None,
        lane: str = "db",
    ) -> threading.Event:
        """Start ``fn``; returns the cancel flag (set it to stop a generator)."""
        signals = _Signals()
        cancel = threading.Event()
        dialog: QProgressDialog | None = None
        if label is not None:
            dialog = QProgressDialog(label, self._tr().gettext("Cancel"), 0, 0, parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(PROGRESS_DELAY_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(cancel.set)
            # (``signals in self._live`` first: once the work is done the dialog is deleted)
            QTimer.singleShot(PROGRESS_DELAY_MS, lambda: signals in self._live and dialog
                              and not dialog.wasCanceled() and dialog.show())

            def on_progress(done: int, total: int) -> None:
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(done, total) if total else 0)

            signals.progress.connect(on_progress)

        def finish() -> None:
            self._live.discard(signals)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()

        def succeeded(result: Any) -> None:
            finish()
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException, details: str) -> None:
            finish()
            if on_failure is not None:
                on_failure(exc)
            elif not isinstance(exc, Cancelled):
                show_error(parent, self._tr(), exc, details)

        signals.finished.connect(succeeded)
        signals.failed.connect(failed)
        self._live.add(signals)
        pool = self.db_pool if lane == "db" else QThreadPool.globalInstance()
        pool.start(_Job(fn, signals, cancel))
        return cancel

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the database lane is idle (tests and shutdown)."""
        return self.db_pool.waitForDone(msecs)
