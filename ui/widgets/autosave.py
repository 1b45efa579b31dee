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
- Each side is sent with the text it was based on (what was last loaded or saved), so a
  section changed elsewhere meanwhile is not overwritten: ``save_draft`` refuses with
  ``EditConflict``, the section is *held* (not sent again) and ``conflict`` is emitted;
  the editor asks the user and calls :meth:`resolve`.
- Results come back on the GUI thread: ``saved`` (keys, completion time) or ``failed``
  (the exception; the sides stay unsaved and are sent again with the next edit or flush).
  A batch that fails half-way keeps what was written and resends only the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import shiboken6

from PySide6.QtCore import QObject, QTimer, Signal

from coop_desktop.errors import EditConflict
from coop_desktop.services import applications
from ui.context import AppContext

IDLE_MS = 1_500
MAX_MS = 5_000


@dataclass(frozen=True)
class SectionSave:
    key: str
    zh: str | None  # None: that side did not change
    en: str | None
    base_zh: str = ""  # the text each side was based on (last loaded or saved)
    base_en: str = ""


@dataclass
class _BatchResult:
    written: list[str]
    failed: SectionSave | None = None
    error: BaseException | None = None


class Autosaver(QObject):
    saving = Signal()
    saved = Signal(list, object)  # keys, datetime (local) of completion
    failed = Signal(object)  # the exception
    conflict = Signal(str, object)  # section key, the EditConflict

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
        self.held: set[str] = set()  # sections in conflict: not sent until resolved
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
        self.held.clear()
        self.error = None

    def mark_saved(self, key: str, zh: str, en: str) -> None:
        """The database has this text already (e.g. after a refill): nothing to send."""
        self._sent[key] = [zh, en]

    @property
    def busy(self) -> bool:
        """Edits not yet sent, or sent and not yet committed."""
        return bool(self.pending or self.unsaved())

    def unsaved(self, *, include_held: bool = True) -> list[SectionSave]:
        out = []
        for key in sorted(self._dirty | set(self._sent)):
            if key not in self._sent or (not include_held and key in self.held):
                continue
            zh, en = self._read(key)
            old_zh, old_en = self._sent[key]
            if zh != old_zh or en != old_en:
                out.append(SectionSave(key, zh if zh != old_zh else None,
                                       en if en != old_en else None, old_zh, old_en))
        return out

    def base(self, key: str) -> tuple[str, str] | None:
        """The texts of section ``key`` as last loaded or saved (what edits are based on)."""
        sent = self._sent.get(key)
        return (sent[0], sent[1]) if sent is not None else None

    def resolve(self, key: str, side: str, database_text: str) -> None:
        """The user decided a conflict on ``key``: ``database_text`` (what the database
        holds now) becomes the base, and the editor's text — mine, or theirs if the user
        took it into the editor — is sent on the next flush (nothing, if they are equal)."""
        sent = self._sent.get(key)
        if sent is None:
            return
        sent[0 if side == "zh" else 1] = database_text
        self.held.discard(key)
        self._dirty.add(key)

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
        batch = self.unsaved(include_held=False)
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

        def work() -> _BatchResult:
            written: list[str] = []
            for item in batch:
                try:
                    applications.save_draft(
                        db, app_id, item.key, zh=item.zh, en=item.en,
                        base_zh=item.base_zh if item.zh is not None else None,
                        base_en=item.base_en if item.en is not None else None)
                except Exception as exc:  # noqa: BLE001 - reported on the GUI thread
                    return _BatchResult(written, item, exc)
                written.append(item.key)
            return _BatchResult(written)

        def done(result: _BatchResult) -> None:
            if not shiboken6.isValid(self):
                return  # the editor was closed meanwhile (the text is saved)
            self.pending -= 1
            if result.error is None:
                self.error = None
                self.last_latency_ms = (time.perf_counter() - started) * 1000
                self.last_saved_at = datetime.now()
                self.saved.emit(result.written, self.last_saved_at)
                return
            if app_id == self.app_id:
                # Not written: the base is again what the database had, so the sides are
                # unsaved and go out again (with the right base) on the next edit or flush.
                for item in batch:
                    if item.key in result.written:
                        continue
                    sent = self._sent[item.key]
                    if item.zh is not None:
                        sent[0] = item.base_zh
                    if item.en is not None:
                        sent[1] = item.base_en
                    self._dirty.add(item.key)
            self.error = result.error
            if isinstance(result.error, EditConflict) and result.failed is not None \
                    and app_id == self.app_id:
                self.held.add(result.failed.key)
                self.conflict.emit(result.failed.key, result.error)
            else:
                self.failed.emit(result.error)

        def failed(exc: BaseException) -> None:  # only if the lane itself failed
            done(_BatchResult([], batch[0], exc))

        self.ctx.runner.run(work, on_success=done, on_failure=failed)
        return True

    def stop(self) -> None:
        self._idle.stop()
        self._max.stop()

