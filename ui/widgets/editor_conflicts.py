"""The application editor's side of "no silent overwrite" and "nothing typed is lost".

* :class:`SectionConflicts` — the autosave found that a section changed elsewhere since the
  editor read it (``EditConflict``; the section is held, not sent). It shows both texts
  (:class:`~ui.widgets.conflict_dialog.TextConflictDialog`) and applies the choice: *Keep
  my text* saves the editor's text on top of the other one (which stays in the history);
  *Use the other text* puts the other text in the editor and keeps the user's own in a
  recovery file (``services.recovery``, kind ``set_aside``). Closing the dialog without a
  choice leaves the section held: it is asked again at the next save.
* :func:`unsaved_work` — what the editor shows that has not reached the database, as a
  recovery item for the main window to keep when it closes.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from coop_desktop.errors import CoopError, EditConflict
from coop_desktop.services import recovery
from ui.widgets.conflict_dialog import CANCEL, THEIRS, TextConflictDialog


class SectionConflicts(QObject):
    def __init__(self, editor: Any) -> None:
        super().__init__(editor)
        self.editor = editor
        self.dialog: TextConflictDialog | None = None

    def ask(self, key: str, exc: EditConflict) -> None:
        editor = self.editor
        editor._update_save_state()
        row = editor.rows.get(key)
        if row is None or self.dialog is not None:
            return
        side = exc.field.rsplit(".", 1)[-1]
        mine, theirs = str(exc.mine), str(exc.theirs)
        dialog = TextConflictDialog(editor.ctx.tr, title=row.title.text(), mine=mine,
                                    theirs=theirs, parent=editor)
        self.dialog = dialog
        app_id = editor.app_id

        def decided(_result: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            if (not shiboken6.isValid(editor) or app_id != editor.app_id
                    or key not in editor.rows):
                return
            if dialog.choice == CANCEL:
                return  # still held: asked again at the next flush or close
            if dialog.choice == THEIRS:
                self.set_aside(key, side, mine)
                zh, en = editor.rows[key].texts()
                editor.rows[key].load(theirs if side == "zh" else zh,
                                      theirs if side == "en" else en)
            editor.autosave.resolve(key, side, theirs)
            editor.flush()

        dialog.finished.connect(decided)
        dialog.open()

    def set_aside(self, key: str, side: str, text: str) -> None:
        """Keep the user's own text of a conflict they resolved the other way."""
        editor = self.editor
        path = editor.ctx.db.path
        if path is None or editor.data is None:
            return
        item = recovery.RecoveredText(editor.data.app.id, editor.data.app.title_zh,
                                      {key: {side: text}}, "conflict", kind=recovery.SET_ASIDE)
        try:
            kept = recovery.keep(path, item)
        except OSError:
            return
        notify = getattr(editor.window(), "notify", None)
        if callable(notify):
            notify(editor.ctx.tr.gettext("Your text was kept in {file}.").format(file=kept))


def unsaved_work(editor: Any) -> recovery.RecoveredText | None:
    """The editor's text that has not reached the database, or None."""
    if editor.data is None or not editor.editable:
        return None
    sections: dict[str, dict[str, str]] = {}
    for item in editor.autosave.unsaved():
        sides = sections.setdefault(item.key, {})
        if item.zh is not None:
            sides["zh"] = item.zh
        if item.en is not None:
            sides["en"] = item.en
    if not sections:
        return None
    error = editor.autosave.error
    reason = error.render(editor.ctx.tr) if isinstance(error, CoopError) else ""
    return recovery.RecoveredText(editor.data.app.id, editor.data.app.title_zh, sections, reason)
