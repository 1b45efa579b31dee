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
- Quitting: once the window has closed, ``shutdown()`` lets the work already started or
  queued finish (a save is never cut off), delivers no more results (the widgets are gone)
  and refuses new work; only then may the database close and the process exit. (Exiting
  with a worker still running printed "RuntimeError: Signal source has been deleted": its
  result was emitted on a signals object the interpreter had already destroyed.)
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from coop_desktop.errors import CoopError, DatabaseDamagedError
from coop_desktop.i18n.catalog import N_, Translator

PROGRESS_DELAY_MS = 500
#: How long ``TaskRunner.shutdown`` waits for running work before it asks generators to stop.
SHUTDOWN_WAIT_MS = 30_000

log = logging.getLogger(__name__)


class Cancelled(CoopError):
    def __init__(self) -> None:
        super().__init__(N_("Cancelled."))


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int)


class _Job(QRunnable):
    """Runs ``fn`` on a pool thread.

    The worker must never drop the *last* reference to an object that a Qt connection
    watches: freeing it on the worker makes PySide disconnect there (GIL released, a Qt
    connection lock held, then the GIL wanted back), which deadlocks against the GUI
    thread closing the progress dialog (GIL held, the same lock wanted). This happened
    with the cancel flag when its bound ``set`` was connected to the dialog's ``canceled``
    (PySide watches the receiver of a bound method through a weak reference). So the
    dialog now calls a lambda, and ``run`` takes ``fn``, ``signals`` and ``cancel`` out of
    the job, drops them itself and only then sets ``released``; the runner holds the
    cancel flag until it sees ``released`` (``TaskRunner._retire``), so its last
    reference always goes on the GUI thread (``signals`` is kept alive by the closures
    connected to it).
    """

    def __init__(self, fn: Callable[[], Any], signals: _Signals, cancel: threading.Event,
                 released: threading.Event) -> None:
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel
        self.released = released
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, signals, cancel, released = self.fn, self.signals, self.cancel, self.released
        self.fn = self.signals = self.cancel = None  # type: ignore[assignment]
        result: Any = None
        gen: Any = None
        outcome: tuple[Any, ...] = ()
        try:
            result = fn()
            if inspect.isgenerator(result):
                gen = result
                try:
                    while True:
                        done, total = next(gen)
                        _emit(signals.progress, int(done), int(total))
                        if cancel.is_set():
                            gen.close()
                            raise Cancelled()
                except StopIteration as stop:
                    result = stop.value
            outcome = (signals.finished, result)
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
            outcome = (signals.failed, exc, traceback.format_exc())
        finally:
            if outcome:
                _emit(*outcome)
            del fn, signals, cancel, result, gen, outcome  # a traceback keeps this frame
            released.set()


def _emit(signal: Any, *args: Any) -> None:
    """Hand a result or progress to the GUI thread. If the runner is gone (the process is
    exiting: ``TaskRunner.shutdown`` normally prevents this), nobody is left to tell."""
    try:
        signal.emit(*args)
    except RuntimeError:  # "Signal source has been deleted"
        log.debug("a background result arrived after the window was gone")


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
    """Owns the worker pools; one per application (see module docstring).

    ``damage_detected`` is emitted (instead of the error dialog) when work failed because
    the database file is damaged: the main window takes over from there.
    """

    damage_detected = Signal(object)  # the DatabaseDamagedError

    def __init__(self, tr: Callable[[], Translator], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self._live: set[_Signals] = set()
        #: Each job's cancel flag, by its ``released`` event: kept here until the worker
        #: has let go of it, so that it is freed on the GUI thread (see ``_Job``).
        self._held: dict[threading.Event, threading.Event] = {}
        self._retiring: list[threading.Event] = []
        self._sweeping = False
        self._closed = False

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
        """Start ``fn``; returns the cancel flag (set it to stop a generator).

        After ``shutdown`` nothing starts (the flag comes back set)."""
        cancel = threading.Event()
        if self._closed:
            log.warning("work asked for after the task runner was shut down: not started")
            cancel.set()
            return cancel
        signals = _Signals()
        released = threading.Event()
        dialog: QProgressDialog | None = None
        if label is not None:
            dialog = QProgressDialog(label, self._tr().gettext("Cancel"), 0, 0, parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(PROGRESS_DELAY_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(lambda: cancel.set())  # not the bound method: see _Job
            # (``signals in self._live`` first: once the work is done the dialog is deleted)
            QTimer.singleShot(PROGRESS_DELAY_MS, lambda: signals in self._live and dialog
                              and not dialog.wasCanceled() and dialog.show())

            def on_progress(done: int, total: int) -> None:
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(done, total) if total else 0)

            signals.progress.connect(on_progress)

        def finish() -> None:
            self._live.discard(signals)
            self._retire(released)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()

        def succeeded(result: Any) -> None:
            finish()
            if on_success is not None and not self._closed:
                on_success(result)

        def failed(exc: BaseException, details: str) -> None:
            finish()
            if self._closed:
                return  # the window is gone (see ``shutdown``)
            if isinstance(exc, DatabaseDamagedError):
                self.damage_detected.emit(exc)
                if on_failure is not None:
                    on_failure(exc)
                return
            if on_failure is not None:
                on_failure(exc)
            elif not isinstance(exc, Cancelled):
                show_error(parent, self._tr(), exc, details)

        signals.finished.connect(succeeded)
        signals.failed.connect(failed)
        self._live.add(signals)
        self._held[released] = cancel
        pool = self.db_pool if lane == "db" else QThreadPool.globalInstance()
        pool.start(_Job(fn, signals, cancel, released))
        return cancel

    def _retire(self, released: threading.Event) -> None:
        """Let go of the job's cancel flag here, on the GUI thread, once its worker has
        dropped its own references (``released``; see ``_Job``)."""
        self._retiring.append(released)
        self._sweep()

    def _sweep(self) -> None:
        waiting = []
        for released in self._retiring:
            if released.is_set():
                self._held.pop(released, None)
            else:
                waiting.append(released)
        self._retiring = waiting
        if self._retiring and not self._sweeping:
            self._sweeping = True
            QTimer.singleShot(5, self._swept)

    def _swept(self) -> None:
        self._sweeping = False
        self._sweep()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the database lane is idle (tests and shutdown)."""
        return self.db_pool.waitForDone(msecs)

    @property
    def closed(self) -> bool:
        return self._closed

    def shutdown(self, msecs: int = SHUTDOWN_WAIT_MS) -> bool:
        """The window has closed: refuse new work and wait (on this thread, delivering
        nothing) until every job started or queued on either lane has run to its end, so
        that a save completes before the database closes and no worker outlives the
        runner. After ``msecs``, generators still running are asked to stop at their next
        yield (a write rolls back whole), for a few seconds more. False when work was
        still running at the end (it then finishes, or not, without anyone to tell)."""
        self._closed = True
        deadline = time.monotonic() + msecs / 1000
        for released in list(self._held):
            released.wait(max(0.0, deadline - time.monotonic()))
        running = [(released, cancel) for released, cancel in self._held.items()
                   if not released.is_set()]
        for _released, cancel in running:
            cancel.set()
        grace = time.monotonic() + 5
        for released, _cancel in running:
            released.wait(max(0.0, grace - time.monotonic()))
        done = all(released.is_set() for released in self._held)
        if done:
            self.db_pool.waitForDone(1_000)  # the pool thread itself, after the job's end
        return done
