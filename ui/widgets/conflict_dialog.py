"""Asking the user when an edit collides with a change made elsewhere.

``save_draft`` and the record services refuse an edit whose starting point changed in the
database meanwhile (``EditConflict``). These dialogs show both versions and let the user
choose; whichever text is not kept in the database is not thrown away either (the editor
keeps it in a recovery file, and the history keeps the other).

* :class:`TextConflictDialog` — a section's text: the two versions side by side, both
  selectable and copyable; **Keep my text** or **Use the other text**.
* :func:`ask_record_conflict` — a form's fields: which fields collide, mine and theirs,
  **Save mine**, **Load the saved version** or **Keep editing**.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from coop_desktop.errors import EditConflict
from coop_desktop.i18n.catalog import Translator

MINE, THEIRS, CANCEL = "mine", "theirs", "cancel"


class TextConflictDialog(QDialog):
    """Both texts of one section side; ``choice`` is ``MINE`` or ``THEIRS`` once accepted."""

    def __init__(self, tr: Translator, *, title: str, mine: str, theirs: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setObjectName("textConflictDialog")
        self.setWindowTitle(_("Changed elsewhere"))
        self.choice = CANCEL
        layout = QVBoxLayout(self)
        intro = QLabel(_("“{section}” was changed elsewhere (another window, another program or "
                         "the command line) while you were editing it. Choose which text to "
                         "keep. The other one is not lost: your text is kept in a recovery "
                         "file, and the other text stays in the history.").format(section=title))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.mine_view, self.theirs_view = QPlainTextEdit(mine), QPlainTextEdit(theirs)
        for column, (label, view) in enumerate(((_("Your text"), self.mine_view),
                                                (_("Saved elsewhere"), self.theirs_view))):
            view.setReadOnly(True)
            head = QLabel(f"<b>{label}</b>")
            grid.addWidget(head, 0, column)
            grid.addWidget(view, 1, column)
        layout.addLayout(grid, 1)
        buttons = QDialogButtonBox()
        self.keep_mine = QPushButton(_("Keep my text"))
        self.use_theirs = QPushButton(_("Use the other text"))
        self.keep_mine.setObjectName("keepMine")
        self.use_theirs.setObjectName("useTheirs")
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.use_theirs, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_mine.clicked.connect(lambda: self._choose(MINE))
        self.use_theirs.clicked.connect(lambda: self._choose(THEIRS))
        layout.addWidget(buttons)
        self.keep_mine.setDefault(True)
        self.resize(760, 420)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:  # Esc or the close box: nothing decided, ask again later
        self.choice = CANCEL
        super().reject()


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def ask_record_conflict(parent: QWidget, tr: Translator, exc: EditConflict,
                        label_of: Callable[[str], str], on_choice: Callable[[str], None]) -> QMessageBox:
    """Tell which fields collide and ask what to do; ``on_choice(MINE | THEIRS | CANCEL)``.

    Returns the (open, window-modal) message box, for tests.
    """
    _ = tr.gettext
    box = QMessageBox(parent)
    box.setObjectName("recordConflictDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Changed elsewhere"))
    box.setText(exc.render(tr))
    lines = []
    for name, (mine, theirs) in exc.fields.items():
        lines.append(_("{field}: yours “{mine}”, saved elsewhere “{theirs}”").format(
            field=label_of(name), mine=_shown(mine), theirs=_shown(theirs)))
    box.setInformativeText("\n".join(lines))
    save = box.addButton(_("Save mine"), QMessageBox.ButtonRole.AcceptRole)
    load = box.addButton(_("Load the saved version"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    save.setObjectName("saveMine")
    load.setObjectName("loadTheirs")
    keep.setObjectName("keepEditing")
    box.setDefaultButton(keep)

    def finished(_result: int) -> None:
        clicked = box.clickedButton()
        on_choice(MINE if clicked is save else THEIRS if clicked is load else CANCEL)

    box.finished.connect(finished)
    box.open()
    return box
