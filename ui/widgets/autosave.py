"""Autosave of the application editor: a crash or power cut loses at most a few seconds.

Contract:
- The editor calls :meth:`Autosaver.edited` on every change of a section side. A save
  starts ``idle_ms`` after the last edit, or at the latest ``max_ms`` after the first
  unsaved one while typing goes on; :meth:`flush` saves at once (focus leaving the
  editor, page switch, close, Ctrl+S, and before any other action on the application).
- A save sends the sides that differ from what was last sent to the database lane, where
  ``applications.save_draft`` writes each section in its own committed transaction (the
  database runs ``synchronous=FULL``). The lane is first in, first out, so a later save,
  a status change or a check queued after it sees the saved text.
- Results come back on the GUI thread: ``saved`` (keys, completion time) or ``failed``
  (the exception; the sides stay unsaved and are sent again with the next edit or flush).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import shiboken6

from PySide6.QtCore import QObject, QTimer, Signal

from coop_desktop.services import applications
from ui.context import AppContext

IDLE_MS = 1_500
MAX_MS = 5_000


@dataclass(frozen=True)
class SectionSave:
    key: str
    zh: str | None  # None: that side did not change
    en: str | None


class Autosaver(QObject):
    saving = Signal()
    saved = Signal(list, object)  # keys, datetime (local) of completion
    failed = Signal(object)  # the exception

    def __init__(self, ctx: AppContext, read: Callable[[str], tuple[str, str]], *,
                 idle_ms: int = IDLE_MS, max_ms: int = MAX_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._read = read  # key -> (zh, en) as shown in the editors now
        self.app_id: int | None = None
        self.enabled = False
        self._sent: dict[str, list[str]] = {}  # key -> [zh, en] last sent (or loaded)
        self._dirty: set[str] = set()
        self.pending = 0
        self.last_saved_at: datetime | None = None
        self.last_latency_ms: float | None = None
        self.error: BaseException | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(self._timed_out)
        self._max = QTimer(self)
        self._max.setSingleShot(True)
        self._max.setInterval(max_ms)
        self._max.timeout.connect(self._timed_out)

    # ------------------------------------------------------------------ state
    def reset(self, app_id: int | None, texts: dict[str, tuple[str, str]], *,
              enabled: bool) -> None:
        """Start tracking an application as loaded (``texts``: key -> (zh, en) saved)."""
        self._idle.stop()
        self._max.stop()
        self.app_id, self.enabled = app_id, enabled
        self._sent = {k: [zh, en] for k, (zh, en) in texts.items()}
        self._dirty.clear()
        self.error = None

    def mark_saved(self, key: str, zh: str, en: str) -> None:
        """The database has this text already (e.g. after a refill): nothing to send."""
        self._sent[key] = [zh, en]

    @property
    def busy(self) -> bool:
        """Edits not yet sent, or sent and not yet committed."""
        return bool(self.pending or self.unsaved())

    def unsaved(self) -> list[SectionSave]:
        out = []
        for key in sorted(self._dirty | set(self._sent)):
            if key not in self._sent:
                continue
            zh, en = self._read(key)
            old_zh, old_en = self._sent[key]
            if zh != old_zh or en != old_en:
                out.append(SectionSave(key, zh if zh != old_zh else None,
                                       en if en != old_en else None))
        return out

    # ------------------------------------------------------------------ triggers
    def edited(self, key: str) -> None:
        if not self.enabled:
            return
        self._dirty.add(key)
        self._idle.start()
        if not self._max.isActive():
            self._max.start()

    def _timed_out(self) -> None:
        self.flush()

    def flush(self) -> bool:
        """Send every unsaved side now; False when there was nothing to send."""
        self._idle.stop()
        self._max.stop()
        if not self.enabled or self.app_id is None:
            self._dirty.clear()
            return False
        self._dirty.clear()
        batch = self.unsaved()
        if not batch:
            return False
        app_id, db = self.app_id, self.ctx.db
        for item in batch:
            sent = self._sent[item.key]
            if item.zh is not None:
                sent[0] = item.zh
            if item.en is not None:
                sent[1] = item.en
        self.pending += 1
        started = time.perf_counter()
        self.saving.emit()

        def work() -> list[str]:
            for item in batch:
                applications.save_draft(db, app_id, item.key, zh=item.zh, en=item.en)
            return [item.key for item in batch]

        def done(keys: list[str]) -> None:
            if not shiboken6.isValid(self):
                return  # the editor was closed meanwhile (the text is saved)
            self.pending -= 1
            self.error = None
            self.last_latency_ms = (time.perf_counter() - started) * 1000
            self.last_saved_at = datetime.now()
            self.saved.emit(keys, self.last_saved_at)

        def failed(exc: BaseException) -> None:
            if not shiboken6.isValid(self):
                return
            self.pending -= 1
            if app_id == self.app_id:
                for item in batch:  # not (all) written: send these sides again next time
                    self._sent[item.key] = ["\0unsaved", "\0unsaved"]
                    self._dirty.add(item.key)
            self.error = exc
            self.failed.emit(exc)

        self.ctx.runner.run(work, on_success=done, on_failure=failed)
        return True

    def stop(self) -> None:
        self._idle.stop()
        self._max.stop()

